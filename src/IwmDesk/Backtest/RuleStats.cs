using System.Text.Json.Serialization;

namespace IwmDesk.Backtest;

/// <summary>
/// Does the rule beat the baseline? Judged only at the rule's claimed horizon(s) (docs/backtest.md): <c>edge</c> when the
/// robust (block-bootstrap) lift interval lies above 0 and the Holm-adjusted p-value over every edge verdict of the run
/// is below 0.05; <c>no edge</c> when the interval lies below 0 or the point lift is ≤ 0; <c>unclear</c> otherwise.
/// </summary>
public enum EdgeVerdict
{
    /// <summary>The robust lift interval lies above 0 and the Holm-adjusted p-value is below <see cref="BacktestOptions.Alpha"/>.</summary>
    [JsonStringEnumMemberName("edge")]
    Edge,

    /// <summary>The point lift is above 0, but the robust interval includes 0 (or is missing) or the Holm-adjusted p-value is not below <see cref="BacktestOptions.Alpha"/>.</summary>
    [JsonStringEnumMemberName("unclear")]
    Unclear,

    /// <summary>The robust lift interval lies below 0, or the point lift is ≤ 0.</summary>
    [JsonStringEnumMemberName("no edge")]
    NoEdge,

    /// <summary>n_eff below <see cref="BacktestOptions.MinCases"/> or fewer than <see cref="BacktestOptions.MinEpisodes"/> episodes.</summary>
    [JsonStringEnumMemberName("too few cases")]
    TooFewCases,

    /// <summary>The rule's inputs never existed in the range.</summary>
    [JsonStringEnumMemberName("no data")]
    NoData,
}

/// <summary>Does the quoted figure hold against the robust 95% interval?</summary>
public enum ClaimVerdict
{
    /// <summary>Every quoted figure lies inside its robust interval.</summary>
    [JsonStringEnumMemberName("holds")]
    Holds,

    /// <summary>A quoted figure lies above its robust interval.</summary>
    [JsonStringEnumMemberName("overstated")]
    Overstated,

    /// <summary>A quoted figure lies below its robust interval (and none above).</summary>
    [JsonStringEnumMemberName("understated")]
    Understated,

    /// <summary>The rule quotes no figure at this horizon.</summary>
    [JsonStringEnumMemberName("no claim")]
    NoClaim,
}

/// <summary>Where a backtest enters a signal (docs/backtest.md).</summary>
public enum EntryTiming
{
    /// <summary>At the close of the signal day D (the panel row of D holds only values known by that close).</summary>
    [JsonStringEnumMemberName("close")]
    Close,

    /// <summary>At the close of the next trading day.</summary>
    [JsonStringEnumMemberName("next-close")]
    NextClose,

    /// <summary>At the open of the next trading day, exiting at the open h days later.</summary>
    [JsonStringEnumMemberName("next-open")]
    NextOpen,
}

