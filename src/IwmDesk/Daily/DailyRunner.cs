using System.Net.Http;
using IwmDesk.Alerts;
using IwmDesk.Data;
using IwmDesk.Data.Fetch;
using IwmDesk.Data.Sample;
using IwmDesk.Decision;
using IwmDesk.Forecast;
using IwmDesk.Journal;
using IwmDesk.Llm;
using IwmDesk.Panel;
using IwmDesk.Reports;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Workflow;

namespace IwmDesk.Daily;

/// <summary>What one daily run does (docs/daily.md).</summary>
public sealed record DailyOptions
{
    /// <summary>The store option (--store), resolved like every command.</summary>
    public string? Store { get; init; }

    /// <summary>The clock that says what "today" is (tests pin it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Re-import the fetch cache instead of asking the network.</summary>
    public bool Offline { get; init; }

    /// <summary>Skip the fetch entirely (the store is used as it is).</summary>
    public bool NoFetch { get; init; }

    /// <summary>Fetch base URLs, rate limits and retries.</summary>
    public FetchSettings FetchSettings { get; init; } = new();

    /// <summary>The sources to fetch (null: all).</summary>
    public IReadOnlySet<FetchSource>? Sources { get; init; }

    /// <summary>The FINRA window in trading days.</summary>
    public int FinraDays { get; init; } = FetchOptions.DefaultFinraDays;

    /// <summary>The rules.</summary>
    public RuleSet Rules { get; init; } = RuleSet.Default();

    /// <summary>The alerts and their deliveries.</summary>
    public required AlertConfig Alerts { get; init; }

    /// <summary>Write the HTML report here (null: no report).</summary>
    public string? ReportPath { get; init; }

    /// <summary>Reads the chart library for the report (default <see cref="ChartAssets.Load"/>).</summary>
    public Func<string> ChartScript { get; init; } = ChartAssets.Load;

    /// <summary>A chat model to review the workflow (null: the desk's analysts only).</summary>
    public ChatStepClient? Model { get; init; }

    /// <summary>Panel choices.</summary>
    public PanelOptions Panel { get; init; } = new();

    /// <summary>The HTTP handler for the webhook (tests); null for a fresh one.</summary>
    public HttpMessageHandler? AlertHttpHandler { get; init; }
}

/// <summary>Exit codes of <c>iwmdesk daily</c> (docs/daily.md).</summary>
public static class DailyExitCodes
{
    /// <summary>Everything ran and every delivery went through (or it is not a trading day).</summary>
    public const int Ok = 0;

    /// <summary>A data source, an alert delivery or the report failed; the rest ran.</summary>
    public const int PartlyFailed = 1;

    /// <summary>Bad input or configuration (options, rules file, alerts file): nothing ran.</summary>
    public const int BadInput = 2;

    /// <summary>The chat model failed or was ungrounded and the desk's own answer was used.</summary>
    public const int ModelFallback = 3;
}

/// <summary>One journal entry the daily run wrote: added, or an earlier entry for the same day replaced.</summary>
public sealed record DailyJournalWrite(JournalKind Kind, string RunId, bool Replaced);

/// <summary>What a daily run did.</summary>
public sealed record DailyResult
{
    /// <summary>The New York date of the run.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>The run's time.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>False on weekends and exchange holidays: nothing was fetched or journaled.</summary>
    public required bool IsTradingDay { get; init; }

    /// <summary>The next trading day after <see cref="Day"/>.</summary>
    public required DateOnly NextTradingDay { get; init; }

    /// <summary>True when run before 16:00 New York: today's bar may not be final (a later run updates the entries).</summary>
    public bool BeforeClose { get; init; }

    /// <summary>The fetch report (null with no fetch).</summary>
    public FetchReport? Fetch { get; init; }

    /// <summary>The last IWM bar used.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>"real" or "sample".</summary>
    public DataOrigin? DataSource { get; init; }

    /// <summary>The forecast as of <see cref="AsOf"/>.</summary>
    public ForecastResult? Forecast { get; init; }

    /// <summary>The workflow as of <see cref="AsOf"/>.</summary>
    public WorkflowResult? Workflow { get; init; }

    /// <summary>The model's review of the workflow, when a model was used.</summary>
    public ModelReview? Review { get; init; }

    /// <summary>The day's decision in one phrase (the reconciled recommendation's headline).</summary>
    public string? Decision { get; init; }

    /// <summary>The reconciled decision (docs/decision.md).</summary>
    public DeskDecision? DeskDecision { get; init; }

    /// <summary>The journal entries written.</summary>
    public IReadOnlyList<DailyJournalWrite> Journal { get; init; } = [];

