using System.Globalization;
using System.Text;

namespace IwmDesk.Testing;

/// <summary>
/// Fills a <see cref="FakeMarketServer"/> from the real files in ../shared/data/real (built at test time, never copied
/// into the repository), and writes the same data, cut at a date, as files for <c>data import</c>, so a fetched store
/// can be compared with an imported one.
/// </summary>
internal static class MarketWorld
{
    /// <summary>Yahoo ticker → real file.</summary>
    public static readonly (string Ticker, string File)[] YahooFiles =
    [
        ("IWM", "IWM_daily.csv"), ("KRE", "KRE_daily.csv"), ("SPY", "SPY_daily.csv"), ("HYG", "HYG_daily.csv"), ("DX-Y.NYB", "DXY_daily.csv"),
    ];

    /// <summary>FRED id → real file.</summary>
    public static readonly (string Id, string File)[] FredFiles =
    [
        ("DGS2", "FRED_DGS2.csv"), ("DGS10", "FRED_DGS10.csv"), ("BAMLH0A0HYM2", "FRED_BAMLH0A0HYM2.csv"), ("DTWEXBGS", "FRED_DTWEXBGS.csv"),
    ];

    /// <summary>DTB3 (no real file in ../shared) is served and written with the values of this real series.</summary>
    public static readonly (string Id, string From) Dtb3StandIn = ("DTB3", "DGS2");

