using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Decision;
using IwmDesk.Journal;
using IwmDesk.Reports;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Decision;

/// <summary>The "since the previous trading day" box against the two forecasts recomputed on their own.</summary>
public class DayChangesTests
{
    private static readonly Lazy<string> Store = new(() =>
    {
        var path = Path.Combine(TestData.TempDir(), "sample.db");
        using var store = MarketStore.Open(path);
        SampleLoader.EnsureData(store);
        return path;
    });

    [Fact]
    public void Report_Changes_AreTheDifferenceOfTheTwoDaysActiveRules()
    {
        using var desk = Desk.Open(Store.Value, clock: TestClock.SampleClose);
        var rules = RuleSet.Default();
        var checkedDays = 0;
        var anyChange = false;
        for (var back = 1; back <= 60 && checkedDays < 12; back += 5)
        {
            // Given a day and the one before, each forecast from its own data
            var d = desk.Panel.Dates[^back];
            var prev = desk.Panel.Dates[^(back + 1)];
            var today = ForecastRuns.Build(desk.Store, desk.Panel, rules, d).ActiveSignals.Select(a => a.Name).ToHashSet();
            var before = ForecastRuns.Build(desk.Store, desk.Panel, rules, prev).ActiveSignals.Select(a => a.Name).ToHashSet();

            // When the report for the day is built
            var c = DeskReportBuilder.Build(desk, rules, d).Changes!;

            // Then its started/stopped lists are exactly the set differences
            c.Previous.ShouldBe(prev);
            c.Started.Select(s => s[..s.IndexOf(" (tier", StringComparison.Ordinal)]).ShouldBe(today.Except(before), ignoreOrder: true);
            c.Stopped.Select(s => s[..s.IndexOf(" (tier", StringComparison.Ordinal)]).ShouldBe(before.Except(today), ignoreOrder: true);
            c.Lines().ShouldNotBeEmpty();
            anyChange |= !c.None;
            checkedDays++;
        }

        anyChange.ShouldBeTrue("over a dozen sample days something changes");
    }
}
