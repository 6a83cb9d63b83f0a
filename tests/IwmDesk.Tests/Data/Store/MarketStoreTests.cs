using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Testing;
using Microsoft.Data.Sqlite;

namespace IwmDesk.Tests.Data.Store;

public sealed class MarketStoreTests : IDisposable
{
    private static readonly DateOnly D1 = new(2024, 1, 2);
    private static readonly DateOnly D2 = new(2024, 1, 3);
    private static readonly DateOnly D3 = new(2024, 1, 4);
    private readonly MarketStore _store;
    private readonly string _dir;

    public MarketStoreTests() => _store = StoreTestKit.NewStore(out _dir);

    public void Dispose() => _store.Dispose();

    private static DailyBar Bar(DateOnly d, double close) => new(d, close - 1, close + 1, close - 2, close, close * 0.9, 1000);

    private UpsertCounts Write(string series, DataOrigin origin, params DailyBar[] bars)
    {
        using var tx = _store.BeginWrite();
        var c = tx.UpsertBars(series, bars, origin);
        tx.Commit();
        return c;
    }

    [Fact]
    public void Open_NewFile_CreatesLatestSchemaAndIsEmpty()
    {
        _store.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
        _store.IsEmpty.ShouldBeTrue();
        _store.HasSample.ShouldBeFalse();
        File.Exists(Path.Combine(_dir, "store.db")).ShouldBeTrue();
    }

    [Fact]
    public void Open_Twice_KeepsDataAndVersion()
    {
        Write("IWM", DataOrigin.Real, Bar(D1, 100));
        _store.Dispose();

        using var again = MarketStore.Open(Path.Combine(_dir, "store.db"));

        again.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
        again.LoadSeries("IWM").Count.ShouldBe(1);
    }

    [Fact]
    public void Open_StepMissingBelowTheHighestApplied_IsAppliedToo()
    {
        // Steps are numbered per feature and may be released out of order: a store holding step 5 but not step 2 (the
        // journal) gets step 2 on the next open, not only the steps above its highest version.
        var path = Path.Combine(_dir, "store.db");
        using (var tx = _store.Connection.BeginTransaction())
        {
            using var cmd = _store.Connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "DROP TABLE journal_call_tags; DROP TABLE journal_calls; DROP TABLE journal_model_calls; DROP TABLE journal_steps; "
                + "DROP TABLE journal_runs; DELETE FROM schema_version WHERE version = 2";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }

        _store.Dispose();

        using var again = MarketStore.Open(path);
        again.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
        new IwmDesk.Journal.JournalStore(again).Count().ShouldBe(0);
        using var check = again.Connection.CreateCommand();
        check.CommandText = "SELECT group_concat(version, ',') FROM (SELECT version FROM schema_version ORDER BY version)";
        ((string)check.ExecuteScalar()!).ShouldBe(string.Join(',', IwmDesk.Data.Store.Migrations.All.Select(m => m.Version).Order()));
    }

