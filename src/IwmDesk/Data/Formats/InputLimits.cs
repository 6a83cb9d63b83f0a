using System.Globalization;
using System.Text.RegularExpressions;

namespace IwmDesk.Data.Formats;

/// <summary>
/// What the store accepts from any file or response (issue 17), checked before anything is written: observation dates
/// in 1900-01-01 .. today + 1 trading day, names that are symbols, and numbers of a size markets have. A file breaking
/// one is refused whole with one line naming it, the value and the limit (docs/reliability.md).
/// </summary>
public static partial class InputLimits
{
    /// <summary>The earliest observation date accepted.</summary>
    public static readonly DateOnly FirstDate = new(1900, 1, 1);

    /// <summary>The largest price, strike, index level or series value accepted (absolute; GEX in dollars reaches 1e10).</summary>
    public const double MaxValue = 1e15;

    /// <summary>The largest volume or open interest accepted.</summary>
    public const double MaxCount = 1e15;

    /// <summary>The longest symbol or series name.</summary>
    public const int MaxNameLength = 32;

    /// <summary>The longest text field of a holdings row (a security's name, sector, exchange).</summary>
    public const int MaxTextLength = 200;

    /// <summary>The latest observation date accepted: the trading day after today (UTC date).</summary>
    public static DateOnly LastDate(DateTimeOffset? now = null) =>
        TradingCalendar.Next(DateOnly.FromDateTime((now ?? DateTimeOffset.UtcNow).UtcDateTime));

