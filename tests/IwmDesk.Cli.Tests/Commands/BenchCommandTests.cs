using System.CommandLine;
using IwmDesk.Analytics.Indicators;
using IwmDesk.Cli.Commands;
using Spectre.Console;

namespace IwmDesk.Cli.Tests.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_SmallRun_PrintsOneRowPerKernel()
    {
        var (exit, text) = Run("bench", "--bars", "2000", "--runs", "1");
        exit.ShouldBe(0);
        foreach (var c in KernelBench.DefaultCases)
            text.ShouldContain(c.Name);
        text.ShouldContain("ns/bar");
        text.ShouldContain("2,000");
    }

    [Fact]
    public void Bench_ZeroBars_IsAnError()
    {
        var ex = Should.Throw<IwmDeskException>(() => Run("bench", "--bars", "0"));
        ex.Message.ShouldContain("--bars");
    }

    [Fact]
    public void Root_HasTheBenchCommand() =>
        CliApp.Build().Subcommands.Select(c => c.Name).ShouldContain("bench");

    private static (int Exit, string Text) Run(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        var root = new RootCommand { BenchCommand.Create(console) };
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        int exit = root.Parse(args).Invoke(config);
        return (exit, writer.ToString());
    }
}
