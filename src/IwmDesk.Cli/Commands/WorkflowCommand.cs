using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using IwmDesk.Analysts;
using IwmDesk.Decision;
using IwmDesk.Journal;
using IwmDesk.Llm;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Text;
using IwmDesk.Workflow;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk workflow [--date D] [--format md|json|text] [--llm none|openai …] [--no-journal]</c>: the four-step
/// pre-trade routine and its checklist, journaled; <c>--replay --from D1 [--to D2]</c> builds and journals it for every
/// trading day in a range (deterministic analysts only).
/// </summary>
internal static class WorkflowCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var date = CommonOptions.Date("--date", "Date (default: the last IWM bar); only data up to it is used");
        var format = CommonOptions.Format("md", "json", "text");
        var templates = PromptsCommand.TemplatesOption();
        var rules = CommonOptions.Rules();
        var prompts = new Option<bool>("--prompts") { Description = "Include each step's rendered prompt in the Markdown" };
        var noJournal = new Option<bool>("--no-journal") { Description = "Do not write the run to the journal" };
        var replay = new Option<bool>("--replay") { Description = "Build and journal the workflow of every trading day from --from to --to (deterministic analysts only)" };
        var from = CommonOptions.Date("--from", "First replay day (with --replay)");
        var to = CommonOptions.Date("--to", "Last replay day (with --replay; default: the last IWM bar)");
        var flow = new Option<string?>("--flow")
        {
            Description = "An options print for step 3: the flow classify fields (type=put,strike=190,expiry=2026-06-19,premium=2500000,contracts=5000,side=ask,oi-before=1200[,date=D]) or a CSV file with one print (docs/workflow.md)",
        };
        var llm = new LlmCliOptions();
        var cmd = new Command("workflow", "Macro regime → KRE pressure → options flow → earnings revisions, then the checklist (3 of 4 aligned = high conviction)");
        foreach (var o in new Option[] { date, format, templates, rules, prompts, noJournal, replay, from, to, flow })
            cmd.Options.Add(o);
        llm.AddTo(cmd);
        cmd.SetAction(async (parseResult, cancellationToken) =>
        {
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = CliDesk.Open(parseResult);
            var journal = parseResult.GetValue(noJournal) ? null : new JournalStore(desk.Store);
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(replay))
            {
                if (llm.Enabled(parseResult))
                    throw new IwmDeskException("--replay runs the deterministic analysts only: drop --llm");
                if (parseResult.GetValue(date) is not null || parseResult.GetValue(flow) is not null)
                    throw new IwmDeskException("--replay builds a range of days: use --from/--to, not --date or --flow");
                var first = parseResult.GetValue(from) ?? throw new IwmDeskException("--replay needs --from YYYY-MM-DD (the first day to replay)");
                return Replay(parseResult, desk, ruleSet, journal, first, parseResult.GetValue(to), parseResult.GetValue(templates), cancellationToken);
            }

            if (parseResult.GetValue(from) is not null || parseResult.GetValue(to) is not null)
                throw new IwmDeskException("--from/--to go with --replay; a single workflow takes --date");
            var asked = parseResult.GetValue(date);
            var asOf = CliDesk.Resolve(parseResult, desk, asked);
            var print = parseResult.GetValue(flow) is { } spec
                ? FlowPrintParser.Parse(spec, asOf?.Date ?? (desk.Panel.Count > 0 ? desk.Panel.Dates[^1] : default))
                : null;
            var day = DecisionRuns.Build(desk, ruleSet, asked, print, parseResult.GetValue(templates));
            var result = day.Workflow;
            ModelReview? review = null;
            using (var client = llm.CreateClient(parseResult))
            {
                if (client is not null)
                    review = await ModelReviewer.ReviewAsync(result, client, cancellationToken).ConfigureAwait(false);
            }

            // Each step's measured record beside its answers: the journal's step calls matured by the workflow's date
            // (runs up to D, outcomes up to D: nothing after D), read before this run is journaled.
            var records = StepRecordLines(desk, result.Date);
            if (journal is not null)
            {
                var id = journal.Write(WorkflowRuns.ToRun(result, ruleSet, desk.Panel, review) with { RequestedDate = asOf?.Requested });
                await CliOutput.Error(parseResult).WriteLineAsync($"journal: run {id} (iwmdesk journal show {id})").ConfigureAwait(false);
            }

            switch (parseResult.GetValue(format))
            {
                case "json":
                    var json = JsonNode.Parse(AsOf.Annotate(DecisionRenderer.Lead(WorkflowRenderer.Json(result), day.Decision), asOf))!.AsObject();
                    if (review is not null)
                        json["model_review"] = review.ToJson();
                    await output.WriteLineAsync(json.ToJsonString(JsonOutput.Options)).ConfigureAwait(false);
                    break;
                case "text":
                    await output.WriteAsync(WorkflowRenderer.Text(result, DecisionRenderer.Text(day.Decision)) + records).ConfigureAwait(false);
                    if (review is not null)
                        await output.WriteLineAsync(ModelLine(review)).ConfigureAwait(false);
                    break;
                default:
                    await CliOutput.WriteMarkdown(parseResult, WorkflowRenderer.Markdown(result, parseResult.GetValue(prompts), DecisionRenderer.Markdown(day.Decision)) + (records.Length > 0 ? "\n" + records : "") + (review?.ToMarkdown() ?? "")).ConfigureAwait(false);
                    break;
            }

            return ReportFailures(parseResult, review);
        });
        return cmd;
    }

    /// <summary>
    /// The steps' track records as of <paramref name="date"/> from the store's journal (docs/journal.md), one line each,
    /// or empty when no step has a journaled answer yet. A step worse than the base rate says so in its line.
    /// </summary>
    internal static string StepRecordLines(Desk desk, DateOnly date)
    {
        var runs = new JournalStore(desk.Store).List(to: date).Where(r => r.Kind == JournalKind.Workflow && r.AsOf < date).ToList();
        if (runs.Count == 0)
            return string.Empty;
        var steps = JournalScoring.ScoreStore(desk.Store, runs, asOf: date).Score.Steps;
        if (steps.Count == 0)
            return string.Empty;
        var sb = new System.Text.StringBuilder();
        sb.Append(Inv, $"Track record of each step (its journaled answers matured by {date:yyyy-MM-dd}, against the base rate of the same days):\n");
        foreach (var t in steps)
            sb.Append("- ").Append(t.Step).Append(": ").Append(t.Line()).Append('\n');
        return sb.ToString();
    }

    /// <summary>One stderr line per step that did not come back clean, and the run's exit code (docs/llm.md).</summary>
    internal static int ReportFailures(ParseResult parseResult, ModelReview? review)
    {
        if (review is null)
            return 0;
        var error = CliOutput.Error(parseResult);
        foreach (var s in review.Steps.Where(s => s.Result.Status != StepStatus.Ok))
            error.WriteLine(string.Create(Inv, $"model: step {s.Step} {(s.Result.Status == StepStatus.Ungrounded ? "ungrounded" : "fell back to the desk's answer")}: {s.Result.Reason}"));
        return review.Summary.ExitCode;
    }

    internal static string ModelLine(ModelReview review) => string.Create(Inv,
        $"Model {review.Summary.Model}: {string.Join(", ", review.Steps.Select(s => $"{s.Step} {s.Result.Status.ToString().ToLowerInvariant()}"))}; {review.Summary.TotalTokens} tokens.");

    private static int Replay(
        ParseResult parseResult, Desk desk, RuleSet rules, JournalStore? journal, DateOnly from, DateOnly? to, string? templates, CancellationToken cancellationToken)
    {
        var panel = desk.Panel;
        var days = ReplayEngine.Days(panel, from, to ?? panel.Dates[^1]);
        var contextOf = DeskContext.ForReplay(desk, rules, templates);
        JournalRun Produce(DateOnly d) => WorkflowRuns.ToRun(WorkflowRunner.Run(contextOf(d)), rules, panel, mode: JournalMode.Replay);

        var summary = ForecastCommand.RunWithProgress(CliOutput.Console(parseResult), true, "workflows", days.Count,
            progress => ReplayEngine.Run(JournalKind.Workflow, days, Produce, journal, progress, cancellationToken));
        var output = CliOutput.Out(parseResult);
        SampleBanner.WriteIfSample(output, panel.IsSample);
        output.WriteLine(string.Create(Inv,
            $"Replayed {summary.Days} workflows, {summary.First:yyyy-MM-dd} to {summary.Last:yyyy-MM-dd}, in {summary.Elapsed.TotalSeconds:0.0} s."));
        output.WriteLine(journal is null ? "Not journaled (--no-journal)." : string.Create(Inv, $"Journaled {summary.Journaled} runs. Score them with: iwmdesk journal score"));
        output.WriteLine("Checklist calls: " + string.Join(", ", summary.Calls.Select(kv => string.Create(Inv, $"{kv.Key} {kv.Value}")))
            + " (each step's own answer is journaled too: `iwmdesk journal score` gives the steps' track records)");
        return 0;
    }
}
