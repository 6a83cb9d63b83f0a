using IwmDesk.Decision;

namespace IwmDesk.Testing;

/// <summary>Fixed clocks for outputs that say how fresh the data is (docs/decision.md), so snapshots do not age.</summary>
internal static class TestClock
{
    /// <summary>Friday 2026-10-30, 17:30 in New York: the sample's last bar is the last completed trading day.</summary>
    public static readonly FixedClock SampleClose = new(new DateTimeOffset(2026, 10, 30, 21, 30, 0, TimeSpan.Zero));
}
