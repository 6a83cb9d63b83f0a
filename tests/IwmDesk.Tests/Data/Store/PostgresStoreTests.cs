using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Journal;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Store;

/// <summary>
/// The same store on PostgreSQL: every read gives what SQLite gives for the same writes, and the journal (replay, list,
/// score) gives the same numbers. Skipped with a clear message when no server is available (IWMDESK_TEST_PG).
/// </summary>
public sealed class PostgresStoreTests
{
    private static readonly DateOnly D1 = new(2024, 1, 2);

    private static void FillBoth(MarketStore a, MarketStore b, string dir)
    {
        var files = MarketFixture.WriteFiles(dir);
        foreach (var store in new[] { a, b })
        {
            foreach (var f in files)
                DataImporter.ImportFile(store, f);
            using var tx = store.BeginWrite();
            tx.UpsertChain(new OptionChainSnapshot("IWM", new DateOnly(2024, 6, 3), 200.5,
            [
                new OptionQuote(new DateOnly(2024, 6, 21), OptionRight.Call, 200, 1500, 0.22, 3.1, 3.3, 120, 0.52, 0.031),
                new OptionQuote(new DateOnly(2024, 6, 21), OptionRight.Put, 200, 2500, 0.24, 2.9, 3.0, 90, -0.48, 0.030),
                new OptionQuote(new DateOnly(2024, 7, 19), OptionRight.Put, 190, 800, double.NaN, 1.1, 1.2, double.NaN, double.NaN, double.NaN),
            ]), "chain-csv", DataOrigin.Real);
            tx.UpsertShortVolume(
            [
                new ShortVolumeRecord(D1, "IWM", "CNMS", 1_000_000, 2_000, 2_400_000, "B,Q,N"),
                new ShortVolumeRecord(D1, "IWM", "FNSQ", 400_000, 0, 900_000, "Q"),
                new ShortVolumeRecord(D1.AddDays(1), "IWM", "CNMS", 1_100_000, 1_000, 2_500_000, "B,Q,N"),
            ], DataOrigin.Real);
            tx.UpsertRevisions([new EarningsRevisionRecord(D1, "Financials", 12, 7), new EarningsRevisionRecord(D1, "Energy", 3, 9)], DataOrigin.Real);
            tx.SetMeta("note", "fixture");
            tx.Commit();
        }
    }

    private static string Describe(MarketStore s)
    {
        var status = StoreStatus.Build(s, new StoreLocation("x", StoreLocationSource.Option)) with { SchemaVersion = s.SchemaVersion };
        var parts = new List<string>
        {
            string.Join("|", status.Series.Select(x => x.ToString())),
            string.Join("|", status.Chains.Select(x => x.ToString())),
            string.Join("|", status.ShortVolume.Facilities.Select(kv => kv.Key + "=" + kv.Value.ToString(CultureInfo.InvariantCulture))),
            status.ShortVolume with { Facilities = new Dictionary<string, int>() } is var sv ? $"{sv.Rows} {sv.Symbols} {sv.Dates} {sv.First} {sv.Last}" : "",
            status.Revisions.ToString(),
            string.Join("|", s.ListChains().Select(x => x.ToString())),
            string.Join("|", s.LoadChain("IWM", new DateOnly(2024, 6, 3))!.Quotes.Select(q => q.ToString())),
            string.Join("|", s.LoadShortVolume("IWM").Select(x => x.ToString())),
            string.Join("|", s.LoadRevisions().Select(x => x.ToString())),
            s.GetMeta("note") ?? "",
            s.IsEmpty.ToString(), s.HasReal.ToString(), s.HasSample.ToString(),
        };
        foreach (var name in new[] { "IWM", "SPY", "VIX" })
        {
            var c = s.LoadSeries(name);
            parts.Add(name + ":" + string.Join(",", c.Dates.Select((d, i) => string.Create(CultureInfo.InvariantCulture, $"{d:yyyyMMdd} {c.Open[i]:R} {c.High[i]:R} {c.Low[i]:R} {c.Close[i]:R} {c.AdjClose[i]:R} {c.Volume[i]:R}"))));
        }

        return string.Join("\n", parts);
    }

    [PostgresFact]
    public void Open_NewSchema_MigratesToLatest_ReopenKeepsVersion()
    {
        using var schema = TestPostgres.NewSchema();

        using (var store = MarketStore.Open(schema.ConnectionString))
        {
            store.Backend.ShouldBe("postgresql");
            store.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
            store.IsEmpty.ShouldBeTrue();
            store.DisplayLocation.ShouldNotContain("Password");
        }

        using var again = MarketStore.Open(schema.ConnectionString);
        again.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
    }

    [PostgresFact]
    public void Open_Version5Schema_Migration6AddsRequestedDate_OldRunsKeepNull()
    {
        using var schema = TestPostgres.NewSchema();
        using (var c = new Npgsql.NpgsqlConnection(schema.ConnectionString))
        {
            c.Open();
            var sql = LegacySchema.Version5WithOneRun();
            foreach (var text in sql)
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = text;
                cmd.ExecuteNonQuery();
            }
        }

