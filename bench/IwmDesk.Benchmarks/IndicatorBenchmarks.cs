using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using IwmDesk.Analytics.Indicators;
using IwmDesk.Benchmarking;

namespace IwmDesk.Benchmarks;

/// <summary>
/// The indicator batch kernels over 1M and 10M bars of seeded random-walk prices (the same input as
/// <c>iwmdesk bench</c> (src/IwmDesk.Cli/Bench/KernelBench.cs) and scripts/bench/baseline.c). Run:
/// <c>dotnet run -c Release --project bench/IwmDesk.Benchmarks -- --filter '*Indicator*'</c>.
/// The ns/bar column divides the mean by the bar count; targets and results are in docs/performance.md.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class IndicatorBenchmarks
{
    private KernelBenchInput _input = null!;
    private double[] _o1 = null!, _o2 = null!, _o3 = null!, _o4 = null!, _o5 = null!;

    [Params(1_000_000, 10_000_000)]
    public int Bars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = KernelBenchInput.Create(Bars);
        _o1 = new double[Bars];
        _o2 = new double[Bars];
        _o3 = new double[Bars];
        _o4 = new double[Bars];
        _o5 = new double[Bars];
    }

    [Benchmark(Description = "sma(50)")]
    public void Sma50() => Sma.Compute(_input.Close, 50, _o1);

    [Benchmark(Description = "ema(20)")]
    public void Ema20() => Ema.Compute(_input.Close, 20, _o1);

    [Benchmark(Description = "rsi(14)")]
    public void Rsi14() => Rsi.Compute(_input.Close, 14, _o1);

    [Benchmark(Description = "bollinger(20,2)")]
    public void Bollinger20() => Bollinger.Compute(_input.Close, 20, 2.0, _o1, _o2, _o3, _o4, _o5);

    [Benchmark(Description = "atr(14)")]
    public void Atr14() => Atr.Compute(_input.High, _input.Low, _input.Close, 14, _o1);

    [Benchmark(Description = "macd(12,26,9)")]
    public void Macd12269() => Macd.Compute(_input.Close, 12, 26, 9, _o1, _o2, _o3);

    [Benchmark(Description = "realized_vol(20)")]
    public void RealizedVol20() => RealizedVolatility.Compute(_input.Close, 20, _o1);

    [Benchmark(Description = "correlation(20)")]
    public void Correlation20() => RollingCorrelation.Compute(_input.Close, _input.Other, 20, _o1);

    [Benchmark(Description = "relative_performance(20)")]
    public void RelativePerformance20() => RelativePerformance.Compute(_input.Close, _input.Other, 20, _o1);

    [Benchmark(Description = "percentile_rank(252)")]
    public void PercentileRank252() => PercentileRank.Compute(_input.Close, 252, _o1);

    /// <summary>A short run (3 warm-up, 5 measured iterations, one launch) so the suite takes minutes on 2 cores.</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1));
            AddColumn(new NsPerBarColumn());
            AddDiagnoser(MemoryDiagnoser.Default);
            Orderer = new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared);
        }
    }

    /// <summary>Mean time divided by the Bars parameter, in nanoseconds.</summary>
    private sealed class NsPerBarColumn : IColumn
    {
        public string Id => nameof(NsPerBarColumn);

        public string ColumnName => "ns/bar";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Mean time per bar (Mean / Bars), nanoseconds";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            var bars = benchmarkCase.Parameters["Bars"];
            return mean is null || bars is not int n ? "-" : (mean.Value / n).ToString("F2", CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
