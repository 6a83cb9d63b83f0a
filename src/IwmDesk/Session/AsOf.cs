using System.Text.Json.Nodes;
using IwmDesk.Data;
using IwmDesk.Text;

namespace IwmDesk.Session;

/// <summary>
/// The as-of rule's answer for one requested date: the trading day every command, the report, the dashboard and the
/// journal use for it (docs/architecture.md, "As-of rule").
/// </summary>
/// <param name="Requested">The date that was asked for.</param>
/// <param name="Date">The trading day with an IWM bar that answers it: <paramref name="Requested"/> itself when it has a bar.</param>
/// <param name="Notice">One line saying why <paramref name="Date"/> differs from <paramref name="Requested"/>; null when they are the same.</param>
public sealed record AsOf(DateOnly Requested, DateOnly Date, string? Notice)
{
    /// <summary>True when the requested date was not itself a day with data and an earlier trading day answers it.</summary>
    public bool Moved => Date != Requested;

    /// <summary>
    /// The rule. <paramref name="bars"/> are the store's IWM dates, ascending. A requested date with a bar is used as
    /// it is. A date inside the store's range without one (a weekend, an NYSE holiday or closure, or a weekday missing
    /// from the store) resolves to the last earlier date with a bar, with a notice naming why
    /// ("2025-09-06 is a Saturday: using Friday 2025-09-05"). A date before the first bar is refused with a user error
    /// naming the store's range, and so is one after the last bar with an NYSE trading day in between (the store lacks
    /// that day's data); the closed days right after the last bar (the weekend after Friday's bar) resolve to it.
    /// </summary>
    /// <param name="bars">The days with data, ascending.</param>
    /// <param name="requested">The date asked for.</param>
    /// <param name="noun">What one day of data is, in the messages ("IWM bar"; "IWM chain" for <c>gex</c>'s chain days).</param>
    /// <param name="holds">What the store holds, in the range message ("IWM"; "IWM chains").</param>
    /// <exception cref="IwmDeskException">No days with data, or the date lies outside them.</exception>
    public static AsOf Resolve(IReadOnlyList<DateOnly> bars, DateOnly requested, string noun = "IWM bar", string holds = "IWM")
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (bars.Count == 0)
            throw new IwmDeskException("no IWM data in the store: import IWM first (iwmdesk data import IWM_daily.csv)");
        var first = bars[0];
        var last = bars[^1];
        if (requested < first)
            throw new IwmDeskException($"{D(requested)} is before the store's first {noun}: the store holds {holds} from {D(first)} to {D(last)}");
        if (requested > last && TradingCalendar.CountBetween(last, requested) > 0)
            throw new IwmDeskException($"{D(requested)} is after the store's last {noun}: the store holds {holds} from {D(first)} to {D(last)} (fetch or import newer data)");
        var i = BinarySearch(bars, requested);
        if (i >= 0)
            return new AsOf(requested, requested, null);
        var date = bars[~i - 1]; // the last bar before it: exists, since requested > first (the last bar, for a closed day after it)
        var reason = TradingCalendar.ClosedReason(requested);
        var notice = reason switch
        {
            null => $"{D(requested)} has no {noun} in the store: using {D(date)}",
            _ when requested.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday => $"{D(requested)} is {reason}: using {date.DayOfWeek} {D(date)}",
            _ => $"{D(requested)} is {reason} (NYSE closed): using {D(date)}",
        };
        return new AsOf(requested, date, notice);
    }

    /// <summary>
    /// <paramref name="json"/> (an object) with <c>requested_date</c> and <c>notice</c> as its first keys when the date
    /// moved (an existing <c>requested_date</c> key, as the decision's, moves there); unchanged otherwise, so the JSON of
    /// a trading day stays as it was.
    /// </summary>
    public static string Annotate(string json, AsOf? asOf)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (asOf is not { Moved: true })
            return json;
        var rest = JsonNode.Parse(json)!.AsObject();
        var o = new JsonObject { ["requested_date"] = D(asOf.Requested), ["notice"] = asOf.Notice };
        foreach (var (k, v) in rest.ToList())
        {
            rest.Remove(k);
            if (k is not ("requested_date" or "notice"))
                o[k] = v;
        }

        return o.ToJsonString(JsonOutput.Options);
    }

    private static int BinarySearch(IReadOnlyList<DateOnly> bars, DateOnly d)
    {
        int lo = 0, hi = bars.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = bars[mid].CompareTo(d);
            if (c == 0)
                return mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }

        return ~lo;
    }

    private static string D(DateOnly d) => Fmt.D(d);
}
