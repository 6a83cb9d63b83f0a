using System.Text.Json;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Data.Fetch;

/// <summary>
/// Alpha Vantage <c>EARNINGS_CALENDAR</c> (3-month horizon, served as CSV) with the user's key, stored as today's
/// consensus snapshot (a later fetch the same day replaces it). No key: skipped with one note, never a failure. The key
/// travels in the request's query only: the cache key, the shown URL, every message and the store never hold it.
/// </summary>
internal sealed class EarningsCalendarJob(FetchRun run) : SourceJob(run, FetchSource.AlphaVantage)
{
    /// <summary>The request without the key (also the cache key).</summary>
    public const string PathAndQuery = "/query?function=EARNINGS_CALENDAR&horizon=3month";

    /// <summary>The note of a run without a key.</summary>
    public const string NoKeyNote =
        "no Alpha Vantage key (set IWMDESK_ALPHAVANTAGE_KEY or sources.alphavantage_key in the config file): skipped";

    protected override bool BrowserAgent => false;

    protected override string? SkipReason => string.IsNullOrWhiteSpace(Run.Settings.AlphaVantageKey) ? NoKeyNote : null;

    protected override DataFileFormat Expected => DataFileFormat.EarningsCalendarCsv;

    protected override DateOnly? SnapshotDateOf(FetchRequest request) =>
        DateOnly.TryParseExact(request.Item, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : Run.Today;

    protected override IReadOnlyList<FetchRequest> Plan(MarketStore store)
    {
        var key = Run.Settings.AlphaVantageKey;
        if (string.IsNullOrWhiteSpace(key))
            return [];

        Security.SecretRedactor.Shared.Register(key, "Alpha Vantage key");
        var url = Run.Settings.Url(FetchSource.AlphaVantage, PathAndQuery + "&apikey=" + Uri.EscapeDataString(key));
        var shown = Run.Settings.Url(FetchSource.AlphaVantage, PathAndQuery + "&apikey=" + Security.SecretRedactor.Mask).ToString();
        return [new FetchRequest(url, PathAndQuery, "", "EARNINGS_CALENDAR 3month", null) { Shown = shown }];
    }

    // Offline: the cached body is re-imported as the snapshot of the day it was fetched (the cache item).
    protected override FetchRequest? FromCache(CachedResponse entry) =>
        new(new Uri(entry.Url), entry.Key, entry.Item, "EARNINGS_CALENDAR (cached)", null);

    protected override string CacheItem(FetchRequest request, ParsedFile parsed) =>
        parsed.ConsensusDate is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : request.Item;

    /// <summary>Alpha Vantage answers a bad key or a spent quota with HTTP 200 and a JSON note instead of the CSV.</summary>
    protected override void CheckBody(string body)
    {
        var head = body.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (!head.StartsWith("{"))
            return;
        var message = "a JSON object instead of the calendar CSV";
        try
        {
            using var doc = JsonDocument.Parse(body.Length > 64 * 1024 ? body[..(64 * 1024)] : body);
            foreach (var name in new[] { "Error Message", "Information", "Note" })
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                {
                    var text = v.GetString() ?? string.Empty;
                    message = "Alpha Vantage says: " + (text.Length > 200 ? text[..197] + "..." : text);
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // keep the generic message
        }

        // The vendor may echo the key: it is cut out here, not only by the process-wide redactor at the output.
        if (Run.Settings.AlphaVantageKey is { Length: > 0 } key)
            message = message.Replace(key, Security.SecretRedactor.Mask, StringComparison.Ordinal);
        throw new BadResponseException(Security.SecretRedactor.Shared.Redact(message));
    }
}
