using System.Net.Http;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Data.Fetch;

/// <summary>
/// Brings the free data up to date (<c>iwmdesk data fetch</c>): Yahoo daily bars, FRED series, CBOE's VIX and RVX histories and
/// IWM option chain, FINRA consolidated short volume and SqueezeMetrics DIX. Each source asks only for what the store
/// lacks, every response is parsed by the same parsers as <c>data import</c> and stored in one transaction (a bad
/// response stores nothing), raw responses are cached on disk, and one failing source never stops the others.
/// Never writes to the console: progress goes to the <see cref="IProgress{T}"/> given (called on worker threads).
/// See docs/fetch.md.
/// </summary>
public sealed class DataFetcher : IDisposable
{
    private readonly FetchSettings _settings;
    private readonly HttpFetcher _http;

    /// <summary>Creates a fetcher.</summary>
    /// <param name="settings">Base URLs, rate limit, timeout and retries.</param>
    /// <param name="handler">The HTTP handler; null for a fresh <see cref="SocketsHttpHandler"/>.</param>
    public DataFetcher(FetchSettings settings, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Security.SecretRedactor.Shared.Register(settings.AlphaVantageKey, "Alpha Vantage key");
        _settings = settings;
        _http = new HttpFetcher(settings, handler);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    /// <summary>Fetches the selected sources into <paramref name="store"/> and reports what each did.</summary>
    /// <param name="store">The store (it is used from one thread at a time).</param>
    /// <param name="options">Sources, offline mode, FINRA window, cache folder, clock.</param>
    /// <param name="progress">Receives progress events, from worker threads; must be thread-safe.</param>
    /// <param name="cancellationToken">Stops the run (nothing half-written is kept: each response is one transaction).</param>
    public async Task<FetchReport> FetchAsync(
        MarketStore store, FetchOptions? options = null, IProgress<FetchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new FetchOptions();
        if (options.FinraDays is < 1 or > 10_000)
            throw new ArgumentOutOfRangeException(nameof(options), options.FinraDays, "FinraDays must be between 1 and 10000");
        var now = options.Now ?? DateTimeOffset.UtcNow;
        var cacheDir = options.CacheDirectory
            ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Location)) ?? ".", "cache");
        using var run = new FetchRun(store, _settings, _http, new ResponseCache(cacheDir), now, options, progress, cancellationToken);

        // Plan every source from the store as it is now, then run them side by side (the store is written under a lock).
        var jobs = FetchSources.Known.Where(options.Sources.Contains).Select(run.CreateJob).ToList();
        foreach (var job in jobs)
            job.Prepare();
        var reports = await Task.WhenAll(jobs.Select(j => RunAsync(run, j))).ConfigureAwait(false);
        return new FetchReport(reports, options.Offline, cacheDir, run.PurgedSampleRows);
    }

    private static async Task<SourceReport> RunAsync(FetchRun run, SourceJob job)
    {
        var report = await job.RunAsync().ConfigureAwait(false);

        // VIX comes from CBOE's own history; only when that failed is Yahoo's ^VIX used to fill the series.
        if (job.Source == FetchSource.CboeVix && !run.Options.Offline && report.Status != FetchStatus.Succeeded)
            report = await run.VixFallbackAsync(report).ConfigureAwait(false);

        // RVX likewise: CBOE's own history first, FRED's RVXCLS (the same close) only when that failed.
        if (job.Source == FetchSource.CboeRvx && !run.Options.Offline && report.Status != FetchStatus.Succeeded)
            report = await run.RvxFallbackAsync(report).ConfigureAwait(false);
        return report;
    }
}

/// <summary>US equity market dates: "today" is the date in New York.</summary>
internal static class MarketClock
{
    private static readonly TimeZoneInfo? NewYork = Find();

    /// <summary>The New York date at <paramref name="now"/> (UTC−5 when the time-zone database is missing).</summary>
    public static DateOnly Today(DateTimeOffset now)
    {
        var local = NewYork is null ? now.ToOffset(TimeSpan.FromHours(-5)) : TimeZoneInfo.ConvertTime(now, NewYork);
        return DateOnly.FromDateTime(local.DateTime);
    }

    private static TimeZoneInfo? Find()
    {
        foreach (var id in new[] { "America/New_York", "Eastern Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz))
                return tz;
        }

        return null;
    }
}
