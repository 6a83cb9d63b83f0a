using IwmDesk.Journal;

namespace IwmDesk.Tests.Journal;

/// <summary>
/// Each workflow step's own answers are scored apart, against the base rate of the same days (issue 16): figures checked
/// against a count made here from the planted series, and the step calls never reach the forecast/checklist headlines.
/// </summary>
public sealed class StepTrackRecordTests
{
    private const int Days = 400;

    // A market that rises two days in three (deterministic), so "always Bullish" has a 2/3 base rate.
    private static (DateOnly[] Dates, double[] Close) Market()
    {
        var dates = new DateOnly[Days];
        var close = new double[Days];
        var d = new DateOnly(2020, 1, 1);
        var px = 100.0;
        for (var i = 0; i < Days; i++)
        {
            dates[i] = d.AddDays(i);
            close[i] = px;
            px *= i % 3 == 2 ? 0.99 : 1.01;
        }

        return (dates, close);
    }

    private static List<JournalEntry> Runs(DateOnly[] dates, Func<int, string> macro, Func<int, string> flow)
    {
        var runs = new List<JournalEntry>();
        for (var i = 0; i < Days - 10; i++)
        {
            runs.Add(new JournalEntry($"w{i}", JournalKind.Workflow, JournalMode.Replay, "t", dates[i], "v", "real", "h", "r", 4, 0,
            [
                new JournalCallRow(1, "checklist", "Neutral", null, null, 5, [], null, null),
                new JournalCallRow(2, "step:macro-regime", macro(i), null, null, 90, [], null, null),
                new JournalCallRow(3, "step:options-flow", flow(i), null, null, 1, [], null, null),
            ]));
        }

        return runs;
    }

    [Fact]
    public void Score_StepAnswers_TrackRecordAgainstTheBaseRateOfTheSameDays()
    {
        var (dates, close) = Market();
        // Options flow calls tomorrow's move: Bearish exactly on the days before a down day (always right); the other set
        // calls Bullish on those same days (always wrong); Neutral otherwise.
        var runs = Runs(dates, _ => "Bullish", i => i % 3 == 2 ? "Bearish" : "Neutral");
        var wrong = Runs(dates, _ => "Bearish", i => i % 3 == 2 ? "Bullish" : "Neutral");

        var right = JournalScorer.Score(runs, dates, close);
        var bad = JournalScorer.Score(wrong, dates, close);

        var flow = right.Steps.Single(s => s.Step == "options-flow");
        // Independent count from the series itself.
        var bearishDays = Enumerable.Range(0, Days - 10).Where(i => i % 3 == 2).ToList();
        var downNext = bearishDays.Count(i => close[i + 1] < close[i]);
        var allUp = Enumerable.Range(0, Days - 10).Count(i => close[i + 1] > close[i]);
        var allDown = Enumerable.Range(0, Days - 10).Count(i => close[i + 1] < close[i]);
        flow.N.ShouldBe(bearishDays.Count);
        flow.Hits.ShouldBe(downNext);
        flow.HitRate.ShouldBe((double)downNext / bearishDays.Count, 1e-12);
        flow.BaseRate.ShouldBe((double)allDown / (Days - 10), 1e-12);
        flow.Neutral.ShouldBe(Days - 10 - bearishDays.Count);
        flow.Verdict.ShouldBe("better than the base rate");
        flow.LiftLow.ShouldBeGreaterThan(0);

        var badFlow = bad.Steps.Single(s => s.Step == "options-flow");
        badFlow.BaseRate.ShouldBe((double)allUp / (Days - 10), 1e-12);
        badFlow.HitRate.ShouldBe(0);
        badFlow.Verdict.ShouldBe("worse than the base rate");
        badFlow.Line().ShouldContain("worse than the base rate");

        var macro = right.Steps.Single(s => s.Step == "macro-regime");
        macro.Horizon.ShouldBe(90);
        macro.N.ShouldBe(Days - 90, "a 90-day answer matures 90 trading days later (runs on days 0..389 of 400)");
        macro.Pending.ShouldBe(80);
    }

    [Fact]
    public void Score_StepAnswers_KeptOutOfTheHeadlines()
    {
        var (dates, close) = Market();
        var runs = Runs(dates, _ => "Bullish", _ => "Bearish");
        var checklistOnly = runs.Select(r => r with { Calls = [r.Calls[0]] }).ToList();

        var with = JournalScorer.Score(runs, dates, close);
        var without = JournalScorer.Score(checklistOnly, dates, close);

        with.Overall.ShouldBe(without.Overall);
        with.Skill.Select(k => (k.Kind, k.Horizon, k.N)).ShouldBe(without.Skill.Select(k => (k.Kind, k.Horizon, k.N)));
        with.Calls.Count.ShouldBe(without.Calls.Count);
        without.Steps.ShouldBeEmpty();
        with.Steps.Count.ShouldBe(2);
    }

    [Fact]
    public void Score_FewStepAnswers_TooFewCases()
    {
        var (dates, close) = Market();
        var runs = Runs(dates, _ => "Bullish", _ => "Bearish").Take(20).ToList();

        JournalScorer.Score(runs, dates, close).Steps.Single(s => s.Step == "options-flow").Verdict.ShouldBe("too few cases");
    }
}
