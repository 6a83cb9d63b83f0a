namespace IwmDesk.Data.Store;

/// <summary>A daily series in the store: its name, date range, row count and origin.</summary>
/// <param name="Name">Series name, e.g. IWM, VIX, DGS10, SPX_GEX.</param>
/// <param name="First">First date held.</param>
/// <param name="Last">Last date held.</param>
/// <param name="Rows">Number of dates held.</param>
/// <param name="Origin">Real or sample (a store never mixes the two).</param>
public sealed record SeriesInfo(string Name, DateOnly First, DateOnly Last, int Rows, DataOrigin Origin);

/// <summary>An option-chain snapshot header: underlying, as-of date, spot, the format it came from and its size.</summary>
/// <param name="Underlying">Underlying symbol.</param>
/// <param name="AsOf">Snapshot date.</param>
/// <param name="Spot">Underlying price in the snapshot.</param>
/// <param name="SourceFormat">Format id of the imported file (e.g. <c>chain-csv</c>, <c>cboe-quotedata</c>, <c>cboe-json</c>).</param>
/// <param name="Origin">Real or sample.</param>
/// <param name="Contracts">Number of contracts.</param>
/// <param name="Source">Where the snapshot came from (the file name, or the format id for older stores); with the
/// underlying and date it identifies the snapshot.</param>
/// <param name="SnapshotTime">Time of day (ET) the snapshot was taken; null when the source does not say (an end-of-day file).</param>
/// <param name="Selected">True for the snapshot of the day that the panel, gex and the report use.</param>
public sealed record ChainInfo(
    string Underlying,
    DateOnly AsOf,
    double Spot,
    string SourceFormat,
    DataOrigin Origin,
    int Contracts,
    string? Source = null,
    TimeOnly? SnapshotTime = null,
    bool Selected = true);

/// <summary>What the short-volume table holds.</summary>
/// <param name="Rows">Rows (date, symbol, facility).</param>
/// <param name="Symbols">Distinct symbols.</param>
/// <param name="Dates">Distinct dates.</param>
/// <param name="First">First date, null when empty.</param>
/// <param name="Last">Last date, null when empty.</param>
/// <param name="Facilities">Rows per facility (CNMS, FNSQ, FNYX, FNQC, ...).</param>
public sealed record ShortVolumeSummary(
    int Rows, int Symbols, int Dates, DateOnly? First, DateOnly? Last, IReadOnlyDictionary<string, int> Facilities);

/// <summary>What the earnings-revisions table holds.</summary>
/// <param name="Rows">Rows (date, sector).</param>
/// <param name="Sectors">Distinct sectors.</param>
/// <param name="First">First date, null when empty.</param>
/// <param name="Last">Last date, null when empty.</param>
public sealed record RevisionsSummary(int Rows, int Sectors, DateOnly? First, DateOnly? Last);

/// <summary>What the consensus-estimates table holds (earnings-calendar snapshots).</summary>
/// <param name="Snapshots">Snapshot dates stored.</param>
/// <param name="Rows">Estimate rows.</param>
/// <param name="Symbols">Distinct symbols.</param>
/// <param name="First">First snapshot date, null when empty.</param>
/// <param name="Last">Last snapshot date, null when empty.</param>
public sealed record ConsensusSummary(int Snapshots, int Rows, int Symbols, DateOnly? First, DateOnly? Last);

/// <summary>The holdings snapshots of one fund in the store.</summary>
/// <param name="Fund">The fund, e.g. IWM.</param>
/// <param name="Snapshots">Stored snapshots (one per as-of date).</param>
/// <param name="First">First as-of date.</param>
/// <param name="Last">Last as-of date.</param>
/// <param name="LastEquities">Equity rows of the last snapshot.</param>
/// <param name="LastOther">Other rows (cash, money market, futures) of the last snapshot.</param>
public sealed record HoldingsStatus(string Fund, int Snapshots, DateOnly First, DateOnly Last, int LastEquities, int LastOther);

/// <summary>How replacing an option-chain snapshot changed the store.</summary>
/// <param name="Contracts">Contracts added / updated / unchanged.</param>
/// <param name="Removed">Contracts the store held for this (underlying, as-of) that the new snapshot lacks, deleted.</param>
/// <param name="HeaderChanged">True when the snapshot row itself was added or its spot, source format or origin changed.</param>
/// <param name="Source">The source the snapshot was stored under.</param>
/// <param name="SnapshotsThatDay">How many snapshots of this underlying and day the store now holds.</param>
/// <param name="SelectedSource">The source of the day's selected snapshot (the one nearest the close).</param>
public readonly record struct ChainUpsertResult(UpsertCounts Contracts, int Removed, bool HeaderChanged, string Source = "", int SnapshotsThatDay = 1, string SelectedSource = "");

/// <summary>
/// A daily series loaded column by column for the feature panel: one array per field, in date order, NaN where the
/// store holds NULL.
/// </summary>
public sealed class SeriesColumns
{
    /// <summary>Creates the columns; all arrays must have the same length.</summary>
    public SeriesColumns(string name, DateOnly[] dates, double[] open, double[] high, double[] low, double[] close, double[] adjClose, double[] volume)
    {
        var n = dates.Length;
        if (open.Length != n || high.Length != n || low.Length != n || close.Length != n || adjClose.Length != n || volume.Length != n)
            throw new ArgumentOutOfRangeException(nameof(dates), "all columns must have the same length");
        (Name, Dates, Open, High, Low, Close, AdjClose, Volume) = (name, dates, open, high, low, close, adjClose, volume);
    }

    /// <summary>Series name.</summary>
    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Dates.Length;

    /// <summary>Dates, strictly increasing.</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Open prices (NaN where absent).</summary>
    public double[] Open { get; }

    /// <summary>High prices (NaN where absent).</summary>
    public double[] High { get; }

    /// <summary>Low prices (NaN where absent).</summary>
    public double[] Low { get; }

    /// <summary>Close, or the value of a single-value series.</summary>
    public double[] Close { get; }

    /// <summary>Dividend- and split-adjusted close (NaN where the source has none).</summary>
    public double[] AdjClose { get; }

    /// <summary>Volume (NaN where absent).</summary>
    public double[] Volume { get; }

    /// <summary>Row <paramref name="i"/> as a bar.</summary>
    public DailyBar this[int i] => new(Dates[i], Open[i], High[i], Low[i], Close[i], AdjClose[i], Volume[i]);
}