        using var store = MarketStore.Open(schema.ConnectionString);
        store.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
        var journal = new JournalStore(store);
        journal.List().Single().RequestedDate.ShouldBeNull();
        var id = journal.Write(new JournalRun
        {
            Kind = JournalKind.Workflow, AsOf = D1, RequestedDate = D1.AddDays(1), DataSource = "real", DataHash = "dh", RulesHash = "rh", Payload = "{}", Calls = [],
        });
        journal.List().Single(e => e.RunId == id).RequestedDate.ShouldBe(D1.AddDays(1));
    }

    [PostgresFact]
    public void Writes_SameAsSqlite_ForEveryRead()
    {
        using var schema = TestPostgres.NewSchema();
        var dir = TestData.TempDir();
        using var lite = MarketStore.Open(Path.Combine(dir, "s.db"));
        using var pg = MarketStore.Open(schema.ConnectionString);

        FillBoth(lite, pg, dir);

        Describe(pg).ShouldBe(Describe(lite));

        // Re-importing is all "unchanged" on both; the sample purge works on both.
        var again = DataImporter.ImportFile(pg, Path.Combine(dir, "IWM.csv"));
        again.Counts.Unchanged.ShouldBe(MarketFixture.Rows);
        using var tx = pg.BeginWrite();
        Should.Throw<IwmDeskException>(() => tx.UpsertBars("X", [DailyBar.Value(D1, 1)], DataOrigin.Sample))
            .Message.ShouldBe("the store holds real data: the sample is only written into an empty store");
    }

    [PostgresFact]
    public void Journal_ReplayListScore_SameNumbersAsSqlite()
    {
        using var schema = TestPostgres.NewSchema();
        var dir = TestData.TempDir();
        using var lite = MarketStore.Open(Path.Combine(dir, "s.db"));
        using var pg = MarketStore.Open(schema.ConnectionString);
        FillBoth(lite, pg, dir);
        var rules = RuleSet.Default();

        var results = new List<(string List, string Score, string Payload)>();
        foreach (var store in new[] { lite, pg })
        {
            var panel = PanelBuilder.Build(store);
            var days = ReplayEngine.Days(panel, panel.Dates[^120], panel.Dates[^1]);
            var journal = new JournalStore(store);
            ReplayEngine.Run(JournalKind.Forecast, days, new ForecastReplay(store, panel, rules, days).Produce, journal).Journaled.ShouldBe(120);
            journal.Write(JournalFixture.Runs()[2] with { AsOf = panel.Dates[^30] }); // a workflow run with regime and conviction
            journal.Write(JournalFixture.Runs()[0] with { AsOf = panel.Dates[^5], RequestedDate = panel.Dates[^5].AddDays(1) }); // asked for a day without a bar (migration 6)

            var runs = journal.List();
            var list = JournalRenderer.ListJson(runs.Select(r => r with { RunId = "", CreatedAt = "" }).ToList());
            var score = JournalScoring.ScoreStore(store, runs);
            results.Add((list, JournalRenderer.ScoreJson(score.Score, score.DataSource, score.Runs, score.SkippedOtherSource),
                journal.Show(runs[57].RunId).Payload!.ToJsonString()));
        }

        results[1].List.ShouldBe(results[0].List);
        foreach (var (list, _, _) in results)
        {
            var moved = System.Text.Json.Nodes.JsonNode.Parse(list)!.AsArray()
                .Where(r => r!["requested_date"]!.GetValue<string>() != r["as_of"]!.GetValue<string>()).ToList();
            moved.Count.ShouldBe(1); // every other run stores its as-of date as the requested one
        }
        results[1].Score.ShouldBe(results[0].Score);
        results[1].Payload.ShouldBe(results[0].Payload);
        results[0].Score.ShouldContain("\"regime\": \"crisis\"");
    }

    [PostgresFact]
    public void Holdings_SameAsSqlite_ReimportUnchanged()
    {
        using var schema = TestPostgres.NewSchema();
        var dir = TestData.TempDir();
        using var lite = MarketStore.Open(Path.Combine(dir, "s.db"));
        using var pg = MarketStore.Open(schema.ConnectionString);
        var file = HoldingsFixture.Write(dir);
        var later = HoldingsFixture.Write(dir, "IWM_holdings_later.csv", HoldingsFixture.Text("Jan 05, 2026"));

        var seen = new List<string>();
        foreach (var store in new[] { lite, pg })
        {
            DataImporter.ImportFile(store, file);
            DataImporter.ImportFile(store, later);
            DataImporter.ImportFile(store, file).Counts.Unchanged.ShouldBe(16);
            var h = store.HoldingsInForce("IWM", new DateOnly(2025, 12, 31))!;
            seen.Add(string.Join("|", store.HoldingsDates("IWM").Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                + "\n" + h.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + h.Source + "\n"
                + string.Join("\n", h.Equities.Concat(h.Other).Select(x => x.ToString())));
        }

        seen[1].ShouldBe(seen[0]);
        seen[0].ShouldContain("2025-12-01 IWM_holdings.csv");
    }
}
