using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using IwmDesk.Data.Fetch;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Fetch;

/// <summary>
/// Hostile responses (issue 17): a gzip bomb, a gzip of zeros, an endless chunked body, a declared size over the limit,
/// a body that drips past the deadline. Each is refused with its URL and the limit, stores nothing and is not cached.
/// </summary>
public sealed class BoundedFetchTests : IAsyncLifetime
{
    private static readonly DateOnly From = new(2024, 3, 1);
    private static readonly DateOnly Today = new(2024, 3, 15);

    private readonly string _dir = TestData.TempDir();
    private FakeMarketServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeMarketServer.Start();
        FetchKit.SmallWorld(_server, From, Today);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Cache => Path.Combine(_dir, "cache");

    private MarketStore NewStore() => MarketStore.Open(Path.Combine(_dir, "store.db"));

    private string DixUrl => $"{_server.BaseUri}monitor/static/DIX.csv";

    /// <summary>
    /// A gzip of <paramref name="members"/> identical members, each inflating to 8 MiB of <paramref name="pattern"/>
    /// repeated: a small download that inflates to members × 8 MiB (gzip readers decode concatenated members).
    /// </summary>
    private static byte[] Bomb(byte[] pattern, int members)
    {
        var plain = new byte[8 << 20];
        for (var i = 0; i < plain.Length; i++)
            plain[i] = pattern[i % pattern.Length];
        using var one = new MemoryStream();
        using (var gz = new GZipStream(one, CompressionLevel.SmallestSize, leaveOpen: true))
            gz.Write(plain);
        var member = one.ToArray();
        var all = new byte[member.Length * members];
        for (var m = 0; m < members; m++)
            member.CopyTo(all, m * member.Length);
        return all;
    }

    private void ShouldHaveCachedNothing()
    {
        var dix = Path.Combine(Cache, "dix");
        (Directory.Exists(dix) ? Directory.GetFiles(dix) : []).ShouldBeEmpty("an over-limit response is never cached, not even in part");
    }

