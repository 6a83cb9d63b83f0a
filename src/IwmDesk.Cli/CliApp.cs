using System.CommandLine;
using IwmDesk.Cli.Commands;

namespace IwmDesk.Cli;

/// <summary>Builds the command tree and runs it; user errors become one line on stderr and a non-zero exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(config).ConfigureAwait(false);
        }
        catch (IwmDeskException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("iwmdesk: the pre-trade analysis desk for the Russell 2000 ETF (IWM)");
        root.Options.Add(GlobalOptions.Store);
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }
}
