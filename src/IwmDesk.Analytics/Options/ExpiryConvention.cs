namespace IwmDesk.Analytics.Options;

/// <summary>
/// Time-to-expiry convention used by IwmDesk (see docs/methodology.md, "Gamma exposure"):
/// calendar time from the as-of close (16:00 ET) to the expiry close (16:00 ET) in years of 365 days,
/// floored at one trading day (1/252 year) so same-day and next-day expiries have a finite gamma.
/// </summary>
public static class ExpiryConvention
{
    /// <summary>Days in the calendar year used to convert days to years.</summary>
    public const double DaysPerYear = 365.0;

    /// <summary>The default floor: one trading day, 1/252 year.</summary>
    public const double DefaultMinYears = 1.0 / 252.0;

    /// <summary>
    /// Years from the as-of close to the expiry close: max((expiry − asOf) days / 365, <paramref name="minYears"/>).
    /// An expiry before the as-of date also returns the floor; callers decide separately whether it has expired.
    /// </summary>
    /// <param name="asOf">Snapshot date (its 16:00 ET close).</param>
    /// <param name="expiry">Expiry date (its 16:00 ET close).</param>
    /// <param name="minYears">Floor in years; must be positive.</param>
    public static double YearsToExpiry(DateOnly asOf, DateOnly expiry, double minYears = DefaultMinYears)
    {
        if (!(minYears > 0) || double.IsInfinity(minYears))
            throw new ArgumentOutOfRangeException(nameof(minYears), minYears, "the floor on years to expiry must be a positive finite number");
        var years = (expiry.DayNumber - asOf.DayNumber) / DaysPerYear;
        return Math.Max(years, minYears);
    }
}
