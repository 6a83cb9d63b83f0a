using IwmDesk.Data.Fetch;
using IwmDesk.Data.Store;
using IwmDesk.Testing;
using IwmDesk.Tests.Data.Fetch;

namespace IwmDesk.Tests.Data.Holdings;

/// <summary>
/// The iShares holdings download as a fetch source, against the loopback market server: stored like an import of the
/// same file, asked for only when named, and a cut-off, HTML or over-limit response stores nothing.
/// </summary>
public sealed class HoldingsFetchTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2025, 12, 2);

    private readonly string _dir = TestData.TempDir();
    private FakeMarketServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeMarketServer.Start();
        _server.HoldingsCsv = "\uFEFF" + HoldingsFixture.Text();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private MarketStore NewStore(string name = "store.db") => MarketStore.Open(Path.Combine(_dir, name));

    private string Url => $"{_server.BaseUri}us/products/239710/ishares-russell-2000-etf/1467271812596.ajax?fileType=csv&fileName=IWM_holdings&dataType=fund";

    [Fact]
    public async Task Fetch_Holdings_StoresWhatImportingTheFileStores()
    {
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.IsharesHoldings], cacheDir: Path.Combine(_dir, "cache"));

        var source = report.Of(FetchSource.IsharesHoldings);
        source.Status.ShouldBe(FetchStatus.Succeeded, source.AllMessages());
        source.Rows.ShouldHaveSingleItem().Target.ShouldBe("holdings IWM 2025-12-01");
        source.Notes.ShouldContain("holdings IWM as of 2025-12-01: 13 equities, 3 other rows");
        var request = _server.Requests.ShouldHaveSingleItem();
        request.RawUrl.ShouldBe("/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax?fileType=csv&fileName=IWM_holdings&dataType=fund");

        using var imported = NewStore("imported.db");
        IwmDesk.Data.Formats.DataImporter.ImportFile(imported, HoldingsFixture.Write(_dir));
        FetchKit.DumpTable(store, "holdings").ShouldBe(FetchKit.DumpTable(imported, "holdings"));
        store.HoldingsInForce("IWM", Today)!.Source.ShouldBe(Url);

        // Offline, the cached response is stored again: unchanged.
        var offline = await FetchKit.Fetch(store, _server, Today, [FetchSource.IsharesHoldings], cacheDir: Path.Combine(_dir, "cache"), offline: true);
        offline.Of(FetchSource.IsharesHoldings).Rows.ShouldHaveSingleItem().Counts.Unchanged.ShouldBe(16);
    }

    [Fact]
    public void Sources_HoldingsOnlyWhenNamed()
    {
        FetchSources.All.ShouldNotContain(FetchSource.IsharesHoldings);
        FetchSources.Parse(null).ShouldNotContain(FetchSource.IsharesHoldings);
        FetchSources.Parse(["all"]).ShouldNotContain(FetchSource.IsharesHoldings);
        FetchSources.Parse(["ishares-holdings"]).ShouldBe([FetchSource.IsharesHoldings]);
        FetchSettings.DefaultMaxResponseBytes(FetchSource.IsharesHoldings).ShouldBe(8L << 20);
    }

    [Fact]
    public async Task Fetch_CutOffBeforeTheLegalText_StoresNothing()
    {
        var text = "\uFEFF" + HoldingsFixture.Metadata() + "\u00a0\n" + HoldingsFixture.Header + "\n" + HoldingsFixture.Body();
        _server.HoldingsCsv = text[..text.LastIndexOf("\"RTYZ5\"", StringComparison.Ordinal)]; // cut at a line end
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.IsharesHoldings]);

        var source = report.Of(FetchSource.IsharesHoldings);
        source.Status.ShouldBe(FetchStatus.Failed);
        source.Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"ishares-holdings: {Url}: the holdings stop without the blank line above iShares' legal text: the download is cut off");
        store.HoldingsDates("IWM").ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_CutInARow_NamesTheLine()
    {
        var text = "\uFEFF" + HoldingsFixture.Text();
        _server.HoldingsCsv = text[..(text.LastIndexOf("\"RUSSELL", StringComparison.Ordinal) + 5)];
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.IsharesHoldings]);

        report.Of(FetchSource.IsharesHoldings).Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"ishares-holdings: {Url}:26: a quoted field is not closed");
        store.HoldingsDates("IWM").ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_HtmlPage_StoresNothing()
    {
        _server.HoldingsCsv = null;
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.IsharesHoldings]);

        var failure = report.Of(FetchSource.IsharesHoldings).Failures.ShouldHaveSingleItem().Message;
        failure.ShouldStartWith($"ishares-holdings: {Url}: HTTP 404");
        store.HoldingsDates("IWM").ShouldBeEmpty();
    }

    [Fact]
    public async Task Fetch_OverTheSizeLimit_RefusedNothingStored()
    {
        using var store = NewStore();
        var settings = FetchKit.Settings(_server) with { MaxResponseBytes = 1000 };

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.IsharesHoldings], settings: settings);

        report.Of(FetchSource.IsharesHoldings).Failures.ShouldHaveSingleItem().Message
            .ShouldStartWith($"ishares-holdings: {Url}: the response is larger than the limit of 1000 bytes");
        store.HoldingsDates("IWM").ShouldBeEmpty();
    }
}
