// Draws the report's charts with TradingView's lightweight-charts (v5) from the JSON in #desk-data.
// Loaded after the library; makes no network request. Sets data-charts-ready="1" on <body> when done.
(function () {
  'use strict';
  var LC = window.LightweightCharts;
  if (!LC) {
    throw new Error('iwmdesk: the chart library (lightweight-charts) did not load');
  }
  var data = JSON.parse(document.getElementById('desk-data').textContent);
  var UP = '#26a69a', DOWN = '#ef5350';
  var RIGHT_SPACE = 14;
  var dates = data.dates;
  var n = dates.length;

  function at(name, i) {
    var a = data[name];
    return a && i < a.length ? a[i] : null;
  }

  function points(name, factor) {
    var out = [];
    for (var i = 0; i < n; i++) {
      var v = at(name, i);
      if (v !== null && v !== undefined) out.push({ time: dates[i], value: factor ? v * factor : v });
    }
    return out;
  }

  function chartOptions() {
    return {
      autoSize: true,
      layout: { background: { type: 'solid', color: '#ffffff' }, textColor: '#333333', fontSize: 12,
        panes: { separatorColor: '#d1d9e0', enableResize: true } },
      grid: { vertLines: { color: '#f0f3f6' }, horzLines: { color: '#f0f3f6' } },
      rightPriceScale: { borderVisible: false },
      // Room right of the newest bar for the series' last-value labels and titles, so they never cover it.
      timeScale: { borderVisible: false, rightOffset: RIGHT_SPACE },
      crosshair: { mode: 0 }
    };
  }

  function line(chart, name, options, pane, factor) {
    var base = { lineWidth: 1, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false };
    var s = chart.addSeries(LC.LineSeries, Object.assign(base, options), pane || 0);
    s.setData(points(name, factor));
    return s;
  }

  // The last visible_bars trading days, by date: a chart whose series start later than the panel (KRE from 2006)
  // has fewer bars on its time scale, so logical indexes would point past its end.
  function showRecent(chart) {
    var visible = Math.min(n, data.visible_bars || 260);
    if (n > 1) {
      var ts = chart.timeScale();
      ts.setVisibleRange({ from: dates[n - visible], to: dates[n - 1] });
      // Then leave empty bars right of the newest one for the last-value labels and series titles.
      var lr = ts.getVisibleLogicalRange();
      if (lr) ts.setVisibleLogicalRange({ from: lr.from, to: lr.to + RIGHT_SPACE });
    }
  }

  // --- price: candles, Bollinger bands, 50/200-day averages, rule markers; GEX and VIX panes ---
  var price = LC.createChart(document.getElementById('price-chart'), chartOptions());
  var candles = price.addSeries(LC.CandlestickSeries, {
    upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN, priceLineVisible: false, title: 'IWM'
  }, 0);
  var bars = [];
  for (var i = 0; i < n; i++) {
    var c = at('close', i);
    if (c === null) continue;
    var o = at('open', i), h = at('high', i), l = at('low', i);
    o = o === null ? c : o;
    h = h === null ? Math.max(o, c) : h;
    l = l === null ? Math.min(o, c) : l;
    bars.push({ time: dates[i], open: o, high: h, low: l, close: c });
  }
  candles.setData(bars);
  line(price, 'bb_upper', { color: 'rgba(33,150,243,0.75)' });
  line(price, 'bb_middle', { color: 'rgba(33,150,243,0.55)', lineStyle: 2 });
  line(price, 'bb_lower', { color: 'rgba(33,150,243,0.75)' });
  line(price, 'sma50', { color: '#ff9800', lineWidth: 2 });
  line(price, 'sma200', { color: '#6a1b9a', lineWidth: 2 });

  var shapes = { 1: null, 2: 'circle', 3: 'square' };
  var colours = {
    bullish: { 1: '#0b6b45', 2: '#2e9d6d', 3: 'rgba(46,157,109,0.5)' },
    bearish: { 1: '#b71c1c', 2: '#e0574f', 3: 'rgba(224,87,79,0.5)' }
  };
  function markersFor(tiers) {
    var out = [];
    for (var k = 0; k < data.markers.length; k++) {
      var m = data.markers[k];
      if (!tiers[m.tier]) continue;
      var bull = m.direction === 'bullish';
      out.push({
        time: dates[m.i],
        position: bull ? 'belowBar' : 'aboveBar',
        color: colours[m.direction][m.tier] || colours[m.direction][3],
        shape: shapes[m.tier] || (bull ? 'arrowUp' : 'arrowDown'),
        size: m.tier === 1 ? 1.6 : 0.6,
        id: m.rule + '@' + dates[m.i]
      });
    }
    return out;
  }
  var tiers = { 1: true, 2: true, 3: true };
  var markerApi = LC.createSeriesMarkers(candles, markersFor(tiers));
  var toggles = document.querySelectorAll('.tier-toggle');
  for (var t = 0; t < toggles.length; t++) {
    toggles[t].addEventListener('change', function (e) {
      tiers[e.target.getAttribute('data-tier')] = e.target.checked;
      markerApi.setMarkers(markersFor(tiers));
    });
  }

  var gexBars = [];
  for (var g = 0; g < n; g++) {
    var v = at('gex', g);
    if (v !== null) gexBars.push({ time: dates[g], value: v, color: v >= 0 ? UP : DOWN });
  }
  var gex = price.addSeries(LC.HistogramSeries, {
    priceFormat: { type: 'price', precision: 2, minMove: 0.01 }, priceLineVisible: false, title: 'GEX (' + data.gex_unit.split(' ')[0] + ')'
  }, 1);
  gex.setData(gexBars);
  line(price, 'vix', { color: '#8e24aa', lineWidth: 1, lastValueVisible: true, title: 'VIX' }, 2);
  var panes = price.panes();
  if (panes.length === 3) {
    panes[0].setStretchFactor(3);
    panes[1].setStretchFactor(1);
    panes[2].setStretchFactor(1);
  }
  showRecent(price);

  // --- KRE vs IWM: rebased ratio, performance gap, rolling correlation ---
  var kre = LC.createChart(document.getElementById('kre-chart'), chartOptions());
  line(kre, 'kre_ratio', { color: '#0969da', lineWidth: 2, lastValueVisible: true, title: 'KRE/IWM' }, 0);
  var gap = line(kre, 'kre_gap', { color: '#e36209', lineWidth: 1, lastValueVisible: true, title: data.kre_window + 'd gap %' }, 1, 100);
  var thr = data.kre_gap_threshold * 100;
  gap.createPriceLine({ price: thr, color: '#c62828', lineStyle: 2, lineWidth: 1, axisLabelVisible: false, title: '' });
  gap.createPriceLine({ price: -thr, color: '#c62828', lineStyle: 2, lineWidth: 1, axisLabelVisible: false, title: '' });
  var corr = line(kre, 'kre_corr', { color: '#1a7f5a', lineWidth: 1, lastValueVisible: true, title: data.kre_window + 'd corr' }, 2);
  corr.createPriceLine({ price: data.kre_corr_threshold, color: '#c62828', lineStyle: 2, lineWidth: 1, axisLabelVisible: true, title: '' });
  var kpanes = kre.panes();
  if (kpanes.length === 3) {
    kpanes[0].setStretchFactor(2);
    kpanes[1].setStretchFactor(1);
    kpanes[2].setStretchFactor(1);
  }
  showRecent(kre);

  // Hover legend: the day's bar and the rule episodes that start on it.
  var starts = {};
  for (var q = 0; q < data.markers.length; q++) {
    var mk = data.markers[q];
    var day = dates[mk.i];
    (starts[day] = starts[day] || []).push(mk.rule + ' (tier ' + mk.tier + ')');
  }
  var hover = document.createElement('div');
  hover.className = 'hover-legend';
  hover.id = 'price-legend';
  document.getElementById('price-chart').appendChild(hover);
  function fmt(v) { return v === null || v === undefined ? 'n/a' : Number(v).toFixed(2); }
  function dayKey(t) {
    if (typeof t === 'string') return t;
    if (t && t.year) return t.year + '-' + String(t.month).padStart(2, '0') + '-' + String(t.day).padStart(2, '0');
    if (typeof t === 'number') return new Date(t * 1000).toISOString().slice(0, 10);
    return null;
  }
  function showDay(day) {
    var i = dates.lastIndexOf(day);
    if (i < 0) { hover.textContent = ''; return; }
    var text = day + '  O ' + fmt(at('open', i)) + '  H ' + fmt(at('high', i)) + '  L ' + fmt(at('low', i)) + '  C ' + fmt(at('close', i)) +
      '  GEX ' + fmt(at('gex', i)) + '  VIX ' + fmt(at('vix', i));
    hover.textContent = text + (starts[day] ? '  ·  starts: ' + starts[day].join(', ') : '');
  }
  price.subscribeCrosshairMove(function (param) {
    var day = param && param.time !== undefined ? dayKey(param.time) : null;
    showDay(day || dates[n - 1]);
  });
  if (n > 0) showDay(dates[n - 1]);

  window.deskCharts = { price: price, kre: kre, markers: markerApi };
  // Two frames: the library paints on animation frames.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { document.body.setAttribute('data-charts-ready', '1'); });
  });
})();
