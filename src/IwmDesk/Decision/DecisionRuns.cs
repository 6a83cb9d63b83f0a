using IwmDesk.Analysts;
using IwmDesk.Data.Store;
using IwmDesk.Forecast;
using IwmDesk.Journal;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Workflow;

namespace IwmDesk.Decision;

/// <summary>Everything a trader reads for one date: the decision first, and the forecast and workflow it reconciles.</summary>
/// <param name="Decision">The reconciled decision.</param>
/// <param name="Forecast">The forecast for the date.</param>
/// <param name="Workflow">The workflow for the date.</param>
/// <param name="AsOf">How the requested date resolved (the as-of rule); null when none was asked for (the last bar).</param>
public sealed record DeskDay(DeskDecision Decision, ForecastResult Forecast, WorkflowResult Workflow, AsOf? AsOf = null)
{
    /// <summary>The one-line as-of notice when the requested date was not a day with data; null otherwise.</summary>
    public string? Notice => AsOf?.Notice;
}

/// <summary>
/// Builds the decision for a date from a desk session: the forecast, the workflow (with an options print in step 3 when
/// given) and the store's freshness at the desk's clock. Every command, page and API asks here, so <c>forecast</c>,
/// <c>workflow</c>, <c>decision</c>, the report and the dashboard show the same decision for the same date.
/// </summary>
public static class DecisionRuns
{
    /// <summary>
    /// The decision (and its two inputs) for <paramref name="date"/> (default: the last IWM bar), resolved by the as-of
    /// rule (<see cref="Desk.ResolveDate"/>): a weekend, a holiday or a weekday missing from the store uses the trading
    /// day before it, and <see cref="DeskDay.AsOf"/> carries the notice.
    /// </summary>
    public static DeskDay Build(Desk desk, RuleSet rules, DateOnly? date, FlowPrint? print = null, string? templatesDir = null)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(rules);
        var asOf = desk.ResolveDate(date);
        var forecast = ForecastRuns.Build(desk.Store, desk.Panel, rules, asOf?.Date);
        var workflow = WorkflowRunner.Run(DeskContext.Build(desk, forecast.Date, rules, templatesDir, print));
        return Build(desk, forecast, workflow, date) with { AsOf = asOf };
    }

    /// <summary>The decision from a forecast and a workflow already built for the same date.</summary>
    public static DeskDay Build(Desk desk, ForecastResult forecast, WorkflowResult workflow, DateOnly? requested)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(forecast);
        var freshness = FreshnessCheck.Check(desk.Panel, desk.Clock, forecast.Date, desk.PanelOptions.MaxStalenessDays);
        return new DeskDay(DecisionRules.Build(forecast, workflow, freshness, requested), forecast, workflow);
    }

    /// <summary>
    /// The store-level staleness warning (newest IWM bar older than the last completed trading day at
    /// <paramref name="clock"/>'s now), or null when current or empty. Reads only IWM's dates: cheap enough for every command.
    /// </summary>
    public static string? StaleWarning(MarketStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var dates = store.LoadDates("IWM");
        if (dates.Length == 0)
            return null;
        var completed = MarketClock.LastCompletedTradingDay(clock.GetUtcNow());
        var behind = Data.TradingCalendar.CountBetween(dates[^1], completed);
        return behind <= 0 ? null : new DataFreshness
        {
            CheckedAt = clock.GetUtcNow(),
            LastCompletedTradingDay = completed,
            NewestBar = dates[^1],
            TradingDaysBehind = behind,
            Inputs = [],
        }.Warning;
    }
}
