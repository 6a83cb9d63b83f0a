namespace IwmDesk.Data.Formats;

/// <summary>Daily series files: Yahoo-style OHLC, CBOE index history, FRED, SqueezeMetrics DIX and panel CSVs.</summary>
internal static class DailyParsers
{
    private static readonly string[] GenericValueNames = ["value", "close", "price"];

    /// <summary>Yahoo-style daily OHLC (header-driven) and CBOE index history (same shape, MM/DD/YYYY dates).</summary>
    public static ParsedFile ParseOhlc(ParseContext ctx, string text, DataFileFormat format)
    {
        var cursor = ctx.Cursor(text);
        var f = new CsvFields();
        var header = CsvReading.ReadHeader(ctx, text, ref cursor, f, ',');
        var iDate = header.Require(ctx, "Date", "date");
        var iClose = header.Require(ctx, "Close", "close");
        var iOpen = header.Find("open");
        var iHigh = header.Find("high");
        var iLow = header.Find("low");
        var iAdj = header.Find("adjclose");
        var iVol = header.Find("volume");
        var name = CsvReading.SeriesName(ctx);
        var parsed = new ParsedFile(format);
        var builder = new SeriesBuilder(name);
        DateStyle? style = null;
        var rows = 0;
        while (CsvReading.NextRow(ctx, text, ref cursor, f, ',', header.Count))
        {
            var line = cursor.LineNumber;
            rows++;
            style ??= CsvReading.StyleOf(f[iDate]);
            var date = ctx.Date(f[iDate], line, header.Names[iDate], style.Value);
            if (CsvReading.IsMissing(f[iClose]))
            {
                parsed.Skipped.Add("missing close (null or empty)", line);
                continue;
            }

            var close = ctx.Positive(f[iClose], line, header.Names[iClose]);
            var bar = new DailyBar(
                date,
                Price(ctx, f, header, iOpen, line),
                Price(ctx, f, header, iHigh, line),
                Price(ctx, f, header, iLow, line),
                close,
                Price(ctx, f, header, iAdj, line),
                iVol < 0 || CsvReading.IsMissing(f[iVol]) ? double.NaN : ctx.NonNegative(f[iVol], line, header.Names[iVol]));
            builder.Add(bar, line);
        }

        if (rows == 0)
            throw ctx.Fail(header.Line, "no data rows after the header");
        parsed.Series.Add((name, builder.Build(ctx, parsed.Skipped)));
        return parsed;
    }

    /// <summary>FRED (one value column), SqueezeMetrics DIX (price, dix, gex) and panel CSVs (several value columns).</summary>
    public static ParsedFile ParseValueColumns(ParseContext ctx, string text, DataFileFormat format)
    {
        var cursor = ctx.Cursor(text);
        var f = new CsvFields();
        var header = CsvReading.ReadHeader(ctx, text, ref cursor, f, ',');
        var iDate = header.Require(ctx, "date", "date", "observationdate");
        var columns = new List<(int Index, SeriesBuilder Builder, bool Positive)>();
        for (var i = 0; i < header.Count; i++)
        {
            if (i == iDate)
                continue;
            var raw = header.Names[i].Trim();
            if (raw.Length == 0)
                throw ctx.Fail(header.Line, $"column {i + 1} has no name");
            var key = Header.Normalize(raw);
            var (name, positive) = format switch
            {
                DataFileFormat.SqueezeMetricsDix => key switch
                {
                    "price" => ("SPX_PRICE", true),
                    "dix" => ("SPX_DIX", false),
                    _ => ("SPX_GEX", false),
                },
                DataFileFormat.FredCsv => (FredName(ctx, raw), false),
                _ => (raw.ToUpperInvariant(), false),
            };
            columns.Add((i, new SeriesBuilder(name), positive));
        }

        var parsed = new ParsedFile(format);
        DateStyle? style = null;
        var rows = 0;
        while (CsvReading.NextRow(ctx, text, ref cursor, f, ',', header.Count))
        {
            var line = cursor.LineNumber;
            rows++;
            style ??= CsvReading.StyleOf(f[iDate]);
            var date = ctx.Date(f[iDate], line, header.Names[iDate], style.Value);
            foreach (var (index, builder, positive) in columns)
            {
                var cell = f[index];
                if (CsvReading.IsMissing(cell))
                {
                    parsed.Skipped.Add(columns.Count == 1 ? "missing value ('.' or empty)" : "missing value ('.' or empty), cells", line);
                    continue;
                }

                var v = positive ? ctx.Positive(cell, line, header.Names[index]) : ctx.Number(cell, line, header.Names[index]);
                builder.Add(DailyBar.Value(date, v), line);
            }
        }

        if (rows == 0)
            throw ctx.Fail(header.Line, "no data rows after the header");
        foreach (var (_, builder, _) in columns)
            parsed.Series.Add((builder.Name, builder.Build(ctx, parsed.Skipped)));
        return parsed;
    }

    /// <summary>True when a header's value column is a generic name (Value, Close, Price) that does not name the series.</summary>
    public static bool IsGenericValueName(string name) => GenericValueNames.Contains(Header.Normalize(name));

    /// <summary>
    /// FRED ids stored under another series name: FRED's RVXCLS is the close of CBOE's RVX (the same values as
    /// RVX_History.csv), so both files fill series RVX.
    /// </summary>
    public static string StoredNameOfFredId(string id) => string.Equals(id, "RVXCLS", StringComparison.Ordinal) ? "RVX" : id;

    private static string FredName(ParseContext ctx, string column)
    {
        if (!string.IsNullOrWhiteSpace(ctx.SymbolOption))
            return CsvReading.Symbol(ctx.SymbolOption);
        if (!IsGenericValueName(column))
            return StoredNameOfFredId(CsvReading.Symbol(column));
        var file = ctx.FileName;
        if (file.StartsWith("FRED_", StringComparison.OrdinalIgnoreCase))
        {
            var id = file[5..];
            var dot = id.IndexOf('.', StringComparison.Ordinal);
            id = CsvReading.Symbol(dot < 0 ? id : id[..dot]);
            if (id.Length > 0)
                return StoredNameOfFredId(id);
        }

        return CsvReading.SeriesName(ctx);
    }

    private static double Price(ParseContext ctx, CsvFields f, Header header, int index, int line) =>
        index < 0 || CsvReading.IsMissing(f[index]) ? double.NaN : ctx.Positive(f[index], line, header.Names[index]);
}
