using System.Diagnostics;

using IwmDesk.Analytics.Indicators;
using IwmDesk.Benchmarking;

namespace IwmDesk.Cli.Bench;

/// <summary>One timed kernel.</summary>
/// <param name="Name">Kernel and parameters, e.g. <c>sma(50)</c>.</param>
/// <param name="Bars">Items processed per run (bars for the indicators).</param>
/// <param name="NsPerBar">Best run's wall time divided by <paramref name="Bars"/>, in nanoseconds.</param>
internal sealed record KernelBenchRow(string Name, int Bars, double NsPerBar);

/// <summary>
/// A kernel to time: <paramref name="Prepare"/> receives the shared input and returns the action to time (allocate
/// outputs inside Prepare, not in the action).
/// </summary>
/// <param name="Name">Kernel and parameters as shown in the table.</param>
/// <param name="Prepare">Builds the timed action from the input; called once per <see cref="KernelBench.Run"/>.</param>
internal sealed record KernelBenchCase(string Name, Func<KernelBenchInput, Action> Prepare);

/// <summary>
/// Times the analytics kernels with a <see cref="Stopwatch"/> on this machine: a warm-up run, then the best of a few
/// runs, in nanoseconds per bar. A quick check anyone can run (<c>iwmdesk bench</c>); the BenchmarkDotNet suite in
/// bench/IwmDesk.Benchmarks is the careful measurement. To add a kernel, add a <see cref="KernelBenchCase"/> to
/// <see cref="DefaultCases"/> (or pass your own list to <see cref="Run"/>).
/// </summary>
internal static class KernelBench
{
    /// <summary>The kernels timed by default, one line each.</summary>
    public static IReadOnlyList<KernelBenchCase> DefaultCases { get; } =
    [
        new("sma(50)", d => Out1(d, (src, dst) => Sma.Compute(src, 50, dst))),
        new("ema(20)", d => Out1(d, (src, dst) => Ema.Compute(src, 20, dst))),
        new("rsi(14)", d => Out1(d, (src, dst) => Rsi.Compute(src, 14, dst))),
        new("bollinger(20,2)", d =>
        {
            var r = new double[5][];
            for (int k = 0; k < 5; k++)
                r[k] = new double[d.Bars];
            return () => Bollinger.Compute(d.Close, 20, 2.0, r[0], r[1], r[2], r[3], r[4]);
        }),
        new("atr(14)", d =>
        {
            var dst = new double[d.Bars];
            return () => Atr.Compute(d.High, d.Low, d.Close, 14, dst);
        }),
        new("macd(12,26,9)", d =>
        {
            double[] m = new double[d.Bars], s = new double[d.Bars], h = new double[d.Bars];
            return () => Macd.Compute(d.Close, 12, 26, 9, m, s, h);
        }),
        new("realized_vol(20)", d => Out1(d, (src, dst) => RealizedVolatility.Compute(src, 20, dst))),
        new("correlation(20)", d =>
        {
            var dst = new double[d.Bars];
            return () => RollingCorrelation.Compute(d.Close, d.Other, 20, dst);
        }),
        new("relative_performance(20)", d =>
        {
            var dst = new double[d.Bars];
            return () => RelativePerformance.Compute(d.Close, d.Other, 20, dst);
        }),
        new("percentile_rank(252)", d => Out1(d, (src, dst) => PercentileRank.Compute(src, 252, dst))),
    ];

    /// <summary>Times each case over <paramref name="bars"/> bars: one warm-up run, then the best of
    /// <paramref name="runs"/> runs.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bars"/> or <paramref name="runs"/> is below 1.</exception>
    public static IReadOnlyList<KernelBenchRow> Run(int bars, int runs = 5, IEnumerable<KernelBenchCase>? cases = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bars, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var input = KernelBenchInput.Create(bars);
        var rows = new List<KernelBenchRow>();
        foreach (var c in cases ?? DefaultCases)
        {
            var action = c.Prepare(input);
            action(); // warm-up: JIT, page faults on the outputs
            long best = long.MaxValue;
            for (int r = 0; r < runs; r++)
            {
                long start = Stopwatch.GetTimestamp();
                action();
                best = Math.Min(best, Stopwatch.GetTimestamp() - start);
            }
            double ns = best * (1e9 / Stopwatch.Frequency) / bars;
            rows.Add(new KernelBenchRow(c.Name, bars, ns));
        }
        return rows;
    }

    private delegate void Kernel1(ReadOnlySpan<double> source, Span<double> destination);

    private static Action Out1(KernelBenchInput d, Kernel1 kernel)
    {
        var dst = new double[d.Bars];
        return () => kernel(d.Close, dst);
    }
}
