using IwmDesk.Data;
using IwmDesk.Data.Fetch;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Fetch;

/// <summary>Every way a free source lets us down: each ends in a clear message naming the source and URL, and nothing from the bad response is stored.</summary>
public sealed class FetchFailureTests : IAsyncLifetime
{
    private static readonly DateOnly From = new(2024, 3, 1);
    private static readonly DateOnly Today = new(2024, 3, 15);

    /// <summary>Task.Delay may wake a timer tick early.</summary>
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

    private IwmDesk.Data.Store.MarketStore NewStore() => IwmDesk.Data.Store.MarketStore.Open(Path.Combine(_dir, "store.db"));

    [Fact]
    public async Task Fetch_429WithRetryAfter_WaitsAsToldThenStores()
    {
        _server.Script("/v8/finance/chart/IWM?", MarketReply.Error(429, "Too Many Requests", ("Retry-After", "1")));
        using var store = NewStore();

        var sends = new FetchKit.SendLog();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Yahoo], sends: sends);

        report.AllSucceeded.ShouldBeTrue(report.Of(FetchSource.Yahoo).AllMessages());
        _server.RequestsTo("/v8/finance/chart/IWM?").Count.ShouldBe(2);
        var tries = sends.TimesOf("/v8/finance/chart/IWM?");
        tries.Count.ShouldBe(2);
        (tries[1] - tries[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1) - TimerSlack);
        report.Of(FetchSource.Yahoo).Requests.ShouldBe(6, "5 tickers + 1 retry");
        store.LoadDates("IWM").Length.ShouldBe(11);
    }

    [Fact]
    public async Task Fetch_500ThenOk_RetriedAndStored()
    {
        _server.Script("id=DGS2", MarketReply.Error(500, "Internal Server Error"));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Fred]);

        report.AllSucceeded.ShouldBeTrue(report.Of(FetchSource.Fred).AllMessages());
        _server.RequestsTo("id=DGS2").Count.ShouldBe(2);
        store.LoadDates("DGS2").Length.ShouldBe(11);
    }

    [Fact]
    public async Task Fetch_500Always_FailsThatSeriesOnlyWithSourceAndUrl()
    {
        _server.Script("id=DGS2", Enumerable.Repeat(MarketReply.Error(500, "boom"), 3).ToArray());
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Fred]);

        var fred = report.Of(FetchSource.Fred);
        fred.Status.ShouldBe(FetchStatus.Partial);
        report.ExitCode.ShouldBe(1);
        var failure = fred.Failures.ShouldHaveSingleItem();
        failure.Message.ShouldBe($"fred: {_server.BaseUri}graph/fredgraph.csv?id=DGS2: HTTP 500 Internal Server Error after 3 tries");
        store.LoadDates("DGS2").ShouldBeEmpty();
        store.LoadDates("DGS10").Length.ShouldBe(11);
        store.LoadDates("DTWEXBGS").Length.ShouldBe(11);
    }

    [Fact]
    public async Task Fetch_SlowServer_TimesOutAndStoresNothing()
    {
        _server.Script("DIX.csv", MarketReply.Slow(TimeSpan.FromSeconds(5)), MarketReply.Slow(TimeSpan.FromSeconds(5)));
        using var store = NewStore();
        var settings = FetchKit.Settings(_server, timeout: TimeSpan.FromSeconds(1), maxTries: 2);

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], settings: settings);

        var dix = report.Of(FetchSource.Dix);
        dix.Status.ShouldBe(FetchStatus.Failed);
        dix.Failures.ShouldHaveSingleItem().Message.ShouldBe($"dix: {_server.BaseUri}monitor/static/DIX.csv: no complete response within 1 s (timeout) after 2 tries");
        store.ListSeries().ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_SlowOnce_RetriedAndStored()
    {
        _server.Script("DIX.csv", MarketReply.Slow(TimeSpan.FromSeconds(5)));
        using var store = NewStore();
        var settings = FetchKit.Settings(_server, timeout: TimeSpan.FromSeconds(1));

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], settings: settings);

        report.AllSucceeded.ShouldBeTrue(report.Of(FetchSource.Dix).AllMessages());
        store.LoadDates("SPX_DIX").Length.ShouldBe(11);
    }

    [Fact]
    public async Task Fetch_ConnectionCutMidBody_RetriedThenReportedAsTruncated()
    {
        _server.Script("VIX_History.csv", MarketReply.CutInTransit(100), MarketReply.CutInTransit(100), MarketReply.CutInTransit(100));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeVix, FetchSource.Dix]);

        var vix = report.Of(FetchSource.CboeVix);
        _server.RequestsTo("VIX_History.csv").Count.ShouldBe(3);
        vix.Failures[0].Message.ShouldStartWith($"cboe-vix: {_server.BaseUri}api/global/us_indices/daily_prices/VIX_History.csv: ");
        vix.Failures[0].Message.ShouldContain("truncated");
        vix.Failures[0].Message.ShouldEndWith("after 3 tries");
        report.Of(FetchSource.Dix).Status.ShouldBe(FetchStatus.Succeeded, "one source failing does not stop the others");
    }

    [Fact]
    public async Task Fetch_CsvCutMidLine_RejectedAndNothingStored()
    {
        _server.Script("VIX_History.csv", MarketReply.Changed(body => body[..^7]));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.CboeVix]);

        var vix = report.Of(FetchSource.CboeVix);
        vix.Failures[0].Message.ShouldBe(
            $"cboe-vix: {_server.BaseUri}api/global/us_indices/daily_prices/VIX_History.csv: the response does not end with a line break: the last line is cut off (truncated download?)");
        store.LoadDates("VIX").Length.ShouldBe(11, "the Yahoo ^VIX fallback filled VIX; nothing came from the cut file");
        vix.Notes.ShouldContain(n => n.Contains("filled from Yahoo ^VIX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_HtmlPageWith200_RejectedWithItsTitle()
    {
        _server.Script("DIX.csv", MarketReply.Html(200, "Just a moment..."));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix]);

        report.Of(FetchSource.Dix).Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"dix: {_server.BaseUri}monitor/static/DIX.csv: got an HTML page ('Just a moment...'), not SqueezeMetrics DIX CSV");
        store.ListSeries().ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_HtmlErrorStatus_ReportsStatusAndPage()
    {
        _server.Script("id=DGS10", MarketReply.Html(404, "Page Not Found"));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Fred]);

        var message = report.Of(FetchSource.Fred).Failures.ShouldHaveSingleItem().Message;
        message.ShouldStartWith($"fred: {_server.BaseUri}graph/fredgraph.csv?id=DGS10: HTTP 404 Not Found: <!DOCTYPE html>");
        store.LoadDates("DGS10").ShouldBeEmpty();
        store.LoadDates("DGS2").Length.ShouldBe(11);
    }

    [Fact]
    public async Task Fetch_EmptyBody_Rejected()
    {
        _server.Script("id=DGS10", MarketReply.Text(""));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Fred]);

        report.Of(FetchSource.Fred).Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"fred: {_server.BaseUri}graph/fredgraph.csv?id=DGS10: empty response (no body)");
        store.LoadDates("DGS10").ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_ChartError_RejectedOtherTickersStored()
    {
        _server.Script("/chart/KRE?", MarketReply.Text(FakeMarketServer.YahooError()));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Yahoo]);

        var yahoo = report.Of(FetchSource.Yahoo);
        yahoo.Status.ShouldBe(FetchStatus.Partial);
        var message = yahoo.Failures.ShouldHaveSingleItem().Message;
        message.ShouldStartWith($"yahoo: {_server.BaseUri}v8/finance/chart/KRE?period1=0&period2=");
        message.ShouldEndWith(": chart.error: Not Found: No data found, symbol may be delisted");
        store.LoadDates("KRE").ShouldBeEmpty();
        store.LoadDates("IWM").Length.ShouldBe(11);
    }

    [Fact]
    public async Task Fetch_ChartJsonCutShort_RejectedAsInvalidJson()
    {
        _server.Script("/chart/IWM?", MarketReply.Changed(body => body[..(body.Length / 2)]));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Yahoo]);

        var message = report.Of(FetchSource.Yahoo).Failures.ShouldHaveSingleItem().Message;
        message.ShouldStartWith($"yahoo: {_server.BaseUri}v8/finance/chart/IWM?");
        message.ShouldContain("invalid JSON");
        store.LoadDates("IWM").ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_ChartForAnotherSymbol_Rejected()
    {
        _server.Script("/chart/SPY?", MarketReply.Text(FakeMarketServer.YahooChart("QQQ", _server.Yahoo["SPY"], 0, long.MaxValue, Today)));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Yahoo]);

        report.Of(FetchSource.Yahoo).Failures.ShouldHaveSingleItem().Message.ShouldEndWith(": the chart is for 'QQQ', not 'SPY'");
        store.LoadDates("SPY").ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_FinraRecordCountMismatch_ThatDayRejectedOthersStored()
    {
        var bad = new DateOnly(2024, 3, 8);
        _server.Finra[bad] = FakeMarketServer.FinraFile(bad, ("AAPL", 1, 0, 2), ("IWM", 5, 0, 9), ("SPY", 1, 0, 2)).Replace("\r\n3\r\n", "\r\n4\r\n", StringComparison.Ordinal);
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Finra], finraDays: 11);

        var finra = report.Of(FetchSource.Finra);
        finra.Status.ShouldBe(FetchStatus.Partial);
        finra.Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"finra: {_server.BaseUri}equity/regsho/daily/CNMSshvol20240308.txt:5: the record-count line says 4 records but the file has 3");
        var dates = store.LoadShortVolume("IWM").Select(r => r.Date).ToList();
        dates.Count.ShouldBe(10);
        dates.ShouldNotContain(bad);
        store.LoadShortVolume("AAPL").ShouldBeEmpty("only IWM rows are stored");
    }

    [Fact]
    public async Task Fetch_FinraFileWithoutTrailer_RejectedAsTruncated()
    {
        var bad = new DateOnly(2024, 3, 14);
        _server.Finra[bad] = FakeMarketServer.FinraFile(bad, ("IWM", 5, 0, 9))[..^3];
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Finra], finraDays: 3);

        report.Of(FetchSource.Finra).Failures.ShouldHaveSingleItem().Message.ShouldContain(
            "CNMSshvol20240314.txt:2: the record-count line that ends every raw FINRA file is missing (truncated download?)");
    }

    [Fact]
    public async Task Fetch_FinraFileNotPublishedYet_IsANoteNotAFailure()
    {
        _server.WorldDate = Today.AddDays(-1);
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Finra], finraDays: 5);

        var finra = report.Of(FetchSource.Finra);
        finra.Status.ShouldBe(FetchStatus.Succeeded);
        report.ExitCode.ShouldBe(0);
        finra.Notes.ShouldContain(n => n.StartsWith("no file (HTTP 403/404) for 1 day(s): 2024-03-15 — not published yet", StringComparison.Ordinal));
        store.LoadShortVolume("IWM").Count.ShouldBe(4);
    }

    [Fact]
    public async Task Fetch_FinraNoFileForAnyDayIncludingOldOnes_IsAFailure()
    {
        _server.Finra.Clear();
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Finra], finraDays: 5);

        var finra = report.Of(FetchSource.Finra);
        finra.Status.ShouldBe(FetchStatus.Failed);
        finra.Failures.ShouldHaveSingleItem().Message.ShouldContain("none of the 5 day(s) requested has a file");
    }

    [Fact]
    public async Task Fetch_ConnectionRefused_StopsThatSourceOnlyExitCode1()
    {
        using var store = NewStore();
        var settings = FetchKit.Settings(_server) with { FredUrl = new Uri($"http://127.0.0.1:{FakeMarketServer.ClosedPort()}") };

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Fred, FetchSource.Yahoo, FetchSource.Dix], settings: settings);

        var fred = report.Of(FetchSource.Fred);
        fred.Status.ShouldBe(FetchStatus.Failed);
        fred.Failures.ShouldHaveSingleItem().Message.ShouldEndWith("connection refused: is the host up and the URL right?");
        fred.Notes.ShouldContain(n => n.StartsWith("4 more request(s)", StringComparison.Ordinal));
        fred.Requests.ShouldBe(1);
        report.Of(FetchSource.Yahoo).Status.ShouldBe(FetchStatus.Succeeded);
        report.Of(FetchSource.Dix).Status.ShouldBe(FetchStatus.Succeeded);
        report.ExitCode.ShouldBe(1);
    }
}
