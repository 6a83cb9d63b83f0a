using System.Globalization;
using System.Text.Json;

namespace IwmDesk.Data.Formats;

/// <summary>Option-chain files: the plain chain CSV, CBOE's quotedata CSV and CBOE's delayed-quotes JSON.</summary>
internal static class ChainParsers
{
    /// <summary>
    /// <c>as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol,bid,ask,volume,delta,gamma</c> (header-driven;
    /// bid, ask, volume, delta, gamma optional; empty cells are NaN). One snapshot per (underlying, as_of) in the file.
    /// </summary>
    public static ParsedFile ParseChainCsv(ParseContext ctx, string text)
    {
        var cursor = new LineCursor(text);
        var f = new CsvFields();
        var header = CsvReading.ReadHeader(ctx, text, ref cursor, f, ',');
        var iAsOf = header.Require(ctx, "as_of", "asof");
        var iUnd = header.Require(ctx, "underlying", "underlying");
        var iSpot = header.Require(ctx, "spot", "spot");
        var iExp = header.Require(ctx, "expiry", "expiry", "expiration");
        var iType = header.Require(ctx, "type", "type", "right");
        var iStrike = header.Require(ctx, "strike", "strike");
        var iOi = header.Require(ctx, "open_interest", "openinterest", "oi");
        var iIv = header.Require(ctx, "implied_vol", "impliedvol", "iv");
        var iBid = header.Find("bid");
        var iAsk = header.Find("ask");
        var iVol = header.Find("volume");
        var iDelta = header.Find("delta");
        var iGamma = header.Find("gamma");

        var builders = new Dictionary<(string, DateOnly), ChainBuilder>();
        var order = new List<ChainBuilder>();
        var rows = 0;
        while (CsvReading.NextRow(ctx, text, ref cursor, f, ',', header.Count))
        {
            var line = cursor.LineNumber;
            rows++;
            var asOfCell = f[iAsOf];
            TimeOnly? time = null;
            if (asOfCell.Length > 10 && (asOfCell[10] == 'T' || asOfCell[10] == ' '))
            {
                var timePart = asOfCell[11..];
                if (!TimeOnly.TryParseExact(timePart, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                    throw ctx.Fail(line, $"column '{header.Names[iAsOf]}': {ParseContext.Show(asOfCell)} is not a date or a 'yyyy-MM-dd HH:mm' time (ET)");
                time = t;
                asOfCell = asOfCell[..10];
            }

            var asOf = ctx.Date(asOfCell, line, header.Names[iAsOf], DateStyle.Iso);
            var underlying = CsvReading.Symbol(f.GetString(iUnd));
            if (underlying.Length == 0)
                throw ctx.Fail(line, $"column '{header.Names[iUnd]}' is empty");
            var spot = ctx.Positive(f[iSpot], line, header.Names[iSpot]);
            if (!builders.TryGetValue((underlying, asOf), out var chain))
            {
                chain = new ChainBuilder(underlying, asOf, spot, line) { Time = time, Source = ctx.FileName };
                builders.Add((underlying, asOf), chain);
                order.Add(chain);
            }
            else if (chain.Time != time)
            {
                throw ctx.Fail(line, $"time of day differs from line {chain.Line} in the same {underlying} {asOf:yyyy-MM-dd} snapshot");
            }
            else if (chain.Spot != spot)
            {
                throw ctx.Fail(line, $"spot {spot.ToString(CultureInfo.InvariantCulture)} differs from {chain.Spot.ToString(CultureInfo.InvariantCulture)} (line {chain.Line}) in the same {underlying} {asOf:yyyy-MM-dd} snapshot");
            }

            var quote = new OptionQuote(
                ctx.Date(f[iExp], line, header.Names[iExp], DateStyle.Iso),
                Right(ctx, f[iType], line, header.Names[iType]),
                ctx.Positive(f[iStrike], line, header.Names[iStrike]),
                Optional(ctx, f, header, iOi, line, nonNegative: true),
                Optional(ctx, f, header, iIv, line, nonNegative: true),
                Optional(ctx, f, header, iBid, line, nonNegative: true),
                Optional(ctx, f, header, iAsk, line, nonNegative: true),
                Optional(ctx, f, header, iVol, line, nonNegative: true),
                Optional(ctx, f, header, iDelta, line, nonNegative: false),
                Optional(ctx, f, header, iGamma, line, nonNegative: false));
            chain.Add(ctx, quote, line);
        }

        if (rows == 0)
            throw ctx.Fail(header.Line, "no data rows after the header");
        var parsed = new ParsedFile(DataFileFormat.ChainCsv);
        foreach (var chain in order)
            parsed.Chains.Add(chain.Build(parsed.Skipped));
        return parsed;
    }

    /// <summary>
    /// CBOE's "Download CSV" quotedata: metadata lines with "Last: 450.81" (spot) and "Date: September 14, 2023 at ..."
    /// (as-of), then a header with calls left of Strike and puts right of it, one row per expiry and strike.
    /// </summary>
    public static ParsedFile ParseQuoteData(ParseContext ctx, string text)
    {
        var cursor = new LineCursor(text);
        var f = new CsvFields();
        double spot = double.NaN;
        DateOnly? asOf = null;
        TimeOnly? time = null;
        string[]? names = null;
        var headerLine = 0;
        while (cursor.TryNext(out var start, out var length))
        {
            if (CsvReading.IsBlank(text, start, length))
                continue;
            var line = cursor.LineNumber;
            CsvReading.Split(ctx, text, start, length, line, f, ',');
            if (f[0].StartsWith("Expiration Date", StringComparison.OrdinalIgnoreCase))
            {
                names = new string[f.Count];
                for (var i = 0; i < f.Count; i++)
                    names[i] = Header.Normalize(f.GetString(i));
                headerLine = line;
                break;
            }

            for (var i = 0; i < f.Count; i++)
            {
                var cell = f[i];
                if (cell.StartsWith("Last:", StringComparison.OrdinalIgnoreCase))
                    spot = ctx.Positive(cell[5..].Trim(), line, "Last");
                else if (cell.StartsWith("Date:", StringComparison.OrdinalIgnoreCase))
                    (asOf, time) = QuoteDataDate(ctx, cell[5..].Trim(), line);
            }
        }

        if (names is null)
            throw ctx.Fail(0, "no 'Expiration Date,Calls,...' header line found");
        if (double.IsNaN(spot))
            throw ctx.Fail(headerLine, "no 'Last: <price>' spot in the lines above the header");
        if (asOf is null)
            throw ctx.Fail(headerLine, "no 'Date: <Month d, yyyy> at ...' in the lines above the header");

        var iStrike = Array.IndexOf(names, "strike");
        var iCalls = Array.IndexOf(names, "calls");
        var iPuts = Array.IndexOf(names, "puts");
        if (iStrike < 0 || iCalls < 0 || iPuts < 0)
            throw ctx.Fail(headerLine, "missing required column 'Calls', 'Strike' or 'Puts'");
        var call = Side.Locate(ctx, names, 0, iStrike, headerLine, "calls");
        var put = Side.Locate(ctx, names, iStrike + 1, names.Length, headerLine, "puts");

        ChainBuilder? chain = null;
        var rows = 0;
        while (CsvReading.NextRow(ctx, text, ref cursor, f, ',', names.Length))
        {
            var line = cursor.LineNumber;
            rows++;
            var expiry = QuoteDataExpiry(ctx, f[0], line);
            var strike = ctx.Positive(f[iStrike], line, "Strike");
            var callRoot = CheckOcc(ctx, f[iCalls], line, "Calls", expiry, OptionRight.Call, strike);
            CheckOcc(ctx, f[iPuts], line, "Puts", expiry, OptionRight.Put, strike);
            chain ??= new ChainBuilder(
                string.IsNullOrWhiteSpace(ctx.SymbolOption) ? callRoot : CsvReading.Symbol(ctx.SymbolOption), asOf.Value, spot, line)
            { Time = time, Source = ctx.FileName };
            chain.Add(ctx, call.Quote(ctx, f, line, expiry, OptionRight.Call, strike), line);
            chain.Add(ctx, put.Quote(ctx, f, line, expiry, OptionRight.Put, strike), line);
        }

        if (rows == 0 || chain is null)
            throw ctx.Fail(headerLine, "no data rows after the header");
        var parsed = new ParsedFile(DataFileFormat.CboeQuoteData);
        parsed.Chains.Add(chain.Build(parsed.Skipped));
        return parsed;
    }

    /// <summary>
    /// CBOE delayed quotes (<c>/api/global/delayed_quotes/options/SYM.json</c>): <c>timestamp</c>, <c>data.current_price</c>,
    /// <c>data.options[]</c> with OCC symbols in <c>option</c>. The as-of date is the timestamp's date.
    /// </summary>
    public static ParsedFile ParseCboeJson(ParseContext ctx, string text)
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
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("options", out var options) || options.ValueKind != JsonValueKind.Array)
            {
                throw ctx.Fail(0, "JSON is not a CBOE delayed-quotes chain (expected data.options[]); see docs/formats.md");
            }

            if (!root.TryGetProperty("timestamp", out var ts) || ts.ValueKind != JsonValueKind.String
                || !Dates.TryParse(ts.GetString().AsSpan(), DateStyle.Iso, out var asOf))
            {
                throw ctx.Fail(0, "'timestamp' is missing or is not a 'yyyy-MM-dd HH:mm:ss' time");
            }

            if (!data.TryGetProperty("current_price", out var cp) || cp.ValueKind != JsonValueKind.Number || !(cp.GetDouble() > 0))
                throw ctx.Fail(0, "'data.current_price' is missing or not a positive number");
            var spot = cp.GetDouble();

            string? underlying = null;
            if (!string.IsNullOrWhiteSpace(ctx.SymbolOption))
                underlying = CsvReading.Symbol(ctx.SymbolOption);
            else if (data.TryGetProperty("symbol", out var sym) && sym.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(sym.GetString()))
                underlying = CsvReading.Symbol(sym.GetString()!.TrimStart('_'));

            ChainBuilder? chain = null;
            var n = 0;
            foreach (var o in options.EnumerateArray())
            {
                var where = $"data.options[{n}]";
                n++;
                if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("option", out var occ) || occ.ValueKind != JsonValueKind.String)
                    throw ctx.Fail(0, $"{where}: no 'option' symbol");
                var symbol = occ.GetString()!;
                if (!Occ.TryParse(symbol, out var root2, out var expiry, out var right, out var strike))
                    throw ctx.Fail(0, $"{where}.option: '{symbol}' is not an OCC option symbol");
                if (expiry < asOf)
                    throw ctx.Fail(0, $"{where}.option: expiry {expiry:yyyy-MM-dd} is before the snapshot date {asOf:yyyy-MM-dd}");
                chain ??= new ChainBuilder(underlying ?? root2, asOf, spot, 0) { Time = JsonTime(ts.GetString()!), Source = ctx.FileName };
                var quote = new OptionQuote(expiry, right, strike,
                    JsonNumber(ctx, o, "open_interest", where, true),
                    JsonNumber(ctx, o, "iv", where, true),
                    JsonNumber(ctx, o, "bid", where, true),
                    JsonNumber(ctx, o, "ask", where, true),
                    JsonNumber(ctx, o, "volume", where, true),
                    JsonNumber(ctx, o, "delta", where, false),
                    JsonNumber(ctx, o, "gamma", where, false));
                chain.Add(ctx, quote, 0);
            }

