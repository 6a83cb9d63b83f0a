namespace IwmDesk.Data.Sample;

/// <summary>One generated daily series: its name, what it is, and one bar per sample trading day.</summary>
/// <param name="Symbol">The series name (see <see cref="SampleSymbols"/>).</param>
/// <param name="Description">What the series stands for, with its unit.</param>
/// <param name="Bars">One bar per trading day, in date order.</param>
public sealed record SampleSeries(string Symbol, string Description, IReadOnlyList<DailyBar> Bars);

/// <summary>
/// The bundled synthetic sample: every series IwmDesk needs to run, generated from a seed. It is NOT market data;
/// anything stored from it carries <see cref="DataOrigin.Sample"/> and outputs computed from it are labelled
/// <c>"data_source": "sample"</c> (<see cref="DataSourceLabel"/>).
/// </summary>
public sealed class SampleDataSet
{
    private readonly Dictionary<string, SampleSeries> _bySymbol;

    internal SampleDataSet(
        SampleOptions options,
        IReadOnlyList<DateOnly> dates,
        IReadOnlyList<SampleSeries> series,
        IReadOnlyList<ShortVolumeRecord> shortVolume,
        OptionChainSnapshot optionChain,
        IReadOnlyList<EarningsRevisionRecord> earningsRevisions)
    {
        Options = options;
        Dates = dates;
        Series = series;
        ShortVolume = shortVolume;
        OptionChain = optionChain;
        EarningsRevisions = earningsRevisions;
        _bySymbol = series.ToDictionary(s => s.Symbol, StringComparer.Ordinal);
    }

    /// <summary>The label outputs computed from the sample carry in their <c>data_source</c> field.</summary>
    public const string DataSourceLabel = "sample";

    /// <summary>Where rows stored from this data set come from.</summary>
    public static DataOrigin Origin => DataOrigin.Sample;

    /// <summary>The options it was generated with.</summary>
    public SampleOptions Options { get; }

    /// <summary>The NYSE trading days covered, in order; every daily series has one bar per date.</summary>
    public IReadOnlyList<DateOnly> Dates { get; }

    /// <summary>First trading day.</summary>
    public DateOnly StartDate => Dates[0];

    /// <summary>Last trading day (the option chain's as-of date).</summary>
    public DateOnly EndDate => Dates[^1];

    /// <summary>The daily series, in the order of <see cref="SampleSymbols.All"/>.</summary>
    public IReadOnlyList<SampleSeries> Series { get; }

    /// <summary>IWM FINRA consolidated (CNMS) short volume, one record per trading day.</summary>
    public IReadOnlyList<ShortVolumeRecord> ShortVolume { get; }

    /// <summary>One IWM option chain as of <see cref="EndDate"/> (Delta and Gamma NaN: the analytics compute them).</summary>
    public OptionChainSnapshot OptionChain { get; }

    /// <summary>Weekly analyst earnings-revision counts per sector, dated the last trading day of each week.</summary>
    public IReadOnlyList<EarningsRevisionRecord> EarningsRevisions { get; }

    /// <summary>The bars of one series.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sample has no series of that name.</exception>
    public IReadOnlyList<DailyBar> Bars(string symbol) =>
        _bySymbol.TryGetValue(symbol, out var s)
            ? s.Bars
            : throw new ArgumentOutOfRangeException(nameof(symbol), symbol, "the sample has no such series; see SampleSymbols.All");
}
