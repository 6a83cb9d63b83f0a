using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Data.Fetch;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Fetch;

/// <summary>
/// "Done when": against the loopback server serving the real files in the sources' formats, a full fetch followed by
/// an incremental one leaves the store equal to importing the same data from files, and the incremental fetch asks
/// only for what was missing.
/// </summary>
public sealed class FetchEquivalenceTests
{
    private static readonly DateOnly First = new(2021, 12, 15);
    private static readonly DateOnly Second = new(2021, 12, 31);

    [RealDataFact]
    public async Task FullThenIncrementalFetch_EqualsImportOfTheSameFiles_AndAsksOnlyForWhatIsMissing()
    {
        await using var server = FakeMarketServer.Start();
        MarketWorld.Load(server);
        foreach (var (day, file) in MarketWorld.RealFinraFiles())
            server.Finra[day] = file;
        var chain1 = FakeMarketServer.CboeChain(First.ToDateTime(new TimeOnly(16, 15)), 224.5, new DateOnly(2022, 1, 21), new DateOnly(2022, 3, 18));
        var chain2 = FakeMarketServer.CboeChain(Second.ToDateTime(new TimeOnly(16, 15)), 222.0, new DateOnly(2022, 1, 21), new DateOnly(2022, 3, 18));

        using var fetched = StoreTestKit.NewStore(out var fetchDir);

        // Full fetch with the world as it was on 2021-12-15: 11 FINRA days (Dec 1..15).
        server.WorldDate = First;
        server.ChainJson = chain1;
        var full = await FetchKit.Fetch(fetched, server, First, finraDays: 11);
        full.Sources.Select(s => (s.Source, s.Status)).ShouldAllBe(x => x.Status == FetchStatus.Succeeded, string.Join("\n", full.Sources.Select(s => s.AllMessages())));
        var afterFull = fetched.ListSeries().ToDictionary(s => s.Name, s => s.Last);
        afterFull["IWM"].ShouldBe(First);
        server.RequestsTo("/v8/finance/chart/IWM?").Single().Query["period1"].ShouldBe("0");
        server.RequestsTo("fredgraph.csv?id=DGS2").Single().Query["cosd"].ShouldBeNull();

        // Incremental fetch at 2021-12-31 with a 22-day FINRA window (all of December).
        server.ClearRequests();
        server.WorldDate = Second;
        server.ChainJson = chain2;
        var incremental = await FetchKit.Fetch(fetched, server, Second, finraDays: 22);
        incremental.AllSucceeded.ShouldBeTrue(string.Join("\n", incremental.Sources.Select(s => s.AllMessages())));

        // Only the missing range was asked for: Yahoo from each series' last date, FRED from its last date, FINRA's missing days.
        foreach (var (ticker, series) in new[] { ("IWM", "IWM"), ("KRE", "KRE"), ("SPY", "SPY"), ("HYG", "HYG"), ("DX-Y.NYB", "DXY") })
        {
            var request = server.RequestsTo($"/v8/finance/chart/{Uri.EscapeDataString(ticker)}?").ShouldHaveSingleItem();
            request.Query["period1"].ShouldBe(Unix(afterFull[series]).ToString(CultureInfo.InvariantCulture), ticker);
            request.Query["period2"].ShouldBe(FetchKit.Evening(Second).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Query["interval"].ShouldBe("1d");
            request.RawUrl.ShouldContain("events=div%7Csplit");
            request.RawUrl.ShouldContain("includeAdjustedClose=true");
        }

        server.RequestsTo("/v8/finance/chart/IWM?").Single().Query["period1"].ShouldBe(Unix(First).ToString(CultureInfo.InvariantCulture));
        foreach (var (id, _) in MarketWorld.FredFiles)
            server.RequestsTo($"fredgraph.csv?id={id}&").ShouldHaveSingleItem().Query["cosd"].ShouldBe(afterFull[id].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), id);
        var finraDays = server.RequestsTo("/equity/regsho/daily/").Select(r => r.Path[^12..^4]).ToList();
        finraDays.ShouldBe(TradingCalendar.Days(First.AddDays(1), Second).Select(d => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
        server.RequestsTo("VIX_History.csv").Count.ShouldBe(1);
        server.RequestsTo("DIX.csv").Count.ShouldBe(1);
        incremental.Of(FetchSource.Yahoo).Rows.Single(r => r.Target == "series IWM").Counts.ShouldBe(new UpsertCounts(11, 0, 1), "Dec 16..31 added, Dec 15 asked again and unchanged");

        // The same data imported from files.
        using var imported = StoreTestKit.NewStore(out var importDir);
        var files = MarketWorld.WriteImportFiles(importDir, Second);
        files.AddRange(MarketWorld.RealFinraFiles().Keys.Select(d => TestData.Real("finra", $"CNMSshvol{d:yyyyMMdd}.txt")));
        files.Add(StoreTestKit.Write(importDir, "IWM_chain_1.json", chain1));
        files.Add(StoreTestKit.Write(importDir, "IWM_chain_2.json", chain2));
        var outcomes = DataImporter.ImportFiles(imported, files);
        outcomes.Where(o => !o.Succeeded).Select(o => o.Error!.Message).ShouldBeEmpty();

        FetchKit.DumpTable(fetched, "daily_series").ShouldBe(FetchKit.DumpTable(imported, "daily_series"));
        // A snapshot's source is where it came from (the URL's file name vs the imported file's name): everything else is equal.
        const string ChainColumns = "underlying, as_of, snapshot_time, spot, source_format, origin, selected, import_seq";
        const string ContractColumns = "underlying, as_of, expiry, option_right, strike, open_interest, implied_vol, bid, ask, volume, delta, gamma";
        FetchKit.DumpTable(fetched, "option_chains", columns: ChainColumns).ShouldBe(FetchKit.DumpTable(imported, "option_chains", columns: ChainColumns));
        FetchKit.DumpTable(fetched, "option_contracts", columns: ContractColumns).ShouldBe(FetchKit.DumpTable(imported, "option_contracts", columns: ContractColumns));
        const string Iwm = "WHERE symbol = 'IWM'";
        FetchKit.DumpTable(fetched, "short_volume", Iwm).ShouldBe(FetchKit.DumpTable(imported, "short_volume", Iwm));
        FetchKit.DumpTable(fetched, "short_volume").ShouldBe(FetchKit.DumpTable(fetched, "short_volume", Iwm), "only IWM rows are kept");
        FetchKit.PanelCsv(fetched).ShouldBe(FetchKit.PanelCsv(imported));
        fetched.ListSeries().Select(s => s.Name).ShouldBe(
            ["BAMLH0A0HYM2", "DGS10", "DGS2", "DTB3", "DTWEXBGS", "DXY", "HYG", "IWM", "KRE", "RVX", "SPX_DIX", "SPX_GEX", "SPX_PRICE", "SPY", "VIX"]);
    }

    [RealDataFact]
    public async Task OfflineRefetch_FromTheCacheAlone_RebuildsTheSameStore()
    {
        await using var server = FakeMarketServer.Start();
        MarketWorld.Load(server);
        foreach (var (day, file) in MarketWorld.RealFinraFiles())
            server.Finra[day] = file;
        server.ChainJson = FakeMarketServer.CboeChain(First.ToDateTime(new TimeOnly(16, 15)), 224.5, new DateOnly(2022, 1, 21));
        var cache = TestData.TempDir();
        using var online = StoreTestKit.NewStore(out _);
        server.WorldDate = First;
        (await FetchKit.Fetch(online, server, First, finraDays: 11, cacheDir: cache)).AllSucceeded.ShouldBeTrue();
        server.WorldDate = Second;
        server.ChainJson = FakeMarketServer.CboeChain(Second.ToDateTime(new TimeOnly(16, 15)), 222.0, new DateOnly(2022, 1, 21));
        (await FetchKit.Fetch(online, server, Second, finraDays: 22, cacheDir: cache)).AllSucceeded.ShouldBeTrue();
        server.ClearRequests();

        using var offline = StoreTestKit.NewStore(out _);
        var report = await FetchKit.Fetch(offline, server, Second, finraDays: 22, cacheDir: cache, offline: true);

        report.AllSucceeded.ShouldBeTrue(string.Join("\n", report.Sources.Select(s => s.AllMessages())));
        server.Requests.ShouldBeEmpty();
        report.Sources.Sum(s => s.Requests).ShouldBe(0);
        report.Of(FetchSource.CboeChain).Responses.ShouldBe(2, "one cached snapshot per day");
        report.Of(FetchSource.Finra).Responses.ShouldBe(22);
        StoreTestKit.Dump(offline).ShouldBe(StoreTestKit.Dump(online));
    }

    private static long Unix(DateOnly d) => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
}