            if (chain is null)
                throw ctx.Fail(0, "data.options is empty");
            var parsed = new ParsedFile(DataFileFormat.CboeDelayedJson);
            parsed.Chains.Add(chain.Build(parsed.Skipped));
            return parsed;
        }
    }

    /// <summary>The time of day of a 'yyyy-MM-dd HH:mm:ss' timestamp (taken as ET), or null.</summary>
    private static TimeOnly? JsonTime(string timestamp) =>
        timestamp.Length >= 16 && TimeOnly.TryParseExact(timestamp.AsSpan(11), ["HH:mm:ss", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i < 0 ? message : message[..i];
    }

    private static double JsonNumber(ParseContext ctx, JsonElement o, string name, string where, bool nonNegative)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return double.NaN;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
            throw ctx.Fail(0, $"{where}.{name}: {v.GetRawText()} is not a number");
        if (nonNegative && d < 0)
            throw ctx.Fail(0, $"{where}.{name}: {v.GetRawText()} is negative");
        return d;
    }

    private static OptionRight Right(ParseContext ctx, ReadOnlySpan<char> s, int line, string column)
    {
        if (s.Equals("C", StringComparison.OrdinalIgnoreCase) || s.Equals("call", StringComparison.OrdinalIgnoreCase))
            return OptionRight.Call;
        if (s.Equals("P", StringComparison.OrdinalIgnoreCase) || s.Equals("put", StringComparison.OrdinalIgnoreCase))
            return OptionRight.Put;
        throw ctx.Fail(line, $"column '{column}': {ParseContext.Show(s)} is not C or P");
    }

    private static double Optional(ParseContext ctx, CsvFields f, Header header, int index, int line, bool nonNegative)
    {
        if (index < 0 || CsvReading.IsMissing(f[index]))
            return double.NaN;
        return nonNegative ? ctx.NonNegative(f[index], line, header.Names[index]) : ctx.Number(f[index], line, header.Names[index]);
    }

    /// <summary>"May 16, 2025 at 7:23 PM EDT": the date, and the time of day when it parses (ET; the zone suffix is dropped).</summary>
    private static (DateOnly Date, TimeOnly? Time) QuoteDataDate(ParseContext ctx, ReadOnlySpan<char> s, int line)
    {
        var at = s.IndexOf(" at ", StringComparison.OrdinalIgnoreCase);
        var datePart = at < 0 ? s : s[..at];
        if (!DateTime.TryParseExact(datePart, "MMMM d, yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
            throw ctx.Fail(line, $"'Date: {datePart}' is not a date like 'September 14, 2023'");
        TimeOnly? time = null;
        if (at >= 0)
        {
            var timePart = s[(at + 4)..].Trim();
            var zone = timePart.LastIndexOf(' ');
            var last = zone > 0 ? timePart[(zone + 1)..] : default;
            if (zone > 0 && !last.Equals("AM", StringComparison.OrdinalIgnoreCase) && !last.Equals("PM", StringComparison.OrdinalIgnoreCase))
                timePart = timePart[..zone]; // "EDT" / "EST"

            if (TimeOnly.TryParseExact(timePart, ["h:mm tt", "h:mm:ss tt"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                time = t;
        }

        return (DateOnly.FromDateTime(dt), time);
    }

    private static DateOnly QuoteDataExpiry(ParseContext ctx, ReadOnlySpan<char> s, int line)
    {
        // "Fri Sep 15 2023": the weekday is dropped, the rest parsed.
        var space = s.IndexOf(' ');
        if (space < 0 || !DateTime.TryParseExact(s[(space + 1)..], "MMM d yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
            throw ctx.Fail(line, $"column 'Expiration Date': {ParseContext.Show(s)} is not a date like 'Fri Sep 15 2023'");
        return DateOnly.FromDateTime(dt);
    }

    private static string CheckOcc(ParseContext ctx, ReadOnlySpan<char> s, int line, string column, DateOnly expiry, OptionRight right, double strike)
    {
        if (!Occ.TryParse(s, out var root, out var e, out var r, out var k))
            throw ctx.Fail(line, $"column '{column}': {ParseContext.Show(s)} is not an OCC option symbol");
        if (e != expiry || r != right || Math.Abs(k - strike) > 1e-6)
            throw ctx.Fail(line, $"column '{column}': {s} does not match the row's expiry {expiry:yyyy-MM-dd} and strike {strike.ToString(CultureInfo.InvariantCulture)}");
        return root;
    }

    /// <summary>Column positions of one side (calls or puts) of a quotedata row.</summary>
    private sealed record Side(int Bid, int Ask, int Volume, int Iv, int Delta, int Gamma, int OpenInterest)
    {
        public static Side Locate(ParseContext ctx, string[] names, int from, int to, int line, string side)
        {
            int Find(string display, params string[] keys)
            {
                for (var i = from; i < to; i++)
                {
                    if (keys.Contains(names[i]))
                        return i;
                }

                throw ctx.Fail(line, $"missing required column '{display}' on the {side} side");
            }

            return new Side(
                Find("Bid", "bid"), Find("Ask", "ask"), Find("Volume", "volume", "vol"), Find("IV", "iv"),
                Find("Delta", "delta"), Find("Gamma", "gamma"), Find("Open Interest", "openinterest", "openint"));
        }

        public OptionQuote Quote(ParseContext ctx, CsvFields f, int line, DateOnly expiry, OptionRight right, double strike)
        {
            double Get(int i, bool nonNegative, string name) =>
                CsvReading.IsMissing(f[i]) ? double.NaN : nonNegative ? ctx.NonNegative(f[i], line, name) : ctx.Number(f[i], line, name);
            return new OptionQuote(expiry, right, strike,
                Get(OpenInterest, true, "Open Interest"), Get(Iv, true, "IV"), Get(Bid, true, "Bid"), Get(Ask, true, "Ask"),
                Get(Volume, true, "Volume"), Get(Delta, false, "Delta"), Get(Gamma, false, "Gamma"));
        }
    }

    /// <summary>Collects a snapshot's contracts; identical duplicates are skipped, conflicting ones fail.</summary>
    private sealed class ChainBuilder(string underlying, DateOnly asOf, double spot, int line)
    {
        private readonly Dictionary<(DateOnly, OptionRight, double), (OptionQuote Quote, int Line)> _byKey = [];
        private readonly List<OptionQuote> _quotes = [];
        private readonly List<int> _duplicateLines = [];

        public double Spot { get; } = spot;

        public int Line { get; } = line;

        public TimeOnly? Time { get; init; }

        public string? Source { get; init; }

        public void Add(ParseContext ctx, OptionQuote q, int line)
        {
            if (q.Expiry < asOf)
                throw ctx.Fail(line, $"expiry {q.Expiry:yyyy-MM-dd} is before the snapshot date {asOf:yyyy-MM-dd}");
            var key = (q.Expiry, q.Right, q.Strike);
            if (_byKey.TryGetValue(key, out var first))
            {
                if (first.Quote != q)
                {
                    throw ctx.Fail(line,
                        $"contract {q.Expiry:yyyy-MM-dd} {(q.Right == OptionRight.Call ? "C" : "P")} {q.Strike.ToString(CultureInfo.InvariantCulture)} appears again with different values" + (first.Line > 0 ? $" (first on line {first.Line})" : string.Empty));
                }

                _duplicateLines.Add(line);
                return;
            }

            _byKey.Add(key, (q, line));
            _quotes.Add(q);
        }

        public OptionChainSnapshot Build(SkipTally skipped)
        {
            foreach (var duplicate in _duplicateLines)
                skipped.Add("identical duplicate contract", duplicate);
            return new OptionChainSnapshot(underlying, asOf, Spot, _quotes) { SnapshotTime = Time, Source = Source };
        }
    }
}

/// <summary>OCC option symbols: root, YYMMDD, C/P, strike × 1000 in 8 digits (e.g. IWM260821C00300000).</summary>
internal static class Occ
{
    public static bool TryParse(ReadOnlySpan<char> s, out string root, out DateOnly expiry, out OptionRight right, out double strike)
    {
        root = string.Empty;
        expiry = default;
        right = OptionRight.Call;
        strike = 0;
        s = s.Trim();
        if (s.Length < 16)
            return false;
        var tail = s[^15..];
        var r = s[..^15].TrimEnd();
        if (r.IsEmpty || !TryYyMmDd(tail[..6], out expiry))
            return false;
        switch (tail[6])
        {
            case 'C':
                right = OptionRight.Call;
                break;
            case 'P':
                right = OptionRight.Put;
                break;
            default:
                return false;
        }

        var digits = tail[7..];
        if (digits.ContainsAnyExceptInRange('0', '9'))
            return false;
        strike = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) / 1000.0;
        root = r.ToString().ToUpperInvariant();
        return strike > 0;
    }

    private static bool TryYyMmDd(ReadOnlySpan<char> s, out DateOnly date)
    {
        Span<char> buf = stackalloc char[8];
        buf[0] = '2';
        buf[1] = '0';
        s.CopyTo(buf[2..]);
        return Dates.TryParse(buf, DateStyle.Compact, out date);
    }
}
