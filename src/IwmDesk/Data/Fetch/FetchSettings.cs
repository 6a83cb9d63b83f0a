using System.Globalization;
using System.Text.Json;
using IwmDesk.Config;

namespace IwmDesk.Data.Fetch;

/// <summary>
/// Where the sources live and how politely to ask them. Each base URL replaces the scheme, host and port (and may add
/// a path prefix) of the real service; the paths after it stay as the real services have them.
/// </summary>
public sealed record FetchSettings
{
    /// <summary>A browser-like User-Agent, sent to the hosts that refuse plain clients (Yahoo, CBOE, FINRA).</summary>
    public const string DefaultBrowserUserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    /// <summary>The User-Agent sent to the other hosts (FRED, SqueezeMetrics).</summary>
    public const string DefaultPlainUserAgent = "iwmdesk/1.0 (+https://github.com/iwmdesk)";

    /// <summary>Yahoo Finance chart API (default <c>https://query1.finance.yahoo.com</c>).</summary>
    public Uri YahooUrl { get; init; } = new("https://query1.finance.yahoo.com");

    /// <summary>FRED (default <c>https://fred.stlouisfed.org</c>).</summary>
    public Uri FredUrl { get; init; } = new("https://fred.stlouisfed.org");

    /// <summary>CBOE's CDN, for both the VIX history and the delayed-quotes chain (default <c>https://cdn.cboe.com</c>).</summary>
    public Uri CboeUrl { get; init; } = new("https://cdn.cboe.com");

    /// <summary>FINRA's CDN (default <c>https://cdn.finra.org</c>).</summary>
    public Uri FinraUrl { get; init; } = new("https://cdn.finra.org");

    /// <summary>SqueezeMetrics (default <c>https://squeezemetrics.com</c>).</summary>
    public Uri DixUrl { get; init; } = new("https://squeezemetrics.com");

    /// <summary>iShares, for the fund holdings download (default <c>https://www.ishares.com</c>).</summary>
    public Uri IsharesUrl { get; init; } = new("https://www.ishares.com");
    /// <summary>Alpha Vantage's base URL (EARNINGS_CALENDAR is asked at <c>/query</c>).</summary>
    public Uri AlphaVantageUrl { get; init; } = new("https://www.alphavantage.co");

    /// <summary>
    /// The user's Alpha Vantage key (env <c>IWMDESK_ALPHAVANTAGE_KEY</c> or <c>sources.alphavantage_key</c> in the config
    /// file); null: the source is skipped. It is registered with the secret redactor and never printed, logged, cached
    /// or stored (docs/fetch.md).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? AlphaVantageKey { get; init; }

    /// <summary>The least time between the starts of two requests to the same host (default 250 ms).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Time allowed for one request, body included (default 30 s); a timeout is retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries per request, the first included (default 4): 408, 429, 5xx, timeouts and dropped connections are retried.</summary>
    public int MaxTries { get; init; } = 4;

