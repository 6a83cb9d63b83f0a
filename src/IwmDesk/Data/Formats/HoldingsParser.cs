using System.Globalization;
using System.Text.RegularExpressions;

namespace IwmDesk.Data.Formats;

/// <summary>
/// The iShares holdings CSV ("Detailed Holdings and Analytics" download): a few lines of fund metadata (the first is
/// the fund's name, <c>Fund Holdings as of,"Nov 05, 2025"</c> gives the as-of date), a blank line, the header
/// <c>Ticker,Name,Sector,Asset Class,Market Value,Weight (%),...</c>, the holdings (every field quoted, thousands
/// separators), then a blank line and legal text, which is not read. The fund is <c>--symbol</c>, else the ticker of
/// a known fund name on line 1 (<c>iShares Russell 2000 ETF</c> is IWM), else the file name's stem before
/// <c>_holdings</c> (iShares names the download <c>IWM_holdings.csv</c>).
/// </summary>
internal static partial class HoldingsParser
{
    /// <summary>The metadata line that carries the as-of date.</summary>
    public const string AsOfLabel = "Fund Holdings as of";

    /// <summary>The most metadata lines read before the header must have appeared.</summary>
    public const int MaxMetadataLines = 30;

    /// <summary>The most holdings rows one file may hold (the largest iShares funds list about 10,000).</summary>
    public const int MaxRows = 100_000;

