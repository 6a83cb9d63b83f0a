namespace IwmDesk.Data.Formats;

/// <summary>Recognises a file's format from its content (first lines), never from its extension.</summary>
internal static class FormatDetector
{
    private const string Known =
        "Yahoo daily, Yahoo chart JSON, CBOE index history, FRED, DIX, panel, FINRA short volume, option chain CSV, CBOE quotedata, CBOE JSON, earnings revisions, iShares holdings, earnings calendar CSV/JSON";

    public static DataFileFormat Detect(ParseContext ctx, string text)
    {
        var span = text.AsSpan().TrimStart();
        if (span.IsEmpty)
            throw ctx.Fail(0, "empty file");
        if (span.Contains('\0'))
            throw ctx.Fail(0, "not a text file");
        if (span[0] == '[' && EarningsCalendarParser.LooksLikeJson(text))
            return DataFileFormat.EarningsCalendarJson;
        if (span[0] is '{' or '[')
            return YahooChartParser.LooksLikeChart(text) ? DataFileFormat.YahooChartJson : DataFileFormat.CboeDelayedJson;

        // The first few non-blank lines: quotedata has metadata above its header.
        var cursor = new LineCursor(text);
        var f = new CsvFields();
        string? first = null;
        var firstLine = 0;
        var seen = 0;
        // iShares holdings: 8 metadata lines above the header (the 9th non-blank line), so look at a dozen.
        while (seen < 12 && cursor.TryNext(out var start, out var length))
        {
            if (CsvReading.IsBlank(text, start, length))
                continue;
            seen++;
            var line = text.AsSpan(start, length);
            if (first is null)
            {
                first = line.ToString();
                firstLine = cursor.LineNumber;
            }

            if (seen <= 6 && line.StartsWith("Expiration Date,", StringComparison.OrdinalIgnoreCase) && line.Contains("Strike", StringComparison.OrdinalIgnoreCase))
                return DataFileFormat.CboeQuoteData;
            if (HoldingsParser.IsAsOfLine(line) || HoldingsParser.IsHeaderLine(line))
                return DataFileFormat.IsharesHoldings;
        }

        first ??= string.Empty;
        if (first.Contains('|', StringComparison.Ordinal))
        {
            CsvReading.Split(ctx, first, 0, first.Length, firstLine, f, '|');
            var pipe = new Header(f, firstLine, ctx);
            if (pipe.Has("shortvolume") || pipe.Has("totalvolume"))
                return DataFileFormat.FinraShortVolume;
            throw Unknown(ctx, firstLine, first);
        }

        CsvReading.Split(ctx, first, 0, first.Length, firstLine, f, ',');
        var h = new Header(f, firstLine, ctx);
        if (h.Has("ticker", "symbol") && h.Has("shortvol", "shortvolume") && h.Has("totalvol", "totalvolume"))
            return DataFileFormat.FinraShortVolumeCsv;
        if (h.Has("asof") && h.Has("expiry", "expiration") && h.Has("strike"))
            return DataFileFormat.ChainCsv;
        if (h.Has("symbol") && h.Has("fiscaldateending") && h.Has("estimate"))
            return DataFileFormat.EarningsCalendarCsv;
        if (h.Has("sector") && (h.Has("upgrades") || h.Has("downgrades")))
            return DataFileFormat.EarningsRevisions;
        var iDate = h.Find("date", "observationdate");
        if (iDate < 0 || h.Count < 2)
            throw Unknown(ctx, firstLine, first);
        if (h.Count == 4 && h.Has("price") && h.Has("dix") && h.Has("gex"))
            return DataFileFormat.SqueezeMetricsDix;
        if (string.Equals(first.Replace(" ", string.Empty, StringComparison.Ordinal), "DATE,OPEN,HIGH,LOW,CLOSE", StringComparison.Ordinal))
            return DataFileFormat.CboeIndexHistory;
        var ohlcNames = (h.Has("open") ? 1 : 0) + (h.Has("high") ? 1 : 0) + (h.Has("low") ? 1 : 0) + (h.Has("adjclose") ? 1 : 0) + (h.Has("volume") ? 1 : 0);
        if (h.Has("close") && ohlcNames > 0)
            return DataFileFormat.YahooDaily;
        if (ohlcNames >= 2)
            throw ctx.Fail(firstLine, "missing required column 'Close' (the header looks like a daily price file)");
        return h.Count == 2 ? DataFileFormat.FredCsv : DataFileFormat.PanelCsv;
    }

    private static DataFormatException Unknown(ParseContext ctx, int line, string header) =>
        ctx.Fail(line, $"unrecognised format: header {ParseContext.Show(header)} matches none of: {Known} (see docs/formats.md)");
}
