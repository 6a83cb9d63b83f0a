using System.Text.Json.Serialization;

namespace IwmDesk.Claims;

/// <summary>What the data say of a quoted claim (docs/methodology.md, "Claims audit").</summary>
public enum ClaimStatus
{
    /// <summary>The measured figure (with its interval where it has one) agrees with the claim.</summary>
    [JsonStringEnumMemberName("supported")]
    Supported,

    /// <summary>The measured figure contradicts the claim.</summary>
    [JsonStringEnumMemberName("not_supported")]
    NotSupported,

    /// <summary>Measured, but the interval is too wide (or the sample too small) to say either way.</summary>
    [JsonStringEnumMemberName("unclear")]
    Unclear,

    /// <summary>The store lacks the data that would test it (<see cref="ClaimCheck.DataNeeded"/> says which).</summary>
    [JsonStringEnumMemberName("untestable")]
    Untestable,
}

/// <summary>One quantitative statement of the source material, checked against the data.</summary>
public sealed record ClaimCheck
{
    /// <summary>Stable identifier (snake_case), e.g. <c>iwm_spy_gap_2023</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The statement as the source material makes it.</summary>
    public required string Claim { get; init; }

    /// <summary>The quoted figure, e.g. "more than 15 pp".</summary>
    public required string Claimed { get; init; }

    /// <summary>The measured figure in words ("" when untestable).</summary>
    public required string Measured { get; init; }

    /// <summary>The headline measured number (a fraction, a correlation or a count); null when untestable.</summary>
    public double? Value { get; init; }

    /// <summary>Sample size behind <see cref="Value"/> (days, names, signal days); null when untestable.</summary>
    public int? N { get; init; }

    /// <summary>The period measured (first..last date), or the as-of date of a snapshot.</summary>
    public required string Period { get; init; }

    /// <summary>Where the figure comes from (series, files, the backtest).</summary>
    public required string Source { get; init; }

    /// <summary>The verdict.</summary>
    public required ClaimStatus Verdict { get; init; }

    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public required string Reason { get; init; }

    /// <summary>For an untestable claim: the data that would test it; else null.</summary>
    public string? DataNeeded { get; init; }
}

/// <summary>Every claim of the audit, in a fixed order, and what they were measured on.</summary>
/// <param name="DataSource">"real" or "sample".</param>
/// <param name="LastDate">The panel's last date: nothing after it is used.</param>
/// <param name="Claims">The checks, in the order of docs/methodology.md.</param>
public sealed record ClaimsAudit(Data.DataOrigin DataSource, DateOnly? LastDate, IReadOnlyList<ClaimCheck> Claims)
{
    /// <summary>How many claims have each verdict, in the enum's order (e.g. "2 supported, 5 not supported, ...").</summary>
    public string Tally() =>
        string.Join(", ", Enum.GetValues<ClaimStatus>().Select(s => $"{Claims.Count(c => c.Verdict == s)} {ClaimsRenderer.Text(s)}"));
}