    /// <summary>The real FINRA CNMS files (2021-12), by their own day.</summary>
    public static SortedDictionary<DateOnly, string> RealFinraFiles()
    {
        var map = new SortedDictionary<DateOnly, string>();
        foreach (var path in Directory.GetFiles(TestData.Real("finra"), "CNMSshvol*.txt"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            map[DateOnly.ParseExact(name[9..], "yyyyMMdd", CultureInfo.InvariantCulture)] = File.ReadAllText(path);
        }

        return map;
    }

    /// <summary>A FINRA file's rows moved to another day (the date field of each row replaced; the trailer kept).</summary>
    public static string Redate(string file, DateOnly day)
    {
        var stamp = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var sb = new StringBuilder(file.Length);
        foreach (var (line, end) in Lines(file))
        {
            var text = line.Length > 9 && line[8] == '|' && line[..8].All(char.IsAsciiDigit) ? stamp + line[8..] : line;
            sb.Append(text).Append(end);
        }

        return sb.ToString();
    }

    /// <summary>Loads the real daily data into the server (FINRA files are the caller's: real days or re-dated).</summary>
    public static void Load(FakeMarketServer server)
    {
        foreach (var (ticker, file) in YahooFiles)
            server.Yahoo[ticker] = ReadYahoo(TestData.Real(file));
        server.Yahoo["^VIX"] = ReadYahoo(TestData.Real("VIX_History.csv"));
        foreach (var (id, file) in FredFiles)
        {
            var (_, rows) = ReadDated(TestData.Real(file));
            server.Fred[id] = [.. rows.Select(r => (r.Date, r.Line[(r.Line.IndexOf(',', StringComparison.Ordinal) + 1)..]))];
        }

        // No real DTB3 file is in ../shared: the 2-year yield's values stand in for the 3-month bill (plumbing only).
        server.Fred[Dtb3StandIn.Id] = [.. server.Fred[Dtb3StandIn.From]];
        server.Vix = ReadLines(TestData.Real("VIX_History.csv"));
        server.Rvx = ReadLines(TestData.Real("RVX_History.csv"));

        // FRED's RVXCLS carries RVX's close: served from the real CBOE file, for the fallback.
        server.Fred["RVXCLS"] = [.. server.Rvx.Lines.Select(r => (r.Date, r.Line.Split(',')[4]))];
        server.Dix = ReadLines(TestData.Real("DIX.csv"));
    }

    /// <summary>Writes the files <c>data import</c> reads for the same data, cut at <paramref name="upTo"/>; returns their paths.</summary>
    public static List<string> WriteImportFiles(string dir, DateOnly upTo)
    {
        var list = new List<string>();
        foreach (var file in YahooFiles.Select(y => y.File).Concat(FredFiles.Select(f => f.File)).Append("VIX_History.csv").Append("RVX_History.csv").Append("DIX.csv"))
        {
            var lines = ReadLines(TestData.Real(file));
            var path = Path.Combine(dir, file);
            File.WriteAllText(path, lines.Text(upTo));
            list.Add(path);
        }

        var dtb3 = Path.Combine(dir, "FRED_DTB3.csv");
        var dgs2 = ReadLines(TestData.Real("FRED_DGS2.csv")).Text(upTo);
        File.WriteAllText(dtb3, "date,DTB3" + dgs2[dgs2.IndexOf('\n', StringComparison.Ordinal)..]);
        list.Add(dtb3);
        return list;
    }

    /// <summary>
    /// A few weeks of synthetic data for every source on the weekdays in [from, to] (no holiday calendar here: pick a
    /// range without NYSE holidays when day counts matter), world date <paramref name="to"/>.
    /// </summary>
    public static void Synthetic(FakeMarketServer server, DateOnly from, DateOnly to)
    {
        var days = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                days.Add(d);
        }

        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        YahooSeries Series(double start, bool adj, bool volume) => new(
            [.. days.Select((d, i) =>
            {
                var c = start + i;
                return new YahooRow(d, N(c - 0.5), N(c + 1), N(c - 1), N(c), adj ? N(c * 0.99) : null, volume ? N(1_000_000 + i) : null);
            })],
            adj, volume);
        server.Yahoo["IWM"] = Series(200, true, true);
        server.Yahoo["KRE"] = Series(50, true, true);
        server.Yahoo["SPY"] = Series(500, true, true);
        server.Yahoo["HYG"] = Series(77, true, true);
        server.Yahoo["DX-Y.NYB"] = Series(103, false, false);
        server.Yahoo["^VIX"] = Series(14, false, false);
        foreach (var (id, start) in new[] { ("DGS2", 4.5), ("DGS10", 4.2), ("BAMLH0A0HYM2", 3.1), ("DTWEXBGS", 120.0), ("DTB3", 4.3) })
            server.Fred[id] = [.. days.Select((d, i) => (d, N(start + (0.01 * i))))];
        server.Vix = new DatedLines("DATE,OPEN,HIGH,LOW,CLOSE",
            [.. days.Select((d, i) => (d, string.Create(CultureInfo.InvariantCulture, $"{d:MM/dd/yyyy},{14 + i:0.000000},{15 + i:0.000000},{13 + i:0.000000},{14.5 + i:0.000000}")))], "\n");
        server.Rvx = new DatedLines("DATE,OPEN,HIGH,LOW,CLOSE",
            [.. days.Select((d, i) => (d, string.Create(CultureInfo.InvariantCulture, $"{d:MM/dd/yyyy},{20 + i:0.000000},{21 + i:0.000000},{19 + i:0.000000},{20.5 + i:0.000000}")))], "\n");
        server.Fred["RVXCLS"] = [.. days.Select((d, i) => (d, N(20.5 + i)))];
        server.Dix = new DatedLines("date,price,dix,gex",
            [.. days.Select((d, i) => (d, string.Create(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd},{5000 + i},{0.42 + (0.001 * i)},{(i - 5) * 1e9}")))], "\r\n");
        foreach (var (d, i) in days.Select((d, i) => (d, i)))
            server.Finra[d] = FakeMarketServer.FinraFile(d, ("AAPL", 100, 1, 300), ("IWM", 10_000 + i, 10, 25_000), ("SPY", 20_000, 0, 50_000));
        server.ChainJson = FakeMarketServer.CboeChain(to.ToDateTime(new TimeOnly(16, 15)), 210, to.AddDays(21));
        server.WorldDate = to;
    }

    private static YahooSeries ReadYahoo(string path)
    {
        var (header, rows) = ReadDated(path);
        var names = header.Split(',').Select(h => h.Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToList();
        int Col(string n) => names.IndexOf(n);
        var (o, h, l, c, a, v) = (Col("OPEN"), Col("HIGH"), Col("LOW"), Col("CLOSE"), Col("ADJCLOSE"), Col("VOLUME"));
        var bars = rows.Select(r =>
        {
            var f = r.Line.Split(',');
            string? Cell(int i) => i < 0 ? null : f[i].Trim();
            return new YahooRow(r.Date, Cell(o), Cell(h), Cell(l), Cell(c), Cell(a), Cell(v));
        }).ToList();
        return new YahooSeries(bars, a >= 0, v >= 0);
    }

    private static (string Header, List<(DateOnly Date, string Line)> Rows) ReadDated(string path)
    {
        var lines = ReadLines(path);
        return (lines.Header, [.. lines.Lines]);
    }

    private static DatedLines ReadLines(string path)
    {
        var text = File.ReadAllText(path);
        var all = Lines(text).ToList();
        var newLine = all.Count > 0 && all[0].End.Length > 0 ? all[0].End : "\n";
        var rows = new List<(DateOnly, string)>();
        foreach (var (line, _) in all.Skip(1))
        {
            if (line.Trim().Length == 0)
                continue;
            var cell = line[..line.IndexOf(',', StringComparison.Ordinal)].Trim();
            var date = cell.Contains('/', StringComparison.Ordinal)
                ? DateOnly.ParseExact(cell, "MM/dd/yyyy", CultureInfo.InvariantCulture)
                : DateOnly.ParseExact(cell[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            rows.Add((date, line));
        }

        return new DatedLines(all[0].Line, rows, newLine);
    }

    private static IEnumerable<(string Line, string End)> Lines(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var nl = text.IndexOf('\n', i);
            if (nl < 0)
            {
                yield return (text[i..], "");
                yield break;
            }

            var end = nl > i && text[nl - 1] == '\r' ? nl - 1 : nl;
            yield return (text[i..end], text[end..(nl + 1)]);
            i = nl + 1;
        }
    }
}
