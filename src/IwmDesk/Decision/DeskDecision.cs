using IwmDesk.Data;
using IwmDesk.Analysts;
using IwmDesk.Forecast;
using IwmDesk.Text;
using IwmDesk.Workflow;

namespace IwmDesk.Decision;

/// <summary>One horizon's call as the decision shows it: the direction, P(up) and the baseline it is measured against.</summary>
/// <param name="Horizon">Trading days ahead (1 or 5).</param>
/// <param name="Call">Bullish, Bearish or Neutral (the forecast calls a direction only with a measured edge).</param>
/// <param name="PUp">P(IWM higher at the horizon), a fraction.</param>
/// <param name="BaselinePUp">The unconditional P(up) at the horizon over the history up to the date.</param>
/// <param name="Rules">Active rules that contributed a measured edge.</param>
public sealed record DecisionCall(int Horizon, string Call, double PUp, double BaselinePUp, int Rules)
{
    /// <summary>P(up) minus the baseline, a fraction (NaN when either is unknown).</summary>
    public double EdgeVsBaseline => PUp - BaselinePUp;

    /// <summary>+1 Bullish, −1 Bearish, 0 Neutral.</summary>
    public int Sign => Call == Calls.Bullish ? 1 : Call == Calls.Bearish ? -1 : 0;
}

/// <summary>The workflow's conviction as the decision shows it.</summary>
/// <param name="Direction">bullish, bearish or none.</param>
/// <param name="Conviction">high, low or none.</param>
/// <param name="Aligned">Steps leaning <paramref name="Direction"/>.</param>
/// <param name="Against">Steps leaning the other way.</param>
/// <param name="Available">Steps that had data.</param>
/// <param name="Total">Steps in the workflow (4).</param>
/// <param name="Plain">The plain sentence ("3 of 3 available steps bullish; earnings revisions: no data").</param>
public sealed record DecisionConviction(string Direction, string Conviction, int Aligned, int Against, int Available, int Total, string Plain)
{
    /// <summary>+1 bullish, −1 bearish, 0 none.</summary>
    public int Sign => Biases.Sign(Direction);
}

/// <summary>The reconciled recommendation: what to do, at what size, and which documented rule said so.</summary>
/// <param name="Rule">The rule id (R1–R8, docs/decision.md).</param>
/// <param name="Action">"trade" or "stand aside".</param>
/// <param name="Direction">Bullish, Bearish or none (with "stand aside").</param>
/// <param name="Size">full, reduced or none.</param>
/// <param name="Headline">"Trade Bullish at reduced size".</param>
/// <param name="Reason">Why, naming both sides.</param>
public sealed record Recommendation(string Rule, string Action, string Direction, string Size, string Headline, string Reason)
{
    /// <summary>Sizes.</summary>
    public const string SizeFull = "full";
    /// <summary>A smaller than planned position (rules R3, R4, R5 and R7).</summary>
    public const string SizeReduced = "reduced";
    /// <summary>No position: the size of every "stand aside" (R1, R6, R8).</summary>
    public const string SizeNone = "none";

    /// <summary>Actions.</summary>
    public const string Trade = "trade";
    /// <summary>No trade (R1 horizons conflict, R6 strong disagreement, R8 nothing measured or aligned).</summary>
    public const string StandAside = "stand aside";
}

/// <summary>
/// The decision for a date: what a trader reads before anything else — the date asked for and the trading day answered,
/// the data's freshness, the forecast's calls against the baseline, the strategy with its invalidation level, the
/// workflow's conviction and one reconciled recommendation (docs/decision.md).
/// </summary>
public sealed record DeskDecision
{
    /// <summary>The date the user asked for; null for "the latest bar".</summary>
    public required DateOnly? RequestedDate { get; init; }

    /// <summary>The trading day the decision is for.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>"sample" or "real".</summary>
    public required DataOrigin DataSource { get; init; }

