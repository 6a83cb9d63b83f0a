using IwmDesk.Data;
using System.Globalization;
using System.Text.Json.Nodes;
using IwmDesk.Backtest;
using IwmDesk.Forecast;
using IwmDesk.Journal;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Text;
using IwmDesk.Workflow;

namespace IwmDesk.Reports;

/// <summary>An HTTP answer of the dashboard: status code, content type and body.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="ContentType">Content type with charset.</param>
/// <param name="Body">The body.</param>
public sealed record ApiResponse(int Status, string ContentType, string Body)
{
    /// <summary>JSON content type.</summary>
    public const string Json = "application/json; charset=utf-8";

    /// <summary>HTML content type.</summary>
    public const string Html = "text/html; charset=utf-8";

    /// <summary>A JSON error: <c>{"error": message}</c>.</summary>
    public static ApiResponse Error(int status, string message) =>
        new(status, Json, new JsonObject { ["error"] = message }.ToJsonString(JsonOutput.Options));
}

/// <summary>
/// What <c>iwmdesk serve</c> answers, independent of the web server: the dashboard page for a date and the JSON API
/// (forecast, panel, backtest, workflow, journal score). Query values arrive as the raw strings of the request; a value
/// that is not a date is a 400 naming the parameter, a date the data does not have is a 404. One desk session is shared:
/// calls are serialised (the store connection is not thread-safe) and recent pages are cached by date.
/// </summary>
public sealed class DeskApi
{
    private const int PageCacheSize = 16;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly Desk _desk;
    private readonly RuleSet _rules;
    private readonly string _chartScriptUrl;
    private readonly ReportOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<DateOnly, string> _pages = [];
    private readonly Queue<DateOnly> _pageOrder = new();

    /// <summary>Creates the API over an open desk session.</summary>
    public DeskApi(Desk desk, RuleSet rules, string chartScriptUrl, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(chartScriptUrl);
        _desk = desk;
        _rules = rules;
        _chartScriptUrl = chartScriptUrl;
        _options = options ?? new ReportOptions();
    }

