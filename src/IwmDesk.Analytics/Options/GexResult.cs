namespace IwmDesk.Analytics.Options;

/// <summary>Why a contract was left out of the gamma exposure. A contract is counted under the first reason that applies, in this order.</summary>
public enum GexSkipReason
{
    /// <summary>Not skipped: the contract is used.</summary>
    None = 0,

    /// <summary>Strike NaN, infinite or ≤ 0, or the kind is neither call nor put.</summary>
    InvalidContract = 1,

    /// <summary>Settled at or before the valuation moment (a same-day expiry in a snapshot valued at the close).</summary>
    Expired = 2,

    /// <summary>Open interest missing (NaN), infinite, or ≤ 0.</summary>
    NoOpenInterest = 3,

    /// <summary>Implied vol missing (NaN) or outside the open interval (MinImpliedVol, MaxImpliedVol).</summary>
    IvOutOfRange = 4,
}

/// <summary>How many contracts were skipped, by reason.</summary>
/// <param name="InvalidContract">Strike NaN/infinite/≤ 0 or unknown kind.</param>
/// <param name="Expired">Settled at or before the valuation moment.</param>
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
/// <param name="VannaUsdPerVolPoint">Dealer vanna exposure of the expiry: USD of dealer delta per +1 vol point.</param>
/// <param name="CharmUsdPerDay">Dealer charm exposure of the expiry: USD of dealer delta per calendar day that passes.</param>
public readonly record struct ExpiryGex(
    DateOnly Expiry,
    double YearsToExpiry,
    int Contracts,
    double CallGexUsdPer1Pct,
    double PutGexUsdPer1Pct,
    double VannaUsdPerVolPoint = 0,
    double CharmUsdPerDay = 0)
{
    /// <summary>Calls plus puts, USD per 1% move.</summary>
    public double NetGexUsdPer1Pct => CallGexUsdPer1Pct + PutGexUsdPer1Pct;
}

/// <summary>Expiry buckets by calendar days from the as-of date to the expiry date.</summary>
public enum GexBucket
{
    /// <summary>Expires on the as-of date (only in a snapshot valued before its settlement).</summary>
    SameDay = 0,

    /// <summary>1 to 7 calendar days.</summary>
    UpTo7Days = 1,

    /// <summary>8 to 30 calendar days.</summary>
    UpTo30Days = 2,

    /// <summary>More than 30 calendar days.</summary>
    Beyond30Days = 3,
}

/// <summary>Gamma exposure of one expiry bucket, USD per 1% move.</summary>
/// <param name="Bucket">Which bucket.</param>
/// <param name="Contracts">Used contracts in it.</param>
/// <param name="CallGexUsdPer1Pct">Calls (≥ 0).</param>
/// <param name="PutGexUsdPer1Pct">Puts (≤ 0).</param>
public readonly record struct BucketGex(GexBucket Bucket, int Contracts, double CallGexUsdPer1Pct, double PutGexUsdPer1Pct)
{
    /// <summary>Calls plus puts, USD per 1% move.</summary>
    public double NetGexUsdPer1Pct => CallGexUsdPer1Pct + PutGexUsdPer1Pct;

    /// <summary>Stable id: same_day, le_7d, le_30d, gt_30d.</summary>
    public string Id => Bucket switch
    {
        GexBucket.SameDay => "same_day",
        GexBucket.UpTo7Days => "le_7d",
        GexBucket.UpTo30Days => "le_30d",
        _ => "gt_30d",
    };
}

