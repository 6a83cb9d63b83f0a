using IwmDesk.Analytics.Indicators;
using IwmDesk.Cli.Bench;

namespace IwmDesk.Cli.Tests.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_SmallRun_PrintsOneRowPerKernel()
    {
        var (exit, text, _) = await Run("bench", "--bars", "2000", "--runs", "1");
        exit.ShouldBe(0);
        foreach (var c in KernelBench.DefaultCases)
            text.ShouldContain(c.Name);
        text.ShouldContain("ns/bar");
        text.ShouldContain("2,000");
    }

    [Fact]
    public async Task Bench_ZeroBars_IsAnError()
    {
        var (exit, _, error) = await Run("bench", "--bars", "0");
        exit.ShouldBe(2);
        error.ShouldContain("--bars");
    }

    [Fact]
    public void Root_HasTheBenchCommand() =>
        CliApp.Build().Subcommands.Select(c => c.Name).ShouldContain("bench");

    /// <summary>Through the real entry point, so the table goes to the CLI's output writer like every command's.</summary>
    private static async Task<(int Exit, string Text, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
