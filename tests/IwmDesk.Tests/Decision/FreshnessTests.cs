using IwmDesk.Data.Store;
using IwmDesk.Decision;
using IwmDesk.Panel;
using IwmDesk.Session;
using IwmDesk.Testing;
using IwmDesk.Text;

namespace IwmDesk.Tests.Decision;

/// <summary>The market clock and the staleness warning, with a fixed clock.</summary>
public class FreshnessTests
{
    private static FixedClock At(string iso) => FixedClock.Parse(iso, "test");

    [Theory]
    [InlineData("2026-12-03T15:59:00-05:00", "2026-12-02")] // Thursday before the close: Wednesday is the last completed day
    [InlineData("2026-12-03T16:00:00-05:00", "2026-12-03")] // at the close
    [InlineData("2026-12-03T20:59:00Z", "2026-12-02")] // 15:59 in New York (EST = UTC−5)
    [InlineData("2026-07-01T20:01:00Z", "2026-07-01")] // 16:01 in New York (EDT = UTC−4)
    [InlineData("2026-12-05T12:00:00Z", "2026-12-04")] // Saturday → Friday
    [InlineData("2026-11-26T22:00:00Z", "2026-11-25")] // Thanksgiving (closed) → Wednesday
    [InlineData("2026-12-04T02:00:00Z", "2026-12-03")] // 21:00 Thursday in New York, already Friday in UTC
    public void LastCompletedTradingDay_NewYorkCloseAndCalendar(string now, string expected) =>
        MarketClock.LastCompletedTradingDay(At(now).GetUtcNow()).ToString("yyyy-MM-dd", Fmt.Inv).ShouldBe(expected);

    [Fact]
    public void StaleWarning_BarOlderThanLastCompletedDay_NamesDataFetch()
    {
        // Given a store whose newest IWM bar is the sample's last day (2026-10-30, a Friday)
        var path = Path.Combine(TestData.TempDir(), "s.db");
        using var desk = Desk.Open(path);
        desk.Panel.Dates[^1].ShouldBe(new DateOnly(2026, 10, 30));

        // When the clock reads Friday evening, then the next Tuesday evening
        var friday = DecisionRuns.StaleWarning(desk.Store, At("2026-10-30T21:30:00Z"));
        var tuesday = DecisionRuns.StaleWarning(desk.Store, At("2026-11-03T22:00:00Z"));

        // Then it is current on Friday and 2 trading days behind on Tuesday
        friday.ShouldBeNull();
        tuesday.ShouldBe("warning: data is stale: the newest IWM bar is 2026-10-30, 2 trading days behind the last completed trading day 2026-11-03 (New York): run `iwmdesk data fetch`");
    }

    [Fact]
    public void Check_Inputs_TrueStatusPerSeries()
    {
        var path = Path.Combine(TestData.TempDir(), "s.db");
        using var desk = Desk.Open(path, clock: At("2026-11-02T12:00:00Z"));
        var f = FreshnessCheck.Check(desk.Panel, desk.Clock);
        f.IsStale.ShouldBeFalse(); // Monday noon: Friday's bar is the last completed one
        f.TradingDaysBehind.ShouldBe(0);
        f.Inputs[0].Series.ShouldBe("IWM");
        f.Inputs[0].Status.ShouldBe(SeriesFreshness.Current);
    }

    [Theory]
    [InlineData("2026-03-26", "2026-05-01", 25, SeriesFreshness.Stale, "HY spread: 25 trading days old (last 2026-03-26), stale: not used")]
    [InlineData("2026-04-30", "2026-05-01", 1, SeriesFreshness.Lagging, "HY spread: 1 trading day old (last 2026-04-30)")]
    [InlineData("2026-05-01", "2026-05-01", 0, SeriesFreshness.Current, "HY spread: current (2026-05-01)")]
    public void Series_AgeInTradingDays_StaleBeyondPanelLimit(string last, string asOf, int old, string status, string text)
    {
        // Trading days counted by an independent walk over weekdays less the one holiday in range (Good Friday 2026-04-03).
        var l = DateOnly.Parse(last, Fmt.Inv);
        var d = DateOnly.Parse(asOf, Fmt.Inv);
        var walk = 0;
        for (var x = l.AddDays(1); x <= d; x = x.AddDays(1))
        {
            if (x.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && x != new DateOnly(2026, 4, 3))
                walk++;
        }

        walk.ShouldBe(old);
        var s = InputFreshness.Series("BAMLH0A0HYM2", l, d);
        s.TradingDaysOld.ShouldBe(old);
        s.Status.ShouldBe(status);
        s.Text.ShouldBe(text);
    }

    [Fact]
    public void FixedClock_BadText_OneLineNamingSource() =>
        Should.Throw<IwmDeskException>(() => FixedClock.Parse("yesterday", "IWMDESK_NOW")).Message
            .ShouldBe("IWMDESK_NOW: 'yesterday' is not an ISO 8601 time (e.g. 2026-12-03T15:00:00-05:00)");

    private static class Fmt
    {
        public static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;
    }
}
