using System.Globalization;
using System.Text.Json;
using IwmDesk.Decision;
using IwmDesk.Data;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary><c>iwmdesk data fetch</c> against a loopback server, configured through <c>--config</c> (no process-wide state).</summary>
public sealed class FetchCommandTests : IAsyncLifetime
{
    private readonly string _dir = TestData.TempDir();
    private FakeMarketServer _server = null!;

    private string Store => Path.Combine(_dir, "store.db");

    /// <summary>Yesterday or earlier in New York: every bar of it is before the real clock's now.</summary>
    private static DateOnly LastSession
    {
        get
        {
            var ny = TimeZoneInfo.TryFindSystemTimeZoneById("America/New_York", out var tz)
                ? TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, tz)
                : DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(-5));
            return TradingCalendar.Previous(DateOnly.FromDateTime(ny.DateTime));
        }
    }

    public Task InitializeAsync()
    {
        _server = FakeMarketServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Config()
    {
        var path = Path.Combine(_dir, "config.json");
        var url = _server.BaseUri.ToString().TrimEnd('/');
        File.WriteAllText(path, $$"""
            { "sources": { "yahoo_url": "{{url}}", "fred_url": "{{url}}", "cboe_url": "{{url}}", "finra_url": "{{url}}", "dix_url": "{{url}}",
                           "min_interval_ms": 0, "retry_base_delay_ms": 10, "max_tries": 2, "timeout_seconds": 20 } }
            """);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private Task<(int Code, string Out, string Err)> Fetch(params string[] args) =>
        Run(["--store", Store, "data", "fetch", "--config", Config(), .. args]);

    private void SmallWorld() => MarketWorld.Synthetic(_server, LastSession.AddDays(-20), LastSession);

    [RealDataFact]
    public async Task Fetch_FullThenIncremental_IndicatorsCsvEqualsImportingTheSameFiles()
    {
        MarketWorld.Load(_server);
        var last = LastSession;
        var first = last > new DateOnly(2026, 5, 1) ? new DateOnly(2026, 4, 15) : TradingCalendar.Days(last.AddDays(-20), last).First();

        // The 22 real CNMS files, re-dated onto the 22 trading days up to the last session.
        var days = new List<DateOnly>();
        for (var d = last; days.Count < 22; d = TradingCalendar.Previous(d))
            days.Insert(0, d);
        var finra = MarketWorld.RealFinraFiles().Values.Zip(days, (file, day) => (Day: day, Text: MarketWorld.Redate(file, day))).ToList();
        foreach (var (day, text) in finra)
            _server.Finra[day] = text;
        var chain1 = FakeMarketServer.CboeChain(first.ToDateTime(new TimeOnly(16, 15)), 230, last.AddDays(30), last.AddDays(90));
        var chain2 = FakeMarketServer.CboeChain(last.ToDateTime(new TimeOnly(16, 15)), 235, last.AddDays(30), last.AddDays(90));

        // First run: the world as of `first` (FINRA's files, re-dated to the last 22 sessions, come in the second run).
        _server.WorldDate = first;
        _server.ChainJson = chain1;
        var (code1, out1, err1) = await Fetch("--sources", "yahoo,fred,cboe,dix");
        code1.ShouldBe(0, err1 + out1);
        _server.WorldDate = last;
        _server.ChainJson = chain2;
        var (code2, out2, err2) = await Fetch("--finra-days", "22");
        code2.ShouldBe(0, err2 + out2);
        out2.ShouldContain("All sources up to date.");

        var importDir = TestData.TempDir();
        var files = MarketWorld.WriteImportFiles(importDir, last);
        foreach (var (day, text) in finra)
        {
            var path = Path.Combine(importDir, $"CNMSshvol{day:yyyyMMdd}.txt");
            File.WriteAllText(path, text);
            files.Add(path);
        }

        files.Add(Path.Combine(importDir, "chain1.json"));
        File.WriteAllText(files[^1], chain1);
        files.Add(Path.Combine(importDir, "chain2.json"));
        File.WriteAllText(files[^1], chain2);
        var imported = Path.Combine(importDir, "imported.db");
        var (importCode, _, importErr) = await Run(["--store", imported, "data", "import", .. files]);
        importCode.ShouldBe(0, importErr);

        var (fc, fetchedCsv, _) = await Run("--store", Store, "indicators", "--format", "csv");
        var (ic, importedCsv, _) = await Run("--store", imported, "indicators", "--format", "csv");
        fc.ShouldBe(0);
        ic.ShouldBe(0);
        fetchedCsv.Split('\n').Length.ShouldBeGreaterThan(5000);
        fetchedCsv.ShouldBe(importedCsv);
    }

    [Fact]
    public async Task Fetch_Table_SummaryPerSeriesAndExitCode0()
    {
        SmallWorld();

        var (code, output, error) = await Fetch("--finra-days", "3");

        code.ShouldBe(0, error);
        // The fake world ends yesterday (New York): once today's close has passed, the store is honestly one session
        // behind and the stale warning is the only line allowed on stderr.
        var todayClosed = MarketClock.LastCompletedTradingDay(DateTimeOffset.UtcNow) > LastSession;
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !(todayClosed && l.StartsWith("warning: data is stale", StringComparison.Ordinal)))
            .ShouldBeEmpty();
        output.ShouldContain("yahoo: succeeded");
        output.ShouldMatch(@"yahoo\s+series IWM\s+1[45]\s+0\s+0\s+5\s+succeeded");
        output.ShouldMatch(@"dix\s+series SPX_PRICE\s+1[45]\s+0\s+0\s+1\s+succeeded");
        output.ShouldMatch(@"\s+series SPX_GEX\s+1[45]\s+0\s+0");
        output.ShouldContain("short volume IWM CNMS");
        output.ShouldContain("chain IWM " + LastSession.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        output.ShouldContain("All sources up to date.");
    }

    [Fact]
    public async Task Fetch_Json_SummaryForScripts()
    {
        SmallWorld();
        _server.WorldDate = LastSession.AddDays(-1);

        var (code, output, error) = await Fetch("--format", "json", "--sources", "yahoo,fred", "--sources", "dix,finra", "--finra-days", "2");

        code.ShouldBe(0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        root.GetProperty("ok").GetBoolean().ShouldBeTrue();
        root.GetProperty("exit_code").GetInt32().ShouldBe(0);
        root.GetProperty("cache_directory").GetString().ShouldBe(Path.Combine(_dir, "cache"));
        output.ShouldNotContain("\\u", customMessage: "notes and URLs are not escaped");
        var sources = root.GetProperty("sources").EnumerateArray().ToList();
        sources.Select(s => s.GetProperty("name").GetString()).ShouldBe(["yahoo", "fred", "finra", "dix"]);
        sources[2].GetProperty("notes")[0].GetString()!.ShouldContain("each day's file");
        var yahoo = sources[0];
        yahoo.GetProperty("status").GetString().ShouldBe("succeeded");
        yahoo.GetProperty("requests").GetInt32().ShouldBe(5);
        var iwm = yahoo.GetProperty("rows").EnumerateArray().First();
        iwm.GetProperty("target").GetString().ShouldBe("series IWM");
        iwm.GetProperty("added").GetInt32().ShouldBeGreaterThan(10);
        yahoo.GetProperty("failures").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Fetch_OneSourceFails_OthersStoredExitCode1ErrorNamesSourceAndUrl()
    {
        SmallWorld();
        _server.Script("DIX.csv", MarketReply.Error(500, "boom"), MarketReply.Error(500, "boom"));

        var (code, output, error) = await Fetch("--sources", "dix,fred");

        code.ShouldBe(1);
        error.ShouldBe($"error: dix: {_server.BaseUri}monitor/static/DIX.csv: HTTP 500 Internal Server Error after 2 tries{Environment.NewLine}");
        output.ShouldMatch(@"dix\s+-\s+0\s+0\s+0\s+2\s+failed \(1 error\(s\)\)");
        output.ShouldMatch(@"fred\s+series DGS2\s+1[45]");
        output.ShouldContain("1 of 2 source(s) failed, wholly or partly (errors below); exit code 1.");
        var (_, status, _) = await Run("--store", Store, "data", "status", "--format", "json");
        using var doc = JsonDocument.Parse(status);
        doc.RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString())
            .ShouldBe(["BAMLH0A0HYM2", "DGS10", "DGS2", "DTB3", "DTWEXBGS"]);
    }

    [Fact]
    public async Task Fetch_Quiet_PrintsNothingButErrors()
    {
        SmallWorld();

        var (code, output, error) = await Fetch("--quiet", "--sources", "cboe");

        code.ShouldBe(0);
        output.ShouldBeEmpty();
        error.ShouldBeEmpty();
        _server.RequestsTo("VIX_History.csv").Count.ShouldBe(1);
        _server.RequestsTo("IWM.json").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Fetch_FinraNotPublishedYet_NoteNotError()
    {
        SmallWorld();
        _server.WorldDate = LastSession.AddDays(-1);

        var (code, output, error) = await Fetch("--sources", "finra", "--finra-days", "2");

        code.ShouldBe(0, error);
        output.ShouldContain("finra: no file (HTTP 403/404) for ");
        output.ShouldContain("not published yet");
    }

    [Fact]
    public async Task Fetch_Offline_UsesOnlyTheCache()
    {
        SmallWorld();
        (await Fetch("--sources", "fred", "--quiet")).Code.ShouldBe(0);
        _server.ClearRequests();
        File.Delete(Store);

        var (code, output, error) = await Fetch("--sources", "fred", "--offline");

        code.ShouldBe(0, error);
        _server.Requests.ShouldBeEmpty();
        output.ShouldMatch(@"fred\s+series DGS2\s+1[45]\s+0\s+0\s+5 cached\s+succeeded");
    }

    [Fact]
    public async Task Fetch_OfflineWithEmptyCache_Exit1()
    {
        var (code, _, error) = await Fetch("--sources", "dix", "--offline", "--quiet");

        code.ShouldBe(1);
        error.ShouldBe($"error: dix: offline, and nothing is cached in {Path.Combine(_dir, "cache", "dix")}{Environment.NewLine}");
    }

    [Theory]
    [InlineData("--sources", "yahoo,bloomberg", "error: --sources: unknown source 'bloomberg' (known: yahoo, fred, cboe-vix, cboe-rvx, cboe-chain, finra, dix, alphavantage, ishares-holdings, cboe, all)")]
    [InlineData("--finra-days", "0", "error: --finra-days must be between 1 and 10000, got 0")]
    public async Task Fetch_BadOptions_Exit2(string option, string value, string message)
    {
        var (code, _, error) = await Fetch(option, value);

        code.ShouldBe(2);
        error.ShouldBe(message + Environment.NewLine);
        _server.Requests.ShouldBeEmpty();
    }
}
