using System.Globalization;

namespace IwmDesk.Data.Formats;

/// <summary>Walks the lines of a whole-file string without allocating; handles LF, CRLF and CR endings.</summary>
internal struct LineCursor
{
    private readonly string _text;
    private readonly int _headerLine;
    private readonly int _firstDataLine;
    private int _pos;
    private int _raw;

    public LineCursor(string text) => _text = text;

    /// <summary>
    /// A cursor over one chunk of a file imported in chunks (<see cref="ChunkedImport"/>): the chunk's first line is the
    /// file's header (line <paramref name="headerLine"/>), its second the file's line <paramref name="firstDataLine"/>.
    /// </summary>
    public LineCursor(string text, int headerLine, int firstDataLine)
    {
        _text = text;
        _headerLine = headerLine;
        _firstDataLine = firstDataLine;
    }

    /// <summary>1-based number, in the file, of the line last returned.</summary>
    public readonly int LineNumber => _firstDataLine == 0 ? _raw : _raw == 1 ? _headerLine : _firstDataLine + _raw - 2;

    public bool TryNext(out int start, out int length)
    {
        if (_pos >= _text.Length)
        {
            start = length = 0;
            return false;
        }

        start = _pos;
        var rest = _text.AsSpan(_pos);
        var nl = rest.IndexOfAny('\n', '\r');
        if (nl < 0)
        {
            length = rest.Length;
            _pos = _text.Length;
        }
        else
        {
            length = nl;
            _pos += nl + 1;
            if (rest[nl] == '\r' && _pos < _text.Length && _text[_pos] == '\n')
                _pos++;
        }

        _raw++;
        return true;
    }
}

/// <summary>
/// Splits one delimited line into fields (RFC-4180-ish): fields may be quoted with <c>"</c>, a quote inside a quoted
/// field is doubled, whitespace around fields is trimmed. Field positions are kept as offsets into the file text, so
/// splitting allocates nothing; only <see cref="GetString"/> of a field with doubled quotes builds a new string.
/// </summary>
internal sealed class CsvFields
{
    private int[] _start = new int[32];
    private int[] _length = new int[32];
    private bool[] _escaped = new bool[32];
    private string _text = string.Empty;

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int i] => _text.AsSpan(_start[i], _length[i]);

    /// <summary>Splits the line at [<paramref name="start"/>, start+<paramref name="length"/>); returns an error text or null.</summary>
    public string? Split(string text, int start, int length, char delimiter)
    {
        _text = text;
        Count = 0;
        var end = start + length;
        var i = start;
        while (true)
        {
            while (i < end && text[i] is ' ' or '\t')
                i++;
            int fs, fl;
            var escaped = false;
            if (i < end && text[i] == '"')
            {
                fs = i + 1;
                var j = fs;
                while (true)
                {
                    if (j >= end)
                        return "a quoted field is not closed";
                    if (text[j] == '"')
                    {
                        if (j + 1 < end && text[j + 1] == '"')
                        {
                            escaped = true;
                            j += 2;
                            continue;
                        }

                        break;
                    }

                    j++;
                }

                fl = j - fs;
                i = j + 1;
                while (i < end && text[i] is ' ' or '\t')
                    i++;
                if (i < end && text[i] != delimiter)
                    return "text after a closing quote";
            }
            else
            {
                fs = i;
                while (i < end && text[i] != delimiter)
                    i++;
                var fe = i;
                while (fe > fs && text[fe - 1] is ' ' or '\t')
                    fe--;
                fl = fe - fs;
            }

            Add(fs, fl, escaped);
            if (i >= end)
                return null;
            i++; // skip the delimiter
            if (i == end)
            {
                Add(end, 0, false); // trailing delimiter: one more empty field
                return null;
            }
        }
    }

    public string GetString(int i) =>
        _escaped[i] ? this[i].ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : this[i].ToString();

    private void Add(int start, int length, bool escaped)
    {
        if (Count == _start.Length)
        {
            Array.Resize(ref _start, Count * 2);
            Array.Resize(ref _length, Count * 2);
            Array.Resize(ref _escaped, Count * 2);
        }

        _start[Count] = start;
        _length[Count] = length;
        _escaped[Count] = escaped;
        Count++;
    }
}