/// <summary>
/// One expiry of the vendor comparison: our exposure against the exposure from the vendor's gammas, same contracts,
/// same open interest and same spot, USD per 1% move.
/// </summary>
/// <param name="Expiry">Expiry date.</param>
/// <param name="Days">Calendar days from the as-of date.</param>
/// <param name="Contracts">Contracts compared.</param>
/// <param name="OurCallGexUsdPer1Pct">Our calls.</param>
/// <param name="OurPutGexUsdPer1Pct">Our puts.</param>
/// <param name="VendorCallGexUsdPer1Pct">Calls with the vendor's gammas.</param>
/// <param name="VendorPutGexUsdPer1Pct">Puts with the vendor's gammas.</param>
/// <param name="MedianRelativeGammaDifference">Median of (vendor Γ − our Γ) / our Γ over the expiry's contracts with both &gt; 0.</param>
public sealed record ExpiryVendorComparison(
    DateOnly Expiry,
    int Days,
    int Contracts,
    double OurCallGexUsdPer1Pct,
    double OurPutGexUsdPer1Pct,
    double VendorCallGexUsdPer1Pct,
    double VendorPutGexUsdPer1Pct,
    double MedianRelativeGammaDifference)
{
    /// <summary>Our net (calls + puts).</summary>
    public double OurNetGexUsdPer1Pct => OurCallGexUsdPer1Pct + OurPutGexUsdPer1Pct;

    /// <summary>
    /// How far the vendor's exposure can be from the one its printed gammas give, from their rounding alone
    /// (<see cref="GammaExposure.VendorGammaHalfUnit"/> per contract): a net difference inside it cannot be told from 0.
    /// </summary>
    public double VendorRoundingBoundUsdPer1Pct { get; init; }

    /// <summary>Net with the vendor's gammas.</summary>
    public double VendorNetGexUsdPer1Pct => VendorCallGexUsdPer1Pct + VendorPutGexUsdPer1Pct;

    /// <summary>Gross with the vendor's gammas: |calls| + |puts|.</summary>
    public double VendorGrossGexUsdPer1Pct => Math.Abs(VendorCallGexUsdPer1Pct) + Math.Abs(VendorPutGexUsdPer1Pct);

    /// <summary>(ours − vendor) / |vendor| of the net; NaN when the vendor's net is 0.</summary>
    public double NetRelativeDifference => VendorNetGexUsdPer1Pct == 0 ? double.NaN : (OurNetGexUsdPer1Pct - VendorNetGexUsdPer1Pct) / Math.Abs(VendorNetGexUsdPer1Pct);

    /// <summary>(ours − vendor) of the net over the vendor's gross; NaN when the gross is 0. The measure that stays
    /// meaningful when calls and puts nearly cancel.</summary>
    public double NetDifferenceShareOfGross => VendorGrossGexUsdPer1Pct == 0 ? double.NaN : (OurNetGexUsdPer1Pct - VendorNetGexUsdPer1Pct) / VendorGrossGexUsdPer1Pct;

    /// <summary>Our calls / vendor calls − 1; NaN when the vendor's calls are 0.</summary>
    public double CallRelativeDifference => VendorCallGexUsdPer1Pct == 0 ? double.NaN : (OurCallGexUsdPer1Pct / VendorCallGexUsdPer1Pct) - 1;

    /// <summary>Our puts / vendor puts − 1; NaN when the vendor's puts are 0.</summary>
    public double PutRelativeDifference => VendorPutGexUsdPer1Pct == 0 ? double.NaN : (OurPutGexUsdPer1Pct / VendorPutGexUsdPer1Pct) - 1;
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
    /// <summary>Per expiry (ascending), the same comparison.</summary>
    public IReadOnlyList<ExpiryVendorComparison> ByExpiry { get; init; } = [];

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

    /// <summary>Valuation moment (ET wall clock): the as-of date at <see cref="GexParameters.ValuationTime"/>.</summary>
    public required DateTime Valuation { get; init; }

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

    /// <summary>Dealer vanna exposure: USD of dealer delta per +1 vol point (0.01) rise of every implied vol.</summary>
    public required double VannaUsdPerVolPoint { get; init; }

    /// <summary>Dealer charm exposure: USD of dealer delta per calendar day that passes, spot and vols unchanged.</summary>
    public required double CharmUsdPerDay { get; init; }

    /// <summary>Per input contract: signed vanna exposure (USD per vol point), NaN when skipped.</summary>
    public required IReadOnlyList<double> ContractVannaUsdPerVolPoint { get; init; }

    /// <summary>Per input contract: signed charm exposure (USD per day), NaN when skipped.</summary>
    public required IReadOnlyList<double> ContractCharmUsdPerDay { get; init; }

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

    /// <summary>Exposure by expiry bucket: same day, 1–7 days, 8–30 days, beyond (always four rows, in that order).</summary>
    public required IReadOnlyList<BucketGex> Buckets { get; init; }

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

    /// <summary>The nearest expiry among the used contracts; null when none is used.</summary>
    public required DateOnly? NearestExpiry { get; init; }

    /// <summary>Net exposure without the nearest expiry, USD per 1% move.</summary>
    public required double TotalGexExNearestUsdPer1Pct { get; init; }

    /// <summary>The profile over the same grid without the nearest expiry's contracts.</summary>
    public required IReadOnlyList<double> ProfileNetGexExNearestUsdPer1Pct { get; init; }

    /// <summary>The flip of <see cref="ProfileNetGexExNearestUsdPer1Pct"/>; null when it never changes sign.</summary>
    public required double? ZeroGammaLevelExNearest { get; init; }

    /// <summary>Sign changes of <see cref="ProfileNetGexExNearestUsdPer1Pct"/>.</summary>
    public required int ZeroGammaCrossingsExNearest { get; init; }

    /// <summary>Call open interest of the contracts not expired and valid (whatever their IV).</summary>
    public required double CallOpenInterest { get; init; }

    /// <summary>Put open interest of the contracts not expired and valid (whatever their IV).</summary>
    public required double PutOpenInterest { get; init; }

    /// <summary>Put / call open interest; NaN when there is no call open interest.</summary>
    public double PutCallOpenInterestRatio => CallOpenInterest > 0 ? PutOpenInterest / CallOpenInterest : double.NaN;

    /// <summary>Max pain of <see cref="MaxPainExpiry"/>: the strike minimising the intrinsic value paid to holders.</summary>
    public required double? MaxPain { get; init; }

    /// <summary>The expiry max pain is computed for: the nearest one with open interest.</summary>
    public required DateOnly? MaxPainExpiry { get; init; }

    /// <summary>Our gamma against the vendor's; null when no used contract has a vendor gamma.</summary>
    public required VendorGammaComparison? VendorComparison { get; init; }

    /// <summary>Total GEX with the vendor's gammas over the compared contracts, USD per 1% move; null when no vendor gamma.</summary>
    public double? VendorGammaTotalGexUsdPer1Pct => VendorComparison?.VendorGammaTotalGexUsdPer1Pct;
}
