namespace IwmDesk.Data.Fetch;

/// <summary>How a source fared.</summary>
public enum FetchStatus
{
    /// <summary>Every request answered and every response stored (or up to date).</summary>
    Succeeded = 0,

    /// <summary>Some responses were stored, others failed.</summary>
    Partial = 1,

    /// <summary>Nothing was stored because of failures.</summary>
    Failed = 2,
}

/// <summary>Rows a source stored into one target (a series, a chain snapshot, the short-volume table).</summary>
/// <param name="Target">Where they went: <c>series IWM</c>, <c>chain IWM 2026-08-21</c>, <c>short volume IWM CNMS</c>.</param>
/// <param name="Counts">Rows added / updated / unchanged (contracts for chains).</param>
/// <param name="Removed">Option contracts removed because the replaced snapshot lacked them.</param>
public sealed record FetchedRows(string Target, UpsertCounts Counts, int Removed);

/// <summary>One failed request or response: the URL and a one-line message naming the source and the URL.</summary>
/// <param name="Url">The URL (or the cached file, offline).</param>
/// <param name="Message">What went wrong, e.g. <c>fred: https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS2: HTTP 500 ... after 4 tries</c>.</param>
public sealed record FetchFailure(string Url, string Message);

/// <summary>What one source did.</summary>
/// <param name="Source">The source.</param>
/// <param name="Status">Succeeded, partial or failed.</param>
/// <param name="Requests">HTTP requests sent (retries included).</param>
/// <param name="Responses">Responses stored (online) or cached responses re-imported (offline).</param>
/// <param name="Rows">Rows stored per target, in the order first stored.</param>
/// <param name="Notes">Things worth knowing that are not failures (a FINRA file not published yet, rows skipped, a fallback used).</param>
/// <param name="Failures">What failed; nothing from a failed response was stored.</param>
public sealed record SourceReport(
    FetchSource Source,
    FetchStatus Status,
    int Requests,
    int Responses,
    IReadOnlyList<FetchedRows> Rows,
    IReadOnlyList<string> Notes,
    IReadOnlyList<FetchFailure> Failures)
{
    /// <summary>Rows added over all targets.</summary>
    public int Added => Rows.Sum(r => r.Counts.Added);
}

/// <summary>What a fetch run did, per source.</summary>
/// <param name="Sources">One report per selected source, in <see cref="FetchSources.Known"/> order.</param>
/// <param name="Offline">True when only the cache was used.</param>
/// <param name="CacheDirectory">The cache folder used.</param>
/// <param name="PurgedSampleRows">Sample rows removed because this was the first real write into a sample store.</param>
public sealed record FetchReport(IReadOnlyList<SourceReport> Sources, bool Offline, string CacheDirectory, int PurgedSampleRows)
{
    /// <summary>True when every source succeeded.</summary>
    public bool AllSucceeded => Sources.All(s => s.Status == FetchStatus.Succeeded);

    /// <summary>The process exit code: 0 when every source succeeded, 1 when any failed (wholly or partly).</summary>
    public int ExitCode => AllSucceeded ? 0 : 1;
}

/// <summary>A progress event: a source started, advanced by one request, or finished.</summary>
/// <param name="Source">The source.</param>
/// <param name="Done">Requests (or cached responses) handled so far.</param>
/// <param name="Total">Requests planned (grows when a retry or fallback adds one).</param>
/// <param name="Message">What is happening, e.g. <c>IWM</c>, <c>CNMSshvol20261120.txt</c>, <c>up to date</c>.</param>
/// <param name="Outcome">Set on the last event of a source.</param>
public sealed record FetchProgress(FetchSource Source, int Done, int Total, string Message, FetchStatus? Outcome = null);
