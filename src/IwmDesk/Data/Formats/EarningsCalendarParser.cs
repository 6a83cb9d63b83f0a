using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IwmDesk.Data.Formats;

/// <summary>
/// Alpha Vantage <c>EARNINGS_CALENDAR</c> snapshots (docs/formats.md): the CSV the API serves
/// (<c>symbol,name,reportDate,fiscalDateEnding,estimate,currency</c>) and the JSON array of the same fields. One file is
/// one snapshot; its date comes from <c>--date</c>, else from the file name's <c>_YYYY-MM-DD</c>. The JSON is read
/// with <see cref="Utf8JsonReader"/> token by token (depth, rows and field lengths bounded), never into a DOM.
/// </summary>
internal static partial class EarningsCalendarParser
{
    /// <summary>The most rows one snapshot may hold (the real ones hold about 2,000; the API's 3-month horizon about 8,000).</summary>
    public const int MaxRows = 200_000;

    /// <summary>The longest name or currency accepted.</summary>
    public const int MaxTextLength = 200;

    private static readonly string[] Fields = ["symbol", "name", "reportDate", "fiscalDateEnding", "estimate", "currency"];

    // symbol, fiscalDateEnding and estimate (indexes into Fields) must be present in every element.
    private static readonly int[] RequiredFields = [0, 3, 4];

