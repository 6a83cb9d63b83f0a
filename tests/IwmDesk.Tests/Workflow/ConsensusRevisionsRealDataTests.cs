using System.Globalization;
using System.Text.Json;
using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Testing;
using IwmDesk.Workflow;

namespace IwmDesk.Tests.Workflow;

/// <summary>
/// Issue 15 item 3's done-when on the real files: the 38 earnings-calendar snapshots import, step 4 answers from them on
/// every trading day 2025-12-01..2025-12-26, its sector counts match a computation made here from the raw JSON and the
/// raw holdings CSV (a small parse of their own, not the production code), and the 735 / 1,049 day-to-day changes of
/// PROVENANCE.md §6c are reproduced.
/// </summary>
public sealed class ConsensusRevisionsRealDataTests : IDisposable
{
    private readonly string _dir = TestData.TempDir();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string[] SnapshotFiles() =>
        Directory.GetFiles(TestData.Real("earnings"), "earnings_calendar_*.json").Order(StringComparer.Ordinal).ToArray();

    private string ImportAll()
    {
        var path = Path.Combine(_dir, "store.db");
        using var store = MarketStore.Open(path);
        var files = SnapshotFiles().Concat([TestData.Real("holdings", "IWM_holdings_2025-11-05.csv"), TestData.Real("IWM_daily_yahoo_2021-2026.csv")]).ToList();
        var outcomes = DataImporter.ImportFiles(store, files);
        outcomes.Where(o => !o.Succeeded).Select(o => o.Error!.Message).ShouldBeEmpty();
        return path;
    }

    // ---- the independent computation: raw JSON, raw holdings CSV, IWM's own bar dates ----

    private sealed record RawRow(string Symbol, string Fiscal, double? Estimate);

    private static SortedDictionary<DateOnly, Dictionary<(string, string), double?>> RawSnapshots()
    {
        var map = new SortedDictionary<DateOnly, Dictionary<(string, string), double?>>();
        foreach (var file in SnapshotFiles())
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var date = DateOnly.ParseExact(name[^10..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var rows = new Dictionary<(string, string), double?>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                var est = e.GetProperty("estimate");
                rows[(e.GetProperty("symbol").GetString()!, e.GetProperty("fiscalDateEnding").GetString()!)] =
                    est.ValueKind == JsonValueKind.Null ? null : double.Parse(est.GetString()!, CultureInfo.InvariantCulture);
            }

            map[date] = rows;
        }

        return map;
    }

    /// <summary>(date, symbol, +1/−1) for every change between consecutive raw snapshots.</summary>
    private static List<(DateOnly Date, string Symbol, int Dir)> RawChanges()
    {
        var list = new List<(DateOnly, string, int)>();
        Dictionary<(string, string), double?>? prev = null;
        foreach (var (date, rows) in RawSnapshots())
        {
            if (prev is not null)
            {
                foreach (var (k, v) in rows)
                {
                    if (v is { } now && prev.TryGetValue(k, out var was) && was is { } then && now != then)
                        list.Add((date, k.Item1, now > then ? 1 : -1));
                }
            }

            prev = rows;
        }

        return list;
    }

