using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IwmDesk.Data.Formats;

/// <summary>
/// The Yahoo Finance chart API's JSON (<c>/v8/finance/chart/SYMBOL?...&amp;interval=1d&amp;includeAdjustedClose=true</c>):
/// <c>chart.result[0].timestamp[]</c> (epoch seconds of each session's open), <c>indicators.quote[0].{open,high,low,close,volume}[]</c>
/// and <c>indicators.adjclose[0].adjclose[]</c>, aligned by index; <c>chart.error</c> when the request failed. Values can be null.
/// </summary>
internal static class YahooChartParser
{
    /// <summary>Yahoo tickers whose series go by another name in the store.</summary>
    private static readonly Dictionary<string, string> SeriesNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DX-Y.NYB"] = "DXY",
    };

    /// <summary>True when the JSON text's first top-level property is <c>chart</c> (the chart API's envelope).</summary>
    public static bool LooksLikeChart(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Length > 4096 ? text[..4096] : text);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("chart"u8);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The store's series name for a Yahoo ticker: <c>^VIX</c> → VIX, <c>DX-Y.NYB</c> → DXY, <c>iwm</c> → IWM.</summary>
    public static string SeriesName(string ticker) =>
        SeriesNames.TryGetValue(ticker.Trim(), out var name) ? name : CsvReading.Symbol(ticker);

    public static ParsedFile Parse(ParseContext ctx, string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw ctx.Fail((int)(ex.LineNumber ?? -1) + 1, "invalid JSON: " + FirstSentence(ex.Message));
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("chart", out var chart) || chart.ValueKind != JsonValueKind.Object)
                throw ctx.Fail(0, "JSON is not a Yahoo chart response (expected a top-level 'chart' object)");
            if (chart.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                throw ctx.Fail(0, "chart.error: " + DescribeError(error));
            if (!chart.TryGetProperty("result", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0)
                throw ctx.Fail(0, "chart.result is missing or empty");
            var result = results[0];
            if (result.ValueKind != JsonValueKind.Object)
                throw ctx.Fail(0, "chart.result[0] is not an object");

            long gmtOffset = 0;
            string? ticker = null;
            if (result.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
            {
                if (meta.TryGetProperty("gmtoffset", out var off) && off.ValueKind == JsonValueKind.Number && off.TryGetInt64(out var o))
                    gmtOffset = o;
                if (meta.TryGetProperty("symbol", out var sym) && sym.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(sym.GetString()))
                    ticker = sym.GetString();
            }

            var name = !string.IsNullOrWhiteSpace(ctx.SymbolOption) ? CsvReading.Symbol(ctx.SymbolOption)
                : ticker is not null ? SeriesName(ticker)
                : throw ctx.Fail(0, "chart.result[0].meta.symbol is missing: pass --symbol");

            var parsed = new ParsedFile(DataFileFormat.YahooChartJson) { DeclaredSymbol = ticker };
            if (!result.TryGetProperty("timestamp", out var stamps) || stamps.ValueKind == JsonValueKind.Null)
            {
                // Yahoo's answer for a range without sessions (a weekend, or nothing new yet): meta only, no bars.
                parsed.Series.Add((name, []));
                return parsed;
            }

            if (stamps.ValueKind != JsonValueKind.Array)
                throw ctx.Fail(0, "chart.result[0].timestamp is not an array");
            var n = stamps.GetArrayLength();
            const string QuotePath = "chart.result[0].indicators.quote[0]";
            if (!result.TryGetProperty("indicators", out var indicators) || indicators.ValueKind != JsonValueKind.Object
                || !indicators.TryGetProperty("quote", out var quotes) || quotes.ValueKind != JsonValueKind.Array || quotes.GetArrayLength() == 0
                || quotes[0].ValueKind != JsonValueKind.Object)
            {
                throw ctx.Fail(0, $"{QuotePath} is missing");
            }

            var quote = quotes[0];
            var close = Column(ctx, quote, "close", QuotePath, n, required: true);
            var open = Column(ctx, quote, "open", QuotePath, n, required: false);
            var high = Column(ctx, quote, "high", QuotePath, n, required: false);
            var low = Column(ctx, quote, "low", QuotePath, n, required: false);
            var volume = Column(ctx, quote, "volume", QuotePath, n, required: false);
            JsonElement? adj = null;
            const string AdjPath = "chart.result[0].indicators.adjclose[0]";
            if (indicators.TryGetProperty("adjclose", out var adjs) && adjs.ValueKind == JsonValueKind.Array && adjs.GetArrayLength() > 0
                && adjs[0].ValueKind == JsonValueKind.Object)
            {
                adj = Column(ctx, adjs[0], "adjclose", AdjPath, n, required: false);
            }

            // Yahoo may send the current session twice (the bar at the open, then the live one): the later one is kept.
            var byDate = new Dictionary<DateOnly, int>();
            var bars = new List<DailyBar>(n);
            var i = 0;
            foreach (var stamp in stamps.EnumerateArray())
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"chart.result[0].timestamp[{i}]");
                if (stamp.ValueKind != JsonValueKind.Number || !stamp.TryGetInt64(out var seconds))
                    throw ctx.Fail(0, $"{where}: {Show(stamp)} is not a whole number of seconds");
                DateOnly date;
                try
                {
                    date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(seconds + gmtOffset).UtcDateTime);
                }
                catch (ArgumentOutOfRangeException)
                {
                    throw ctx.Fail(0, $"{where}: {seconds} is not a time");
                }

                var c = Value(ctx, close, i, QuotePath, "close", positive: true);
                if (double.IsNaN(c))
                {
                    parsed.Skipped.Add("missing close (null)", 0);
                    i++;
                    continue;
                }

                var bar = new DailyBar(
                    date,
                    Value(ctx, open, i, QuotePath, "open", positive: true),
                    Value(ctx, high, i, QuotePath, "high", positive: true),
                    Value(ctx, low, i, QuotePath, "low", positive: true),
                    c,
                    Value(ctx, adj, i, AdjPath, "adjclose", positive: true),
                    Value(ctx, volume, i, QuotePath, "volume", positive: false));
                if (byDate.TryGetValue(date, out var at))
                {
                    if (bars[at] != bar)
                        parsed.Skipped.Add("same session sent twice (the later bar kept)", 0);
                    else
                        parsed.Skipped.Add("identical duplicate bar", 0);
                    bars[at] = bar;
                }
                else
                {
                    byDate[date] = bars.Count;
                    bars.Add(bar);
                }

                i++;
            }

            bars.Sort(static (a, b) => a.Date.CompareTo(b.Date));
            parsed.Series.Add((name, [.. bars]));
            return parsed;
        }
    }

    private static JsonElement? Column(ParseContext ctx, JsonElement quote, string name, string path, int n, bool required)
    {
        if (!quote.TryGetProperty(name, out var column) || column.ValueKind == JsonValueKind.Null)
        {
            if (required && n > 0)
                throw ctx.Fail(0, $"{path}.{name} is missing");
            return null;
        }

        if (column.ValueKind != JsonValueKind.Array)
            throw ctx.Fail(0, $"{path}.{name} is not an array");
        if (column.GetArrayLength() != n)
        {
            throw ctx.Fail(0, string.Create(CultureInfo.InvariantCulture,
                $"{path}.{name} has {column.GetArrayLength()} values but chart.result[0].timestamp has {n} (truncated response?)"));
        }

        return column;
    }

    private static double Value(ParseContext ctx, JsonElement? column, int i, string path, string name, bool positive)
    {
        if (column is not { } c)
            return double.NaN;
        var v = c[i];
        if (v.ValueKind == JsonValueKind.Null)
            return double.NaN;
        var where = string.Create(CultureInfo.InvariantCulture, $"{path}.{name}[{i}]");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
            throw ctx.Fail(0, $"{where}: {Show(v)} is not a number");
        if (positive && !(d > 0))
            throw ctx.Fail(0, $"{where}: price {Show(v)} is not positive");
        if (!positive && d < 0)
            throw ctx.Fail(0, $"{where}: {Show(v)} is negative");
        return d;
    }

    private static string DescribeError(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var description = error.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (code is not null || description is not null)
                return string.Join(": ", new[] { code, description }.Where(s => !string.IsNullOrWhiteSpace(s)));
        }

        return Show(error);
    }

    private static string Show(JsonElement e)
    {
        var raw = e.GetRawText();
        return raw.Length > 60 ? raw[..60] + "..." : raw;
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i < 0 ? message : message[..i];
    }
}
