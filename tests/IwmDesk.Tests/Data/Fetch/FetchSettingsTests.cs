using IwmDesk.Data.Fetch;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Fetch;

/// <summary>Base URLs and politeness settings: environment over config file over defaults.</summary>
public sealed class FetchSettingsTests
{
    private readonly string _dir = TestData.TempDir();

    private string Config(string json)
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void Resolve_Nothing_RealHostsAndDefaults()
    {
        var s = FetchSettingsResolver.Resolve(null, Env(("HOME", _dir)));

        s.YahooUrl.ShouldBe(new Uri("https://query1.finance.yahoo.com"));
        s.FredUrl.ShouldBe(new Uri("https://fred.stlouisfed.org"));
        s.CboeUrl.ShouldBe(new Uri("https://cdn.cboe.com"));
        s.FinraUrl.ShouldBe(new Uri("https://cdn.finra.org"));
        s.DixUrl.ShouldBe(new Uri("https://squeezemetrics.com"));
        s.MinInterval.ShouldBe(TimeSpan.FromMilliseconds(250));
        s.MaxTries.ShouldBe(4);
        s.Origins["yahoo_url"].ShouldBe("default");
        s.Url(FetchSource.CboeChain, "/api/global/delayed_quotes/options/IWM.json").ToString()
            .ShouldBe("https://cdn.cboe.com/api/global/delayed_quotes/options/IWM.json");
    }

    [Fact]
    public void Resolve_EnvironmentBeatsConfigFileBeatsDefault()
    {
        var path = Config("""{ "llm": { "model": "m" }, "sources": { "yahoo_url": "http://cfg:1", "fred_url": "http://cfg:2/mirror/", "min_interval_ms": 500, "max_tries": 2 } }""");

        var s = FetchSettingsResolver.Resolve(path, Env((FetchSettingsResolver.YahooVariable, "http://127.0.0.1:9000"), (FetchSettingsResolver.CboeVariable, "http://127.0.0.1:9001")));

        s.YahooUrl.ShouldBe(new Uri("http://127.0.0.1:9000"));
        s.Origins["yahoo_url"].ShouldBe("env IWMDESK_YAHOO_URL");
        s.FredUrl.ShouldBe(new Uri("http://cfg:2/mirror/"));
        s.Origins["fred_url"].ShouldBe("config " + path);
        s.CboeUrl.ShouldBe(new Uri("http://127.0.0.1:9001"));
        s.FinraUrl.ShouldBe(new Uri("https://cdn.finra.org"));
        s.MinInterval.ShouldBe(TimeSpan.FromMilliseconds(500));
        s.MaxTries.ShouldBe(2);
        s.Url(FetchSource.Fred, "/graph/fredgraph.csv?id=DGS2").ToString().ShouldBe("http://cfg:2/mirror/graph/fredgraph.csv?id=DGS2", "a path prefix is kept");
        s.Url(FetchSource.CboeVix, "/api/global/us_indices/daily_prices/VIX_History.csv").Authority.ShouldBe("127.0.0.1:9001", "one variable for both CBOE paths");
    }

    [Fact]
    public void Resolve_DefaultConfigFile_IsTheModelClientsOne()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "iwmdesk"));
        File.WriteAllText(Path.Combine(_dir, "iwmdesk", "config.json"), """{ "sources": { "dix_url": "http://127.0.0.1:7000" } }""");

        var s = FetchSettingsResolver.Resolve(null, Env(("XDG_CONFIG_HOME", _dir)));

        s.DixUrl.ShouldBe(new Uri("http://127.0.0.1:7000"));
    }

    [Fact]
    public void Resolve_BadValues_ClearErrors()
    {
        Should.Throw<IwmDeskException>(() => FetchSettingsResolver.Resolve(null, Env(("HOME", _dir), (FetchSettingsResolver.FinraVariable, "ftp://x"))))
            .Message.ShouldBe("env IWMDESK_FINRA_URL: 'ftp://x' is not an http(s) URL (expected e.g. http://127.0.0.1:8080)");
        Should.Throw<IwmDeskException>(() => FetchSettingsResolver.Resolve(null, Env(("HOME", _dir), (FetchSettingsResolver.FredVariable, "http://h/x?id=1"))))
            .Message.ShouldContain("must not carry a query");
        var unknown = Config("""{ "sources": { "yahoo": "http://x" } }""");
        Should.Throw<DataFormatException>(() => FetchSettingsResolver.Resolve(unknown, Env()))
            .Message.ShouldStartWith(unknown + ": unknown key sources.yahoo (known: yahoo_url, ");
        var tries = Config("""{ "sources": { "max_tries": 0 } }""");
        Should.Throw<IwmDeskException>(() => FetchSettingsResolver.Resolve(tries, Env()))
            .Message.ShouldBe(tries + ": sources.max_tries must be between 1 and 20");
        Should.Throw<IwmDeskException>(() => FetchSettingsResolver.Resolve(Path.Combine(_dir, "none.json"), Env()))
            .Message.ShouldEndWith("none.json: config file not found");
    }

    [Fact]
    public void DataFetcher_InvalidSettings_ArgumentOutOfRange()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new DataFetcher(new FetchSettings { MaxTries = 0 })).ParamName.ShouldBe("max_tries");
    }
}