/// <summary>The file being parsed: its name as the user gave it, and helpers that fail with file:line: problem.</summary>
internal sealed class ParseContext
{
    public ParseContext(string displayName, string? symbolOption)
    {
        DisplayName = displayName;
        FileName = Path.GetFileName(displayName);
        SymbolOption = symbolOption;
    }

    public string DisplayName { get; }

    public string FileName { get; }

    public string? SymbolOption { get; }

    /// <summary><c>--date</c>: the date of a snapshot file (earnings calendar); null: from the file name.</summary>
    public DateOnly? SnapshotDate { get; init; }

    /// <summary>Set while parsing one chunk of a file imported in chunks: where the chunk's lines sit in the file.</summary>
    public (int HeaderLine, int FirstDataLine)? Chunk { get; set; }

    /// <summary>
    /// Facts about the whole file a chunk cannot see, established by the chunked import's first pass (FINRA pipe files:
    /// whether any row is consolidated, and that the record-count line was checked).
    /// </summary>
    public bool? WholeFileConsolidated { get; set; }

    /// <summary>A cursor over <paramref name="text"/> numbering lines as the file does (see <see cref="Chunk"/>).</summary>
    public LineCursor Cursor(string text) => Chunk is { } c ? new LineCursor(text, c.HeaderLine, c.FirstDataLine) : new LineCursor(text);

    public DataFormatException Fail(int line, string problem) => new(DisplayName, line, problem);

    public static string Show(ReadOnlySpan<char> s) => s.Length > 40 ? "'" + s[..40].ToString() + "...'" : "'" + s.ToString() + "'";

    public double Number(ReadOnlySpan<char> s, int line, string column)
    {
        if (!TryNumber(s, out var v))
            throw Fail(line, $"column '{column}': {Show(s)} is not a number");
        return v;
    }

    public double Positive(ReadOnlySpan<char> s, int line, string column)
    {
        var v = Number(s, line, column);
        if (!(v > 0))
            throw Fail(line, $"column '{column}': price {Show(s)} is not positive");
        return v;
    }

    public double NonNegative(ReadOnlySpan<char> s, int line, string column)
    {
        var v = Number(s, line, column);
        if (v < 0)
            throw Fail(line, $"column '{column}': {Show(s)} is negative");
        return v;
    }

    public long Count(ReadOnlySpan<char> s, int line, string column)
    {
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            var detail = s.Length > 0 && s[0] == '-' ? "is negative" : "is not a whole number";
            throw Fail(line, $"column '{column}': {Show(s)} {detail}");
        }

        return v;
    }

    public DateOnly Date(ReadOnlySpan<char> s, int line, string column, DateStyle style)
    {
        if (!Dates.TryParse(s, style, out var d))
            throw Fail(line, $"column '{column}': {Show(s)} is not a date (expected {Dates.Describe(style)})");
        return d;
    }

    public static bool TryNumber(ReadOnlySpan<char> s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
}

/// <summary>Date layouts found in the supported files.</summary>
internal enum DateStyle
{
    /// <summary>yyyy-MM-dd, optionally followed by a time (' ' or 'T').</summary>
    Iso = 0,

    /// <summary>MM/DD/YYYY (CBOE), one-digit month and day allowed.</summary>
    UsSlash = 1,

    /// <summary>YYYYMMDD (FINRA).</summary>
    Compact = 2,
}

internal static class Dates
{
    public static string Describe(DateStyle style) => style switch
    {
        DateStyle.UsSlash => "MM/DD/YYYY",
        DateStyle.Compact => "YYYYMMDD",
        _ => "yyyy-MM-dd",
    };

