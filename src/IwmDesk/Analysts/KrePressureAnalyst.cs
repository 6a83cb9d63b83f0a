using System.Text;
using System.Text.Json.Serialization;
using IwmDesk.Panel;
using IwmDesk.Text;

namespace IwmDesk.Analysts;

/// <summary>The KRE pressure test's verdicts (printed and serialised with their words: "bullish confirmation", ...).</summary>
public enum KreVerdict
{
    /// <summary>KRE and IWM both rose over the divergence window with a return correlation of at least <see cref="KreOptions.DivergenceCorrelation"/>.</summary>
    [JsonStringEnumMemberName("bullish confirmation")]
    BullishConfirmation,

    /// <summary>KRE lags IWM by more than <see cref="KreOptions.DivergenceGap"/> over the divergence window, or fell by more than it while IWM did not fall.</summary>
    [JsonStringEnumMemberName("bearish warning")]
    BearishWarning,

    /// <summary>Neither: KRE is not lagging and there is no confirmed joint rise.</summary>
    [JsonStringEnumMemberName("neutral")]
    Neutral,

    /// <summary>No KRE or IWM adjusted close on D, or not enough history for the divergence window.</summary>
    [JsonStringEnumMemberName("n/a")]
    NotAvailable,
}

/// <summary>The words each KRE verdict is printed with (the same as its JSON value).</summary>
public static class KreVerdictText
{
    /// <summary>The verdict's text: "bullish confirmation", "bearish warning", "neutral" or "n/a".</summary>
    public static string Text(this KreVerdict v) => v switch
    {
        KreVerdict.BullishConfirmation => "bullish confirmation",
        KreVerdict.BearishWarning => "bearish warning",
        KreVerdict.Neutral => "neutral",
        KreVerdict.NotAvailable => "n/a",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };
}

/// <summary>Windows and thresholds of the KRE pressure test (docs/workflow.md).</summary>
public sealed record KreOptions
{
    /// <summary>The performance and correlation windows shown, in trading days.</summary>
    public IReadOnlyList<int> Windows { get; init; } = [10, 20, 60];

    /// <summary>The window (trading days) of the correlation and performance gap that define a divergence.</summary>
    public int DivergenceWindow { get; init; } = 20;

    /// <summary>A return correlation below this is a divergence.</summary>
    public double DivergenceCorrelation { get; init; } = 0.6;

    /// <summary>A performance gap (KRE − IWM) larger than this in absolute value is a divergence.</summary>
    public double DivergenceGap { get; init; } = 0.05;

    /// <summary>Trading days after an episode's peak (its widest |gap|) over which reversion is measured.</summary>
    public int FollowUp { get; init; } = 10;

    /// <summary>How many of the most recent episodes the table shows.</summary>
    public int TableEpisodes { get; init; } = 10;
}

/// <summary>KRE and IWM over one window: performance (fractions, adjusted closes), gap and daily-return correlation.</summary>
public sealed record KreWindowRow(int Days, double KrePerformance, double IwmPerformance, double Gap, double Correlation);

/// <summary>
/// A run of consecutive divergent days. Reversion is measured from the episode's peak (the day of its widest
/// |gap|) over <see cref="KreOptions.FollowUp"/> trading days; <see cref="Reverted"/> names the side that moved toward
/// the other, or "pending" while the episode is still open on D or its follow-up has not closed by D.
/// </summary>
public sealed record DivergenceEpisode(
    DateOnly Start,
    DateOnly End,
    int Days,
    string Trigger,
    double GapAtStart,
    double CorrelationAtStart,
    DateOnly Peak,
    double GapAtPeak,
    double KreFollowUp,
    double IwmFollowUp,
    string Reverted);

/// <summary>The KRE pressure test's answer for a date.</summary>
public sealed record KrePressureResult : IStepResult
{
    /// <summary>The trading day D the test answers for (only panel rows up to it are read).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>KRE against IWM over each of <see cref="KreOptions.Windows"/> (10/20/60 trading days by default), ending on D; NaN rows when n/a.</summary>
    public required IReadOnlyList<KreWindowRow> Windows { get; init; }

