using System.Globalization;
using IwmDesk.Analytics.Statistics;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>
/// Measures each rule's edge from the panel: for signal day t and horizon h, r = adj_close[t+h] / adj_close[t] − 1
/// (decision at the close of t, so the return starts at that close). Only forward windows that close on or before the
/// as-of row are used, so a forecast for D never leans on what happened after D.
/// </summary>
public static class BacktestEngine
{
    /// <summary>Runs every rule at every horizon over the whole panel (as of its last row).</summary>
    public static IReadOnlyList<RuleHorizonStats> Run(FeaturePanel panel, RuleSet rules, BacktestOptions? options = null) =>
        Run(panel, rules, options ?? new BacktestOptions(), panel.Count - 1);

    /// <summary>
    /// Runs every rule at every horizon using only rows up to <paramref name="asOfIndex"/>: a signal day t counts only when
    /// t + h ≤ asOfIndex.
    /// </summary>
    public static IReadOnlyList<RuleHorizonStats> Run(FeaturePanel panel, RuleSet rules, BacktestOptions options, int asOfIndex)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        var (first, last) = Range(panel, options, asOfIndex);
        var results = new List<RuleHorizonStats>();
        var adj = panel[PanelColumns.AdjClose];
        var scratch = new double[Math.Max(1, last - first + 1)];
        foreach (var rule in rules.Rules)
        {
            var mask = CompiledCondition.Compile(rule.Condition, panel).Evaluate(rule.Parameters);
            foreach (var h in options.Horizons)
                results.Add(Measure(panel.Dates, adj, mask, rule, h, first, last, asOfIndex, options, scratch));
        }

        return results;
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

    internal static RuleHorizonStats Measure(
        DateOnly[] dates, double[] adj, sbyte[] mask, SignalRule rule, int h, int first, int last, int asOfIndex, BacktestOptions options, double[] scratch)
    {
        _ = dates;
        var days = Math.Max(0, last - first + 1);
        var split = first + (int)Math.Floor(days * options.InSampleShare);
        var returns = new List<double>();
        var unavailable = 0;
        var episodes = 0;
        var previousSignal = -2;
        int isN = 0, isWins = 0, oosN = 0, oosWins = 0;
        double isSum = 0, oosSum = 0;
        int baseN = 0, baseWins = 0, oosBaseN = 0, oosBaseWins = 0;
        double baseSum = 0;
        for (var t = first; t <= last; t++)
        {
            var r = ForwardReturn(adj, t, h, asOfIndex);
            if (mask[t] == CompiledCondition.Unavailable)
                unavailable++;
            if (double.IsNaN(r))
                continue;
            baseN++;
            baseSum += r;
            if (r > 0)
                baseWins++;
            if (t >= split)
            {
                oosBaseN++;
                if (r > 0)
                    oosBaseWins++;
            }

            if (mask[t] != CompiledCondition.True)
                continue;
            returns.Add(r);
            if (t != previousSignal + 1)
                episodes++;
            previousSignal = t;
            if (t < split)
            {
                isN++;
                isSum += r;
                if (r > 0)
                    isWins++;
            }
            else
            {
                oosN++;
                oosSum += r;
                if (r > 0)
                    oosWins++;
            }
        }

        var s = SampleStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(returns), scratch);
        var (lo, hi) = Inference.Wilson(s.Wins, s.N);
        var baselineWinRate = baseN == 0 ? double.NaN : (double)baseWins / baseN;
        var baselineMean = baseN == 0 ? double.NaN : baseSum / baseN;
        var claimed = rule.Claimed is { } c && c.Horizon == h ? c : null;
        var stats = new RuleHorizonStats
        {
            Signal = rule.Name,
            Tier = rule.Tier,
            Horizon = h,
            Condition = rule.BoundConditionText,
            Direction = rule.Direction == SignalDirection.Bullish ? "bullish" : "bearish",
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
            Lift = s.WinRate - baselineWinRate,
            IsN = isN,
            IsWinRate = isN == 0 ? double.NaN : (double)isWins / isN,
            IsMean = isN == 0 ? double.NaN : isSum / isN,
            OosN = oosN,
            OosWinRate = oosN == 0 ? double.NaN : (double)oosWins / oosN,
            OosMean = oosN == 0 ? double.NaN : oosSum / oosN,
            OosBaselineWinRate = oosBaseN == 0 ? double.NaN : (double)oosBaseWins / oosBaseN,
            ClaimedWinRate = claimed?.WinRate,
            ClaimedMean = claimed?.Mean,
            Verdict = "",
            VerdictReason = "",
        };
        var (verdict, reason) = Judge(stats, rule.Direction, options);
        return stats with { Verdict = verdict, VerdictReason = reason };
    }

    /// <summary>
    /// The verdict (docs/backtest.md): too few cases below the minimums; otherwise supported when every claimed figure
    /// lies inside or below its 95% interval and the measured edge points the claimed way (win rate above the baseline's
    /// and mean above the baseline's for a bullish rule, below for a bearish one); else not supported.
    /// </summary>
    public static (string Verdict, string Reason) Judge(RuleHorizonStats s, SignalDirection direction, BacktestOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        if (s.N < options.MinCases || s.Episodes < options.MinEpisodes)
        {
            return (Verdicts.TooFewCases, string.Create(inv,
                $"{s.N} signal days in {s.Episodes} episodes; at least {options.MinCases} days and {options.MinEpisodes} episodes are needed"));
        }

        var bullish = direction == SignalDirection.Bullish;
        if (s.ClaimedWinRate is { } cw)
        {
            // For a bearish rule the claim is about falling days: compare with 1 − the measured rate's interval.
            var high = bullish ? s.CiHigh : 1 - s.CiLow;
            if (cw > high)
                return (Verdicts.NotSupported, string.Create(inv, $"claimed win rate {cw:0%} is above the 95% interval's top {high:0.0%}"));
        }

        if (s.ClaimedMean is { } cm)
        {
            var se = s.Std / Math.Sqrt(s.N);
            var top = bullish ? s.Mean + (Inference.Z95 * se) : -(s.Mean - (Inference.Z95 * se));
            if (cm > top)
                return (Verdicts.NotSupported, string.Create(inv, $"claimed mean {cm:+0.00%;-0.00%;0.00%} is above the 95% interval's top {top:+0.00%;-0.00%;0.00%}"));
        }

        var edge = bullish ? s.Lift > 0 && s.Mean > s.BaselineMean : s.Lift < 0 && s.Mean < s.BaselineMean;
        if (!edge)
        {
            return (Verdicts.NotSupported, string.Create(inv,
                $"no {(bullish ? "bullish" : "bearish")} edge: win rate {s.WinRate:0.0%} vs baseline {s.BaselineWinRate:0.0%}, mean {s.Mean:+0.00%;-0.00%;0.00%} vs {s.BaselineMean:+0.00%;-0.00%;0.00%}"));
        }

        return (Verdicts.Supported, string.Create(inv,
            $"claims within the 95% intervals and the edge points the claimed way (lift {s.Lift:+0.0%;-0.0%;0.0%})"));
    }
}
