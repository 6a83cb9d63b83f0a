using IwmDesk.Analysts;
using IwmDesk.Panel;
using IwmDesk.Testing;
using IwmDesk.Text;

namespace IwmDesk.Tests.Workflow;

public class MacroRegimeAnalystTests
{
    private const double Tolerance = 1e-12;

    private static MacroInputs Calm(double hy = 3.5, double hyChg = 0, double d2c = 0, double d10c = 0, double slope = 1.0, double dxyChg = 0, double ma = 0.05) =>
        new(3, d2c, 4, d10c, slope, hy, hyChg, 100, dxyChg, 105, 100, ma);

    public static TheoryData<MacroInputs, MacroRegime> Cases => new()
    {
        { Calm(hy: 6.5), MacroRegime.CreditStress },
        { Calm(hy: 4.0, hyChg: 1.6), MacroRegime.CreditStress },
        { Calm(hy: 5.0, hyChg: -1.0), MacroRegime.RecoveryPhase },
        { Calm(hy: 3.8, hyChg: -0.8, ma: -0.02), MacroRegime.RecoveryPhase },
        { Calm(d2c: 0.6, ma: -0.01), MacroRegime.RateDrivenCompression },
        { Calm(d10c: 0.55, dxyChg: 0.04), MacroRegime.RateDrivenCompression },
        { Calm(slope: -0.3), MacroRegime.LateCycleRotation },
        { Calm(), MacroRegime.RiskOnExpansion },
        { Calm(hy: 5.0), MacroRegime.RecoveryPhase },
        { Calm(ma: -0.03), MacroRegime.LateCycleRotation },
        { Calm(d2c: 0.6), MacroRegime.RiskOnExpansion }, // a rate rise alone, small caps still trending up
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_DocumentedRules_GiveTheRegime(MacroInputs x, MacroRegime expected) =>
        MacroRegimeAnalyst.Classify(x).Regime.ShouldBe(expected);

    [Fact]
    public void Classify_NoMacroInput_NotAvailable()
    {
        var x = new MacroInputs(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 105, 100, 0.05);
        MacroRegimeAnalyst.Classify(x).Regime.ShouldBe(MacroRegime.NotAvailable);
    }

    /// <summary>
    /// 600 rows of calm credit (HY 3.5%) and an uptrend, then over the last 40 rows the HY spread blows out to 8%.
    /// </summary>
    private static FeaturePanel CreditBlowout()
    {
        const int n = 600;
        var hy = TestPanels.Series(n, t => t < 560 ? 3.5 + (0.05 * Math.Sin(t * 0.3)) : 3.5 + ((t - 559) * 4.5 / 40));
        var adj = TestPanels.Series(n, t => 100 * Math.Exp(0.0005 * t));
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.AdjClose] = adj,
            [PanelColumns.Close] = adj,
            [PanelColumns.Sma50] = TestPanels.Rolling(adj, 50),
            [PanelColumns.Sma200] = TestPanels.Rolling(adj, 200),
            [PanelColumns.Dgs2] = TestPanels.Series(n, t => 3 + (0.1 * Math.Sin(t * 0.02))),
            [PanelColumns.Dgs10] = TestPanels.Series(n, t => 4 + (0.1 * Math.Sin(t * 0.015))),
            [PanelColumns.HySpread] = hy,
            [PanelColumns.Dxy] = TestPanels.Series(n, t => 100 + Math.Sin(t * 0.01)),
        };
        return TestPanels.Make(TestPanels.Dates(n), cols);
    }

    [Fact]
    public void Analyze_HySpreadBlowout_CreditStress()
    {
        var panel = CreditBlowout();
        var r = MacroRegimeAnalyst.Analyze(panel);
        r.Regime.ShouldBe(MacroRegime.CreditStress);
        r.RegimeRule.ShouldContain("HY spread 8.00% ≥ 6.00%");
        r.Facts["regime"].ShouldBe(MacroRegime.CreditStress.Text());
        r.Facts["hy_spread"].ShouldBe(8.0);

        // Before the blowout the same panel reads Risk-On Expansion (calm credit, 50-day above 200-day, steep curve).
        MacroRegimeAnalyst.Analyze(panel, panel.Dates[500]).Regime.ShouldBe(MacroRegime.RiskOnExpansion);
    }

    [Fact]
    public void Analyze_WideningBeforeTheLevel_CreditStressByTheChangeRule()
    {
        var panel = CreditBlowout();

        // Row 580: HY = 3.5 + 21·4.5/40 ≈ 5.86 (below 6) but up ≈ 2.3 pp in 63 days.
        var r = MacroRegimeAnalyst.Analyze(panel, panel.Dates[580]);
        r.Regime.ShouldBe(MacroRegime.CreditStress);
        r.RegimeRule.ShouldContain("widened");
    }

    /// <summary>
    /// Features repeat exactly with a period of 200 rows (a lookup by t mod 200), IWM grows 0.1% a day: the analogs of the
    /// last row are the rows 200, 400 and 600 before it, with forward returns 1.001^30 − 1 and 1.001^90 − 1.
    /// </summary>
    [Fact]
    public void Analyze_PeriodicFeatures_AnalogsAreThePeriodsBack()
    {
        const int n = 801;
        const int period = 200;
        double P(int t, double a, double b) => a + (b * Math.Sin(2 * Math.PI * (t % period) / period));
        var adj = TestPanels.Series(n, t => 100 * Math.Pow(1.001, t));
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.AdjClose] = adj,
            [PanelColumns.Close] = adj,
            [PanelColumns.Sma50] = TestPanels.Series(n, t => P(t, 105, 3)),
            [PanelColumns.Sma200] = TestPanels.Const(n, 100),
            [PanelColumns.Dgs2] = TestPanels.Series(n, t => P(t, 3, 0.5)),
            [PanelColumns.Dgs10] = TestPanels.Series(n, t => P(t + 30, 4, 0.4)),
            [PanelColumns.HySpread] = TestPanels.Series(n, t => P(t + 70, 3.8, 0.6)),
            [PanelColumns.Dxy] = TestPanels.Series(n, t => P(t + 110, 100, 4)),
        };
        var panel = TestPanels.Make(TestPanels.Dates(n), cols);
        var r = MacroRegimeAnalyst.Analyze(panel);
        var last = n - 1;
        r.Analogs.Count.ShouldBe(3);
        r.Analogs.Select(a => a.Date).Order().ShouldBe([panel.Dates[last - 600], panel.Dates[last - 400], panel.Dates[last - 200]]);
        foreach (var a in r.Analogs)
        {
            a.Distance.ShouldBe(0, 1e-9);
            a.Forward30.ShouldBe(Math.Pow(1.001, 30) - 1, 1e-9);
            a.Forward90.ShouldBe(Math.Pow(1.001, 90) - 1, 1e-9);
        }

        // Mean forward 90-day return ≈ +9.4% > 2%: bullish.
        r.MeanForward90.ShouldBe(Math.Pow(1.001, 90) - 1, 1e-9);
        r.Bias.ShouldBe(Bias.Bullish);
    }

    [Fact]
    public void Analyze_Analogs_SeparatedAndClosedByD()
    {
        var panel = TestPanels.Full(900);
        var r = MacroRegimeAnalyst.Analyze(panel);
        var idx = r.Analogs.Select(a => panel.IndexOnOrBefore(a.Date)).ToList();
        idx.ShouldAllBe(t => t + 90 <= panel.Count - 1);
        for (var a = 0; a < idx.Count; a++)
        {
            for (var b = a + 1; b < idx.Count; b++)
                Math.Abs(idx[a] - idx[b]).ShouldBeGreaterThanOrEqualTo(60);
        }
    }

    [Fact]
    public void Analyze_SpreadNearStressLine_KeyRiskIsTheHySpread()
    {
        // HY drifts from 3.0% to 5.8%: the regime is Recovery Phase (elevated spread, nothing else moving) and the
        // nearest threshold whose crossing changes it is the 6% Credit Stress line.
        const int n = 600;
        var adj = TestPanels.Series(n, t => 100 * Math.Exp(0.0005 * t));
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.AdjClose] = adj,
            [PanelColumns.Close] = adj,
            [PanelColumns.Sma50] = TestPanels.Series(n, t => 110 + (0.01 * Math.Sin(t))),
            [PanelColumns.Sma200] = TestPanels.Const(n, 100),
            [PanelColumns.Dgs2] = TestPanels.Series(n, t => 3 + (0.01 * Math.Sin(t * 0.7))),
            [PanelColumns.Dgs10] = TestPanels.Series(n, t => 4.5 + (0.01 * Math.Sin(t * 0.9))),
            [PanelColumns.HySpread] = TestPanels.Series(n, t => 3.0 + (2.8 * t / (n - 1))),
            [PanelColumns.Dxy] = TestPanels.Series(n, t => 100 + (0.05 * Math.Sin(t * 0.5))),
        };
        var r = MacroRegimeAnalyst.Analyze(TestPanels.Make(TestPanels.Dates(n), cols));
        r.Regime.ShouldBe(MacroRegime.RecoveryPhase);
        r.KeyRisk.ShouldNotBeNull();
        r.KeyRisk.Input.ShouldBe("hy_spread");
        r.KeyRisk.Threshold.ShouldBe(6.0);
        r.KeyRisk.WouldBecome.ShouldBe(MacroRegime.CreditStress);
        var hy = cols[PanelColumns.HySpread];
        var mean = hy.Average();
        var sd = Math.Sqrt(hy.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        r.KeyRisk.DistanceSd.ShouldBe((6.0 - 5.8) / sd, 1e-9);
    }

    [Fact]
    public void Analyze_MissingDgs2_ListedAndStillClassified()
    {
        var panel = CreditBlowout();
        var cols = panel.ColumnNames.Where(c => c != PanelColumns.Dgs2).ToDictionary(c => c, c => panel[c], StringComparer.Ordinal);
        var r = MacroRegimeAnalyst.Analyze(TestPanels.Make(panel.Dates, cols));
        r.MissingInputs.ShouldContain("dgs2");
        r.Regime.ShouldBe(MacroRegime.CreditStress);
        double.IsNaN((double)r.Facts["dgs2"]!).ShouldBeTrue();
    }

    [Fact]
    public void Analyze_ForDate_SameFromFullAndTruncatedAndAlteredFuture()
    {
        var panel = TestPanels.Full(900);
        var i = 750;
        var d = panel.Dates[i];
        var full = JsonOutput.Serialize(MacroRegimeAnalyst.Analyze(panel, d));
        JsonOutput.Serialize(MacroRegimeAnalyst.Analyze(panel.Head(i + 1), d)).ShouldBe(full);
        JsonOutput.Serialize(MacroRegimeAnalyst.Analyze(TestPanels.CorruptAfter(panel, i), d)).ShouldBe(full);
    }

    [Theory]
    [InlineData("2008-09-20", "Lehman Brothers bankruptcy")]
    [InlineData("2022-06-01", "Fed rate hikes of 2022")]
    [InlineData("2020-03-16", "COVID crash")]
    [InlineData("2014-01-15", MacroEvents.None)]
    public void MacroEvents_Nearest_WithinTheWindow(string date, string expected) =>
        MacroEvents.Nearest(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), 90).ShouldBe(expected);

    [Fact]
    public void MacroEvents_Table_HasTheBriefsEvents()
    {
        var names = string.Join("\n", MacroEvents.Events.Select(e => e.Name));
        foreach (var key in new[] { "Dot-com", "September 11", "Quant quake", "Lehman", "Flash crash", "downgrade", "yuan", "election", "Fed tightening", "COVID", "rate hikes", "Regional-bank", "Yen carry", "Tariff" })
            names.ShouldContain(key);
    }

    [RealDataFact]
    public void Analyze_RealData_CovidCrashIsCreditStress()
    {
        var panel = TestPanels.Real();
        var r = MacroRegimeAnalyst.Analyze(panel, new DateOnly(2020, 3, 23));
        r.Regime.ShouldBe(MacroRegime.CreditStress);
        r.Inputs.HySpread.ShouldBeGreaterThan(10);
        r.Analogs.Count.ShouldBe(3);
        r.Analogs.ShouldAllBe(a => a.Date <= new DateOnly(2019, 11, 1));
    }
}
