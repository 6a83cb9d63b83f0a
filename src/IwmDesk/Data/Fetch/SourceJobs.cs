using System.Globalization;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Data.Fetch;

/// <summary>
/// Yahoo chart API, one request per ticker: the full history (period1=0) when the series is not stored, else from the
/// last stored date on (that day is asked again: its bar may have been taken before the close).
/// </summary>
internal sealed class YahooJob(FetchRun run, FetchSource reportAs, IReadOnlyList<(string Ticker, string Series)> tickers) : SourceJob(run, reportAs)
{
    /// <summary>The tickers fetched and the series they are stored as. VIX comes from CBOE (Yahoo's ^VIX only as a fallback).</summary>
    public static readonly IReadOnlyList<(string Ticker, string Series)> Tickers =
        [("IWM", "IWM"), ("KRE", "KRE"), ("SPY", "SPY"), ("HYG", "HYG"), ("DX-Y.NYB", "DXY")];

    /// <summary>True for the ^VIX fallback (it re-imports nothing offline: the Yahoo source does that).</summary>
    public bool Fallback { get; init; }

    protected override DataFileFormat Expected => DataFileFormat.YahooChartJson;

    protected override bool IsCsv => false;

    protected override FetchSource UrlSource => FetchSource.Yahoo;

    protected override FetchSource CacheSource => FetchSource.Yahoo;

    protected override IReadOnlyList<FetchRequest> Plan(MarketStore store)
    {
        var last = Run.LastRealDates(store);
        var period2 = Run.Now.ToUnixTimeSeconds();
        var list = new List<FetchRequest>(tickers.Count);
        foreach (var (ticker, series) in tickers)
        {
            long period1 = 0;
            var label = Fallback ? $"Yahoo {ticker} (fallback)" : ticker;
            if (last.TryGetValue(series, out var d))
            {
                period1 = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
                label += $" from {d:yyyy-MM-dd}";
            }
            else
            {
                label += " (full history)";
            }

            var path = string.Create(CultureInfo.InvariantCulture,
                $"/v8/finance/chart/{Uri.EscapeDataString(ticker)}?period1={period1}&period2={period2}&interval=1d&events=div%7Csplit&includeAdjustedClose=true");
            list.Add(Request(path, ticker, label, series));
        }

        return list;
    }

    protected override FetchRequest? FromCache(CachedResponse entry) =>
        Fallback || entry.Item.Length == 0
            ? null
            : new FetchRequest(new Uri(entry.Url), entry.Key, entry.Item, entry.Item, YahooChartParser.SeriesName(entry.Item));

    protected override void Check(FetchRequest request, ParsedFile parsed)
    {
        if (parsed.DeclaredSymbol is { } declared && !string.Equals(declared.Trim(), request.Item, StringComparison.OrdinalIgnoreCase))
            throw new BadResponseException($"the chart is for '{declared}', not '{request.Item}'");
    }
}

/// <summary>FRED CSV, one request per series: the full history, or from the last stored date on (<c>&amp;cosd=</c>).</summary>
internal sealed class FredJob(FetchRun run) : SourceJob(run, FetchSource.Fred)
{
    /// <summary>The FRED series fetched.</summary>
    public static readonly IReadOnlyList<string> Ids = ["DGS2", "DGS10", "BAMLH0A0HYM2", "DTWEXBGS", "DTB3"];

    protected override bool BrowserAgent => false;

    protected override DataFileFormat Expected => DataFileFormat.FredCsv;

    protected override bool HeaderOnlyIsEmpty => true;

    protected override IReadOnlyList<FetchRequest> Plan(MarketStore store)
    {
        var last = Run.LastRealDates(store);
        var list = new List<FetchRequest>(Ids.Count);
        foreach (var id in Ids)
        {
            var path = "/graph/fredgraph.csv?id=" + id;
            var label = id + " (full history)";
            if (last.TryGetValue(id, out var d))
            {
                path += string.Create(CultureInfo.InvariantCulture, $"&cosd={d:yyyy-MM-dd}");
                label = string.Create(CultureInfo.InvariantCulture, $"{id} from {d:yyyy-MM-dd}");
            }

            list.Add(Request(path, id, label, null));
        }

        return list;
    }

    protected override FetchRequest? FromCache(CachedResponse entry) =>
        entry.Item.Length == 0 ? null : new FetchRequest(new Uri(entry.Url), entry.Key, entry.Item, entry.Item, null);

    protected override ParsedFile EmptyResponse(FetchRequest request)
    {
        var parsed = new ParsedFile(DataFileFormat.FredCsv);
        parsed.Series.Add((request.Item, []));
        return parsed;
    }

    protected override void Check(FetchRequest request, ParsedFile parsed)
    {
        var names = parsed.Series.Select(s => s.Name).ToList();
        if (names.Count != 1 || !string.Equals(names[0], request.Item, StringComparison.Ordinal))
            throw new BadResponseException($"the CSV holds series {string.Join(", ", names)}, not {request.Item}");
    }
}