    /// <summary>The store's freshness when the decision was made.</summary>
    public required DataFreshness Freshness { get; init; }

    /// <summary>IWM's close on <see cref="Date"/>.</summary>
    public required double Close { get; init; }

    /// <summary>Tomorrow's call.</summary>
    public required DecisionCall Tomorrow { get; init; }

    /// <summary>The 5-day call.</summary>
    public required DecisionCall Next5Days { get; init; }

    /// <summary>The forecast's strategy name.</summary>
    public required string Strategy { get; init; }

    /// <summary>The strategy's invalidation in words.</summary>
    public required string Invalidation { get; init; }

    /// <summary>The invalidation price, when there is one.</summary>
    public required double? InvalidationLevel { get; init; }

    /// <summary>The workflow's conviction.</summary>
    public required DecisionConviction Workflow { get; init; }

    /// <summary>The one recommendation.</summary>
    public required Recommendation Recommendation { get; init; }
}

/// <summary>
/// Reconciles the forecast and the workflow into one recommendation (docs/decision.md). Pure: the same forecast,
/// workflow and freshness give the same decision, whichever command asks.
/// </summary>
public static class DecisionRules
{
    /// <summary>Builds the decision from the two answers for one date.</summary>
    public static DeskDecision Build(ForecastResult forecast, WorkflowResult workflow, DataFreshness freshness, DateOnly? requested)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(freshness);
        if (forecast.Date != workflow.Date)
            throw new ArgumentException($"forecast is for {Fmt.D(forecast.Date)} but the workflow for {Fmt.D(workflow.Date)}", nameof(workflow));
        var t = Call(forecast.Tomorrow);
        var w = Call(forecast.Next5Days);
        var conviction = Conviction(workflow);
        return new DeskDecision
        {
            RequestedDate = requested,
            Date = forecast.Date,
            DataSource = forecast.DataSource,
            Freshness = freshness,
            Close = forecast.Close,
            Tomorrow = t,
            Next5Days = w,
            Strategy = forecast.Strategy.Name,
            Invalidation = forecast.Strategy.Invalidation,
            InvalidationLevel = forecast.Strategy.InvalidationLevel,
            Workflow = conviction,
            Recommendation = Reconcile(t, w, conviction),
        };
    }

    private static DecisionCall Call(HorizonCall c) => new(c.Horizon, c.Call, c.PUp, c.BaselinePUp, c.Contributions.Count);

    /// <summary>The workflow's checklist as counts over the steps that had data, with the plain sentence.</summary>
    public static DecisionConviction Conviction(WorkflowResult workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var c = workflow.Checklist;
        var bull = workflow.Steps.Count(s => s.Bias == Bias.Bullish);
        var bear = workflow.Steps.Count(s => s.Bias == Bias.Bearish);
        var available = workflow.Steps.Count(s => s.Bias != Bias.NotAvailable);
        var direction = Biases.ParseDirection(c.Direction) is Bias.Bullish or Bias.Bearish ? c.Direction : "none";
        var against = Biases.Sign(direction) switch { 1 => bear, -1 => bull, _ => 0 };
        return new DecisionConviction(direction, c.Conviction, c.Aligned, against, available, workflow.Steps.Count, WorkflowRunner.Plain(workflow.Steps.Select(s => (s.Title, s.Bias)).ToList()));
    }

    /// <summary>
    /// The reconciliation table (docs/decision.md). F is the forecast's direction: the 5-day call when it has one, else
    /// tomorrow's; "conflict" when the two horizons point opposite ways. W is the workflow's direction and conviction.
    /// <list type="bullet">
    /// <item>R1 horizons conflict → stand aside.</item>
    /// <item>R2 F = W, high conviction → trade F at full size.</item>
    /// <item>R3 F = W, low or no conviction → trade F at reduced size.</item>
    /// <item>R4 F directional, W has no direction → trade F at reduced size (measured edge, no confirmation).</item>
    /// <item>R5 F against W, W low or no conviction → trade F at reduced size (the measured edge leads, the workflow
    /// leans against it).</item>
    /// <item>R6 F against W, W high conviction → stand aside (the two disagree strongly).</item>
    /// <item>R7 no forecast edge, W high conviction → lean W at reduced size (the workflow's steps are unmeasured).</item>
    /// <item>R8 no forecast edge, W low or none → stand aside.</item>
    /// </list>
    /// </summary>
    public static Recommendation Reconcile(DecisionCall tomorrow, DecisionCall next5, DecisionConviction w)
    {
        ArgumentNullException.ThrowIfNull(tomorrow);
        ArgumentNullException.ThrowIfNull(next5);
        ArgumentNullException.ThrowIfNull(w);
        var wText = w.Direction == "none"
            ? $"the workflow has no direction ({w.Plain})"
            : w.Conviction == WorkflowRunner.ConvictionNone
                ? $"the workflow leans {w.Direction} without conviction ({w.Plain})"
                : $"the workflow leans {w.Direction} with {w.Conviction} conviction ({w.Plain})";
        if (tomorrow.Sign != 0 && next5.Sign != 0 && tomorrow.Sign != next5.Sign)
        {
            return new Recommendation("R1", Recommendation.StandAside, "none", Recommendation.SizeNone, "Stand aside",
                $"The forecast's horizons disagree (tomorrow {tomorrow.Call}, next 5 days {next5.Call}); {wText}. Wait for them to line up.");
        }

        var f = next5.Sign != 0 ? next5 : tomorrow;
        if (f.Sign == 0)
        {
            if (w.Conviction == WorkflowRunner.ConvictionHigh && w.Sign != 0)
            {
                var dir = w.Sign > 0 ? Calls.Bullish : Calls.Bearish;
                return new Recommendation("R7", Recommendation.Trade, dir, Recommendation.SizeReduced, $"Lean {dir} at reduced size",
                    $"The forecast has no measured edge at either horizon, but {wText}. The workflow's steps are not a measured edge, so keep the size small.");
            }

            return new Recommendation("R8", Recommendation.StandAside, "none", Recommendation.SizeNone, "Stand aside",
                $"The forecast has no measured edge at either horizon and {wText}.");
        }

        var fDir = f.Call;
        var fText = string.Create(Fmt.Inv,
            $"the forecast calls {fDir} {(f.Horizon == 1 ? "tomorrow" : "over 5 days")} (P(up) {Fmt.Pct(f.PUp)} vs baseline {Fmt.Pct(f.BaselinePUp)}, a measured edge from {f.Rules} rule{(f.Rules == 1 ? "" : "s")})");
        if (w.Sign == f.Sign)
        {
            return w.Conviction == WorkflowRunner.ConvictionHigh
                ? new Recommendation("R2", Recommendation.Trade, fDir, Recommendation.SizeFull, $"Trade {fDir} at full planned size",
                    $"Both agree: {fText}, and {wText}.")
                : new Recommendation("R3", Recommendation.Trade, fDir, Recommendation.SizeReduced, $"Trade {fDir} at reduced size",
                    $"They agree but the workflow is not convinced: {fText}; {wText}.");
        }

        if (w.Sign == 0)
        {
            return new Recommendation("R4", Recommendation.Trade, fDir, Recommendation.SizeReduced, $"Trade {fDir} at reduced size",
                $"Measured edge without confirmation: {fText}, but {wText}.");
        }

        return w.Conviction == WorkflowRunner.ConvictionHigh
            ? new Recommendation("R6", Recommendation.StandAside, "none", Recommendation.SizeNone, "Stand aside",
                $"They disagree strongly: {fText}, but {wText}.")
            : new Recommendation("R5", Recommendation.Trade, fDir, Recommendation.SizeReduced, $"Trade {fDir} at reduced size",
                $"The measured edge leads but the workflow is against it: {fText}, while {wText}. Reduce size and respect the invalidation.");
    }
}