    /// <summary>True when a JSON text looks like an earnings-calendar array (its first object names the calendar's fields).</summary>
    public static bool LooksLikeJson(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 4096)).TrimStart();
        return head.StartsWith("[") && head.Contains("\"fiscalDateEnding\"", StringComparison.Ordinal) && head.Contains("\"symbol\"", StringComparison.Ordinal);
    }

    /// <summary>The snapshot date: <c>--date</c>, else the file name's <c>_YYYY-MM-DD</c>; neither is an error.</summary>
    public static DateOnly SnapshotDate(ParseContext ctx)
    {
        if (ctx.SnapshotDate is { } d)
            return d;
        var m = DateInName().Match(ctx.FileName);
        if (m.Success && DateOnly.TryParseExact(m.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var named))
            return named;
        throw ctx.Fail(0, "an earnings-calendar snapshot needs its date: pass --date YYYY-MM-DD or name the file ..._YYYY-MM-DD.json (or .csv)");
    }

    public static ParsedFile ParseCsv(ParseContext ctx, string text)
    {
        var date = SnapshotDate(ctx);
        var cursor = new LineCursor(text);
        var f = new CsvFields();
        var header = CsvReading.ReadHeader(ctx, text, ref cursor, f, ',');
        var iSymbol = header.Require(ctx, "symbol", "symbol");
        var iName = header.Find("name");
        var iReport = header.Find("reportdate");
        var iFiscal = header.Require(ctx, "fiscalDateEnding", "fiscaldateending");
        var iEstimate = header.Require(ctx, "estimate", "estimate");
        var iCurrency = header.Find("currency");
        var parsed = new ParsedFile(DataFileFormat.EarningsCalendarCsv) { ConsensusDate = date };
        var seen = new Dictionary<(string, DateOnly), (ConsensusEstimate Row, int Line)>();
        while (CsvReading.NextRow(ctx, text, ref cursor, f, ',', header.Count))
        {
            var line = cursor.LineNumber;
            var where = string.Empty;
            var row = Build(ctx, line, date,
                f.GetString(iSymbol), iName < 0 ? string.Empty : f.GetString(iName), iReport < 0 ? string.Empty : f.GetString(iReport),
                f.GetString(iFiscal), f.GetString(iEstimate), iCurrency < 0 ? string.Empty : f.GetString(iCurrency), where);
            Add(ctx, parsed, seen, row, line, where);
        }

        if (parsed.Consensus.Count == 0)
            throw ctx.Fail(header.Line, "no data rows after the header");
        return parsed;
    }

    public static ParsedFile ParseJson(ParseContext ctx, string text)
    {
        var date = SnapshotDate(ctx);
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        var parsed = new ParsedFile(DataFileFormat.EarningsCalendarJson) { ConsensusDate = date };
        var seen = new Dictionary<(string, DateOnly), (ConsensusEstimate Row, int Line)>();
        var lines = new LineCounter(bytes);
        var element = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw ctx.Fail(lines.At(reader.TokenStartIndex), "an earnings-calendar JSON file must be an array of {symbol, name, reportDate, fiscalDateEnding, estimate, currency}");
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                    break;
                element++;
                var line = lines.At(reader.TokenStartIndex);
                var where = $"element {element}, ";
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw ctx.Fail(line, $"element {element}: expected an object, found {Describe(reader.TokenType)}");
                if (element > MaxRows)
                    throw ctx.Fail(line, $"more than {MaxRows} rows in one snapshot: refused");
                var values = new string?[Fields.Length];
                var present = new bool[Fields.Length];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString() ?? string.Empty;
                    var k = Array.IndexOf(Fields, name);
                    reader.Read();
                    if (k < 0)
                    {
                        reader.Skip(); // unknown fields are ignored
                        continue;
                    }

                    present[k] = true;
                    values[k] = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.ValueSpan.Length > MaxTextLength * 4
                            ? throw ctx.Fail(line, $"element {element}: field '{name}' is longer than {MaxTextLength} characters")
                            : reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        JsonTokenType.Null => null,
                        var t => throw ctx.Fail(line, $"element {element}: field '{name}' must be a string, a number or null, found {Describe(t)}"),
                    };
                }

                foreach (var required in RequiredFields)
                {
                    if (!present[required])
                        throw ctx.Fail(line, $"element {element}: field '{Fields[required]}' is missing");
                }

                var row = Build(ctx, line, date, values[0] ?? string.Empty, values[1] ?? string.Empty, values[2] ?? string.Empty, values[3] ?? string.Empty,
                    values[4] ?? string.Empty, values[5] ?? string.Empty, where);
                Add(ctx, parsed, seen, row, line, where);
            }

            if (reader.TokenType != JsonTokenType.EndArray)
                throw ctx.Fail(lines.At(reader.TokenStartIndex), "the JSON array is not closed");
            if (reader.Read())
                throw ctx.Fail(lines.At(reader.TokenStartIndex), "text after the JSON array");
        }
        catch (JsonException ex)
        {
            throw ctx.Fail((int)(ex.LineNumber ?? 0) + 1, $"after element {element}: not valid JSON ({FirstSentence(ex.Message)})");
        }

        if (parsed.Consensus.Count == 0)
            throw ctx.Fail(0, "the array holds no rows");
        return parsed;
    }

    private static ConsensusEstimate Build(ParseContext ctx, int line, DateOnly date, string symbol, string name, string report, string fiscal, string estimate, string currency, string where)
    {
        symbol = symbol.Trim().ToUpperInvariant();
        if (InputLimits.SymbolProblem(symbol) is { } bad)
            throw ctx.Fail(line, $"{where}symbol {ParseContext.Show(symbol)} {bad}");
        if (name.Length > MaxTextLength || currency.Length > MaxTextLength)
            throw ctx.Fail(line, $"{where}{symbol}: name or currency is longer than {MaxTextLength} characters");
        if (!DateOnly.TryParseExact(fiscal.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var fiscalDate))
            throw ctx.Fail(line, $"{where}{symbol}: fiscalDateEnding {ParseContext.Show(fiscal)} is not a yyyy-MM-dd date");
        DateOnly? reportDate = null;
        if (!CsvReading.IsMissing(report.Trim()))
        {
            if (!DateOnly.TryParseExact(report.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var rd))
                throw ctx.Fail(line, $"{where}{symbol}: reportDate {ParseContext.Show(report)} is not a yyyy-MM-dd date");
            reportDate = rd;
        }

        double? value = null;
        var e = estimate.Trim();
        if (!CsvReading.IsMissing(e))
        {
            if (!ParseContext.TryNumber(e, out var v))
                throw ctx.Fail(line, $"{where}{symbol}: estimate {ParseContext.Show(e)} is not a number (or empty/null)");
            if (!(Math.Abs(v) <= InputLimits.MaxValue))
                throw ctx.Fail(line, $"{where}{symbol}: estimate {ParseContext.Show(e)} is beyond the accepted size");
            value = v;
        }

        return new ConsensusEstimate(date, symbol, name.Trim(), reportDate, fiscalDate, value, currency.Trim());
    }

    private static void Add(ParseContext ctx, ParsedFile parsed, Dictionary<(string, DateOnly), (ConsensusEstimate Row, int Line)> seen, ConsensusEstimate row, int line, string where)
    {
        var key = (row.Symbol, row.FiscalDateEnding);
        if (seen.TryGetValue(key, out var first))
        {
            if (first.Row != row)
                throw ctx.Fail(line, $"{where}{row.Symbol} for the quarter ending {row.FiscalDateEnding:yyyy-MM-dd} appears again with different values");
            parsed.Skipped.Add("identical duplicate row", line);
            return;
        }

        if (parsed.Consensus.Count >= MaxRows)
            throw ctx.Fail(line, $"more than {MaxRows} rows in one snapshot: refused");
        seen.Add(key, (row, line));
        parsed.Consensus.Add(row);
    }

    /// <summary>
    /// The 1-based line of a byte offset, counting only the bytes since the previous call (offsets only grow while the
    /// reader moves on), so numbering every element costs one pass over the file, not one pass per element.
    /// </summary>
    private sealed class LineCounter(byte[] bytes)
    {
        private int _offset;
        private int _line = 1;

        public int At(long index)
        {
            var end = (int)Math.Min(index, bytes.Length);
            if (end < _offset)
                (_offset, _line) = (0, 1);
            _line += bytes.AsSpan(_offset, end - _offset).Count((byte)'\n');
            _offset = end;
            return _line;
        }
    }

    private static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd('.');
    }

    [GeneratedRegex(@"_(?<date>\d{4}-\d{2}-\d{2})(\.[A-Za-z0-9]+)*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DateInName();
}
