using IwmDesk.Analytics.DarkPool;
using IwmDesk.Analytics.Indicators;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Options;

namespace IwmDesk.Panel;

/// <summary>Choices the panel builder makes that a user can change.</summary>
public sealed record PanelOptions
{
    /// <summary>Series used for GEX when IWM has no GEX of its own on a date (default SPX_GEX from DIX.csv).</summary>
    public string GexProxy { get; init; } = "SPX_GEX";

    /// <summary>
    /// A slower series' last value is carried onto later IWM dates for at most this many calendar days (FRED and CBOE
    /// skip some equity days); beyond that the value is missing rather than stale.
    /// </summary>
    public int MaxStalenessDays { get; init; } = 10;
}

/// <summary>
/// Builds the daily feature panel from the store: IWM's own bars and indicators, other series aligned to IWM's calendar
/// with the last value on or before each date (never a later one), GEX and the dark-pool ratio. O(n) per series.
/// </summary>
public static class PanelBuilder
{
    /// <summary>Series names the panel reads, and the column each becomes.</summary>
    public static readonly IReadOnlyList<(string Series, string Column, bool Adjusted)> AlignedSeries =
    [
        ("VIX", PanelColumns.Vix, false),
        ("KRE", PanelColumns.Kre, true),
        ("SPY", PanelColumns.Spy, true),
        ("HYG", PanelColumns.Hyg, true),
        ("DGS2", PanelColumns.Dgs2, false),
        ("DGS10", PanelColumns.Dgs10, false),
        ("BAMLH0A0HYM2", PanelColumns.HySpread, false),
    ];

