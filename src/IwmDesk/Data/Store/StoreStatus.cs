namespace IwmDesk.Data.Store;

/// <summary>One series in the status report.</summary>
/// <param name="Name">Series name.</param>
/// <param name="Origin">Real or sample.</param>
/// <param name="First">First date.</param>
/// <param name="Last">Last date.</param>
/// <param name="Rows">Rows held.</param>
/// <param name="Gaps">
/// NYSE trading days between <paramref name="First"/> and <paramref name="Last"/> (from 1990 on, where the calendar
/// starts) that the series lacks. Rows on non-NYSE days (CBOE, ICE and FRED publish on some equity holidays) neither
/// add nor remove gaps; a bond-market holiday that is an NYSE trading day counts as a gap.
/// </param>
/// <param name="LagBehindIwm">
/// NYSE trading days from this series' last date to IWM's last date: positive when behind IWM, negative when ahead,
/// null when the store has no IWM series.
/// </param>
public sealed record SeriesStatus(string Name, DataOrigin Origin, DateOnly First, DateOnly Last, int Rows, int Gaps, int? LagBehindIwm);

/// <summary>Option-chain snapshots of one underlying.</summary>
/// <param name="Underlying">Underlying symbol.</param>
/// <param name="Snapshots">Number of snapshots.</param>
/// <param name="First">First as-of date.</param>
/// <param name="Last">Last as-of date.</param>
/// <param name="Contracts">Contracts over all snapshots.</param>
/// <param name="Days">Distinct as-of dates (a day can hold several snapshots; one of them is used).</param>
public sealed record ChainGroupStatus(string Underlying, int Snapshots, DateOnly First, DateOnly Last, int Contracts, int Days = 0)
{
    /// <summary>For each day with several snapshots: which one is used and which are kept beside it.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];
}

/// <summary>What the store holds and where it lives: the data behind <c>iwmdesk data status</c>.</summary>
/// <param name="Location">Where the store lives and why.</param>
/// <param name="SchemaVersion">Schema version of the store.</param>
/// <param name="IsEmpty">True when no market data is stored.</param>
/// <param name="HoldsSample">True when the store holds the bundled sample (never mixed with real rows).</param>
/// <param name="Series">Daily series by name.</param>
/// <param name="Chains">Option-chain snapshots by underlying.</param>
/// <param name="ShortVolume">FINRA short-volume summary.</param>
/// <param name="Revisions">Earnings-revisions summary.</param>
public sealed record StoreStatus(
    StoreLocation Location,
    int SchemaVersion,
    bool IsEmpty,
    bool HoldsSample,
    IReadOnlyList<SeriesStatus> Series,
    IReadOnlyList<ChainGroupStatus> Chains,
    ShortVolumeSummary ShortVolume,
    RevisionsSummary Revisions)
{
    /// <summary>The holdings snapshots, per fund (empty when none).</summary>
    public IReadOnlyList<HoldingsStatus> Holdings { get; init; } = [];

    /// <summary>The earnings-calendar (consensus) snapshots stored.</summary>
    public ConsensusSummary Consensus { get; init; } = new(0, 0, 0, null, null);

    /// <summary>The series lags are measured against.</summary>
    public const string ReferenceSeries = "IWM";

    /// <summary>First date the NYSE calendar covers; gaps are not counted before it.</summary>
    public static readonly DateOnly CalendarStart = new(1990, 1, 1);

    /// <summary>Builds the status of <paramref name="store"/>.</summary>
    public static StoreStatus Build(MarketStore store, StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(location);
        var infos = store.ListSeries();
        var iwm = infos.FirstOrDefault(s => string.Equals(s.Name, ReferenceSeries, StringComparison.Ordinal));
        var series = new List<SeriesStatus>(infos.Count);
        foreach (var info in infos)
        {
            int? lag = iwm is null
                ? null
                : info.Last <= iwm.Last ? TradingCalendar.CountBetween(info.Last, iwm.Last) : -TradingCalendar.CountBetween(iwm.Last, info.Last);
            series.Add(new SeriesStatus(info.Name, info.Origin, info.First, info.Last, info.Rows, CountGaps(store.LoadDates(info.Name)), lag));
        }

        var chains = store.ListSnapshots()
            .GroupBy(c => c.Underlying, StringComparer.Ordinal)
            .Select(g => new ChainGroupStatus(g.Key, g.Count(), g.Min(c => c.AsOf), g.Max(c => c.AsOf), g.Sum(c => c.Contracts), g.Select(c => c.AsOf).Distinct().Count())
            {
                Choices = [.. g.GroupBy(c => c.AsOf).Where(d => d.Count() > 1).Select(Choice)],
            })
            .ToList();
        return new StoreStatus(location, store.SchemaVersion, store.IsEmpty, store.HasSample, series, chains,
            store.SummarizeShortVolume(), store.SummarizeRevisions())
        {
            Holdings = store.SummarizeHoldings(),
            Consensus = store.SummarizeConsensus(),
        };
    }

    /// <summary>NYSE trading days in [first, last] (from <see cref="CalendarStart"/> on) missing from sorted <paramref name="dates"/>.</summary>
    public static int CountGaps(ReadOnlySpan<DateOnly> dates)
    {
        if (dates.IsEmpty)
            return 0;
        var last = dates[^1];
        var start = dates[0] < CalendarStart ? CalendarStart : dates[0];
        if (start > last)
            return 0;
        var expected = TradingCalendar.CountBetween(start.AddDays(-1), last);
        var present = 0;
        foreach (var d in dates)
        {
            if (d >= start && TradingCalendar.IsTradingDay(d))
                present++;
        }

        return expected - present;
    }

    private static string Choice(IGrouping<DateOnly, ChainInfo> day)
    {
        static string Name(ChainInfo c) => c.Source + (c.SnapshotTime is { } t ? " " + t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "");
        var used = day.First(c => c.Selected);
        var others = string.Join(", ", day.Where(c => !c.Selected).Select(Name));
        return $"{day.Key:yyyy-MM-dd}: {day.Count()} snapshots; uses {Name(used)} (nearest the 16:00 close); also kept: {others}";
    }
}
