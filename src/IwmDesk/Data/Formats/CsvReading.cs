namespace IwmDesk.Data.Formats;

/// <summary>Shared pieces of the delimited-text parsers: header reading, row splitting, missing cells, names.</summary>
internal static class CsvReading
{
    /// <summary>Reads the first non-blank line as the header.</summary>
    public static Header ReadHeader(ParseContext ctx, string text, ref LineCursor cursor, CsvFields fields, char delimiter)
    {
        while (cursor.TryNext(out var start, out var length))
        {
            if (IsBlank(text, start, length))
                continue;
            Split(ctx, text, start, length, cursor.LineNumber, fields, delimiter);
            return new Header(fields, cursor.LineNumber, ctx);
        }

        throw ctx.Fail(0, "empty file");
    }

    /// <summary>Reads the next non-blank data row with exactly <paramref name="expected"/> fields; false at the end.</summary>
    public static bool NextRow(ParseContext ctx, string text, ref LineCursor cursor, CsvFields fields, char delimiter, int expected)
    {
        while (cursor.TryNext(out var start, out var length))
        {
            if (IsBlank(text, start, length))
                continue;
            Split(ctx, text, start, length, cursor.LineNumber, fields, delimiter);
            if (fields.Count != expected)
                throw ctx.Fail(cursor.LineNumber, $"expected {expected} fields like the header, found {fields.Count}");
            return true;
        }

        return false;
    }

    public static void Split(ParseContext ctx, string text, int start, int length, int line, CsvFields fields, char delimiter)
    {
        if (fields.Split(text, start, length, delimiter) is { } error)
            throw ctx.Fail(line, error);
    }

    public static bool IsBlank(string text, int start, int length) => text.AsSpan(start, length).IsWhiteSpace();

    /// <summary>A missing cell: empty, <c>.</c> (FRED), <c>null</c> (Yahoo), <c>NaN</c>, <c>NA</c> or <c>#N/A</c>.</summary>
    public static bool IsMissing(ReadOnlySpan<char> s) =>
        s.IsEmpty
        || s is "."
        || s.Equals("null", StringComparison.OrdinalIgnoreCase)
        || s.Equals("nan", StringComparison.OrdinalIgnoreCase)
        || s.Equals("na", StringComparison.OrdinalIgnoreCase)
        || s.Equals("#n/a", StringComparison.OrdinalIgnoreCase);

    /// <summary>Date style of a file from its first date cell: MM/DD/YYYY when it has a slash, else yyyy-MM-dd.</summary>
    public static DateStyle StyleOf(ReadOnlySpan<char> firstDate) =>
        firstDate.Contains('/') ? DateStyle.UsSlash : firstDate.Length == 8 && !firstDate.Contains('-') ? DateStyle.Compact : DateStyle.Iso;

    /// <summary>Normalises a symbol: trimmed, upper-case, without a leading <c>^</c>.</summary>
    public static string Symbol(string s) => s.Trim().TrimStart('^').ToUpperInvariant();

    /// <summary>The series name of a single-series file: <c>--symbol</c>, else the file name up to the first '_' or '.'.</summary>
    public static string SeriesName(ParseContext ctx)
    {
        if (!string.IsNullOrWhiteSpace(ctx.SymbolOption))
            return Symbol(ctx.SymbolOption);
        var name = ctx.FileName;
        var cut = name.AsSpan().IndexOfAny('_', '.');
        var stem = Symbol(cut < 0 ? name : name[..cut]);
        if (stem.Length == 0)
            throw ctx.Fail(0, "cannot tell the series name from the file name: pass --symbol");
        return stem;
    }
}
