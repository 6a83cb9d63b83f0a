using IwmDesk.Data;
using System.Collections.Frozen;

namespace IwmDesk.Panel;

/// <summary>
/// The daily feature panel: one row per IWM trading day, columnar. Every downstream computation (signals, backtests,
/// forecast, workflow) reads it. Columns are named in snake_case (see <see cref="PanelColumns"/>); a missing value is NaN.
/// A value in row i was computed from data dated on or before <see cref="Dates"/>[i] only.
/// </summary>
public sealed class FeaturePanel
{
    private readonly FrozenDictionary<string, double[]> _columns;

    /// <summary>Creates a panel; every column must have one value per date.</summary>
    public FeaturePanel(
        DateOnly[] dates,
        IReadOnlyDictionary<string, double[]> columns,
        string[] gexSource,
        bool isSample,
        IReadOnlyDictionary<string, DateOnly[]>? seriesDates = null)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var (name, values) in columns)
        {
            if (values.Length != dates.Length)
                throw new ArgumentException($"column {name} has {values.Length} values for {dates.Length} dates", nameof(columns));
        }

        if (gexSource.Length != dates.Length)
            throw new ArgumentException("gex_source needs one value per date", nameof(gexSource));
        Dates = dates;
        _columns = columns.ToFrozenDictionary(StringComparer.Ordinal);
        GexSource = gexSource;
        IsSample = isSample;
        SeriesDates = seriesDates ?? new Dictionary<string, DateOnly[]>(StringComparer.Ordinal);
    }

    /// <summary>IWM trading days, ascending.</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Rows in the panel.</summary>
    public int Count => Dates.Length;

    /// <summary>Where each row's GEX came from (e.g. "IWM_chain", "IWM_GEX", "SPX_GEX proxy", or "" when none).</summary>
    public string[] GexSource { get; }

    /// <summary>
    /// Which FINRA facility set each row's dark-pool ratio came from (<see cref="DarkPoolSets"/>: "CNMS",
    /// "TRF FNSQ+FNYX", …; "" when the row has none). Empty when the panel was built without it.
    /// </summary>
    public string[] DpSource { get; init; } = [];

    /// <summary>True when the panel was built from the bundled synthetic sample.</summary>
    public bool IsSample { get; }

    /// <summary>"sample" or "real", as written in every JSON output.</summary>
    public DataOrigin DataSource => IsSample ? DataOrigin.Sample : DataOrigin.Real;

    /// <summary>The stored dates (ascending) of each input series, for the "data as of" lines.</summary>
    public IReadOnlyDictionary<string, DateOnly[]> SeriesDates { get; }

    /// <summary>Each input series' last date on or before <paramref name="date"/> (series with none are left out).</summary>
    public SortedDictionary<string, DateOnly> LastDatesOnOrBefore(DateOnly date)
    {
        var result = new SortedDictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var (name, dates) in SeriesDates)
        {
            var i = Array.BinarySearch(dates, date);
            i = i >= 0 ? i : ~i - 1;
            if (i >= 0)
                result[name] = dates[i];
        }

        return result;
    }

    /// <summary>Column names present.</summary>
    public IEnumerable<string> ColumnNames => _columns.Keys;

    /// <summary>The column's values, or throws naming the column.</summary>
    public double[] this[string column] =>
        _columns.TryGetValue(column, out var v) ? v : throw new KeyNotFoundException($"panel has no column '{column}'");

    /// <summary>True when the panel has the column.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The column, or null when absent.</summary>
    public double[]? TryGet(string column) => _columns.TryGetValue(column, out var v) ? v : null;

    /// <summary>Index of <paramref name="date"/>, or of the last row on or before it; -1 when before the first row.</summary>
    public int IndexOnOrBefore(DateOnly date)
    {
        var i = Array.BinarySearch(Dates, date);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>The first <paramref name="rows"/> rows as a new panel (a view "as of" row rows−1).</summary>
    public FeaturePanel Head(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        rows = Math.Min(rows, Count);
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (k, v) in _columns)
            cols[k] = v[..rows];
        return new FeaturePanel(Dates[..rows], cols, GexSource[..rows], IsSample, SeriesDates)
        {
            DpSource = DpSource.Length == Count ? DpSource[..rows] : [],
        };
    }
}
