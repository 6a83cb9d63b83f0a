using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IwmDesk.Data.Fetch;

/// <summary>A cached response: the raw body on disk and what was asked for.</summary>
/// <param name="Source">The source it came from.</param>
/// <param name="Url">The URL it was fetched from.</param>
/// <param name="Key">The cache key: the path and query (the base URL is not part of it).</param>
/// <param name="Item">What it holds (a ticker, a FRED id, a FINRA day, a chain's as-of date); "" when the URL says it all.</param>
/// <param name="FetchedAt">When it was fetched.</param>
/// <param name="BodyPath">The file holding the raw body.</param>
internal sealed record CachedResponse(FetchSource Source, string Url, string Key, string Item, DateTimeOffset FetchedAt, string BodyPath);

/// <summary>
/// Raw responses on disk, <c>DIR/&lt;source&gt;/&lt;stamp&gt;_&lt;hash&gt;_&lt;name&gt;</c> with a <c>.meta.json</c> beside each
/// (url, key, item, fetched_at). One entry per key (path and query) and item: a newer fetch of the same key replaces
/// the older file. The stamp orders entries by fetch time, which is the order an offline run re-imports them in.
/// </summary>
internal sealed class ResponseCache(string root)
{
    private const string MetaSuffix = ".meta.json";
    private static long _sequence;

    public string Root { get; } = root;

    public void Save(FetchSource source, Uri url, string key, string item, string body, DateTimeOffset fetchedAt)
    {
        var dir = Path.Combine(Root, source.Name());
        Directory.CreateDirectory(dir);
        var hash = Hash(key + "\n" + item);
        foreach (var old in Directory.GetFiles(dir, $"*_{hash}_*"))
            File.Delete(old);

        var seq = Interlocked.Increment(ref _sequence) % 1_000_000;
        var stamp = fetchedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)
            + "-" + seq.ToString("D6", CultureInfo.InvariantCulture);
        var name = $"{stamp}_{hash}_{Slug(url, source)}";
        var bodyPath = Path.Combine(dir, name);
        WriteAtomically(bodyPath, Security.SecretRedactor.Shared.Redact(body));
        var meta = JsonSerializer.Serialize(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["url"] = Security.SecretRedactor.Shared.Redact(url.ToString()),
            ["key"] = key,
            ["item"] = item,
            ["fetched_at"] = fetchedAt.ToString("O", CultureInfo.InvariantCulture),
        });
        WriteAtomically(bodyPath + MetaSuffix, meta);
    }

    /// <summary>The cached responses of a source, oldest first; entries whose metadata is unreadable are reported as problems.</summary>
    public IReadOnlyList<CachedResponse> List(FetchSource source, List<string> problems)
    {
        var dir = Path.Combine(Root, source.Name());
        if (!Directory.Exists(dir))
            return [];
        var list = new List<CachedResponse>();
        foreach (var metaPath in Directory.EnumerateFiles(dir, "*" + MetaSuffix).Order(StringComparer.Ordinal))
        {
            var bodyPath = metaPath[..^MetaSuffix.Length];
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(metaPath));
                var r = doc.RootElement;
                list.Add(new CachedResponse(
                    source,
                    r.GetProperty("url").GetString() ?? "",
                    r.GetProperty("key").GetString() ?? "",
                    r.GetProperty("item").GetString() ?? "",
                    DateTimeOffset.Parse(r.GetProperty("fetched_at").GetString() ?? "", CultureInfo.InvariantCulture),
                    bodyPath));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
            {
                problems.Add($"{metaPath}: unreadable cache entry ({ex.GetType().Name}): skipped");
            }
        }

        return list;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static string Slug(Uri url, FetchSource source)
    {
        var last = Uri.UnescapeDataString(url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        var sb = new StringBuilder(last.Length);
        foreach (var c in last)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        var slug = sb.Length == 0 ? "response" : sb.ToString();
        if (slug.Length > 60)
            slug = slug[..60];
        return source == FetchSource.Yahoo ? slug + ".json" : slug;
    }
}
