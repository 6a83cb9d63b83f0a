using System.Globalization;

namespace IwmDesk.Decision;

/// <summary>A clock stopped at one instant: for tests, and for reproducible runs (<c>IWMDESK_NOW</c>, docs/decision.md).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>The instant this clock always reads.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    /// <summary>
    /// Parses an ISO 8601 instant ("2026-12-03T15:00:00-05:00", "2026-12-03T20:00:00Z"); a bare date means 12:00 UTC of
    /// that day. Throws a user error naming <paramref name="source"/> otherwise.
    /// </summary>
    public static FixedClock Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return new FixedClock(new DateTimeOffset(d.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return new FixedClock(t);
        throw new IwmDeskException($"{source}: '{text}' is not an ISO 8601 time (e.g. 2026-12-03T15:00:00-05:00)");
    }
}
