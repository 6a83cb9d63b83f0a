using BenchmarkDotNet.Attributes;
using IwmDesk.Data.Sample;

namespace IwmDesk.Benchmarks;

/// <summary>
/// The bundled sample is generated on first use of an empty store, so it must be quick: target well under 100 ms
/// for the default seven years of every series, the chain and the revisions.
/// Baseline (2 shared cores, .NET 10, loaded machine): see docs/sample-data.md.
/// </summary>
[MemoryDiagnoser]
public class SampleGeneratorBenchmarks
{
    [Benchmark]
    public SampleDataSet GenerateDefaultSevenYears() => SampleGenerator.Generate();

    [Benchmark]
    public SampleDataSet GenerateThirtyYears() => SampleGenerator.Generate(new SampleOptions { Years = 30 });
}
