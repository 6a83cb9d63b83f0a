using System.Collections.Concurrent;
using IwmDesk.Analytics.Statistics;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>One threshold variant of a rule at one horizon, judged in-sample and checked out-of-sample.</summary>
public sealed record SweepVariant
{
    public required string Signal { get; init; }

    public required int Horizon { get; init; }

    /// <summary>The variant's parameter values.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>The condition with the values written in.</summary>
    public required string Condition { get; init; }

    public required bool IsDefault { get; init; }

    public required int IsN { get; init; }

    public required double IsWinRate { get; init; }

    public required double IsMean { get; init; }

    public required double IsBaselineWinRate { get; init; }

    /// <summary>One-sided exact binomial p-value of the in-sample win rate against the in-sample baseline.</summary>
    public required double PValue { get; init; }

    /// <summary>Holm-adjusted p-value over every variant tried (all rules, horizons and grid points).</summary>
    public double AdjustedPValue { get; init; } = double.NaN;

    public required int OosN { get; init; }

    public required double OosWinRate { get; init; }

    public required double OosMean { get; init; }

    public required double OosBaselineWinRate { get; init; }

    /// <summary>Out-of-sample win rate above the out-of-sample baseline and mean above zero (bullish; mirrored for bearish).</summary>
    public required bool OosConfirms { get; init; }
}

/// <summary>The result of a sweep: how many variants were tried and the best ones per rule and horizon.</summary>
public sealed record SweepResult(int VariantsTried, string Adjustment, IReadOnlyList<SweepVariant> Best);

/// <summary>
/// Threshold sweep: every grid point of every rule (parameters not swept keep their defaults) at every horizon,
/// ranked in-sample by p-value, with the significance adjusted for the number of variants tried (Holm) and each
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
        for (var k = 0; k < horizons.Length; k++)
        {
            forward[k] = new double[panel.Count];
            int isN = 0, isW = 0, oosN = 0, oosW = 0;
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
                }
                else
                {
                    oosN++;
                    oosW += r > 0 ? 1 : 0;
                }
            }

            baselines[k] = (isN == 0 ? double.NaN : (double)isW / isN, oosN == 0 ? double.NaN : (double)oosW / oosN);
        }

        var all = new List<SweepVariant>();
        foreach (var rule in rules.Rules)
        {
            var grid = Grid(rule);
            var results = new SweepVariant[grid.Count * horizons.Length];
            var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
            Parallel.ForEach(
                Partitioner.Create(0, grid.Count, Math.Max(16, grid.Count / (4 * po.MaxDegreeOfParallelism))),
                po,
                () => (Condition: CompiledCondition.Compile(rule.Condition, panel), Mask: new sbyte[panel.Count]),
                (range, _, local) =>
                {
                    for (var g = range.Item1; g < range.Item2; g++)
                    {
                        local.Condition.Evaluate(grid[g], local.Mask);
                        for (var k = 0; k < horizons.Length; k++)
                            results[(g * horizons.Length) + k] = Score(rule, grid[g], horizons[k], local.Mask, forward[k], first, last, split, baselines[k]);
                    }

                    return local;
                },
                _ => { });
            all.AddRange(results);
        }

        var adjusted = Inference.Holm(all.Select(v => v.PValue).ToArray());
        for (var i = 0; i < all.Count; i++)
            all[i] = all[i] with { AdjustedPValue = adjusted[i] };
        var best = all
            .Where(v => v.IsN >= options.MinCases)
            .GroupBy(v => (v.Signal, v.Horizon))
            .SelectMany(g => g.OrderBy(v => double.IsNaN(v.PValue) ? 2 : v.PValue).ThenByDescending(v => v.IsWinRate).ThenByDescending(v => v.IsN).Take(bestPerRule))
            .ToList();
        return new SweepResult(all.Count, "Holm (family-wise error over every variant tried)", best);
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

    private static SweepVariant Score(
        SignalRule rule, Dictionary<string, double> parameters, int horizon, sbyte[] mask, double[] forward, int first, int last, int split, (double Is, double Oos) baseline)
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

        var bullish = rule.Direction == SignalDirection.Bullish;
        var p = bullish
            ? Inference.BinomialPValueAbove(isW, isN, baseline.Is)
            : Inference.BinomialPValueAbove(isN - isW, isN, 1 - baseline.Is);
        var oosWinRate = oosN == 0 ? double.NaN : (double)oosW / oosN;
        var oosMean = oosN == 0 ? double.NaN : oosSum / oosN;
        var isDefault = parameters.All(kv => rule.Parameters.TryGetValue(kv.Key, out var d) && d == kv.Value);
        return new SweepVariant
        {
            Signal = rule.Name,
            Horizon = horizon,
            Parameters = parameters,
            Condition = rule.BindText(parameters),
            IsDefault = isDefault,
            IsN = isN,
            IsWinRate = isN == 0 ? double.NaN : (double)isW / isN,
            IsMean = isN == 0 ? double.NaN : isSum / isN,
            IsBaselineWinRate = baseline.Is,
            PValue = p,
            OosN = oosN,
            OosWinRate = oosWinRate,
            OosMean = oosMean,
            OosBaselineWinRate = baseline.Oos,
            OosConfirms = oosN > 0 && (bullish ? oosWinRate > baseline.Oos && oosMean > 0 : oosWinRate < baseline.Oos && oosMean < 0),
        };
    }
}
