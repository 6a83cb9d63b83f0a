using IwmDesk.Data;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using IwmDesk.Decision;
using IwmDesk.Forecast;
using IwmDesk.Journal;
using IwmDesk.Llm;
using IwmDesk.Panel;
using IwmDesk.Prompts;
using IwmDesk.Session;
using IwmDesk.Signals;
using Spectre.Console;
using IwmDesk.Text;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk forecast [--date D] [--format md|json|text] [--prompt] [--no-journal]</c>: the daily forecast from data up
/// to D, journaled; <c>iwmdesk forecast --replay --from D1 [--to D2]</c>: the forecast of every trading day in the range,
/// each from the data up to that day alone, each journaled in its own transaction.
/// </summary>
internal static class ForecastCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var date = CommonOptions.Date("--date", "Forecast date (default: the last IWM bar); only data up to it is used");
        var format = CommonOptions.Format("md", "json", "text");
        var prompt = new Option<bool>("--prompt") { Description = "Print the filled quantitative-analyst prompt instead, for pasting into any chat model" };
        var rules = CommonOptions.Rules();
        var proxy = CommonOptions.GexProxy();
        var noJournal = new Option<bool>("--no-journal") { Description = "Do not write the run to the journal" };
        var replay = new Option<bool>("--replay") { Description = "Build and journal the forecast of every trading day from --from to --to, each from the data up to that day alone" };
        var from = CommonOptions.Date("--from", "First replay day (with --replay)");
        var to = CommonOptions.Date("--to", "Last replay day (with --replay; default: the last IWM bar)");
        var llm = new LlmCliOptions();
        var cmd = new Command("forecast", "The daily forecast: market state, active signals with their measured edge, tomorrow, next 5 days, strategy (journaled)");
        cmd.Options.Add(date);
        cmd.Options.Add(format);
        cmd.Options.Add(prompt);
        cmd.Options.Add(rules);
        cmd.Options.Add(proxy);
        cmd.Options.Add(noJournal);
        cmd.Options.Add(replay);
        cmd.Options.Add(from);
        cmd.Options.Add(to);
        llm.AddTo(cmd);
        cmd.SetAction(async (parseResult, cancellationToken) =>
        {
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = CliDesk.Open(parseResult, new PanelOptions { GexProxy = parseResult.GetValue(proxy)! });
            var journal = parseResult.GetValue(noJournal) ? null : new JournalStore(desk.Store);
            if (parseResult.GetValue(replay))
            {
                if (parseResult.GetValue(date) is not null || parseResult.GetValue(prompt))
                    throw new IwmDeskException("--replay builds a range of days: use --from/--to, not --date or --prompt");
                if (llm.Enabled(parseResult))
                    throw new IwmDeskException("--replay runs the deterministic forecast only: drop --llm");
                var first = parseResult.GetValue(from) ?? throw new IwmDeskException("--replay needs --from YYYY-MM-DD (the first day to replay)");
                return Replay(parseResult, desk, ruleSet, journal, first, parseResult.GetValue(to), parseResult.GetValue(format)!, cancellationToken);
            }

            if (parseResult.GetValue(from) is not null || parseResult.GetValue(to) is not null)
                throw new IwmDeskException("--from/--to go with --replay; a single forecast takes --date");
            var day = DecisionRuns.Build(desk, ruleSet, parseResult.GetValue(date));
            CliDesk.WriteNotice(parseResult, day.AsOf);
            var result = day.Forecast;
            var quantPrompt = PromptLibrary.RenderQuant(desk.Panel, result, ruleSet);
            var promptText = quantPrompt.Text;
            ModelReview? review = null;
            using (var client = parseResult.GetValue(prompt) ? null : llm.CreateClient(parseResult))
            {
                if (client is not null)
                    review = await ModelReviewer.ReviewAsync(result, promptText, client, cancellationToken).ConfigureAwait(false);
            }

            if (journal is not null)
            {
                var id = journal.Write(ForecastRuns.ToRun(result, ruleSet, desk.Panel, day.AsOf?.Requested, review, promptText));
                await CliOutput.Error(parseResult).WriteLineAsync($"journal: run {id} (iwmdesk journal show {id})").ConfigureAwait(false);
            }

            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(prompt))
            {
                await output.WriteAsync(quantPrompt.ToText()).ConfigureAwait(false);
                return 0;
            }

            switch (parseResult.GetValue(format))
            {
                case "json":
                    var json = JsonNode.Parse(AsOf.Annotate(DecisionRenderer.Lead(ForecastRenderer.Json(result), day.Decision), day.AsOf))!.AsObject();
                    if (review is not null)
                        json["model_review"] = review.ToJson();
                    await output.WriteLineAsync(json.ToJsonString(JsonOutput.Options)).ConfigureAwait(false);
                    break;
                case "text":
                    await output.WriteAsync(ForecastRenderer.Text(result, DecisionRenderer.Text(day.Decision))).ConfigureAwait(false);
                    if (review is not null)
                        await output.WriteLineAsync(WorkflowCommand.ModelLine(review)).ConfigureAwait(false);
                    break;
                default:
                    await CliOutput.WriteMarkdown(parseResult, ForecastRenderer.Markdown(result, DecisionRenderer.Markdown(day.Decision)) + (review?.ToMarkdown() ?? "")).ConfigureAwait(false);
                    break;
            }

            return WorkflowCommand.ReportFailures(parseResult, review);
        });
        return cmd;
    }

    private static int Replay(
        ParseResult parseResult, Desk desk, RuleSet rules, JournalStore? journal, DateOnly from, DateOnly? to, string format, CancellationToken cancellationToken)
    {
        var panel = desk.Panel;
        if (panel.Count == 0)
            throw new IwmDeskException("no IWM data in the store: import IWM first (iwmdesk data import IWM_daily.csv)");
        var days = ReplayEngine.Days(panel, from, to ?? panel.Dates[^1]);
        var producer = new ForecastReplay(desk.Store, panel, rules, days);
        var console = CliOutput.Console(parseResult);
        var summary = RunWithProgress(console, format != "json", "forecasts", days.Count,
            progress => ReplayEngine.Run(JournalKind.Forecast, days, producer.Produce, journal, progress, cancellationToken));

        var output = CliOutput.Out(parseResult);
        if (format == "json")
        {
            var o = new JsonObject
            {
                ["kind"] = summary.Kind.Text(),
                ["days"] = summary.Days,
                ["journaled"] = summary.Journaled,
                ["from"] = summary.First?.ToString("yyyy-MM-dd", Inv),
                ["to"] = summary.Last?.ToString("yyyy-MM-dd", Inv),
                ["elapsed_seconds"] = Math.Round(summary.Elapsed.TotalSeconds, 3),
                ["retries"] = summary.Retries,
                ["data_source"] = panel.DataSource.Text(),
                ["calls"] = new JsonObject([.. summary.Calls.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))]),
            };
            output.WriteLine(o.ToJsonString(JsonOutput.Options));
            return 0;
        }

        SampleBanner.WriteIfSample(output, panel.IsSample);
        var seconds = summary.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(Inv,
            $"Replayed {summary.Days} forecasts, {summary.First:yyyy-MM-dd} to {summary.Last:yyyy-MM-dd}, in {seconds:0.0} s ({(seconds > 0 ? summary.Days / seconds : 0):0} a second)."));
        output.WriteLine(journal is null
            ? "Not journaled (--no-journal)."
            : string.Create(Inv, $"Journaled {summary.Journaled} runs (one transaction each{(summary.Retries > 0 ? $", {summary.Retries} retried on a busy store" : "")}) in {desk.Store.DisplayLocation}."));
        output.WriteLine("Calls: " + string.Join(", ", summary.Calls.Select(kv => string.Create(Inv, $"{kv.Key} {kv.Value}"))));
        if (journal is not null)
            output.WriteLine("Score them with: iwmdesk journal score");
        return 0;
    }

    /// <summary>
    /// Runs a replay with a progress bar when the output is an interactive terminal (and not JSON), else silently: a
    /// redirected or piped run never carries progress output (docs/terminal.md).
    /// </summary>
    internal static ReplaySummary RunWithProgress(IAnsiConsole console, bool allowed, string what, int count, Func<IProgress<ReplayProgress>?, ReplaySummary> run)
    {
        if (!(allowed && console.Profile.Capabilities.Interactive))
            return run(null);
        ReplaySummary summary = null!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"Replaying {count} {what}", maxValue: count);
                summary = run(new SyncProgress(task, what));
            });
        return summary;
    }

    /// <summary>Reports progress on the calling thread (Spectre's task is thread-safe; Progress&lt;T&gt; would post to the pool).</summary>
    private sealed class SyncProgress(ProgressTask task, string what) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value)
        {
            task.Value = value.Done;
            task.Description = string.Create(Inv, $"Replaying {what}: {value.Date:yyyy-MM-dd}");
        }
    }
}
