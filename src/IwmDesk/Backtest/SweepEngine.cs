using System.Collections.Concurrent;
using IwmDesk.Analytics.Statistics;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>One threshold variant of a rule at one horizon, judged in-sample and checked out-of-sample.</summary>
public sealed record SweepVariant
{
    /// <summary>The rule's name.</summary>
    public required string Signal { get; init; }

    /// <summary>Forward horizon, in trading days (close-to-close on adjusted closes).</summary>
    public required int Horizon { get; init; }

    /// <summary>The variant's parameter values.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>The condition with the values written in.</summary>
    public required string Condition { get; init; }

    /// <summary>True when every parameter has the rule's default value (the rule as the rules file writes it).</summary>
    public required bool IsDefault { get; init; }

    /// <summary>In-sample signal days with a closed forward window (the first <see cref="BacktestOptions.InSampleShare"/> of the range).</summary>
    public required int IsN { get; init; }

    /// <summary>Share of the in-sample signal days whose forward return is above 0 (fraction, 0..1); NaN without one.</summary>
    public required double IsWinRate { get; init; }

    /// <summary>Mean forward return of the in-sample signal days (fraction, 0.01 = +1%); NaN without one.</summary>
    public required double IsMean { get; init; }

    /// <summary>Share of every in-sample day with a closed forward window whose forward return is above 0 (fraction).</summary>
    public required double IsBaselineWinRate { get; init; }

    /// <summary>
    /// Newey–West t of the in-sample mean excess return over the in-sample baseline mean, in the rule's direction (the
    /// backtest's method: Bartlett, max(h − 1, ⌊4 (T/100)^(2/9)⌋) lags over the in-sample days).
    /// </summary>
    public required double TNw { get; init; }

    /// <summary>One-sided p-value of <see cref="TNw"/> (normal; no edge in the rule's direction as the null).</summary>
    public required double PValue { get; init; }

    /// <summary>Holm-adjusted p-value over every variant tried (all rules, horizons and grid points).</summary>
    public double AdjustedPValue { get; init; } = double.NaN;

    /// <summary>Out-of-sample signal days with a closed forward window (the range's tail after the in-sample share).</summary>
    public required int OosN { get; init; }

    /// <summary>Share of the out-of-sample signal days whose forward return is above 0 (fraction); NaN without one.</summary>
    public required double OosWinRate { get; init; }

    /// <summary>Mean forward return of the out-of-sample signal days (fraction); NaN without one.</summary>
    public required double OosMean { get; init; }

    /// <summary>Share of every out-of-sample day with a closed forward window whose forward return is above 0 (fraction).</summary>
    public required double OosBaselineWinRate { get; init; }

    /// <summary>Out-of-sample win rate above the out-of-sample baseline and mean above zero (bullish; mirrored for bearish).</summary>
    public required bool OosConfirms { get; init; }
}

/// <summary>The result of a sweep: how many variants were tried and the best ones per rule and horizon.</summary>
public sealed record SweepResult(int VariantsTried, string Adjustment, IReadOnlyList<SweepVariant> Best);

