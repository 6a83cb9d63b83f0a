using System.Globalization;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Data.Fetch;

/// <summary>One request a source wants answered.</summary>
/// <param name="Url">The absolute URL.</param>
/// <param name="Key">Cache key: path and query, without the base URL.</param>
/// <param name="Item">What it is for: a ticker, a FRED id, a FINRA day (yyyy-MM-dd); "" when the URL says it all.</param>
/// <param name="Label">Short text for progress and messages.</param>
/// <param name="Symbol">The series name or underlying handed to the parser (its <c>--symbol</c>), or null.</param>
internal sealed record FetchRequest(Uri Url, string Key, string Item, string Label, string? Symbol)
{
    /// <summary>The URL as messages, parse errors and the store name it: <see cref="Url"/> without any secret in its query.</summary>
    public string Shown { get; init; } = Url.ToString();
}

/// <summary>A response that cannot be used; the message is the problem only (the caller adds source and URL).</summary>
internal sealed class BadResponseException(string problem) : Exception(problem);

/// <summary>State shared by the sources of one run: the store (behind a lock), HTTP, cache, clock and progress.</summary>
internal sealed class FetchRun : IDisposable
{
    private readonly SemaphoreSlim _storeLock = new(1, 1);
    private int _purged;

    public FetchRun(
        MarketStore store, FetchSettings settings, HttpFetcher http, ResponseCache cache, DateTimeOffset now, FetchOptions options,
        IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        Store = store;
        Settings = settings;
        Http = http;
        Cache = cache;
        Now = now;
        Today = MarketClock.Today(now);
        Options = options;
        Progress = progress;
        CancellationToken = cancellationToken;

        // A store holding the sample is planned as empty: the first real write removes every sample row.
        HadSample = store.HasSample;
    }

    public MarketStore Store { get; }

    public FetchSettings Settings { get; }

    public HttpFetcher Http { get; }

    public ResponseCache Cache { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The New York date of the run.</summary>
    public DateOnly Today { get; }

    public FetchOptions Options { get; }

    public IProgress<FetchProgress>? Progress { get; }

    public CancellationToken CancellationToken { get; }

    public bool HadSample { get; }

    public int PurgedSampleRows => Volatile.Read(ref _purged);

    public void Dispose() => _storeLock.Dispose();

    public SourceJob CreateJob(FetchSource source) => source switch
    {
        FetchSource.Yahoo => new YahooJob(this, FetchSource.Yahoo, YahooJob.Tickers),
        FetchSource.Fred => new FredJob(this),
        FetchSource.CboeVix => new FullFileJob(this, FetchSource.CboeVix, FullFileJob.VixPath, DataFileFormat.CboeIndexHistory, "VIX", browserAgent: true),
        FetchSource.CboeRvx => new FullFileJob(this, FetchSource.CboeRvx, FullFileJob.RvxPath, DataFileFormat.CboeIndexHistory, "RVX", browserAgent: true),
        FetchSource.CboeChain => new ChainJob(this),
        FetchSource.Finra => new FinraJob(this),
        FetchSource.Dix => new FullFileJob(this, FetchSource.Dix, FullFileJob.DixPath, DataFileFormat.SqueezeMetricsDix, null, browserAgent: false),
        FetchSource.IsharesHoldings => new HoldingsJob(this),
        FetchSource.AlphaVantage => new EarningsCalendarJob(this),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown source"),
    };

    /// <summary>Runs <paramref name="action"/> on the store, one caller at a time.</summary>
    public async Task<T> WithStoreAsync<T>(Func<MarketStore, T> action)
    {
        await _storeLock.WaitAsync(CancellationToken).ConfigureAwait(false);
        try
        {
            return action(Store);
        }
        finally
        {
            _storeLock.Release();
        }
    }

    public void AddPurged(int rows) => Interlocked.Add(ref _purged, rows);

    /// <summary>The last stored date of each series holding real rows (none when the store held the sample at the start).</summary>
    public Dictionary<string, DateOnly> LastRealDates(MarketStore store)
    {
        var map = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var s in store.ListSeries())
        {
            if (s.Origin == DataOrigin.Real)
                map[s.Name] = s.Last;
        }

        return map;
    }

    /// <summary>The Yahoo ^VIX fallback after CBOE's VIX history failed: fills series VIX from its last stored date.</summary>
    public Task<SourceReport> VixFallbackAsync(SourceReport cboe) =>
        FallbackAsync(cboe, new YahooJob(this, FetchSource.CboeVix, [("^VIX", "VIX")]) { Fallback = true }, "VIX", "Yahoo ^VIX");

