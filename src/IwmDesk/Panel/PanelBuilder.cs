using IwmDesk.Analytics.DarkPool;
using IwmDesk.Analytics.Indicators;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Chains;

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

    /// <summary>
    /// False (the default): each row holds only values published by the close of its date (<see cref="Availability"/>).
    /// True: every value sits on the row of its own date, as if it were known at that close — the old "as dated" view,
    /// kept only to show what the publication rule changes (<c>iwmdesk backtest --as-dated</c>); not tradable.
    /// </summary>
    public bool AsDated { get; init; }
}

/// <summary>Sign agreement of IWM's own GEX and the proxy on the days where both exist.</summary>
/// <param name="Proxy">The proxy's gex_source label, e.g. "SPX_GEX proxy".</param>
/// <param name="Days">Rows with both values usable.</param>
/// <param name="Agree">Rows where their signs agree.</param>
public sealed record GexSignAgreement(string Proxy, int Days, int Agree)
{
    /// <summary>Agree / Days.</summary>
    public double Share => Days == 0 ? double.NaN : (double)Agree / Days;
}

/// <summary>When a value dated D can first be used, at the close of a trading day (docs/backtest.md, publication times).</summary>
public enum Availability
{
    /// <summary>Known at the close of D (IWM, KRE, SPY, HYG bars; VIX and RVX, which CBOE prints at the close; DXY).</summary>
    AtClose,

    /// <summary>Published after the close of D (FINRA short volume, SqueezeMetrics DIX/GEX, end-of-day chain snapshots): first used at the close of the next trading day.</summary>
    AfterClose,

    /// <summary>Published after the close of the next business day (FRED's daily series: H.15 yields, ICE BofA spreads): first used two trading days later.</summary>
    NextDayAfterClose,

    /// <summary>Published weekly (FRED's broad dollar index, H.10, on the Monday after the week): first used at the first close more than 7 days later.</summary>
    Weekly,
}

/// <summary>
/// Builds the daily feature panel from the store: IWM's own bars and indicators, other series aligned to IWM's calendar
/// with the last value usable by each date's close (never a later one: each series has a publication rule,
/// <see cref="SeriesAvailability"/>), GEX and the dark-pool ratio. O(n) per series.
/// </summary>
public static class PanelBuilder
{
    /// <summary>Trading days in the iv_rank window (a year).</summary>
    public const int IvRankWindow = 252;

    /// <summary>Series names the panel reads, and the column each becomes.</summary>
    public static readonly IReadOnlyList<(string Series, string Column, bool Adjusted)> AlignedSeries =
    [
        ("VIX", PanelColumns.Vix, false),
        ("RVX", PanelColumns.Rvx, false),
        ("KRE", PanelColumns.Kre, true),
        ("SPY", PanelColumns.Spy, true),
        ("HYG", PanelColumns.Hyg, true),
        ("DGS2", PanelColumns.Dgs2, false),
        ("DGS10", PanelColumns.Dgs10, false),
        ("BAMLH0A0HYM2", PanelColumns.HySpread, false),
    ];

    /// <summary>The availability rule of every input series (docs/backtest.md). A series not listed is known at the close.</summary>
    public static readonly IReadOnlyDictionary<string, Availability> SeriesAvailability = new Dictionary<string, Availability>(StringComparer.Ordinal)
    {
        ["IWM"] = Availability.AtClose,
        ["KRE"] = Availability.AtClose,
        ["SPY"] = Availability.AtClose,
        ["HYG"] = Availability.AtClose,
        ["VIX"] = Availability.AtClose,
        ["RVX"] = Availability.AtClose,
        ["DXY"] = Availability.AtClose,
        ["DGS2"] = Availability.NextDayAfterClose,
        ["DGS10"] = Availability.NextDayAfterClose,
        ["BAMLH0A0HYM2"] = Availability.NextDayAfterClose,
        ["DTWEXBGS"] = Availability.Weekly,
        ["SPX_GEX"] = Availability.AfterClose,
        ["DIX"] = Availability.AfterClose,
        ["IWM_GEX"] = Availability.AfterClose,
        ["IWM_DP_RATIO"] = Availability.AfterClose,
        ["IWM chains"] = Availability.AfterClose,
        ["IWM short volume"] = Availability.AfterClose,
    };

