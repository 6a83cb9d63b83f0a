using IwmDesk.Data;
using System.Text.Json.Serialization;
using IwmDesk.Analysts;
using IwmDesk.Prompts;
using IwmDesk.Text;

namespace IwmDesk.Workflow;

/// <summary>Settings of the four analysts (each default is documented in docs/workflow.md).</summary>
public sealed record WorkflowOptions
{
    /// <summary>The macro-regime step's settings (features, analog count, regime thresholds).</summary>
    public MacroOptions Macro { get; init; } = new();

    /// <summary>The KRE pressure test's windows and thresholds.</summary>
    public KreOptions Kre { get; init; } = new();

    /// <summary>The options-flow classifier's thresholds.</summary>
    public FlowOptions Flow { get; init; } = new();

    /// <summary>The options-positioning read's settings (used when no print is given).</summary>
    public PositioningOptions Positioning { get; init; } = new();

    /// <summary>The earnings-revisions step's sectors, thresholds and prior cycles.</summary>
    public EarningsRevisionOptions Earnings { get; init; } = new();
}

/// <summary>One step of the workflow: its bias, summary and facts, and the prompt rendered from the same numbers.</summary>
public sealed record WorkflowStep
{
    /// <summary>The step, written as its prompt name (macro-regime, kre-pressure, options-flow, earnings-revisions).</summary>
    public required WorkflowStepId Name { get; init; }

    /// <summary>A human title ("Macro regime").</summary>
    public required string Title { get; init; }

    /// <summary>The step's directional bias for IWM: bullish, bearish, neutral or n/a (no data).</summary>
    public required Bias Bias { get; init; }

    /// <summary>One paragraph: the step's numbers and its reading, in words.</summary>
    public required string Summary { get; init; }

    /// <summary>The step's facts (the numbers its summary and prompt are made of), in a stable order.</summary>
    public required IReadOnlyDictionary<string, object?> Facts { get; init; }

    /// <summary>A Markdown table for the step when it has one (KRE windows and episodes, revisions by sector), else null.</summary>
    public required string? Table { get; init; }

    /// <summary>The step's prompt, rendered from the same data (for the journal and a chat model).</summary>
    public required RenderedPrompt Prompt { get; init; }

    /// <summary>The analyst's typed result.</summary>
    [JsonIgnore]
    public required IStepResult Result { get; init; }
}

/// <summary>How one step moved the bias accumulated before it.</summary>
public sealed record ChecklistItem(string Step, Bias Bias, string Effect);

/// <summary>The checklist verdict: how many steps agree, in which direction, and what to do.</summary>
/// <param name="Aligned">Steps leaning <paramref name="Direction"/>.</param>
/// <param name="Direction">bullish, bearish or none.</param>
/// <param name="Conviction">high, low or none.</param>
/// <param name="Advice">What to do, in words.</param>
/// <param name="Items">How each step moved the bias.</param>
/// <param name="Available">Steps that had data (the count conviction is stated over).</param>
/// <param name="Plain">"3 of 3 available steps bullish; earnings revisions: no data".</param>
public sealed record Checklist(int Aligned, string Direction, string Conviction, string Advice, IReadOnlyList<ChecklistItem> Items, int Available = 0, string Plain = "");

/// <summary>The four-step pre-trade workflow's answer for a date.</summary>
public sealed record WorkflowResult
{
    /// <summary>The trading day D the workflow answers for (only data up to it is read).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>"sample" or "real".</summary>
    public required DataOrigin DataSource { get; init; }

    /// <summary>The steps in workflow order: macro regime, KRE pressure test, options flow (or positioning), earnings revisions.</summary>
    public required IReadOnlyList<WorkflowStep> Steps { get; init; }

    /// <summary>The checklist over the steps' biases: alignment, direction, conviction and advice.</summary>
    public required Checklist Checklist { get; init; }
}

/// <summary>
/// Runs the pre-trade workflow for a date D: macro regime → KRE pressure test → options flow → earnings revisions, each
/// answered from data up to D, then the checklist (docs/workflow.md).
/// </summary>
public static class WorkflowRunner
{
    /// <summary>Checklist effect: the first directional step sets the bias.</summary>
    public const string EffectSets = "sets the bias";

    /// <summary>Checklist effect: a directional step on the same side as the bias so far.</summary>
    public const string EffectStrengthens = "strengthens";

