namespace IwmDesk.Data.Sample;

/// <summary>
/// What to generate. The defaults (seed, a fixed end date, seven years) give the bundled sample; the output depends
/// only on these values, never on today's date, so the same options give a bit-identical data set.
/// </summary>
public sealed record SampleOptions
{
    /// <summary>The default seed of the bundled sample.</summary>
    public const ulong DefaultSeed = 20_261_030UL;

    /// <summary>The default number of years of history.</summary>
    public const int DefaultYears = 7;

    /// <summary>The smallest and largest supported number of years.</summary>
    public const int MinYears = 1, MaxYears = 30;

    /// <summary>The default last date of the sample (a Friday, a trading day).</summary>
    public static readonly DateOnly DefaultEndDate = new(2026, 10, 30);

    /// <summary>The seed: the same seed and dates give the same data set, bit for bit.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>The last calendar date to cover; the sample ends on the last NYSE trading day on or before it.</summary>
    public DateOnly EndDate { get; init; } = DefaultEndDate;

    /// <summary>Years of history before <see cref="EndDate"/> (<see cref="MinYears"/>..<see cref="MaxYears"/>).</summary>
    public int Years { get; init; } = DefaultYears;
}
