using System.Text.Json.Nodes;
using IwmDesk.Cli.Tests.Browser;
using IwmDesk.Decision;
using IwmDesk.Session;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>The decision first: the decision command, its block at the top of forecast and workflow, freshness warnings.</summary>
public sealed class DecisionCommandTests
{
    // Monday 2026-11-02, 09:00 New York: Friday 2026-10-30 (the sample's last bar) is the last completed trading day.
    private const string FreshNow = "2026-11-02T14:00:00Z";

    // Thursday 2026-11-05, 17:00 New York: four trading days after the sample's last bar.
    private const string StaleNow = "2026-11-05T22:00:00Z";

    private readonly string _store = Path.Combine(TestData.TempDir(), "store.db");

    private static async Task<(int Code, string Out, string Err)> RunAt(string now, params string[] args)
    {
        using var clock = CliClock.Use(FixedClock.Parse(now, "test"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private Task<(int Code, string Out, string Err)> Run(string now, params string[] args) => RunAt(now, ["--store", _store, .. args]);

    [Fact]
    public async Task Decision_Text_RecommendationFirst()
    {
        var (code, output, error) = await Run(FreshNow, "decision");
        code.ShouldBe(0, error);
        error.ShouldBeEmpty(); // fresh: no warning
        var lines = output.Split('\n');
        lines[0].ShouldStartWith("SAMPLE DATA");
        lines[1].ShouldStartWith("DECISION  ");
        output.ShouldContain("Data:        IWM through 2026-10-30, current");
        output.ShouldContain("Tomorrow:    ");
        output.ShouldContain("Next 5 days: ");
        output.ShouldContain("Strategy:    ");
        output.ShouldContain("Workflow:    ");
    }

    [Fact]
    public async Task StaleStore_EveryReadingCommandWarnsNamingDataFetch_AfterItsOutput()
    {
        // Given a real (not sample) store from hand-made files, and a clock a week after its last bar
        var dir = TestData.TempDir();
        var (ic, _, ie) = await RunAt(FreshNow, ["--store", _store, "data", "import", .. MarketFixture.WriteFiles(dir)]);
        ic.ShouldBe(0, ie);
        DateOnly last;
        using (var desk = Desk.Open(_store))
            last = desk.Panel.Dates[^1];
        var lastText = last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var week = last.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T22:00:00Z";

        // When each reading command runs, then each warns once on stderr, naming data fetch
        foreach (var args in new[] { new[] { "decision" }, ["forecast", "--no-journal"], ["workflow", "--no-journal"], ["indicators", "--from", "2024-01-02"], ["backtest"], ["data", "status"], ["journal", "list"], ["journal", "score"] })
        {
            var (code, _, error) = await Run(week, args);
            code.ShouldBe(0, error);
            error.ShouldStartWith($"warning: data is stale: the newest IWM bar is {lastText}, ", customMessage: string.Join(' ', args));
            error.ShouldContain("run `iwmdesk data fetch`");
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("warning:", StringComparison.Ordinal)).ShouldBe(1);
        }

        // and the evening of the last bar it is current: no warning
        var (_, _, fresh) = await Run(lastText + "T21:30:00Z", "decision");
        fresh.ShouldBeEmpty();

        // and a command that fails prints only its one error line
        var (bad, _, err) = await Run(week, "forecast", "--no-journal", "--date", "1990-01-02");
        bad.ShouldBe(2);
        err.ShouldStartWith("error: 1990-01-02 is before the store's first IWM bar");
        err.ShouldNotContain("warning");

        var (_, json, _) = await Run(week, "decision", "--format", "json");
        var f = JsonNode.Parse(json)!["freshness"]!;
        f["stale"]!.GetValue<bool>().ShouldBeTrue();
        f["newest_bar"]!.GetValue<string>().ShouldBe(lastText);
        f["trading_days_behind"]!.GetValue<int>().ShouldBe(IwmDesk.Data.TradingCalendar.CountBetween(last, MarketClock.LastCompletedTradingDay(FixedClock.Parse(week, "t").Now)));
        f["trading_days_behind"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task SampleStore_NoStaleWarning_ItsBannerSaysSo()
    {
        var (code, output, error) = await Run(StaleNow, "forecast", "--no-journal");
        code.ShouldBe(0, error);
        error.ShouldBeEmpty();
        output.ShouldContain("SAMPLE DATA");
        output.ShouldContain("IWM through 2026-10-30: 4 trading days behind 2026-11-05");
    }

    [Fact]
    public async Task ForecastAndWorkflow_DecisionBlockComesFirst()
    {
        var (_, forecast, _) = await Run(FreshNow, "forecast", "--no-journal");
        forecast.IndexOf("## Decision — 2026-10-30", StringComparison.Ordinal).ShouldBeLessThan(forecast.IndexOf("## Current Market State", StringComparison.Ordinal));
        forecast.IndexOf("## Decision", StringComparison.Ordinal).ShouldBeGreaterThan(0);
        var (_, workflow, _) = await Run(FreshNow, "workflow", "--no-journal");
        workflow.IndexOf("## Decision — 2026-10-30", StringComparison.Ordinal).ShouldBeLessThan(workflow.IndexOf("## 1. Macro regime", StringComparison.Ordinal));
        workflow.IndexOf("## Decision", StringComparison.Ordinal).ShouldBeGreaterThan(0);
        var (_, json, _) = await Run(FreshNow, "forecast", "--no-journal", "--format", "json");
        JsonNode.Parse(json)!.AsObject().First().Key.ShouldBe("decision");
    }

    [Fact]
    public async Task Workflow_Flow_ChangesStep3()
    {
        var (_, plain, _) = await Run(FreshNow, "workflow", "--no-journal", "--format", "json");
        var (code, withPrint, error) = await Run(FreshNow, "workflow", "--no-journal", "--format", "json",
            "--flow", "type=put,strike=150,expiry=2026-11-06,premium=3000000,contracts=20000,side=ask,oi-before=100");
        code.ShouldBe(0, error);
        var before = JsonNode.Parse(plain)!["steps"]![2]!;
        var after = JsonNode.Parse(withPrint)!["steps"]![2]!;
        before["title"]!.GetValue<string>().ShouldBe("Options positioning");
        after["title"]!.GetValue<string>().ShouldBe("Options flow");
        after["facts"]!["class"]!.GetValue<string>().ShouldBe("directional speculative bet");
        after["bias"]!.GetValue<string>().ShouldBe("bearish"); // a short-dated OTM put bought at the ask, larger than the OI: a directional bet
    }

    [Fact]
    public async Task Workflow_FlowFromCsvFile_ChangesStep3()
    {
        var csv = Path.Combine(TestData.TempDir(), "print.csv");
        await File.WriteAllTextAsync(csv, "date,type,strike,expiry,premium,contracts,side,oi_before\n2026-10-30,put,150,2026-11-06,3000000,20000,ask,100\n");
        var (code, output, error) = await Run(FreshNow, "workflow", "--no-journal", "--format", "json", "--flow", csv);
        code.ShouldBe(0, error);
        JsonNode.Parse(output)!["steps"]![2]!["title"]!.GetValue<string>().ShouldBe("Options flow");
    }

    [Fact]
    public async Task Workflow_BadFlow_OneLineExit2()
    {
        var (code, _, error) = await Run(FreshNow, "workflow", "--no-journal", "--flow", "type=put,strike=x");
        code.ShouldBe(2);
        error.ShouldBe("error: --flow: field strike: 'x' is not a number" + Environment.NewLine);
    }

    [RealDataFact]
    public async Task RealFiles_20200323_WorkflowAndForecastShowTheSameDecision()
    {
        // Given the real files (one store per run, shared with the browser tests)
        var store = await DeskStores.Real();
        const string now = "2026-12-03T15:00:00-05:00";

        // When forecast, workflow and decision are asked for the COVID low
        var (c1, forecast, e1) = await RunAt(now, "--store", store, "forecast", "--date", "2020-03-23", "--no-journal", "--format", "json");
        var (c2, workflow, e2) = await RunAt(now, "--store", store, "workflow", "--date", "2020-03-23", "--no-journal", "--format", "json");
        var (c3, decision, e3) = await RunAt(now, "--store", store, "decision", "--date", "2020-03-23", "--format", "json");
        c1.ShouldBe(0, e1);
        c2.ShouldBe(0, e2);
        c3.ShouldBe(0, e3);

        // Then the three decisions are the same, byte for byte
        var fd = JsonNode.Parse(forecast)!["decision"]!.ToJsonString();
        var wd = JsonNode.Parse(workflow)!["decision"]!.ToJsonString();
        fd.ShouldBe(wd);
        fd.ShouldBe(JsonNode.Parse(decision)!.ToJsonString());

        // and it is consistent with the two answers it reconciles
        var d = JsonNode.Parse(decision)!;
        var f = JsonNode.Parse(forecast)!;
        d["next_5_days"]!["call"]!.GetValue<string>().ShouldBe(f["next_5_days"]!["call"]!.GetValue<string>());
        d["workflow"]!["conviction"]!.GetValue<string>().ShouldBe(JsonNode.Parse(workflow)!["checklist"]!["conviction"]!.GetValue<string>());
        d["recommendation"]!["rule"]!.GetValue<string>().ShouldMatch("^R[1-8]$");
        d["date"]!.GetValue<string>().ShouldBe("2020-03-23");
        d["freshness"]!["stale"]!.GetValue<bool>().ShouldBeTrue(); // the real IWM file ends 2026-05-01
        e1.ShouldContain("run `iwmdesk data fetch`");
    }

    [RealDataFact]
    public async Task RealFiles_StaleHySpread_TrueStatusAndRuleReason()
    {
        var store = await DeskStores.Real();
        var (code, output, error) = await RunAt("2026-12-03T15:00:00-05:00", "--store", store, "decision", "--format", "json");
        code.ShouldBe(0, error);
        var inputs = JsonNode.Parse(output)!["freshness"]!["inputs"]!.AsArray();
        var hy = inputs.Single(i => i!["series"]!.GetValue<string>() == "BAMLH0A0HYM2")!;
        hy["text"]!.GetValue<string>().ShouldBe("HY spread: 25 trading days old (last 2026-03-26), stale: not used");
        var (_, forecast, _) = await RunAt("2026-12-03T15:00:00-05:00", "--store", store, "forecast", "--no-journal", "--format", "json");
        var unavailable = JsonNode.Parse(forecast)!["unavailable_signals"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        unavailable.ShouldContain(u => u.StartsWith("DarkPool_Bullish (dp_ratio stale: Dark-pool short volume ", StringComparison.Ordinal));
    }
}
