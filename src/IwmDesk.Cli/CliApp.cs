using System.CommandLine;
using IwmDesk.Cli.Commands;

namespace IwmDesk.Cli;

/// <summary>Builds the command tree and runs it; user errors become one line on stderr and a non-zero exit code.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs with the given output and error writers (tests capture them; commands read them from the parse result).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build();
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            return await root.Parse(args).InvokeAsync(config).ConfigureAwait(false);
        }
        catch (IwmDeskException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("iwmdesk: the pre-trade analysis desk for the Russell 2000 ETF (IWM)");
        root.Options.Add(GlobalOptions.Store);
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(IndicatorsCommand.Create());
        root.Subcommands.Add(GexCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(ForecastCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(Commands.BenchCommand.Create());
        return root;
    }
}