    /// <summary>Checklist effect: a directional step against the bias so far.</summary>
    public const string EffectContradicts = "contradicts";

    /// <summary>Checklist effect: a directional step after earlier directional steps cancelled out.</summary>
    public const string EffectBreaksTie = "breaks the tie";

    /// <summary>Checklist effect: a neutral step.</summary>
    public const string EffectNone = "no direction";

    /// <summary>Checklist effect: a step without data (never counted as a vote).</summary>
    public const string EffectNotAvailable = "n/a (counts as not aligned)";

    /// <summary>Conviction: 3 or more available steps aligned (trade at full planned size).</summary>
    public const string ConvictionHigh = "high";

    /// <summary>Conviction: 2 aligned with none against (reduce size).</summary>
    public const string ConvictionLow = "low";

    /// <summary>Conviction: the steps do not line up (wait).</summary>
    public const string ConvictionNone = "none";

    /// <summary>Runs the four steps and the checklist for the context's date (default: the panel's last row).</summary>
    public static WorkflowResult Run(PromptContext ctx, WorkflowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var o = options ?? new WorkflowOptions();
        var (view, i) = PanelAsOf.Resolve(ctx.Panel, ctx.Date);
        var date = view.Dates[i];
        var templates = ctx.Templates ?? TemplateSource.Embedded;
        var steps = new List<WorkflowStep>(4);

        var macro = MacroRegimeAnalyst.Analyze(view, date, o.Macro);
        steps.Add(Step(WorkflowStepId.MacroRegime, "Macro regime", macro, null,
            PromptLibrary.Render(PromptLibrary.MacroRegime, date, PromptInputs.Macro(view, i, macro, o.Macro), templates)));

        var kre = KrePressureAnalyst.Analyze(view, date, o.Kre);
        steps.Add(Step(WorkflowStepId.KrePressure, "KRE pressure test", kre, kre.MissingReason is null ? kre.Table(o.Kre.TableEpisodes) : null,
            PromptLibrary.Render(PromptLibrary.KrePressure, date, PromptInputs.Kre(view, i, kre, o.Kre), templates)));

        var flip = ctx.Positioning is { } p && double.IsFinite(p.Flip) ? p.Flip : (double?)null;
        var flowCtx = FlowContext.FromPanel(view, date, macro.Regime, flip);
        if (ctx.Print is { } print)
        {
            if (print.Date > date)
                throw new IwmDeskException($"flow print: date {Fmt.D(print.Date)} is after the workflow date {Fmt.D(date)}");
            var flow = FlowClassifier.Classify(print, flowCtx, o.Flow);
            steps.Add(Step(WorkflowStepId.OptionsFlow, "Options flow", flow, null,
                PromptLibrary.Render(PromptLibrary.OptionsFlow, date, PromptInputs.FlowPrint(view, i, flow), templates)));
        }
        else
        {
            var positioning = PositioningAnalyst.Analyze(ctx.Positioning ?? PositioningAnalyst.FromPanel(view, i), o.Positioning, flowCtx);
            steps.Add(Step(WorkflowStepId.OptionsFlow, "Options positioning", positioning, null,
                PromptLibrary.Render(PromptLibrary.OptionsFlow, date, PromptInputs.FlowPositioning(view, i, positioning, flowCtx), templates)));
        }

        var weights = ctx.SectorWeights ?? SectorWeights.Default;
        // Consensus snapshots first (step 4 from data); the weekly revisions CSV when there are none, or when the
        // snapshots cannot answer (no holdings in force) and the CSV can.
        var earnings = ctx.Consensus is { Snapshots.Count: > 0 } consensus ? ConsensusRevisionAnalyst.Analyze(consensus, date, o.Earnings) : null;
        if (earnings is null || (earnings.LatestWeek is null && ctx.Revisions is { Count: > 0 }))
            earnings = EarningsRevisionAnalyst.Analyze(ctx.Revisions, date, weights, o.Earnings);
        steps.Add(Step(WorkflowStepId.EarningsRevisions, "Earnings revisions", earnings, earnings.LatestWeek is null ? null : earnings.Table(),
            PromptLibrary.Render(PromptLibrary.EarningsRevisions, date, PromptInputs.Earnings(view, i, earnings, weights, o.Earnings), templates)));

        return new WorkflowResult
        {
            Date = date,
            DataSource = view.DataSource,
            Steps = steps,
            Checklist = Check(steps.Select(s => (s.Title, s.Bias)).ToList()),
        };
    }

