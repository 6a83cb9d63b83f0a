namespace IwmDesk.Analytics.Options;

/// <summary>Why a contract was left out of the gamma exposure. A contract is counted under the first reason that applies, in this order.</summary>
public enum GexSkipReason
{
    /// <summary>Not skipped: the contract is used.</summary>
    None = 0,

    /// <summary>Strike NaN, infinite or ≤ 0, or the kind is neither call nor put.</summary>
    InvalidContract = 1,

    /// <summary>Expiry before the as-of date (same-day expiry is used, with the time floor).</summary>
    Expired = 2,

    /// <summary>Open interest missing (NaN), infinite, or ≤ 0.</summary>
    NoOpenInterest = 3,

    /// <summary>Implied vol missing (NaN) or outside the open interval (MinImpliedVol, MaxImpliedVol).</summary>
    IvOutOfRange = 4,
}

/// <summary>How many contracts were skipped, by reason.</summary>
/// <param name="InvalidContract">Strike NaN/infinite/≤ 0 or unknown kind.</param>
/// <param name="Expired">Expiry before the as-of date.</param>
/// <param name="NoOpenInterest">Open interest NaN, infinite or ≤ 0.</param>
/// <param name="IvOutOfRange">Implied vol NaN or outside (MinImpliedVol, MaxImpliedVol).</param>
public readonly record struct GexSkipCounts(int InvalidContract, int Expired, int NoOpenInterest, int IvOutOfRange)
{
    /// <summary>All skipped contracts.</summary>
    public int Total => InvalidContract + Expired + NoOpenInterest + IvOutOfRange;
}

/// <summary>Gamma exposure at one strike, summed over expiries, in USD per 1% move of the underlying.</summary>
/// <param name="Strike">Strike in USD.</param>
/// <param name="CallGexUsdPer1Pct">Sum over the strike's calls (≥ 0).</param>
/// <param name="PutGexUsdPer1Pct">Sum over the strike's puts (≤ 0).</param>
public readonly record struct StrikeGex(double Strike, double CallGexUsdPer1Pct, double PutGexUsdPer1Pct)
{
    /// <summary>Calls plus puts, USD per 1% move.</summary>
    public double NetGexUsdPer1Pct => CallGexUsdPer1Pct + PutGexUsdPer1Pct;
}

/// <summary>Gamma exposure of one expiry, in USD per 1% move of the underlying.</summary>
/// <param name="Expiry">Expiry date.</param>
/// <param name="YearsToExpiry">Time to expiry used for these contracts (after the floor).</param>
/// <param name="Contracts">Contracts of this expiry that were used.</param>
/// <param name="CallGexUsdPer1Pct">Sum over the expiry's calls (≥ 0).</param>
/// <param name="PutGexUsdPer1Pct">Sum over the expiry's puts (≤ 0).</param>
public readonly record struct ExpiryGex(DateOnly Expiry, double YearsToExpiry, int Contracts, double CallGexUsdPer1Pct, double PutGexUsdPer1Pct)
{
    /// <summary>Calls plus puts, USD per 1% move.</summary>
    public double NetGexUsdPer1Pct => CallGexUsdPer1Pct + PutGexUsdPer1Pct;
}

/// <summary>
/// Our gamma against the vendor's over used contracts that carry a finite, non-negative vendor gamma.
/// Relative difference of a contract = (vendor Γ − our Γ) / our Γ, taken where both are &gt; 0;
/// so a vendor quoting 10% more gamma than ours gives +0.10.
/// </summary>
/// <param name="ContractsCompared">Used contracts with a finite vendor gamma ≥ 0 (the set both totals are over).</param>
/// <param name="ContractsInRelativeStats">Of those, the contracts where both gammas are &gt; 0 (the set of the medians).</param>
/// <param name="MedianRelativeDifference">Median of (vendor − ours) / ours; NaN when no contract qualifies.</param>
/// <param name="MedianAbsoluteRelativeDifference">Median of |vendor − ours| / ours; NaN when no contract qualifies.</param>
/// <param name="OurTotalGexUsdPer1Pct">Total GEX over the compared contracts with our gamma, USD per 1% move.</param>
/// <param name="VendorGammaTotalGexUsdPer1Pct">Total GEX over the compared contracts with the vendor's gamma, USD per 1% move.</param>
public sealed record VendorGammaComparison(
    int ContractsCompared,
    int ContractsInRelativeStats,
    double MedianRelativeDifference,
    double MedianAbsoluteRelativeDifference,
    double OurTotalGexUsdPer1Pct,
    double VendorGammaTotalGexUsdPer1Pct)
{
    /// <summary>VendorTotal / OurTotal − 1; NaN when our total is 0.</summary>
    public double TotalRelativeDifference =>
        OurTotalGexUsdPer1Pct == 0 ? double.NaN : (VendorGammaTotalGexUsdPer1Pct / OurTotalGexUsdPer1Pct) - 1.0;
}

