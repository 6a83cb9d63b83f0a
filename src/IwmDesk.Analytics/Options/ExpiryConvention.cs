namespace IwmDesk.Analytics.Options;

/// <summary>
/// Time-to-expiry convention used by IwmDesk (see docs/methodology.md, "Gamma exposure"): calendar time from the
/// valuation moment to the contract's settlement, both on the America/New_York wall clock, in years of 365 days,
/// floored at a few minutes (<see cref="DefaultMinYears"/>) so a contract in its last minutes has a finite gamma.
/// Standard equity and ETF options settle at the 16:00 close; AM-settled index options at the 09:30 open of the
/// expiry day. Daylight-saving switches are not corrected for (at most one hour on a contract that spans one).
/// </summary>
public static class ExpiryConvention
{
    /// <summary>Days in the calendar year used to convert days to years.</summary>
    public const double DaysPerYear = 365.0;

    /// <summary>Minutes in a 365-day year.</summary>
    public const double MinutesPerYear = DaysPerYear * 24 * 60;

    /// <summary>The default floor: 15 minutes of a 365-day year.</summary>
    public const double DefaultMinYears = 15.0 / MinutesPerYear;

    /// <summary>The 16:00 ET close: settlement of PM-settled options and the default valuation time.</summary>
    public static readonly TimeOnly Close = new(16, 0);

    /// <summary>The 09:30 ET open: settlement of AM-settled index options (SOQ).</summary>
    public static readonly TimeOnly Open = new(9, 30);

    /// <summary>The settlement moment (ET wall clock) of a contract expiring on <paramref name="expiry"/>.</summary>
    /// <param name="expiry">Expiry date.</param>
    /// <param name="amSettled">True for AM-settled index options (settle at the 09:30 open), else the 16:00 close.</param>
    public static DateTime Settlement(DateOnly expiry, bool amSettled) => expiry.ToDateTime(amSettled ? Open : Close);

    /// <summary>True when the contract has settled at or before the valuation moment.</summary>
    public static bool HasExpired(DateTime valuation, DateOnly expiry, bool amSettled) => Settlement(expiry, amSettled) <= valuation;

    /// <summary>
    /// Years from the valuation moment to settlement: max(minutes / (365 · 1440), <paramref name="minYears"/>).
    /// A settlement at or before the valuation moment also returns the floor; callers decide separately (with
    /// <see cref="HasExpired"/>) whether the contract has expired.
    /// </summary>
    /// <param name="valuation">Valuation moment, ET wall clock.</param>
    /// <param name="expiry">Expiry date.</param>
    /// <param name="amSettled">AM-settled (09:30) instead of the 16:00 close.</param>
    /// <param name="minYears">Floor in years; must be positive.</param>
    public static double YearsToSettlement(DateTime valuation, DateOnly expiry, bool amSettled, double minYears = DefaultMinYears)
    {
        if (!(minYears > 0) || double.IsInfinity(minYears))
            throw new ArgumentOutOfRangeException(nameof(minYears), minYears, "the floor on years to expiry must be a positive finite number");
        var minutes = (Settlement(expiry, amSettled) - valuation).TotalMinutes;
        return Math.Max(minutes / MinutesPerYear, minYears);
    }

    /// <summary>
    /// Years from the 16:00 close of <paramref name="asOf"/> to the 16:00 close of <paramref name="expiry"/>:
    /// max((expiry − asOf) days / 365, <paramref name="minYears"/>).
    /// </summary>
    /// <param name="asOf">Snapshot date (its 16:00 ET close).</param>
    /// <param name="expiry">Expiry date (its 16:00 ET close).</param>
    /// <param name="minYears">Floor in years; must be positive.</param>
    public static double YearsToExpiry(DateOnly asOf, DateOnly expiry, double minYears = DefaultMinYears) =>
        YearsToSettlement(asOf.ToDateTime(Close), expiry, false, minYears);
}
