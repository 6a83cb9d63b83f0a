using IwmDesk.Backtest;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Tests.Signals;

namespace IwmDesk.Tests.Backtest;

public class SweepEngineTests
{
    [Fact]
    public void Grid_IsCartesianProduct_OtherParamsAtDefault()
    {
        var rule = RuleSet.Parse(
            "rules:\n  - name: R\n    tier: 1\n    condition: rsi14 >= $lo and rsi14 <= $hi and vix > $v\n    params: { lo: 50, hi: 70, v: 20 }\n    sweep:\n      lo: { from: 40, to: 50, step: 5 }\n      hi: { from: 70, to: 80, step: 10 }\n",
            "t").Rules[0];
        var grid = SweepEngine.Grid(rule);
        grid.Count.ShouldBe(6);
        grid.ShouldAllBe(g => g["v"] == 20);
        grid.Select(g => (g["lo"], g["hi"])).ShouldBe([(40.0, 70.0), (40.0, 80.0), (45.0, 70.0), (45.0, 80.0), (50.0, 70.0), (50.0, 80.0)]);
    }

    [Fact]
    public void Run_FindsThePlantedThreshold_AndCountsVariants()
    {
        // vix cycles 10..39; the day after vix >= 30 always rises 1%, other days fall 0.2%.
        const int n = 3000;
        var vix = new double[n];
        var adj = new double[n];
        adj[0] = 100;
        for (var i = 0; i < n; i++)
            vix[i] = 10 + (i * 7 % 30);
        for (var i = 1; i < n; i++)
            adj[i] = adj[i - 1] * (vix[i - 1] >= 30 ? 1.01 : 0.998);
        var panel = ConditionTests.Panel((PanelColumns.AdjClose, adj), ("vix", vix));
        var rules = RuleSet.Parse(
            "rules:\n  - name: V\n    tier: 1\n    horizons: [1]\n    condition: vix >= $v\n    params: { v: 20 }\n    sweep: { v: { from: 10, to: 39, step: 1 } }\n", "t");
        var result = SweepEngine.Run(panel, rules, new BacktestOptions { Horizons = [1] }, bestPerRule: 1, maxDegreeOfParallelism: 2);
        result.VariantsTried.ShouldBe(30);
        var best = result.Best.Single();
        best.Parameters["v"].ShouldBe(30);
        best.IsWinRate.ShouldBe(1.0);
        best.OosConfirms.ShouldBeTrue();
        best.AdjustedPValue.ShouldBeGreaterThanOrEqualTo(best.PValue);
        best.AdjustedPValue.ShouldBeLessThan(1e-6);
    }

    [Fact]
    public void Run_IsDeterministicAcrossParallelism()
    {
        const int n = 800;
        var rng = new Random(7);
        var vix = Enumerable.Range(0, n).Select(_ => 10 + (30 * rng.NextDouble())).ToArray();
        var adj = new double[n];
        adj[0] = 100;
        for (var i = 1; i < n; i++)
            adj[i] = adj[i - 1] * (1 + ((rng.NextDouble() - 0.5) * 0.02));
        var panel = ConditionTests.Panel((PanelColumns.AdjClose, adj), ("vix", vix));
        var rules = RuleSet.Parse("rules:\n  - name: V\n    tier: 1\n    condition: vix >= $v\n    params: { v: 20 }\n    sweep: { v: { from: 10, to: 40, step: 0.5 } }\n", "t");
        var one = SweepEngine.Run(panel, rules, maxDegreeOfParallelism: 1);
        var two = SweepEngine.Run(panel, rules, maxDegreeOfParallelism: 2);
        two.Best.Select(b => (b.Condition, b.Horizon, b.PValue, b.AdjustedPValue)).ShouldBe(one.Best.Select(b => (b.Condition, b.Horizon, b.PValue, b.AdjustedPValue)));
    }
}
