using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using IwmDesk.Analytics.Indicators;
using IwmDesk.Cli.Bench;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk bench [--bars N] [--runs R]</c>: times the analytics kernels on this machine.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bars = new Option<int>("--bars")
        {
            Description = "Bars per run (seeded random walk)",
            DefaultValueFactory = _ => 1_000_000,
        };
        var runs = new Option<int>("--runs")
        {
            Description = "Timed runs per kernel after one warm-up run; the best is reported",
            DefaultValueFactory = _ => 5,
        };
        var cmd = new Command("bench", "Time the indicator kernels on this machine (ns per bar, best of several runs)") { bars, runs };
        cmd.SetAction(parseResult =>
        {
            int n = parseResult.GetValue(bars), r = parseResult.GetValue(runs);
            if (n < 1)
                throw new IwmDeskException($"--bars must be at least 1 (got {n})");
            if (r < 1)
                throw new IwmDeskException($"--runs must be at least 1 (got {r})");
            Render(CliOutput.Console(parseResult), KernelBench.Run(n, r), r); // the CLI's writer, like every command
            return 0;
        });
        return cmd;
    }

    private static void Render(IAnsiConsole console, IReadOnlyList<KernelBenchRow> rows, int runs)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Kernel")
            .AddColumn(new TableColumn("Bars").RightAligned())
            .AddColumn(new TableColumn("ns/bar").RightAligned())
            .AddColumn(new TableColumn("M bars/s").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Name),
                row.Bars.ToString("N0", CultureInfo.InvariantCulture),
                row.NsPerBar.ToString("F2", CultureInfo.InvariantCulture),
                (1e3 / row.NsPerBar).ToString("F1", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        console.MarkupLine(Markup.Escape(
            $"best of {runs} runs after a warm-up, one thread; {Environment.ProcessorCount} logical cores, " +
            $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSArchitecture}. " +
            "Careful numbers: bench/IwmDesk.Benchmarks (BenchmarkDotNet), docs/performance.md."));
    }
}
