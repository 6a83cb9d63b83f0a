using System.Globalization;
using IwmDesk.Analysts;
using IwmDesk.Backtest;
using IwmDesk.Data;
using IwmDesk.Forecast;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Workflow;

namespace IwmDesk.Alerts;

/// <summary>
/// A condition's measured record as of the alert's day, from the backtest engine: signal days whose horizon closed by
/// then, how often IWM was higher <see cref="Horizon"/> trading days later, against the same share over every day.
/// </summary>
/// <param name="Subject">What was measured (the rule or alert name).</param>
/// <param name="Condition">The condition as measured.</param>
/// <param name="Horizon">Trading days ahead.</param>
/// <param name="N">Signal days with a matured forward return.</param>
/// <param name="Episodes">Runs of consecutive signal days (the independent-ish count).</param>
/// <param name="UpRate">Share of those days after which IWM was higher.</param>
/// <param name="BaseRate">Share of every day (with a matured return) after which IWM was higher.</param>
/// <param name="BaseN">Days behind the base rate (null when not known).</param>
/// <param name="Direction">bullish or bearish: the way the condition is read (bearish: an up rate below the base is the edge).</param>
/// <param name="Verdict">The backtest's verdict (e.g. supported, too few cases).</param>
public sealed record AlertRecord(
    string Subject, string Condition, int Horizon, int N, int Episodes, double UpRate, double BaseRate, int? BaseN, string Direction, string Verdict)
{
    /// <summary>One line: <c>n=305 days in 87 episodes: IWM up 5 days later 62.0% vs base rate 55.4% (n=5,012); verdict supported</c>.</summary>
    public string Text()
    {
        var inv = CultureInfo.InvariantCulture;
        if (N == 0)
            return string.Create(inv, $"no measured record: the condition never held with {Horizon} trading days of data after it");
        var baseN = BaseN is { } b ? string.Create(inv, $" (n={b:N0})") : "";
        return string.Create(inv,
            $"n={N:N0} days in {Episodes:N0} episodes: IWM up {Horizon} trading day{(Horizon == 1 ? "" : "s")} later {Pct(UpRate)} vs base rate {Pct(BaseRate)}{baseN}; verdict {Verdict}");
    }

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "n/a";
}

/// <summary>An alert that fired: its message, and the measured record behind it where one exists.</summary>
/// <param name="Definition">The alert.</param>
/// <param name="Headline">One line saying what happened.</param>
/// <param name="Records">The measured records (a condition's own, each activated rule's); empty for events without one.</param>
/// <param name="Details">Further lines (the failed sources, the stale series, ...).</param>
public sealed record FiredAlert(AlertDefinition Definition, string Headline, IReadOnlyList<AlertRecord> Records, IReadOnlyList<string> Details)
{
    /// <summary>The message text every channel sends (the webhook's <c>text</c>, the mail body, the output line).</summary>
    public string Text(DateOnly tradingDay)
    {
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"IwmDesk {tradingDay:yyyy-MM-dd} · {Definition.Name}: {Headline}") };
        foreach (var r in Records)
            lines.Add($"measured ({r.Subject}: {r.Condition}): {r.Text()}");
        if (Records.Count == 0 && Definition.Event != AlertEvents.Condition)
            lines.Add("measured: no record for this event (it is not a condition the backtest can count)");
        lines.AddRange(Details);
        return string.Join('\n', lines);
    }
}

/// <summary>
/// What the alerts are evaluated on: the day's forecast and workflow and the previous trading day's (both from data up
/// to their own dates), the panel, and the day's fetch failures.
/// </summary>
public sealed record AlertFacts
{
    /// <summary>The trading day of the run (New York).</summary>
    public required DateOnly TradingDay { get; init; }

    /// <summary>The panel (only rows up to <see cref="AsOfIndex"/> are read).</summary>
    public required FeaturePanel Panel { get; init; }

    /// <summary>The row of the last IWM bar used.</summary>
    public required int AsOfIndex { get; init; }

    /// <summary>The rules (their verdicts decide which activations are an edge).</summary>
    public required RuleSet Rules { get; init; }

    /// <summary>The forecast as of the last bar.</summary>
    public required ForecastResult Forecast { get; init; }

    /// <summary>The forecast as of the bar before (null on the first bar).</summary>
    public ForecastResult? PreviousForecast { get; init; }

    /// <summary>The workflow as of the last bar.</summary>
    public required WorkflowResult Workflow { get; init; }

    /// <summary>The workflow as of the bar before (null on the first bar).</summary>
    public WorkflowResult? PreviousWorkflow { get; init; }

    /// <summary>The day's decision in one phrase (null: the checklist's, from <see cref="Workflow"/>).</summary>
    public string? Decision { get; init; }

    /// <summary>The previous day's decision in one phrase (null: the checklist's, from <see cref="PreviousWorkflow"/>).</summary>
    public string? PreviousDecision { get; init; }

