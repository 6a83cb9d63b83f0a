using System.Globalization;
using System.Text;
using IwmDesk.Data;
using IwmDesk.Text;

namespace IwmDesk.Analysts;

/// <summary>One FOMC policy decision of the shipped table.</summary>
/// <param name="Date">The day the statement is released (the second day of a two-day meeting).</param>
/// <param name="Kind">scheduled, unscheduled (the 2020 emergency cuts) or tentative (a schedule the Fed may still change).</param>
public sealed record FomcDecision(DateOnly Date, string Kind);

/// <summary>The shipped table of FOMC decision dates (embedded <c>Analysts/Data/fomc-decisions.csv</c>; its header says its sources).</summary>
public static class FomcCalendar
{
    /// <summary>The date the table was compiled: dates after its last row are unknown to the desk.</summary>
    public static readonly DateOnly CompiledAsOf = new(2026, 12, 4);

    private static readonly Lazy<IReadOnlyList<FomcDecision>> All = new(() =>
    {
        using var stream = typeof(FomcCalendar).Assembly.GetManifestResourceStream("IwmDesk.fomc-decisions.csv")
            ?? throw new InvalidOperationException("FOMC table resource missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), "fomc-decisions.csv");
    });

    /// <summary>The decisions, in date order.</summary>
    public static IReadOnlyList<FomcDecision> Decisions => All.Value;

    /// <summary>The first decision strictly after <paramref name="date"/>; null past the table's end.</summary>
    public static FomcDecision? NextAfter(DateOnly date)
    {
        foreach (var d in All.Value)
        {
            if (d.Date > date)
                return d;
        }

        return null;
    }

    /// <summary>
    /// Parses the table: <c>#</c> comment lines, a <c>date,kind</c> header, then ISO dates in increasing order with a
    /// kind of scheduled, unscheduled or tentative. A bad line throws naming the file and the line.
    /// </summary>
    public static IReadOnlyList<FomcDecision> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<FomcDecision>();
        var header = false;
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (!header)
            {
                if (!string.Equals(line, "date,kind", StringComparison.Ordinal))
                    throw new DataFormatException(file, lineNo, "expected the header date,kind");
                header = true;
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new DataFormatException(file, lineNo, "expected date,kind with an ISO date (yyyy-MM-dd)");
            if (parts[1] is not ("scheduled" or "unscheduled" or "tentative"))
                throw new DataFormatException(file, lineNo, $"kind must be scheduled, unscheduled or tentative (got '{parts[1]}')");
            if (list.Count > 0 && date <= list[^1].Date)
                throw new DataFormatException(file, lineNo, $"dates must increase ({parts[0]} follows {list[^1].Date:yyyy-MM-dd})");
            list.Add(new FomcDecision(date, parts[1]));
        }

        if (list.Count == 0)
            throw new DataFormatException(file, lineNo, "no FOMC dates");
        return list;
    }
}

/// <summary>An event still ahead after the close of a day.</summary>
/// <param name="Name">monthly opex, quarterly opex, Russell reconstitution or FOMC decision.</param>
/// <param name="Date">Its date; null when the desk does not know it (past the FOMC table's end).</param>
/// <param name="TradingDaysAway">NYSE trading days from the day to the event (1 = the next session); -1 without a date.</param>
/// <param name="Note">What else to know (tentative FOMC date, the December reconstitution rule), or "".</param>
public sealed record UpcomingEvent(string Name, DateOnly? Date, int TradingDaysAway, string Note)
{
    /// <summary>"monthly opex 2026-12-18 (10 trading days)", or why it is unknown.</summary>
    public string Text
    {
        get
        {
            if (Date is not { } d)
                return $"{Name}: n/a ({Note})";
            var days = TradingDaysAway == 1 ? "1 trading day" : string.Create(CultureInfo.InvariantCulture, $"{TradingDaysAway} trading days");
            return $"{Name} {Fmt.D(d)} ({days}{(Note.Length > 0 ? "; " + Note : "")})";
        }
    }
}

/// <summary>
/// The next dated events after the close of a day (docs/workflow.md, step 1): the monthly and quarterly option
/// expirations and the Russell reconstitution (<see cref="EventCalendar"/>), and the FOMC's next decision
/// (<see cref="FomcCalendar"/>). Known in advance, so no look-ahead.
/// </summary>
public static class EventCatalysts
{
    /// <summary>The monthly options expiration: the third Friday, or the trading day before when it is a holiday.</summary>
    public const string MonthlyOpex = "monthly opex";

    /// <summary>The quarterly expiration: the March, June, September and December monthly opex.</summary>
    public const string QuarterlyOpex = "quarterly opex";

    /// <summary>The Russell reconstitution (effective after the close; the rule and its source in docs/methodology.md).</summary>
    public const string Reconstitution = "Russell reconstitution";

    /// <summary>The next scheduled FOMC statement day of the shipped, dated table (Analysts/Data/fomc-decisions.csv).</summary>
    public const string Fomc = "FOMC decision";

    /// <summary>The four events strictly after <paramref name="date"/> (an event on the day itself is past by its close).</summary>
    public static IReadOnlyList<UpcomingEvent> After(DateOnly date)
    {
        var from = date.AddDays(1);
        UpcomingEvent Event(string name, DateOnly d, string note = "") => new(name, d, TradingCalendar.CountBetween(date, d), note);
        var recon = EventCalendar.NextReconstitution(from);
        var fomc = FomcCalendar.NextAfter(date);
        return
        [
            Event(MonthlyOpex, EventCalendar.NextMonthlyOpex(from)),
            Event(QuarterlyOpex, EventCalendar.NextQuarterlyOpex(from)),
            Event(Reconstitution, recon, recon.Month == 12 ? "the semi-annual December reconstitution: date by the desk's rule, check FTSE Russell's schedule" : ""),
            fomc is null
                ? new UpcomingEvent(Fomc, null, -1, string.Create(CultureInfo.InvariantCulture, $"the shipped FOMC table ends {Fmt.D(FomcCalendar.Decisions[^1].Date)}"))
                : Event(Fomc, fomc.Date, fomc.Kind == "tentative" ? "tentative schedule" : ""),
        ];
    }
}