    /// <summary>First retry wait when the server gives no Retry-After; doubled on each further try (default 1 s).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait honoured from a Retry-After header (default 60 s); longer requests are cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Total time allowed for one request: every try, the retry waits and reading the body (default 120 s). A request
    /// still unanswered then fails with "no complete response within … (deadline)".
    /// </summary>
    public TimeSpan RequestDeadline { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The most bytes one response may have after decompression, for every source (null: each source's own default,
    /// <see cref="DefaultMaxResponseBytes"/>). A larger response is refused, stores nothing and is not cached.
    /// </summary>
    public long? MaxResponseBytes { get; init; }

    /// <summary>
    /// The size a source's response may have (decompressed) by default: 64 MiB for the option chain, 8 MiB for the
    /// iShares holdings (IWM's file is about 0.6 MB for 2,000 rows), 16 MiB for the rest (the real files are under 2 MB).
    /// </summary>
    public static long DefaultMaxResponseBytes(FetchSource source) => source switch
    {
        FetchSource.CboeChain => 64L << 20,
        FetchSource.IsharesHoldings => 8L << 20,
        _ => 16L << 20,
    };

    /// <summary>The size limit applied to <paramref name="source"/>'s responses.</summary>
    public long MaxResponseBytesOf(FetchSource source) => MaxResponseBytes ?? DefaultMaxResponseBytes(source);

    /// <summary>User-Agent for Yahoo, CBOE and FINRA.</summary>
    public string BrowserUserAgent { get; init; } = DefaultBrowserUserAgent;

    /// <summary>User-Agent for FRED and SqueezeMetrics.</summary>
    public string PlainUserAgent { get; init; } = DefaultPlainUserAgent;

    /// <summary>Where each setting came from (<c>default</c>, <c>env IWMDESK_YAHOO_URL</c>, <c>config PATH</c>, <c>code</c>).</summary>
    public IReadOnlyDictionary<string, string> Origins { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Settings with every source at <paramref name="baseUrl"/> (a mirror, or a test server).</summary>
    public static FetchSettings AllAt(Uri baseUrl) => new()
    {
        YahooUrl = baseUrl, FredUrl = baseUrl, CboeUrl = baseUrl, FinraUrl = baseUrl, DixUrl = baseUrl, IsharesUrl = baseUrl, AlphaVantageUrl = baseUrl,
    };

    /// <summary>The base URLs only: the key never reaches a string.</summary>
    public override string ToString() =>
        $"FetchSettings {{ Yahoo = {YahooUrl}, FRED = {FredUrl}, CBOE = {CboeUrl}, FINRA = {FinraUrl}, DIX = {DixUrl}, Alpha Vantage = {AlphaVantageUrl}, key = {(AlphaVantageKey is null ? "none" : Security.SecretRedactor.Mask)} }}";

    /// <summary>The base URL of a source.</summary>
    public Uri BaseUrlOf(FetchSource source) => source switch
    {
        FetchSource.Yahoo => YahooUrl,
        FetchSource.Fred => FredUrl,
        FetchSource.CboeVix or FetchSource.CboeRvx or FetchSource.CboeChain => CboeUrl,
        FetchSource.Finra => FinraUrl,
        FetchSource.Dix => DixUrl,
        FetchSource.IsharesHoldings => IsharesUrl,
        FetchSource.AlphaVantage => AlphaVantageUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown source"),
    };

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    internal void Validate()
    {
        if (Problem() is { } p)
            throw new ArgumentOutOfRangeException(p.Name, p.Text);
    }

    /// <summary>The first invalid value (its config key and what is wrong), or null.</summary>
    internal (string Name, string Text)? Problem()
    {
        foreach (var (name, url) in new[] { ("yahoo_url", YahooUrl), ("fred_url", FredUrl), ("cboe_url", CboeUrl), ("finra_url", FinraUrl), ("dix_url", DixUrl), ("ishares_url", IsharesUrl), ("alphavantage_url", AlphaVantageUrl) })
        {
            if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Query.Length > 0)
                return (name, $"{name} must be an absolute http(s) URL without a query");
        }

        if (MinInterval < TimeSpan.Zero || MinInterval > TimeSpan.FromMinutes(1))
            return ("min_interval_ms", "min_interval_ms must be between 0 and 60000");
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(1))
            return ("timeout_seconds", "timeout_seconds must be more than 0 and at most 3600");
        if (MaxTries is < 1 or > 20)
            return ("max_tries", "max_tries must be between 1 and 20");
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(10))
            return ("retry_base_delay_ms", "retry_base_delay_ms must be between 0 and 600000");
        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > TimeSpan.FromHours(1))
            return ("max_retry_after_seconds", "max_retry_after_seconds must be between 0 and 3600");
        if (RequestDeadline <= TimeSpan.Zero || RequestDeadline > TimeSpan.FromHours(2))
            return ("request_deadline_seconds", "request_deadline_seconds must be more than 0 and at most 7200");
        if (MaxResponseBytes is { } max && (max < 1 || max > 1L << 30))
            return ("max_response_mb", "max_response_mb must be more than 0 and at most 1024");
        return null;
    }

    /// <summary>An absolute URL: the source's base (scheme, host, port and any path prefix) followed by the real service's path and query.</summary>
    internal Uri Url(FetchSource source, string pathAndQuery)
    {
        var b = BaseUrlOf(source);
        var prefix = b.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(prefix + pathAndQuery, UriKind.Absolute);
    }
}