    /// <summary>Every divergence episode that started on or before D, oldest first.</summary>
    public required IReadOnlyList<DivergenceEpisode> Episodes { get; init; }

    /// <summary>True when D itself is a divergent day.</summary>
    public required bool DivergentToday { get; init; }

    /// <summary>The verdict.</summary>
    public required KreVerdict Verdict { get; init; }

    /// <summary>Why the verdict is what it is.</summary>
    public required string VerdictReason { get; init; }

    /// <summary>The verdict as a bias: bullish confirmation → bullish, bearish warning → bearish, neutral, or n/a (<see cref="Biases"/>).</summary>
    public required Bias Bias { get; init; }

    /// <summary>One paragraph: the divergence-window performances, gap and correlation, the verdict, and how past episodes reverted.</summary>
    public required string Summary { get; init; }

    /// <summary>The window performances, gaps and correlations (fractions), the verdict and the episode counts by who reverted, in a stable order.</summary>
    public required IReadOnlyDictionary<string, object?> Facts { get; init; }

    /// <summary>Why the test is n/a (e.g. "no KRE data"), or null when it ran.</summary>
    public required string? MissingReason { get; init; }

    /// <summary>The windows table and the most recent episodes, as Markdown tables.</summary>
    public string Table(int episodes = 10)
    {
        var recent = Math.Min(episodes, Episodes.Count);
        var sb = new StringBuilder(WindowsTable());
        if (recent > 0)
            sb.Append(Fmt.Inv, $"\nMost recent divergence episodes ({recent} of {Episodes.Count}):\n\n");
        else
            sb.Append('\n');
        return sb.Append(EpisodesTable(episodes)).ToString();
    }

    /// <summary>KRE and IWM over each window, as a Markdown table.</summary>
    public string WindowsTable()
    {
        var sb = new StringBuilder();
        sb.Append("| Window | KRE | IWM | Gap (KRE − IWM) | Return correlation |\n|---|---:|---:|---:|---:|\n");
        foreach (var w in Windows)
            sb.Append(Fmt.Inv, $"| {w.Days} days | {Fmt.Ret(w.KrePerformance)} | {Fmt.Ret(w.IwmPerformance)} | {Fmt.Ret(w.Gap)} | {Fmt.N(w.Correlation)} |\n");
        return sb.ToString();
    }

    /// <summary>The most recent <paramref name="episodes"/> divergence episodes as a Markdown table (or a sentence when there are none).</summary>
    public string EpisodesTable(int episodes = 10)
    {
        var recent = Episodes.Skip(Math.Max(0, Episodes.Count - episodes)).ToList();
        if (recent.Count == 0)
            return "No divergence episode in the history up to this date.\n";
        var sb = new StringBuilder();
        sb.Append("| Start | End | Days | Trigger | Corr at start | Peak | Gap at peak | KRE next 10d | IWM next 10d | Reverted |\n|---|---|---:|---|---:|---|---:|---:|---:|---|\n");
        foreach (var e in recent)
        {
            sb.Append(Fmt.Inv,
                $"| {Fmt.D(e.Start)} | {Fmt.D(e.End)} | {e.Days} | {e.Trigger} | {Fmt.N(e.CorrelationAtStart)} | {Fmt.D(e.Peak)} | {Fmt.Ret(e.GapAtPeak)} | {Fmt.Ret(e.KreFollowUp)} | {Fmt.Ret(e.IwmFollowUp)} | {e.Reverted} |\n");
        }

        return sb.ToString();
    }
}

/// <summary>
/// Step 2 of the workflow: regional banks (KRE, adjusted closes) against IWM over 10/20/60 days, every divergence
/// episode up to D and which side reverted, and a verdict (docs/workflow.md). Reads only panel rows up to D.
/// </summary>
public static class KrePressureAnalyst
{
    /// <summary>The side that moved toward the other.</summary>
    public const string RevertedKre = "KRE";

