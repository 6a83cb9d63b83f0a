using IwmDesk.Backtest;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Tests.Signals;

namespace IwmDesk.Tests.Backtest;

public class BacktestEngineTests
{
    private const double Tolerance = 1e-12;

    private static RuleSet OneRule(string condition, string claimed = "") => RuleSet.Parse(
        $"rules:\n  - name: R\n    tier: 1\n    horizons: [1, 2]\n    condition: {condition}\n{claimed}", "test");

    [Fact]
    public void Run_HandComputedCase()
    {
        // adj: 100, 101, 99, 102, 102, 105; signal (gex < 0) on rows 0, 1, 3.
        // h=1 returns: r0 = 0.01, r1 = 99/101−1, r2 = 102/99−1, r3 = 0, r4 = 105/102−1 (row 5 has no forward window).
        double[] adj = [100, 101, 99, 102, 102, 105];
        var panel = ConditionTests.Panel((PanelColumns.AdjClose, adj), ("gex", [-1, -1, 1, -1, 1, -1]));
        var stats = BacktestEngine.Run(panel, OneRule("gex < 0"), new BacktestOptions { Horizons = [1] });
        var s = stats.Single();
        s.N.ShouldBe(3);
        s.Episodes.ShouldBe(2); // rows 0–1 are one run, row 3 another
        s.WinRate.ShouldBe(1.0 / 3, Tolerance);
        var r = new[] { 0.01, (99.0 / 101) - 1, 0.0 };
        s.Mean.ShouldBe(r.Average(), Tolerance);
        s.Median.ShouldBe(0.0);
        s.BaselineN.ShouldBe(5);
        s.BaselineWinRate.ShouldBe(3.0 / 5, Tolerance);
        s.Lift.ShouldBe((1.0 / 3) - (3.0 / 5), Tolerance);
        // 70% of the 6-row range = 4 rows in-sample (rows 0..3), rows 4..5 out-of-sample.
        s.IsN.ShouldBe(3);
        s.OosN.ShouldBe(0);
        s.Verdict.ShouldBe(EdgeVerdict.TooFewCases);
        s.ClaimVerdict.ShouldBe(ClaimVerdict.NoClaim);
        s.NNonoverlap.ShouldBe(3);
    }

    [Fact]
    public void Run_AsOfIndex_UsesOnlyForwardWindowsClosedByThen()
    {
        double[] adj = [100, 101, 99, 102, 102, 105];
        var panel = ConditionTests.Panel((PanelColumns.AdjClose, adj), ("gex", [-1, -1, 1, -1, 1, -1]));
        // As of row 3 at h=2: only t ≤ 1 have t+2 ≤ 3 → signal rows 0 and 1.
        var s = BacktestEngine.Run(panel, OneRule("gex < 0"), new BacktestOptions { Horizons = [2] }, asOfIndex: 3).Single();
        s.N.ShouldBe(2);
        s.Mean.ShouldBe(((99.0 / 100) - 1 + (102.0 / 101) - 1) / 2, Tolerance);
        s.BaselineN.ShouldBe(2);
    }

    [Fact]
    public void Run_AvailableCounts_UnavailableDays()
    {
        var panel = ConditionTests.Panel((PanelColumns.AdjClose, [100, 101, 102, 103]), ("gex", [double.NaN, -1, double.NaN, -1]));
        BacktestEngine.Run(panel, OneRule("gex < 0"), new BacktestOptions { Horizons = [1] }).Single().Unavailable.ShouldBe(2);
    }

    [Fact]
    public void Judge_StrongEdge_IsEdge_ClaimBelowInterval_Understated_AndLosingRule_NoEdge_Overstated()
    {
        // 200 alternating-ish days: signal days always up 1%, other days down 1% → strong bullish edge.
        var n = 400;
        var adj = new double[n];
        var gex = new double[n];
        adj[0] = 100;
        for (var i = 1; i < n; i++)
        {
            // rows with odd index are signals whose next day rises 1% with a small drift; others fall.
            adj[i] = adj[i - 1] * (i % 2 == 0 ? 1.01 : 0.995);
            gex[i - 1] = (i - 1) % 2 == 1 ? -1 : 1;
        }

        gex[n - 1] = 1;
        var panel = ConditionTests.Panel((PanelColumns.AdjClose, adj), ("gex", gex));
        var supported = BacktestEngine.Run(panel, OneRule("gex < 0", "    claimed: { horizon: 1, win_rate: 0.9 }\n"), new BacktestOptions { Horizons = [1] }).Single();
        supported.WinRate.ShouldBe(1.0);
        supported.Verdict.ShouldBe(EdgeVerdict.Edge, supported.VerdictReason);
        supported.LiftCiLow.ShouldBeGreaterThan(0);
        supported.ClaimVerdict.ShouldBe(ClaimVerdict.Understated);
        var rejected = BacktestEngine.Run(panel, OneRule("gex > 0", "    claimed: { horizon: 1, win_rate: 0.6 }\n"), new BacktestOptions { Horizons = [1] }).Single();
        rejected.WinRate.ShouldBe(0.0);
        rejected.Verdict.ShouldBe(EdgeVerdict.NoEdge);
        rejected.ClaimVerdict.ShouldBe(ClaimVerdict.Overstated);
        rejected.ClaimReason.ShouldContain("robust 95%");
    }
}
