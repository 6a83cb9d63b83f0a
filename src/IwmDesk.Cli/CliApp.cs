using System.CommandLine;
using IwmDesk.Cli.Commands;
using IwmDesk.Security;

namespace IwmDesk.Cli;

/// <summary>Builds the command tree and runs it; user errors become one line on stderr and a non-zero exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        // The console itself goes through the redactor too, so whatever writes to Console.Out (Spectre's terminal
        // console included) cannot print a secret.
        var output = SecretRedactor.Shared.Wrap(Console.Out);
        var error = SecretRedactor.Shared.Wrap(Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        return await RunAsync(args, output, error).ConfigureAwait(false);
    }

    /// <summary>Runs with the given output and error writers (tests capture them; commands read them from the parse result).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(args, output, error, CancellationToken.None);

    /// <summary>Runs with the given writers; cancelling <paramref name="cancellationToken"/> is Ctrl+C (tests stop <c>serve</c> this way).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // The stdout/stderr boundary of the one redaction step (issue 17): every byte a command prints passes it.
        SecretRedactor.Shared.Register(Environment.GetEnvironmentVariable(IwmDesk.Llm.LlmSettingsResolver.ApiKeyVariable), "model API key");
        output = SecretRedactor.Shared.Wrap(output);
        error = SecretRedactor.Shared.Wrap(error);
        try
        {
            return await RunCoreAsync(args, output, error, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunCoreAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = Build();
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        ParseResult? parsed = null;
        try
        {
            parsed = root.Parse(args);
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
        catch (System.Data.Common.DbException ex)
        {
            // A store failure that escaped a command (damaged file, read-only file or directory, locked): one line naming the store.
            var location = StoreLocation(parsed);
            await error.WriteLineAsync("error: " + (location is null ? OneLine(ex.Message) : IwmDesk.Data.Store.StoreHealth.Describe(ex, location))).ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("error: " + OneLine(ex.Message)).ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Last resort: never a stack trace. This is a bug to report, so it says what failed.
            await error.WriteLineAsync($"error: unexpected failure ({ex.GetType().Name}): {OneLine(ex.Message)} — this is a bug in iwmdesk; please report it with the command that caused it").ConfigureAwait(false);
            return 70;
        }
    }

    private static string OneLine(string s) =>
        string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The store the command used (as <c>--store</c> or the environment resolve it), or null when that cannot be told.</summary>
    private static string? StoreLocation(ParseResult? parsed)
    {
        try
        {
            return IwmDesk.Data.Store.StoreLocator.Resolve(parsed?.GetValue(GlobalOptions.Store)).Path;
        }
        catch (IwmDeskException)
        {
            return null;
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
        root.Options.Add(GlobalOptions.NoColor);
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(IndicatorsCommand.Create());
        root.Subcommands.Add(GexCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(DecisionCommand.Create());
        root.Subcommands.Add(ForecastCommand.Create());
        root.Subcommands.Add(PromptsCommand.Create());
        root.Subcommands.Add(KreCommand.Create());
        root.Subcommands.Add(HoldingsCommand.Create());
        root.Subcommands.Add(FlowCommand.Create());
        root.Subcommands.Add(WorkflowCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(Commands.BenchCommand.Create());
        root.Subcommands.Add(DailyCommand.Create());
        root.Subcommands.Add(ScheduleCommand.Create());
        return root;
    }
}