    /// <summary>The accepted range as the refusals print it.</summary>
    public static string Range(DateTimeOffset? now = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{FirstDate:yyyy-MM-dd}..{LastDate(now):yyyy-MM-dd} (today + 1 trading day)");

    /// <summary>Null when <paramref name="name"/> is a usable symbol, else what is wrong with it.</summary>
    public static string? SymbolProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "is empty";
        if (name.Length > MaxNameLength)
            return string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxNameLength} characters");
        return SymbolPattern().IsMatch(name) ? null : "is not a symbol (letters, digits, '.', '_', '-', '^', starting with a letter or digit)";
    }

    /// <summary>Checks a parsed file before it is stored; throws naming the file and the first problem.</summary>
    /// <exception cref="DataFormatException">A date, a name or a number is outside the limits.</exception>
    internal static void Check(ParsedFile parsed, string file, DateTimeOffset? now = null)
    {
        var last = LastDate(now);
        void Date(DateOnly d, string what)
        {
            if (d < FirstDate || d > last)
                throw new DataFormatException(file, 0, string.Create(CultureInfo.InvariantCulture, $"{what} is dated {d:yyyy-MM-dd}, outside the accepted range {Range(now)}: nothing stored"));
        }

        void Name(string? name, string what)
        {
            if (SymbolProblem(name) is { } p)
                throw new DataFormatException(file, 0, $"{what} name {Show(name)} {p}: nothing stored");
        }

        void Value(double v, double max, string what, DateOnly d)
        {
            if (!double.IsNaN(v) && !(Math.Abs(v) <= max))
                throw new DataFormatException(file, 0, string.Create(CultureInfo.InvariantCulture, $"{what} on {d:yyyy-MM-dd} is {v:G6}, beyond the accepted size ({max:G2}): nothing stored"));
        }

        foreach (var (name, bars) in parsed.Series)
        {
            Name(name, "series");
            foreach (var b in bars)
            {
                Date(b.Date, $"series {name}: a row");
                Value(b.Open, MaxValue, $"series {name}: open", b.Date);
                Value(b.High, MaxValue, $"series {name}: high", b.Date);
                Value(b.Low, MaxValue, $"series {name}: low", b.Date);
                Value(b.Close, MaxValue, $"series {name}: close", b.Date);
                Value(b.AdjClose, MaxValue, $"series {name}: adjusted close", b.Date);
                Value(b.Volume, MaxCount, $"series {name}: volume", b.Date);
            }
        }

        foreach (var c in parsed.Chains)
            CheckChain(c, file, Date, Name, Value);
        foreach (var r in parsed.ShortVolume)
        {
            // FINRA files list every listed security, with their own spellings (AAC/WS, BRK.B): only empty, over-long
            // or control-character symbols are refused.
            if (string.IsNullOrEmpty(r.Symbol) || r.Symbol.Length > MaxNameLength || r.Symbol.Any(char.IsControl))
                throw new DataFormatException(file, 0, $"short-volume symbol {Show(r.Symbol)} is empty, longer than {MaxNameLength} characters or holds control characters: nothing stored");
            Date(r.Date, $"short volume of {r.Symbol}");
            Value(r.TotalVolume, MaxCount, $"short volume of {r.Symbol}: total volume", r.Date);
        }

        foreach (var r in parsed.Revisions)
            Date(r.Date, $"earnings revisions of {r.Sector}");
        foreach (var h in parsed.Holdings)
        {
            Name(h.Fund, "holdings fund");
            Date(h.AsOf, $"the {h.Fund} holdings");
            foreach (var row in h.All)
            {
                if (row.Ticker.Length > MaxTextLength || row.Name.Length > MaxTextLength || row.Sector.Length > MaxTextLength
                    || row.AssetClass.Length > MaxTextLength || row.Location.Length > MaxTextLength || row.Exchange.Length > MaxTextLength
                    || row.Currency.Length > MaxTextLength)
                {
                    throw new DataFormatException(file, 0, string.Create(CultureInfo.InvariantCulture,
                        $"the {h.Fund} holdings: a text field of {Show(row.Ticker)} is longer than {MaxTextLength} characters: nothing stored"));
                }

                Value(row.MarketValue, MaxValue, $"the {h.Fund} holdings: market value of {row.Ticker}", h.AsOf);
                Value(row.Quantity, MaxCount, $"the {h.Fund} holdings: quantity of {row.Ticker}", h.AsOf);
                Value(row.Price, MaxValue, $"the {h.Fund} holdings: price of {row.Ticker}", h.AsOf);
                Value(row.WeightPct, 1000, $"the {h.Fund} holdings: weight (%) of {row.Ticker}", h.AsOf);
            }
        }
        if (parsed.ConsensusDate is { } snapshot)
            Date(snapshot, "the consensus snapshot");
    }

    /// <summary>Checks a chain read without storing it (<c>iwmdesk gex FILE</c>).</summary>
    internal static void Check(OptionChainSnapshot chain, string file)
    {
        var parsed = new ParsedFile(DataFileFormat.ChainCsv);
        parsed.Chains.Add(chain);
        Check(parsed, file);
    }

    private static void CheckChain(OptionChainSnapshot c, string file, Action<DateOnly, string> date, Action<string?, string> name, Action<double, double, string, DateOnly> value)
    {
        _ = file;
        name(c.Underlying, "chain underlying");
        date(c.AsOf, $"the {c.Underlying} chain");
        value(c.Spot, MaxValue, $"the {c.Underlying} chain: spot", c.AsOf);
        foreach (var q in c.Quotes)
        {
            var what = string.Create(CultureInfo.InvariantCulture, $"the {c.Underlying} chain: {q.Expiry:yyyy-MM-dd} {(q.Right == OptionRight.Put ? "P" : "C")} {q.Strike:0.###}");
            value(q.Strike, MaxValue, what + " strike", c.AsOf);
            value(q.OpenInterest, MaxCount, what + " open interest", c.AsOf);
            value(q.Volume, MaxCount, what + " volume", c.AsOf);
            value(q.Bid, MaxValue, what + " bid", c.AsOf);
            value(q.Ask, MaxValue, what + " ask", c.AsOf);
            value(q.ImpliedVol, 1000, what + " implied volatility", c.AsOf);
            value(q.Gamma, 1e6, what + " gamma", c.AsOf);
            value(q.Delta, 1e6, what + " delta", c.AsOf);
        }
    }

    private static string Show(string? s) => s is null ? "(none)" : "'" + (s.Length > 40 ? s[..40] + "..." : s) + "'";

    [GeneratedRegex(@"^\^?[A-Za-z0-9][A-Za-z0-9._\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SymbolPattern();
}
