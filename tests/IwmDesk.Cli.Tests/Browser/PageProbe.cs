using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IwmDesk.Cli.Tests.Browser;

/// <summary>
/// Opens a page in headless Chromium, records console errors, page errors and every request, waits for the charts,
/// measures what the canvases drew and saves screenshots.
/// </summary>
internal sealed class PageProbe : IAsyncDisposable
{
    /// <summary>
    /// For each series, in its chart pane: the pixels of the colour it is drawn in (± a tolerance for anti-aliasing) and
    /// the share of the pane's columns holding such a pixel (a series drawn across the visible range covers most of them).
    /// </summary>
    private const string PixelScript = """
        () => {
          const rgb = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16));
          const measure = (el, hexes, tol) => {
            if (!el) return [-1, 0];
            let n = 0, width = 1;
            const cols = new Set();
            for (const c of el.querySelectorAll('canvas')) {
              if (!c.width || !c.height) continue;
              width = Math.max(width, c.width);
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (const hex of hexes) {
                const [R, G, B] = rgb(hex);
                for (let i = 0; i < d.length; i += 4)
                  if (d[i + 3] > 0 && Math.abs(d[i] - R) <= tol && Math.abs(d[i + 1] - G) <= tol && Math.abs(d[i + 2] - B) <= tol) {
                    n++;
                    cols.add((i / 4) % c.width);
                  }
              }
            }
            return [n, cols.size / width];
          };
          const p = window.deskCharts.price.panes().map(x => x.getHTMLElement());
          const k = window.deskCharts.kre.panes().map(x => x.getHTMLElement());
          const out = { price_panes: p.length, kre_panes: k.length };
          const series = {
            candle_up: [p[0], ['#26a69a'], 24], candle_down: [p[0], ['#ef5350'], 24],
            sma50: [p[0], ['#ff9800'], 40], sma200: [p[0], ['#6a1b9a'], 40],
            gex: [p[1], ['#26a69a', '#ef5350'], 24], vix: [p[2], ['#8e24aa'], 48],
            kre_ratio: [k[0], ['#0969da'], 48], kre_gap: [k[1], ['#e36209'], 48], kre_corr: [k[2], ['#1a7f5a'], 48]
          };
          for (const [name, [el, hexes, tol]] of Object.entries(series)) {
            const [n, cover] = measure(el, hexes, tol);
            out[name] = n;
            out[name + '_cover'] = Math.round(cover * 1000) / 1000;
          }
          return out;
        }
        """;

    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private readonly List<string> _requests = [];

    private PageProbe(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                lock (_errors)
                    _errors.Add("console error: " + m.Text);
            }
        };
        page.PageError += (_, e) =>
        {
            lock (_errors)
                _errors.Add("page error: " + e);
        };
        page.RequestFailed += (_, r) =>
        {
            lock (_errors)
                _errors.Add($"request failed: {r.Url} ({r.Failure})");
        };
        page.Request += (_, r) =>
        {
            lock (_requests)
                _requests.Add(r.Url);
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors, page errors and failed requests so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
                return [.. _errors];
        }
    }

    /// <summary>Every URL the page requested.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    public static async Task<PageProbe> OpenAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 1000 } });
        var probe = new PageProbe(context, await context.NewPageAsync());
        await probe.Page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        await probe.ChartsReadyAsync();
        return probe;
    }

    /// <summary>Waits until the page script has drawn (body[data-charts-ready]); fails with the page's errors if it never does.</summary>
    public async Task ChartsReadyAsync()
    {
        try
        {
            await Page.WaitForSelectorAsync("body[data-charts-ready='1']", new PageWaitForSelectorOptions { Timeout = 30_000, State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException ex)
        {
            throw new ShouldAssertException("the charts never became ready; page errors: " + string.Join(" | ", Errors), ex);
        }
    }

    /// <summary>Pixel counts and column coverage per series (see <see cref="PixelScript"/>).</summary>
    public Task<Dictionary<string, double>> PixelsAsync() => Page.EvaluateAsync<Dictionary<string, double>>(PixelScript);

    /// <summary>
    /// Asserts that every pane drew its series across the chart: a blank chart, a missing series or one squeezed into a
    /// corner (a wrong visible range) fails.
    /// </summary>
    public async Task AssertChartsDrawnAsync(ITestOutputHelper log)
    {
        var px = await PixelsAsync();
        log.WriteLine("chart pixels: " + string.Join(", ", px.Select(kv => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}"))));
        px["price_panes"].ShouldBe(3, "price chart: candles, GEX, VIX panes");
        px["kre_panes"].ShouldBe(3, "KRE chart: ratio, gap, correlation panes");
        foreach (var (key, min) in new[] { ("candle_up", 200), ("candle_down", 200), ("sma50", 100), ("sma200", 100), ("gex", 200), ("vix", 60), ("kre_ratio", 100), ("kre_gap", 60), ("kre_corr", 60) })
        {
            px[key].ShouldBeGreaterThan(min, $"{key}: too few pixels of its colour — the series did not draw");
            px[key + "_cover"].ShouldBeGreaterThan(MinCover, $"{key}: drawn over too little of the chart's width");
        }
    }

    /// <summary>The share of a pane's width a series drawn over the visible range must cover (candles and bars leave gaps).</summary>
    private const double MinCover = 0.2;

    /// <summary>Saves a full-page screenshot and one per section; returns the full page's path.</summary>
    /// <summary>
    /// The decision card is above the fold: its bottom edge is inside the first screen (1300×1000) as the page opens;
    /// a screenshot of that first screen is kept as <c>{name}-above-the-fold.png</c>.
    /// </summary>
    public async Task AssertDecisionAboveTheFoldAsync(string name, ITestOutputHelper log)
    {
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var bottom = await Page.EvaluateAsync<double>("() => document.getElementById('decision').getBoundingClientRect().bottom");
        var height = await Page.EvaluateAsync<double>("() => window.innerHeight");
        var headline = await Page.InnerTextAsync("#decision .decision-headline");
        headline.ShouldNotBeNullOrWhiteSpace();
        bottom.ShouldBeLessThanOrEqualTo(height, "the decision card must end above the fold");
        var path = Path.Combine(BrowserEnvironment.ScreenshotDir, name + "-above-the-fold.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        log.WriteLine($"screenshot: {path} (decision card bottom at {bottom:0} px of {height:0})");
    }

    public async Task<string> ScreenshotsAsync(string name, ITestOutputHelper log)
    {
        var dir = BrowserEnvironment.ScreenshotDir;
        var full = Path.Combine(dir, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = full, FullPage = true });
        log.WriteLine("screenshot: " + full);
        foreach (var section in new[] { "decision", "price", "gex", "kre", "forecast", "workflow", "backtest", "journal" })
        {
            var path = Path.Combine(dir, $"{name}-{section}.png");
            await Page.Locator("#" + section).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
            log.WriteLine("screenshot: " + path);
        }

        return full;
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