    /// <summary>The rule of <paramref name="series"/> (at the close when not listed).</summary>
    public static Availability AvailabilityOf(string series) =>
        SeriesAvailability.TryGetValue(series, out var a) ? a : series.EndsWith("_GEX", StringComparison.Ordinal) ? Availability.AfterClose : Availability.AtClose;

    /// <summary>
    /// The IWM date from whose close an observation dated <paramref name="date"/> can be used, under rule
    /// <paramref name="rule"/>; <see cref="DateOnly.MaxValue"/> when that is past the last IWM date.
    /// </summary>
    public static DateOnly AvailableFrom(DateOnly date, Availability rule, DateOnly[] iwmDates)
    {
        ArgumentNullException.ThrowIfNull(iwmDates);
        return rule switch
        {
            Availability.AtClose => date,
            Availability.AfterClose => FirstAfter(iwmDates, date),
            Availability.NextDayAfterClose => FirstAfter(iwmDates, FirstAfter(iwmDates, date)),
            _ => FirstAfter(iwmDates, date.AddDays(7)),
        };
    }

    private static DateOnly FirstAfter(DateOnly[] dates, DateOnly d)
    {
        if (d == DateOnly.MaxValue)
            return d;
        var i = Array.BinarySearch(dates, d);
        i = i < 0 ? ~i : i + 1;
        return i < dates.Length ? dates[i] : DateOnly.MaxValue;
    }

    /// <summary>Observation dates mapped to the dates they become usable (identity when <paramref name="asDated"/>).</summary>
    private static DateOnly[] Usable(DateOnly[] obsDates, Availability rule, DateOnly[] iwmDates, bool asDated)
    {
        if (asDated || rule == Availability.AtClose)
            return obsDates;
        var result = new DateOnly[obsDates.Length];
        for (var i = 0; i < obsDates.Length; i++)
            result[i] = AvailableFrom(obsDates[i], rule, iwmDates);
        return result;
    }

    /// <summary>Per-date values re-keyed by the IWM date they become usable on (the latest observation wins).</summary>
    private static Dictionary<DateOnly, T> UsableByDate<T>(IEnumerable<KeyValuePair<DateOnly, T>> byDate, Availability rule, DateOnly[] iwmDates, bool asDated)
    {
        var result = new Dictionary<DateOnly, T>();
        foreach (var (d, v) in byDate.OrderBy(kv => kv.Key))
        {
            var u = asDated ? d : AvailableFrom(d, rule, iwmDates);
            if (u != DateOnly.MaxValue)
                result[u] = v;
        }

        return result;
    }

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
        cols[PanelColumns.Rv20] = VolatilityPoints(RealizedVolatility.Compute(cols[PanelColumns.AdjClose], 20));

        var last = new Dictionary<string, DateOnly[]>(StringComparer.Ordinal) { ["IWM"] = iwm.Dates };
        foreach (var (series, column, adjusted) in AlignedSeries)
            cols[column] = Aligned(store, series, iwm.Dates, adjusted, options, last);
        var (ivRank, ivRvSpread) = ImpliedVolatility(cols[PanelColumns.Rvx], cols[PanelColumns.Rv20]);
        cols[PanelColumns.IvRank] = ivRank;
        cols[PanelColumns.IvRvSpread] = ivRvSpread;
        var dgs2 = cols[PanelColumns.Dgs2];
        var dgs10 = cols[PanelColumns.Dgs10];
        var slope = new double[n];
        for (var i = 0; i < n; i++)
            slope[i] = dgs10[i] - dgs2[i];
        cols[PanelColumns.Slope10y2y] = slope;
        // DXY (ICE dollar index) when imported, else the Fed's broad dollar index.
        cols[PanelColumns.Dxy] = store.LoadDates("DXY").Length > 0
            ? Aligned(store, "DXY", iwm.Dates, adjusted: false, options, last)
            : Aligned(store, "DTWEXBGS", iwm.Dates, adjusted: false, options, last);

