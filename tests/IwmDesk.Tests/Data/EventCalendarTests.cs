using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Panel;

namespace IwmDesk.Tests.Data;

/// <summary>
/// The event calendar against dates published by the exchanges and FTSE Russell (listed here by hand, not computed),
/// and the shipped FOMC table (docs/methodology.md, event calendar).
/// </summary>
public sealed class EventCalendarTests
{
    /// <summary>Monthly expirations as OCC/Cboe listed them; the Thursdays are the months whose third Friday was a holiday.</summary>
    [Theory]
    [InlineData(2025, 4, "2025-04-17")] // Good Friday 2025-04-18
    [InlineData(2022, 4, "2022-04-14")] // Good Friday 2022-04-15
    [InlineData(2014, 4, "2014-04-17")] // Good Friday 2014-04-18
    [InlineData(2026, 6, "2026-06-18")] // Juneteenth, Friday 2026-06-19
    [InlineData(2026, 1, "2026-01-16")]
    [InlineData(2025, 6, "2025-06-20")]
    [InlineData(2024, 12, "2024-12-20")]
    [InlineData(2025, 3, "2025-03-21")]
    [InlineData(2020, 3, "2020-03-20")]
    [InlineData(2026, 12, "2026-12-18")]
    public void MonthlyOpex_ThirdFriday_OrTheTradingDayBeforeAHoliday(int year, int month, string expected) =>
        EventCalendar.MonthlyOpex(year, month).ShouldBe(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void NextOpex_OnTheDayIsTheDay_AfterItTheNextMonths_QuarterlySkipsToMarJunSepDec()
    {
        EventCalendar.NextMonthlyOpex(new DateOnly(2025, 4, 17)).ShouldBe(new DateOnly(2025, 4, 17));
        EventCalendar.NextMonthlyOpex(new DateOnly(2025, 4, 18)).ShouldBe(new DateOnly(2025, 5, 16));
        EventCalendar.NextQuarterlyOpex(new DateOnly(2025, 4, 1)).ShouldBe(new DateOnly(2025, 6, 20));
        EventCalendar.NextQuarterlyOpex(new DateOnly(2025, 12, 20)).ShouldBe(new DateOnly(2026, 3, 20));
        EventCalendar.TradingDaysToOpex(new DateOnly(2025, 4, 17)).ShouldBe(0);
        EventCalendar.TradingDaysToOpex(new DateOnly(2025, 4, 14)).ShouldBe(3);
        EventCalendar.TradingDaysToOpex(new DateOnly(2025, 4, 21)).ShouldBe(19, "2025-05-16 is 19 sessions after 2025-04-21");
    }

    [Fact]
    public void OpexWeek_MondayToTheExpiration()
    {
        EventCalendar.IsOpexWeek(new DateOnly(2025, 4, 14)).ShouldBeTrue();
        EventCalendar.IsOpexWeek(new DateOnly(2025, 4, 17)).ShouldBeTrue();
        EventCalendar.IsOpexWeek(new DateOnly(2025, 4, 11)).ShouldBeFalse();
        EventCalendar.IsOpexWeek(new DateOnly(2025, 4, 21)).ShouldBeFalse();
        EventCalendar.IsOpexWeek(new DateOnly(2026, 1, 12)).ShouldBeTrue();
        EventCalendar.IsOpexWeek(new DateOnly(2026, 1, 9)).ShouldBeFalse();
    }

    /// <summary>Reconstitution days FTSE Russell announced (effective after the close).</summary>
    [Theory]
    [InlineData(2024, "2024-06-28")]
    [InlineData(2025, "2025-06-27")]
    [InlineData(2023, "2023-06-23")] // the last Friday, June 30, was not the fourth
    [InlineData(2018, "2018-06-22")]
    [InlineData(2017, "2017-06-23")]
    public void Reconstitution_FourthFridayOfJune(int year, string expected) =>
        EventCalendar.Reconstitutions(year).ShouldBe([DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)]);

    [Fact]
    public void Reconstitution_From2026_AlsoTheSecondFridayOfDecember()
    {
        EventCalendar.Reconstitutions(2026).ShouldBe([new DateOnly(2026, 6, 26), new DateOnly(2026, 12, 11)]);
        EventCalendar.NextReconstitution(new DateOnly(2026, 12, 4)).ShouldBe(new DateOnly(2026, 12, 11));
        EventCalendar.NextReconstitution(new DateOnly(2026, 12, 12)).ShouldBe(new DateOnly(2027, 6, 25));
    }

    [Fact]
    public void ReconWindow_TheFiveTradingDaysUpToTheReconstitution()
    {
        var window = TradingCalendar.Days(new DateOnly(2024, 6, 1), new DateOnly(2024, 7, 15)).Where(EventCalendar.IsReconstitutionWindow).ToList();
        window.ShouldBe([new(2024, 6, 24), new(2024, 6, 25), new(2024, 6, 26), new(2024, 6, 27), new(2024, 6, 28)]);

        // 2025: Juneteenth (Thursday 2025-06-19) is not in the window, which starts on Monday 2025-06-23.
        TradingCalendar.Days(new DateOnly(2025, 6, 1), new DateOnly(2025, 7, 15)).Where(EventCalendar.IsReconstitutionWindow).First().ShouldBe(new DateOnly(2025, 6, 23));
    }