/// <summary>
/// Result of <see cref="GammaExposure.Compute"/>. Every exposure is in USD per 1% move of the underlying
/// (sign × Γ × OI × multiplier × S² × 0.01), dealers long calls (+) and short puts (−).
/// </summary>
public sealed class GexResult
{
    /// <summary>Snapshot date.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Underlying price the exposures are computed at.</summary>
    public required double Spot { get; init; }

    /// <summary>The parameters used.</summary>
    public required GexParameters Parameters { get; init; }

    /// <summary>Contracts used in the sums.</summary>
    public required int ContractsUsed { get; init; }

    /// <summary>Contracts left out, by reason. <c>ContractsUsed + Skipped.Total</c> is the chain length.</summary>
    public required GexSkipCounts Skipped { get; init; }

    /// <summary>Net exposure of the chain (calls + puts), USD per 1% move.</summary>
    public required double TotalGexUsdPer1Pct { get; init; }

    /// <summary>Exposure of the calls (≥ 0), USD per 1% move.</summary>
    public required double CallGexUsdPer1Pct { get; init; }

    /// <summary>Exposure of the puts (≤ 0), USD per 1% move.</summary>
    public required double PutGexUsdPer1Pct { get; init; }

    /// <summary>Per input contract (same index as the chain): our Γ at spot, NaN when skipped.</summary>
    public required IReadOnlyList<double> ContractGamma { get; init; }

    /// <summary>Per input contract (same index as the chain): signed exposure in USD per 1% move, NaN when skipped.</summary>
    public required IReadOnlyList<double> ContractGexUsdPer1Pct { get; init; }

    /// <summary>Per input contract (same index as the chain): why it was skipped, or <see cref="GexSkipReason.None"/>.</summary>
    public required IReadOnlyList<GexSkipReason> ContractSkipReason { get; init; }

    /// <summary>Exposure by strike (ascending strike), USD per 1% move; only strikes with a used contract.</summary>
    public required IReadOnlyList<StrikeGex> ByStrike { get; init; }

    /// <summary>Exposure by expiry (ascending expiry), USD per 1% move; only expiries with a used contract.</summary>
    public required IReadOnlyList<ExpiryGex> ByExpiry { get; init; }

    /// <summary>Strike with the largest call exposure (summed over expiries); null when no call is used.</summary>
    public required double? CallWall { get; init; }

    /// <summary>Strike with the most negative put exposure (summed over expiries); null when no put is used.</summary>
    public required double? PutWall { get; init; }

    /// <summary>Spot levels of the zero-gamma grid, ascending (GridLowFraction·S … GridHighFraction·S).</summary>
    public required IReadOnlyList<double> ProfileLevels { get; init; }

    /// <summary>Net exposure at each grid level (every contract repriced at that level), USD per 1% move.</summary>
    public required IReadOnlyList<double> ProfileNetGexUsdPer1Pct { get; init; }

    /// <summary>
    /// Zero-gamma (flip) level: where the repriced net exposure changes sign, interpolated linearly between grid levels;
    /// the crossing nearest spot when there are several; null when there is none in the grid.
    /// </summary>
    public required double? ZeroGammaLevel { get; init; }

    /// <summary>Number of sign changes of the profile in the grid (0 when <see cref="ZeroGammaLevel"/> is null).</summary>
    public required int ZeroGammaCrossings { get; init; }

    /// <summary>Our gamma against the vendor's; null when no used contract has a vendor gamma.</summary>
    public required VendorGammaComparison? VendorComparison { get; init; }

    /// <summary>Total GEX with the vendor's gammas over the compared contracts, USD per 1% move; null when no vendor gamma.</summary>
    public double? VendorGammaTotalGexUsdPer1Pct => VendorComparison?.VendorGammaTotalGexUsdPer1Pct;
}
