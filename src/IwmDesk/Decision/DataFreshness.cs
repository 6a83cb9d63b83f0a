using IwmDesk.Data;
using IwmDesk.Panel;
using IwmDesk.Text;

namespace IwmDesk.Decision;

/// <summary>
/// The market clock: which trading day is the last one whose close is in, in America/New_York. A trading day counts as
/// completed from <see cref="CloseHour"/>:00 New York time (16:00; on the exchange's half days the bar is usually in
/// earlier, so the rule never warns too early). Weekends and NYSE holidays come from <see cref="TradingCalendar"/>.
/// </summary>
public static class MarketClock
{
    /// <summary>Hour (New York time) from which the day's bar counts as completed.</summary>
    public const int CloseHour = 16;

    private static readonly Lazy<TimeZoneInfo> NewYorkZone = new(() => TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

    /// <summary>America/New_York.</summary>
    public static TimeZoneInfo NewYork => NewYorkZone.Value;

    /// <summary>The time in New York at <paramref name="now"/>.</summary>
    public static DateTime NewYorkTime(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, NewYork).DateTime;

    /// <summary>The last trading day whose close has passed at <paramref name="now"/>. O(days back to it).</summary>
    public static DateOnly LastCompletedTradingDay(DateTimeOffset now)
    {
        var local = NewYorkTime(now);
        var today = DateOnly.FromDateTime(local);
        return TradingCalendar.IsTradingDay(today) && local.Hour >= CloseHour ? today : TradingCalendar.Previous(today);
    }
}

/// <summary>
/// The freshness of the store at a moment: the newest IWM bar against the last completed trading day, and each input
/// series against the as-of date (docs/decision.md).
/// </summary>
public sealed record DataFreshness
{
    /// <summary>When the check ran (the injected clock).</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>The last trading day whose close has passed at <see cref="CheckedAt"/> (New York).</summary>
    public required DateOnly LastCompletedTradingDay { get; init; }

    /// <summary>The newest IWM bar in the store; null when there is none.</summary>
    public required DateOnly? NewestBar { get; init; }

    /// <summary>Trading days the newest bar is behind <see cref="LastCompletedTradingDay"/> (0 = up to date).</summary>
    public required int TradingDaysBehind { get; init; }

    /// <summary>Each input's status on the as-of date, IWM first.</summary>
    public required IReadOnlyList<SeriesFreshness> Inputs { get; init; }

    /// <summary>True when the newest IWM bar is older than the last completed trading day.</summary>
    public bool IsStale => TradingDaysBehind > 0;

    /// <summary>The one-line warning every command prints when the store is stale; null when it is current.</summary>
    public string? Warning => !IsStale ? null : NewestBar is null
        ? "warning: the store has no IWM bars: run `iwmdesk data fetch` (or import IWM)"
        : string.Create(Fmt.Inv,
            $"warning: data is stale: the newest IWM bar is {Fmt.D(NewestBar.Value)}, {TradingDaysBehind} trading day{(TradingDaysBehind == 1 ? "" : "s")} behind the last completed trading day {Fmt.D(LastCompletedTradingDay)} (New York): run `iwmdesk data fetch`");

    /// <summary>"IWM through 2026-05-01, current" or "IWM through 2026-05-01: 149 trading days behind 2026-12-02 — run `iwmdesk data fetch`".</summary>
    public string Headline => NewestBar is null ? "no IWM bars: run `iwmdesk data fetch`"
        : !IsStale ? string.Create(Fmt.Inv, $"IWM through {Fmt.D(NewestBar.Value)}, current (last completed trading day {Fmt.D(LastCompletedTradingDay)})")
        : string.Create(Fmt.Inv, $"IWM through {Fmt.D(NewestBar.Value)}: {TradingDaysBehind} trading day{(TradingDaysBehind == 1 ? "" : "s")} behind {Fmt.D(LastCompletedTradingDay)} — run `iwmdesk data fetch`");
}

/// <summary>Computes <see cref="DataFreshness"/> and the staleness reason of a panel column.</summary>
public static class FreshnessCheck
{
    /// <summary>
    /// The freshness at <paramref name="clock"/>'s now of a store whose panel is <paramref name="panel"/>, with input
    /// statuses on <paramref name="asOf"/> (default: the newest bar). A series is stale when its last value is more
    /// than <paramref name="maxStalenessDays"/> calendar days old — the panel's own carry-forward limit, so "stale" here
    /// means exactly "missing in the panel".
    /// </summary>
    public static DataFreshness Check(FeaturePanel panel, TimeProvider clock, DateOnly? asOf = null, int maxStalenessDays = 10)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var completed = MarketClock.LastCompletedTradingDay(now);
        DateOnly? newest = panel.Count == 0 ? null : panel.Dates[^1];
        var behind = newest is { } n ? TradingCalendar.CountBetween(n, completed) : 1;
        var inputs = new List<SeriesFreshness>();
        if (newest is not null)
        {
            var d = asOf ?? newest.Value;
            var last = panel.LastDatesOnOrBefore(d);
            // Only series with a value on or before the date: a series that starts later did not exist for the date.
            foreach (var series in last.Keys.OrderBy(k => k == "IWM" ? 0 : 1).ThenBy(k => InputFreshness.Label(k), StringComparer.Ordinal))
                inputs.Add(InputFreshness.Series(series, last[series], d, maxStalenessDays));
        }

        return new DataFreshness { CheckedAt = now, LastCompletedTradingDay = completed, NewestBar = newest, TradingDaysBehind = behind, Inputs = inputs };
    }

}
