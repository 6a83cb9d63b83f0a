namespace IwmDesk.Analytics.Options;

/// <summary>
/// Inputs of the gamma-exposure calculation other than the chain itself. Defaults are the ones documented in
/// docs/methodology.md ("Gamma exposure").
/// </summary>
public sealed record GexParameters
{
    /// <summary>The documented defaults.</summary>
    public static GexParameters Default { get; } = new();

    /// <summary>Risk-free rate r, continuous, annualised. Default 0.04 (short US Treasury yields in 2025–26).</summary>
    public double Rate { get; init; } = 0.04;

    /// <summary>
    /// Continuous dividend yield q. Default 0.010: IWM's trailing 12-month distributions over price were 0.91%
    /// (to 2026-05-01) and 1.04% (calendar 2025) in data/real/IWM_daily.csv.
    /// </summary>
    public double DividendYield { get; init; } = 0.010;

    /// <summary>Shares per contract. Default 100.</summary>
    public double ContractMultiplier { get; init; } = 100.0;

    /// <summary>
    /// Floor on time to expiry in years, for the last minutes before settlement. Default 15 minutes of a 365-day year
    /// (<see cref="ExpiryConvention.DefaultMinYears"/>).
    /// </summary>
    public double MinYearsToExpiry { get; init; } = ExpiryConvention.DefaultMinYears;

    /// <summary>
    /// Time of day (America/New_York) of the valuation moment on the as-of date. Default 16:00, the close: an end-of-day
    /// snapshot (or one taken after the close) is valued at the close. A contract whose settlement is at or before this
    /// moment has expired and is skipped.
    /// </summary>
    public TimeOnly ValuationTime { get; init; } = ExpiryConvention.Close;

    /// <summary>Contracts are used only when <c>MinImpliedVol &lt; IV &lt; MaxImpliedVol</c>. Default 0.01.</summary>
    public double MinImpliedVol { get; init; } = 0.01;

    /// <summary>Contracts are used only when <c>MinImpliedVol &lt; IV &lt; MaxImpliedVol</c>. Default 5 (500%).</summary>
    public double MaxImpliedVol { get; init; } = 5.0;

    /// <summary>Number of spot levels in the zero-gamma grid (at least 2). Default 400.</summary>
    public int GridLevels { get; init; } = 400;

    /// <summary>Lowest grid level as a fraction of spot. Default 0.8.</summary>
    public double GridLowFraction { get; init; } = 0.8;

    /// <summary>Highest grid level as a fraction of spot. Default 1.2.</summary>
    public double GridHighFraction { get; init; } = 1.2;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Rate))
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "rate must be finite");
        if (!double.IsFinite(DividendYield))
            throw new ArgumentOutOfRangeException(nameof(DividendYield), DividendYield, "dividend yield must be finite");
        if (!(ContractMultiplier > 0) || double.IsInfinity(ContractMultiplier))
            throw new ArgumentOutOfRangeException(nameof(ContractMultiplier), ContractMultiplier, "contract multiplier must be positive and finite");
        if (!(MinYearsToExpiry > 0) || double.IsInfinity(MinYearsToExpiry))
            throw new ArgumentOutOfRangeException(nameof(MinYearsToExpiry), MinYearsToExpiry, "floor on years to expiry must be positive and finite");
        if (!(MinImpliedVol >= 0) || !(MaxImpliedVol > MinImpliedVol) || double.IsInfinity(MaxImpliedVol))
            throw new ArgumentOutOfRangeException(nameof(MaxImpliedVol), MaxImpliedVol, $"implied-vol bounds must satisfy 0 <= min < max < infinity (min {MinImpliedVol}, max {MaxImpliedVol})");
        if (GridLevels < 2)
            throw new ArgumentOutOfRangeException(nameof(GridLevels), GridLevels, "the zero-gamma grid needs at least 2 levels");
        if (!(GridLowFraction > 0) || !(GridHighFraction > GridLowFraction) || double.IsInfinity(GridHighFraction))
            throw new ArgumentOutOfRangeException(nameof(GridHighFraction), GridHighFraction, $"grid fractions must satisfy 0 < low < high < infinity (low {GridLowFraction}, high {GridHighFraction})");
    }
}
