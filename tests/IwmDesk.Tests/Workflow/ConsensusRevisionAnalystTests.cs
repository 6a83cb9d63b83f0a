using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Prompts;
using IwmDesk.Testing;
using IwmDesk.Workflow;

namespace IwmDesk.Tests.Workflow;

/// <summary>Step 4 from consensus snapshots, on a small hand-made fixture whose counts are worked out in the comments.</summary>
public class ConsensusRevisionAnalystTests
{
    private static readonly DateOnly D = new(2025, 12, 5);

    /// <summary>
    /// Members: Financials AAA 10% + BBB 5%, Industrials CCC 8% + CCX 4%, Real Estate DDD 4%, Energy EEE 3%, Health Care
    /// FFF 6%. Non-members BIG1, BIG2. Snapshots 2025-08-01 and 08-29 (the cycle 13 weeks back: AAA up, CCC down),
    /// 11-03 (before the window), 11-28 and 12-03 (in it), 12-08 (after D: ignored).
    /// In the window: Financials 2 up / 2 down, Industrials 0 / 4, Real Estate 0 / 2, Energy 1 / 1, Health Care none
    /// (FFF goes value → null → value), non-members 2 up / 1 down. Score (15·0 + 12·(−1) + 4·(−1) + 3·0) / 34 = −0.47.
    /// </summary>
    internal static ConsensusRevisionInput Fixture(DateOnly? upTo = null, bool members = true)
    {
        var values = new Dictionary<string, (DateOnly Date, double? Value)[]>(StringComparer.Ordinal);
        DateOnly S(int m, int d) => new(2025, m, d);
        void V(string symbol, params (DateOnly, double?)[] v) => values[symbol] = v;
        V("AAA", (S(8, 1), 1.0), (S(8, 29), 1.1), (S(11, 3), 1.1), (S(11, 28), 1.2), (S(12, 3), 1.3), (S(12, 8), 0.1));
        V("BBB", (S(11, 3), 0.5), (S(11, 28), 0.4), (S(12, 3), 0.3));
        V("CCC", (S(8, 1), 2.0), (S(8, 29), 1.9), (S(11, 3), 1.9), (S(11, 28), 1.7), (S(12, 3), 1.6));
        V("CCX", (S(11, 3), 1.0), (S(11, 28), 0.9), (S(12, 3), 0.8));
        V("DDD", (S(11, 3), 0.3), (S(11, 28), 0.2), (S(12, 3), 0.1));
        V("EEE", (S(11, 3), 1.0), (S(11, 28), 0.9), (S(12, 3), 1.0));
        V("FFF", (S(11, 3), 0.8), (S(11, 28), null), (S(12, 3), 0.9));
        V("BIG1", (S(11, 3), 5.0), (S(11, 28), 5.1), (S(12, 3), 5.2));
        V("BIG2", (S(11, 3), 3.0), (S(11, 28), 2.9), (S(12, 3), 2.9));
        var last = upTo ?? D;
        var rows = values.SelectMany(kv => kv.Value.Where(v => v.Date <= last)
            .Select(v => new ConsensusEstimate(v.Date, kv.Key, kv.Key + " Inc", null, new DateOnly(2025, 12, 31), v.Value, "USD"))).ToList();
        IndexMember M(string t, string s, double w) => new(t, s, w);
        return new ConsensusRevisionInput
        {
            Snapshots = rows.Select(r => r.SnapshotDate).Distinct().Order().ToList(),
            Revisions = ConsensusRevisions.Compute(rows),
            Members = members
                ? [M("AAA", "Financials", 10), M("BBB", "Financials", 5), M("CCC", "Industrials", 8), M("CCX", "Industrials", 4),
                   M("DDD", "Real Estate", 4), M("EEE", "Energy", 3), M("FFF", "Health Care", 6)]
                : null,
            HoldingsAsOf = new DateOnly(2025, 11, 5),
        };
    }

