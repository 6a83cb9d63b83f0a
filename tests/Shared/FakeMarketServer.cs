using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace IwmDesk.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 serving the free sources' paths in their real formats, from data the test gives it
/// (usually built from ../shared/data/real at test time): Yahoo chart JSON, FRED CSV, CBOE VIX history and delayed-quotes
/// JSON, FINRA daily files and SqueezeMetrics DIX.csv. <see cref="WorldDate"/> is "today" for the server: nothing dated
/// later is served (files not yet published answer 403 like FINRA's CDN). Scripted replies (429, 500, slow, truncated,
/// HTML, ...) take precedence for the paths they match. Every request is recorded.
/// </summary>
internal sealed class FakeMarketServer : IAsyncDisposable
{
    private const string YahooPath = "/v8/finance/chart/";
    private const string FredPath = "/graph/fredgraph.csv";
    private const string VixPath = "/api/global/us_indices/daily_prices/VIX_History.csv";
    private const string ChainPath = "/api/global/delayed_quotes/options/IWM.json";
    private const string FinraPath = "/equity/regsho/daily/";
    private const string DixPath = "/monitor/static/DIX.csv";
    private const string HoldingsPath = "/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax";

    private readonly HttpListener _listener;
    private readonly List<(string Match, ConcurrentQueue<MarketReply> Replies)> _scripts = [];
    private readonly List<MarketRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    private FakeMarketServer(HttpListener listener, int port)
    {
        _listener = listener;
        Port = port;
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>: the base URL of every source.</summary>
    public Uri BaseUri => new($"http://127.0.0.1:{Port}");

    /// <summary>The server's "today": data dated later is not served.</summary>
    public DateOnly WorldDate { get; set; } = DateOnly.MaxValue;

    /// <summary>Yahoo tickers (as in the URL, e.g. <c>^VIX</c>, <c>DX-Y.NYB</c>) and their bars.</summary>
    public Dictionary<string, YahooSeries> Yahoo { get; } = new(StringComparer.Ordinal);

    /// <summary>FRED series id → (date, value text) rows.</summary>
    public Dictionary<string, List<(DateOnly Date, string Value)>> Fred { get; } = new(StringComparer.Ordinal);

    /// <summary>VIX_History.csv, dated lines.</summary>
    public DatedLines? Vix { get; set; }

    /// <summary>DIX.csv, dated lines.</summary>
    public DatedLines? Dix { get; set; }

    /// <summary>FINRA CNMS files by day (the whole file text).</summary>
    public Dictionary<DateOnly, string> Finra { get; } = [];

    /// <summary>iShares' IWM holdings CSV served now; null answers 404.</summary>
    public string? HoldingsCsv { get; set; }

    /// <summary>The CBOE delayed-quotes JSON of IWM served now; null answers 404.</summary>
    public string? ChainJson { get; set; }

    public IReadOnlyList<MarketRequest> Requests
    {
        get
        {
            lock (_gate)
                return [.. _requests];
        }
    }

    public static FakeMarketServer Start()
    {
        var listener = Loopback.Listen(out var port);
        return new FakeMarketServer(listener, port);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort() => Loopback.FreePort();

    /// <summary>Replies for requests whose raw URL contains <paramref name="match"/>, used in order before the normal content.</summary>
    public FakeMarketServer Script(string match, params MarketReply[] replies)
    {
        lock (_gate)
        {
            var entry = _scripts.Find(s => s.Match == match);
            if (entry.Replies is null)
            {
                entry = (match, new ConcurrentQueue<MarketReply>());
                _scripts.Add(entry);
            }

            foreach (var r in replies)
                entry.Replies.Enqueue(r);
        }

        return this;
    }

    /// <summary>Requests whose path contains <paramref name="match"/>.</summary>
    public IReadOnlyList<MarketRequest> RequestsTo(string match) => [.. Requests.Where(r => r.RawUrl.Contains(match, StringComparison.Ordinal))];

    public void ClearRequests()
    {
        lock (_gate)
            _requests.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    // ---- content in the real formats -------------------------------------------------------------------------

    /// <summary>The Yahoo chart JSON of <paramref name="ticker"/> for the sessions in [period1, period2).</summary>
    public static string YahooChart(string ticker, YahooSeries series, long period1, long period2, DateOnly upTo)
    {
        const long GmtOffset = -18000;
        var rows = series.Rows.Where(r => r.Date <= upTo).Select(r => (Row: r, Ts: Stamp(r.Date))).Where(x => x.Ts >= period1 && x.Ts < period2).ToList();
        var result = new JsonObject
        {
            ["meta"] = new JsonObject
            {
                ["currency"] = "USD", ["symbol"] = ticker, ["exchangeName"] = "PCX", ["instrumentType"] = "ETF",
                ["gmtoffset"] = GmtOffset, ["timezone"] = "EST", ["exchangeTimezoneName"] = "America/New_York", ["dataGranularity"] = "1d",
            },
        };
        if (rows.Count > 0)
        {
            result["timestamp"] = new JsonArray([.. rows.Select(x => (JsonNode?)JsonValue.Create(x.Ts))]);
            var quote = new JsonObject
            {
                ["open"] = Numbers(rows.Select(x => x.Row.Open)),
                ["high"] = Numbers(rows.Select(x => x.Row.High)),
                ["low"] = Numbers(rows.Select(x => x.Row.Low)),
                ["close"] = Numbers(rows.Select(x => x.Row.Close)),
            };
            if (series.HasVolume)
                quote["volume"] = Numbers(rows.Select(x => x.Row.Volume));
            var indicators = new JsonObject { ["quote"] = new JsonArray(quote) };
            if (series.HasAdjClose)
                indicators["adjclose"] = new JsonArray(new JsonObject { ["adjclose"] = Numbers(rows.Select(x => x.Row.AdjClose)) });
            result["indicators"] = indicators;
        }
        else
        {
            result["indicators"] = new JsonObject { ["quote"] = new JsonArray(new JsonObject()) };
        }

        return new JsonObject { ["chart"] = new JsonObject { ["result"] = new JsonArray(result), ["error"] = null } }.ToJsonString();
    }

    /// <summary>Epoch seconds of a session's open as Yahoo stamps daily bars (09:30 New York, taken as UTC−5).</summary>
    public static long Stamp(DateOnly date) => new DateTimeOffset(date.ToDateTime(new TimeOnly(14, 30)), TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>Yahoo's answer for an unknown symbol.</summary>
    public static string YahooError(string code = "Not Found", string description = "No data found, symbol may be delisted") =>
        new JsonObject { ["chart"] = new JsonObject { ["result"] = null, ["error"] = new JsonObject { ["code"] = code, ["description"] = description } } }.ToJsonString();

    /// <summary>A small hand-made CBOE delayed-quotes chain of IWM: 5 strikes around spot, calls and puts, one or two expiries.</summary>
    public static string CboeChain(DateTime timestamp, double spot, params DateOnly[] expiries)
    {
        var options = new JsonArray();
        var center = Math.Round(spot);
        var n = 0;
        foreach (var expiry in expiries)
        {
            for (var k = -2; k <= 2; k++)
            {
                var strike = center + (5 * k);
                foreach (var right in new[] { 'C', 'P' })
                {
                    n++;
                    var moneyness = right == 'C' ? spot - strike : strike - spot;
                    options.Add(new JsonObject
                    {
                        ["option"] = string.Create(CultureInfo.InvariantCulture, $"IWM{expiry:yyMMdd}{right}{(long)Math.Round(strike * 1000):D8}"),
                        ["bid"] = Math.Round(Math.Max(0.05, moneyness + 2.0), 2),
                        ["ask"] = Math.Round(Math.Max(0.10, moneyness + 2.2), 2),
                        ["iv"] = Math.Round(0.2 + (0.01 * Math.Abs(k)), 4),
                        ["open_interest"] = 1000 + (137 * n),
                        ["volume"] = 50 + (11 * n),
                        ["delta"] = Math.Round(right == 'C' ? 0.5 - (0.1 * k) : -0.5 - (0.1 * k), 4),
                        ["gamma"] = Math.Round(0.03 - (0.004 * Math.Abs(k)), 5),
                        ["theta"] = -0.05,
                        ["last_trade_price"] = 1.5,
                    });
                }
            }
        }

        return new JsonObject
        {
            ["timestamp"] = timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["data"] = new JsonObject
            {
                ["symbol"] = "IWM", ["current_price"] = spot, ["close"] = spot, ["prev_day_close"] = spot - 1, ["iv30"] = 21.5,
                ["options"] = options,
            },
        }.ToJsonString();
    }

    /// <summary>A FINRA CNMS file: header, rows, record-count trailer (CRLF, as FINRA writes them).</summary>
    public static string FinraFile(DateOnly day, params (string Symbol, long Short, long Exempt, long Total)[] rows)
    {
        var sb = new StringBuilder("Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\r\n");
        foreach (var (symbol, sv, ex, tv) in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{day:yyyyMMdd}|{symbol}|{sv}|{ex}|{tv}|B,Q,N\r\n");
        sb.Append(rows.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        return sb.ToString();
    }

    private static JsonArray Numbers(IEnumerable<string?> cells) =>
        new([.. cells.Select(c => string.IsNullOrEmpty(c) || c == "null" ? null : JsonNode.Parse(c))]);

    // ---- serving -------------------------------------------------------------------------------------------

    private Task AcceptLoop() => Loopback.AcceptLoop(_listener, Handle, _stop.Token);

    private async Task Handle(HttpListenerContext context)
    {
        var raw = context.Request.RawUrl ?? "/";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? raw : raw[..q];
        var query = System.Web.HttpUtility.ParseQueryString(q < 0 ? "" : raw[(q + 1)..]);
        var headers = Loopback.Headers(context.Request);

        var request = new MarketRequest(context.Request.HttpMethod, raw, path, query, headers, _clock.Elapsed);
        MarketReply? scripted = null;
        lock (_gate)
        {
            _requests.Add(request);
            foreach (var (match, replies) in _scripts)
            {
                if (raw.Contains(match, StringComparison.Ordinal) && replies.TryDequeue(out var r))
                {
                    scripted = r;
                    break;
                }
            }
        }

        var (status, body, type) = Serve(path, query);
        var reply = scripted ?? new MarketReply();
        try
        {
            if (reply.Delay > TimeSpan.Zero)
                await Task.Delay(reply.Delay, _stop.Token);
            if (reply.Status is { } s)
            {
                status = s;
                body = reply.Body ?? "";
                type = reply.ContentType ?? "text/plain";
            }
            else if (reply.Transform is { } transform)
            {
                body = transform(body);
            }

            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = type;
            foreach (var (name, value) in reply.Headers)
                response.Headers[name] = value;
            if (reply.EndlessChunk is { } endless)
            {
                // A chunked body that never ends (bounded here so a broken client cannot keep the test alive forever).
                response.SendChunked = true;
                for (long sent = 0; sent < MarketReply.EndlessCap && !_stop.IsCancellationRequested; sent += endless.Length)
                {
                    await response.OutputStream.WriteAsync(endless, _stop.Token);
                    if (reply.Drip > TimeSpan.Zero)
                    {
                        await response.OutputStream.FlushAsync(_stop.Token);
                        await Task.Delay(reply.Drip, _stop.Token);
                    }
                }
                response.Abort();
                return;
            }

            var bytes = reply.RawBody ?? Encoding.UTF8.GetBytes(body);
            if (reply.CutConnectionAfter is { } cut)
            {
                // Declares the whole length, sends part of it, then drops the connection: a download cut in transit.
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes.AsMemory(0, Math.Min(cut, bytes.Length)), _stop.Token);
                await response.OutputStream.FlushAsync(_stop.Token);
                response.Abort();
                return;
            }

            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stop.Token);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away (a timeout test) or the server is stopping
        }
    }

    private (int Status, string Body, string Type) Serve(string path, NameValueCollection query)
    {
        const string Csv = "text/csv";
        const string Json = "application/json";
        if (path.StartsWith(YahooPath, StringComparison.Ordinal))
        {
            var ticker = Uri.UnescapeDataString(path[YahooPath.Length..]);
            if (!Yahoo.TryGetValue(ticker, out var series))
                return (404, YahooError(), Json);
            var p1 = long.Parse(query["period1"] ?? "0", CultureInfo.InvariantCulture);
            var p2 = long.Parse(query["period2"] ?? "9999999999", CultureInfo.InvariantCulture);
            return (200, YahooChart(ticker, series, p1, p2, WorldDate), Json);
        }

        if (path == FredPath)
        {
            var id = query["id"] ?? "";
            if (!Fred.TryGetValue(id, out var rows))
                return (404, "<!DOCTYPE html><html><head><title>Error - St. Louis Fed</title></head><body>Series not found</body></html>", "text/html");
            var from = query["cosd"] is { } cosd ? DateOnly.ParseExact(cosd, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.MinValue;
            var sb = new StringBuilder($"observation_date,{id}\n");
            foreach (var (date, value) in rows.Where(r => r.Date >= from && r.Date <= WorldDate))
                sb.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},{value}\n");
            return (200, sb.ToString(), Csv);
        }

        if (path == VixPath)
            return Vix is null ? (404, "", Csv) : (200, Vix.Text(WorldDate), Csv);
        if (path == DixPath)
            return Dix is null ? (404, "", Csv) : (200, Dix.Text(WorldDate), Csv);
        if (path == HoldingsPath)
            return HoldingsCsv is null ? (404, "<html><head><title>Page not found</title></head></html>", "text/html") : (200, HoldingsCsv, "text/csv");
        if (path == ChainPath)
            return ChainJson is null ? (404, "{}", Json) : (200, ChainJson, Json);
        if (path.StartsWith(FinraPath + "CNMSshvol", StringComparison.Ordinal) && path.EndsWith(".txt", StringComparison.Ordinal)
            && DateOnly.TryParseExact(path[(FinraPath.Length + 9)..^4], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day <= WorldDate && Finra.TryGetValue(day, out var file))
        {
            return (200, file, "text/plain");
        }

        if (path.StartsWith(FinraPath, StringComparison.Ordinal))
            return (403, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", "application/xml");
        return (404, "not found", "text/plain");
    }
}

/// <summary>One request as the server saw it.</summary>
internal sealed record MarketRequest(string Method, string RawUrl, string Path, NameValueCollection Query, IReadOnlyDictionary<string, string> Headers, TimeSpan ReceivedAt);

/// <summary>
/// A scripted reply: a status with its own body, or the normal content delayed, transformed (e.g. cut short) or cut
/// off in transit. Default: the normal content.
/// </summary>
internal sealed record MarketReply
{
    public int? Status { get; init; }

    public string? Body { get; init; }

    public string? ContentType { get; init; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public TimeSpan Delay { get; init; }

    public Func<string, string>? Transform { get; init; }

    /// <summary>The body as these bytes (e.g. a gzip stream, with a Content-Encoding header), instead of <see cref="Body"/>'s UTF-8.</summary>
    public byte[]? RawBody { get; init; }

    /// <summary>Sends this chunk again and again in a chunked body that does not end (up to <see cref="EndlessCap"/> bytes).</summary>
    public byte[]? EndlessChunk { get; init; }

    /// <summary>The pause after each chunk of an endless body (a slow drip that never times out between reads).</summary>
    public TimeSpan Drip { get; init; }

    /// <summary>How far an "endless" body goes before the server gives up on a client that keeps reading.</summary>
    public const long EndlessCap = 8L << 30;

    /// <summary>Sends this many bytes of the declared length, then drops the connection.</summary>
    public int? CutConnectionAfter { get; init; }

    public static MarketReply Normal => new();

    public static MarketReply Error(int status, string body = "", params (string Name, string Value)[] headers) =>
        new() { Status = status, Body = body, Headers = headers };

    public static MarketReply Html(int status, string title) =>
        new() { Status = status, ContentType = "text/html", Body = $"<!DOCTYPE html>\n<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>" };

    public static MarketReply Text(string body, int status = 200) => new() { Status = status, Body = body };

    public static MarketReply Slow(TimeSpan delay) => new() { Delay = delay };

    public static MarketReply Changed(Func<string, string> transform) => new() { Transform = transform };

    public static MarketReply CutInTransit(int bytes) => new() { CutConnectionAfter = bytes };

    /// <summary>A 200 whose body is <paramref name="gzip"/> declared as <c>Content-Encoding: gzip</c>.</summary>
    public static MarketReply Gzip(byte[] gzip, string contentType = "text/csv") =>
        new() { Status = 200, RawBody = gzip, ContentType = contentType, Headers = [("Content-Encoding", "gzip")] };

    /// <summary>A 200 with a chunked body that never ends, repeating <paramref name="chunk"/>.</summary>
    public static MarketReply Endless(byte[] chunk, TimeSpan drip = default) => new() { Status = 200, EndlessChunk = chunk, Drip = drip };
}

/// <summary>Daily OHLC bars of a Yahoo ticker, with the cells as text (written into the JSON as they are).</summary>
internal sealed record YahooSeries(IReadOnlyList<YahooRow> Rows, bool HasAdjClose, bool HasVolume);

/// <summary>One bar; null or empty cells become JSON null.</summary>
internal sealed record YahooRow(DateOnly Date, string? Open, string? High, string? Low, string? Close, string? AdjClose, string? Volume);

/// <summary>A CSV file as header and dated lines (served up to the world date, with its own line ending).</summary>
internal sealed record DatedLines(string Header, IReadOnlyList<(DateOnly Date, string Line)> Lines, string NewLine)
{
    public string Text(DateOnly upTo)
    {
        var sb = new StringBuilder(Header).Append(NewLine);
        foreach (var (date, line) in Lines)
        {
            if (date <= upTo)
                sb.Append(line).Append(NewLine);
        }

        return sb.ToString();
    }
}
