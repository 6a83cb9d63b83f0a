namespace IwmDesk.Data;

/// <summary>
/// The NYSE trading calendar from 1990 on: weekdays less the exchange's full-day holidays (with their weekend
/// observance rules) and its unscheduled closures. Used to count gaps and lags, to lay out the sample, and to step
/// replays. Half days count as trading days.
/// </summary>
public static class TradingCalendar
{
    /// <summary>Unscheduled full-day closures (national days of mourning, 9/11, Hurricane Sandy).</summary>
    private static readonly Dictionary<DateOnly, string> SpecialClosures = new()
    {
        [new(1994, 4, 27)] = "the day of mourning for President Nixon",
        [new(2001, 9, 11)] = "a September 11 closure",
        [new(2001, 9, 12)] = "a September 11 closure",
        [new(2001, 9, 13)] = "a September 11 closure",
        [new(2001, 9, 14)] = "a September 11 closure",
        [new(2004, 6, 11)] = "the day of mourning for President Reagan",
        [new(2007, 1, 2)] = "the day of mourning for President Ford",
        [new(2012, 10, 29)] = "a Hurricane Sandy closure",
        [new(2012, 10, 30)] = "a Hurricane Sandy closure",
        [new(2018, 12, 5)] = "the day of mourning for President G. H. W. Bush",
        [new(2025, 1, 9)] = "the day of mourning for President Carter",
    };

    /// <summary>True when the NYSE is open (a full or half day) on <paramref name="date"/>.</summary>
    public static bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !IsHoliday(date)
        && !SpecialClosures.ContainsKey(date);

    /// <summary>
    /// Why the NYSE is closed on <paramref name="date"/>, as a phrase that follows "D is": "a Saturday", "Labor Day",
    /// "Independence Day (observed)", "the day of mourning for President Carter"; null on a trading day.
    /// </summary>
    public static string? ClosedReason(DateOnly date)
    {
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            return "a " + date.DayOfWeek;
        if (SpecialClosures.TryGetValue(date, out var why))
            return why;
        return IsHoliday(date) ? HolidayName(date) : null;
    }

    /// <summary>The first trading day strictly after <paramref name="date"/>.</summary>
    public static DateOnly Next(DateOnly date)
    {
        var d = date.AddDays(1);
        while (!IsTradingDay(d))
            d = d.AddDays(1);
        return d;
    }

    /// <summary>The last trading day strictly before <paramref name="date"/>.</summary>
    public static DateOnly Previous(DateOnly date)
    {
        var d = date.AddDays(-1);
        while (!IsTradingDay(d))
            d = d.AddDays(-1);
        return d;
    }

    /// <summary>The last trading day on or before <paramref name="date"/>.</summary>
    public static DateOnly OnOrBefore(DateOnly date) => IsTradingDay(date) ? date : Previous(date);

    /// <summary>Trading days in [<paramref name="from"/>, <paramref name="to"/>], in order.</summary>
    public static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (IsTradingDay(d))
                yield return d;
        }
    }

    /// <summary>How many trading days lie in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>]; 0 when to ≤ from.</summary>
    public static int CountBetween(DateOnly fromExclusive, DateOnly toInclusive)
    {
        var n = 0;
        if (toInclusive <= fromExclusive)
            return 0;
        if (toInclusive == DateOnly.MaxValue)
            toInclusive = DateOnly.MaxValue.AddDays(-1); // d.AddDays(1) below must not overflow (a stored 9999-12-31 row)
        for (var d = fromExclusive.AddDays(1); d <= toInclusive; d = d.AddDays(1))
        {
            if (IsTradingDay(d))
                n++;
        }

        return n;
    }

    private static bool IsHoliday(DateOnly d)
    {
        var y = d.Year;
        return d.Month switch
        {
            1 => d == NewYear(y) || (y >= 1998 && d == NthWeekday(y, 1, DayOfWeek.Monday, 3)),
            2 => d == NthWeekday(y, 2, DayOfWeek.Monday, 3),
            3 or 4 => d == Easter(y).AddDays(-2),
            5 => d == LastWeekday(y, 5, DayOfWeek.Monday),
            6 => y >= 2022 && d == Observed(new DateOnly(y, 6, 19)),
            7 => d == Observed(new DateOnly(y, 7, 4)),
            9 => d == NthWeekday(y, 9, DayOfWeek.Monday, 1),
            11 => d == NthWeekday(y, 11, DayOfWeek.Thursday, 4),
            12 => d == Observed(new DateOnly(y, 12, 25)),
            _ => false,
        };
    }

    // The name of a date IsHoliday holds (month by month as there); "(observed)" when the day itself falls on a weekend.
    private static string HolidayName(DateOnly d)
    {
        var observed = d.Month switch
        {
            6 => d.Day != 19,
            7 => d.Day != 4,
            12 => d.Day != 25,
            1 => d.Day != 1 && d.Day <= 2,
            _ => false,
        };
        var name = d.Month switch
        {
            1 => d.Day <= 2 ? "New Year's Day" : "Martin Luther King Jr. Day",
            2 => "Washington's Birthday",
            3 or 4 => "Good Friday",
            5 => "Memorial Day",
            6 => "Juneteenth",
            7 => "Independence Day",
            9 => "Labor Day",
            11 => "Thanksgiving Day",
            _ => "Christmas Day",
        };
        return observed ? name + " (observed)" : name;
    }

    // NYSE does not close on Friday Dec 31 when Jan 1 falls on a Saturday (its rule for year-end).
    private static DateOnly NewYear(int year)
    {
        var d = new DateOnly(year, 1, 1);
        return d.DayOfWeek == DayOfWeek.Sunday ? d.AddDays(1) : d;
    }

    private static DateOnly Observed(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(-1),
        DayOfWeek.Sunday => d.AddDays(1),
        _ => d,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)day + 7) % 7;
        return last.AddDays(-offset);
    }

    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    private static DateOnly Easter(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