    /// <summary>IWM moved toward KRE (the side that moved toward the other).</summary>
    public const string RevertedIwm = "IWM";

    /// <summary>The gap widened over the follow-up.</summary>
    public const string RevertedNeither = "neither (gap widened)";

    /// <summary>The follow-up has not closed by D.</summary>
    public const string RevertedPending = "pending";

    /// <summary>Analyses <paramref name="date"/> (default: the panel's last row) from rows up to it only.</summary>
    public static KrePressureResult Analyze(FeaturePanel panel, DateOnly? date = null, KreOptions? options = null)
    {
        var o = options ?? new KreOptions();
        var (view, i) = PanelAsOf.Resolve(panel, date);
        var kre = view.TryGet(PanelColumns.Kre);
        var iwm = view.TryGet(PanelColumns.AdjClose);
        if (kre is null || iwm is null || double.IsNaN(kre[i]) || double.IsNaN(iwm[i]))
        {
            var why = kre is null || double.IsNaN(kre[i]) ? "no KRE data" : "no IWM adjusted close";
            return NotAvailable(view.Dates[i], why, $"KRE pressure test on {Fmt.D(view.Dates[i])}: n/a — {why} on this date.", o);
        }

        // Rolling return correlations over rows 0..i only (the kernel works on prices: simple daily returns inside).
        var upTo = i + 1;
        var rows = new List<KreWindowRow>();
        foreach (var w in o.Windows)
        {
            var kp = Performance(kre, i, w);
            var ip = Performance(iwm, i, w);
            rows.Add(new KreWindowRow(w, kp, ip, kp - ip, Corr(kre, iwm, upTo, w)));
        }

        var episodes = Episodes(view, kre, iwm, i, o, out var divergentToday);
        var d = o.DivergenceWindow;
        var kreD = Performance(kre, i, d);
        var iwmD = Performance(iwm, i, d);
        var gapD = kreD - iwmD;
        var corrD = Corr(kre, iwm, upTo, d);
        var (verdict, reason) = Verdict(kreD, iwmD, gapD, corrD, o);
        var bias = verdict switch
        {
            KreVerdict.BullishConfirmation => Bias.Bullish,
            KreVerdict.BearishWarning => Bias.Bearish,
            KreVerdict.Neutral => Bias.Neutral,
            _ => Bias.NotAvailable,
        };

        var closed = episodes.Where(e => e.Reverted != RevertedPending).ToList();
        int Count(IEnumerable<DivergenceEpisode> es, string who) => es.Count(e => e.Reverted == who);
        var lagging = closed.Where(e => e.GapAtPeak < 0).ToList();
        var leading = closed.Where(e => e.GapAtPeak > 0).ToList();
        var facts = new FactsBuilder();
        foreach (var r in rows)
        {
            facts.Num($"kre_{r.Days}d", r.KrePerformance).Num($"iwm_{r.Days}d", r.IwmPerformance)
                .Num($"gap_{r.Days}d", r.Gap).Num($"correlation_{r.Days}d", r.Correlation, 4);
        }

        facts.Text("verdict", verdict.Text()).Text("divergent_today", divergentToday ? "yes" : "no")
            .Int("episodes_total", episodes.Count).Int("episodes_closed", closed.Count)
            .Int("kre_reverted", Count(closed, RevertedKre)).Int("iwm_reverted", Count(closed, RevertedIwm)).Int("gap_widened", Count(closed, RevertedNeither))
            .Int("kre_lagging_episodes", lagging.Count).Int("kre_lagging_iwm_followed", Count(lagging, RevertedIwm))
            .Int("kre_leading_episodes", leading.Count).Int("kre_leading_iwm_followed", Count(leading, RevertedIwm));
        if (episodes.Count > 0)
            facts.Date("last_episode_start", episodes[^1].Start).Text("last_episode_reverted", episodes[^1].Reverted);

        var sb = new StringBuilder();
        sb.Append(Fmt.Inv, $"KRE pressure test on {Fmt.D(view.Dates[i])}: over {d} days KRE {Fmt.Ret(kreD)} vs IWM {Fmt.Ret(iwmD)} (gap {Fmt.Ret(gapD)}), return correlation {Fmt.N(corrD)}");
        sb.Append(divergentToday ? " — a divergence by the rule. " : ". ");
        sb.Append(Fmt.Inv, $"Verdict: {verdict.Text()} ({reason}). ");
        if (closed.Count == 0)
        {
            sb.Append("No past divergence episode has a closed follow-up yet.");
        }
        else
        {
            sb.Append(Fmt.Inv, $"Of {closed.Count} past divergence episodes with a closed {o.FollowUp}-day follow-up, KRE moved back toward IWM in {Count(closed, RevertedKre)}, IWM toward KRE in {Count(closed, RevertedIwm)}, and the gap widened in {Count(closed, RevertedNeither)}");
            if (lagging.Count > 0)
                sb.Append(Fmt.Inv, $"; when KRE lagged, IWM followed it in {Count(lagging, RevertedIwm)} of {lagging.Count}");
            sb.Append('.');
        }

        return new KrePressureResult
        {
            Date = view.Dates[i],
            Windows = rows,
            Episodes = episodes,
            DivergentToday = divergentToday,
            Verdict = verdict,
            VerdictReason = reason,
            Bias = bias,
            Summary = sb.ToString(),
            Facts = facts.Build(),
            MissingReason = null,
        };
    }