    /// <summary>Builds the panel from every IWM bar in the store.</summary>
    public static FeaturePanel Build(MarketStore store, PanelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new PanelOptions();
        var iwm = store.LoadSeries("IWM");
        if (iwm.Dates.Length == 0)
            throw new IwmDeskException("the store has no IWM bars: import them (iwmdesk data import IWM_daily.csv) or fetch them (iwmdesk data fetch)");
        var n = iwm.Dates.Length;
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.Open] = iwm.Open,
            [PanelColumns.High] = iwm.High,
            [PanelColumns.Low] = iwm.Low,
            [PanelColumns.Close] = iwm.Close,
            [PanelColumns.AdjClose] = FillAdjusted(iwm.AdjClose, iwm.Close),
            [PanelColumns.Volume] = iwm.Volume,
        };
        var close = iwm.Close;
        cols[PanelColumns.Sma20] = Sma.Compute(close, 20);
        cols[PanelColumns.Sma50] = Sma.Compute(close, 50);
        cols[PanelColumns.Sma200] = Sma.Compute(close, 200);
        cols[PanelColumns.Ema20] = Ema.Compute(close, 20);
        cols[PanelColumns.Rsi14] = Rsi.Compute(close, 14);
        var bb = Bollinger.Compute(close, 20, 2.0);
        cols[PanelColumns.BbUpper] = bb.Upper;
        cols[PanelColumns.BbMiddle] = bb.Middle;
        cols[PanelColumns.BbLower] = bb.Lower;
        cols[PanelColumns.BbPercentB] = bb.PercentB;
        cols[PanelColumns.Atr14] = Atr.Compute(iwm.High, iwm.Low, close, 14);
        var macd = Macd.Compute(close, 12, 26, 9);
        cols[PanelColumns.Macd] = macd.Macd;
        cols[PanelColumns.MacdSignal] = macd.Signal;
        cols[PanelColumns.Rv20] = RealizedVolatility.Compute(close, 20);

        var last = new Dictionary<string, DateOnly[]>(StringComparer.Ordinal) { ["IWM"] = iwm.Dates };
        foreach (var (series, column, adjusted) in AlignedSeries)
            cols[column] = Aligned(store, series, iwm.Dates, adjusted, options.MaxStalenessDays, last);
        var dgs2 = cols[PanelColumns.Dgs2];
        var dgs10 = cols[PanelColumns.Dgs10];
        var slope = new double[n];
        for (var i = 0; i < n; i++)
            slope[i] = dgs10[i] - dgs2[i];
        cols[PanelColumns.Slope10y2y] = slope;
        // DXY (ICE dollar index) when imported, else the Fed's broad dollar index.
        cols[PanelColumns.Dxy] = store.LoadDates("DXY").Length > 0
            ? Aligned(store, "DXY", iwm.Dates, adjusted: false, options.MaxStalenessDays, last)
            : Aligned(store, "DTWEXBGS", iwm.Dates, adjusted: false, options.MaxStalenessDays, last);

        var (gex, gexSource) = Gex(store, iwm.Dates, options, last);
        cols[PanelColumns.Gex] = gex;
        cols[PanelColumns.DpRatio] = DarkPool(store, iwm.Dates, last);
        return new FeaturePanel(iwm.Dates, cols, gexSource, store.HasSample, last);
    }

    /// <summary>Adjusted close where the source has one, else the raw close (e.g. a Yahoo CSV without Adj Close).</summary>
    private static double[] FillAdjusted(double[] adj, double[] close)
    {
        var allNaN = true;
        foreach (var v in adj)
        {
            if (!double.IsNaN(v))
            {
                allNaN = false;
                break;
            }
        }

        return allNaN ? close : adj;
    }

    /// <summary>
    /// The series' value for each target date: its last observation dated on or before the target, if no older than
    /// <paramref name="maxStalenessDays"/> calendar days; NaN otherwise. A merge walk, O(n + m).
    /// </summary>
    internal static double[] AlignLastOnOrBefore(DateOnly[] sourceDates, double[] sourceValues, DateOnly[] targetDates, int maxStalenessDays)
    {
        var result = new double[targetDates.Length];
        var j = -1;
        for (var i = 0; i < targetDates.Length; i++)
        {
            var t = targetDates[i];
            while (j + 1 < sourceDates.Length && sourceDates[j + 1] <= t)
                j++;

            // Walk back over missing values to the last real observation on or before t.
            var k = j;
            while (k >= 0 && double.IsNaN(sourceValues[k]))
                k--;
            result[i] = k >= 0 && t.DayNumber - sourceDates[k].DayNumber <= maxStalenessDays ? sourceValues[k] : double.NaN;
        }

        return result;
    }

    private static double[] Aligned(MarketStore store, string series, DateOnly[] dates, bool adjusted, int maxStale, Dictionary<string, DateOnly[]> last)
    {
        var s = store.LoadSeries(series);
        if (s.Dates.Length == 0)
        {
            var empty = new double[dates.Length];
            Array.Fill(empty, double.NaN);
            return empty;
        }

        last[series] = s.Dates;
        var values = adjusted ? FillAdjusted(s.AdjClose, s.Close) : s.Close;
        return AlignLastOnOrBefore(s.Dates, values, dates, maxStale);
    }

    private static (double[] Gex, string[] Source) Gex(MarketStore store, DateOnly[] dates, PanelOptions options, Dictionary<string, DateOnly[]> last)
    {
        var n = dates.Length;
        var gex = new double[n];
        var source = new string[n];
        Array.Fill(gex, double.NaN);
        Array.Fill(source, "");

        // 1. IWM's own chains: the GEX of the chain taken on that very date.
        var chainGex = ChainGexTotals(store, "IWM");

        if (chainGex.Count > 0)
            last["IWM chains"] = [.. chainGex.Keys.Order()];

        // 2. A vendor IWM GEX column (generic panel CSV or the sample's IWM_GEX), on its own dates.
        var vendor = store.LoadSeries("IWM_GEX");
        var vendorByDate = new Dictionary<DateOnly, double>();
        for (var i = 0; i < vendor.Dates.Length; i++)
        {
            if (!double.IsNaN(vendor.Close[i]))
                vendorByDate[vendor.Dates[i]] = vendor.Close[i];
        }

        if (vendor.Dates.Length > 0)
            last["IWM_GEX"] = vendor.Dates;

        // 3. The proxy, aligned with the staleness limit.
        var proxySeries = store.LoadSeries(options.GexProxy);
        var proxy = proxySeries.Dates.Length == 0 ? null : AlignLastOnOrBefore(proxySeries.Dates, proxySeries.Close, dates, options.MaxStalenessDays);
        if (proxySeries.Dates.Length > 0)
            last[options.GexProxy] = proxySeries.Dates;
        var proxyLabel = options.GexProxy + " proxy";
        for (var i = 0; i < n; i++)
        {
            if (chainGex.TryGetValue(dates[i], out var g))
            {
                gex[i] = g;
                source[i] = "IWM chain";
            }
            else if (vendorByDate.TryGetValue(dates[i], out var v))
            {
                gex[i] = v;
                source[i] = "IWM_GEX";
            }
            else if (proxy is not null && !double.IsNaN(proxy[i]))
            {
                gex[i] = proxy[i];
                source[i] = proxyLabel;
            }
        }

        return (gex, source);
    }

    /// <summary>
    /// The total GEX of every stored chain of <paramref name="underlying"/>. Each total is cached in the store's meta
    /// table (keyed by the snapshot, tagged with the GEX parameters; dropped when the snapshot is replaced), so the panel
    /// does not reload tens of thousands of contracts on every command. A store that cannot be written keeps working.
    /// </summary>
    internal static Dictionary<DateOnly, double> ChainGexTotals(MarketStore store, string underlying)
    {
        var tag = Analytics.Options.GexParameters.Default.ToString();
        var cached = store.GetMetaByPrefix(MarketStore.DerivedGexKey(underlying, DateOnly.MinValue)[..^10]);
        var totals = new Dictionary<DateOnly, double>();
        var fresh = new List<(string Key, string Value)>();
        foreach (var info in store.ListChains(underlying))
        {
            var key = MarketStore.DerivedGexKey(underlying, info.AsOf);
            if (cached.TryGetValue(key, out var value) && value.StartsWith(tag + "|", StringComparison.Ordinal)
                && double.TryParse(value.AsSpan(tag.Length + 1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var total))
            {
                totals[info.AsOf] = total;
                continue;
            }

            if (store.LoadChain(underlying, info.AsOf) is not { } chain)
                continue;
            total = ChainGex.Total(chain);
            totals[info.AsOf] = total;
            fresh.Add((key, tag + "|" + total.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (fresh.Count > 0)
        {
            try
            {
                using var tx = store.BeginWrite();
                foreach (var (k, v) in fresh)
                    tx.SetMeta(k, v);
                tx.Commit();
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // Read-only or busy store: the totals are still right, only not cached.
            }
        }

        return totals;
    }

    /// <summary>
    /// IWM's dark-pool buy/sell ratio per date from FINRA short volume: the consolidated (CNMS) row when present, else the
    /// sum over the facility rows; falls back to a vendor IWM_DP_RATIO series. Only the date's own data: a missing day is missing.
    /// </summary>
    private static double[] DarkPool(MarketStore store, DateOnly[] dates, Dictionary<string, DateOnly[]> last)
    {
        var rows = store.LoadShortVolume("IWM");
        var cnms = new Dictionary<DateOnly, (long Short, long Total)>();
        var facilities = new Dictionary<DateOnly, (long Short, long Total)>();
        foreach (var r in rows)
        {
            var target = r.Facility == "CNMS" ? cnms : facilities;
            target.TryGetValue(r.Date, out var acc);
            target[r.Date] = (acc.Short + r.ShortVolume, acc.Total + r.TotalVolume);
        }

        if (rows.Count > 0)
            last["IWM short volume"] = [.. rows.Select(r => r.Date).Distinct().Order()];
        var vendor = store.LoadSeries("IWM_DP_RATIO");
        var vendorByDate = new Dictionary<DateOnly, double>();
        for (var i = 0; i < vendor.Dates.Length; i++)
            vendorByDate[vendor.Dates[i]] = vendor.Close[i];
        if (vendor.Dates.Length > 0)
            last["IWM_DP_RATIO"] = vendor.Dates;
        var result = new double[dates.Length];
        for (var i = 0; i < dates.Length; i++)
        {
            var d = dates[i];
            result[i] = cnms.TryGetValue(d, out var c) || facilities.TryGetValue(d, out c)
                ? DarkPoolRatio.Ratio(c.Short, c.Total)
                : vendorByDate.TryGetValue(d, out var v) ? v : double.NaN;
        }

        return result;
    }
}