/// <summary>
/// Resolves <see cref="FetchSettings"/>: environment &gt; config file &gt; default. Environment: <c>IWMDESK_YAHOO_URL</c>,
/// <c>IWMDESK_FRED_URL</c>, <c>IWMDESK_CBOE_URL</c> (both CBOE paths), <c>IWMDESK_FINRA_URL</c>, <c>IWMDESK_DIX_URL</c>, <c>IWMDESK_ISHARES_URL</c>.
/// Config file: the one the model client reads (<see cref="ConfigLocation.DefaultPath"/>, or the path given),
/// section <c>"sources": {"yahoo_url", "fred_url", "cboe_url", "finra_url", "dix_url", "ishares_url", "min_interval_ms",
/// "timeout_seconds", "max_tries", "retry_base_delay_ms", "max_retry_after_seconds", "request_deadline_seconds",
/// "max_response_mb"}</c>, all optional.
/// </summary>
public static class FetchSettingsResolver
{
    /// <summary>Environment variable of the Yahoo base URL.</summary>
    public const string YahooVariable = "IWMDESK_YAHOO_URL";

    /// <summary>Environment variable of the FRED base URL.</summary>
    public const string FredVariable = "IWMDESK_FRED_URL";

    /// <summary>Environment variable of the CBOE base URL (VIX history and option chain).</summary>
    public const string CboeVariable = "IWMDESK_CBOE_URL";

    /// <summary>Environment variable of the FINRA base URL.</summary>
    public const string FinraVariable = "IWMDESK_FINRA_URL";

    /// <summary>Environment variable of the SqueezeMetrics base URL.</summary>
    public const string DixVariable = "IWMDESK_DIX_URL";

    /// <summary>Environment variable of the iShares base URL (fund holdings).</summary>
    public const string IsharesVariable = "IWMDESK_ISHARES_URL";

    /// <summary>Environment variable overriding Alpha Vantage's base URL (tests, a proxy).</summary>
    public const string AlphaVantageUrlVariable = "IWMDESK_ALPHAVANTAGE_URL";

    /// <summary>Environment variable holding the user's Alpha Vantage key (wins over <c>sources.alphavantage_key</c>).</summary>
    public const string AlphaVantageKeyVariable = "IWMDESK_ALPHAVANTAGE_KEY";

    private static readonly string[] UrlKeys = ["yahoo_url", "fred_url", "cboe_url", "finra_url", "dix_url", "ishares_url", "alphavantage_url"];

    private static readonly string[] SecretKeys = ["alphavantage_key"];

    private static readonly string[] NumberKeys =
        ["min_interval_ms", "timeout_seconds", "max_tries", "retry_base_delay_ms", "max_retry_after_seconds", "request_deadline_seconds", "max_response_mb"];

