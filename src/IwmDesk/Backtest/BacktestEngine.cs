using System.Globalization;
using IwmDesk.Analytics.Statistics;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>
/// Measures each rule's edge from the panel: for signal day t and horizon h, r = adj_close[t+h] / adj_close[t] − 1
/// (entry at the close of t by default; the panel row of t holds only values known by that close, so a rule on data
/// published after the close is entered at the close of the day it is first known — docs/backtest.md). Only forward
/// windows that close on or before the as-of row are used, so a forecast for D never leans on what happened after D.
/// Besides the plain figures, every rule × horizon gets dependence-aware ones: a seeded block bootstrap of the win
/// rate, mean and lift, a Newey–West t, an effective n and the non-overlapping subsample; at the rule's claimed
/// horizon(s) two verdicts (edge, claim), the edge p-values Holm-adjusted over every verdict of the run.
/// </summary>
public static class BacktestEngine
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Block, int Resamples, ulong Seed), BlockBootstrapPlan> Plans = new();

    /// <summary>Runs every rule at every horizon over the whole panel (as of its last row).</summary>
    public static IReadOnlyList<RuleHorizonStats> Run(FeaturePanel panel, RuleSet rules, BacktestOptions? options = null) =>
        Run(panel, rules, options ?? new BacktestOptions(), panel.Count - 1);

    /// <summary>
    /// Runs every rule at every horizon using only rows up to <paramref name="asOfIndex"/>: a signal day t counts only when
    /// its exit row is ≤ asOfIndex. With <paramref name="judgedOnly"/> the (costlier) bootstrap runs only at the rules'
    /// claimed horizons, where the verdicts need it; <paramref name="bootstrapRules"/> limits it further to those rules
    /// (the forecast passes the rules active on its date). Rows not bootstrapped get NaN intervals; where judged, they
    /// keep their place in the Holm family (n_eff and the p-value need no bootstrap) and get "no edge" when the point
    /// lift is ≤ 0, else "unclear" (no interval in this run).
    /// </summary>
    public static IReadOnlyList<RuleHorizonStats> Run(
        FeaturePanel panel, RuleSet rules, BacktestOptions options, int asOfIndex, bool judgedOnly = false, IReadOnlySet<string>? bootstrapRules = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        var (first, last) = Range(panel, options, asOfIndex);
        var days = Math.Max(0, last - first + 1);
        var forward = new double[options.Horizons.Count][];
        var plans = new BlockBootstrapPlan[options.Horizons.Count];
        for (var k = 0; k < options.Horizons.Count; k++)
        {
            var h = options.Horizons[k];
            forward[k] = new double[days];
            for (var t = first; t <= last; t++)
                forward[k][t - first] = ForwardReturn(panel, t, h, asOfIndex, options.Entry);
            plans[k] = Plan(BlockBootstrapPlan.DefaultBlockLength(h, days), options.Resamples, options.Seed, days);
        }

        bool Boot(SignalRule rule, int k) =>
            (!judgedOnly || rule.Horizons.Contains(options.Horizons[k])) && (bootstrapRules is null || bootstrapRules.Contains(rule.Name));

        // The baseline's resample sums depend only on the horizon's returns: computed once per horizon that needs them.
        var baselines = new BootstrapBaseline?[options.Horizons.Count];
        var shared = new BootstrapWorkspace();
        for (var k = 0; k < options.Horizons.Count; k++)
        {
            if (rules.Rules.Any(r => Boot(r, k)))
                baselines[k] = BlockBootstrap.Baseline(plans[k], forward[k], shared);
        }

        // A dark-pool rule is measured on the days of one facility set only (the one with the most days in the range):
        // CNMS and the per-facility TRF files are not the same ratio (docs/methodology.md).
        var dp = DarkPoolSets.Summarize(panel, first, last);
        var dpMixed = dp.DaysBySet.Count > 1;

        // Rules are independent: measured in parallel, each thread with its own scratch space; results keep rule order.
        var perRule = new RuleHorizonStats[rules.Rules.Count][];
        Parallel.For(
            0,
            rules.Rules.Count,
            () => (Workspace: new BootstrapWorkspace(), Signal: new bool[days]),
            (j, _, local) =>
            {
                var rule = rules.Rules[j];
                var signal = local.Signal;
                var compiled = CompiledCondition.Compile(rule.Condition, panel);
                var mask = compiled.Evaluate(rule.Parameters);
                var readsDp = compiled.Columns.Contains(PanelColumns.DpRatio);
                if (readsDp && dpMixed)
                {
                    for (var t = first; t <= last; t++)
                    {
                        if (panel.DpSource[t] != dp.BacktestSet)
                            mask[t] = CompiledCondition.Unavailable;
                    }
                }

                var evaluable = 0;
                for (var t = first; t <= last; t++)
                {
                    signal[t - first] = mask[t] == CompiledCondition.True;
                    if (mask[t] != CompiledCondition.Unavailable)
                        evaluable++;
                }

                var rows = new RuleHorizonStats[options.Horizons.Count];
                for (var k = 0; k < options.Horizons.Count; k++)
                {
                    var boot = Boot(rule, k);
                    rows[k] = Measure(forward[k], signal, rule, options.Horizons[k], days - evaluable, evaluable == 0 ? compiled.Columns : null, options,
                        boot ? plans[k] : null, local.Workspace, boot ? baselines[k] : null);
                    if (readsDp && dp.BacktestSet is not null)
                        rows[k] = rows[k] with { DpSet = dp.BacktestSet };
                }

                perRule[j] = rows;
                return local;
            },
            _ => { });
        var results = perRule.SelectMany(r => r).ToList();

        return Judge(results, options);
    }

    private static BlockBootstrapPlan Plan(int block, int resamples, ulong seed, int days)
    {
        var key = (block, resamples, seed);
        if (Plans.TryGetValue(key, out var plan) && plan.MaxDays >= days)
            return plan;

        // Room to grow so a replay day by day does not redraw the plan every day.
        plan = BlockBootstrapPlan.Create(Math.Max(days, 7000), block, resamples, seed);
        Plans[key] = plan;
        return plan;
    }

    /// <summary>Index range [first, last] of the options' dates within rows 0..asOfIndex.</summary>
    public static (int First, int Last) Range(FeaturePanel panel, BacktestOptions options, int asOfIndex)
    {
        var first = 0;
        if (options.From is { } from)
        {
            first = Array.BinarySearch(panel.Dates, from);
            if (first < 0)
                first = ~first;
        }

        var last = asOfIndex;
        if (options.To is { } to)
            last = Math.Min(last, panel.IndexOnOrBefore(to));
        return (first, last);
    }

    /// <summary>Forward return of row t at horizon h, or NaN when the window is not in rows 0..asOfIndex or a price is missing.</summary>
    public static double ForwardReturn(double[] adj, int t, int h, int asOfIndex)
    {
        var e = t + h;
        if (e > asOfIndex || e >= adj.Length)
            return double.NaN;
        var a = adj[t];
        var b = adj[e];
        return a > 0 && b > 0 ? (b / a) - 1 : double.NaN;
    }

    /// <summary>
    /// Forward return of signal row t at horizon h with the given entry: close → adj_close[t+h] / adj_close[t] − 1;
    /// next-close → the same from t+1; next-open → adjusted open[t+1+h] / adjusted open[t+1] − 1 (open × adj_close /
    /// close). NaN when the exit row is past <paramref name="asOfIndex"/> or a price is missing.
    /// </summary>
    public static double ForwardReturn(FeaturePanel panel, int t, int h, int asOfIndex, EntryTiming entry)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var adj = panel[PanelColumns.AdjClose];
        switch (entry)
        {
            case EntryTiming.Close:
                return ForwardReturn(adj, t, h, asOfIndex);
            case EntryTiming.NextClose:
                return ForwardReturn(adj, t + 1, h, asOfIndex);
            default:
                var e = t + 1 + h;
                if (e > asOfIndex || e >= adj.Length)
                    return double.NaN;
                var open = panel[PanelColumns.Open];
                var close = panel[PanelColumns.Close];
                var a = open[t + 1] * adj[t + 1] / close[t + 1];
                var b = open[e] * adj[e] / close[e];
                return a > 0 && b > 0 ? (b / a) - 1 : double.NaN;
        }
    }

    private static RuleHorizonStats Measure(
        double[] r, bool[] signal, SignalRule rule, int h, int unavailable, IReadOnlyList<string>? noDataColumns, BacktestOptions options, BlockBootstrapPlan? plan, BootstrapWorkspace workspace, BootstrapBaseline? baseline)
    {
        var days = r.Length;
        var split = (int)Math.Floor(days * options.InSampleShare);
        var returns = new List<double>();
        var episodes = 0;
        var previousSignal = -2;
        int isN = 0, isWins = 0, oosN = 0, oosWins = 0;
        double isSum = 0, oosSum = 0;
        int baseN = 0, baseWins = 0, oosBaseN = 0, oosBaseWins = 0;
        double baseSum = 0;
        for (var i = 0; i < days; i++)
        {
            var x = r[i];
            if (double.IsNaN(x))
                continue;
            baseN++;
            baseSum += x;
            if (x > 0)
                baseWins++;
            if (i >= split)
            {
                oosBaseN++;
                if (x > 0)
                    oosBaseWins++;
            }

            if (!signal[i])
                continue;
            returns.Add(x);
            if (i != previousSignal + 1)
                episodes++;
            previousSignal = i;
            if (i < split)
            {
                isN++;
                isSum += x;
                if (x > 0)
                    isWins++;
            }
            else
            {
                oosN++;
                oosSum += x;
                if (x > 0)
                    oosWins++;
            }
        }

        var s = SampleStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(returns));
        var (lo, hi) = Inference.Wilson(s.Wins, s.N);
        var baselineWinRate = baseN == 0 ? double.NaN : (double)baseWins / baseN;
        var baselineMean = baseN == 0 ? double.NaN : baseSum / baseN;
        var bullish = rule.Direction == SignalDirection.Bullish;
        var sign = bullish ? 1 : -1;
        var boot = plan is null ? BootstrapIntervals.None : BlockBootstrap.Run(plan, r, signal, workspace, baseline);
        var lags = Dependence.NeweyWestLags(h, days);
        var tNw = sign * Dependence.NeweyWestT(r, signal, baselineMean, lags);
        var (nNo, winsNo, meanNo) = Dependence.NonOverlapping(r, signal, h);
        var claimed = rule.Claimed is { } c && c.Horizon == h ? c : null;
        return new RuleHorizonStats
        {
            Signal = rule.Name,
            Tier = rule.Tier,
            Horizon = h,
            Condition = rule.BoundConditionText,
            Direction = bullish ? "bullish" : "bearish",
            N = s.N,
            Episodes = episodes,
            Unavailable = unavailable,
            WinRate = s.WinRate,
            Mean = s.Mean,
            Median = s.Median,
            Std = s.Std,
            CiLow = lo,
            CiHigh = hi,
            TStat = s.TStat,
            BaselineWinRate = baselineWinRate,
            BaselineMean = baselineMean,
            BaselineN = baseN,
            Lift = sign * (s.WinRate - baselineWinRate),
            NEff = Dependence.EffectiveN(r, signal, lags),
            WinCiLowRobust = boot.WinLow,
            WinCiHighRobust = boot.WinHigh,
            MeanCiLowRobust = boot.MeanLow,
            MeanCiHighRobust = boot.MeanHigh,
            LiftCiLow = bullish ? boot.LiftLow : -boot.LiftHigh,
            LiftCiHigh = bullish ? boot.LiftHigh : -boot.LiftLow,
            TNw = tNw,
            NwLags = lags,
            BootstrapBlock = plan?.BlockLength ?? BlockBootstrapPlan.DefaultBlockLength(h, days),
            PValue = Dependence.UpperTailP(tNw),
            NNonoverlap = nNo,
            WinRateNonoverlap = nNo == 0 ? double.NaN : (double)winsNo / nNo,
            MeanNonoverlap = meanNo,
            Entry = options.Entry,
            IsN = isN,
            IsWinRate = isN == 0 ? double.NaN : (double)isWins / isN,
            IsMean = isN == 0 ? double.NaN : isSum / isN,
            OosN = oosN,
            OosWinRate = oosN == 0 ? double.NaN : (double)oosWins / oosN,
            OosMean = oosN == 0 ? double.NaN : oosSum / oosN,
            OosBaselineWinRate = oosBaseN == 0 ? double.NaN : (double)oosBaseWins / oosBaseN,
            ClaimedWinRate = claimed?.WinRate,
            ClaimedMean = claimed?.Mean,
            Judged = rule.Horizons.Contains(h),
            Verdict = noDataColumns is null ? null : EdgeVerdict.NoData,
            VerdictReason = noDataColumns is null ? "" : $"no day in the range had every input of the rule ({string.Join(", ", noDataColumns)})",
        };
    }

    /// <summary>
    /// Gives the two verdicts at the judged rows: first no data / too few cases, then the Holm adjustment over every
    /// remaining judged row's p-value, then edge / no edge / unclear; the claim verdict at every judged row.
    /// </summary>
    private static List<RuleHorizonStats> Judge(List<RuleHorizonStats> rows, BacktestOptions options)
    {
        var family = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var s = rows[i];
            if (!s.Judged)
            {
                rows[i] = s with { Verdict = null, ClaimVerdict = null };
                continue;
            }

            var (claim, claimReason) = JudgeClaim(s);
            s = s with { ClaimVerdict = claim, ClaimReason = claimReason };
            if (s.Verdict == EdgeVerdict.NoData)
            {
                // Stays "no data", with its reason.
            }
            else if (s.N == 0 || !(s.NEff >= options.MinCases) || s.Episodes < options.MinEpisodes)
            {
                s = s with
                {
                    Verdict = EdgeVerdict.TooFewCases,
                    VerdictReason = string.Create(Inv,
                        $"n_eff {F0(s.NEff)} of {s.N} signal days in {s.Episodes} episodes; at least {options.MinCases} effective cases and {options.MinEpisodes} episodes are needed"),
                };
            }
            else
            {
                family.Add(i);
            }

            rows[i] = s;
        }

        var p = new double[family.Count];
        for (var k = 0; k < family.Count; k++)
            p[k] = rows[family[k]].PValue;
        var adjusted = Inference.Holm(p);
        for (var k = 0; k < family.Count; k++)
        {
            var s = rows[family[k]] with { PAdjusted = adjusted[k] };
            var (v, reason) = JudgeEdge(s, family.Count, options);
            rows[family[k]] = s with { Verdict = v, VerdictReason = reason };
        }

        return rows;
    }

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Edge verdict of a row with enough cases, after the Holm adjustment over <paramref name="family"/> verdicts.</summary>
    internal static (EdgeVerdict Verdict, string Reason) JudgeEdge(RuleHorizonStats s, int family, BacktestOptions options)
    {
        var interval = string.Create(Inv, $"robust 95% {Pp(s.LiftCiLow)} to {Pp(s.LiftCiHigh)}");
        var holm = string.Create(Inv, $"Holm p {P3(s.PAdjusted)} over {family} verdict{(family == 1 ? "" : "s")}");
        if (!(s.Lift > 0))
            return (EdgeVerdict.NoEdge, string.Create(Inv, $"lift {Pp(s.Lift)} ({Pct(s.WinRate)} vs baseline {Pct(s.BaselineWinRate)}) is not above 0"));
        if (s.LiftCiHigh < 0)
            return (EdgeVerdict.NoEdge, string.Create(Inv, $"lift {Pp(s.Lift)}, but its {interval} lies below 0"));
        if (s.LiftCiLow > 0 && s.PAdjusted < options.Alpha)
            return (EdgeVerdict.Edge, string.Create(Inv, $"lift {Pp(s.Lift)} ({interval}), Newey–West t {s.TNw:0.00}, {holm}"));
        if (double.IsNaN(s.LiftCiLow))
            return (EdgeVerdict.Unclear, string.Create(Inv, $"lift {Pp(s.Lift)}, Newey–West t {s.TNw:0.00}, {holm}; no bootstrap interval in this run"));
        return (EdgeVerdict.Unclear, s.LiftCiLow <= 0
            ? string.Create(Inv, $"lift {Pp(s.Lift)}, but its {interval} includes 0 ({holm})")
            : string.Create(Inv, $"lift {Pp(s.Lift)} ({interval}), but {holm} is not below {options.Alpha:0.00}"));
    }

    /// <summary>
    /// Claim verdict: each quoted figure against its robust interval (win rate: the bootstrap win-rate interval; mean:
    /// the bootstrap mean interval; both mirrored for a bearish rule, whose quote is about falling days).
    /// </summary>
    internal static (ClaimVerdict Verdict, string Reason) JudgeClaim(RuleHorizonStats s)
    {
        if (s.ClaimedWinRate is null && s.ClaimedMean is null)
            return (ClaimVerdict.NoClaim, "the rule quotes no figure at this horizon");
        if (double.IsNaN(s.WinCiLowRobust))
            return (ClaimVerdict.NoClaim, "no robust interval to hold the quote against (no signal days)");
        var bullish = s.Direction == "bullish";
        var above = new List<string>();
        var below = new List<string>();
        if (s.ClaimedWinRate is { } cw)
        {
            var (lo, hi) = bullish ? (s.WinCiLowRobust, s.WinCiHighRobust) : (1 - s.WinCiHighRobust, 1 - s.WinCiLowRobust);
            var text = string.Create(Inv, $"win rate {cw:0.0%} vs robust 95% {lo:0.0%}–{hi:0.0%}");
            if (cw > hi)
                above.Add("claimed " + text);
            else if (cw < lo)
                below.Add("claimed " + text);
        }

        if (s.ClaimedMean is { } cm)
        {
            var (lo, hi) = bullish ? (s.MeanCiLowRobust, s.MeanCiHighRobust) : (-s.MeanCiHighRobust, -s.MeanCiLowRobust);
            var text = string.Create(Inv, $"mean {cm:+0.00%;-0.00%} vs robust 95% {lo:+0.00%;-0.00%} to {hi:+0.00%;-0.00%}");
            if (cm > hi)
                above.Add("claimed " + text);
            else if (cm < lo)
                below.Add("claimed " + text);
        }

        if (above.Count > 0)
            return (ClaimVerdict.Overstated, string.Join("; ", above));
        if (below.Count > 0)
            return (ClaimVerdict.Understated, string.Join("; ", below));
        return (ClaimVerdict.Holds, "every quoted figure lies inside its robust 95% interval");
    }

    private static string Pp(double v) => double.IsNaN(v) ? "n/a" : (v * 100).ToString("+0.0;-0.0;0.0", Inv) + " pp";

    private static string Pct(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0%", Inv);

    private static string P3(double v) => double.IsNaN(v) ? "n/a" : v < 0.001 ? "< 0.001" : v.ToString("0.000", Inv);

    private static string F0(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0", Inv);
}
