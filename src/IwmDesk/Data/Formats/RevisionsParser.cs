namespace IwmDesk.Data.Formats;

/// <summary>Earnings-revisions CSV: <c>date,sector,upgrades,downgrades</c> (header-driven, yyyy-MM-dd dates, whole counts ≥ 0).</summary>
internal static class RevisionsParser
{
    public static ParsedFile Parse(ParseContext ctx, string text)
    {
        var cursor = new LineCursor(text);
        var f = new CsvFields();
        var header = CsvReading.ReadHeader(ctx, text, ref cursor, f, ',');
        var iDate = header.Require(ctx, "date", "date");
        var iSector = header.Require(ctx, "sector", "sector");
        var iUp = header.Require(ctx, "upgrades", "upgrades");
        var iDown = header.Require(ctx, "downgrades", "downgrades");
        var parsed = new ParsedFile(DataFileFormat.EarningsRevisions);
        var seen = new Dictionary<(DateOnly, string), (EarningsRevisionRecord Row, int Line)>();
        var rows = 0;
        while (CsvReading.NextRow(ctx, text, ref cursor, f, ',', header.Count))
        {
            var line = cursor.LineNumber;
            rows++;
            var sector = f.GetString(iSector);
            if (sector.Length == 0)
                throw ctx.Fail(line, $"column '{header.Names[iSector]}' is empty");
            var up = ctx.Count(f[iUp], line, header.Names[iUp]);
            var down = ctx.Count(f[iDown], line, header.Names[iDown]);
            if (up > int.MaxValue || down > int.MaxValue)
                throw ctx.Fail(line, "revision count is too large");
            var row = new EarningsRevisionRecord(ctx.Date(f[iDate], line, header.Names[iDate], DateStyle.Iso), sector, (int)up, (int)down);
            if (seen.TryGetValue((row.Date, row.Sector), out var first))
            {
                if (first.Row != row)
                    throw ctx.Fail(line, $"{row.Sector} on {row.Date:yyyy-MM-dd} appears again with different values (first on line {first.Line})");
                parsed.Skipped.Add("identical duplicate row", line);
                continue;
            }

            seen.Add((row.Date, row.Sector), (row, line));
            parsed.Revisions.Add(row);
        }

        if (rows == 0)
            throw ctx.Fail(header.Line, "no data rows after the header");
        return parsed;
    }
}