    /// <summary>Resolves the settings.</summary>
    /// <param name="configPath">A config file to read instead of the default one (it must exist); null for the default.</param>
    /// <param name="environment">Reads an environment variable; defaults to the process environment.</param>
    /// <exception cref="IwmDeskException">A URL or number is invalid, or the config file is malformed (or, when named, missing).</exception>
    public static FetchSettings Resolve(string? configPath = null, Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var path = configPath ?? ConfigLocation.DefaultPath(env);
        var named = configPath is not null || !string.IsNullOrEmpty(env(ConfigLocation.Variable));
        var config = ReadConfig(path, named);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        var defaults = new FetchSettings();

        Uri PickUrl(string key, string variable, Uri fallback)
        {
            if (env(variable) is { Length: > 0 } fromEnv && !string.IsNullOrWhiteSpace(fromEnv))
            {
                origins[key] = "env " + variable;
                return ParseUrl(fromEnv, "env " + variable);
            }

            if (config.TryGetValue(key, out var fromConfig) && fromConfig.ValueKind != JsonValueKind.Null)
            {
                origins[key] = "config " + path;
                if (fromConfig.ValueKind != JsonValueKind.String)
                    throw new DataFormatException(path, 0, $"sources.{key} must be a string");
                return ParseUrl(fromConfig.GetString() ?? "", $"{path}: sources.{key}");
            }

            origins[key] = "default";
            return fallback;
        }

        double? Number(string key)
        {
            if (!config.TryGetValue(key, out var e) || e.ValueKind == JsonValueKind.Null)
                return null;
            if (e.ValueKind != JsonValueKind.Number || !double.IsFinite(e.GetDouble()) || e.GetDouble() < 0)
                throw new DataFormatException(path, 0, $"sources.{key} must be a number ≥ 0");
            origins[key] = "config " + path;
            return Math.Min(e.GetDouble(), 1e9); // far beyond every limit: Problem() names it, and TimeSpan cannot overflow

        }

        string? Key()
        {
            if (env(AlphaVantageKeyVariable) is { } fromEnv && !string.IsNullOrWhiteSpace(fromEnv))
            {
                origins["alphavantage_key"] = "env " + AlphaVantageKeyVariable;
                Security.SecretRedactor.Shared.Register(fromEnv.Trim(), "Alpha Vantage key");
                return fromEnv.Trim();
            }

            if (config.TryGetValue("alphavantage_key", out var e) && e.ValueKind != JsonValueKind.Null)
            {
                if (e.ValueKind != JsonValueKind.String)
                    throw new DataFormatException(path, 0, "sources.alphavantage_key must be a string");
                var k = e.GetString()?.Trim();
                if (string.IsNullOrEmpty(k))
                    return null;
                origins["alphavantage_key"] = "config " + path;
                Security.SecretRedactor.Shared.Register(k, "Alpha Vantage key");
                return k;
            }

            return null;
        }

        var settings = new FetchSettings
        {
            YahooUrl = PickUrl("yahoo_url", YahooVariable, defaults.YahooUrl),
            FredUrl = PickUrl("fred_url", FredVariable, defaults.FredUrl),
            CboeUrl = PickUrl("cboe_url", CboeVariable, defaults.CboeUrl),
            FinraUrl = PickUrl("finra_url", FinraVariable, defaults.FinraUrl),
            DixUrl = PickUrl("dix_url", DixVariable, defaults.DixUrl),
            IsharesUrl = PickUrl("ishares_url", IsharesVariable, defaults.IsharesUrl),
            AlphaVantageUrl = PickUrl("alphavantage_url", AlphaVantageUrlVariable, defaults.AlphaVantageUrl),
            AlphaVantageKey = Key(),
            MinInterval = Number("min_interval_ms") is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.MinInterval,
            Timeout = Number("timeout_seconds") is { } s ? TimeSpan.FromSeconds(s) : defaults.Timeout,
            MaxTries = Number("max_tries") is { } t ? (t == Math.Floor(t) && t <= 1000 ? (int)t : throw new DataFormatException(path, 0, "sources.max_tries must be a whole number")) : defaults.MaxTries,
            RetryBaseDelay = Number("retry_base_delay_ms") is { } rb ? TimeSpan.FromMilliseconds(rb) : defaults.RetryBaseDelay,
            MaxRetryAfter = Number("max_retry_after_seconds") is { } ra ? TimeSpan.FromSeconds(ra) : defaults.MaxRetryAfter,
            RequestDeadline = Number("request_deadline_seconds") is { } dl ? TimeSpan.FromSeconds(Math.Min(dl, 1e6)) : defaults.RequestDeadline,
            MaxResponseBytes = Number("max_response_mb") is { } mb ? (long)Math.Min(mb * (1 << 20), long.MaxValue / 2) : null,
            Origins = origins,
        };
        if (settings.Problem() is { } problem)
            throw new IwmDeskException($"{path}: sources.{problem.Text}");
        return settings;
    }

    private static Uri ParseUrl(string value, string source)
    {
        var v = value.Trim();
        if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new IwmDeskException($"{source}: '{value}' is not an http(s) URL (expected e.g. http://127.0.0.1:8080)");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new IwmDeskException($"{source}: '{value}' must not carry a query or fragment: give the scheme, host and port (and an optional path prefix)");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new IwmDeskException($"{source}: the URL must not carry credentials");
        return uri;
    }

    private static Dictionary<string, JsonElement> ReadConfig(string path, bool named)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            if (named)
                throw new IwmDeskException($"{path}: config file not found");
            return result;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IwmDeskException($"{path}: cannot read the config file: {ex.Message}", ex);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new DataFormatException(path, (int)(ex.LineNumber ?? -1) + 1, "not valid JSON: " + FirstLine(ex.Message));
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, 0, "the config file must hold a JSON object");
            if (!doc.RootElement.TryGetProperty("sources", out var sources) || sources.ValueKind == JsonValueKind.Null)
                return result;
            if (sources.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, 0, "\"sources\" must be an object");
            foreach (var p in sources.EnumerateObject())
            {
                if (!UrlKeys.Contains(p.Name, StringComparer.Ordinal) && !NumberKeys.Contains(p.Name, StringComparer.Ordinal) && !SecretKeys.Contains(p.Name, StringComparer.Ordinal))
                {
                    throw new DataFormatException(path, 0,
                        string.Create(CultureInfo.InvariantCulture, $"unknown key sources.{p.Name} (known: {string.Join(", ", UrlKeys.Concat(NumberKeys).Concat(SecretKeys))})"));
                }

                result[p.Name] = p.Value.Clone();
            }
        }

        return result;
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
