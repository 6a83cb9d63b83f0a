using System.CommandLine;
using IwmDesk.Cli.Commands;

namespace IwmDesk.Cli;

/// <summary>Builds the command tree and runs it; user errors become one line on stderr and a non-zero exit code.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs with the given output and error writers (tests capture them; commands read them from the parse result).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(args, output, error, CancellationToken.None);

    /// <summary>Runs with the given writers; cancelling <paramref name="cancellationToken"/> is Ctrl+C (tests stop <c>serve</c> this way).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = Build();
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // One plain line per problem and a pointer to help, not the whole help text: bad input is exit code 2.
                foreach (var e in parsed.Errors)
                    await error.WriteLineAsync("error: " + e.Message.Replace(Environment.NewLine, " ", StringComparison.Ordinal).Replace('\t', ' ')).ConfigureAwait(false);
                await error.WriteLineAsync($"see: iwmdesk {string.Join(' ', CommandPath(parsed.CommandResult))} --help".Replace("  ", " ", StringComparison.Ordinal)).ConfigureAwait(false);
                return 2;
            }

            var warnings = CliDesk.Collect();
            var code = await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
            if (code is 0 or 3 or 4)
            {
                foreach (var w in warnings)
                    await error.WriteLineAsync(w).ConfigureAwait(false);
            }

            return code;
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

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var r = result; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
            names.Push(r.Command.Name);
        return names;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("iwmdesk: the pre-trade analysis desk for the Russell 2000 ETF (IWM)");
        root.Options.Add(GlobalOptions.Store);
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(IndicatorsCommand.Create());
        root.Subcommands.Add(GexCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(DecisionCommand.Create());
        root.Subcommands.Add(ForecastCommand.Create());
        root.Subcommands.Add(PromptsCommand.Create());
        root.Subcommands.Add(KreCommand.Create());
        root.Subcommands.Add(FlowCommand.Create());
        root.Subcommands.Add(WorkflowCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(Commands.BenchCommand.Create());
        return root;
    }
}
