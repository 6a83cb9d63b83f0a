using IwmDesk.Benchmarking;
using IwmDesk.Cli.Bench;

namespace IwmDesk.Cli.Tests.Commands;

public sealed class KernelBenchTests
{
    [Fact]
    public void Run_ZeroBars_ThrowsNamingTheParameter() =>
        Should.Throw<ArgumentOutOfRangeException>(() => KernelBench.Run(0)).ParamName.ShouldBe("bars");

    [Fact]
    public void Run_DefaultCases_ReturnsOneTimedRowPerKernel()
    {
        var rows = KernelBench.Run(bars: 2000, runs: 1);
        rows.Select(r => r.Name).ShouldBe(KernelBench.DefaultCases.Select(c => c.Name));
        rows.ShouldAllBe(r => r.Bars == 2000 && r.NsPerBar > 0 && double.IsFinite(r.NsPerBar));
    }

    [Fact]
    public void Run_CustomCase_IsPreparedOnceAndTimed()
    {
        int prepared = 0, calls = 0;
        var custom = new KernelBenchCase("custom", input =>
        {
            prepared++;
            input.Bars.ShouldBe(500);
            return () => calls++;
        });
        var rows = KernelBench.Run(500, runs: 3, cases: [custom]);
        rows.Single().Name.ShouldBe("custom");
        prepared.ShouldBe(1);
        calls.ShouldBe(4); // one warm-up + three timed runs
    }

    [Fact]
    public void Input_SameSeed_IsReproducible()
    {
        KernelBenchInput.Create(100, 1).Close.ShouldBe(KernelBenchInput.Create(100, 1).Close);
        KernelBenchInput.Create(100, 1).Close.ShouldNotBe(KernelBenchInput.Create(100, 2).Close);
    }
}
