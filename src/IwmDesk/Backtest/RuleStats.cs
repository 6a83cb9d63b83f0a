using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>Verdicts on a rule's claimed figures.</summary>
public static class Verdicts
{
    /// <summary>Enough cases; every claimed figure lies inside (or below) its 95% interval; the edge points the claimed way.</summary>
    public const string Supported = "supported";

    /// <summary>Enough cases, but a claimed figure is above its 95% interval or the measured edge points the other way.</summary>
    public const string NotSupported = "not supported";

    /// <summary>Fewer than <see cref="BacktestOptions.MinCases"/> signal days or <see cref="BacktestOptions.MinEpisodes"/> episodes.</summary>
    public const string TooFewCases = "too few cases";
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

    public required double Lift { get; init; }

    public required int IsN { get; init; }

    public required double IsWinRate { get; init; }

    public required double IsMean { get; init; }

    public required int OosN { get; init; }

    public required double OosWinRate { get; init; }

    public required double OosMean { get; init; }

    public required double OosBaselineWinRate { get; init; }

    public required double? ClaimedWinRate { get; init; }

    public required double? ClaimedMean { get; init; }

    public required string Verdict { get; init; }

    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public required string VerdictReason { get; init; }
}