    /// <summary>The report written, if any.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The alerts that fired and their deliveries.</summary>
    public IReadOnlyList<AlertOutcome> Alerts { get; init; } = [];

    /// <summary>The journal's overall track record as of <see cref="AsOf"/>.</summary>
    public ScoreLine? TrackRecord { get; init; }

    /// <summary>Problems that did not stop the run (a source, a delivery, the report), one line each, scrubbed.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The process exit code (<see cref="DailyExitCodes"/>).</summary>
    public required int ExitCode { get; init; }
}

/// <summary>
/// <c>iwmdesk daily</c>: fetch → forecast → workflow → (report) → journal → alerts → score, as one run with one
/// result. Idempotent per day: the journal entries are keyed by the as-of date (<c>daily-YYYYMMDD-forecast</c>,
/// <c>-workflow</c>), so a second run replaces them, and an alert already delivered that trading day is not sent again.
/// On a weekend or exchange holiday it does nothing and says so.
/// </summary>
public static class DailyRunner
{
    /// <summary>The New York close: a run before it may see a preliminary bar for today.</summary>
    public static readonly TimeOnly Close = new(16, 0);

    /// <summary>The New York date and time at <paramref name="now"/>.</summary>
    public static DateTime NewYork(DateTimeOffset now)
    {
        foreach (var id in new[] { "America/New_York", "Eastern Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz))
                return TimeZoneInfo.ConvertTime(now, tz).DateTime;
        }

        return now.ToOffset(TimeSpan.FromHours(-5)).DateTime;
    }

    /// <summary>The journal run id of the daily entry of <paramref name="kind"/> for <paramref name="asOf"/>.</summary>
    public static string RunId(DateOnly asOf, JournalKind kind) => $"daily-{asOf:yyyyMMdd}-{kind.Text()}";

    /// <summary>Runs the day.</summary>
    public static async Task<DailyResult> RunAsync(DailyOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var now = options.Clock.GetUtcNow();
        var local = NewYork(now);
        var day = DateOnly.FromDateTime(local);
        var next = TradingCalendar.Next(day);
        if (!TradingCalendar.IsTradingDay(day))
            return new DailyResult { Day = day, Now = now, IsTradingDay = false, NextTradingDay = next, ExitCode = DailyExitCodes.Ok };

        var problems = new List<string>();
        using var desk = Desk.Open(options.Store, options.Panel, fillSampleWhenEmpty: false, options.Clock);
        FetchReport? fetch = null;
        if (!options.NoFetch)
        {
            progress?.Report(options.Offline ? "fetch: re-importing the cache" : "fetch: bringing the data up to date");
            using var fetcher = new DataFetcher(options.FetchSettings);
            fetch = await fetcher.FetchAsync(desk.Store, new FetchOptions
            {
                Sources = options.Sources ?? new HashSet<FetchSource>(FetchSources.All),
                Offline = options.Offline,
                FinraDays = options.FinraDays,
                Now = now,
            }, null, cancellationToken).ConfigureAwait(false);
            problems.AddRange(fetch.Sources.SelectMany(s => s.Failures).Select(f => "fetch: " + f.Message));
        }

        SampleLoader.EnsureData(desk.Store); // a store still empty gets the labelled sample, like every reading command
        var panel = desk.Panel;
        var i = panel.Count == 0 ? -1 : panel.IndexOnOrBefore(day);
        if (i < 0)
            throw new IwmDeskException($"no IWM bar on or before {day:yyyy-MM-dd} in {desk.Store.DisplayLocation}: nothing to forecast", exitCode: 1);
        var asOf = panel.Dates[i];
        var rules = options.Rules;

        progress?.Report("forecast and workflow");
        var forecast = ForecastRuns.Build(desk.Store, panel, rules, asOf);
        var previousForecast = i > 0 ? ForecastRuns.Build(desk.Store, panel, rules, panel.Dates[i - 1]) : null;
        var workflow = WorkflowRunner.Run(DeskContext.Build(desk, asOf, rules));
        var previousWorkflow = i > 0 ? WorkflowRunner.Run(DeskContext.Build(desk, panel.Dates[i - 1], rules)) : null;
        // The reconciled decision (docs/decision.md); the day before is judged with today's freshness, so a change
        // means the forecast or the workflow changed, not the clock.
        var decision = DecisionRuns.Build(desk, forecast, workflow, null).Decision;
        var previousDecision = previousForecast is not null && previousWorkflow is not null
            ? DecisionRules.Build(previousForecast, previousWorkflow, decision.Freshness, null)
            : null;
        ModelReview? review = null;
        if (options.Model is { } model)
        {
            progress?.Report("model review");
            review = await ModelReviewer.ReviewAsync(workflow, model, cancellationToken).ConfigureAwait(false);
        }

        // The day's entries replace any written for the same as-of date by an earlier daily run.
        progress?.Report("journal");
        var journal = new JournalStore(desk.Store);
        var forecastRun = ForecastRuns.ToRun(forecast, rules, panel, PanelHash.UpTo(panel, i)) with { RunId = RunId(asOf, JournalKind.Forecast), CreatedAt = now, RequestedDate = day };
        var workflowRun = WorkflowRuns.ToRun(workflow, rules, panel, review) with { RunId = RunId(asOf, JournalKind.Workflow), CreatedAt = now, RequestedDate = day };
        var writes = new List<DailyJournalWrite>();
        foreach (var run in new[] { forecastRun, workflowRun })
        {
            var (id, replaced) = journal.WriteReplacing(run);
            writes.Add(new DailyJournalWrite(run.Kind, id, replaced));
        }

        string? reportPath = null;
        if (options.ReportPath is { } path)
        {
            progress?.Report("report");
            try
            {
                reportPath = WriteReport(desk, rules, asOf, path, options.ChartScript(), now);
            }
            catch (IwmDeskException ex)
            {
                problems.Add("report: " + ex.Message);
            }
        }

        progress?.Report("alerts");
        var facts = new AlertFacts
        {
            TradingDay = day,
            Panel = panel,
            AsOfIndex = i,
            Rules = rules,
            Forecast = forecast,
            PreviousForecast = previousForecast,
            Workflow = workflow,
            PreviousWorkflow = previousWorkflow,
            Decision = DecisionPhrase(decision),
            PreviousDecision = previousDecision is null ? null : DecisionPhrase(previousDecision),
            SourceFailures = fetch?.Sources.SelectMany(s => s.Failures).Select(f => f.Message).ToList() ?? [],
        };
        var fired = AlertEvaluator.Evaluate(options.Alerts, facts);
        IReadOnlyList<AlertOutcome> outcomes;
        using (var dispatcher = new AlertDispatcher(options.Alerts, new AlertJournal(desk.Store), options.Clock, options.AlertHttpHandler))
        {
            outcomes = await dispatcher.DispatchAsync(fired, day, asOf, cancellationToken).ConfigureAwait(false);
            foreach (var o in outcomes)
            {
                foreach (var c in o.Channels.Where(c => c.Status == AlertStatuses.Failed))
                    problems.Add($"alert {o.Alert.Definition.Name}: {c.Error}");
            }

            for (var p = 0; p < problems.Count; p++)
                problems[p] = dispatcher.Scrubber.Scrub(problems[p]);
        }

        var score = JournalScoring.ScoreStore(desk.Store, journal.List(), asOf: asOf).Score.Overall;
        var exit = review is { Summary.ExitCode: > 0 } ? DailyExitCodes.ModelFallback
            : problems.Count > 0 ? DailyExitCodes.PartlyFailed
            : DailyExitCodes.Ok;
        return new DailyResult
        {
            Day = day,
            Now = now,
            IsTradingDay = true,
            NextTradingDay = next,
            BeforeClose = TimeOnly.FromDateTime(local) < Close,
            Fetch = fetch,
            AsOf = asOf,
            DataSource = panel.DataSource,
            Forecast = forecast,
            Workflow = workflow,
            Review = review,
            Decision = decision.Recommendation.Headline,
            DeskDecision = decision,
            Journal = writes,
            ReportPath = reportPath,
            Alerts = outcomes,
            TrackRecord = score,
            Problems = problems,
            ExitCode = exit,
        };
    }

    /// <summary>The decision as the alerts compare it: action, direction and size.</summary>
    public static string DecisionPhrase(DeskDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var r = decision.Recommendation;
        return r.Action == Recommendation.Trade ? $"{r.Action} {r.Direction}, {r.Size} size" : r.Action;
    }

    private static string WriteReport(Desk desk, RuleSet rules, DateOnly asOf, string path, string script, DateTimeOffset now)
    {
        var report = DeskReportBuilder.Build(desk, rules, asOf);
        var html = ReportPage.Render(report, new PageOptions { InlineChartScript = script, GeneratedAt = now });
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        try
        {
            if (Path.GetDirectoryName(full) is { Length: > 0 } dir)
                Directory.CreateDirectory(dir);
            File.WriteAllText(temp, html);
            File.Move(temp, full, overwrite: true); // nothing half-written
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new IwmDeskException($"{path}: cannot write the report: {ex.Message}", ex, exitCode: 1);
        }
    }
}