    [Fact]
    public void Fixture_CountsFlagsScoreAndPriorCycle()
    {
        var r = ConsensusRevisionAnalyst.Analyze(Fixture(new DateOnly(2025, 12, 31)), D);

        r.Source.ShouldBe(ConsensusRevisionAnalyst.Source);
        r.LatestWeek.ShouldBe(new DateOnly(2025, 12, 3)); // the 12-08 snapshot is after D
        r.WindowStart.ShouldBe(ConsensusRevisionAnalyst.WindowStart(D, 20));
        var by = r.Rows.ToDictionary(x => x.Sector);
        (by["Financials"].Upgrades, by["Financials"].Downgrades).ShouldBe((2, 2));
        (by["Industrials"].Upgrades, by["Industrials"].Downgrades).ShouldBe((0, 4));
        (by["Real Estate"].Upgrades, by["Real Estate"].Downgrades).ShouldBe((0, 2));
        (by["Energy"].Upgrades, by["Energy"].Downgrades).ShouldBe((1, 1));
        (by["Health Care"].Upgrades, by["Health Care"].Downgrades).ShouldBe((0, 0));
        r.Rows.Where(x => x.DowngradeFlag).Select(x => x.Sector).ShouldBe(["Industrials", "Real Estate"]);
        r.NonMembers.ShouldBe(new RevisionCount(2, 1));
        r.Members.ShouldBe(new RevisionCount(3, 9));
        r.NetScore.ShouldBe(-16.0 / 34, 1e-12);
        r.Label.ShouldBe(RevisionLabel.Negative);
        r.Bias.ShouldBe(Bias.Bearish);
        r.PriorWeeks[0].ShouldBe(new DateOnly(2025, 9, 5));
        r.PriorNetScores[0].ShouldBe((15.0 - 12.0) / 27, 1e-12);
        r.PriorWeeks[1].ShouldBeNull();
        r.Notes.ShouldContain("snapshots start 2025-08-01: no cycle 26 weeks earlier to compare");
        r.Concentration.ShouldBe(SectorGroups.Cyclical); // cyclicals: 5 of 9 downgrades on 15 of 40 weight; rate-sensitive: 4 of 9 on 19 of 40
    }

    [Fact]
    public void NoHoldings_NotAvailable_SaysWhy()
    {
        var r = ConsensusRevisionAnalyst.Analyze(Fixture(members: false), D);

        r.Bias.ShouldBe(Bias.NotAvailable);
        r.Summary.ShouldContain("no IWM holdings snapshot in force at 2025-12-05");
    }

    [Fact]
    public void SnapshotsOnlyAfterTheWindowStart_SayNoPriorCycle()
    {
        var input = Fixture();
        var recent = input with
        {
            Snapshots = input.Snapshots.Where(d => d >= new DateOnly(2025, 11, 3)).ToList(),
            Revisions = input.Revisions.Where(x => x.PreviousSnapshot >= new DateOnly(2025, 11, 3)).ToList(),
        };

        var r = ConsensusRevisionAnalyst.Analyze(recent, D);

        r.PriorWeeks.ShouldAllBe(w => w == null);
        r.Notes.ShouldContain("snapshots start 2025-11-03: no prior cycle to compare");
        r.Summary.ShouldContain("Snapshots start 2025-11-03: no prior cycle to compare.");
    }

    [Fact]
    [Trait("Category", "Snapshot")]
    public void Workflow_AnswersStep4FromSnapshots_ChecklistCountsIt_AndTheTextIsPinned()
    {
        var panel = TestPanels.Full(700, start: new DateOnly(2023, 3, 1));
        var ctx = new PromptContext { Panel = panel, Date = D, Consensus = Fixture() };

        var result = WorkflowRunner.Run(ctx);

        var step = result.Steps[3];
        step.Bias.ShouldBe(Bias.Bearish);
        result.Checklist.Items[3].Bias.ShouldBe(Bias.Bearish);
        step.Prompt.Missing.ShouldBeEmpty();
        var text = $"{step.Summary}\n\n{step.Table}\n{step.Prompt.ToMarkdown()}";
        Snapshot.Match(text, "workflow.step4-consensus.md");
    }

    [Fact]
    public void Workflow_WithoutSnapshots_KeepsTheRevisionsCsvPath()
    {
        var panel = TestPanels.Full(700, start: new DateOnly(2023, 3, 1));
        var ctx = new PromptContext { Panel = panel, Date = D, Revisions = [new EarningsRevisionRecord(new DateOnly(2025, 12, 1), "Financials", 3, 1)] };

        var step = WorkflowRunner.Run(ctx).Steps[3];

        step.Summary.ShouldStartWith("Earnings revisions, week of 2025-12-01");
        step.Facts.ContainsKey("source").ShouldBeFalse();
    }
}
