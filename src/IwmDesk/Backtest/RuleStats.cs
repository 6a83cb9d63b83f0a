using System.Text.Json.Serialization;

namespace IwmDesk.Backtest;

/// <summary>
/// Does the rule beat the baseline? Judged only at the rule's claimed horizon(s) (docs/backtest.md): <c>edge</c> when the
/// robust (block-bootstrap) lift interval lies above 0 and the Holm-adjusted p-value over every edge verdict of the run
/// is below 0.05; <c>no edge</c> when the interval lies below 0 or the point lift is ≤ 0; <c>unclear</c> otherwise.
/// </summary>
public enum EdgeVerdict
{
    [JsonStringEnumMemberName("edge")]
    Edge,

    [JsonStringEnumMemberName("unclear")]
    Unclear,

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

    public static string Text(this ClaimVerdict v) => v switch
    {
        ClaimVerdict.Holds => "holds",
        ClaimVerdict.Overstated => "overstated",
        ClaimVerdict.Understated => "understated",
        ClaimVerdict.NoClaim => "no claim",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    public static string Text(this ClaimVerdict? v) => v is { } x ? x.Text() : "";

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
    public required string Signal { get; init; }

    public required int Tier { get; init; }

    public required int Horizon { get; init; }

    public required string Condition { get; init; }

    public required string Direction { get; init; }

    /// <summary>Signal days with a closed forward window.</summary>
    public required int N { get; init; }

    /// <summary>Runs of consecutive signal days, each counted once.</summary>
    public required int Episodes { get; init; }

    /// <summary>Days in the range the rule could not be evaluated (an input missing).</summary>
    public required int Unavailable { get; init; }

    public required double WinRate { get; init; }

    public required double Mean { get; init; }

    public required double Median { get; init; }

    public required double Std { get; init; }

    public required double CiLow { get; init; }

    public required double CiHigh { get; init; }

    public required double TStat { get; init; }

    public required double BaselineWinRate { get; init; }

    public required double BaselineMean { get; init; }

    public required int BaselineN { get; init; }

    /// <summary>Win rate − baseline win rate, in the rule's direction (a bearish rule's lift is baseline − win rate).</summary>
    public required double Lift { get; init; }

    /// <summary>Effective sample size of the win rate: n² p(1 − p) / its Newey–West long-run variance sum, capped at n.</summary>
    public required double NEff { get; init; }

    /// <summary>Block-bootstrap 95% interval of the win rate.</summary>
    public required double WinCiLowRobust { get; init; }

    public required double WinCiHighRobust { get; init; }

    /// <summary>Block-bootstrap 95% interval of the mean return.</summary>
    public required double MeanCiLowRobust { get; init; }

    public required double MeanCiHighRobust { get; init; }

    /// <summary>Block-bootstrap 95% interval of the lift (in the rule's direction).</summary>
    public required double LiftCiLow { get; init; }

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

    public required double WinRateNonoverlap { get; init; }

    public required double MeanNonoverlap { get; init; }

    /// <summary>How the signal was entered.</summary>
    public required EntryTiming Entry { get; init; }

    public required int IsN { get; init; }

    public required double IsWinRate { get; init; }

    public required double IsMean { get; init; }

    public required int OosN { get; init; }

    public required double OosWinRate { get; init; }

    public required double OosMean { get; init; }

    public required double OosBaselineWinRate { get; init; }

    public required double? ClaimedWinRate { get; init; }

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
