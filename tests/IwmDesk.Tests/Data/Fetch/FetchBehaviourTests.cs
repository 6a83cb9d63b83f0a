using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Data.Fetch;
using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Fetch;

/// <summary>Incremental planning, politeness (rate limit, User-Agent), cache, fallback and progress.</summary>
public sealed class FetchBehaviourTests : IAsyncLifetime
{
    private static readonly DateOnly From = new(2024, 3, 1);
    private static readonly DateOnly Today = new(2024, 3, 15);
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(30);

    private readonly string _dir = TestData.TempDir();
    private FakeMarketServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeMarketServer.Start();
        FetchKit.SmallWorld(_server, From, Today);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private MarketStore NewStore() => MarketStore.Open(Path.Combine(_dir, "store.db"));

    [Fact]
    public async Task Fetch_EverySource_StoresEverySeriesChainAndShortVolume()
    {
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, finraDays: 11);

        report.AllSucceeded.ShouldBeTrue(string.Join("\n", report.Sources.Select(s => s.AllMessages())));
        report.Sources.Select(s => s.Source).ShouldBe(FetchSources.All);
        store.ListSeries().Select(s => (s.Name, s.Rows)).ShouldAllBe(s => s.Rows == 11);
        store.ListSeries().Select(s => s.Name).ShouldBe(
            ["BAMLH0A0HYM2", "DGS10", "DGS2", "DTB3", "DTWEXBGS", "DXY", "HYG", "IWM", "KRE", "RVX", "SPX_DIX", "SPX_GEX", "SPX_PRICE", "SPY", "VIX"]);
        store.ListChains("IWM").ShouldHaveSingleItem().AsOf.ShouldBe(Today);
        store.LoadShortVolume("IWM").Count.ShouldBe(11);
        report.Of(FetchSource.Dix).Rows.Select(r => r.Target).ShouldBe(["series SPX_PRICE", "series SPX_DIX", "series SPX_GEX"]);
        report.Of(FetchSource.Finra).Rows.ShouldHaveSingleItem().ShouldBe(new FetchedRows("short volume IWM CNMS", new UpsertCounts(11, 0, 0), 0));
        var dxy = store.LoadSeries("DXY");
        double.IsNaN(dxy.AdjClose[0]).ShouldBeTrue("DX-Y.NYB without adjclose stores no adjusted close");
        double.IsNaN(dxy.Volume[0]).ShouldBeTrue();
    }

    [Fact]
    public async Task Fetch_AgainTheSameEvening_AsksOnlyForTheLastDayAndAddsNothing()
    {
        using var store = NewStore();
        (await FetchKit.Fetch(store, _server, Today, finraDays: 11)).AllSucceeded.ShouldBeTrue();
        _server.ClearRequests();

        var again = await FetchKit.Fetch(store, _server, Today, finraDays: 11);

        again.AllSucceeded.ShouldBeTrue();
        again.Sources.Where(s => s.Source != FetchSource.CboeChain).Sum(s => s.Added).ShouldBe(0);
        var lastDay = new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _server.RequestsTo("/v8/finance/chart/").ShouldAllBe(r => r.Query["period1"] == lastDay);
        _server.RequestsTo("fredgraph.csv").ShouldAllBe(r => r.Query["cosd"] == "2024-03-15");
        _server.RequestsTo("/equity/regsho/").ShouldBeEmpty("every FINRA day of the window is stored");
        again.Of(FetchSource.Finra).Requests.ShouldBe(0);
        again.Of(FetchSource.Yahoo).Rows.ShouldAllBe(r => r.Counts == new UpsertCounts(0, 0, 1));
        again.Of(FetchSource.CboeVix).Rows.ShouldHaveSingleItem().Counts.ShouldBe(new UpsertCounts(0, 0, 1), "only rows from the last stored date on");
    }

    [Fact]
    public async Task Fetch_FredHeaderOnly_MeansNothingNew()
    {
        using var store = NewStore();
        (await FetchKit.Fetch(store, _server, Today, [FetchSource.Fred])).AllSucceeded.ShouldBeTrue();
        _server.Fred["DGS2"].RemoveAll(r => r.Date >= Today);

        var again = await FetchKit.Fetch(store, _server, Today, [FetchSource.Fred]);

        again.AllSucceeded.ShouldBeTrue(again.Of(FetchSource.Fred).AllMessages());
        again.Of(FetchSource.Fred).Rows.First(r => r.Target == "series DGS2").Counts.ShouldBe(default);
    }

    [Fact]
    public async Task Fetch_RateLimit_SpacesRequestsToOneHost()
    {
        var interval = TimeSpan.FromMilliseconds(150);
        using var store = NewStore();
        var settings = FetchKit.Settings(_server) with { MinInterval = interval };

        var sends = new FetchKit.SendLog();
        (await FetchKit.Fetch(store, _server, Today, [FetchSource.Finra], finraDays: 5, settings: settings, sends: sends)).AllSucceeded.ShouldBeTrue();

        _server.RequestsTo("/equity/regsho/").Count.ShouldBe(5);
        var times = sends.TimesOf("/equity/regsho/");
        times.Count.ShouldBe(5);
        for (var i = 1; i < times.Count; i++)
            (times[i] - times[i - 1]).ShouldBeGreaterThanOrEqualTo(interval - TimerSlack);
    }

    [Fact]
    public async Task Fetch_UserAgent_BrowserLikeWhereTheHostWantsOne()
    {
        using var store = NewStore();

        (await FetchKit.Fetch(store, _server, Today, finraDays: 2)).AllSucceeded.ShouldBeTrue();

        foreach (var path in new[] { "/v8/finance/chart/", "/api/global/", "/equity/regsho/" })
            _server.RequestsTo(path).ShouldAllBe(r => r.Headers["User-Agent"].StartsWith("Mozilla/5.0", StringComparison.Ordinal));
        foreach (var path in new[] { "fredgraph.csv", "DIX.csv" })
            _server.RequestsTo(path).ShouldAllBe(r => r.Headers["User-Agent"].StartsWith("iwmdesk/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_CboeVixFails_VixFilledFromYahooAndStillReportedAsFailure()
    {
        _server.Script("VIX_History.csv", Enumerable.Repeat(MarketReply.Error(503, "down"), 3).ToArray());
        using var store = NewStore();
        var events = new List<FetchProgress>();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeVix, FetchSource.Yahoo], progress: events);

        var vix = report.Of(FetchSource.CboeVix);
        vix.Status.ShouldBe(FetchStatus.Partial);
        events.Where(e => e.Source == FetchSource.CboeVix && e.Outcome is not null).ShouldHaveSingleItem().Outcome.ShouldBe(FetchStatus.Partial);
        events.Where(e => e.Source == FetchSource.Yahoo && e.Outcome is not null).ShouldHaveSingleItem().Outcome.ShouldBe(FetchStatus.Succeeded);
        report.Of(FetchSource.Yahoo).Rows.ShouldNotContain(r => r.Target == "series VIX", "the fallback is reported under cboe-vix");
        report.ExitCode.ShouldBe(1);
        vix.Notes.ShouldContain("CBOE's VIX history failed: series VIX was filled from Yahoo ^VIX instead (11 rows added)");
        _server.RequestsTo("/v8/finance/chart/%5EVIX?period1=0&").ShouldHaveSingleItem();
        store.LoadSeries("VIX").Close[^1].ShouldBe(24.0);
    }

    [Fact]
    public async Task Fetch_CboeRvx_StoresSeriesRvxFromCboesFileWithoutAskingFred()
    {
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeRvx]);

        report.AllSucceeded.ShouldBeTrue(report.Of(FetchSource.CboeRvx).AllMessages());
        report.Of(FetchSource.CboeRvx).Rows.ShouldHaveSingleItem().ShouldBe(new FetchedRows("series RVX", new UpsertCounts(11, 0, 0), 0));
        _server.RequestsTo("/api/global/us_indices/daily_prices/RVX_History.csv").ShouldHaveSingleItem().Headers["User-Agent"].ShouldStartWith("Mozilla/5.0");
        _server.RequestsTo("RVXCLS").ShouldBeEmpty("FRED is only the fallback");
        var rvx = store.LoadSeries("RVX");
        rvx.Close[^1].ShouldBe(30.5);
        rvx.Open[^1].ShouldBe(30.0, "CBOE's file carries OHLC");
    }

    [Fact]
    public async Task Fetch_CboeRvxFails_RvxFilledFromFredRvxclsAndStillReportedAsFailure()
    {
        _server.Script("RVX_History.csv", Enumerable.Repeat(MarketReply.Error(503, "down"), 3).ToArray());
        using var store = NewStore();
        var events = new List<FetchProgress>();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeRvx], progress: events);

        var rvx = report.Of(FetchSource.CboeRvx);
        rvx.Status.ShouldBe(FetchStatus.Partial);
        events.Where(e => e.Source == FetchSource.CboeRvx && e.Outcome is not null).ShouldHaveSingleItem().Outcome.ShouldBe(FetchStatus.Partial);
        report.ExitCode.ShouldBe(1);
        rvx.Notes.ShouldContain("CBOE's RVX history failed: series RVX was filled from FRED RVXCLS instead (11 rows added)");
        _server.RequestsTo("/graph/fredgraph.csv?id=RVXCLS").ShouldHaveSingleItem().Headers["User-Agent"].ShouldStartWith("iwmdesk/");
        store.LoadSeries("RVX").Close[^1].ShouldBe(30.5);
        store.ListSeries().Select(s => s.Name).ShouldBe(["RVX"], "RVXCLS is stored as RVX");

        // Next evening CBOE answers again: its file re-stores from the last stored date on, FRED is not asked.
        _server.ClearRequests();
        var again = await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeRvx]);
        again.AllSucceeded.ShouldBeTrue();
        _server.RequestsTo("RVXCLS").ShouldBeEmpty();
        again.Of(FetchSource.CboeRvx).Rows.ShouldHaveSingleItem().Counts.ShouldBe(new UpsertCounts(0, 1, 0), "the last day gains CBOE's OHLC");
    }

    [Fact]
    public async Task Fetch_CboeRvxFailsAfterAnEarlierFetch_FredAskedFromTheLastStoredRvxDate()
    {
        using var store = NewStore();
        (await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeRvx])).AllSucceeded.ShouldBeTrue();
        _server.Script("RVX_History.csv", Enumerable.Repeat(MarketReply.Error(503, "down"), 3).ToArray());

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeRvx]);

        report.Of(FetchSource.CboeRvx).Status.ShouldBe(FetchStatus.Partial);
        _server.RequestsTo("RVXCLS").ShouldHaveSingleItem().Query["cosd"].ShouldBe("2024-03-15");
    }

    [Fact]
    public async Task Fetch_ChainStampedOnASaturday_StoredAsFridaysChain()
    {
        _server.ChainJson = FakeMarketServer.CboeChain(new DateTime(2024, 3, 16, 10, 0, 0), 210, new DateOnly(2024, 4, 19));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, new DateOnly(2024, 3, 16), [FetchSource.CboeChain]);

        report.AllSucceeded.ShouldBeTrue(report.Of(FetchSource.CboeChain).AllMessages());
        store.ListChains("IWM").ShouldHaveSingleItem().AsOf.ShouldBe(new DateOnly(2024, 3, 15));
        report.Of(FetchSource.CboeChain).Notes.ShouldContain(n => n.Contains("stored as the 2024-03-15 chain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_ChainForAnotherUnderlying_Rejected()
    {
        _server.ChainJson = FakeMarketServer.CboeChain(new DateTime(2024, 3, 15, 16, 15, 0), 210, new DateOnly(2024, 4, 19))
            .Replace("\"symbol\":\"IWM\"", "\"symbol\":\"SPY\"", StringComparison.Ordinal);
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeChain]);

        report.Of(FetchSource.CboeChain).Failures.ShouldHaveSingleItem().Message.ShouldEndWith("IWM.json: the chain is for SPY, not IWM");
        store.ListChains().ShouldBeEmpty();
    }

    [Fact]
    public async Task Cache_SameUrlFetchedTwice_KeepsOneEntry_ChainsKeepOnePerDay()
    {
        var cache = Path.Combine(_dir, "cache");
        using var store = NewStore();
        await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeVix, FetchSource.CboeChain], cacheDir: cache);
        await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeVix, FetchSource.CboeChain], cacheDir: cache);
        _server.ChainJson = FakeMarketServer.CboeChain(new DateTime(2024, 3, 18, 16, 15, 0), 211, new DateOnly(2024, 4, 19));
        await FetchKit.Fetch(store, _server, new DateOnly(2024, 3, 18), [FetchSource.CboeChain], cacheDir: cache);

        Directory.GetFiles(Path.Combine(cache, "cboe-vix")).Length.ShouldBe(2, "one body and its .meta.json");
        var chains = Directory.GetFiles(Path.Combine(cache, "cboe-chain"), "*.meta.json");
        chains.Length.ShouldBe(2);
        Directory.GetFiles(Path.Combine(cache, "cboe-vix")).ShouldContain(f => f.EndsWith("_VIX_History.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cache_DefaultsToACacheFolderBesideTheStore()
    {
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix]);

        report.CacheDirectory.ShouldBe(Path.Combine(_dir, "cache"));
        Directory.GetFiles(Path.Combine(_dir, "cache", "dix"), "*DIX.csv").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Offline_NothingCached_FailsNamingTheFolder()
    {
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Fred], cacheDir: Path.Combine(_dir, "empty"), offline: true);

        report.Of(FetchSource.Fred).Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"fred: offline, and nothing is cached in {Path.Combine(_dir, "empty", "fred")}");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_IntoSampleStore_PlansAsEmptyAndPurgesTheSample()
    {
        using var store = NewStore();
        SampleLoader.EnsureData(store).ShouldBeTrue();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Yahoo, FetchSource.Finra], finraDays: 11);

        report.AllSucceeded.ShouldBeTrue();
        report.PurgedSampleRows.ShouldBeGreaterThan(0);
        store.HasSample.ShouldBeFalse();
        _server.RequestsTo("/chart/IWM?").ShouldHaveSingleItem().Query["period1"].ShouldBe("0");
        _server.RequestsTo("/equity/regsho/").Count.ShouldBe(11);
        store.LoadDates("IWM").Length.ShouldBe(11);
    }

    [Fact]
    public async Task Progress_EverySourceStartsAndFinishesWithItsOutcome()
    {
        using var store = NewStore();
        var events = new List<FetchProgress>();
        _server.Script("DIX.csv", MarketReply.Text(""));

        await FetchKit.Fetch(store, _server, Today, finraDays: 3, progress: events);

        foreach (var source in FetchSources.All)
        {
            var mine = events.Where(e => e.Source == source).ToList();
            mine.ShouldNotBeEmpty();
            mine[^1].Outcome.ShouldNotBeNull();
            mine.Count(e => e.Outcome is not null).ShouldBe(1);
        }

        events.Single(e => e.Source == FetchSource.Dix && e.Outcome is not null).Outcome.ShouldBe(FetchStatus.Failed);
        events.Single(e => e.Source == FetchSource.Yahoo && e.Outcome is not null).ShouldBe(new FetchProgress(FetchSource.Yahoo, 5, 5, "done", FetchStatus.Succeeded));
        events.ShouldContain(e => e.Source == FetchSource.Finra && e.Message == "CNMSshvol20240314.txt");
    }

    [Fact]
    public void RetryAfter_SecondsOrHttpDate()
    {
        var now = new DateTimeOffset(2024, 3, 15, 12, 0, 0, TimeSpan.Zero);
        using var seconds = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "5");
        using var date = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", "Fri, 15 Mar 2024 12:00:07 GMT");
        using var past = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        past.Headers.TryAddWithoutValidation("Retry-After", "Fri, 15 Mar 2024 11:00:00 GMT");
        using var none = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);

        HttpFetcher.RetryAfter(seconds, now).ShouldBe(TimeSpan.FromSeconds(5));
        HttpFetcher.RetryAfter(date, now).ShouldBe(TimeSpan.FromSeconds(7));
        HttpFetcher.RetryAfter(past, now).ShouldBe(TimeSpan.Zero);
        HttpFetcher.RetryAfter(none, now).ShouldBeNull();
    }

    [Fact]
    public void FinraWindow_IsTheLastTradingDaysUpToToday()
    {
        FinraJob.Window(new DateOnly(2024, 3, 17), 3).ShouldBe([new DateOnly(2024, 3, 13), new DateOnly(2024, 3, 14), new DateOnly(2024, 3, 15)]);
        FinraJob.Window(new DateOnly(2024, 4, 1), 2).ShouldBe([new DateOnly(2024, 3, 28), new DateOnly(2024, 4, 1)], "Good Friday is skipped");
    }

    [Fact]
    public void Sources_ParseNamesAliasesAndRejectUnknown()
    {
        FetchSources.Parse(null).Count.ShouldBe(8);
        FetchSources.Parse(["yahoo,FRED", "cboe"]).ShouldBe([FetchSource.Yahoo, FetchSource.Fred, FetchSource.CboeVix, FetchSource.CboeRvx, FetchSource.CboeChain], ignoreOrder: true);
        Should.Throw<IwmDeskException>(() => FetchSources.Parse(["yahoo,bloomberg"])).Message
            .ShouldBe("--sources: unknown source 'bloomberg' (known: yahoo, fred, cboe-vix, cboe-rvx, cboe-chain, finra, dix, alphavantage, ishares-holdings, cboe, all)");
    }
}
