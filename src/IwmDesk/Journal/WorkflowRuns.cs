using IwmDesk.Data;
using IwmDesk.Analysts;
using IwmDesk.Llm;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Text;
using IwmDesk.Workflow;

namespace IwmDesk.Journal;

/// <summary>Turns a workflow result (and, when a model was used, its review) into a journal run.</summary>
public static class WorkflowRuns
{
    /// <summary>The horizon, in trading days, at which a workflow's checklist call is scored (docs/journal.md).</summary>
    public const int Horizon = 5;

    /// <summary>
    /// The horizon of the macro step's own call: its bias is the mean 90-day forward return of its analogs, so it is
    /// scored over 90 trading days; the other steps' calls over <see cref="Horizon"/>.
    /// </summary>
    public const int MacroHorizon = 90;

    /// <summary>
    /// The journal run of a workflow: payload = <see cref="WorkflowRenderer.Json"/> (plus the model review when there is
    /// one), one step per workflow step with its rendered prompt (and the model's calls), and one call — the checklist's
    /// direction (none → Neutral) at <see cref="Horizon"/> days, with no probability (the checklist states none, so it is
    /// scored for hits but not in the Brier score), tagged with the macro regime and the conviction — and one call per
    /// step that answered (source <c>step:NAME</c>, its own bias; the macro step's at <see cref="MacroHorizon"/>), which
    /// <c>journal score</c> scores apart as the steps' track records (issue 16).
    /// </summary>
    public static JournalRun ToRun(WorkflowResult workflow, RuleSet rules, FeaturePanel panel, ModelReview? review = null, JournalMode mode = JournalMode.Live)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(panel);
        var payload = System.Text.Json.Nodes.JsonNode.Parse(WorkflowRenderer.Json(workflow))!.AsObject();
        if (review is not null)
            payload["model_review"] = review.ToJson(includeCalls: false);
        var steps = new List<JournalStep>();
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            var reviewed = review is not null && i < review.Steps.Count ? review.Steps[i].Result : null;
            steps.Add(reviewed is not null
                ? JournalStep.From(reviewed, step.Prompt.Text)
                : new JournalStep { Step = step.Name.Text(), Prompt = step.Prompt.Text, Status = JournalStepStatus.Deterministic });
        }

        var regime = workflow.Steps.Select(s => s.Result).OfType<MacroRegimeResult>().FirstOrDefault()?.Regime;
        var c = workflow.Checklist;
        var direction = Biases.ParseDirection(c.Direction) is Bias.Bullish or Bias.Bearish ? c.Direction : Bias.Neutral.Text();
        var stepCalls = workflow.Steps
            .Where(s => s.Bias is Bias.Bullish or Bias.Bearish or Bias.Neutral)
            .Select(s => new JournalCall
            {
                Source = StepTrackRecords.SourcePrefix + s.Name.Text(),
                Direction = JournalCall.DirectionText(s.Bias),
                Horizon = s.Result is MacroRegimeResult ? MacroHorizon : Horizon,
                Regime = regime is null or MacroRegime.NotAvailable ? null : regime.Value.Text(),
            });
        return new JournalRun
        {
            Kind = JournalKind.Workflow,
            Mode = mode,
            AsOf = workflow.Date,
            DataSource = workflow.DataSource.Text(),
            DataHash = PanelHash.UpTo(panel, panel.IndexOnOrBefore(workflow.Date)),
            RulesHash = rules.Hash,
            Payload = payload.ToJsonString(JsonOutput.Options),
            Steps = steps,
            Calls =
            [
                new JournalCall
                {
                    Source = "checklist",
                    Direction = JournalCall.NormalizeDirection(direction),
                    Horizon = Horizon,
                    Regime = regime is null or MacroRegime.NotAvailable ? null : regime.Value.Text(),
                    Conviction = c.Conviction,
                },
                .. stepCalls,
            ],
        };
    }
}
