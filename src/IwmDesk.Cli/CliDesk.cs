using System.CommandLine;
using IwmDesk.Decision;
using IwmDesk.Panel;
using IwmDesk.Session;

namespace IwmDesk.Cli;

/// <summary>
/// The clock every command judges freshness by: the system clock, or <c>IWMDESK_NOW</c> (an ISO 8601 instant, for
/// reproducible runs), or one a test sets for its own call (<see cref="Use"/>, scoped to the async flow).
/// </summary>
internal static class CliClock
{
    private static readonly AsyncLocal<TimeProvider?> Scoped = new();

    /// <summary>The clock in force.</summary>
    public static TimeProvider Current => Scoped.Value
        ?? (Environment.GetEnvironmentVariable("IWMDESK_NOW") is { Length: > 0 } now ? FixedClock.Parse(now, "IWMDESK_NOW") : TimeProvider.System);

    /// <summary>Uses <paramref name="clock"/> for the calls made in this async flow until disposed.</summary>
    public static IDisposable Use(TimeProvider clock)
    {
        var previous = Scoped.Value;
        Scoped.Value = clock;
        return new Restore(previous);
    }

    private sealed class Restore(TimeProvider? previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }
}

/// <summary>
/// Opens the desk for a command and notes the staleness warning, which <see cref="CliApp"/> writes to stderr once the
/// command has succeeded (a failing command prints only its one error line). The synthetic sample carries its banner
/// instead: it is never "current" and is not meant to be fetched into.
/// </summary>
internal static class CliDesk
{
    private static readonly AsyncLocal<List<string>?> Pending = new();

    /// <summary><see cref="Desk.Open"/> with the CLI's clock, then the staleness warning (docs/decision.md).</summary>
    public static Desk Open(ParseResult parseResult, PanelOptions? panelOptions = null, bool fillSampleWhenEmpty = true)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var desk = Desk.Open(parseResult.GetValue(GlobalOptions.Store), panelOptions, fillSampleWhenEmpty, CliClock.Current);
        NoteIfStale(desk.Store);
        return desk;
    }

    /// <summary>
    /// The as-of rule for the command's <c>--date</c> (<see cref="Desk.ResolveDate"/>), its notice written to stderr
    /// ("date: 2025-09-06 is a Saturday: using Friday 2025-09-05") so stdout holds the same answer as for the trading
    /// day itself; null when no date was given.
    /// </summary>
    public static AsOf? Resolve(ParseResult parseResult, Desk desk, DateOnly? requested)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(desk);
        var asOf = desk.ResolveDate(requested);
        WriteNotice(parseResult, asOf);
        return asOf;
    }

    /// <summary>Writes the as-of notice, if any, to stderr as one line.</summary>
    public static void WriteNotice(ParseResult parseResult, AsOf? asOf)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (asOf?.Notice is { } notice)
            CliOutput.Error(parseResult).WriteLine("date: " + notice);
    }

    /// <summary>Notes the staleness warning when the (real) store is behind the last completed trading day.</summary>
    public static void NoteIfStale(Data.Store.MarketStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.HasSample && DecisionRuns.StaleWarning(store, CliClock.Current) is { } warning && Pending.Value is { } list && !list.Contains(warning))
            list.Add(warning);
    }

    /// <summary>Starts collecting warnings for one invocation; the list is filled by the commands it runs.</summary>
    public static List<string> Collect()
    {
        var list = new List<string>();
        Pending.Value = list;
        return list;
    }
}