/// <summary>The words each verdict is printed with (the same as its JSON value).</summary>
public static class VerdictText
{
    /// <summary>The edge verdict's text: "edge", "unclear", "no edge", "too few cases" or "no data".</summary>
    public static string Text(this EdgeVerdict v) => v switch
    {
        EdgeVerdict.Edge => "edge",
        EdgeVerdict.Unclear => "unclear",
        EdgeVerdict.NoEdge => "no edge",
        EdgeVerdict.TooFewCases => "too few cases",
        EdgeVerdict.NoData => "no data",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    /// <summary>The edge verdict's text, or "" at a horizon without a verdict.</summary>
    public static string Text(this EdgeVerdict? v) => v is { } x ? x.Text() : "";

    /// <summary>The claim verdict's text: "holds", "overstated", "understated" or "no claim".</summary>
    public static string Text(this ClaimVerdict v) => v switch
    {
        ClaimVerdict.Holds => "holds",
        ClaimVerdict.Overstated => "overstated",
        ClaimVerdict.Understated => "understated",
        ClaimVerdict.NoClaim => "no claim",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    /// <summary>The claim verdict's text, or "" at a horizon without a verdict.</summary>
    public static string Text(this ClaimVerdict? v) => v is { } x ? x.Text() : "";

    /// <summary>The entry's text as the <c>--entry</c> option takes it: "close", "next-close" or "next-open".</summary>
    public static string Text(this EntryTiming e) => e switch
    {
        EntryTiming.Close => "close",
        EntryTiming.NextClose => "next-close",
        EntryTiming.NextOpen => "next-open",
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };
}

/// <summary>Settings of a backtest; the defaults are the documented ones (docs/backtest.md).</summary>
public sealed record BacktestOptions
{
    /// <summary>Forward horizons in trading days.</summary>
    public IReadOnlyList<int> Horizons { get; init; } = [1, 5];

    /// <summary>First signal date (inclusive); null = the panel's first row.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last signal date (inclusive); null = the panel's last row.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Share of the range that is in-sample (the rest is out-of-sample).</summary>
    public double InSampleShare { get; init; } = 0.7;

    /// <summary>Below this many signal days a verdict is "too few cases".</summary>
    public int MinCases { get; init; } = 30;

    /// <summary>Below this many independent episodes a verdict is "too few cases".</summary>
    public int MinEpisodes { get; init; } = 10;

    /// <summary>Where a signal is entered.</summary>
    public EntryTiming Entry { get; init; } = EntryTiming.Close;

    /// <summary>Block-bootstrap resamples (at least 2,000 for printed figures).</summary>
    public int Resamples { get; init; } = Analytics.Statistics.BlockBootstrapPlan.DefaultResamples;

    /// <summary>Seed of the block bootstrap, so every run prints the same intervals.</summary>
    public ulong Seed { get; init; } = Analytics.Statistics.BlockBootstrapPlan.DefaultSeed;

    /// <summary>Family-wise error level of the edge verdict (Holm over every edge verdict in the run).</summary>
    public double Alpha { get; init; } = 0.05;
}

/// <summary>One rule at one horizon: measured edge beside the claimed one. Rates and returns are fractions.</summary>
public sealed record RuleHorizonStats
{
    /// <summary>The rule's name.</summary>
    public required string Signal { get; init; }

    /// <summary>The rule's tier, 1–3 (forecast weights 3/2/1).</summary>
    public required int Tier { get; init; }

    /// <summary>Forward horizon, in trading days.</summary>
    public required int Horizon { get; init; }

    /// <summary>The rule's condition with its parameters bound to their values.</summary>
    public required string Condition { get; init; }

    /// <summary>"bullish" or "bearish": the direction the rule claims.</summary>
    public required string Direction { get; init; }

    /// <summary>Signal days with a closed forward window.</summary>
    public required int N { get; init; }

    /// <summary>Runs of consecutive signal days, each counted once.</summary>
    public required int Episodes { get; init; }

    /// <summary>Days in the range the rule could not be evaluated (an input missing).</summary>
    public required int Unavailable { get; init; }

    /// <summary>Share of the signal days whose forward return is above 0 (fraction, 0..1; the up share for either direction).</summary>
    public required double WinRate { get; init; }

    /// <summary>Mean forward return of the signal days (fraction, 0.01 = +1%).</summary>
    public required double Mean { get; init; }

    /// <summary>Median forward return of the signal days (fraction).</summary>
    public required double Median { get; init; }

    /// <summary>Sample standard deviation (n − 1) of the signal days' forward returns (fraction); NaN below 2 days.</summary>
    public required double Std { get; init; }

    /// <summary>Lower end of the naive Wilson 95% interval of the win rate (fraction; treats the days as independent).</summary>
    public required double CiLow { get; init; }

    /// <summary>Upper end of the naive Wilson 95% interval of the win rate (fraction).</summary>
    public required double CiHigh { get; init; }

    /// <summary>Naive t of the mean forward return against 0: mean / (std / √n), ignoring overlap of the windows.</summary>
    public required double TStat { get; init; }

    /// <summary>Share of every day of the range with a closed forward window whose forward return is above 0 (fraction).</summary>
    public required double BaselineWinRate { get; init; }

    /// <summary>Mean forward return of every day of the range with a closed forward window (fraction).</summary>
    public required double BaselineMean { get; init; }

    /// <summary>Days of the range with a closed forward window (the baseline's sample).</summary>
    public required int BaselineN { get; init; }

    /// <summary>Win rate − baseline win rate, in the rule's direction (a bearish rule's lift is baseline − win rate).</summary>
    public required double Lift { get; init; }

    /// <summary>Effective sample size of the win rate: n² p(1 − p) / its Newey–West long-run variance sum, capped at n.</summary>
    public required double NEff { get; init; }

    /// <summary>Block-bootstrap 95% interval of the win rate.</summary>
    public required double WinCiLowRobust { get; init; }

    /// <summary>Upper end of the block-bootstrap 95% interval of the win rate (fraction).</summary>
    public required double WinCiHighRobust { get; init; }

    /// <summary>Block-bootstrap 95% interval of the mean return.</summary>
    public required double MeanCiLowRobust { get; init; }

    /// <summary>Upper end of the block-bootstrap 95% interval of the mean return (fraction).</summary>
    public required double MeanCiHighRobust { get; init; }

    /// <summary>Block-bootstrap 95% interval of the lift (in the rule's direction).</summary>
    public required double LiftCiLow { get; init; }

    /// <summary>Upper end of the block-bootstrap 95% interval of the lift (fraction, in the rule's direction).</summary>
    public required double LiftCiHigh { get; init; }

    /// <summary>Newey–West t of the mean excess return over the baseline mean, in the rule's direction.</summary>
    public required double TNw { get; init; }

    /// <summary>Bartlett lags of <see cref="TNw"/>.</summary>
    public required int NwLags { get; init; }

    /// <summary>Block length of the bootstrap, in trading days.</summary>
    public required int BootstrapBlock { get; init; }

    /// <summary>One-sided p-value of <see cref="TNw"/> (no edge in the rule's direction as the null).</summary>
    public required double PValue { get; init; }

    /// <summary>Holm-adjusted <see cref="PValue"/> over every edge verdict of the run; NaN where no verdict is given.</summary>
    public double PAdjusted { get; init; } = double.NaN;

    /// <summary>Signal days at least h apart, taken greedily from the first (no two windows overlap).</summary>
    public required int NNonoverlap { get; init; }

    /// <summary>Win rate of the <see cref="NNonoverlap"/> non-overlapping signal days (fraction); NaN without one.</summary>
    public required double WinRateNonoverlap { get; init; }

    /// <summary>Mean forward return of the non-overlapping signal days (fraction).</summary>
    public required double MeanNonoverlap { get; init; }

    /// <summary>How the signal was entered.</summary>
    public required EntryTiming Entry { get; init; }

    /// <summary>Signal days in the in-sample part (the first <see cref="BacktestOptions.InSampleShare"/> of the range's days).</summary>
    public required int IsN { get; init; }

    /// <summary>Win rate of the in-sample signal days (fraction); NaN without one.</summary>
    public required double IsWinRate { get; init; }

    /// <summary>Mean forward return of the in-sample signal days (fraction); NaN without one.</summary>
    public required double IsMean { get; init; }

    /// <summary>Signal days in the out-of-sample part (the range's days after the in-sample share).</summary>
    public required int OosN { get; init; }

    /// <summary>Win rate of the out-of-sample signal days (fraction); NaN without one.</summary>
    public required double OosWinRate { get; init; }

    /// <summary>Mean forward return of the out-of-sample signal days (fraction); NaN without one.</summary>
    public required double OosMean { get; init; }

    /// <summary>Baseline win rate over the out-of-sample days only (fraction).</summary>
    public required double OosBaselineWinRate { get; init; }

    /// <summary>The win rate the rule is quoted with at this horizon (fraction; a bearish rule's is its share of falling days); null when it quotes none.</summary>
    public required double? ClaimedWinRate { get; init; }

    /// <summary>The mean return the rule is quoted with at this horizon (fraction; a bearish rule's is the mean fall); null when it quotes none.</summary>
    public required double? ClaimedMean { get; init; }

    /// <summary>The edge verdict; null at a horizon the rule makes no claim about (shown as information only).</summary>
    public EdgeVerdict? Verdict { get; init; }

    /// <summary>Why the edge verdict is what it is, in one sentence ("" without a verdict).</summary>
    public string VerdictReason { get; init; } = "";

    /// <summary>The claim verdict; null at a horizon the rule makes no claim about.</summary>
    public ClaimVerdict? ClaimVerdict { get; init; }

    /// <summary>Why the claim verdict is what it is, in one sentence.</summary>
    public string ClaimReason { get; init; } = "";

    /// <summary>
    /// The dark-pool facility set the rule was measured on (rules reading dp_ratio only, else null): days of other sets
    /// count as unavailable (<see cref="Panel.DarkPoolSets"/>).
    /// </summary>
    public string? DpSet { get; init; }

    /// <summary>True at the rule's claimed horizon(s), where the two verdicts are given.</summary>
    public required bool Judged { get; init; }
}