        var (gex, gexSource) = Gex(store, iwm.Dates, options, last);
        cols[PanelColumns.Gex] = gex;
        IwmPositioning(store, iwm.Dates, options, cols);
        var (dp, dpSource) = DarkPool(store, iwm.Dates, last, options.AsDated);
        cols[PanelColumns.DpRatio] = dp;
        EventColumns(iwm.Dates, cols);
        return new FeaturePanel(iwm.Dates, cols, gexSource, store.HasSample, last) { DpSource = dpSource };
    }

    /// <summary>
    /// days_to_opex, opex_week and recon_window (<see cref="EventCalendar"/>): calendar facts published years ahead, so
    /// a row may read them without look-ahead. A walk of a month of days at most per row for days_to_opex; the
    /// reconstitution windows are built once for the panel's years.
    /// </summary>
    private static void EventColumns(DateOnly[] dates, Dictionary<string, double[]> cols)
    {
        var n = dates.Length;
        var days = new double[n];
        var week = new double[n];
        var recon = new double[n];
        var windows = n == 0 ? [] : EventCalendar.ReconstitutionWindows(dates[0].Year, dates[^1].Year);
        for (var i = 0; i < n; i++)
        {
            var d = dates[i];
            days[i] = EventCalendar.TradingDaysToOpex(d);
            week[i] = EventCalendar.IsOpexWeek(d) ? 1 : 0;
            recon[i] = windows.Contains(d) ? 1 : 0;
        }

        cols[PanelColumns.DaysToOpex] = days;
        cols[PanelColumns.OpexWeek] = week;
        cols[PanelColumns.ReconWindow] = recon;
    }

    /// <summary>A fraction (0.185) as volatility points (18.5), in place: the unit RVX and VIX are quoted in.</summary>
    private static double[] VolatilityPoints(double[] fraction)
    {
        for (var i = 0; i < fraction.Length; i++)
            fraction[i] *= 100;
        return fraction;
    }

    /// <summary>
    /// iv_rank: RVX's percentile rank over the last <see cref="IvRankWindow"/> rows, today included — the share of the
    /// other 251 values strictly below today's, × 100 (<see cref="Analytics.Indicators.PercentileRank"/>, the definition
    /// of the VIX-proxy IV rank too); NaN until 252 values and on any window holding a missing one. iv_rv_spread:
    /// rvx − rv20, both in volatility points. O(n·252), no allocation in the loop.
    /// </summary>
    private static (double[] Rank, double[] Spread) ImpliedVolatility(double[] rvx, double[] rv20)
    {
        var rank = PercentileRank.Compute(rvx, IvRankWindow);
        var spread = new double[rvx.Length];
        for (var i = 0; i < rvx.Length; i++)
        {
            rank[i] *= 100;
            spread[i] = rvx[i] - rv20[i];
        }

        return (rank, spread);
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

    /// <summary>
    /// The series on IWM's dates: the last observation usable by each date's close (its availability rule), if it became
    /// usable no more than the staleness limit earlier.
    /// </summary>
    private static double[] Aligned(MarketStore store, string series, DateOnly[] dates, bool adjusted, PanelOptions options, Dictionary<string, DateOnly[]> last)
    {
        // A year before IWM's first bar is far more than any staleness limit reaches back; older rows cannot reach a row.
        var s = store.LoadCloses(series, dates[0].AddDays(-Math.Max(366, options.MaxStalenessDays + 31)));
        if (s.Dates.Length == 0)
        {
            var empty = new double[dates.Length];
            Array.Fill(empty, double.NaN);
            return empty;
        }

        last[series] = s.Dates;
        var values = adjusted ? FillAdjusted(s.AdjClose, s.Close) : s.Close;
        return AlignLastOnOrBefore(Usable(s.Dates, AvailabilityOf(series), dates, options.AsDated), values, dates, options.MaxStalenessDays);
    }

    /// <summary>
    /// The IWM-only positioning columns (iwm_gex, gex_flip, dist_to_flip, call_wall, put_wall): the previous trading
    /// day's end-of-day chain (published after its close), from IWM's own chains only — never the vendor series or the
    /// proxy; missing where no IWM chain is usable.
    /// </summary>
    private static void IwmPositioning(MarketStore store, DateOnly[] dates, PanelOptions options, Dictionary<string, double[]> cols)
    {
        var n = dates.Length;
        string[] names = [PanelColumns.IwmGex, PanelColumns.GexFlip, PanelColumns.DistToFlip, PanelColumns.CallWall, PanelColumns.PutWall];
        var arrays = names.Select(_ => Enumerable.Repeat(double.NaN, n).ToArray()).ToArray();
        var rows = ChainGexRows(store, "IWM");
        var usable = UsableByDate(rows, AvailabilityOf("IWM chains"), dates, options.AsDated);
        for (var i = 0; i < n; i++)
        {
            if (!usable.TryGetValue(dates[i], out var r))
                continue;
            arrays[0][i] = r.TotalGex;
            arrays[1][i] = r.Flip ?? double.NaN;
            arrays[2][i] = r.DistToFlipPct ?? double.NaN;
            arrays[3][i] = r.CallWall ?? double.NaN;
            arrays[4][i] = r.PutWall ?? double.NaN;
        }

        for (var k = 0; k < names.Length; k++)
            cols[names[k]] = arrays[k];
    }

    private static (double[] Gex, string[] Source) Gex(MarketStore store, DateOnly[] dates, PanelOptions options, Dictionary<string, DateOnly[]> last)
    {
        var n = dates.Length;
        var (own, ownSource, proxy) = GexInputs(store, dates, options, last);
        var gex = new double[n];
        var source = new string[n];
        var proxyLabel = options.GexProxy + " proxy";
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(own[i]))
            {
                gex[i] = own[i];
                source[i] = ownSource[i];
            }
            else if (proxy is not null && !double.IsNaN(proxy[i]))
            {
                gex[i] = proxy[i];
                source[i] = proxyLabel;
            }
            else
            {
                gex[i] = double.NaN;
                source[i] = "";
            }
        }

        return (gex, source);
    }

    /// <summary>
    /// IWM's own GEX (its chains first, else a vendor IWM_GEX series) and the proxy, each on the rows where it is usable
    /// by that close (NaN elsewhere); the panel's gex takes IWM's own and falls back to the proxy.
    /// </summary>
    private static (double[] Own, string[] OwnSource, double[]? Proxy) GexInputs(MarketStore store, DateOnly[] dates, PanelOptions options, Dictionary<string, DateOnly[]> last)
    {
        var n = dates.Length;
        var own = new double[n];
        var ownSource = new string[n];
        Array.Fill(own, double.NaN);
        Array.Fill(ownSource, "");

        // 1. IWM's own chains: the GEX of the end-of-day chain of the previous trading day (published after its close).
        var chainRows = ChainGexRows(store, "IWM");
        var chainGex = UsableByDate(chainRows.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.TotalGex)), AvailabilityOf("IWM chains"), dates, options.AsDated);

        if (chainRows.Count > 0)
            last["IWM chains"] = [.. chainRows.Keys.Order()];

        // 2. A vendor IWM GEX column (generic panel CSV or the sample's IWM_GEX), on its own dates.
        var vendor = store.LoadSeries("IWM_GEX");
        var vendorDated = new Dictionary<DateOnly, double>();
        for (var i = 0; i < vendor.Dates.Length; i++)
        {
            if (!double.IsNaN(vendor.Close[i]))
                vendorDated[vendor.Dates[i]] = vendor.Close[i];
        }

        var vendorByDate = UsableByDate(vendorDated, AvailabilityOf("IWM_GEX"), dates, options.AsDated);

        if (vendor.Dates.Length > 0)
            last["IWM_GEX"] = vendor.Dates;

        // 3. The proxy, aligned with the staleness limit.
        var proxySeries = store.LoadSeries(options.GexProxy);
        var proxy = proxySeries.Dates.Length == 0 ? null
            : AlignLastOnOrBefore(Usable(proxySeries.Dates, AvailabilityOf(options.GexProxy), dates, options.AsDated), proxySeries.Close, dates, options.MaxStalenessDays);
        if (proxySeries.Dates.Length > 0)
            last[options.GexProxy] = proxySeries.Dates;
        for (var i = 0; i < n; i++)
        {
            if (chainGex.TryGetValue(dates[i], out var g))
            {
                own[i] = g;
                ownSource[i] = "IWM chain";
            }
            else if (vendorByDate.TryGetValue(dates[i], out var v))
            {
                own[i] = v;
                ownSource[i] = "IWM_GEX";
            }
        }

        return (own, ownSource, proxy);
    }

    /// <summary>
    /// How often IWM's own GEX and the proxy have the same sign on the rows of <paramref name="dates"/> between
    /// <paramref name="first"/> and <paramref name="last"/> (inclusive) where both are usable by that close (a zero
    /// counts as its own sign); null when no row has both.
    /// </summary>
    public static GexSignAgreement? GexAgreement(MarketStore store, DateOnly[] dates, int first, int last, PanelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dates);
        options ??= new PanelOptions();
        var (own, _, proxy) = GexInputs(store, dates, options, new Dictionary<string, DateOnly[]>(StringComparer.Ordinal));
        if (proxy is null)
            return null;
        int days = 0, agree = 0;
        for (var i = Math.Max(0, first); i <= Math.Min(last, dates.Length - 1); i++)
        {
            if (double.IsNaN(own[i]) || double.IsNaN(proxy[i]))
                continue;
            days++;
            if (Math.Sign(own[i]) == Math.Sign(proxy[i]))
                agree++;
        }

        return days == 0 ? null : new GexSignAgreement(options.GexProxy + " proxy", days, agree);
    }

    /// <summary>
    /// The history row of every stored chain day of <paramref name="underlying"/> (its selected snapshot), by date:
    /// cached in the store's meta table by <see cref="GexHistory"/>.
    /// </summary>
    internal static Dictionary<DateOnly, GexHistoryRow> ChainGexRows(MarketStore store, string underlying) =>
        GexHistory.Build(store, underlying).ToDictionary(r => r.AsOf);

    /// <summary>
    /// IWM's dark-pool buy/sell ratio per date from FINRA short volume, with the facility set it came from
    /// (<see cref="DarkPoolSets.Of"/>: the consolidated CNMS row when present, else the two Nasdaq/NYSE TRFs FNSQ+FNYX
    /// that every TRF day has — FNQC, from 2019-04, is left out so the series stays one set); falls back to a vendor
    /// IWM_DP_RATIO series. Only the date's own data: a missing day is missing.
    /// </summary>
    private static (double[] Ratio, string[] Source) DarkPool(MarketStore store, DateOnly[] dates, Dictionary<string, DateOnly[]> last, bool asDated)
    {
        var rows = store.LoadShortVolume("IWM");
        var byDate = new Dictionary<DateOnly, List<ShortVolumeRecord>>();
        foreach (var r in rows)
        {
            if (!byDate.TryGetValue(r.Date, out var list))
                byDate[r.Date] = list = [];
            list.Add(r);
        }

        if (rows.Count > 0)
            last["IWM short volume"] = [.. byDate.Keys.Order()];
        var vendor = store.LoadSeries("IWM_DP_RATIO");
        var vendorDated = new Dictionary<DateOnly, (double, string)>();
        for (var i = 0; i < vendor.Dates.Length; i++)
            vendorDated[vendor.Dates[i]] = (vendor.Close[i], DarkPoolSets.Vendor);
        if (vendor.Dates.Length > 0)
            last["IWM_DP_RATIO"] = vendor.Dates;

        // FINRA publishes a day's file after the close: row D carries the ratio of the day it became usable on.
        var ratios = new Dictionary<DateOnly, (double, string)>();
        foreach (var (d, list) in byDate)
        {
            var (set, shortVolume, total) = DarkPoolSets.Of(list);
            ratios[d] = (DarkPoolRatio.Ratio(shortVolume, total), set);
        }

        var fromFinra = UsableByDate(ratios, AvailabilityOf("IWM short volume"), dates, asDated);
        var fromVendor = UsableByDate(vendorDated, AvailabilityOf("IWM_DP_RATIO"), dates, asDated);
        var result = new double[dates.Length];
        var source = new string[dates.Length];
        for (var i = 0; i < dates.Length; i++)
        {
            var d = dates[i];
            (result[i], source[i]) = fromFinra.TryGetValue(d, out var r) ? r : fromVendor.TryGetValue(d, out var v) ? v : (double.NaN, "");
        }

        return (result, source);
    }
}