    /// <summary>The FRED RVXCLS fallback after CBOE's RVX history failed: fills series RVX from its last stored date.</summary>
    public Task<SourceReport> RvxFallbackAsync(SourceReport cboe) =>
        FallbackAsync(cboe, new FredJob(this, FetchSource.CboeRvx, ["RVXCLS"]) { Fallback = true }, "RVX", "FRED RVXCLS");

    /// <summary>Runs <paramref name="job"/> after the CBOE history of <paramref name="series"/> failed, and merges both outcomes.</summary>
    private async Task<SourceReport> FallbackAsync(SourceReport cboe, SourceJob job, string series, string fallbackName)
    {
        await job.PrepareAsync().ConfigureAwait(false);
        var other = await job.RunAsync().ConfigureAwait(false);
        var notes = cboe.Notes.ToList();
        var added = other.Rows.Sum(r => r.Counts.Added);
        notes.Add(other.Failures.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"CBOE's {series} history failed: series {series} was filled from {fallbackName} instead ({added} rows added)")
            : $"CBOE's {series} history failed, and the {fallbackName} fallback failed too");
        notes.AddRange(other.Notes);
        var rows = cboe.Rows.Concat(other.Rows).ToList();
        var merged = cboe with
        {
            Requests = cboe.Requests + other.Requests,
            Responses = cboe.Responses + other.Responses,
            Rows = rows,
            Notes = notes,
            Failures = [.. cboe.Failures, .. other.Failures],
            Status = rows.Count > 0 ? FetchStatus.Partial : FetchStatus.Failed,
        };
        Progress?.Report(new FetchProgress(cboe.Source, 1, 1, merged.Status == FetchStatus.Partial ? "filled from " + fallbackName : "failed", merged.Status));
        return merged;
    }
}

/// <summary>
/// One source's work: plan the requests from the store (or list the cache, offline), send them one after another,
/// check and parse each response, filter it against the store, store it in one transaction, cache it.
/// </summary>
internal abstract class SourceJob(FetchRun run, FetchSource source)
{
    /// <summary>After this many requests in a row fail for want of an answer (retries used up), the source stops.</summary>
    private const int MaxTransportFailuresInARow = 2;

    private readonly Dictionary<string, (UpsertCounts Counts, int Removed)> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _rowOrder = [];
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private IReadOnlyList<FetchRequest> _plan = [];
    private int _requests;
    private int _responses;

    protected FetchRun Run { get; } = run;

    protected List<string> Notes { get; } = [];

    protected List<FetchFailure> Failures { get; } = [];

    /// <summary>True for Yahoo, CBOE and FINRA, which refuse plain clients.</summary>
    protected virtual bool BrowserAgent => true;

    /// <summary>The format every response must have.</summary>
    protected abstract DataFileFormat Expected { get; }

    /// <summary>CSV bodies must end with a line break (a cut-off last line is a truncated download).</summary>
    protected virtual bool IsCsv => true;

    /// <summary>A body holding only the header means "nothing new" (FRED with cosd after its last observation).</summary>
    protected virtual bool HeaderOnlyIsEmpty => false;

    public FetchSource Source { get; } = source;

    /// <summary>
    /// True for CBOE's VIX and RVX histories online: a failure is not reported as its final outcome yet, since the
    /// fallback (Yahoo ^VIX, FRED RVXCLS) follows and reports the outcome of both.
    /// </summary>
    private bool FallbackFollowsFailure => Source is FetchSource.CboeVix or FetchSource.CboeRvx && this is FullFileJob && !Run.Options.Offline;

    /// <summary>A fallback reports progress under its CBOE source, but the merged outcome is reported by the run.</summary>
    private bool IsFallback => this is YahooJob { Fallback: true } or FredJob { Fallback: true };

    /// <summary>Plans the online requests from the store (called before any source runs).</summary>
    public void Prepare()
    {
        if (!Run.Options.Offline)
            _plan = Plan(Run.Store);
    }

    /// <summary>Plans under the store lock, for a job that starts while others are writing.</summary>
    public async Task PrepareAsync()
    {
        if (!Run.Options.Offline)
            _plan = await Run.WithStoreAsync(Plan).ConfigureAwait(false);
    }