    /// <summary>
    /// The verdict rules, in order: bearish warning when KRE lags IWM by more than the divergence gap over the divergence
    /// window, or falls by more than it while IWM does not fall; bullish confirmation when both rose, their correlation
    /// is at least the divergence correlation, and KRE is not lagging; neutral otherwise; n/a when an input is missing.
    /// </summary>
    public static (KreVerdict Verdict, string Reason) Verdict(double kre, double iwm, double gap, double corr, KreOptions? options = null)
    {
        var o = options ?? new KreOptions();
        var w = o.DivergenceWindow;
        if (double.IsNaN(kre) || double.IsNaN(iwm))
            return (KreVerdict.NotAvailable, $"not enough history for {w}-day performance");
        if (gap < -o.DivergenceGap)
            return (KreVerdict.BearishWarning, string.Create(Fmt.Inv, $"KRE lags IWM by {Fmt.Pct(-gap, "0.00%")} over {w} days, more than {Fmt.Pct(o.DivergenceGap, "0%")}"));
        if (kre < -o.DivergenceGap && iwm >= 0)
            return (KreVerdict.BearishWarning, string.Create(Fmt.Inv, $"KRE fell {Fmt.Ret(kre)} over {w} days while IWM did not"));
        if (kre > 0 && iwm > 0 && corr >= o.DivergenceCorrelation)
            return (KreVerdict.BullishConfirmation, string.Create(Fmt.Inv, $"both rose over {w} days with correlation {Fmt.N(corr)} ≥ {Fmt.N(o.DivergenceCorrelation, "0.0#")}"));
        return (KreVerdict.Neutral, "no lagging KRE and no confirmed joint rise");
    }

    private static KrePressureResult NotAvailable(DateOnly date, string why, string summary, KreOptions o) => new()
    {
        MissingReason = why,
        Date = date,
        Windows = o.Windows.Select(w => new KreWindowRow(w, double.NaN, double.NaN, double.NaN, double.NaN)).ToList(),
        Episodes = [],
        DivergentToday = false,
        Verdict = KreVerdict.NotAvailable,
        VerdictReason = summary,
        Bias = Bias.NotAvailable,
        Summary = summary,
        Facts = new FactsBuilder().Text("verdict", KreVerdict.NotAvailable.Text()).Build(),
    };

    private static double Performance(double[] px, int i, int w) =>
        i - w >= 0 && px[i - w] > 0 && px[i] > 0 ? (px[i] / px[i - w]) - 1 : double.NaN;

    /// <summary>The return correlation over the last <paramref name="w"/> returns ending at row rows − 1.</summary>
    private static double Corr(double[] kre, double[] iwm, int rows, int w) =>
        rows > w ? Analytics.Indicators.RollingCorrelation.Compute(kre.AsSpan(0, rows), iwm.AsSpan(0, rows), w)[rows - 1] : double.NaN;

    private static List<DivergenceEpisode> Episodes(
        FeaturePanel p, double[] kre, double[] iwm, int i, KreOptions o, out bool divergentToday)
    {
        var w = o.DivergenceWindow;
        var corr = Analytics.Indicators.RollingCorrelation.Compute(kre.AsSpan(0, i + 1), iwm.AsSpan(0, i + 1), w);
        var list = new List<DivergenceEpisode>();
        var start = -1;
        divergentToday = false;
        for (var t = 0; t <= i + 1; t++)
        {
            var div = false;
            if (t <= i)
            {
                var gap = Performance(kre, t, w) - Performance(iwm, t, w);
                div = corr[t] < o.DivergenceCorrelation || Math.Abs(gap) > o.DivergenceGap;
                if (t == i)
                    divergentToday = div;
            }

            if (div && start < 0)
                start = t;
            if (!div && start >= 0)
            {
                list.Add(Episode(p, kre, iwm, corr, start, t - 1, i, o));
                start = -1;
            }
        }

        return list;
    }

    private static DivergenceEpisode Episode(FeaturePanel p, double[] kre, double[] iwm, double[] corr, int s, int e, int i, KreOptions o)
    {
        var w = o.DivergenceWindow;
        double Gap(int t) => Performance(kre, t, w) - Performance(iwm, t, w);
        var gap = Gap(s);
        var lowCorr = corr[s] < o.DivergenceCorrelation;
        var wide = Math.Abs(gap) > o.DivergenceGap;
        var trigger = lowCorr && wide ? "both" : lowCorr ? "correlation" : "gap";
        var peak = s;
        for (var t = s + 1; t <= e; t++)
        {
            if (Math.Abs(Gap(t)) > Math.Abs(Gap(peak)))
                peak = t;
        }

        var f = peak + o.FollowUp;
        double kf = double.NaN, inf = double.NaN;
        string reverted;
        if (e >= i || f > i)
        {
            reverted = RevertedPending;
        }
        else
        {
            kf = kre[peak] > 0 && kre[f] > 0 ? (kre[f] / kre[peak]) - 1 : double.NaN;
            inf = iwm[peak] > 0 && iwm[f] > 0 ? (iwm[f] / iwm[peak]) - 1 : double.NaN;
            reverted = Reverter(Gap(peak), kf, inf);
        }

        return new DivergenceEpisode(p.Dates[s], p.Dates[e], e - s + 1, trigger, gap, corr[s], p.Dates[peak], Gap(peak), kf, inf, reverted);
    }

    /// <summary>
    /// With g the sign of the gap (KRE − IWM) at the episode's peak, KRE's move toward IWM is −g·(KRE's follow-up) and
    /// IWM's move toward KRE is +g·(IWM's follow-up). When the gap did not narrow (g·(kre − iwm) ≥ 0) neither reverted;
    /// otherwise the side with the larger move toward the other is named.
    /// </summary>
    internal static string Reverter(double gapAtStart, double kreFollow, double iwmFollow)
    {
        if (double.IsNaN(gapAtStart) || double.IsNaN(kreFollow) || double.IsNaN(iwmFollow))
            return RevertedPending;
        var g = gapAtStart >= 0 ? 1.0 : -1.0;
        if (g * (kreFollow - iwmFollow) >= 0)
            return RevertedNeither;
        var kreToward = -g * kreFollow;
        var iwmToward = g * iwmFollow;
        return kreToward >= iwmToward ? RevertedKre : RevertedIwm;
    }
}