    [Fact]
    public void Open_StoreBeforeStep3_ChainsKeepTheirContracts_SourceIsTheFormat_AndTheyAreSelected()
    {
        // A store made by a build with steps 1, 2 and 5 only: the chain tables keyed by (underlying, as_of).
        var path = Path.Combine(_dir, "old.db");
        using (var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            var steps = IwmDesk.Data.Store.Migrations.All.Where(m => m.Version != 3).OrderBy(m => m.Version).ToList();
            var sql = new List<string> { IwmDesk.Data.Store.Migrations.CreateVersionTable };
            foreach (var m in steps)
            {
                sql.AddRange(m.Statements);
                sql.Add($"INSERT INTO schema_version (version, description, applied_at) VALUES ({m.Version}, 'x', '2026-01-01T00:00:00Z')");
            }

            // Step 1 as released created option_chains/option_contracts; step 3's DDL is what replaces them.
            sql.Add("INSERT INTO option_chains (underlying, as_of, spot, source_format, origin) VALUES ('IWM', '2026-07-20', 292.2, 'chain-csv', 'real')");
            sql.Add("INSERT INTO option_contracts (underlying, as_of, expiry, option_right, strike, open_interest, implied_vol) VALUES ('IWM', '2026-07-20', '2026-07-24', 'C', 300, 10, 0.2)");
            foreach (var statement in sql)
            {
                cmd.CommandText = statement;
                cmd.ExecuteNonQuery();
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var store = MarketStore.Open(path);

        store.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
        store.ListSnapshots("IWM").ShouldBe([new ChainInfo("IWM", new DateOnly(2026, 7, 20), 292.2, "chain-csv", DataOrigin.Real, 1, "chain-csv", null, true)]);
        store.LoadChain("IWM", new DateOnly(2026, 7, 20))!.Quotes.ShouldHaveSingleItem().OpenInterest.ShouldBe(10);
    }

    [Fact]
    public void Open_NewerSchema_ClearError()
    {
        var path = Path.Combine(_dir, "store.db");
        using (var tx = _store.Connection.BeginTransaction())
        {
            using var cmd = _store.Connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 'x')";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }

        _store.Dispose();

        var ex = Should.Throw<IwmDeskException>(() => MarketStore.Open(path));
        ex.Message.ShouldBe($"the store {path} has schema version 99, newer than this iwmdesk understands ({MarketStore.LatestSchemaVersion}): upgrade iwmdesk");
    }

    [Fact]
    public void Open_NotADatabase_ClearError()
    {
        var path = StoreTestKit.Write(_dir, "junk.db", "this is not sqlite, just a text file with enough bytes to look like a header .......");

        var ex = Should.Throw<IwmDeskException>(() => MarketStore.Open(path));

        ex.Message.ShouldStartWith($"the store {path} is not a SQLite database or is damaged: PRAGMA integrity_check says: ");
        ex.ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Open_ForeignSqliteDatabase_Refused()
    {
        var path = Path.Combine(_dir, "other.db");
        using (var c = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE t (x INTEGER)";
            cmd.ExecuteNonQuery();
        }

        var ex = Should.Throw<IwmDeskException>(() => MarketStore.Open(path));

        ex.Message.ShouldBe($"{path} is a SQLite database but not an iwmdesk store (it has no schema_version table)");
    }

    [Fact]
    public void UpsertBars_NewChangedSame_CountsAddedUpdatedUnchanged()
    {
        Write("IWM", DataOrigin.Real, Bar(D1, 100), Bar(D2, 101)).ShouldBe(new UpsertCounts(2, 0, 0));

        var c = Write("IWM", DataOrigin.Real, Bar(D1, 100), Bar(D2, 101.5), Bar(D3, 102));

        c.ShouldBe(new UpsertCounts(1, 1, 1));
        _store.LoadSeries("IWM").Close.ShouldBe([100, 101.5, 102]);
    }

    [Fact]
    public void UpsertBars_NaNValues_StoredAsNullAndReadBackAsNaN()
    {
        Write("DGS10", DataOrigin.Real, DailyBar.Value(D1, 3.9));

        using (var cmd = _store.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT COUNT(*) FROM daily_series WHERE open IS NULL AND adj_close IS NULL AND volume IS NULL AND close = 3.9";
            Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
        }

        var s = _store.LoadSeries("DGS10");
        s[0].ShouldBe(DailyBar.Value(D1, 3.9));
        Write("DGS10", DataOrigin.Real, DailyBar.Value(D1, 3.9)).ShouldBe(new UpsertCounts(0, 0, 1));
    }

    [Fact]
    public void LoadSeries_UnorderedWrites_ReturnsDateOrderedColumns()
    {
        Write("IWM", DataOrigin.Real, Bar(D3, 102), Bar(D1, 100), Bar(D2, 101));

        var s = _store.LoadSeries("IWM");

        s.Dates.ShouldBe([D1, D2, D3]);
        s.Open.ShouldBe([99, 100, 101]);
        s.High.ShouldBe([101, 102, 103]);
        s.Low.ShouldBe([98, 99, 100]);
        s.AdjClose.ShouldBe([90, 90.9, 91.8], 1e-12);
        s.Volume.ShouldBe([1000, 1000, 1000]);
        _store.LoadSeries("NOPE").Count.ShouldBe(0);
        _store.ListSeries().ShouldBe([new SeriesInfo("IWM", D1, D3, 3, DataOrigin.Real)]);
    }

    [Fact]
    public void UpsertBars_DuplicateDateInInput_Throws()
    {
        using var tx = _store.BeginWrite();

        Should.Throw<ArgumentException>(() => tx.UpsertBars("IWM", [Bar(D1, 1), Bar(D1, 2)], DataOrigin.Real));
    }

    [Fact]
    public void BeginWrite_DisposedWithoutCommit_RollsBack()
    {
        using (var tx = _store.BeginWrite())
            tx.UpsertBars("IWM", [Bar(D1, 100)], DataOrigin.Real);

        _store.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void UpsertChain_SameSourceSameDay_ReplacesContracts()
    {
        var q1 = new OptionQuote(D2, OptionRight.Call, 100, 10, 0.2, 1, 1.1, 5, double.NaN, double.NaN);
        var q2 = new OptionQuote(D2, OptionRight.Put, 100, 20, 0.25, 0.9, 1.0, 6, -0.4, 0.05);
        var q3 = new OptionQuote(D3, OptionRight.Call, 105, 30, 0.22, 0.5, 0.6, 7, 0.3, 0.04);
        using (var tx = _store.BeginWrite())
        {
            tx.UpsertChain(new OptionChainSnapshot("IWM", D1, 100.5, [q1, q2]), "chain-csv", DataOrigin.Real)
                .ShouldBe(new ChainUpsertResult(new UpsertCounts(2, 0, 0), 0, true, "chain-csv", 1, "chain-csv"));
            tx.Commit();
        }

        ChainUpsertResult r;
        using (var tx = _store.BeginWrite())
        {
            r = tx.UpsertChain(new OptionChainSnapshot("IWM", D1, 100.5, [q1 with { OpenInterest = 11 }, q3]), "chain-csv", DataOrigin.Real);
            tx.Commit();
        }

        r.ShouldBe(new ChainUpsertResult(new UpsertCounts(1, 1, 0), 1, false, "chain-csv", 1, "chain-csv"));
        var chain = _store.LoadChain("IWM", D1).ShouldNotBeNull();
        chain.Quotes.ShouldBe([q1 with { OpenInterest = 11 }, q3]);
        _store.ListChains().ShouldBe([new ChainInfo("IWM", D1, 100.5, "chain-csv", DataOrigin.Real, 2, "chain-csv", null, true)]);
    }

    [Fact]
    public void LoadLatestChain_BetweenSnapshots_ReturnsTheEarlierOne()
    {
        var q = new OptionQuote(D3, OptionRight.Call, 100, 1, 0.2, 1, 1.1, 5, double.NaN, double.NaN);
        using (var tx = _store.BeginWrite())
        {
            tx.UpsertChain(new OptionChainSnapshot("IWM", D1, 100, [q]), "chain-csv", DataOrigin.Real);
            tx.UpsertChain(new OptionChainSnapshot("IWM", D3, 103, [q]), "chain-csv", DataOrigin.Real);
            tx.Commit();
        }

        _store.LoadLatestChain("IWM", D2)!.AsOf.ShouldBe(D1);
        _store.LoadLatestChain("IWM", D3)!.Spot.ShouldBe(103);
        _store.LoadLatestChain("IWM", new DateOnly(2023, 12, 29)).ShouldBeNull();
        _store.LoadChain("SPY", D1).ShouldBeNull();
    }

    [Fact]
    public void UpsertShortVolume_SecondWrite_CountsAndSummary()
    {
        var a = new ShortVolumeRecord(D1, "IWM", "CNMS", 10, 1, 20, "B,Q,N");
        var b = new ShortVolumeRecord(D1, "IWM", "FNSQ", 5, 0, 9, "Q");
        using (var tx = _store.BeginWrite())
        {
            tx.UpsertShortVolume([a, b], DataOrigin.Real).ShouldBe(new UpsertCounts(2, 0, 0));
            tx.UpsertShortVolume([a, b with { TotalVolume = 10 }], DataOrigin.Real).ShouldBe(new UpsertCounts(0, 1, 1));
            tx.Commit();
        }

        _store.LoadShortVolume("IWM").ShouldBe([a, b with { TotalVolume = 10 }]);
        var sum = _store.SummarizeShortVolume();
        (sum.Rows, sum.Symbols, sum.Dates, sum.First, sum.Last).ShouldBe((2, 1, 1, (DateOnly?)D1, (DateOnly?)D1));
        sum.Facilities.ShouldBe(new Dictionary<string, int> { ["CNMS"] = 1, ["FNSQ"] = 1 });
    }

    [Fact]
    public void UpsertRevisions_SecondWrite_CountsUnchanged()
    {
        var r = new EarningsRevisionRecord(D1, "Energy", 3, 4);
        using var tx = _store.BeginWrite();

        tx.UpsertRevisions([r], DataOrigin.Real).ShouldBe(new UpsertCounts(1, 0, 0));
        tx.UpsertRevisions([r], DataOrigin.Real).ShouldBe(new UpsertCounts(0, 0, 1));
        tx.Commit();
        _store.LoadRevisions().ShouldBe([r]);
    }

    [Fact]
    public void FirstRealWrite_StoreHoldsSample_PurgesAllSampleRows()
    {
        using (var tx = _store.BeginWrite())
        {
            tx.UpsertBars("IWM", [Bar(D1, 100), Bar(D2, 101)], DataOrigin.Sample);
            tx.UpsertBars("VIX", [Bar(D1, 15)], DataOrigin.Sample);
            tx.UpsertChain(new OptionChainSnapshot("IWM", D1, 100, [new OptionQuote(D2, OptionRight.Call, 100, 1, 0.2, 1, 1, 1, 0.5, 0.1)]), "sample", DataOrigin.Sample);
            tx.UpsertShortVolume([new ShortVolumeRecord(D1, "IWM", "CNMS", 1, 0, 2, "B,Q,N")], DataOrigin.Sample);
            tx.UpsertRevisions([new EarningsRevisionRecord(D1, "Energy", 1, 1)], DataOrigin.Sample);
            tx.SetMeta("sample.seed", "42");
            tx.Commit();
        }

        _store.HasSample.ShouldBeTrue();

        int purged;
        using (var tx = _store.BeginWrite())
        {
            tx.UpsertBars("IWM", [Bar(D1, 100)], DataOrigin.Real).ShouldBe(new UpsertCounts(1, 0, 0));
            purged = tx.PurgedSampleRows;
            tx.Commit();
        }

        purged.ShouldBe(7); // 3 bars, 1 chain + 1 contract, 1 short-volume row, 1 revision
        _store.HasSample.ShouldBeFalse();
        _store.ListSeries().ShouldBe([new SeriesInfo("IWM", D1, D1, 1, DataOrigin.Real)]);
        _store.ListChains().ShouldBeEmpty();
        StoreTestKit.Count(_store, "option_contracts").ShouldBe(0);
        _store.SummarizeShortVolume().Rows.ShouldBe(0);
        _store.LoadRevisions().ShouldBeEmpty();
        _store.GetMeta("sample.seed").ShouldBeNull();
    }

    [Fact]
    public void RealWriteRolledBack_SamplePurgeRolledBackToo()
    {
        Write("IWM", DataOrigin.Sample, Bar(D1, 100));

        using (var tx = _store.BeginWrite())
            tx.UpsertBars("IWM", [Bar(D1, 100)], DataOrigin.Real);

        _store.HasSample.ShouldBeTrue();
        _store.ListSeries().Single().Origin.ShouldBe(DataOrigin.Sample);
    }

    [Fact]
    public void SampleWrite_StoreHoldsRealData_Refused()
    {
        Write("IWM", DataOrigin.Real, Bar(D1, 100));
        using var tx = _store.BeginWrite();

        Should.Throw<IwmDeskException>(() => tx.UpsertBars("VIX", [Bar(D1, 15)], DataOrigin.Sample))
            .Message.ShouldBe("the store holds real data: the sample is only written into an empty store");
    }

    [Fact]
    public void Meta_SetAndGet_RoundTrips()
    {
        using (var tx = _store.BeginWrite())
        {
            tx.SetMeta("k", "v1");
            tx.SetMeta("k", "v2");
            tx.Commit();
        }

        _store.GetMeta("k").ShouldBe("v2");
        _store.IsEmpty.ShouldBeTrue(); // meta is not market data
    }

    [Fact]
    public void Open_Directory_ClearError()
    {
        Should.Throw<IwmDeskException>(() => MarketStore.Open(_dir)).Message.ShouldBe($"the store {_dir} is a directory; give the path of a SQLite file");
    }
}

public sealed class StoreLocatorTests
{
    [Fact]
    public void Resolve_OptionGiven_WinsOverEnvironment()
    {
        var dir = TestData.TempDir();
        var path = Path.Combine(dir, "sub", "a.db");

        var loc = StoreLocator.Resolve(path, "/elsewhere/b.db", "/home/u/.local/share");

        loc.ShouldBe(new StoreLocation(path, StoreLocationSource.Option));
        Directory.Exists(Path.Combine(dir, "sub")).ShouldBeTrue();
        loc.Description.ShouldBe($"{path} (from --store)");
    }

    [Fact]
    public void Resolve_OnlyEnvironment_UsesIt()
    {
        var path = Path.Combine(TestData.TempDir(), "env.db");

        StoreLocator.Resolve(null, path, "/unused").ShouldBe(new StoreLocation(path, StoreLocationSource.Environment));
    }

    [Fact]
    public void Resolve_NeitherGiven_UsesPerUserDataDirectory()
    {
        var home = TestData.TempDir();

        var loc = StoreLocator.Resolve(null, "", home);

        loc.ShouldBe(new StoreLocation(Path.Combine(home, "iwmdesk", "iwmdesk.db"), StoreLocationSource.UserDataDirectory));
        Directory.Exists(Path.Combine(home, "iwmdesk")).ShouldBeTrue();
        loc.Description.ShouldEndWith("(per-user data directory)");
    }

    [Fact]
    public void Resolve_PostgresConnectionString_TakenAsGivenPasswordHidden()
    {
        var loc = StoreLocator.Resolve("Host=localhost;Database=iwm;Username=u;Password=secret", null, null);

        loc.IsPostgres.ShouldBeTrue();
        loc.Path.ShouldBe("Host=localhost;Database=iwm;Username=u;Password=secret");
        loc.Description.ShouldNotContain("secret");
        loc.Description.ShouldStartWith("postgresql ");
    }

    [Fact]
    public void Resolve_PostgresUrl_FromEnvironment()
    {
        var loc = StoreLocator.Resolve(null, "postgres://desk:p%40ss@db.example:6543/journal?sslmode=require", null);

        loc.Source.ShouldBe(StoreLocationSource.Environment);
        loc.Description.ShouldNotContain("p@ss");
        loc.Description.ShouldContain("Host=db.example");
        loc.Description.ShouldContain("Port=6543");
        loc.Description.ShouldContain("Database=journal");
    }
}