    /// <summary>
    /// The dashboard page for <paramref name="date"/> (default: the last bar), resolved by the as-of rule: a day without
    /// an IWM bar shows the trading day before it, with the rule's notice as a banner; a date outside the store's bars is a 404.
    /// </summary>
    public ApiResponse Page(string? date)
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                if (!TryAsOf("date", date, out var asOf, out var status, out var why))
                    return ErrorPage(status, why);
                var notice = asOf?.Notice;
                var day = asOf?.Date ?? _desk.Panel.Dates[^1];
                if (notice is null && _pages.TryGetValue(day, out var cached))
                    return new ApiResponse(200, ApiResponse.Html, cached);
                var report = DeskReportBuilder.Build(_desk, _rules, asOf?.Requested ?? day, _options); // the page's banner: the report's notice
                var html = ReportPage.Render(report, new PageOptions
                {
                    ChartScriptUrl = _chartScriptUrl,
                    Dashboard = true,
                    GeneratedAt = DateTimeOffset.UtcNow,
                });
                if (notice is null)
                    Remember(day, html);
                return new ApiResponse(200, ApiResponse.Html, html);
            }, html: true);
        }
    }

    /// <summary><c>/api/forecast?date=</c>: the forecast JSON (as <c>iwmdesk forecast --format json</c>).</summary>
    public ApiResponse Forecast(string? date)
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                if (!TryAsOf("date", date, out var asOf, out var status, out var why))
                    return ApiResponse.Error(status, why);
                var day = IwmDesk.Decision.DecisionRuns.Build(_desk, _rules, asOf?.Requested);
                return Ok(AsOf.Annotate(IwmDesk.Decision.DecisionRenderer.Lead(ForecastRenderer.Json(day.Forecast), day.Decision), day.AsOf));
            });
        }
    }

    /// <summary><c>/api/workflow?date=</c>: the workflow JSON (as <c>iwmdesk workflow --format json</c>).</summary>
    public ApiResponse Workflow(string? date)
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                if (!TryAsOf("date", date, out var asOf, out var status, out var why))
                    return ApiResponse.Error(status, why);
                var day = IwmDesk.Decision.DecisionRuns.Build(_desk, _rules, asOf?.Requested);
                return Ok(AsOf.Annotate(IwmDesk.Decision.DecisionRenderer.Lead(WorkflowRenderer.Json(day.Workflow), day.Decision), day.AsOf));
            });
        }
    }

    /// <summary><c>/api/decision?date=</c>: the decision JSON (as <c>iwmdesk decision --format json</c>).</summary>
    public ApiResponse Decision(string? date)
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                if (!TryAsOf("date", date, out var asOf, out var status, out var why))
                    return ApiResponse.Error(status, why);
                var day = IwmDesk.Decision.DecisionRuns.Build(_desk, _rules, asOf?.Requested);
                return Ok(AsOf.Annotate(IwmDesk.Decision.DecisionRenderer.Json(day.Decision), day.AsOf));
            });
        }
    }

    /// <summary><c>/api/panel?from=&amp;to=</c>: the feature panel rows in the range (default: all).</summary>
    public ApiResponse Panel(string? from, string? to)
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                if (!TryDate("from", from, out var f, out var bad) || !TryDate("to", to, out var t, out bad))
                    return ApiResponse.Error(400, bad);
                if (f is { } ff && t is { } tt && ff > tt)
                    return ApiResponse.Error(400, $"from: {Fmt(ff)} is after to: {Fmt(tt)}");
                var panel = _desk.Panel;
                var first = 0;
                if (f is { } start)
                {
                    first = Array.BinarySearch(panel.Dates, start);
                    first = first >= 0 ? first : ~first;
                }

                var last = t is { } end ? panel.IndexOnOrBefore(end) : panel.Count - 1;
                return Ok(PanelExport.Json(panel, first, last));
            });
        }
    }

    /// <summary><c>/api/backtest</c>: every rule's measured edge over the whole panel (as <c>iwmdesk backtest --format json</c>).</summary>
    public ApiResponse Backtest()
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                var panel = _desk.Panel;
                if (panel.Count == 0)
                    return ApiResponse.Error(404, "no IWM data in the store: import IWM first (iwmdesk data import IWM_daily.csv)");
                return Ok(BacktestReport.Json(BacktestEngine.Run(panel, _rules), panel.DataSource.Text()));
            });
        }
    }

    /// <summary><c>/api/journal/score?date=</c>: the journal's score (as <c>iwmdesk journal score --format json</c>), as known on the date when given.</summary>
    public ApiResponse JournalScore(string? date = null)
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                if (!TryDate("date", date, out var d, out var bad))
                    return ApiResponse.Error(400, bad);
                var runs = new JournalStore(_desk.Store).List(to: d);
                var (source, score, kept, skipped) = JournalScoring.ScoreStore(_desk.Store, runs, asOf: d);
                return Ok(JournalRenderer.ScoreJson(score, source, kept, skipped));
            });
        }
    }

    /// <summary>
    /// Parses an optional yyyy-MM-dd query value: absent or empty → null; otherwise the date, or false with
    /// "<paramref name="name"/>: 'VALUE' is not a date (expected YYYY-MM-DD)".
    /// </summary>
    public static bool TryDate(string name, string? text, out DateOnly? date, out string error)
    {
        date = null;
        error = "";
        if (string.IsNullOrEmpty(text))
            return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }

        error = $"{name}: '{text}' is not a date (expected YYYY-MM-DD)";
        return false;
    }

    // The as-of rule (Desk.ResolveDate) for a query date: absent → null (the last bar); not a date → 400; no IWM data or
    // a date outside the store's bars → 404 naming the range.
    private bool TryAsOf(string name, string? text, out AsOf? asOf, out int status, out string error)
    {
        asOf = null;
        status = 400;
        if (!TryDate(name, text, out var date, out error))
            return false;
        status = 404;
        if (_desk.Panel.Count == 0)
        {
            error = "no IWM data in the store: import IWM first (iwmdesk data import IWM_daily.csv)";
            return false;
        }

        try
        {
            asOf = _desk.ResolveDate(date);
            return true;
        }
        catch (IwmDeskException ex)
        {
            error = $"{name}: {ex.Message}";
            return false;
        }
    }

    private void Remember(DateOnly day, string html)
    {
        if (_pages.TryAdd(day, html))
            _pageOrder.Enqueue(day);
        while (_pageOrder.Count > PageCacheSize)
            _pages.Remove(_pageOrder.Dequeue());
    }

    private static ApiResponse Guard(Func<ApiResponse> action, bool html = false)
    {
        try
        {
            return action();
        }
        catch (IwmDeskException ex)
        {
            return html ? ErrorPage(ex.ExitCode == 2 ? 400 : 500, ex.Message) : ApiResponse.Error(ex.ExitCode == 2 ? 400 : 500, ex.Message);
        }
    }

    private static ApiResponse Ok(string json) => new(200, ApiResponse.Json, json);

    private static ApiResponse ErrorPage(int status, string message) => new(status, ApiResponse.Html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>iwmdesk: error</title></head>"
        + "<body style=\"font-family:system-ui,sans-serif;margin:2em\"><h1>iwmdesk</h1><p id=\"error\">" + ReportPage.E(message)
        + "</p><form method=\"get\" action=\"/\"><label>Date <input type=\"date\" name=\"date\"></label> <button type=\"submit\">Show</button> <a href=\"/\">latest</a></form></body></html>\n");

    private static string Fmt(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);
}
