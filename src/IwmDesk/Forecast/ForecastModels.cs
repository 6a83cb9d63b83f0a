using IwmDesk.Data;
namespace IwmDesk.Forecast;

/// <summary>A directional call.</summary>
public static class Calls
{
    /// <summary>P(up) at least <see cref="ForecastOptions.Margin"/> above the baseline, from at least one active rule with an <c>edge</c> verdict.</summary>
    public const string Bullish = "Bullish";
    /// <summary>P(up) at least <see cref="ForecastOptions.Margin"/> below the baseline, from at least one active rule with an <c>edge</c> verdict.</summary>
    public const string Bearish = "Bearish";
    /// <summary>No active rule with an <c>edge</c> verdict at the horizon, or P(up) within the margin of the baseline.</summary>
    public const string Neutral = "Neutral";
}

/// <summary>The market on the forecast date, from the panel row of that date.</summary>
public sealed record MarketState
{
    /// <summary>IWM's raw (unadjusted) close on the date, in USD.</summary>
    public required double Close { get; init; }

    /// <summary>50-day simple moving average of IWM's raw close, in USD; NaN before warm-up.</summary>
    public required double Sma50 { get; init; }

    /// <summary>200-day simple moving average of IWM's raw close, in USD; NaN before warm-up.</summary>
    public required double Sma200 { get; init; }

    /// <summary>"uptrend" (above both averages), "downtrend" (below both) or "mixed"; "n/a" before warm-up.</summary>
    public required string Trend { get; init; }

    /// <summary>RSI(14) of IWM's close with Wilder smoothing, 0–100; NaN before warm-up.</summary>
    public required double Rsi14 { get; init; }

    /// <summary>The row's net GEX: IWM's own (its chain's, in USD per 1% move, else a vendor IWM_GEX value) or, failing that, the proxy's (<see cref="GexSource"/>); NaN without any.</summary>
    public required double Gex { get; init; }

    /// <summary>"positive", "negative" or "n/a".</summary>
    public required string GexSign { get; init; }

    /// <summary>True when GEX changed sign since the previous row.</summary>
    public required bool GexFlipped { get; init; }

    /// <summary>Where <see cref="Gex"/> comes from: "IWM chain", "IWM_GEX" (a vendor series) or a proxy ("SPX_GEX proxy"); "" without GEX.</summary>
    public required string GexSource { get; init; }

    /// <summary>The last VIX close usable by the date's close, in index points; NaN without one.</summary>
    public required double Vix { get; init; }

    /// <summary>IWM's dark-pool buy/sell ratio, short / (total − short) volume (a ratio, not a share: 1.5 = 60% short); NaN without one.</summary>
    public required double DpRatio { get; init; }

    /// <summary>The FINRA facility set of <see cref="DpRatio"/> ("CNMS", "TRF FNSQ+FNYX", …); "" without a ratio.</summary>
    public string DpSource { get; init; } = "";

    /// <summary>Why there is no dark-pool ratio ("no FINRA short-volume data after 2026-04-24"); "" when there is one.</summary>
    public string DpMissing { get; init; } = "";

    /// <summary>Lower Bollinger band (20-day SMA of the close − 2 standard deviations), in USD; NaN before warm-up.</summary>
    public required double BbLower { get; init; }

    /// <summary>Upper Bollinger band (20-day SMA of the close + 2 standard deviations), in USD; NaN before warm-up.</summary>
    public required double BbUpper { get; init; }

    /// <summary>"below the lower band", "inside the bands", "above the upper band" or "n/a".</summary>
    public required string BollingerPosition { get; init; }

    /// <summary>ATR(14) of IWM with Wilder smoothing, in USD; NaN before warm-up.</summary>
    public required double Atr14 { get; init; }

    /// <summary>The gamma flip level from the day's IWM chain, when one is stored.</summary>
    public required double? GammaFlip { get; init; }

    /// <summary>Last stored date of each input series.</summary>
    public required IReadOnlyDictionary<string, DateOnly> SeriesLastDates { get; init; }
}

/// <summary>A rule active on the date, with its measured edge (from history up to the date) at its horizons.</summary>
public sealed record ActiveSignal
{
    /// <summary>The rule's name, as in the rules file.</summary>
    public required string Name { get; init; }

    /// <summary>The rule's tier, 1–3 (weighted by <see cref="ForecastOptions.TierWeights"/>: 3/2/1 by default).</summary>
    public required int Tier { get; init; }

    /// <summary>The rule's short label from the rules file (e.g. "panic reversal"); "" without one.</summary>
    public required string Label { get; init; }

    /// <summary>The rule's condition with its parameters written in (e.g. <c>gex &lt; 0 and vix &gt;= 20</c>).</summary>
    public required string Condition { get; init; }

    /// <summary>The proxy the rule's gex comes from on the date (e.g. "SPX proxy"); null when it reads no gex or IWM's own.</summary>
    public string? GexProxy { get; init; }