    private static List<string> CsvFields(string line)
    {
        var fields = new List<string>();
        var cur = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                fields.Add(cur.ToString());
                cur.Clear();
            }
            else
                cur.Append(c);
        }

        fields.Add(cur.ToString());
        return fields;
    }

    /// <summary>Ticker → (sector, weight) of the equity rows of the raw iShares file.</summary>
    private static Dictionary<string, (string Sector, double Weight)> RawMembers()
    {
        var lines = File.ReadAllLines(TestData.Real("holdings", "IWM_holdings_2025-11-05.csv"));
        var header = Array.FindIndex(lines, l => l.TrimStart('\uFEFF').StartsWith("Ticker,Name,Sector", StringComparison.Ordinal));
        var map = new Dictionary<string, (string, double)>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(header + 1))
        {
            if (line.Trim().Length == 0)
                break;
            var f = CsvFields(line);
            if (f[3] != "Equity" || f[0] == "-")
                continue;
            var w = double.Parse(f[5].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            map[f[0]] = map.TryGetValue(f[0], out var had) ? (had.Item1, had.Item2 + w) : (f[2], w);
        }

        return map;
    }

    /// <summary>The 20th IWM bar back from D (D included), from the raw Yahoo file's own dates.</summary>
    private static DateOnly RawWindowStart(DateOnly d)
    {
        var dates = File.ReadLines(TestData.Real("IWM_daily_yahoo_2021-2026.csv")).Skip(1)
            .Select(l => DateOnly.ParseExact(l[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)).Where(x => x <= d).Order().ToList();
        return dates[^20];
    }

    [RealDataFact]
    public void Snapshots_Import_AndReproduceThe735UpAnd1049DownChanges()
    {
        using var store = MarketStore.Open(ImportAll());

        store.ConsensusSnapshotDates().Count.ShouldBe(38);
        var rawRows = RawSnapshots().Sum(s => s.Value.Count);
        store.SummarizeConsensus().ShouldBe(new ConsensusSummary(38, rawRows, RawSnapshots().SelectMany(s => s.Value.Keys.Select(k => k.Item1)).Distinct().Count(),
            new DateOnly(2025, 11, 7), new DateOnly(2025, 12, 26)));
        var revisions = ConsensusRevisions.Compute(store.LoadConsensusEstimates(DateOnly.MinValue, DateOnly.MaxValue));
        revisions.Count(r => r.Direction > 0).ShouldBe(735);
        revisions.Count(r => r.Direction < 0).ShouldBe(1049);
        var raw = RawChanges();
        raw.Count(r => r.Dir > 0).ShouldBe(735);
        raw.Count(r => r.Dir < 0).ShouldBe(1049);

        // Re-import: nothing changes.
        var again = DataImporter.ImportFile(store, SnapshotFiles()[^1]);
        again.Counts.Added.ShouldBe(0);
        again.Counts.Updated.ShouldBe(0);
    }

    [RealDataFact]
    public void Workflow_AnswersStep4FromSnapshots_OnEveryTradingDayOfDecember_CountsMatchTheRawFiles()
    {
        var path = ImportAll();
        using var desk = Desk.Open(path, fillSampleWhenEmpty: false);
        var members = RawMembers();
        var changes = RawChanges();
        var checkedDays = 0;
        for (var d = new DateOnly(2025, 12, 1); d <= new DateOnly(2025, 12, 26); d = d.AddDays(1))
        {
            if (!TradingCalendar.IsTradingDay(d))
                continue;
            var ctx = DeskContext.Build(desk, d, RuleSet.Default());
            ctx.Date.ShouldBe(d);
            var result = WorkflowRunner.Run(ctx);
            var step = result.Steps[3];
            step.Bias.ShouldNotBe(Bias.NotAvailable, $"{d:yyyy-MM-dd}: {step.Summary}");
            step.Facts["source"].ShouldBe(ConsensusRevisionAnalyst.Source);
            result.Checklist.Items[3].Bias.ShouldBe(step.Bias);
            var r = (EarningsRevisionResult)step.Result;

            // Independent counts: changes dated in [the 20th IWM bar back, D], by the raw holdings' sector.
            var start = RawWindowStart(d);
            r.WindowStart.ShouldBe(start);
            var inWindow = changes.Where(c => c.Date >= start && c.Date <= d).ToList();
            foreach (var row in r.Rows)
            {
                var mine = inWindow.Where(c => members.TryGetValue(c.Symbol, out var m) && m.Sector == row.Sector).ToList();
                (row.Upgrades, row.Downgrades).ShouldBe((mine.Count(c => c.Dir > 0), mine.Count(c => c.Dir < 0)), $"{d:yyyy-MM-dd} {row.Sector}");
                row.Weight.ShouldBe(members.Values.Where(m => m.Sector == row.Sector).Sum(m => m.Weight), 1e-9);
            }

            var others = inWindow.Where(c => !members.ContainsKey(c.Symbol)).ToList();
            r.NonMembers.ShouldBe(new RevisionCount(others.Count(c => c.Dir > 0), others.Count(c => c.Dir < 0)));

            // The score from the raw counts: Σ w·net / Σ w over sectors with a revision.
            double sw = 0, swn = 0;
            foreach (var g in inWindow.Where(c => members.ContainsKey(c.Symbol)).GroupBy(c => members[c.Symbol].Sector))
            {
                var w = members.Values.Where(m => m.Sector == g.Key).Sum(m => m.Weight);
                sw += w;
                swn += w * g.Sum(c => c.Dir) / g.Count();
            }

            r.NetScore.ShouldBe(swn / sw, 1e-9);
            r.Notes.ShouldContain("snapshots start 2025-11-07: no prior cycle to compare");
            checkedDays++;
        }

        checkedDays.ShouldBe(19); // 2025-12-01..26: 20 weekdays less Christmas
    }
}
