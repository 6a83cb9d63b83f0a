namespace IwmDesk.Forecast;

/// <summary>A directional call.</summary>
public static class Calls
{
    public const string Bullish = "Bullish";
    public const string Bearish = "Bearish";
    public const string Neutral = "Neutral";
}

/// <summary>The market on the forecast date, from the panel row of that date.</summary>
public sealed record MarketState
{
    public required double Close { get; init; }

    public required double Sma50 { get; init; }

    public required double Sma200 { get; init; }

    /// <summary>"uptrend" (above both averages), "downtrend" (below both) or "mixed"; "n/a" before warm-up.</summary>
    public required string Trend { get; init; }

    public required double Rsi14 { get; init; }

    public required double Gex { get; init; }

    /// <summary>"positive", "negative" or "n/a".</summary>
    public required string GexSign { get; init; }

    /// <summary>True when GEX changed sign since the previous row.</summary>
    public required bool GexFlipped { get; init; }

    public required string GexSource { get; init; }

    public required double Vix { get; init; }

    public required double DpRatio { get; init; }

    /// <summary>The FINRA facility set of <see cref="DpRatio"/> ("CNMS", "TRF FNSQ+FNYX", …); "" without a ratio.</summary>
    public string DpSource { get; init; } = "";

    /// <summary>Why there is no dark-pool ratio ("no FINRA short-volume data after 2026-04-24"); "" when there is one.</summary>
    public string DpMissing { get; init; } = "";

    public required double BbLower { get; init; }

    public required double BbUpper { get; init; }

    /// <summary>"below the lower band", "inside the bands", "above the upper band" or "n/a".</summary>
    public required string BollingerPosition { get; init; }

    public required double Atr14 { get; init; }

    /// <summary>The gamma flip level from the day's IWM chain, when one is stored.</summary>
    public required double? GammaFlip { get; init; }

    /// <summary>Last stored date of each input series.</summary>
    public required IReadOnlyDictionary<string, DateOnly> SeriesLastDates { get; init; }
}

/// <summary>A rule active on the date, with its measured edge (from history up to the date) at its horizons.</summary>
public sealed record ActiveSignal
{
    public required string Name { get; init; }

    public required int Tier { get; init; }

    public required string Label { get; init; }

    public required string Condition { get; init; }

    /// <summary>The proxy the rule's gex comes from on the date (e.g. "SPX proxy"); null when it reads no gex or IWM's own.</summary>
    public string? GexProxy { get; init; }

    /// <summary>The name as every output shows it: <c>GEX_Negative (SPX proxy)</c> on a proxy day, else the name.</summary>
    public string DisplayName => GexProxy is null ? Name : $"{Name} ({GexProxy})";

    public required IReadOnlyList<MeasuredEdge> Edges { get; init; }
}

/// <summary>
/// A rule's measured edge at one horizon, from windows closed by the forecast date. Rates and returns are fractions;
/// <see cref="Verdict"/> and <see cref="ClaimVerdict"/> are null at a horizon the rule makes no claim about.
/// </summary>
public sealed record MeasuredEdge(int Horizon, int N, int Episodes, double WinRate, double Mean, double CiLow, double CiHigh, double BaselineWinRate, Backtest.EdgeVerdict? Verdict)
{
    public double NEff { get; init; } = double.NaN;

    public double WinCiLowRobust { get; init; } = double.NaN;

    public double WinCiHighRobust { get; init; } = double.NaN;

    /// <summary>Win rate − baseline in the rule's direction, with its block-bootstrap 95% interval.</summary>
    public double Lift { get; init; } = double.NaN;

    public double LiftCiLow { get; init; } = double.NaN;

    public double LiftCiHigh { get; init; } = double.NaN;

    public double TNw { get; init; } = double.NaN;

    public double PAdjusted { get; init; } = double.NaN;

    public string VerdictReason { get; init; } = "";

    public Backtest.ClaimVerdict? ClaimVerdict { get; init; }

    public string ClaimReason { get; init; } = "";
}

/// <summary>A rule's contribution to a horizon's probability (only rules with an <c>edge</c> verdict contribute).</summary>
public sealed record Contribution(string Signal, int Tier, int N, double WinRate, double ShrunkWinRate, double Weight);

/// <summary>An active rule that carries no weight at a horizon, and why (its verdict, or no verdict at that horizon).</summary>
public sealed record NoWeight(string Signal, string Verdict, string Reason);

/// <summary>The call for one horizon.</summary>
public sealed record HorizonCall
{
    /// <summary>Bullish, Bearish or Neutral.</summary>
    public required string Call { get; init; }

    /// <summary>Probability of the called direction (Bullish: P(up), Bearish: P(down), Neutral: P(up)).</summary>
    public required double Probability { get; init; }

    /// <summary>Probability that IWM's adjusted close is higher at the horizon (what the journal scores).</summary>
    public required double PUp { get; init; }

    /// <summary>
    /// P(up) recalibrated by an isotonic map fitted on the matured forecast calls up to the date
    /// (<see cref="ForecastCalibration"/>); NaN until <see cref="ForecastCalibration.MinCalls"/> of them exist. Shown
    /// beside <see cref="PUp"/>; the call is made on the raw P(up).
    /// </summary>
    public double PUpCalibrated { get; init; } = double.NaN;

    /// <summary>Matured forecast calls at this horizon the calibration could use (0 without a journal).</summary>
    public int CalibrationN { get; init; }

    /// <summary>Unconditional P(up) at this horizon over the history up to the date.</summary>
    public required double BaselinePUp { get; init; }

    /// <summary>P(up) − baseline.</summary>
    public double Difference => PUp - BaselinePUp;

    /// <summary>How far P(up) must be from the baseline for a Bullish or Bearish call (<see cref="ForecastOptions.Margin"/>).</summary>
    public required double Margin { get; init; }

    /// <summary>Active rules listed without weight (unclear, no edge, too few cases, no data, or no verdict at this horizon).</summary>
    public required IReadOnlyList<NoWeight> NoWeight { get; init; }

    public required int Horizon { get; init; }

    /// <summary>The assessment paragraph (also written as <c>rationale</c> for the 5-day call).</summary>
    public required string Assessment { get; init; }

    public required IReadOnlyList<Contribution> Contributions { get; init; }
}

/// <summary>The strategy for the date.</summary>
public sealed record StrategyCall(string Name, string Text, string Invalidation, double? InvalidationLevel);

/// <summary>The daily forecast.</summary>
public sealed record ForecastResult
{
    public required DateOnly Date { get; init; }

    public required string DataSource { get; init; }

    public required double Close { get; init; }

    public required MarketState State { get; init; }

    public required IReadOnlyList<ActiveSignal> ActiveSignals { get; init; }

    /// <summary>Rules that could not be evaluated on the date (an input was missing), with the missing columns.</summary>
    public required IReadOnlyList<string> UnavailableSignals { get; init; }

    public required HorizonCall Tomorrow { get; init; }

    public required HorizonCall Next5Days { get; init; }

    public required StrategyCall Strategy { get; init; }

    /// <summary>SHA-256 of the rules text the forecast used.</summary>
    public required string RulesHash { get; init; }

    /// <summary>
    /// Every rule × horizon row the forecast measured as of its date (windows closed by it; bootstrapped at the claimed
    /// horizons), for the analyst prompt and the report to reuse instead of measuring again. Not part of the JSON.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Backtest.RuleHorizonStats> Statistics { get; init; } = [];
}
