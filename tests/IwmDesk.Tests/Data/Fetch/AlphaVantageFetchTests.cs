using System.Text;
using IwmDesk.Data.Fetch;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Fetch;

/// <summary>Alpha Vantage EARNINGS_CALENDAR on a loopback fake: the key is sent, and never printed, cached or stored.</summary>
public sealed class AlphaVantageFetchTests : IAsyncLifetime
{
    private const string Key = "AVKEYsecret12345XYZ";
    private static readonly DateOnly Today = new(2025, 12, 5);

    private const string Calendar =
        "symbol,name,reportDate,fiscalDateEnding,estimate,currency\r\nAAA,Alpha Co,2026-01-28,2025-12-31,1.25,USD\r\nBBB,Beta,2026-02-03,2025-12-31,,USD\r\n";

    private readonly string _dir = TestData.TempDir();
    private FakeMarketServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeMarketServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private MarketStore NewStore() => MarketStore.Open(Path.Combine(_dir, "store.db"));

    private FetchSettings WithKey(string? key) => FetchKit.Settings(_server) with { AlphaVantageKey = key };

    private string EverythingWritten()
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories))
            sb.Append(Encoding.Latin1.GetString(File.ReadAllBytes(f))).Append('\n');
        return sb.ToString();
    }

    [Fact]
    public async Task WithKey_StoresTodaysSnapshot_KeyOnlyInTheRequest()
    {
        _server.Script("function=EARNINGS_CALENDAR", new MarketReply { Status = 200, Body = Calendar, ContentType = "application/x-download" });
        FetchReport report;
        using (var store = NewStore())
        {
            report = await FetchKit.Fetch(store, _server, Today, [FetchSource.AlphaVantage], settings: WithKey(Key));

            report.AllSucceeded.ShouldBeTrue(report.Of(FetchSource.AlphaVantage).AllMessages());
            store.ConsensusSnapshotDates().ShouldBe([Today]);
            store.LoadConsensusEstimates(Today, Today).Select(r => (r.Symbol, r.Estimate)).ShouldBe([("AAA", 1.25), ("BBB", (double?)null)]);
        }

        var request = _server.RequestsTo("EARNINGS_CALENDAR").ShouldHaveSingleItem();
        request.Path.ShouldBe("/query");
        request.Query["function"].ShouldBe("EARNINGS_CALENDAR");
        request.Query["horizon"].ShouldBe("3month");
        request.Query["apikey"].ShouldBe(Key);
        var av = report.Of(FetchSource.AlphaVantage);
        av.Rows.ShouldHaveSingleItem().Target.ShouldBe("consensus snapshot 2025-12-05");
        av.AllMessages().ShouldNotContain(Key);
        Directory.EnumerateFiles(Path.Combine(_dir, "cache", "alphavantage")).ShouldNotBeEmpty();
        EverythingWritten().ShouldNotContain(Key); // store, WAL, cache bodies and metadata
    }

    [Fact]
    public async Task VendorJsonNoteInsteadOfCsv_FailsInOneLine_WithoutTheKey_StoresNothing()
    {
        _server.Script("function=EARNINGS_CALENDAR",
            new MarketReply { Status = 200, Body = "{\"Information\": \"Invalid API key " + Key + ". Please claim a key.\"}", ContentType = "application/json" });
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.AlphaVantage], settings: WithKey(Key));

        var av = report.Of(FetchSource.AlphaVantage);
        av.Status.ShouldBe(FetchStatus.Failed);
        var failure = av.Failures.ShouldHaveSingleItem();
        failure.Message.ShouldContain("Alpha Vantage says: Invalid API key");
        failure.Message.ShouldNotContain(Key);
        failure.Message.ShouldContain("apikey=[redacted]");
        failure.Message.ShouldNotContain("\n");
        store.ConsensusSnapshotDates().ShouldBeEmpty();
    }

    [Fact]
    public async Task WithoutKey_Skipped_OneNote_NoRequest_NotAFailure()
    {
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.AlphaVantage], settings: WithKey(null));

        var av = report.Of(FetchSource.AlphaVantage);
        av.Status.ShouldBe(FetchStatus.Succeeded);
        av.Failures.ShouldBeEmpty();
        av.Notes.ShouldBe([EarningsCalendarJobNote]);
        _server.RequestsTo("EARNINGS_CALENDAR").ShouldBeEmpty();
    }

    [Fact]
    public void Resolver_KeyFromEnvironmentOrConfig_EnvironmentWins_NeverInToString()
    {
        var config = Path.Combine(_dir, "config.json");
        File.WriteAllText(config, "{\"sources\": {\"alphavantage_key\": \"CONFIGKEY123456\"}}");

        var fromConfig = FetchSettingsResolver.Resolve(config, _ => null);
        var fromEnv = FetchSettingsResolver.Resolve(config, v => v == FetchSettingsResolver.AlphaVantageKeyVariable ? Key : null);

        fromConfig.AlphaVantageKey.ShouldBe("CONFIGKEY123456");
        fromEnv.AlphaVantageKey.ShouldBe(Key);
        fromEnv.Origins["alphavantage_key"].ShouldBe("env IWMDESK_ALPHAVANTAGE_KEY");
        fromEnv.ToString().ShouldNotContain(Key);
    }

    private const string EarningsCalendarJobNote =
        "no Alpha Vantage key (set IWMDESK_ALPHAVANTAGE_KEY or sources.alphavantage_key in the config file): skipped";
}
