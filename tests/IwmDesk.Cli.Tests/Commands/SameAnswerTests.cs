using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IwmDesk.Reports;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>
/// The as-of rule (docs/architecture.md): a requested date that is not a trading day with data — a Saturday, an NYSE
/// holiday, a weekday missing from the store — gets from every command, the HTML report and the dashboard API the SAME
/// answer as the trading day it resolves to, with one notice (stderr for the CLI; <c>notice</c> and
/// <c>requested_date</c> in JSON; a banner on the page); the journal keeps both dates. On the synthetic sample
/// (2019-10-31 to 2026-10-30, every NYSE trading day), one copy of which lacks IWM's 2025-03-12 bar.
/// </summary>
public sealed partial class SameAnswerTests
{
    private const string MissingWeekday = "2025-03-12";

    private static readonly Lazy<string> Sample = new(() => NewSample("sample.db", dropIwmBar: null));
    private static readonly Lazy<string> WithGap = new(() => NewSample("gap.db", dropIwmBar: MissingWeekday));

    public static TheoryData<string, string, string, string> Days => new()
    {
        { "saturday", "2025-09-06", "2025-09-05", "2025-09-06 is a Saturday: using Friday 2025-09-05" },
        { "labor-day", "2025-09-01", "2025-08-29", "2025-09-01 is Labor Day (NYSE closed): using 2025-08-29" },
        { "good-friday", "2025-04-18", "2025-04-17", "2025-04-18 is Good Friday (NYSE closed): using 2025-04-17" },
        { "missing-weekday", MissingWeekday, "2025-03-11", "2025-03-12 has no IWM bar in the store: using 2025-03-11" },
        { "weekend-after-last-bar", "2026-11-01", "2026-10-30", "2026-11-01 is a Sunday: using Friday 2026-10-30" },
    };

    private static string StoreFor(string kind) => kind == "missing-weekday" ? WithGap.Value : Sample.Value;

