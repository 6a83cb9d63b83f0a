using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data;

public class TradingCalendarTests
{
    [Theory]
    [InlineData("2025-01-09")] // Carter day of mourning
    [InlineData("2024-03-29")] // Good Friday
    [InlineData("2023-06-19")] // Juneteenth
    [InlineData("2021-12-24")] // Christmas observed on Friday
    [InlineData("2022-01-17")] // MLK
    [InlineData("2012-10-30")] // Sandy
    [InlineData("2026-11-26")] // Thanksgiving
    public void IsTradingDay_Holiday_False(string date) =>
        TradingCalendar.IsTradingDay(DateOnly.Parse(date, CultureInfo.InvariantCulture)).ShouldBeFalse();

    [Theory]
    [InlineData("2021-12-31")] // Jan 1 2022 is a Saturday: NYSE stays open on Dec 31
    [InlineData("2026-11-27")] // day after Thanksgiving (half day)
    [InlineData("2021-06-18")] // before Juneteenth became a market holiday
    public void IsTradingDay_OpenDay_True(string date) =>
        TradingCalendar.IsTradingDay(DateOnly.Parse(date, CultureInfo.InvariantCulture)).ShouldBeTrue();

    [Fact]
    public void NextAndPrevious_StepOverWeekendAndHoliday()
    {
        TradingCalendar.Next(new DateOnly(2024, 3, 28)).ShouldBe(new DateOnly(2024, 4, 1));
        TradingCalendar.Previous(new DateOnly(2024, 4, 1)).ShouldBe(new DateOnly(2024, 3, 28));
        TradingCalendar.CountBetween(new DateOnly(2024, 3, 28), new DateOnly(2024, 4, 2)).ShouldBe(2);
    }

    [RealDataFact]
    public void Days_MatchRealIwmHistory_Exactly()
    {
        // The real IWM file's dates are the NYSE calendar; its last row may be preliminary but is a trading day.
        var dates = File.ReadLines(TestData.Real("IWM_daily.csv")).Skip(1)
            .Select(l => DateOnly.ParseExact(l[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        var calendar = TradingCalendar.Days(dates[0], dates[^1]).ToList();
        calendar.Except(dates).ShouldBeEmpty();
        dates.Except(calendar).ShouldBeEmpty();
        calendar.Count.ShouldBe(5366);
    }
}
