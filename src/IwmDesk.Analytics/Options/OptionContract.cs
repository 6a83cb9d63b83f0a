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
/// <param name="Expiry">Expiry date (the contract is taken to expire at the 16:00 ET close of that day).</param>
/// <param name="Kind">Call or put.</param>
/// <param name="Strike">Strike price in USD.</param>
/// <param name="OpenInterest">Open interest in contracts.</param>
/// <param name="ImpliedVol">Implied volatility as an annualised fraction (0.25 = 25%); NaN or 0 when missing.</param>
/// <param name="VendorGamma">Gamma quoted by the data vendor (per share, per USD 1 move), NaN when the source has none.</param>
public readonly record struct OptionContract(
    DateOnly Expiry,
    OptionKind Kind,
    double Strike,
    double OpenInterest,
    double ImpliedVol,
    double VendorGamma = double.NaN);