    /// <summary>The name as every output shows it: <c>GEX_Negative (SPX proxy)</c> on a proxy day, else the name.</summary>
    public string DisplayName => GexProxy is null ? Name : $"{Name} ({GexProxy})";

    /// <summary>The rule's measured edge at every horizon the forecast measures (1 and 5 days and every rule's claimed ones), as of the date.</summary>
    public required IReadOnlyList<MeasuredEdge> Edges { get; init; }
}

/// <summary>
/// A rule's measured edge at one horizon, from windows closed by the forecast date. Rates and returns are fractions;
/// <see cref="Verdict"/> and <see cref="ClaimVerdict"/> are null at a horizon the rule makes no claim about.
/// </summary>
public sealed record MeasuredEdge(int Horizon, int N, int Episodes, double WinRate, double Mean, double CiLow, double CiHigh, double BaselineWinRate, Backtest.EdgeVerdict? Verdict)
{
    /// <summary>Effective sample size of the win rate (Newey–West, capped at <c>N</c>).</summary>
    public double NEff { get; init; } = double.NaN;

    /// <summary>Lower end of the block-bootstrap 95% interval of the win rate (fraction); NaN at a horizon the rule makes no claim about (not bootstrapped).</summary>
    public double WinCiLowRobust { get; init; } = double.NaN;

    /// <summary>Upper end of the block-bootstrap 95% interval of the win rate (fraction); NaN at a horizon the rule makes no claim about (not bootstrapped).</summary>
    public double WinCiHighRobust { get; init; } = double.NaN;

    /// <summary>Win rate − baseline in the rule's direction, with its block-bootstrap 95% interval.</summary>
    public double Lift { get; init; } = double.NaN;

    /// <summary>Lower end of the block-bootstrap 95% interval of <see cref="Lift"/> (fraction, in the rule's direction).</summary>
    public double LiftCiLow { get; init; } = double.NaN;

    /// <summary>Upper end of the block-bootstrap 95% interval of <see cref="Lift"/> (fraction, in the rule's direction).</summary>
    public double LiftCiHigh { get; init; } = double.NaN;

    /// <summary>Newey–West t of the mean excess return over the baseline mean, in the rule's direction.</summary>
    public double TNw { get; init; } = double.NaN;

    /// <summary>Holm-adjusted one-sided p-value of <see cref="TNw"/> over every edge verdict of the run; NaN without a verdict.</summary>
    public double PAdjusted { get; init; } = double.NaN;

    /// <summary>Why the edge verdict is what it is, in one sentence ("" without a verdict).</summary>
    public string VerdictReason { get; init; } = "";

    /// <summary>Whether the rule's quoted figures hold against the robust 95% intervals; null at a horizon it makes no claim about.</summary>
    public Backtest.ClaimVerdict? ClaimVerdict { get; init; }

    /// <summary>Why the claim verdict is what it is, in one sentence ("" without a verdict).</summary>
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

    /// <summary>The call's horizon, in trading days (1 for tomorrow, 5 for the next five days).</summary>
    public required int Horizon { get; init; }

    /// <summary>The assessment paragraph (also written as <c>rationale</c> for the 5-day call).</summary>
    public required string Assessment { get; init; }

    /// <summary>The active rules with an <c>edge</c> verdict at this horizon, each with its shrunk win rate and weight.</summary>
    public required IReadOnlyList<Contribution> Contributions { get; init; }
}

/// <summary>The strategy for the date.</summary>
public sealed record StrategyCall(string Name, string Text, string Invalidation, double? InvalidationLevel);

/// <summary>The daily forecast.</summary>
public sealed record ForecastResult
{
    /// <summary>The forecast date D: the trading day whose close the forecast is made at (only panel rows up to D are read).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>"real", or "sample" when the store holds the bundled synthetic sample.</summary>
    public required DataOrigin DataSource { get; init; }

    /// <summary>IWM's raw close on D, in USD (the same as <see cref="MarketState.Close"/>).</summary>
    public required double Close { get; init; }

    /// <summary>The market on D, from its panel row.</summary>
    public required MarketState State { get; init; }

    /// <summary>The rules true on D with their measured edges, by tier then name.</summary>
    public required IReadOnlyList<ActiveSignal> ActiveSignals { get; init; }

    /// <summary>Rules that could not be evaluated on the date (an input was missing), with the missing columns.</summary>
    public required IReadOnlyList<string> UnavailableSignals { get; init; }

    /// <summary>The call for the next trading day (1-day horizon).</summary>
    public required HorizonCall Tomorrow { get; init; }

    /// <summary>The call over the next five trading days.</summary>
    public required HorizonCall Next5Days { get; init; }

    /// <summary>The strategy for D, from the two calls and the market state, with its invalidation.</summary>
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