/// <summary>
/// A source served as one whole-history file (CBOE's VIX_History.csv, SqueezeMetrics' DIX.csv): the file is downloaded
/// whole, and only rows on or after each series' last stored date are stored.
/// </summary>
internal sealed class FullFileJob(FetchRun run, FetchSource source, string path, DataFileFormat expected, string? symbol, bool browserAgent)
    : SourceJob(run, source)
{
    public const string VixPath = "/api/global/us_indices/daily_prices/VIX_History.csv";

    public const string DixPath = "/monitor/static/DIX.csv";

    protected override bool BrowserAgent => browserAgent;

    protected override DataFileFormat Expected => expected;

    protected override IReadOnlyList<FetchRequest> Plan(MarketStore store) =>
        [Request(path, "", path[(path.LastIndexOf('/') + 1)..], symbol)];

    protected override FetchRequest? FromCache(CachedResponse entry) =>
        new(new Uri(entry.Url), entry.Key, entry.Item, path[(path.LastIndexOf('/') + 1)..], symbol);

    protected override void Filter(ParsedFile parsed, MarketStore store)
    {
        var last = Run.LastRealDates(store);
        for (var i = 0; i < parsed.Series.Count; i++)
        {
            var (name, bars) = parsed.Series[i];
            if (last.TryGetValue(name, out var d))
                parsed.Series[i] = (name, [.. bars.Where(b => b.Date >= d)]);
        }
    }
}

/// <summary>
/// CBOE delayed-quotes chain of IWM, stored as the snapshot of its timestamp's date (a timestamp on a weekend or
/// holiday is the previous session's chain). Fetched every run: a later fetch the same day replaces the snapshot.
/// </summary>
internal sealed class ChainJob(FetchRun run) : SourceJob(run, FetchSource.CboeChain)
{
    public const string Path = "/api/global/delayed_quotes/options/IWM.json";

    public const string Underlying = "IWM";

    protected override DataFileFormat Expected => DataFileFormat.CboeDelayedJson;

    protected override bool IsCsv => false;

    protected override IReadOnlyList<FetchRequest> Plan(MarketStore store) => [Request(Path, "", "IWM.json", null)];

    protected override FetchRequest? FromCache(CachedResponse entry) => new(new Uri(entry.Url), entry.Key, entry.Item, "IWM.json " + entry.Item, null);

    protected override void Check(FetchRequest request, ParsedFile parsed)
    {
        if (parsed.Chains.Count != 1)
            throw new BadResponseException(string.Create(CultureInfo.InvariantCulture, $"expected one chain snapshot, got {parsed.Chains.Count}"));
        var chain = parsed.Chains[0];
        if (!string.Equals(chain.Underlying, Underlying, StringComparison.Ordinal))
            throw new BadResponseException($"the chain is for {chain.Underlying}, not {Underlying}");
        var session = TradingCalendar.OnOrBefore(chain.AsOf);
        if (session != chain.AsOf)
        {
            Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"the chain's timestamp falls on {chain.AsOf:yyyy-MM-dd}, not a trading day: stored as the {session:yyyy-MM-dd} chain"));
            parsed.Chains[0] = chain with { AsOf = session };
        }
    }

    protected override string CacheItem(FetchRequest request, ParsedFile parsed) =>
        parsed.Chains.Count == 1 ? parsed.Chains[0].AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : request.Item;
}

/// <summary>
/// FINRA consolidated short volume, one file per trading day: every day of the window (the last
/// <see cref="FetchOptions.FinraDays"/> trading days up to today) whose IWM CNMS row the store lacks. Each file is
/// checked in full (record-count trailer) and only its IWM rows are stored. 403/404 means "no file (yet)", not a failure.
/// </summary>
internal sealed class FinraJob(FetchRun run) : SourceJob(run, FetchSource.Finra)
{
    public const string Symbol = "IWM";

    /// <summary>A day this many trading days back must have a file; if none of the requested days has one, the URL is suspect.</summary>
    private const int PublishedAfterDays = 3;

    private readonly List<DateOnly> _missing = [];
    private int _found;

    protected override DataFileFormat Expected => DataFileFormat.FinraShortVolume;

    /// <summary>The trading days of the window: the last <paramref name="days"/> NYSE trading days up to <paramref name="today"/>.</summary>
    public static List<DateOnly> Window(DateOnly today, int days)
    {
        var list = new List<DateOnly>(days);
        var d = TradingCalendar.OnOrBefore(today);
        while (list.Count < days && d.Year >= 1990)
        {
            list.Add(d);
            d = TradingCalendar.Previous(d);
        }

        list.Reverse();
        return list;
    }