    /// <summary>Fund names as iShares prints them on line 1, and their tickers.</summary>
    private static readonly Dictionary<string, string> KnownFunds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["iShares Russell 2000 ETF"] = "IWM",
        ["iShares Russell 2000 Value ETF"] = "IWN",
        ["iShares Russell 2000 Growth ETF"] = "IWO",
        ["iShares Core S&P Small-Cap ETF"] = "IJR",
        ["iShares Russell 1000 ETF"] = "IWB",
        ["iShares Core S&P 500 ETF"] = "IVV",
    };

    private static readonly string[] AsOfFormats = ["MMM dd, yyyy", "MMM d, yyyy", "MMM dd,yyyy", "MMM d,yyyy"];

    /// <summary>True when <paramref name="line"/> is the metadata line holding the as-of date.</summary>
    public static bool IsAsOfLine(ReadOnlySpan<char> line) =>
        line.TrimStart().TrimStart('"').StartsWith(AsOfLabel, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="line"/> looks like the holdings header.</summary>
    public static bool IsHeaderLine(ReadOnlySpan<char> line)
    {
        var t = line.TrimStart().TrimStart('"');
        return t.StartsWith("Ticker", StringComparison.OrdinalIgnoreCase)
            && line.Contains("Asset Class", StringComparison.OrdinalIgnoreCase)
            && line.Contains("Weight", StringComparison.OrdinalIgnoreCase);
    }

    public static ParsedFile Parse(ParseContext ctx, string text)
    {
        var cursor = ctx.Cursor(text);
        var f = new CsvFields();
        string? fundName = null;
        var fundNameLine = 0;
        DateOnly? asOf = null;
        Header? header = null;
        var lines = 0;
        while (cursor.TryNext(out var start, out var length))
        {
            if (CsvReading.IsBlank(text, start, length))
                continue;
            var line = text.AsSpan(start, length);
            if (IsHeaderLine(line))
            {
                CsvReading.Split(ctx, text, start, length, cursor.LineNumber, f, ',');
                header = new Header(f, cursor.LineNumber, ctx);
                break;
            }

            if (++lines > MaxMetadataLines)
                break;
            CsvReading.Split(ctx, text, start, length, cursor.LineNumber, f, ',');
            if (fundName is null)
            {
                fundName = f.GetString(0).TrimStart('\uFEFF');
                fundNameLine = cursor.LineNumber;
            }

            if (f.Count >= 1 && f[0].Equals(AsOfLabel, StringComparison.OrdinalIgnoreCase))
            {
                var value = f.Count >= 2 ? f[1] : [];
                if (!DateOnly.TryParseExact(value, AsOfFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    throw ctx.Fail(cursor.LineNumber, $"field '{AsOfLabel}': {ParseContext.Show(value)} is not a date (expected e.g. \"Nov 05, 2025\")");
                asOf = d;
            }
        }

        if (header is null)
            throw ctx.Fail(0, $"no holdings header (Ticker,Name,Sector,Asset Class,Market Value,Weight (%),...) in the first {MaxMetadataLines} lines");
        if (asOf is null)
            throw ctx.Fail(header.Line, $"no '{AsOfLabel}' line above the header: the as-of date is missing");

        var iTicker = header.Require(ctx, "Ticker", "ticker");
        var iName = header.Require(ctx, "Name", "name");
        var iSector = header.Require(ctx, "Sector", "sector");
        var iClass = header.Require(ctx, "Asset Class", "assetclass");
        var iValue = header.Require(ctx, "Market Value", "marketvalue");
        var iWeight = header.Require(ctx, "Weight (%)", "weight(%)", "weight");
        var iQuantity = header.Require(ctx, "Quantity", "quantity", "shares");
        var iPrice = header.Require(ctx, "Price", "price");
        var iLocation = header.Find("location");
        var iExchange = header.Find("exchange");
        var iCurrency = header.Find("currency", "marketcurrency");

        var equities = new List<Holding>();
        var other = new List<Holding>();
        var endedAtBlank = false;
        while (cursor.TryNext(out var start, out var length))
        {
            // A blank line ends the holdings; the legal text below it is not data.
            if (CsvReading.IsBlank(text, start, length))
            {
                endedAtBlank = true;
                break;
            }

            var line = cursor.LineNumber;
            CsvReading.Split(ctx, text, start, length, line, f, ',');
            if (f.Count != header.Count)
                throw ctx.Fail(line, $"expected {header.Count} fields like the header, found {f.Count}");
            if (equities.Count + other.Count >= MaxRows)
                throw ctx.Fail(line, string.Create(CultureInfo.InvariantCulture, $"more than {MaxRows} holdings rows: refused"));
            var assetClass = f.GetString(iClass);
            if (assetClass.Length == 0)
                throw ctx.Fail(line, $"column '{header.Names[iClass]}' is empty");
            var ticker = f.GetString(iTicker);
            if (ticker.Length == 0)
                throw ctx.Fail(line, $"column '{header.Names[iTicker]}' is empty");
            var weight = Number(ctx, f[iWeight], line, header.Names[iWeight], required: true);
            var h = new Holding(
                ticker,
                f.GetString(iName),
                f.GetString(iSector),
                assetClass,
                Number(ctx, f[iValue], line, header.Names[iValue], required: false),
                weight,
                Number(ctx, f[iQuantity], line, header.Names[iQuantity], required: false),
                Number(ctx, f[iPrice], line, header.Names[iPrice], required: false),
                iLocation < 0 ? "-" : f.GetString(iLocation),
                iExchange < 0 ? "-" : f.GetString(iExchange),
                iCurrency < 0 ? "-" : f.GetString(iCurrency));
            (h.IsEquity ? equities : other).Add(h);
        }

        if (equities.Count + other.Count == 0)
            throw ctx.Fail(header.Line, "no holdings rows after the header");
        var fund = Fund(ctx, fundName, fundNameLine);
        var parsed = new ParsedFile(DataFileFormat.IsharesHoldings) { HoldingsEndedAtBlankLine = endedAtBlank };
        parsed.Holdings.Add(new HoldingsSnapshot(fund, asOf.Value, equities, other) { Source = ctx.FileName });
        return parsed;
    }

    // A number with thousands separators; '-' (or empty) is missing: NaN, or an error when the column is required.
    private static double Number(ParseContext ctx, ReadOnlySpan<char> s, int line, string column, bool required)
    {
        if (s.IsEmpty || s is "-" || CsvReading.IsMissing(s))
        {
            if (required)
                throw ctx.Fail(line, $"column '{column}': {ParseContext.Show(s)} is not a number");
            return double.NaN;
        }

        if (!double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw ctx.Fail(line, $"column '{column}': {ParseContext.Show(s)} is not a number");
        return v;
    }

    private static string Fund(ParseContext ctx, string? fundName, int line)
    {
        if (!string.IsNullOrWhiteSpace(ctx.SymbolOption))
            return CsvReading.Symbol(ctx.SymbolOption);
        if (fundName is not null && KnownFunds.TryGetValue(fundName.Trim(), out var known))
            return known;
        var m = FileStem().Match(ctx.FileName);
        if (m.Success)
            return CsvReading.Symbol(m.Groups["fund"].Value);
        throw ctx.Fail(line, $"cannot tell the fund from its name {ParseContext.Show(fundName ?? string.Empty)} or the file name: pass --symbol (e.g. --symbol IWM)");
    }

    [GeneratedRegex(@"^(?<fund>[A-Za-z0-9.\-]{1,32})_holdings", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FileStem();
}
