using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Session;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Session;

/// <summary>The as-of rule (<see cref="AsOf.Resolve"/>) and the calendar's names for closed days.</summary>
public sealed class AsOfTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-09-06", "a Saturday")]
    [InlineData("2025-09-07", "a Sunday")]
    [InlineData("2025-09-01", "Labor Day")]
    [InlineData("2025-04-18", "Good Friday")]
    [InlineData("2025-01-09", "the day of mourning for President Carter")]
    [InlineData("2012-10-30", "a Hurricane Sandy closure")]
    [InlineData("2021-12-24", "Christmas Day (observed)")]
    [InlineData("2022-01-17", "Martin Luther King Jr. Day")]
    [InlineData("2023-01-02", "New Year's Day (observed)")]
    [InlineData("2022-06-20", "Juneteenth (observed)")]
    [InlineData("2026-07-03", "Independence Day (observed)")]
    [InlineData("2026-11-26", "Thanksgiving Day")]
    [InlineData("2026-05-25", "Memorial Day")]
    [InlineData("2026-02-16", "Washington's Birthday")]
    public void ClosedReason_NamesTheDay(string date, string reason) => TradingCalendar.ClosedReason(D(date)).ShouldBe(reason);

    [Fact]
    public void ClosedReason_NullExactlyOnTradingDays()
    {
        for (var d = new DateOnly(1990, 1, 1); d <= new DateOnly(2030, 12, 31); d = d.AddDays(1))
            (TradingCalendar.ClosedReason(d) is null).ShouldBe(TradingCalendar.IsTradingDay(d), d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static readonly DateOnly[] Bars = [D("2025-03-10"), D("2025-03-11"), D("2025-03-13"), D("2025-03-14"), D("2025-03-17")];

    [Theory]
    [InlineData("2025-03-11", "2025-03-11", null)]
    [InlineData("2025-03-12", "2025-03-11", "2025-03-12 has no IWM bar in the store: using 2025-03-11")]
    [InlineData("2025-03-15", "2025-03-14", "2025-03-15 is a Saturday: using Friday 2025-03-14")]
    [InlineData("2025-03-16", "2025-03-14", "2025-03-16 is a Sunday: using Friday 2025-03-14")]
    public void Resolve_DayWithoutBar_PreviousBarWithNotice(string requested, string date, string? notice)
    {
        var a = AsOf.Resolve(Bars, D(requested));
        a.ShouldBe(new AsOf(D(requested), D(date), notice));
        a.Moved.ShouldBe(notice is not null);
    }

    [Fact]
    public void Resolve_OutsideTheBars_RefusedNamingTheRange()
    {
        Should.Throw<IwmDeskException>(() => AsOf.Resolve(Bars, D("2025-03-09"))).Message
            .ShouldBe("2025-03-09 is before the store's first IWM bar: the store holds IWM from 2025-03-10 to 2025-03-17");
        Should.Throw<IwmDeskException>(() => AsOf.Resolve(Bars, D("2025-03-18"))).Message
            .ShouldBe("2025-03-18 is after the store's last IWM bar: the store holds IWM from 2025-03-10 to 2025-03-17 (fetch or import newer data)");
        Should.Throw<IwmDeskException>(() => AsOf.Resolve([], D("2025-03-18"))).Message.ShouldStartWith("no IWM data in the store");
    }

    [Fact]
    public void Resolve_ClosedDaysRightAfterTheLastBar_UseIt_ATradingDayAfterIsRefused()
    {
        DateOnly[] toFriday = [D("2025-04-15"), D("2025-04-16"), D("2025-04-17")]; // Thursday before Good Friday
        AsOf.Resolve(toFriday, D("2025-04-18")).Notice.ShouldBe("2025-04-18 is Good Friday (NYSE closed): using 2025-04-17");
        AsOf.Resolve(toFriday, D("2025-04-20")).Notice.ShouldBe("2025-04-20 is a Sunday: using Thursday 2025-04-17");
        Should.Throw<IwmDeskException>(() => AsOf.Resolve(toFriday, D("2025-04-21"))).Message.ShouldStartWith("2025-04-21 is after the store's last IWM bar");
    }

    [Fact]
    public void Annotate_AddsRequestedDateAndNoticeFirst_OnlyWhenMoved()
    {
        const string json = "{\"date\":\"2025-03-14\",\"x\":1}";
        AsOf.Annotate(json, null).ShouldBe(json);
        AsOf.Annotate(json, new AsOf(D("2025-03-14"), D("2025-03-14"), null)).ShouldBe(json);
        var moved = AsOf.Annotate(json, AsOf.Resolve(Bars, D("2025-03-15")));
        moved.ShouldBe("{\n  \"requested_date\": \"2025-03-15\",\n  \"notice\": \"2025-03-15 is a Saturday: using Friday 2025-03-14\",\n  \"date\": \"2025-03-14\",\n  \"x\": 1\n}");
    }

    /// <summary>
    /// Over the real IWM file: every calendar day in its range resolves to the last bar on or before it (found here by
    /// a plain scan of the raw file), and every day without a bar is a weekend or a named NYSE closure — never a
    /// "missing from the store" day, since the file has no gaps.
    /// </summary>
    [RealDataFact]
    public void Resolve_EveryDayOfTheRealIwmFile_LastBarOnOrBefore_ClosedDaysNamed()
    {
        var bars = File.ReadLines(TestData.Real("IWM_daily.csv")).Skip(1).Where(l => l.Length >= 10)
            .Select(l => DateOnly.ParseExact(l[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
        int holidays = 0, weekends = 0;
        var j = 0;
        for (var d = bars[0]; d <= bars[^1]; d = d.AddDays(1))
        {
            while (j + 1 < bars.Length && bars[j + 1] <= d)
                j++;
            var a = AsOf.Resolve(bars, d);
            a.Date.ShouldBe(bars[j]);
            if (!a.Moved)
                continue;
            a.Notice!.ShouldNotContain("has no IWM bar");
            if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                weekends++;
            else
            {
                a.Notice!.ShouldContain("(NYSE closed)");
                holidays++;
            }
        }

        holidays.ShouldBeGreaterThan(0);
        weekends.ShouldBeGreaterThan(0);
    }
}