    [Fact]
    public void ReconWindows_ForAllYears_HoldTheSameDaysAsTheDayByDayRule()
    {
        var windows = EventCalendar.ReconstitutionWindows(2005, 2027);
        var days = TradingCalendar.Days(new DateOnly(2005, 1, 1), new DateOnly(2027, 12, 31)).ToList();
        days.Where(windows.Contains).ShouldBe(days.Where(EventCalendar.IsReconstitutionWindow));
        windows.Count.ShouldBe((2025 - 2005 + 1) * 5 + (2027 - 2026 + 1) * 10);
    }

    [Fact]
    public void FomcTable_ParsesInOrder_WithKnownDecisions()
    {
        var all = FomcCalendar.Decisions;
        all[0].ShouldBe(new FomcDecision(new DateOnly(2015, 1, 28), "scheduled"));
        all.Select(d => d.Date).ShouldBeInOrder();
        all.ShouldContain(new FomcDecision(new DateOnly(2020, 3, 15), "unscheduled"));
        all.ShouldContain(new FomcDecision(new DateOnly(2025, 12, 10), "scheduled"));
        all.ShouldContain(new FomcDecision(new DateOnly(2024, 11, 7), "scheduled")); // a Thursday, after the election
        all.Count(d => d.Date.Year == 2025).ShouldBe(8);
        all.Count(d => d.Date.Year == 2020).ShouldBe(9);
        all.Where(d => d.Date.Year == 2027).ShouldAllBe(d => d.Kind == "tentative");
        all.ShouldAllBe(d => TradingCalendar.IsTradingDay(d.Date) || d.Kind == "unscheduled");
        FomcCalendar.NextAfter(new DateOnly(2026, 12, 4))!.Date.ShouldBe(new DateOnly(2026, 12, 9));
        FomcCalendar.NextAfter(new DateOnly(2026, 12, 9))!.Date.ShouldBe(new DateOnly(2027, 1, 27));
        FomcCalendar.NextAfter(new DateOnly(2027, 12, 8)).ShouldBeNull();
    }

    [Theory]
    [InlineData("2025-01-29,scheduled\n", "expected the header date,kind")]
    [InlineData("date,kind\n2025-13-01,scheduled\n", "expected date,kind with an ISO date (yyyy-MM-dd)")]
    [InlineData("date,kind\n2025-01-29,maybe\n", "kind must be scheduled, unscheduled or tentative (got 'maybe')")]
    [InlineData("date,kind\n2025-03-19,scheduled\n2025-01-29,scheduled\n", "dates must increase (2025-01-29 follows 2025-03-19)")]
    public void FomcTable_BadLine_NamesFileAndLine(string text, string message)
    {
        var ex = Should.Throw<DataFormatException>(() => FomcCalendar.Parse("# comment\n" + text, "my-fomc.csv"));
        ex.Message.ShouldContain("my-fomc.csv");
        ex.Message.ShouldContain(message);
    }

    [Fact]
    public void Catalysts_AfterTheClose_NextOpexReconstitutionAndFomc_WithTradingDaysAway()
    {
        var c = EventCatalysts.After(new DateOnly(2026, 12, 4));
        c.Select(e => (e.Name, e.Date, e.TradingDaysAway)).ShouldBe(
        [
            (EventCatalysts.MonthlyOpex, new DateOnly(2026, 12, 18), 10),
            (EventCatalysts.QuarterlyOpex, new DateOnly(2026, 12, 18), 10),
            (EventCatalysts.Reconstitution, new DateOnly(2026, 12, 11), 5),
            (EventCatalysts.Fomc, new DateOnly(2026, 12, 9), 3),
        ]);
        c[0].Text.ShouldBe("monthly opex 2026-12-18 (10 trading days)");
        EventCatalysts.After(new DateOnly(2025, 4, 17))[0].Date.ShouldBe(new DateOnly(2025, 5, 16), "the day's own expiration is past by its close");
        EventCatalysts.After(new DateOnly(2027, 12, 9))[3].Text.ShouldBe("FOMC decision: n/a (the shipped FOMC table ends 2027-12-08)");
    }

    [Fact]
    public void Panel_EventColumns_OnAHandMadePanelRange()
    {
        using var store = StoreTestKit.NewStore(out var dir);
        var days = TradingCalendar.Days(new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 30)).ToList();
        var csv = "Date,Open,High,Low,Close,Adj Close,Volume\n" + string.Concat(days.Select((d, i) => $"{d:yyyy-MM-dd},{200 + i},{201 + i},{199 + i},{200 + i},{200 + i},1000\n"));
        IwmDesk.Data.Formats.DataImporter.ImportFile(store, StoreTestKit.Write(dir, "IWM_daily.csv", csv));
        var panel = PanelBuilder.Build(store);
        var i = panel.IndexOnOrBefore(new DateOnly(2025, 4, 17));
        panel[PanelColumns.DaysToOpex][i].ShouldBe(0);
        panel[PanelColumns.OpexWeek][i].ShouldBe(1);
        panel[PanelColumns.DaysToOpex][i - 1].ShouldBe(1);
        panel[PanelColumns.DaysToOpex][i + 1].ShouldBe(19, "the row after 2025-04-17 is 2025-04-21 (Good Friday closed)");
        panel[PanelColumns.OpexWeek][i + 1].ShouldBe(0);
        panel[PanelColumns.ReconWindow].ShouldAllBe(v => v == 0);
        panel[PanelColumns.OpexWeek].Sum().ShouldBe(4, "Mon 2025-04-14 .. Thu 2025-04-17");
    }
}