    /// <summary>One line per failed source of the day's fetch.</summary>
    public IReadOnlyList<string> SourceFailures { get; init; } = [];
}

/// <summary>Evaluates the alerts file on the day's facts (docs/daily.md lists what each event means).</summary>
public static class AlertEvaluator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The verdicts that count as a measured edge: today's "supported" and the "edge" verdict of the dependence-aware
    /// backtest (issue 13), so either vocabulary works.
    /// </summary>
    public static bool IsEdge(string verdict) => verdict is "edge";

    /// <summary>Whether the dependence-aware backtest found an edge.</summary>
    public static bool IsEdge(EdgeVerdict? verdict) => verdict == EdgeVerdict.Edge;

    /// <summary>The alerts that fire on <paramref name="facts"/>, in file order.</summary>
    public static IReadOnlyList<FiredAlert> Evaluate(AlertConfig config, AlertFacts facts)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(facts);
        var fired = new List<FiredAlert>();
        foreach (var a in config.Alerts)
        {
            if (Evaluate(a, facts) is { } f)
                fired.Add(f);
        }

        return fired;
    }

    /// <summary>The measured record of a condition alert as of the facts' day (null for other alerts).</summary>
    public static AlertRecord? Measure(AlertDefinition alert, FeaturePanel panel, int asOfIndex)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Condition is null)
            return null;
        var rule = alert.Condition.Rules[0];
        var stats = BacktestEngine.Run(panel, alert.Condition, new BacktestOptions { Horizons = rule.Horizons }, asOfIndex)[0];
        return new AlertRecord(alert.Name, rule.BoundConditionText, stats.Horizon, stats.N, stats.Episodes, stats.WinRate, stats.BaselineWinRate,
            stats.BaselineN, stats.Direction, stats.Verdict.Text());
    }

    private static FiredAlert? Evaluate(AlertDefinition a, AlertFacts f) => a.Event switch
    {
        AlertEvents.Condition => ConditionAlert(a, f),
        AlertEvents.RuleActive => RuleActive(a, f),
        AlertEvents.GammaFlipCrossed => GammaFlip(a, f),
        AlertEvents.KreDivergenceStarted => Kre(a, f),
        AlertEvents.RegimeChanged => Regime(a, f),
        AlertEvents.DecisionChanged => Decision(a, f),
        AlertEvents.ForecastChanged => ForecastCall(a, f),
        AlertEvents.DataStale => Stale(a, f),
        AlertEvents.SourceFailed => f.SourceFailures.Count == 0
            ? null
            : new FiredAlert(a, string.Create(Inv, $"{f.SourceFailures.Count} data source failure(s) in today's fetch; the rest ran"), [], f.SourceFailures),
        _ => null,
    };

    private static FiredAlert? ConditionAlert(AlertDefinition a, AlertFacts f)
    {
        var rule = a.Condition!.Rules[0];
        var mask = CompiledCondition.Compile(rule.Condition, f.Panel).Evaluate(rule.Parameters);
        var i = f.AsOfIndex;
        if (mask[i] != CompiledCondition.True)
            return null;
        if (!a.WhileTrue && i > 0 && mask[i - 1] == CompiledCondition.True)
            return null;
        var record = Measure(a, f.Panel, i)!;
        var headline = a.WhileTrue
            ? $"`{a.ConditionText}` holds on {f.Panel.Dates[i]:yyyy-MM-dd}"
            : $"`{a.ConditionText}` became true on {f.Panel.Dates[i]:yyyy-MM-dd}";
        return new FiredAlert(a, string.Create(Inv, $"{headline}"), [record], []);
    }

    private static FiredAlert? RuleActive(AlertDefinition a, AlertFacts f)
    {
        var before = f.PreviousForecast?.ActiveSignals.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (before is null)
            return null;
        var records = new List<AlertRecord>();
        var names = new List<string>();
        foreach (var s in f.Forecast.ActiveSignals)
        {
            if (before.Contains(s.Name))
                continue;
            var edges = s.Edges.Where(e => IsEdge(e.Verdict)).ToList();
            if (edges.Count == 0)
                continue;
            names.Add(string.Create(Inv, $"{s.Name} (tier {s.Tier}, {s.Label})"));
            var direction = f.Rules.Rules.FirstOrDefault(r => r.Name == s.Name)?.Direction == SignalDirection.Bearish ? "bearish" : "bullish";
            records.AddRange(edges.Select(e => new AlertRecord(s.Name, s.Condition, e.Horizon, e.N, e.Episodes, e.WinRate, e.BaselineWinRate, null, direction, e.Verdict.Text())));
        }

        return names.Count == 0
            ? null
            : new FiredAlert(a, $"{string.Join(", ", names)} became active on {f.Forecast.Date:yyyy-MM-dd}, with a measured edge", records, []);
    }

    private static FiredAlert? GammaFlip(AlertDefinition a, AlertFacts f)
    {
        var i = f.AsOfIndex;
        if (f.Forecast.State.GammaFlip is not { } flip || i == 0)
            return null;
        var close = f.Panel[PanelColumns.Close];
        var (before, now) = (close[i - 1], close[i]);
        if (!double.IsFinite(before) || !double.IsFinite(now) || Math.Sign(before - flip) == Math.Sign(now - flip) || Math.Sign(now - flip) == 0)
            return null;
        var way = now > flip ? "above" : "below";
        return new FiredAlert(a,
            string.Create(Inv, $"IWM closed {way} the gamma flip {flip:0.00} ({before:0.00} → {now:0.00}): dealers are now {(now > flip ? "long" : "short")} gamma at spot"),
            [], [string.Create(Inv, $"flip from the IWM chain of {f.Forecast.Date:yyyy-MM-dd}")]);
    }

    private static FiredAlert? Kre(AlertDefinition a, AlertFacts f)
    {
        var now = Step<KrePressureResult>(f.Workflow);
        var before = Step<KrePressureResult>(f.PreviousWorkflow);
        if (now is not { DivergentToday: true } || before is null || before.DivergentToday)
            return null;
        var closed = now.Episodes.Where(e => double.IsFinite(e.IwmFollowUp)).ToList();
        var details = new List<string> { now.Summary };
        if (closed.Count > 0)
        {
            var down = closed.Count(e => e.IwmFollowUp < 0);
            details.Add(string.Create(Inv, $"past divergence episodes: {closed.Count}; IWM lower over the follow-up after {down} of them ({(double)down / closed.Count:0.0%})"));
        }

        return new FiredAlert(a, $"KRE and IWM started to diverge on {now.Date:yyyy-MM-dd}: {now.Verdict.Text()}", [], details);
    }

    private static FiredAlert? Regime(AlertDefinition a, AlertFacts f)
    {
        var now = Step<MacroRegimeResult>(f.Workflow)?.Regime;
        var before = Step<MacroRegimeResult>(f.PreviousWorkflow)?.Regime;
        if (now is null || before is null || now == MacroRegime.NotAvailable || before == MacroRegime.NotAvailable || now == before)
            return null;
        return new FiredAlert(a, $"the macro regime changed: {before.Value.Text()} → {now.Value.Text()}", [], []);
    }

    /// <summary>The day's decision as one phrase (the checklist's conviction and direction).</summary>
    public static string Decision(WorkflowResult workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var c = workflow.Checklist;
        return c.Conviction switch
        {
            WorkflowRunner.ConvictionHigh => $"high conviction {c.Direction}",
            WorkflowRunner.ConvictionLow => $"reduce size, {c.Direction}",
            _ => "wait",
        };
    }

    private static FiredAlert? Decision(AlertDefinition a, AlertFacts f)
    {
        if (f.PreviousWorkflow is null)
            return null;
        var before = f.PreviousDecision ?? Decision(f.PreviousWorkflow);
        var now = f.Decision ?? Decision(f.Workflow);
        return before == now ? null : new FiredAlert(a, $"the decision changed: {before} → {now}", [], [f.Workflow.Checklist.Advice]);
    }

    private static FiredAlert? ForecastCall(AlertDefinition a, AlertFacts f)
    {
        if (f.PreviousForecast is not { } p)
            return null;
        var changes = new List<string>();
        if (p.Tomorrow.Call != f.Forecast.Tomorrow.Call)
            changes.Add($"tomorrow {p.Tomorrow.Call} → {f.Forecast.Tomorrow.Call}");
        if (p.Next5Days.Call != f.Forecast.Next5Days.Call)
            changes.Add($"next 5 days {p.Next5Days.Call} → {f.Forecast.Next5Days.Call}");
        return changes.Count == 0 ? null : new FiredAlert(a, "the forecast call changed: " + string.Join(", ", changes), [], []);
    }

    private static FiredAlert? Stale(AlertDefinition a, AlertFacts f)
    {
        var asOf = f.Panel.Dates[f.AsOfIndex];
        var details = new List<string>();
        var lag = TradingCalendar.CountBetween(asOf, f.TradingDay);
        if (lag > a.MaxLagDays)
            details.Add(string.Create(Inv, $"IWM's last bar is {asOf:yyyy-MM-dd}, {lag} trading day(s) behind {f.TradingDay:yyyy-MM-dd}"));
        foreach (var (series, last) in f.Forecast.State.SeriesLastDates)
        {
            var behind = TradingCalendar.CountBetween(last, asOf);
            if (behind > a.MaxSeriesLagDays)
                details.Add(string.Create(Inv, $"{series} ends {last:yyyy-MM-dd}, {behind} trading days behind IWM"));
        }

        return details.Count == 0 ? null : new FiredAlert(a, string.Create(Inv, $"{details.Count} stale input(s)"), [], details);
    }

    private static T? Step<T>(WorkflowResult? w)
        where T : class, IStepResult => w?.Steps.Select(s => s.Result).OfType<T>().FirstOrDefault();
}