    /// <summary>
    /// The checklist (docs/workflow.md). Walking the steps in order, each directional step sets, strengthens, contradicts
    /// or breaks a tie in the bias so far; neutral and n/a steps have no direction. The direction is the side with more
    /// steps; aligned = that count. Conviction is counted over the steps that have data: 3 or more aligned → high (the
    /// source's "3 of 4 aligned" when all four have data; 3 of 3 when one has none); 2 aligned with none against → low,
    /// reduce size; anything else → wait. A step without data is named as such, never counted as a vote either way.
    /// </summary>
    public static Checklist Check(IReadOnlyList<(string Step, Bias Bias)> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var items = new List<ChecklistItem>(steps.Count);
        var running = 0;
        var directional = 0;
        foreach (var (step, bias) in steps)
        {
            var sign = Biases.Sign(bias);
            string effect;
            if (sign == 0)
                effect = bias == Bias.NotAvailable ? EffectNotAvailable : EffectNone;
            else if (running == 0)
                effect = directional == 0 ? EffectSets : EffectBreaksTie;
            else
                effect = Math.Sign(running) == sign ? EffectStrengthens : EffectContradicts;
            if (sign != 0)
                directional++;
            running += sign;
            items.Add(new ChecklistItem(step, bias, effect));
        }

        var bull = steps.Count(s => s.Bias == Bias.Bullish);
        var bear = steps.Count(s => s.Bias == Bias.Bearish);
        var available = steps.Count(s => s.Bias != Bias.NotAvailable);
        var direction = bull > bear ? Bias.Bullish.Text() : bear > bull ? Bias.Bearish.Text() : "none";
        var aligned = direction == "none" ? 0 : Math.Max(bull, bear);
        var against = Math.Min(bull, bear);
        var plain = Plain(steps);
        string conviction, advice;
        if (aligned >= 3)
        {
            conviction = ConvictionHigh;
            advice = $"High conviction {direction}: {plain}. Trade the {direction} view at full planned size.";
        }
        else if (aligned == 2 && against == 0)
        {
            conviction = ConvictionLow;
            advice = $"Reduce size: {plain} (3 aligned needed for high conviction). Trade smaller or wait for confirmation.";
        }
        else
        {
            conviction = ConvictionNone;
            advice = $"Wait: the steps do not line up ({plain}).";
        }

        return new Checklist(aligned, direction, conviction, advice, items, available, plain);
    }

    /// <summary>
    /// The checklist in one plain sentence, counted over the steps that have data: "3 of 3 available steps bullish;
    /// earnings revisions: no data", "2 of 4 steps bearish, 1 bullish, 1 neutral", "no direction: 1 bullish, 1 bearish,
    /// 1 neutral of 3 available steps; …".
    /// </summary>
    public static string Plain(IReadOnlyList<(string Step, Bias Bias)> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var bull = steps.Count(s => s.Bias == Bias.Bullish);
        var bear = steps.Count(s => s.Bias == Bias.Bearish);
        var available = steps.Count(s => s.Bias != Bias.NotAvailable);
        var neutral = available - bull - bear;
        var of = available == steps.Count ? $"{steps.Count} steps" : $"{available} available step{(available == 1 ? "" : "s")}";
        string head;
        if (available == 0)
            head = "no step has data";
        else if (bull == bear)
            head = $"no direction: {bull} bullish, {bear} bearish, {neutral} neutral of {of}";
        else
        {
            var (dir, n, opp, m) = bull > bear ? (Bias.Bullish.Text(), bull, Bias.Bearish.Text(), bear) : (Bias.Bearish.Text(), bear, Bias.Bullish.Text(), bull);
            head = $"{n} of {of} {dir}{(m > 0 ? $", {m} {opp}" : "")}{(neutral > 0 ? $", {neutral} neutral" : "")}";
        }

        var missing = steps.Where(s => s.Bias == Bias.NotAvailable).Select(s => $"{s.Step.ToLowerInvariant()}: no data");
        return string.Join("; ", new[] { head }.Concat(missing));
    }

    private static WorkflowStep Step(WorkflowStepId name, string title, IStepResult r, string? table, RenderedPrompt prompt) => new()
    {
        Name = name,
        Title = title,
        Bias = r.Bias,
        Summary = r.Summary,
        Facts = r.Facts,
        Table = table,
        Prompt = prompt,
        Result = r,
    };
}
