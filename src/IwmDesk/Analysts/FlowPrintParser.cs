using System.Globalization;

namespace IwmDesk.Analysts;

/// <summary>
/// Reads the options print <c>workflow --flow</c> takes (docs/workflow.md): either the <c>flow classify</c> fields inline
/// (<c>type=put,strike=190,expiry=2026-06-19,premium=2500000,contracts=5000,side=ask,oi-before=1200[,date=D]</c>) or a
/// CSV file holding one print — a header row naming the fields (any order) and one data row, or one data row in the
/// order <c>date,type,strike,expiry,premium,contracts,side,oi_before</c>. A bad value is one error naming the field.
/// </summary>
public static class FlowPrintParser
{
    /// <summary>The field order of a headerless CSV line.</summary>
    public static readonly IReadOnlyList<string> CsvOrder = ["date", "type", "strike", "expiry", "premium", "contracts", "side", "oi_before"];

    private const int MaxFileBytes = 64 * 1024;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Parses <paramref name="spec"/>: a path to an existing file, else inline fields. <paramref name="defaultDate"/> is
    /// the print's date when it names none (the workflow's date).
    /// </summary>
    public static FlowPrint Parse(string spec, DateOnly defaultDate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (File.Exists(spec))
            return ParseFile(spec, defaultDate);
        if (!spec.Contains('=', StringComparison.Ordinal))
            throw new IwmDeskException($"--flow: '{spec}' is neither a file nor fields like type=put,strike=190,expiry=2026-06-19,premium=2500000,contracts=5000,side=ask,oi-before=1200");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new IwmDeskException($"--flow: '{part}' is not a field=value pair");
            fields[Key(part[..eq])] = part[(eq + 1)..].Trim();
        }

        return FromFields(fields, defaultDate, "--flow");
    }

    /// <summary>Reads one print from a CSV file (bounded: at most 64 KiB, one data row).</summary>
    public static FlowPrint ParseFile(string path, DateOnly defaultDate)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
            throw new IwmDeskException($"{path}: {info.Length.ToString("N0", Inv)} bytes is too large for one options print (at most 64 KiB)");
        var lines = File.ReadAllLines(path).Select((l, k) => (Text: l.Trim(), Line: k + 1)).Where(x => x.Text.Length > 0 && !x.Text.StartsWith('#')).ToList();
        if (lines.Count == 0)
            throw new IwmDeskException($"{path}: no options print in the file");
        var first = lines[0].Text.Split(',', StringSplitOptions.TrimEntries);
        var hasHeader = first.Any(c => c.Length > 0 && char.IsLetter(c[0]) && CsvOrder.Contains(Key(c)));
        var header = hasHeader ? first.Select(Key).ToArray() : [.. CsvOrder];
        var rows = hasHeader ? lines.Skip(1).ToList() : lines;
        if (rows.Count != 1)
            throw new IwmDeskException($"{path}: expected one options print, found {rows.Count} data rows");
        var (text, line) = rows[0];
        var cells = text.Split(',', StringSplitOptions.TrimEntries);
        if (cells.Length != header.Length)
            throw new IwmDeskException($"{path}: line {line}: {cells.Length} fields, expected {header.Length} ({string.Join(",", header)})");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < header.Length; k++)
            fields[header[k]] = cells[k];
        return FromFields(fields, defaultDate, $"{path}: line {line}");
    }

    private static string Key(string k) => k.Trim().ToLowerInvariant().Replace('-', '_') switch
    {
        "oi" or "oi_before" => "oi_before",
        "premium_usd" => "premium",
        var x => x,
    };

    private static FlowPrint FromFields(Dictionary<string, string> f, DateOnly defaultDate, string where)
    {
        foreach (var k in f.Keys)
        {
            if (!CsvOrder.Contains(k))
                throw new IwmDeskException($"{where}: unknown field '{k}' (fields: {string.Join(", ", CsvOrder)})");
        }

        string Need(string k) => f.TryGetValue(k, out var v) && v.Length > 0 ? v : throw new IwmDeskException($"{where}: field {k} is missing");
        double Num(string k) => double.TryParse(Need(k), NumberStyles.Float, Inv, out var v) && double.IsFinite(v)
            ? v : throw new IwmDeskException($"{where}: field {k}: '{f[k]}' is not a number");
        long Int(string k) => long.TryParse(Need(k), NumberStyles.Integer, Inv, out var v)
            ? v : throw new IwmDeskException($"{where}: field {k}: '{f[k]}' is not a whole number");
        DateOnly Day(string k) => DateOnly.TryParseExact(Need(k), "yyyy-MM-dd", Inv, DateTimeStyles.None, out var v)
            ? v : throw new IwmDeskException($"{where}: field {k}: '{f[k]}' is not a date (expected YYYY-MM-DD)");
        var date = f.TryGetValue("date", out var ds) && ds.Length > 0 ? Day("date") : defaultDate;
        try
        {
            return FlowPrint.From(date, Need("type"), Num("strike"), Day("expiry"), Num("premium"), Int("contracts"), Need("side"), Int("oi_before"));
        }
        catch (IwmDeskException ex) when (ex.Message.StartsWith("flow print: ", StringComparison.Ordinal))
        {
            throw new IwmDeskException($"{where}: {ex.Message["flow print: ".Length..]}", ex);
        }
    }
}
