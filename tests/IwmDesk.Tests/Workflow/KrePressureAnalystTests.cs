using IwmDesk.Analysts;
using IwmDesk.Panel;
using IwmDesk.Testing;
using IwmDesk.Text;

namespace IwmDesk.Tests.Workflow;

public class KrePressureAnalystTests
{
    private const double Tolerance = 1e-12;

    /// <summary>Deterministic daily returns that keep KRE and IWM highly correlated.</summary>
    private static double Base(int t) => (0.006 * Math.Sin(t * 0.9)) + (0.004 * Math.Cos(t * 2.3));

    /// <summary>
    /// 300 rows. KRE's daily return is 1.2× IWM's, except where an override says otherwise (the shock tests below: one
    /// side moves 3% a day for rows 200–204, then takes back part of it, 0.9% a day for rows 205–209).
    /// </summary>
    private static FeaturePanel KreShock(int rows = 300, Func<int, double>? kreOverride = null, Func<int, double>? iwmOverride = null)
    {
        var iwm = new double[rows];
        var kre = new double[rows];
        iwm[0] = 100;
        kre[0] = 50;
        for (var t = 1; t < rows; t++)
        {
            var ri = iwmOverride?.Invoke(t) ?? double.NaN;
            if (double.IsNaN(ri))
                ri = Base(t);
            var rk = kreOverride?.Invoke(t) ?? double.NaN;
            if (double.IsNaN(rk))
                rk = 1.2 * Base(t);
            iwm[t] = iwm[t - 1] * (1 + ri);
            kre[t] = kre[t - 1] * (1 + rk);
        }

        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.AdjClose] = iwm,
            [PanelColumns.Close] = iwm,
            [PanelColumns.Kre] = kre,
        };
        return TestPanels.Make(TestPanels.Dates(rows), cols);
    }

    private static double KreDrop(int t) => t is >= 200 and <= 204 ? -0.03 : t is >= 205 and <= 209 ? 0.009 : double.NaN;

    [Fact]
    public void Analyze_KreDropsThenRecovers_OneEpisodeKreReverted()
    {
        var panel = KreShock(kreOverride: KreDrop);
        var r = KrePressureAnalyst.Analyze(panel);

        // Before row 200 the two move together (correlation ≈ 1, gap well under 5%): no episode.
        r.Episodes.ShouldAllBe(e => e.Start >= panel.Dates[200]);
        var first = r.Episodes[0];
        first.Start.ShouldBeLessThanOrEqualTo(panel.Dates[204]);
        first.GapAtPeak.ShouldBeLessThan(-0.05);
        panel.IndexOnOrBefore(first.Peak).ShouldBeInRange(200, 209); // the widest gap is in the shock, not in the calm after
        first.Reverted.ShouldBe(KrePressureAnalyst.RevertedKre);
        var s = panel.IndexOnOrBefore(first.Peak);
        first.KreFollowUp.ShouldBe((panel[PanelColumns.Kre][s + 10] / panel[PanelColumns.Kre][s]) - 1, Tolerance);
        first.IwmFollowUp.ShouldBe((panel[PanelColumns.AdjClose][s + 10] / panel[PanelColumns.AdjClose][s]) - 1, Tolerance);
        r.Facts["kre_reverted"].ShouldBe(r.Episodes.Count(e => e.Reverted == KrePressureAnalyst.RevertedKre));
    }

    [Fact]
    public void Analyze_IwmSpikesThenFalls_IwmReverted()
    {
        // IWM jumps 3% a day for 5 days (KRE lags), then gives part of it back: IWM reverted toward KRE.
        static double IwmSpike(int t) => t is >= 200 and <= 204 ? 0.03 : t is >= 205 and <= 209 ? -0.009 : double.NaN;
        var panel = KreShock(iwmOverride: IwmSpike);
        var r = KrePressureAnalyst.Analyze(panel);
        var first = r.Episodes[0];
        first.Start.ShouldBeGreaterThanOrEqualTo(panel.Dates[200]);
        first.GapAtPeak.ShouldBeLessThan(-0.05);
        panel.IndexOnOrBefore(first.Peak).ShouldBeInRange(200, 209);
        first.Reverted.ShouldBe(KrePressureAnalyst.RevertedIwm);
    }

    [Fact]
    public void Analyze_EpisodeFollowUpNotClosed_Pending()
    {
        var panel = KreShock(kreOverride: KreDrop);
        var r = KrePressureAnalyst.Analyze(panel, panel.Dates[205]);
        r.Episodes.Count.ShouldBe(1);
        r.Episodes[0].Reverted.ShouldBe(KrePressureAnalyst.RevertedPending);
        r.Episodes[0].End.ShouldBe(panel.Dates[205]);
        r.DivergentToday.ShouldBeTrue();
        r.Facts["episodes_closed"].ShouldBe(0);
    }

    [Fact]
    public void Analyze_KreLagging_BearishWarning()
    {
        var panel = KreShock(kreOverride: KreDrop);
        var r = KrePressureAnalyst.Analyze(panel, panel.Dates[204]);
        var gap20 = r.Windows.Single(w => w.Days == 20).Gap;
        gap20.ShouldBeLessThan(-0.05);
        r.Verdict.ShouldBe(KreVerdict.BearishWarning);
        r.Bias.ShouldBe(Bias.Bearish);
        r.Table().ShouldContain("| 20 days |");
    }

    [Fact]
    public void Analyze_WindowPerformance_FromAdjustedCloses()
    {
        var panel = KreShock();
        var r = KrePressureAnalyst.Analyze(panel);
        var last = panel.Count - 1;
        foreach (var w in r.Windows)
        {
            w.KrePerformance.ShouldBe((panel[PanelColumns.Kre][last] / panel[PanelColumns.Kre][last - w.Days]) - 1, Tolerance);
            w.IwmPerformance.ShouldBe((panel[PanelColumns.AdjClose][last] / panel[PanelColumns.AdjClose][last - w.Days]) - 1, Tolerance);
            w.Correlation.ShouldBe(1, 1e-9); // KRE's returns are exactly 1.2× IWM's
        }
    }

    [Theory]
    [InlineData(-0.08, 0.06, 0.01, KrePressureAnalyst.RevertedKre)]
    [InlineData(-0.08, 0.00, -0.05, KrePressureAnalyst.RevertedIwm)]
    [InlineData(-0.08, -0.03, 0.01, KrePressureAnalyst.RevertedNeither)]
    [InlineData(0.07, -0.05, 0.00, KrePressureAnalyst.RevertedKre)]
    [InlineData(0.07, 0.01, 0.05, KrePressureAnalyst.RevertedIwm)]
    public void Reverter_GapAndFollowUps_NamesTheSide(double gap, double kre, double iwm, string expected) =>
        KrePressureAnalyst.Reverter(gap, kre, iwm).ShouldBe(expected);

    [Theory]
    [InlineData(-0.02, 0.04, 0.9, KreVerdict.BearishWarning)] // gap −6%
    [InlineData(-0.06, 0.00, 0.9, KreVerdict.BearishWarning)] // KRE −6% while IWM flat (gap also −6%)
    [InlineData(0.03, 0.02, 0.8, KreVerdict.BullishConfirmation)]
    [InlineData(0.03, 0.02, 0.5, KreVerdict.Neutral)] // both up but decoupled
    [InlineData(-0.01, -0.02, 0.9, KreVerdict.Neutral)]
    public void Verdict_DocumentedRules(double kre, double iwm, double corr, KreVerdict expected) =>
        KrePressureAnalyst.Verdict(kre, iwm, kre - iwm, corr).Verdict.ShouldBe(expected);

    [Fact]
    public void Analyze_NoKreColumn_NotAvailableSaidPlainly()
    {
        var full = KreShock();
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal) { [PanelColumns.AdjClose] = full[PanelColumns.AdjClose] };
        var r = KrePressureAnalyst.Analyze(TestPanels.Make(full.Dates, cols));
        r.Bias.ShouldBe(Bias.NotAvailable);
        r.Verdict.ShouldBe(KreVerdict.NotAvailable);
        r.Summary.ShouldContain("no KRE data");
        r.MissingReason.ShouldBe("no KRE data");
    }

    [Fact]
    public void Analyze_ForDate_SameFromFullAndTruncatedAndAlteredFuture()
    {
        var panel = KreShock(kreOverride: KreDrop);
        var i = 230;
        var d = panel.Dates[i];
        var full = JsonOutput.Serialize(KrePressureAnalyst.Analyze(panel, d));
        JsonOutput.Serialize(KrePressureAnalyst.Analyze(panel.Head(i + 1), d)).ShouldBe(full);
        JsonOutput.Serialize(KrePressureAnalyst.Analyze(TestPanels.CorruptAfter(panel, i), d)).ShouldBe(full);
    }

    [RealDataFact]
    public void Analyze_RealData_RegionalBankFailures_BearishWarning()
    {
        var r = KrePressureAnalyst.Analyze(TestPanels.Real(), new DateOnly(2023, 3, 13));
        r.Verdict.ShouldBe(KreVerdict.BearishWarning);
        r.Windows.Single(w => w.Days == 20).Gap.ShouldBeLessThan(-0.15);
        r.DivergentToday.ShouldBeTrue();
    }
}
