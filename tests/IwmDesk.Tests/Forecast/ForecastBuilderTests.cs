using IwmDesk.Forecast;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Tests.Forecast;

public class ForecastBuilderTests
{
    private const double Tolerance = 1e-12;

    private static readonly RuleSet OneRule = RuleSet.Parse(
        "rules:\n  - name: Neg\n    tier: 1\n    label: test\n    horizons: [1, 5]\n    condition: gex < 0\n", "test");

    /// <summary>
    /// 300 rows; gex negative every 3rd row (i % 3 == 0); the day after a negative-GEX day rises 1%, every other day
    /// falls 0.1%. Other columns constant and valid.
    /// </summary>
    private static FeaturePanel Panel(int rows = 300)
    {
        var adj = new double[rows];
        var gex = new double[rows];
        adj[0] = 100;
        for (var i = 0; i < rows; i++)
            gex[i] = i % 3 == 0 ? -1e8 : 1e8;
        for (var i = 1; i < rows; i++)
            adj[i] = adj[i - 1] * (gex[i - 1] < 0 ? 1.01 : 0.999);
        double[] Const(double v) => Enumerable.Repeat(v, rows).ToArray();
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.AdjClose] = adj,
            [PanelColumns.Close] = adj,
            [PanelColumns.Gex] = gex,
            [PanelColumns.Sma50] = Const(90),
            [PanelColumns.Sma200] = Const(80),
            [PanelColumns.Rsi14] = Const(55),
            [PanelColumns.Vix] = Const(18),
            [PanelColumns.BbLower] = Const(50),
            [PanelColumns.BbUpper] = Const(1000),
            [PanelColumns.Atr14] = Const(2),
            [PanelColumns.DpRatio] = Const(1.2),
        };
        var dates = IwmDesk.Data.TradingCalendar.Days(new DateOnly(2020, 1, 2), new DateOnly(2030, 1, 1)).Take(rows).ToArray();
        return new FeaturePanel(dates, cols, Enumerable.Repeat("test", rows).ToArray(), isSample: false);
    }

    [Fact]
    public void Build_ActiveRule_ProbabilityIsShrunkWinRate()
    {
        var panel = Panel();
        var d = panel.Dates[297]; // 297 % 3 == 0 → active
        var f = ForecastBuilder.Build(panel, OneRule, d);
        f.ActiveSignals.Select(a => a.Name).ShouldBe(["Neg"]);

        // h=1 as of row 297: signal rows t = 0, 3, …, 294 with t+1 ≤ 297 → 99 cases, all up.
        // Baseline: rows 0..296 (297 days) of which 99 are up.
        var n = 99.0;
        var baseline = 99.0 / 297;
        var expected = (n + (20 * baseline)) / (n + 20);
        f.Tomorrow.PUp.ShouldBe(expected, Tolerance);
        f.Tomorrow.Call.ShouldBe(Calls.Bullish);
        f.Tomorrow.Probability.ShouldBe(expected, Tolerance);
        f.Tomorrow.BaselinePUp.ShouldBe(baseline, Tolerance);
        f.Strategy.Name.ShouldBe("Ride the momentum");
        f.Strategy.InvalidationLevel.ShouldBe(90);
    }

    [Fact]
    public void Build_NoActiveRule_NeutralSaidPlainly()
    {
        var panel = Panel();
        var f = ForecastBuilder.Build(panel, OneRule, panel.Dates[298]);
        f.ActiveSignals.ShouldBeEmpty();
        f.Tomorrow.Call.ShouldBe(Calls.Neutral);
        f.Tomorrow.Assessment.ShouldStartWith("No rule is active today, so there is no measured edge");
        f.Strategy.Name.ShouldBe("Stand aside — no measured edge");
    }

    [Fact]
    public void Build_ForPastDate_EqualsBuildOnTruncatedPanel()
    {
        var panel = Panel();
        var d = panel.Dates[150];
        var full = ForecastRenderer.Json(ForecastBuilder.Build(panel, OneRule, d));
        var truncated = ForecastRenderer.Json(ForecastBuilder.Build(panel.Head(151), OneRule, d));
        full.ShouldBe(truncated);
    }

    [Fact]
    public void Build_NotATradingDayInData_ClearError()
    {
        var panel = Panel();
        Should.Throw<IwmDeskException>(() => ForecastBuilder.Build(panel, OneRule, new DateOnly(2020, 1, 4)))
            .Message.ShouldContain("2020-01-04 is not a trading day in the data");
    }

    [Fact]
    public void Markdown_FollowsTheLayout()
    {
        var panel = Panel();
        var md = ForecastRenderer.Markdown(ForecastBuilder.Build(panel, OneRule, panel.Dates[297]));
        var order = new[] { "## Current Market State", "## Active Signals", "## Output Forecast", "### Immediate (Tomorrow)", "### Short Term (Next 5 Days)", "### Strategy" };
        var positions = order.Select(h => md.IndexOf(h, StringComparison.Ordinal)).ToList();
        positions.ShouldAllBe(p => p >= 0);
        positions.ShouldBeInOrder();
    }

    [Fact]
    public void Json_HasTheDocumentedKeys()
    {
        var panel = Panel();
        var json = System.Text.Json.Nodes.JsonNode.Parse(ForecastRenderer.Json(ForecastBuilder.Build(panel, OneRule, panel.Dates[297])))!.AsObject();
        foreach (var key in new[] { "date", "data_source", "close", "state", "active_signals", "tomorrow", "next_5_days", "strategy" })
            json.ContainsKey(key).ShouldBeTrue(key);
        json["tomorrow"]!.AsObject().ContainsKey("assessment").ShouldBeTrue();
        json["next_5_days"]!.AsObject().ContainsKey("rationale").ShouldBeTrue();
        json["strategy"]!.AsObject().ContainsKey("invalidation").ShouldBeTrue();
        json["data_source"]!.GetValue<string>().ShouldBe("real");
    }
}