    public async Task<SourceReport> RunAsync()
    {
        var ct = Run.CancellationToken;
        var work = new List<(FetchRequest Request, CachedResponse? Cached)>();
        if (SkipReason is { } skip)
        {
            // A source the user has not set up (no key): one line, never a failure, online or offline.
            Notes.Add(skip);
            Report(0, 0, "skipped", FetchStatus.Succeeded);
            return new SourceReport(Source, FetchStatus.Succeeded, 0, 0, [], [.. Notes], []);
        }

        if (Run.Options.Offline)
        {
            var problems = new List<string>();
            foreach (var entry in Run.Cache.List(CacheSource, problems))
            {
                if (FromCache(entry) is { } request)
                    work.Add((request, entry));
            }

            Notes.AddRange(problems);
            if (work.Count == 0)
                Failures.Add(new FetchFailure(Run.Cache.Root, $"{Source.Name()}: offline, and nothing is cached in {Path.Combine(Run.Cache.Root, CacheSource.Name())}"));
        }
        else
        {
            work.AddRange(_plan.Select(r => (r, (CachedResponse?)null)));
        }

        Report(0, work.Count, work.Count == 0 ? "nothing to do" : "starting");
        var transportFailuresInARow = 0;
        for (var i = 0; i < work.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (request, cached) = work[i];
            Report(i, work.Count, request.Label);
            string body;
            if (cached is not null)
            {
                try
                {
                    var limit = Run.Settings.MaxResponseBytesOf(Source);
                    if (new FileInfo(cached.BodyPath).Length > limit)
                    {
                        Fail(request, $"the cached response {cached.BodyPath} is larger than the limit of {HttpFetcher.FormatBytes(limit)}: skipped");
                        continue;
                    }

                    body = await File.ReadAllTextAsync(cached.BodyPath, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Fail(request, $"cannot read the cached response {cached.BodyPath}: {ex.Message}");
                    continue;
                }
            }
            else
            {
                HttpResult result;
                try
                {
                    result = await Run.Http.GetAsync(request.Url, BrowserAgent, Source, ct).ConfigureAwait(false);
                    _requests += result.Attempts;
                }
                catch (FetchTransportException ex)
                {
                    _requests += ex.Attempts;
                    Fail(request, ex.Message);

                    // A host that cannot be reached, or that failed twice running after all retries, is not asked again.
                    var left = work.Count - i - 1;
                    if (left > 0 && (ex.HostDown || ++transportFailuresInARow >= MaxTransportFailuresInARow))
                    {
                        Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{left} more request(s) to {request.Url.Authority} not sent after that failure"));
                        break;
                    }

                    continue;
                }

                transportFailuresInARow = 0;

                if (result.Status != 200)
                {
                    if (!HandleNotOk(request, result))
                        Fail(request, string.Create(CultureInfo.InvariantCulture, $"HTTP {result.Status} {result.Reason}{Snippet(result.Body)}"));
                    continue;
                }

                body = result.Body;
            }

            try
            {
                var parsed = Interpret(request, body);
                var perTarget = new List<(string Target, UpsertCounts Counts, int Removed)>();
                var stored = await Run.WithStoreAsync(store =>
                {
                    Filter(parsed, store);
                    return DataImporter.Store(store, parsed, request.Shown, perTarget);
                }).ConfigureAwait(false);
                Run.AddPurged(stored.PurgedSampleRows);
                foreach (var (target, counts, removed) in perTarget)
                    AddRows(target, counts, removed);
                foreach (var s in stored.Skipped)
                    _skipped[s.Reason] = _skipped.GetValueOrDefault(s.Reason) + s.Count;
                _responses++;
                if (cached is null)
                    Run.Cache.Save(CacheSource, request.Url, request.Key, CacheItem(request, parsed), body, Run.Now);
            }
            catch (DataFormatException ex)
            {
                // The parser's message already starts with the URL (the parse context is named by it).
                Failures.Add(new FetchFailure(request.Shown, $"{Source.Name()}: {ex.Message}{FromCacheText(cached)}"));
            }
            catch (BadResponseException ex)
            {
                Fail(request, ex.Message + FromCacheText(cached));
            }
            catch (Exception ex) when (cached is null && ex is IOException or UnauthorizedAccessException)
            {
                Notes.Add($"could not cache {request.Shown}: {ex.Message}");
            }
        }

        Finish();
        var rows = _rowOrder.Select(t => new FetchedRows(t, _rows[t].Counts, _rows[t].Removed)).ToList();
        foreach (var (reason, count) in _skipped)
            Notes.Add(string.Create(CultureInfo.InvariantCulture, $"skipped {count} row(s): {reason}"));
        var status = Failures.Count == 0 ? FetchStatus.Succeeded : _responses > 0 ? FetchStatus.Partial : FetchStatus.Failed;
        if (IsFallback || (FallbackFollowsFailure && status != FetchStatus.Succeeded))
            Report(work.Count, work.Count, status == FetchStatus.Succeeded ? "done" : "failed");
        else
            Report(work.Count, work.Count, status == FetchStatus.Succeeded ? "done" : "failed", status);
        return new SourceReport(Source, status, _requests, _responses, rows, [.. Notes], [.. Failures]);
    }

    /// <summary>The requests that bring this source up to date.</summary>
    protected abstract IReadOnlyList<FetchRequest> Plan(MarketStore store);

    /// <summary>The request a cache entry answered, or null when the entry is not one of this job's.</summary>
    protected abstract FetchRequest? FromCache(CachedResponse entry);

    /// <summary>Checks of the parsed content beyond its format (the symbol it is for, its dates).</summary>
    protected virtual void Check(FetchRequest request, ParsedFile parsed)
    {
    }

    /// <summary>Drops what the store should not get from this response (called under the store lock, before storing).</summary>
    protected virtual void Filter(ParsedFile parsed, MarketStore store)
    {
    }

    /// <summary>A non-200 answer the source expects (FINRA's 403/404 for a day without a file); false makes it a failure.</summary>
    protected virtual bool HandleNotOk(FetchRequest request, HttpResult result) => false;

    /// <summary>The cache item of a stored response (default: the request's).</summary>
    protected virtual string CacheItem(FetchRequest request, ParsedFile parsed) => request.Item;

    /// <summary>The cache folder's source (the Yahoo ^VIX fallback caches as Yahoo).</summary>
    protected virtual FetchSource CacheSource => Source;

    /// <summary>Adds summary notes or failures once every request is done.</summary>
    protected virtual void Finish()
    {
    }

    /// <summary>The source whose base URL the requests use (the Yahoo ^VIX fallback reports as cboe-vix but asks Yahoo).</summary>
    protected virtual FetchSource UrlSource => Source;

    protected FetchRequest Request(string pathAndQuery, string item, string label, string? symbol) =>
        new(Run.Settings.Url(UrlSource, pathAndQuery), pathAndQuery, item, label, symbol);

    protected void Fail(FetchRequest request, string problem) =>
        Failures.Add(new FetchFailure(request.Shown, $"{Source.Name()}: {request.Shown}: {problem}"));

    protected void Report(int done, int total, string message, FetchStatus? outcome = null) =>
        Run.Progress?.Report(new FetchProgress(Source, done, total, message, outcome));

    /// <summary>Generic checks every response gets, then the format check and the parser of <c>data import</c>.</summary>
    private ParsedFile Interpret(FetchRequest request, string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            throw new BadResponseException("empty response (no body)");
        var head = body.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (head.StartsWith("<"))
            throw new BadResponseException($"got an HTML page{HtmlTitle(body)}, not {Expected.DisplayName()}");
        CheckBody(body);
        if (IsCsv && body[^1] is not ('\n' or '\r'))
            throw new BadResponseException("the response does not end with a line break: the last line is cut off (truncated download?)");

        var ctx = new ParseContext(request.Shown, request.Symbol) { SnapshotDate = SnapshotDateOf(request) };
        var format = FormatDetector.Detect(ctx, body);
        if (format != Expected)
            throw new BadResponseException($"expected {Expected.DisplayName()}, got {format.DisplayName()}");
        ParsedFile parsed;
        if (HeaderOnlyIsEmpty && NonBlankLines(body) == 1)
            parsed = EmptyResponse(request);
        else
            parsed = DataImporter.Parse(ctx, body);
        Check(request, parsed);
        return parsed;
    }

    /// <summary>Why this source is not asked at all (no key configured), or null.</summary>
    protected virtual string? SkipReason => null;

    /// <summary>The date of a snapshot response (the Alpha Vantage calendar: today); null for the others.</summary>
    protected virtual DateOnly? SnapshotDateOf(FetchRequest request) => null;

    /// <summary>A check of the raw body before its format is recognised (a vendor's JSON error in place of its CSV).</summary>
    protected virtual void CheckBody(string body)
    {
    }

    /// <summary>What a header-only response stands for (no new rows).</summary>
    protected virtual ParsedFile EmptyResponse(FetchRequest request) => new(Expected);

    private void AddRows(string target, UpsertCounts counts, int removed)
    {
        if (_rows.TryGetValue(target, out var had))
        {
            _rows[target] = (had.Counts + counts, had.Removed + removed);
        }
        else
        {
            _rows[target] = (counts, removed);
            _rowOrder.Add(target);
        }
    }

    private static int NonBlankLines(string body)
    {
        var n = 0;
        foreach (var line in body.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace())
                n++;
        }

        return n;
    }

    private static string FromCacheText(CachedResponse? cached) => cached is null ? "" : $" (cached response {cached.BodyPath})";

    private static string HtmlTitle(string body)
    {
        var start = body.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
            return "";
        start += 7;
        var end = body.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        if (end < 0 || end - start > 200)
            return "";
        var title = string.Join(' ', body[start..end].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return title.Length == 0 ? "" : $" ('{title}')";
    }

    private static string Snippet(string body)
    {
        var text = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
            return "";
        return ": " + (text.Length > 120 ? text[..117] + "..." : text);
    }
}