/// <summary>
/// Threshold sweep: every grid point of every rule (parameters not swept keep their defaults) at every horizon,
/// ranked in-sample by a Newey–West p-value (the backtest's dependence-aware test), with the significance adjusted for the number of variants tried (Holm) and each
/// best variant checked on the untouched out-of-sample tail. Forward returns, baselines and parameter-free parts of
/// each condition are computed once; variants run in parallel.
/// </summary>
public static class SweepEngine
{
    /// <summary>Runs the sweep. <paramref name="bestPerRule"/> variants are kept per rule and horizon.</summary>
    public static SweepResult Run(FeaturePanel panel, RuleSet rules, BacktestOptions? options = null, int bestPerRule = 3, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(rules);
        options ??= new BacktestOptions();
        var asOf = panel.Count - 1;
        var (first, last) = BacktestEngine.Range(panel, options, asOf);
        var split = first + (int)Math.Floor(Math.Max(0, last - first + 1) * options.InSampleShare);
        var adj = panel[PanelColumns.AdjClose];
        var horizons = options.Horizons.ToArray();
        var forward = new double[horizons.Length][];
        var baselines = new (double Is, double Oos)[horizons.Length];
        var isMeans = new double[horizons.Length];
        for (var k = 0; k < horizons.Length; k++)
        {
            forward[k] = new double[panel.Count];
            int isN = 0, isW = 0, oosN = 0, oosW = 0;
            double isSum = 0;
            for (var t = 0; t < panel.Count; t++)
            {
                var r = t >= first && t <= last ? BacktestEngine.ForwardReturn(adj, t, horizons[k], asOf) : double.NaN;
                forward[k][t] = r;
                if (double.IsNaN(r))
                    continue;
                if (t < split)
                {
                    isN++;
                    isW += r > 0 ? 1 : 0;
                    isSum += r;
                }
                else
                {
                    oosN++;
                    oosW += r > 0 ? 1 : 0;
                }
            }

            isMeans[k] = isN == 0 ? double.NaN : isSum / isN;
            baselines[k] = (isN == 0 ? double.NaN : (double)isW / isN, oosN == 0 ? double.NaN : (double)oosW / oosN);
        }

        var lags = horizons.Select(h => Dependence.NeweyWestLags(h, Math.Max(0, split - first))).ToArray();

        // Every variant's counts go into one flat struct array; only the best few become records (with text) at the end.
        var grids = new List<(SignalRule Rule, List<Dictionary<string, double>> Grid, int Offset)>();
        var total = 0;
        foreach (var rule in rules.Rules)
        {
            var grid = Grid(rule);
            grids.Add((rule, grid, total));
            total += grid.Count * horizons.Length;
        }

        var stats = new VariantStats[total];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        // As in the backtest: a dark-pool rule is scored on the days of one facility set only (docs/methodology.md).
        var dp = DarkPoolSets.Summarize(panel, first, last);
        foreach (var (rule, grid, offset) in grids)
        {
            var bullish = rule.Direction == SignalDirection.Bullish;
            var dpOnly = dp.DaysBySet.Count > 1 && CompiledCondition.Compile(rule.Condition, panel).Columns.Contains(PanelColumns.DpRatio)
                ? dp.BacktestSet
                : null;
            Parallel.ForEach(
                Partitioner.Create(0, grid.Count, Math.Max(16, grid.Count / (4 * po.MaxDegreeOfParallelism))),
                po,
                () => (Condition: CompiledCondition.Compile(rule.Condition, panel), Mask: new sbyte[panel.Count]),
                (range, _, local) =>
                {
                    for (var g = range.Item1; g < range.Item2; g++)
                    {
                        local.Condition.Evaluate(grid[g], local.Mask);
                        if (dpOnly is not null)
                        {
                            for (var t = first; t <= last; t++)
                            {
                                if (panel.DpSource[t] != dpOnly)
                                    local.Mask[t] = CompiledCondition.Unavailable;
                            }
                        }

                        for (var k = 0; k < horizons.Length; k++)
                            stats[offset + (g * horizons.Length) + k] = Score(local.Mask, forward[k], first, last, split, isMeans[k], lags[k], bullish);
                    }

                    return local;
                },
                _ => { });
        }

        var pValues = new double[total];
        for (var i = 0; i < total; i++)
            pValues[i] = stats[i].PValue;
        var adjusted = Inference.Holm(pValues);
        var best = new List<SweepVariant>();
        foreach (var (rule, grid, offset) in grids)
        {
            for (var k = 0; k < horizons.Length; k++)
            {
                var candidates = new List<int>();
                for (var g = 0; g < grid.Count; g++)
                {
                    var i = offset + (g * horizons.Length) + k;
                    if (stats[i].IsN >= options.MinCases)
                        candidates.Add(i);
                }

                candidates.Sort((a, b) =>
                {
                    var c = P(stats[a].PValue).CompareTo(P(stats[b].PValue));
                    if (c == 0)
                        c = stats[b].IsWinRate.CompareTo(stats[a].IsWinRate);
                    return c != 0 ? c : stats[b].IsN.CompareTo(stats[a].IsN);
                });
                foreach (var i in candidates.Take(bestPerRule))
                {
                    var g = (i - offset) / horizons.Length;
                    best.Add(Materialize(rule, grid[g], horizons[k], stats[i], adjusted[i], baselines[k]));
                }
            }
        }

        return new SweepResult(total, "Holm (family-wise error over every variant tried)", best);

        static double P(double p) => double.IsNaN(p) ? 2 : p;
    }

