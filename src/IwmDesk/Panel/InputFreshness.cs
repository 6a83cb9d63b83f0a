using System.Globalization;
using IwmDesk.Data;

namespace IwmDesk.Panel;

/// <summary>How fresh one input series is on the as-of date.</summary>
/// <param name="Series">The stored series name (BAMLH0A0HYM2, VIX, IWM short volume…).</param>
/// <param name="Label">What a trader calls it ("HY spread").</param>
/// <param name="Last">Its last stored date on or before the as-of date; null when it has none.</param>
/// <param name="TradingDaysOld">Trading days from <paramref name="Last"/> to the as-of date (0 = current); -1 without data.</param>
/// <param name="Status">current, lagging (older but still carried), stale (too old to be used) or no data.</param>
public sealed record SeriesFreshness(string Series, string Label, DateOnly? Last, int TradingDaysOld, string Status)
{
    /// <summary>Status word: the series' last value is from the as-of date itself (0 trading days old).</summary>
    public const string Current = "current";

    /// <summary>Status word: the last value is older than the as-of date but within the staleness limit (default 10 calendar days), so the panel still carries it.</summary>
    public const string Lagging = "lagging";

    /// <summary>Status word: the last value is more than the staleness limit (default 10 calendar days) before the as-of date, so the panel leaves the column missing.</summary>
    public const string Stale = "stale";

    /// <summary>Status word: the series has no stored value on or before the as-of date.</summary>
    public const string NoData = "no data";

    /// <summary>"HY spread: 25 trading days old (last 2026-03-26)", "VIX: current (2026-05-01)", "Dark-pool ratio: no data".</summary>
    public string Text => Status switch
    {
        NoData => $"{Label}: no data",
        Current => $"{Label}: current ({D(Last!.Value)})",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Label}: {TradingDaysOld} trading day{(TradingDaysOld == 1 ? "" : "s")} old (last {D(Last!.Value)}){(Status == Stale ? ", stale: not used" : "")}"),
    };

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The true status of each panel input on a date (docs/decision.md): what a trader calls it, how many trading days old
/// its last value is, and whether the panel still carries it or it is stale (past <see cref="PanelOptions.MaxStalenessDays"/>).
/// </summary>
public static class InputFreshness
{
    /// <summary>What a trader calls each stored series.</summary>
    public static string Label(string series) => series switch
    {
        "IWM" => "IWM",
        "KRE" => "KRE",
        "SPY" => "SPY",
        "HYG" => "HYG",
        "VIX" => "VIX",
        "RVX" => "RVX",
        "DGS2" => "2-year yield",
        "DGS10" => "10-year yield",
        "BAMLH0A0HYM2" => "HY spread",
        "DXY" => "Dollar index",
        "DTWEXBGS" => "Broad dollar index",
        "SPX_GEX" => "SPX GEX (DIX.csv)",
        "IWM_GEX" => "IWM GEX",
        "IWM short volume" => "Dark-pool short volume",
        _ => series,
    };

    /// <summary>The stored series a panel column is read from (null for IWM's own columns).</summary>
    public static IReadOnlyList<string> SeriesOf(string column) => column switch
    {
        PanelColumns.Vix => ["VIX"],
        PanelColumns.Rvx or PanelColumns.IvRank or PanelColumns.IvRvSpread => ["RVX"],
        PanelColumns.Kre => ["KRE"],
        PanelColumns.Spy => ["SPY"],
        PanelColumns.Hyg => ["HYG"],
        PanelColumns.Dgs2 => ["DGS2"],
        PanelColumns.Dgs10 => ["DGS10"],
        PanelColumns.Slope10y2y => ["DGS2", "DGS10"],
        PanelColumns.HySpread => ["BAMLH0A0HYM2"],
        PanelColumns.Dxy => ["DXY", "DTWEXBGS"],
        PanelColumns.Gex => ["IWM_GEX", "SPX_GEX"],
        PanelColumns.DpRatio => ["IWM short volume"],
        _ => [],
    };

    /// <summary>One series' status on <paramref name="asOf"/>.</summary>
    public static SeriesFreshness Series(string series, DateOnly? last, DateOnly asOf, int maxStalenessDays = 10)
    {
        if (last is not { } l)
            return new SeriesFreshness(series, Label(series), null, -1, SeriesFreshness.NoData);
        var old = TradingCalendar.CountBetween(l, asOf);
        var status = asOf.DayNumber - l.DayNumber > maxStalenessDays ? SeriesFreshness.Stale : old == 0 ? SeriesFreshness.Current : SeriesFreshness.Lagging;
        return new SeriesFreshness(series, Label(series), l, old, status);
    }

    /// <summary>
    /// Why a panel column has no value on row <paramref name="i"/>: "hy_spread stale: HY spread 25 trading days old
    /// (last 2026-03-26)" when its series has data that is too old, "no hy_spread" when it has none at all.
    /// </summary>
    public static string MissingReason(FeaturePanel view, string column, int i)
    {
        ArgumentNullException.ThrowIfNull(view);
        var d = view.Dates[i];
        var last = view.LastDatesOnOrBefore(d);
        foreach (var series in SeriesOf(column))
        {
            if (last.TryGetValue(series, out var l) && d.DayNumber - l.DayNumber > 0)
            {
                var s = Series(series, l, d);
                if (s.Status == SeriesFreshness.Stale)
                    return string.Create(CultureInfo.InvariantCulture, $"{column} stale: {s.Label} {s.TradingDaysOld} trading days old (last {l.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
            }
        }

        return $"no {column}";
    }
}
