using IwmDesk.Analysts;
using IwmDesk.Data;

namespace IwmDesk.Tests.Workflow;

public class EarningsRevisionAnalystTests
{
    private const double Tolerance = 1e-12;

    private static readonly DateOnly Latest = new(2025, 4, 4);

    private static readonly DateOnly D = new(2025, 4, 7);

    private static EarningsRevisionRecord R(DateOnly d, string sector, int up, int down) => new(d, sector, up, down);

    /// <summary>
    /// The latest week (2025-04-04) with Industrials at 10 up / 30 down (3:1), sector names partly given as aliases;
    /// the prior cycles (stored 2025-01-02 and 2024-10-04) have every top sector at 10 up / 5 down; a later week
    /// (after D) that must be ignored.
    /// </summary>
    private static List<EarningsRevisionRecord> Records()
    {
        var list = new List<EarningsRevisionRecord>
        {
            R(Latest, "Industrials", 10, 30),
            R(Latest, "Financials", 20, 15),
            R(Latest, "Healthcare", 12, 10),
            R(Latest, "Technology", 15, 10),
            R(Latest, "Consumer Discretionary", 8, 8),
            R(Latest, "Real Estate", 2, 10),
            R(Latest, "Utilities", 1, 5),
            R(Latest, "Energy", 3, 3),
            R(new DateOnly(2025, 4, 11), "Industrials", 100, 0),
        };
        foreach (var prior in new[] { new DateOnly(2025, 1, 2), new DateOnly(2024, 10, 4) })
        {
            foreach (var s in new[] { "Industrials", "Financials", "Health Care", "Information Technology", "Consumer Discretionary" })
                list.Add(R(prior, s, 10, 5));
        }

        return list;
    }

    [Fact]
    public void Analyze_IndustrialsThreeToOne_FlaggedAndDeteriorating()
    {
        var r = EarningsRevisionAnalyst.Analyze(Records(), D);
        r.LatestWeek.ShouldBe(Latest);
        r.PriorWeeks.ShouldBe([new DateOnly(2025, 1, 2), new DateOnly(2024, 10, 4)]);
        r.Rows.Select(x => x.Sector).ShouldBe(["Industrials", "Financials", "Health Care", "Information Technology", "Consumer Discretionary"]);

        var ind = r.Rows[0];
        ind.DowngradeFlag.ShouldBeTrue();
        ind.Ratio.ShouldBe(10.0 / 30, Tolerance);
        ind.Net.ShouldBe(-0.5, Tolerance);
        ind.PriorNets.ShouldBe([5.0 / 15, 5.0 / 15]);
        r.Rows.Skip(1).ShouldAllBe(x => !x.DowngradeFlag);

        var expected = ((17.5 * -0.5) + (17.0 * 5 / 35.0) + (15.5 * 2 / 22.0) + (13.5 * 5 / 25.0) + (10.0 * 0)) / 73.5;
        r.NetScore.ShouldBe(expected, Tolerance);
        r.PriorNetScores.ShouldBe([1.0 / 3, 1.0 / 3], Tolerance);
        r.Label.ShouldBe(RevisionLabel.DeterioratingNeutral); // −0.03: inside ±0.10, and 0.36 below the prior cycles
        r.Bias.ShouldBe(Bias.Neutral);

        // Downgrades: 91 in all; rate-sensitive 15 + 10 + 5 = 30, cyclical 30 + 8 + 3 = 41.
        r.Concentration.ShouldBe(SectorGroups.Cyclical);
        r.RateSensitiveDowngradeShare.ShouldBe(30.0 / 91, Tolerance);
        r.CyclicalDowngradeShare.ShouldBe(41.0 / 91, Tolerance);
        r.Facts["downgrade_flags"].ShouldBe("Industrials");
        r.Table().ShouldContain("downgrades > 2:1");
    }

    [Fact]
    public void Analyze_BroadDowngrades_NegativeBearish()
    {
        var recs = new[] { "Industrials", "Financials", "Health Care", "Information Technology", "Consumer Discretionary" }
            .Select(s => R(Latest, s, 5, 20)).ToList();
        var r = EarningsRevisionAnalyst.Analyze(recs, D);
        r.NetScore.ShouldBe(-0.6, Tolerance);
        r.Label.ShouldBe(RevisionLabel.Negative);
        r.Bias.ShouldBe(Bias.Bearish);
        r.Rows.ShouldAllBe(x => x.DowngradeFlag);
        r.PriorWeeks.ShouldAllBe(w => w == null);
        r.Summary.ShouldContain("no prior-cycle week stored");
    }

    [Fact]
    public void Analyze_BroadUpgrades_PositiveBullish()
    {
        var recs = new[] { "Industrials", "Financials", "Health Care", "Information Technology", "Consumer Discretionary" }
            .Select(s => R(Latest, s, 20, 10)).ToList();
        var r = EarningsRevisionAnalyst.Analyze(recs, D);
        r.Label.ShouldBe(RevisionLabel.Positive);
        r.Bias.ShouldBe(Bias.Bullish);
    }

    [Fact]
    public void Analyze_NoData_NotAvailableSaidPlainly()
    {
        var r = EarningsRevisionAnalyst.Analyze(null, D);
        r.Bias.ShouldBe(Bias.NotAvailable);
        r.Summary.ShouldBe("Earnings revisions: n/a — no earnings-revision data loaded (the revisions CSV format is in docs/workflow.md).");
    }

    [Fact]
    public void Analyze_OnlyLaterWeeks_NotAvailable()
    {
        var r = EarningsRevisionAnalyst.Analyze(Records(), new DateOnly(2024, 1, 5));
        r.Bias.ShouldBe(Bias.NotAvailable);
        r.Summary.ShouldContain("no earnings-revision week on or before 2024-01-05");
    }

    [Fact]
    public void Analyze_StaleLatestWeek_NotAvailable()
    {
        var r = EarningsRevisionAnalyst.Analyze(Records(), new DateOnly(2025, 6, 2)); // 2025-04-11 is 52 days earlier
        r.Bias.ShouldBe(Bias.NotAvailable);
        r.Summary.ShouldContain("more than 35 days before");
    }

    [Fact]
    public void SectorWeights_Default_TopFiveAndGroups()
    {
        var w = SectorWeights.Default;
        w.Top(5).Select(s => s.Sector).ShouldBe(["Industrials", "Financials", "Health Care", "Information Technology", "Consumer Discretionary"]);
        w.Sectors.Where(s => s.Group == SectorGroups.RateSensitive).Select(s => s.Sector).Order().ShouldBe(["Financials", "Real Estate", "Utilities"]);
        w.Sectors.Where(s => s.Group == SectorGroups.Cyclical).Select(s => s.Sector).Order().ShouldBe(["Consumer Discretionary", "Energy", "Industrials", "Materials"]);
        w.Sectors.Sum(s => s.Weight).ShouldBe(98, 3); // an approximation, rounded: close to 100
        w.Find("tech")!.Sector.ShouldBe("Information Technology");
    }
}