    /// <summary>Counts of one variant at one horizon.</summary>
    private readonly record struct VariantStats(int IsN, int IsWins, double IsSum, int OosN, int OosWins, double OosSum, double TNw, double PValue)
    {
        public double IsWinRate => IsN == 0 ? double.NaN : (double)IsWins / IsN;
    }

    /// <summary>The cartesian product of a rule's sweep grids, other parameters at their defaults.</summary>
    public static List<Dictionary<string, double>> Grid(SignalRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var grid = new List<Dictionary<string, double>> { new(rule.Parameters, StringComparer.Ordinal) };
        foreach (var (name, range) in rule.Sweep)
        {
            var next = new List<Dictionary<string, double>>();
            foreach (var partial in grid)
            {
                foreach (var value in range.Values())
                    next.Add(new Dictionary<string, double>(partial, StringComparer.Ordinal) { [name] = value });
            }

            grid = next;
        }

        return grid;
    }

    private static VariantStats Score(sbyte[] mask, double[] forward, int first, int last, int split, double isBaselineMean, int lags, bool bullish)
    {
        int isN = 0, isW = 0, oosN = 0, oosW = 0;
        double isSum = 0, oosSum = 0;
        for (var t = first; t <= last; t++)
        {
            if (mask[t] != CompiledCondition.True)
                continue;
            var r = forward[t];
            if (double.IsNaN(r))
                continue;
            if (t < split)
            {
                isN++;
                isSum += r;
                isW += r > 0 ? 1 : 0;
            }
            else
            {
                oosN++;
                oosSum += r;
                oosW += r > 0 ? 1 : 0;
            }
        }

        // The backtest's dependence-aware test on the in-sample days: overlapping windows of nearby signal days count
        // as the correlated observations they are.
        var t0 = isN < 2 ? double.NaN : (bullish ? 1 : -1) * Dependence.NeweyWestT(forward.AsSpan(first, split - first), mask.AsSpan(first, split - first), CompiledCondition.True, isBaselineMean, lags);
        return new VariantStats(isN, isW, isSum, oosN, oosW, oosSum, t0, Dependence.UpperTailP(t0));
    }

    private static SweepVariant Materialize(SignalRule rule, Dictionary<string, double> parameters, int horizon, VariantStats s, double adjusted, (double Is, double Oos) baseline)
    {
        var bullish = rule.Direction == SignalDirection.Bullish;
        var oosWinRate = s.OosN == 0 ? double.NaN : (double)s.OosWins / s.OosN;
        var oosMean = s.OosN == 0 ? double.NaN : s.OosSum / s.OosN;
        return new SweepVariant
        {
            Signal = rule.Name,
            Horizon = horizon,
            Parameters = parameters,
            Condition = rule.BindText(parameters),
            IsDefault = parameters.All(kv => rule.Parameters.TryGetValue(kv.Key, out var d) && d == kv.Value),
            IsN = s.IsN,
            IsWinRate = s.IsWinRate,
            IsMean = s.IsN == 0 ? double.NaN : s.IsSum / s.IsN,
            IsBaselineWinRate = baseline.Is,
            TNw = s.TNw,
            PValue = s.PValue,
            AdjustedPValue = adjusted,
            OosN = s.OosN,
            OosWinRate = oosWinRate,
            OosMean = oosMean,
            OosBaselineWinRate = baseline.Oos,
            OosConfirms = s.OosN > 0 && (bullish ? oosWinRate > baseline.Oos && oosMean > 0 : oosWinRate < baseline.Oos && oosMean < 0),
        };
    }
}
