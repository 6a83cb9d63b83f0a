namespace IwmDesk.Data;

/// <summary>
/// One row of a consensus-estimates snapshot (Alpha Vantage <c>EARNINGS_CALENDAR</c>): the consensus EPS estimate of
/// <paramref name="Symbol"/> for the quarter ending <paramref name="FiscalDateEnding"/>, as the snapshot of
/// <paramref name="SnapshotDate"/> saw it (built before that day's open from the previous close).
/// </summary>
/// <param name="SnapshotDate">The snapshot's date.</param>
/// <param name="Symbol">The ticker.</param>
/// <param name="Name">The company name (may be empty).</param>
/// <param name="ReportDate">The expected report date, when given.</param>
/// <param name="FiscalDateEnding">The fiscal quarter the estimate is for.</param>
/// <param name="Estimate">The consensus EPS estimate; null when the source has none.</param>
/// <param name="Currency">The estimate's currency (may be empty).</param>
public readonly record struct ConsensusEstimate(
    DateOnly SnapshotDate,
    string Symbol,
    string Name,
    DateOnly? ReportDate,
    DateOnly FiscalDateEnding,
    double? Estimate,
    string Currency);

/// <summary>
/// A consensus revision: the estimate of one (symbol, fiscal quarter) changed between two consecutive snapshots.
/// Dated by the later snapshot (<see cref="Date"/>), which is known at that day's close.
/// </summary>
/// <param name="Date">The later snapshot's date.</param>
/// <param name="PreviousSnapshot">The snapshot before it.</param>
/// <param name="Symbol">The ticker.</param>
/// <param name="FiscalDateEnding">The fiscal quarter.</param>
/// <param name="From">The estimate in the earlier snapshot.</param>
/// <param name="To">The estimate in the later snapshot.</param>
public readonly record struct ConsensusRevision(DateOnly Date, DateOnly PreviousSnapshot, string Symbol, DateOnly FiscalDateEnding, double From, double To)
{
    /// <summary>+1 for an upward revision, −1 for a downward one.</summary>
    public int Direction => To > From ? 1 : -1;
}

/// <summary>
/// Consensus revisions from snapshots (docs/methodology.md): for each pair of consecutive snapshots, every
/// (symbol, fiscalDateEnding) present in both with a numeric estimate in both whose value differs is one revision, up
/// or down. A row that appears, disappears, or goes from or to null is not a revision.
/// </summary>
public static class ConsensusRevisions
{
    /// <summary>
    /// The revisions between consecutive snapshots of <paramref name="rows"/> (any order; grouped by snapshot date).
    /// The first snapshot yields none: it has no predecessor.
    /// </summary>
    public static IReadOnlyList<ConsensusRevision> Compute(IEnumerable<ConsensusEstimate> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var bySnapshot = new SortedDictionary<DateOnly, Dictionary<(string, DateOnly), double?>>();
        foreach (var r in rows)
        {
            if (!bySnapshot.TryGetValue(r.SnapshotDate, out var map))
                bySnapshot[r.SnapshotDate] = map = new Dictionary<(string, DateOnly), double?>();
            map[(r.Symbol, r.FiscalDateEnding)] = r.Estimate;
        }

        var list = new List<ConsensusRevision>();
        Dictionary<(string, DateOnly), double?>? prev = null;
        var prevDate = default(DateOnly);
        foreach (var (date, map) in bySnapshot)
        {
            if (prev is not null)
            {
                foreach (var (key, value) in map)
                {
                    if (value is not { } to || !prev.TryGetValue(key, out var old) || old is not { } from || to == from)
                        continue;
                    list.Add(new ConsensusRevision(date, prevDate, key.Item1, key.Item2, from, to));
                }
            }

            prev = map;
            prevDate = date;
        }

        list.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : string.CompareOrdinal(a.Symbol, b.Symbol) is var c && c != 0 ? c : a.FiscalDateEnding.CompareTo(b.FiscalDateEnding));
        return list;
    }
}
