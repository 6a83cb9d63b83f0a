namespace IwmDesk.Data.Formats;

/// <summary>FINRA Reg SHO daily short-volume files: the raw pipe layout and a CSV re-write of it.</summary>
internal static class FinraParsers
{
    /// <summary>FINRA facility codes; consolidated files are CNMS.</summary>
    public static readonly string[] Facilities = ["CNMS", "FNSQ", "FNYX", "FNQC", "FNRA", "FORF"];

    /// <summary>
    /// The pipe layout <c>Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market</c>, with the record-count trailer
    /// of raw FINRA files (which must match) or without one (derived files).
    /// </summary>
    public static ParsedFile ParsePipe(ParseContext ctx, string text)
    {
        var cursor = ctx.Cursor(text);
        var f = new CsvFields();
        var header = CsvReading.ReadHeader(ctx, text, ref cursor, f, '|');
        var iDate = header.Require(ctx, "Date", "date");
        var iSym = header.Require(ctx, "Symbol", "symbol");
        var iShort = header.Require(ctx, "ShortVolume", "shortvolume");
        var iExempt = header.Require(ctx, "ShortExemptVolume", "shortexemptvolume");
        var iTotal = header.Require(ctx, "TotalVolume", "totalvolume");
        var iMarket = header.Require(ctx, "Market", "market");
        var nameFacility = FacilityFromName(ctx.FileName);
        var rawDaily = IsRawDailyName(ctx.FileName);

        var rows = new List<(ShortVolumeRecord Row, int Line)>();
        int? trailer = null;
        var trailerLine = 0;
        var lastLine = header.Line;
        while (cursor.TryNext(out var start, out var length))
        {
            if (CsvReading.IsBlank(text, start, length))
                continue;
            var line = cursor.LineNumber;
            lastLine = line;
            if (trailer is not null)
                throw ctx.Fail(line, $"data after the record-count line {trailerLine}");
            CsvReading.Split(ctx, text, start, length, line, f, '|');
            if (f.Count == 1 && int.TryParse(f[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                trailer = count;
                trailerLine = line;
                continue;
            }

            if (f.Count != header.Count)
                throw ctx.Fail(line, $"expected {header.Count} fields like the header, found {f.Count}");
            var symbol = f[iSym].ToString();
            if (symbol.Length == 0)
                throw ctx.Fail(line, "column 'Symbol' is empty");
            rows.Add((new ShortVolumeRecord(
                ctx.Date(f[iDate], line, header.Names[iDate], DateStyle.Compact),
                symbol,
                string.Empty,
                ctx.Count(f[iShort], line, header.Names[iShort]),
                ctx.Count(f[iExempt], line, header.Names[iExempt]),
                ctx.Count(f[iTotal], line, header.Names[iTotal]),
                f[iMarket].ToString()), line));
        }

        if (trailer is { } n && n != rows.Count)
            throw ctx.Fail(trailerLine, $"the record-count line says {n} records but the file has {rows.Count}");
        if (trailer is null && rawDaily && ctx.WholeFileConsolidated is null)
            throw ctx.Fail(lastLine, "the record-count line that ends every raw FINRA file is missing (truncated download?)");
        if (rows.Count == 0)
            throw ctx.Fail(header.Line, "no data rows after the header");

        var parsed = new ParsedFile(DataFileFormat.FinraShortVolume);
        var consolidated = nameFacility is null && (ctx.WholeFileConsolidated ?? rows.Exists(r => r.Row.Market.Contains(',', StringComparison.Ordinal)));
        var withFacility = new List<(ShortVolumeRecord, int)>(rows.Count);
        foreach (var (row, line) in rows)
        {
            var facility = nameFacility ?? (consolidated ? "CNMS" : FacilityOfMarket(ctx, row.Market, line));
            withFacility.Add((row with { Facility = facility }, line));
        }

        AddUnique(ctx, parsed, withFacility);
        return parsed;
    }

    /// <summary>
    /// The CSV re-write <c>date,ticker,short_vol,exempt_vol,total_vol,short_ratio,market,captured_at</c> (derived columns
    /// short_ratio and captured_at are ignored). Facility: a facility code in the file name, else CNMS.
    /// </summary>
    public static ParsedFile ParseCsv(ParseContext ctx, string text)
    {
        var cursor = ctx.Cursor(text);
        var f = new CsvFields();
        var header = CsvReading.ReadHeader(ctx, text, ref cursor, f, ',');
        var iDate = header.Require(ctx, "date", "date");
        var iSym = header.Require(ctx, "ticker", "ticker", "symbol");
        var iShort = header.Require(ctx, "short_vol", "shortvol", "shortvolume");
        var iExempt = header.Require(ctx, "exempt_vol", "exemptvol", "shortexemptvol", "shortexemptvolume");
        var iTotal = header.Require(ctx, "total_vol", "totalvol", "totalvolume");
        var iMarket = header.Require(ctx, "market", "market");
        var facility = FacilityFromName(ctx.FileName) ?? "CNMS";
        var rows = new List<(ShortVolumeRecord, int)>();
        DateStyle? style = null;
        while (CsvReading.NextRow(ctx, text, ref cursor, f, ',', header.Count))
        {
            var line = cursor.LineNumber;
            style ??= CsvReading.StyleOf(f[iDate]);
            var symbol = f.GetString(iSym);
            if (symbol.Length == 0)
                throw ctx.Fail(line, $"column '{header.Names[iSym]}' is empty");
            rows.Add((new ShortVolumeRecord(
                ctx.Date(f[iDate], line, header.Names[iDate], style.Value),
                symbol,
                facility,
                ctx.Count(f[iShort], line, header.Names[iShort]),
                ctx.Count(f[iExempt], line, header.Names[iExempt]),
                ctx.Count(f[iTotal], line, header.Names[iTotal]),
                f.GetString(iMarket)), line));
        }

        if (rows.Count == 0)
            throw ctx.Fail(header.Line, "no data rows after the header");
        var parsed = new ParsedFile(DataFileFormat.FinraShortVolumeCsv);
        AddUnique(ctx, parsed, rows);
        return parsed;
    }

    /// <summary>
    /// The facility a file name declares: a FINRA prefix (<c>CNMSshvol20211201.txt</c>, <c>FNSQshvol...</c>) or a
    /// facility code as a whole token (<c>finra_shvol_CNMS_filtered.csv</c>); null when none.
    /// </summary>
    public static string? FacilityFromName(string fileName)
    {
        foreach (var code in Facilities)
        {
            if (fileName.StartsWith(code + "shvol", StringComparison.OrdinalIgnoreCase))
                return code;
        }

        var stem = Path.GetFileNameWithoutExtension(fileName);
        foreach (var token in stem.Split('_', '-', '.', ' '))
        {
            foreach (var code in Facilities)
            {
                if (string.Equals(token, code, StringComparison.OrdinalIgnoreCase))
                    return code;
            }
        }

        return null;
    }

    /// <summary>Raw FINRA daily file names (<c>CNMSshvolYYYYMMDD.txt</c> and the per-facility prefixes) always end with a record count.</summary>
    public static bool IsRawDailyName(string fileName)
    {
        foreach (var code in Facilities)
        {
            var prefix = code + "shvol";
            if (fileName.Length == prefix.Length + 12
                && fileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
                && fileName.AsSpan(prefix.Length, 8).ContainsAnyExceptInRange('0', '9') is false)
            {
                return true;
            }
        }

        return false;
    }

    private static string FacilityOfMarket(ParseContext ctx, string market, int line) => market.Trim() switch
    {
        "Q" => "FNSQ",
        "N" => "FNYX",
        "B" => "FNQC",
        "D" => "FNRA",
        _ => throw ctx.Fail(line,
            $"market '{market}' names no FINRA facility (Q, N, B, D); name the file with its facility (CNMSshvol..., FNSQshvol..., or a _CNMS_ token)"),
    };

    private static void AddUnique(ParseContext ctx, ParsedFile parsed, List<(ShortVolumeRecord Row, int Line)> rows)
    {
        var seen = new Dictionary<(DateOnly, string, string), (ShortVolumeRecord Row, int Line)>(rows.Count);
        foreach (var (row, line) in rows)
        {
            var key = (row.Date, row.Symbol, row.Facility);
            if (seen.TryGetValue(key, out var first))
            {
                if (first.Row != row)
                {
                    throw ctx.Fail(line,
                        $"{row.Symbol} on {row.Date:yyyy-MM-dd} ({row.Facility}) appears again with different values (first on line {first.Line})");
                }

                parsed.Skipped.Add("identical duplicate row", line);
                continue;
            }

            seen.Add(key, (row, line));
            parsed.ShortVolume.Add(row);
        }
    }
}
