namespace IwmDesk.Data;

/// <summary>
/// Dated calendar events of the US equity market that are known years in advance, computed by published rules
/// (docs/methodology.md, event calendar): monthly and quarterly option expirations and the Russell reconstitution.
/// Pure functions over <see cref="TradingCalendar"/>; no I/O. The FOMC's dates are a shipped table instead
/// (<c>Analysts/Data/fomc-decisions.csv</c>), as they follow no rule.
/// </summary>
public static class EventCalendar
{
    /// <summary>The first year with a second (December) Russell reconstitution: FTSE Russell's semi-annual schedule.</summary>
    public const int SemiAnnualReconstitutionFrom = 2026;

    /// <summary>The trading days of a reconstitution window: the reconstitution day and the trading days before it.</summary>
    public const int ReconstitutionWindowDays = 5;

    /// <summary>
    /// The monthly option expiration of <paramref name="year"/>-<paramref name="month"/>: the third Friday of the month,
    /// or the trading day before it when that Friday is an exchange holiday (Good Friday, Juneteenth).
    /// </summary>
    public static DateOnly MonthlyOpex(int year, int month)
    {
        var friday = NthWeekday(year, month, DayOfWeek.Friday, 3);
        return TradingCalendar.IsTradingDay(friday) ? friday : TradingCalendar.Previous(friday);
    }

    /// <summary>True when <paramref name="month"/> carries a quarterly expiration (March, June, September, December).</summary>
    public static bool IsQuarterlyMonth(int month) => month % 3 == 0;

    /// <summary>The first monthly expiration on or after <paramref name="date"/>.</summary>
    public static DateOnly NextMonthlyOpex(DateOnly date)
    {
        var opex = MonthlyOpex(date.Year, date.Month);
        if (opex >= date)
            return opex;
        var next = date.AddMonths(1);
        return MonthlyOpex(next.Year, next.Month);
    }

    /// <summary>The first quarterly expiration (the March, June, September or December monthly one) on or after <paramref name="date"/>.</summary>
    public static DateOnly NextQuarterlyOpex(DateOnly date)
    {
        var d = new DateOnly(date.Year, date.Month, 1);
        while (true)
        {
            if (IsQuarterlyMonth(d.Month) && MonthlyOpex(d.Year, d.Month) >= date)
                return MonthlyOpex(d.Year, d.Month);
            d = d.AddMonths(1);
        }
    }

    /// <summary>
    /// True when <paramref name="date"/> lies in the Monday-to-Friday week of its month's monthly expiration, up to and
    /// including the expiration day.
    /// </summary>
    public static bool IsOpexWeek(DateOnly date)
    {
        var opex = MonthlyOpex(date.Year, date.Month);
        var monday = opex.AddDays(-(((int)opex.DayOfWeek + 6) % 7));
        return date >= monday && date <= opex;
    }

    /// <summary>
    /// The Russell US indexes' reconstitution days of <paramref name="year"/> (effective after the close): the fourth
    /// Friday of June, and from <see cref="SemiAnnualReconstitutionFrom"/> also the second Friday of December; each
    /// moved to the previous trading day if it were a holiday. The December rule is the desk's reading of FTSE
    /// Russell's semi-annual announcements (docs/methodology.md says what is and is not confirmed).
    /// </summary>
    public static IReadOnlyList<DateOnly> Reconstitutions(int year)
    {
        var june = TradingCalendar.OnOrBefore(NthWeekday(year, 6, DayOfWeek.Friday, 4));
        return year >= SemiAnnualReconstitutionFrom
            ? [june, TradingCalendar.OnOrBefore(NthWeekday(year, 12, DayOfWeek.Friday, 2))]
            : [june];
    }

    /// <summary>The first reconstitution day on or after <paramref name="date"/>.</summary>
    public static DateOnly NextReconstitution(DateOnly date)
    {
        for (var y = date.Year; ; y++)
        {
            foreach (var r in Reconstitutions(y))
            {
                if (r >= date)
                    return r;
            }
        }
    }

    /// <summary>
    /// True on the <see cref="ReconstitutionWindowDays"/> trading days up to and including a reconstitution day
    /// (the reconstitution day and the four trading days before it).
    /// </summary>
    public static bool IsReconstitutionWindow(DateOnly date)
    {
        if (!TradingCalendar.IsTradingDay(date))
            return false;
        var next = NextReconstitution(date);
        return TradingCalendar.CountBetween(date, next) < ReconstitutionWindowDays;
    }

    /// <summary>
    /// Every trading day of the reconstitution windows of <paramref name="fromYear"/>..<paramref name="toYear"/> (each
    /// reconstitution day and the <see cref="ReconstitutionWindowDays"/> − 1 trading days before it): the same days
    /// <see cref="IsReconstitutionWindow"/> holds, built once for a whole panel instead of walking to the next
    /// reconstitution (up to a year of days) from every row.
    /// </summary>
    public static HashSet<DateOnly> ReconstitutionWindows(int fromYear, int toYear)
    {
        var days = new HashSet<DateOnly>();
        for (var y = fromYear; y <= toYear; y++)
        {
            foreach (var r in Reconstitutions(y))
            {
                var d = r;
                for (var k = 0; k < ReconstitutionWindowDays; k++, d = TradingCalendar.Previous(d))
                    days.Add(d);
            }
        }

        return days;
    }

    /// <summary>Trading days from <paramref name="date"/> to the next monthly expiration: 0 on the expiration day.</summary>
    public static int TradingDaysToOpex(DateOnly date) => TradingCalendar.CountBetween(date, NextMonthlyOpex(date));

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }
}
