using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Store;

/// <summary>Migration 8 on PostgreSQL: consensus snapshots read back as on SQLite, re-import is idempotent, a corrected file replaces its date.</summary>
public sealed class ConsensusStorePostgresTests
{
    private const string Day1 = """
        symbol,name,reportDate,fiscalDateEnding,estimate,currency
        AAA,Alpha Co,2026-01-28,2025-12-31,1.25,USD
        BBB,"Beta, Inc",,2025-12-31,,USD
        """;

    private const string Day2 = """
        [{"symbol": "AAA", "name": "Alpha Co", "reportDate": "2026-01-28", "fiscalDateEnding": "2025-12-31", "estimate": "1.10", "currency": "USD"},
         {"symbol": "BBB", "name": "Beta, Inc", "reportDate": null, "fiscalDateEnding": "2025-12-31", "estimate": "0.5", "currency": "USD"}]
        """;

    [PostgresFact]
    public void Snapshots_ReadBackAsOnSqlite_ReimportIdempotent()
    {
        using var schema = TestPostgres.NewSchema();
        using var sqlite = StoreTestKit.NewStore(out var dir);
        using var pg = MarketStore.Open(schema.ConnectionString);
        var f1 = StoreTestKit.Write(dir, "earnings_calendar_2025-12-01.csv", Day1);
        var f2 = StoreTestKit.Write(dir, "earnings_calendar_2025-12-02.json", Day2);
        foreach (var store in new[] { sqlite, pg })
        {
            DataImporter.ImportFile(store, f1);
            DataImporter.ImportFile(store, f2);
        }

        pg.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
        pg.ConsensusSnapshotDates().ShouldBe(sqlite.ConsensusSnapshotDates());
        pg.SummarizeConsensus().ShouldBe(sqlite.SummarizeConsensus());
        pg.SummarizeConsensus().ShouldBe(new ConsensusSummary(2, 4, 2, new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 2)));
        var all = (DateOnly.MinValue, DateOnly.MaxValue);
        pg.LoadConsensusEstimates(all.MinValue, all.MaxValue).ShouldBe(sqlite.LoadConsensusEstimates(all.MinValue, all.MaxValue));
        var revisions = ConsensusRevisions.Compute(pg.LoadConsensusEstimates(all.MinValue, all.MaxValue));
        revisions.ShouldHaveSingleItem().Direction.ShouldBe(-1);

        DataImporter.ImportFile(pg, f2).Counts.ShouldBe(new UpsertCounts(0, 0, 2));
        var corrected = DataImporter.ImportFile(pg, StoreTestKit.Write(dir, "earnings_calendar_2025-12-02.csv", "symbol,name,reportDate,fiscalDateEnding,estimate,currency\nAAA,Alpha Co,2026-01-28,2025-12-31,1.30,USD\n"));
        corrected.Removed.ShouldBe(1);
        pg.LoadConsensusEstimates(new DateOnly(2025, 12, 2), new DateOnly(2025, 12, 2)).ShouldHaveSingleItem().Estimate.ShouldBe(1.30);
    }
}