    private static string NewSample(string name, string? dropIwmBar)
    {
        var path = Path.Combine(TestData.TempDir(), name);
        using (Desk.Open(path)) // fills the sample
        {
        }

        if (dropIwmBar is not null)
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"DELETE FROM daily_series WHERE series = 'IWM' AND date = '{dropIwmBar}'";
            cmd.ExecuteNonQuery().ShouldBe(1);
        }

        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(string store, params string[] args)
    {
        using var clock = CliClock.Use(TestClock.SampleClose); // freshness judged at one fixed moment for both runs
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["--store", store, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// An answer minus what only says which date was asked for: the <c>requested_date</c> and <c>notice</c> JSON keys,
    /// the decision's "(as asked)" / "(asked for …)" after its date, and the page's notice banner.
    /// </summary>
    private static string Answer(string text)
    {
        var lines = text.Split('\n').Where(l => !JsonAsked().IsMatch(l) && !l.Contains("<div class=\"banner notice\">", StringComparison.Ordinal));
        return AskedFor().Replace(string.Join('\n', lines), "");
    }

    [GeneratedRegex("^\\s*\"(requested_date|notice)\": ")]
    private static partial Regex JsonAsked();

    [GeneratedRegex(" \\((as asked|asked for \\d{4}-\\d{2}-\\d{2}; the last trading day on or before it)\\)")]
    private static partial Regex AskedFor();

    private static readonly string[][] Commands =
    [
        ["forecast", "--format", "json", "--no-journal"],
        ["forecast", "--format", "md", "--no-journal"],
        ["forecast", "--format", "text", "--no-journal"],
        ["forecast", "--prompt", "--no-journal"],
        ["workflow", "--format", "json", "--no-journal"],
        ["workflow", "--format", "text", "--no-journal"],
        ["decision", "--format", "json"],
        ["decision", "--format", "text"],
        ["kre", "--format", "json"],
        ["kre", "--format", "table"],
        ["flow", "classify", "--type", "put", "--strike", "200", "--expiry", "2026-12-18", "--premium", "2500000", "--contracts", "5000",
            "--side", "ask", "--oi-before", "1200", "--format", "json"],
        ["flow", "classify", "--type", "call", "--strike", "230", "--expiry", "2026-12-18", "--premium", "900000", "--contracts", "3000",
            "--side", "bid", "--oi-before", "100"],
        ["prompts", "show", "macro-regime"],
        ["prompts", "show", "quant-analyst", "--format", "json"],
    ];

    [Theory]
    [MemberData(nameof(Days))]
    public async Task EveryCommand_SameAnswerAsTheTradingDay_NoticeOnStderr(string kind, string requested, string resolved, string notice)
    {
        var store = StoreFor(kind);
        foreach (var args in Commands)
        {
            var what = string.Join(' ', args);
            var asked = await Run(store, [.. args, "--date", requested]);
            var day = await Run(store, [.. args, "--date", resolved]);
            asked.Code.ShouldBe(0, $"{what} --date {requested}: {asked.Err}");
            day.Code.ShouldBe(0, $"{what} --date {resolved}: {day.Err}");
            asked.Err.ShouldBe($"date: {notice}\n", customMessage: what);
            day.Err.ShouldBeEmpty(what);
            Answer(asked.Out).ShouldBe(Answer(day.Out), customMessage: what);
            if (args.Contains("json"))
            {
                var json = JsonNode.Parse(asked.Out)!.AsObject();
                json["requested_date"]!.GetValue<string>().ShouldBe(requested, what);
                json["notice"]!.GetValue<string>().ShouldBe(notice, what);
                var plain = JsonNode.Parse(day.Out)!.AsObject();
                plain.ContainsKey("notice").ShouldBeFalse(what); // a trading day's JSON is as it was
                if (args[0] is not "decision")
                    plain.ContainsKey("requested_date").ShouldBeFalse(what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Days))]
    public void ReportAndDashboardApi_SameAnswerAsTheTradingDay_WithNotice(string kind, string requested, string resolved, string notice)
    {
        using var desk = Desk.Open(StoreFor(kind), clock: TestClock.SampleClose);
        var rules = RuleSet.Default();
        var r = DeskReportBuilder.Build(desk, rules, DateOnly.Parse(requested, System.Globalization.CultureInfo.InvariantCulture));
        var d = DeskReportBuilder.Build(desk, rules, DateOnly.Parse(resolved, System.Globalization.CultureInfo.InvariantCulture));
        r.Date.ShouldBe(d.Date);
        r.AsOf!.Notice.ShouldBe(notice);
        d.AsOf!.Notice.ShouldBeNull();
        var options = new PageOptions { ChartScriptUrl = "/assets/lightweight-charts.js" };
        var askedPage = ReportPage.Render(r, options);
        askedPage.ShouldContain($"<div class=\"banner notice\">{notice}</div>");
        Answer(askedPage).ShouldBe(Answer(ReportPage.Render(d, options)));

        var api = new DeskApi(desk, rules, "/assets/lightweight-charts.js");
        foreach (var (name, call) in new (string, Func<string?, ApiResponse>)[] { ("forecast", api.Forecast), ("workflow", api.Workflow), ("decision", api.Decision) })
        {
            var asked = call(requested);
            var day = call(resolved);
            asked.Status.ShouldBe(200, name);
            var json = JsonNode.Parse(asked.Body)!.AsObject();
            json["requested_date"]!.GetValue<string>().ShouldBe(requested, name);
            json["notice"]!.GetValue<string>().ShouldBe(notice, name);
            json["date"]!.GetValue<string>().ShouldBe(resolved, name);
            Answer(asked.Body).ShouldBe(Answer(day.Body), customMessage: name);
        }

        var page = api.Page(requested);
        page.Status.ShouldBe(200);
        page.Body.ShouldContain($"<div class=\"banner notice\">{notice}</div>");
        page.Body.ShouldContain($"<strong id=\"report-date\">{resolved}</strong>");
    }

    [Fact]
    public async Task Gex_Saturday_SameAnswerAsFriday_ChainDayItself_Unchanged()
    {
        // The sample stores one IWM chain, on its last bar (Friday 2026-10-30): the rule runs over the chain days.
        foreach (var format in new[] { "table", "json" })
        {
            var asked = await Run(Sample.Value, "gex", "--date", "2026-10-31", "--format", format);
            var day = await Run(Sample.Value, "gex", "--date", "2026-10-30", "--format", format);
            asked.Code.ShouldBe(0, asked.Err);
            asked.Err.ShouldBe("date: 2026-10-31 is a Saturday: using Friday 2026-10-30\n");
            day.Err.ShouldBeEmpty();
            Answer(asked.Out).ShouldBe(Answer(day.Out));
            Answer(day.Out).ShouldBe(day.Out); // a chain day's answer carries no notice
        }

        var (code, _, error) = await Run(Sample.Value, "gex", "--date", "2025-09-06");
        code.ShouldBe(2);
        error.ShouldBe("error: 2025-09-06 is before the store's first IWM chain: the store holds IWM chains from 2026-10-30 to 2026-10-30\n");
    }

    [Fact]
    public async Task CliAndApi_GiveTheSameJson_ForASaturday()
    {
        var (_, cli, _) = await Run(Sample.Value, "forecast", "--date", "2025-09-06", "--format", "json", "--no-journal");
        using var desk = Desk.Open(Sample.Value, clock: TestClock.SampleClose);
        var api = new DeskApi(desk, RuleSet.Default(), "/assets/lightweight-charts.js").Forecast("2025-09-06").Body;
        Checked(cli).ShouldBe(Checked(api));

        static string Checked(string json) => Regex.Replace(json.TrimEnd(), "\"checked_at\": \"[^\"]*\"", "\"checked_at\": \"…\"");
    }

    [Theory]
    [InlineData("2019-10-26", "error: 2019-10-26 is before the store's first IWM bar: the store holds IWM from 2019-10-31 to 2026-10-30\n")]
    [InlineData("2026-11-02", "error: 2026-11-02 is after the store's last IWM bar: the store holds IWM from 2019-10-31 to 2026-10-30 (fetch or import newer data)\n")]
    public async Task OutsideTheStore_RefusedWithOneLine_ExitCode2(string date, string expected)
    {
        foreach (var args in Commands)
        {
            var (code, output, error) = await Run(Sample.Value, [.. args, "--date", date]);
            code.ShouldBe(2, string.Join(' ', args));
            error.ShouldBe(expected, customMessage: string.Join(' ', args));
            output.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Journal_CarriesTheRequestedAndTheResolvedDate()
    {
        var store = NewSample("journal.db", dropIwmBar: null);
        var forecast = await Run(store, "forecast", "--date", "2025-09-06", "--format", "json");
        var workflow = await Run(store, "workflow", "--date", "2025-09-01", "--format", "json");
        var plain = await Run(store, "forecast", "--date", "2025-09-05", "--format", "json");
        forecast.Code.ShouldBe(0, forecast.Err);
        workflow.Code.ShouldBe(0, workflow.Err);
        plain.Code.ShouldBe(0, plain.Err);

        var (code, list, _) = await Run(store, "journal", "list", "--format", "json");
        code.ShouldBe(0);
        var runs = JsonNode.Parse(list)!.AsArray().Select(n => n!.AsObject()).ToList();
        runs.Select(r => (r["kind"]!.GetValue<string>(), r["as_of"]!.GetValue<string>(), r["requested_date"]!.GetValue<string>()))
            .ShouldBe([("workflow", "2025-08-29", "2025-09-01"), ("forecast", "2025-09-05", "2025-09-06"), ("forecast", "2025-09-05", "2025-09-05")], ignoreOrder: true);

        var id = runs.First(r => r["requested_date"]!.GetValue<string>() == "2025-09-06")["run_id"]!.GetValue<string>();
        var (_, show, _) = await Run(store, "journal", "show", id, "--format", "json");
        var run = JsonNode.Parse(show)!;
        run["as_of"]!.GetValue<string>().ShouldBe("2025-09-05");
        run["requested_date"]!.GetValue<string>().ShouldBe("2025-09-06");
        var (_, md, _) = await Run(store, "journal", "show", id);
        md.ShouldContain("| Requested | 2025-09-06");
    }
}