    [Fact]
    public async Task Fetch_GzipBombOfCsvLines_RefusedAtTheLimitNothingStored()
    {
        // ~590 MB of CSV lines in about a megabyte of gzip, as in the issue.
        var bomb = Bomb(Encoding.ASCII.GetBytes("2024-03-01,4000.0,0.45,1000000000\n"), 74);
        bomb.Length.ShouldBeLessThan(2 << 20);
        _server.Script("DIX.csv", MarketReply.Gzip(bomb));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], cacheDir: Cache);

        var dix = report.Of(FetchSource.Dix);
        dix.Status.ShouldBe(FetchStatus.Failed);
        dix.Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"dix: {DixUrl}: the response is larger than the limit of 16 MiB (16777216 bytes) (counted after decompression): refused, nothing stored (max_response_mb raises the limit)");
        _server.RequestsTo("DIX.csv").Count.ShouldBe(1, "an over-limit body is not retried: it would be the same again");
        store.ListSeries().ShouldBeEmpty();
        ShouldHaveCachedNothing();
    }

    [Fact]
    public async Task Fetch_GzipOfZeros_RefusedAtTheLimit()
    {
        // About a megabyte of gzip that inflates to 1 GiB of zero bytes ("Out of memory" before).
        var zeros = Bomb([0], 128);
        _server.Script("DIX.csv", MarketReply.Gzip(zeros));
        using var store = NewStore();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], cacheDir: Cache);

        report.Of(FetchSource.Dix).Failures.ShouldHaveSingleItem().Message.ShouldContain($"dix: {DixUrl}: the response is larger than the limit of 16 MiB");
        store.ListSeries().ShouldBeEmpty();
        ShouldHaveCachedNothing();
    }

    [Fact]
    public async Task Fetch_EndlessChunkedBody_StopsAtTheLimit()
    {
        _server.Script("DIX.csv", MarketReply.Endless(Encoding.ASCII.GetBytes(new string('x', 63) + "\n")));
        using var store = NewStore();
        // A 1 MiB limit and a generous timeout: the limit, not the clock, must end the body even on a loaded machine
        // (with the 16 MiB default the transfer of 64-byte chunks could outlast the timeout under load).
        var settings = FetchKit.Settings(_server, timeout: TimeSpan.FromSeconds(60)) with { MaxResponseBytes = 1L << 20, RequestDeadline = TimeSpan.FromSeconds(120) };

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], cacheDir: Cache, settings: settings);

        report.Of(FetchSource.Dix).Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"dix: {DixUrl}: the response is larger than the limit of 1 MiB (1048576 bytes) (counted after decompression): refused, nothing stored (max_response_mb raises the limit)");
        store.ListSeries().ShouldBeEmpty();
        ShouldHaveCachedNothing();
    }

    [Fact]
    public async Task Fetch_DeclaredLengthOverAConfiguredLimit_RefusedBeforeReading()
    {
        using var store = NewStore();
        var settings = FetchKit.Settings(_server) with { MaxResponseBytes = 100 };

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], cacheDir: Cache, settings: settings);

        var message = report.Of(FetchSource.Dix).Failures.ShouldHaveSingleItem().Message;
        message.ShouldStartWith($"dix: {DixUrl}: the response is larger than the limit of 100 bytes (it declares ");
        store.ListSeries().ShouldBeEmpty();
        ShouldHaveCachedNothing();
    }

    [Fact]
    public async Task Fetch_BodyDrippingPastTheDeadline_FailsAtTheDeadlineNotTheTimeoutTimesTries()
    {
        // Each read returns within the per-try timeout, so only a deadline over the whole request (body included) ends it.
        _server.Script("DIX.csv", MarketReply.Endless(Encoding.ASCII.GetBytes("x"), TimeSpan.FromMilliseconds(50)));
        using var store = NewStore();
        var settings = FetchKit.Settings(_server, timeout: TimeSpan.FromSeconds(30), maxTries: 4) with { RequestDeadline = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], cacheDir: Cache, settings: settings);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(25), "the 2 s deadline ends the request (bounded, not a speed target)");
        report.Of(FetchSource.Dix).Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"dix: {DixUrl}: no complete response within the request deadline of 2 s");
        store.ListSeries().ShouldBeEmpty();
        ShouldHaveCachedNothing();
    }

    [Fact]
    public async Task Fetch_HugeRetryAfter_CountsAgainstTheDeadline()
    {
        _server.Script("DIX.csv", MarketReply.Error(503, "busy", ("Retry-After", "3600")));
        using var store = NewStore();
        var settings = FetchKit.Settings(_server) with { MaxRetryAfter = TimeSpan.FromMinutes(30), RequestDeadline = TimeSpan.FromSeconds(1) };

        var report = await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], settings: settings);

        report.Of(FetchSource.Dix).Failures.ShouldHaveSingleItem().Message.ShouldBe(
            $"dix: {DixUrl}: no complete response within the request deadline of 1 s");
    }

    [Fact]
    public async Task Offline_CachedBodyOverTheLimit_SkippedWithItsPath()
    {
        using (var store = NewStore())
            (await FetchKit.Fetch(store, _server, Today, [FetchSource.Dix], cacheDir: Cache)).AllSucceeded.ShouldBeTrue();
        File.Delete(Path.Combine(_dir, "store.db"));
        using var fresh = NewStore();
        var settings = FetchKit.Settings(_server) with { MaxResponseBytes = 10 };

        var report = await FetchKit.Fetch(fresh, _server, Today, [FetchSource.Dix], cacheDir: Cache, offline: true, settings: settings);

        report.Of(FetchSource.Dix).Failures.ShouldHaveSingleItem().Message.ShouldContain("is larger than the limit of 10 bytes: skipped");
        fresh.ListSeries().ShouldBeEmpty();
    }

    [Fact]
    public void Settings_LimitsFromConfig_AreReadAndChecked()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, """{"sources": {"max_response_mb": 2, "request_deadline_seconds": 5}}""");
        var settings = FetchSettingsResolver.Resolve(path, _ => null);
        settings.MaxResponseBytesOf(FetchSource.Dix).ShouldBe(2L << 20);
        settings.RequestDeadline.ShouldBe(TimeSpan.FromSeconds(5));

        File.WriteAllText(path, """{"sources": {"max_response_mb": 0}}""");
        Should.Throw<IwmDesk.IwmDeskException>(() => FetchSettingsResolver.Resolve(path, _ => null)).Message.ShouldContain("max_response_mb must be more than 0");
        File.WriteAllText(path, """{"sources": {"timeout_seconds": 1e300}}""");
        Should.Throw<IwmDesk.IwmDeskException>(() => FetchSettingsResolver.Resolve(path, _ => null)).Message.ShouldContain("timeout_seconds must be");
    }
}