    public static bool TryParse(ReadOnlySpan<char> s, DateStyle style, out DateOnly date)
    {
        date = default;
        switch (style)
        {
            case DateStyle.Iso:
                if (s.Length > 10 && s[10] is ' ' or 'T')
                    s = s[..10];
                return s.Length == 10 && s[4] == '-' && s[7] == '-'
                    && Digits(s[..4], out var y) && Digits(s.Slice(5, 2), out var m) && Digits(s.Slice(8, 2), out var d)
                    && Make(y, m, d, out date);
            case DateStyle.Compact:
                return s.Length == 8 && Digits(s[..4], out y) && Digits(s.Slice(4, 2), out m) && Digits(s.Slice(6, 2), out d)
                    && Make(y, m, d, out date);
            default:
                var a = s.IndexOf('/');
                if (a < 1)
                    return false;
                var rest = s[(a + 1)..];
                var b = rest.IndexOf('/');
                return b >= 1 && a <= 2 && b <= 2 && rest.Length - b - 1 == 4
                    && Digits(s[..a], out m) && Digits(rest[..b], out d) && Digits(rest[(b + 1)..], out y)
                    && Make(y, m, d, out date);
        }
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.IsEmpty)
            return false;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
                return false;
            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool Make(int y, int m, int d, out DateOnly date)
    {
        date = default;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
            return false;
        date = new DateOnly(y, m, d);
        return true;
    }
}

/// <summary>A header row: column names, looked up case-insensitively with spaces and underscores ignored.</summary>
internal sealed class Header
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public Header(CsvFields fields, int line, ParseContext ctx)
    {
        Line = line;
        Names = new string[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            Names[i] = fields.GetString(i);
            var key = Normalize(Names[i]);
            if (key.Length > 0 && !_index.TryAdd(key, i))
                throw ctx.Fail(line, $"column '{Names[i]}' appears twice in the header");
        }
    }

    public int Line { get; }

    public string[] Names { get; }

    public int Count => Names.Length;

    public static string Normalize(string name) =>
        name.Trim().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal)
            .ToLowerInvariant();

    /// <summary>Index of the first of <paramref name="names"/> present, or -1.</summary>
    public int Find(params string[] names)
    {
        foreach (var n in names)
        {
            if (_index.TryGetValue(n, out var i))
                return i;
        }

        return -1;
    }

    public bool Has(params string[] names) => Find(names) >= 0;

    public int Require(ParseContext ctx, string display, params string[] names)
    {
        var i = Find(names);
        if (i < 0)
            throw ctx.Fail(Line, $"missing required column '{display}'");
        return i;
    }
}

/// <summary>Rows left out of the store, by reason, with the first line where it happened.</summary>
internal sealed class SkipTally
{
    private readonly Dictionary<string, (int Count, int FirstLine)> _byReason = new(StringComparer.Ordinal);

    public void Add(string reason, int line, int count = 1)
    {
        _byReason[reason] = _byReason.TryGetValue(reason, out var v) ? (v.Count + count, Math.Min(v.FirstLine, line)) : (count, line);
    }

    public IReadOnlyList<SkippedRows> ToList() =>
        [.. _byReason.Select(kv => new SkippedRows(kv.Key, kv.Value.Count, kv.Value.FirstLine)).OrderBy(s => s.FirstLine)];
}

/// <summary>
/// Collects dated values with their line numbers, then sorts them, drops exact duplicates (counted as skipped) and
/// fails on a date that appears twice with different values.
/// </summary>
internal sealed class SeriesBuilder(string name)
{
    private readonly List<(DailyBar Bar, int Line)> _rows = [];

    public string Name { get; } = name;

    public void Add(DailyBar bar, int line) => _rows.Add((bar, line));

    public DailyBar[] Build(ParseContext ctx, SkipTally skipped)
    {
        _rows.Sort(static (a, b) => a.Bar.Date != b.Bar.Date ? a.Bar.Date.CompareTo(b.Bar.Date) : a.Line.CompareTo(b.Line));
        var result = new List<DailyBar>(_rows.Count);
        for (var i = 0; i < _rows.Count; i++)
        {
            var (bar, line) = _rows[i];
            if (result.Count > 0 && result[^1].Date == bar.Date)
            {
                if (result[^1] != bar)
                {
                    throw ctx.Fail(line,
                        $"date {bar.Date:yyyy-MM-dd} appears again with different values (first on line {FirstLineOf(i)})" + (Name.Length > 0 ? $" in series {Name}" : string.Empty));
                }

                skipped.Add("identical duplicate row", line);
                continue;
            }

            result.Add(bar);
        }

        return [.. result];
    }

    private int FirstLineOf(int i)
    {
        var d = _rows[i].Bar.Date;
        while (i > 0 && _rows[i - 1].Bar.Date == d)
            i--;
        return _rows[i].Line;
    }
}
