using System.Globalization;
using IwmDesk.Data;

namespace IwmDesk.Panel;

/// <summary>One change of the dark-pool ratio's facility set between two consecutive days that have a ratio.</summary>
/// <param name="Date">The first day of the new set.</param>
/// <param name="From">The set before it.</param>
/// <param name="To">The set from <paramref name="Date"/> on.</param>
public sealed record DarkPoolBreak(DateOnly Date, string From, string To);

/// <summary>Days per facility set in a range, the breaks between them and the one set a backtest measures.</summary>
/// <param name="DaysBySet">Days with a ratio per set, most days first (ties: by name).</param>
/// <param name="Breaks">Where the set changes, in date order.</param>
/// <param name="BacktestSet">The set with the most days: the only one whose days a dark-pool rule is measured on; null without data.</param>
/// <param name="First">First day with a ratio in the range.</param>
/// <param name="Last">Last day with a ratio in the range.</param>
public sealed record DarkPoolSetSummary(
    IReadOnlyList<KeyValuePair<string, int>> DaysBySet, IReadOnlyList<DarkPoolBreak> Breaks, string? BacktestSet, DateOnly? First, DateOnly? Last)
{
    /// <summary>Days left out of a backtest: those of every other set.</summary>
    public int LeftOut => DaysBySet.Where(kv => kv.Key != BacktestSet).Sum(kv => kv.Value);

    /// <summary>
    /// "dark-pool ratio measured on TRF FNSQ+FNYX days only (2,901 days); left out: CNMS 27 days, TRF FNYX 2 days; 5 breaks"
    /// — null without data.
    /// </summary>
    public string? Text
    {
        get
        {
            if (BacktestSet is null)
                return null;
            var own = DaysBySet.First(kv => kv.Key == BacktestSet).Value;
            var sb = new System.Text.StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"dark-pool ratio measured on {BacktestSet} days only ({own:N0} day{(own == 1 ? "" : "s")})");
            var others = DaysBySet.Where(kv => kv.Key != BacktestSet).ToList();
            if (others.Count > 0)
                sb.Append("; left out: ").AppendJoin(", ", others.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:N0} day{(kv.Value == 1 ? "" : "s")}")));
            if (Breaks.Count > 0)
                sb.Append(CultureInfo.InvariantCulture, $"; {Breaks.Count} break{(Breaks.Count == 1 ? "" : "s")} in the series");
            return sb.ToString();
        }
    }
}

/// <summary>
/// The facility set behind each day's dark-pool ratio (docs/methodology.md, "A consistent dark-pool ratio"). FINRA's
/// consolidated file (CNMS) sums every facility; the per-facility files of 2010–2021 have the Nasdaq (FNSQ) and NYSE (FNYX)
/// TRFs throughout and Nasdaq Chicago (FNQC) only from 2019-04. So a TRF day's ratio is FNSQ+FNYX (FNQC left out), a day
/// missing one of them is labelled with what it has, and a backtest measures a dark-pool rule on one set only.
/// </summary>
public static class DarkPoolSets
{
    /// <summary>FINRA's consolidated file.</summary>
    public const string Consolidated = "CNMS";

    /// <summary>The two TRFs every per-facility day has.</summary>
    public const string TrfPair = "TRF FNSQ+FNYX";

    /// <summary>A vendor's IWM_DP_RATIO series.</summary>
    public const string Vendor = "vendor IWM_DP_RATIO";

    /// <summary>The set of one day's rows and the short and total volume summed over it.</summary>
    public static (string Set, long Short, long Total) Of(IReadOnlyList<ShortVolumeRecord> day)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (day.Any(r => r.Facility == Consolidated))
            return Sum(Consolidated, day.Where(r => r.Facility == Consolidated));
        if (day.Any(r => r.Facility == "FNSQ") && day.Any(r => r.Facility == "FNYX"))
            return Sum(TrfPair, day.Where(r => r.Facility is "FNSQ" or "FNYX"));
        return Sum("TRF " + string.Join('+', day.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal)), day);
    }

    private static (string, long, long) Sum(string set, IEnumerable<ShortVolumeRecord> rows)
    {
        long s = 0, t = 0;
        foreach (var r in rows)
        {
            s += r.ShortVolume;
            t += r.TotalVolume;
        }

        return (set, s, t);
    }

    /// <summary>The sets of rows <paramref name="first"/>..<paramref name="last"/> that have a ratio.</summary>
    public static DarkPoolSetSummary Summarize(FeaturePanel panel, int first, int last)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var breaks = new List<DarkPoolBreak>();
        DateOnly? firstDay = null, lastDay = null;
        string? previous = null;
        var ratio = panel.TryGet(PanelColumns.DpRatio);
        if (ratio is not null && panel.DpSource.Length == panel.Count)
        {
            for (var t = Math.Max(0, first); t <= Math.Min(last, panel.Count - 1); t++)
            {
                var set = panel.DpSource[t];
                if (double.IsNaN(ratio[t]) || string.IsNullOrEmpty(set))
                    continue;
                counts[set] = counts.GetValueOrDefault(set) + 1;
                if (previous is not null && previous != set)
                    breaks.Add(new DarkPoolBreak(panel.Dates[t], previous, set));
                previous = set;
                firstDay ??= panel.Dates[t];
                lastDay = panel.Dates[t];
            }
        }

        var ordered = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        return new DarkPoolSetSummary(ordered, breaks, ordered.Count > 0 ? ordered[0].Key : null, firstDay, lastDay);
    }

    /// <summary>
    /// Why row <paramref name="i"/> has no dark-pool ratio: "no FINRA short-volume data after 2026-04-24", "no FINRA
    /// short-volume data before 2010-01-04", "no FINRA short-volume data for 2021-08-02 (the files stop on 2021-07-16 and
    /// start again on 2021-12-01)" (a row carries a file published before it, so the day itself is looked up strictly before), or "no FINRA short-volume data" when none was imported.
    /// </summary>
    public static string MissingReason(FeaturePanel panel, int i)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var dates = panel.SeriesDates.TryGetValue("IWM short volume", out var f) && f.Length > 0 ? f
            : panel.SeriesDates.TryGetValue("IWM_DP_RATIO", out var v) && v.Length > 0 ? v : null;
        if (dates is null)
            return "no FINRA short-volume data";
        // Row D carries the file of an earlier day (published after its close): look strictly before D.
        var d = panel.Dates[i];
        var k = Array.BinarySearch(dates, d);
        var next = k >= 0 ? k : ~k;
        if (next == 0)
            return $"no FINRA short-volume data before {D(dates[0])}";
        if (next >= dates.Length)
            return $"no FINRA short-volume data after {D(dates[^1])}";
        return $"no FINRA short-volume data for {D(d)} (the files stop on {D(dates[next - 1])} and start again on {D(dates[next])})";
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
