using System.Globalization;
using System.Text.Json;
using IwmDesk.Cli.Commands;
using IwmDesk.Decision;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>
/// <c>iwmdesk daily</c> on the real files served by the loopback market server, with the alert's measured record checked
/// against a plain recomputation from IWM_daily.csv (not the backtest engine).
/// </summary>
public sealed class DailyRealDataTests : IAsyncLifetime
{
    /// <summary>Friday 2026-05-01 (the real IWM history's last bar), 17:00 in New York (EDT).</summary>
    private static readonly DateTimeOffset LastDay = new(2026, 5, 1, 21, 0, 0, TimeSpan.Zero);

    private readonly string _dir = TestData.TempDir();
    private FakeMarketServer _server = null!;
    private WebhookReceiver _webhook = null!;

    public Task InitializeAsync()
    {
        _server = FakeMarketServer.Start();
        _webhook = WebhookReceiver.Start();
        if (TestData.SkipReason is null)
        {
            MarketWorld.Load(_server);
            _server.WorldDate = DateOnly.FromDateTime(LastDay.UtcDateTime);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _webhook.DisposeAsync();
    }

    [RealDataFact]
    public async Task Daily_RealFiles_AlertRecordEqualsARecomputationFromTheCsv_SecondRunAddsNothing()
    {
        var url = _server.BaseUri.ToString().TrimEnd('/');
        var config = Path.Combine(_dir, "config.json");
        File.WriteAllText(config, $$"""
            { "sources": { "yahoo_url": "{{url}}", "fred_url": "{{url}}", "cboe_url": "{{url}}", "finra_url": "{{url}}", "dix_url": "{{url}}",
                           "min_interval_ms": 0, "retry_base_delay_ms": 10, "max_tries": 2, "timeout_seconds": 30 } }
            """);
        var alerts = Path.Combine(_dir, "alerts.yaml");

        // Exactly one of the two holds on any day with 20 bars: whichever does fires, with its record.
        File.WriteAllText(alerts, $"""
            alerts:
              - name: above_sma20
                condition: close > sma(close, 20)
                trigger: while
                horizon: 5
              - name: at_or_below_sma20
                condition: close <= sma(close, 20)
                trigger: while
                horizon: 5
            deliveries:
              output: true
              webhook:
                url: {_webhook.Url()}
            """);
        string[] args = ["--store", Path.Combine(_dir, "store.db"), "daily", "--config", config, "--sources", "yahoo,fred,cboe-vix,dix",
            "--alerts", alerts, "--format", "json"];

        var (code, output, error) = await Run(args);
        var (code2, output2, error2) = await Run(args);

        code.ShouldBe(0, error + output);
        code2.ShouldBe(0, error2 + output2);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        root.GetProperty("as_of").GetString().ShouldBe("2026-05-01");
        root.GetProperty("data_source").GetString().ShouldBe("real");
        var fired = root.GetProperty("alerts").EnumerateArray().ToList();
        fired.Count.ShouldBe(1);
        var record = fired[0].GetProperty("records")[0];

        // The recomputation: IWM closes and adjusted closes from the file, up to 2026-05-01.
        var rows = File.ReadLines(TestData.Real("IWM_daily.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => string.CompareOrdinal(f[0], "2026-05-01") <= 0)
            .Select(f => (Close: double.Parse(f[4], CultureInfo.InvariantCulture), Adj: double.Parse(f[5], CultureInfo.InvariantCulture)))
            .ToList();
        var above = fired[0].GetProperty("alert").GetString() == "above_sma20";
        int n = 0, up = 0, baseN = 0, baseUp = 0;
        for (var t = 0; t + 5 < rows.Count; t++)
        {
            var r = (rows[t + 5].Adj / rows[t].Adj) - 1;
            baseN++;
            baseUp += r > 0 ? 1 : 0;
            if (t < 19)
                continue;
            var sma = rows.Skip(t - 19).Take(20).Average(x => x.Close);
            if ((rows[t].Close > sma) != above)
                continue;
            n++;
            up += r > 0 ? 1 : 0;
        }

        var last = rows.Count - 1;
        (rows[last].Close > rows.Skip(last - 19).Take(20).Average(x => x.Close)).ShouldBe(above, "the alert that fired is the one that holds on 2026-05-01");
        record.GetProperty("n").GetInt32().ShouldBe(n);
        record.GetProperty("base_n").GetInt32().ShouldBe(baseN);
        record.GetProperty("up_rate").GetDouble().ShouldBe((double)up / n, 1e-6); // JSON numbers carry 6 significant digits (docs: JSON rounding)
        record.GetProperty("base_rate").GetDouble().ShouldBe((double)baseUp / baseN, 1e-6); // JSON carries 6 significant digits
        record.GetProperty("horizon").GetInt32().ShouldBe(5);

        // The webhook got it once (the second run sent nothing), with the same numbers in its text.
        _webhook.Requests.Count.ShouldBe(1);
        var text = JsonDocument.Parse(_webhook.Requests[0].Body).RootElement.GetProperty("text").GetString()!;
        text.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"n={n:N0} days"));
        text.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"IWM up 5 trading days later {(double)up / n:0.0%} vs base rate {(double)baseUp / baseN:0.0%} (n={baseN:N0})"));

        // One set of journal entries for the day.
        using var list = new StringWriter();
        (await CliApp.RunAsync(["--store", Path.Combine(_dir, "store.db"), "journal", "list", "--format", "json"], list, TextWriter.Null)).ShouldBe(0);
        JsonDocument.Parse(list.ToString()).RootElement.GetArrayLength().ShouldBe(2);
    }

    private static async Task<(int Code, string Out, string Err)> Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using (CliClock.Use(new FixedClock(LastDay)))
        {
            var code = await CliApp.RunAsync(args, output, error);
            return (code, output.ToString(), error.ToString());
        }
    }
}