    protected override IReadOnlyList<FetchRequest> Plan(MarketStore store)
    {
        var stored = Run.HadSample
            ? []
            : store.LoadShortVolume(Symbol).Where(r => r.Facility == "CNMS").Select(r => r.Date).ToHashSet();
        return [.. Window(Run.Today, Run.Options.FinraDays).Where(d => !stored.Contains(d)).Select(Make)];
    }

    protected override FetchRequest? FromCache(CachedResponse entry) =>
        DateOnly.TryParseExact(entry.Item, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new FetchRequest(new Uri(entry.Url), entry.Key, entry.Item, FileName(d), null)
            : null;

    protected override bool HandleNotOk(FetchRequest request, HttpResult result)
    {
        if (result.Status is not (403 or 404))
            return false;
        _missing.Add(Day(request));
        return true;
    }

    protected override void Check(FetchRequest request, ParsedFile parsed)
    {
        _found++;
        var day = Day(request);
        foreach (var r in parsed.ShortVolume)
        {
            if (r.Date != day)
                throw new BadResponseException($"the file for {day:yyyy-MM-dd} holds rows dated {r.Date:yyyy-MM-dd}");
        }

        parsed.ShortVolume.RemoveAll(r => !string.Equals(r.Symbol, Symbol, StringComparison.Ordinal));
        if (parsed.ShortVolume.Count == 0)
            Notes.Add($"{FileName(day)}: no {Symbol} row");
    }

    protected override void Finish()
    {
        if (_missing.Count == 0)
            return;
        var shown = string.Join(", ", _missing.Take(5).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            + (_missing.Count > 5 ? string.Create(CultureInfo.InvariantCulture, $" and {_missing.Count - 5} more") : "");
        Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"no file (HTTP 403/404) for {_missing.Count} day(s): {shown} — not published yet (FINRA posts each day's file in the evening) or not a FINRA trading day"));
        if (_found == 0 && _missing.Exists(d => TradingCalendar.CountBetween(d, Run.Today) >= PublishedAfterDays))
        {
            var url = Run.Settings.Url(FetchSource.Finra, "/equity/regsho/daily/");
            Failures.Add(new FetchFailure(url.ToString(), string.Create(CultureInfo.InvariantCulture,
                $"finra: {url}: none of the {_missing.Count} day(s) requested has a file, though some are {PublishedAfterDays}+ trading days old: check the FINRA URL")));
        }
    }

    private static DateOnly Day(FetchRequest request) =>
        DateOnly.ParseExact(request.Item, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string FileName(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"CNMSshvol{d:yyyyMMdd}.txt");

    private FetchRequest Make(DateOnly d) =>
        Request("/equity/regsho/daily/" + FileName(d), d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), FileName(d), null);
}

/// <summary>
/// iShares' holdings download of IWM (the fund page's "Detailed Holdings and Analytics" CSV), stored as the holdings
/// snapshot of the file's as-of date; a later download with the same date replaces it. One request per run. The body
/// must reach the blank line above iShares' legal text, else it is a cut-off download and nothing is stored.
/// </summary>
internal sealed class HoldingsJob(FetchRun run) : SourceJob(run, FetchSource.IsharesHoldings)
{
    public const string Path = "/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax?fileType=csv&fileName=IWM_holdings&dataType=fund";

    public const string Fund = "IWM";

    private const string Label = "IWM_holdings.csv";

    protected override DataFileFormat Expected => DataFileFormat.IsharesHoldings;

    // iShares' file ends in its legal text without a final line break: truncation is caught by the blank-line check.
    protected override bool IsCsv => false;

    protected override IReadOnlyList<FetchRequest> Plan(MarketStore store) => [Request(Path, "", Label, Fund)];

    protected override FetchRequest? FromCache(CachedResponse entry) => new(new Uri(entry.Url), entry.Key, entry.Item, Label + " " + entry.Item, Fund);

    protected override void Check(FetchRequest request, ParsedFile parsed)
    {
        if (parsed.Holdings.Count != 1)
            throw new BadResponseException(string.Create(CultureInfo.InvariantCulture, $"expected one holdings snapshot, got {parsed.Holdings.Count}"));
        if (!parsed.HoldingsEndedAtBlankLine)
            throw new BadResponseException("the holdings stop without the blank line above iShares' legal text: the download is cut off");
        var h = parsed.Holdings[0] with { Source = request.Url.ToString() };
        parsed.Holdings[0] = h;
        if (h.Equities.Count == 0)
            throw new BadResponseException("the file holds no equity rows");
        Notes.Add(string.Create(CultureInfo.InvariantCulture, $"holdings {h.Fund} as of {h.AsOf:yyyy-MM-dd}: {h.Equities.Count} equities, {h.Other.Count} other rows"));
    }

    protected override string CacheItem(FetchRequest request, ParsedFile parsed) =>
        parsed.Holdings.Count == 1 ? parsed.Holdings[0].AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : request.Item;
}
