namespace IwmDesk.Analytics.Options;

/// <summary>Call or put, as the analytics see it (mirrors IwmDesk.Data.OptionRight without depending on it).</summary>
public enum OptionKind
{
    /// <summary>A call option.</summary>
    Call = 0,

    /// <summary>A put option.</summary>
    Put = 1,
}

/// <summary>
/// One contract of a chain snapshot, reduced to what greeks and gamma exposure need.
/// Missing numeric values are NaN; the GEX engine filters and counts bad contracts, it never throws on them.
/// </summary>
/// <param name="Expiry">Expiry date (settlement at the 16:00 ET close of that day, or its 09:30 open when AM-settled).</param>
/// <param name="Kind">Call or put.</param>
/// <param name="Strike">Strike price in USD.</param>
/// <param name="OpenInterest">Open interest in contracts.</param>
/// <param name="ImpliedVol">Implied volatility as an annualised fraction (0.25 = 25%); NaN or 0 when missing.</param>
/// <param name="VendorGamma">Gamma quoted by the data vendor (per share, per USD 1 move), NaN when the source has none.</param>
/// <param name="AmSettled">True for AM-settled index options (settled at the 09:30 ET open of the expiry day); false for
/// the standard 16:00 ET close.</param>
public readonly record struct OptionContract(
    DateOnly Expiry,
    OptionKind Kind,
    double Strike,
    double OpenInterest,
    double ImpliedVol,
    double VendorGamma = double.NaN,
    bool AmSettled = false);
