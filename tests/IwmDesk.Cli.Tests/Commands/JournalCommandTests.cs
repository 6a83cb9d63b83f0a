using System.Text.Json;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

public sealed class JournalCommandTests
{
    /// <summary>JSON numbers are rounded to 6 significant digits: half a unit of the 6th digit of a fraction is below this.</summary>
    private const double JsonPrecision = 1e-6;

    private readonly string _dir = TestData.TempDir();

    private string Store => Path.Combine(_dir, "store.db");

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string RunId(string stderr)
    {
        stderr.ShouldStartWith("journal: run ");
        return stderr.Split(' ')[2];
    }

    [Fact]
    public async Task Forecast_Journaled_ListAndShowFindIt()
    {
        var (code, json, err) = await Run("--store", Store, "forecast", "--format", "json");

        code.ShouldBe(0);
        var id = RunId(err);
        var (_, list, _) = await Run("--store", Store, "journal", "list", "--format", "json");
        using var doc = JsonDocument.Parse(list);
        var run = doc.RootElement.EnumerateArray().ShouldHaveSingleItem();
        run.GetProperty("run_id").GetString().ShouldBe(id);
        run.GetProperty("kind").GetString().ShouldBe("forecast");
        run.GetProperty("data_source").GetString().ShouldBe("sample");
        run.GetProperty("data_hash").GetString()!.Length.ShouldBe(64);
        run.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("horizon").GetInt32()).ShouldBe([1, 5]);
        using var forecast = JsonDocument.Parse(json);
        run.GetProperty("as_of").GetString().ShouldBe(forecast.RootElement.GetProperty("date").GetString());
        run.GetProperty("calls")[0].GetProperty("call").GetString().ShouldBe(forecast.RootElement.GetProperty("tomorrow").GetProperty("call").GetString());

        var (showCode, showJson, _) = await Run("--store", Store, "journal", "show", id[..20], "--format", "json");
        showCode.ShouldBe(0);
        using var shown = JsonDocument.Parse(showJson);
        shown.RootElement.GetProperty("payload").GetProperty("rules_hash").GetString().ShouldBe(forecast.RootElement.GetProperty("rules_hash").GetString());
        shown.RootElement.GetProperty("steps")[0].GetProperty("prompt").GetString()!.ShouldStartWith("You are a quantitative analyst");
        var (_, md, _) = await Run("--store", Store, "journal", "show", id);
        md.ShouldContain($"# Journal run {id}");
        md.ShouldContain("## Payload");
    }

    [Fact]
    public async Task Forecast_NoJournal_WritesNothing()
    {
        var (code, _, err) = await Run("--store", Store, "forecast", "--format", "text", "--no-journal");

        code.ShouldBe(0);
        err.ShouldBeEmpty();
        var (_, table, _) = await Run("--store", Store, "journal", "list");
        table.ShouldContain("No journaled runs.");
    }

    [Fact]
    public async Task Replay_JournalsEveryTradingDay_ListCsvAndScore()
    {
        var (code, summary, err) = await Run("--store", Store, "forecast", "--replay", "--from", "2026-09-01", "--to", "2026-09-30", "--format", "json");

        code.ShouldBe(0, err);
        using var s = JsonDocument.Parse(summary);
        var days = s.RootElement.GetProperty("days").GetInt32();
        days.ShouldBe(21); // September 2026: 22 weekdays less Labor Day
        s.RootElement.GetProperty("journaled").GetInt32().ShouldBe(days);
        var (_, csv, _) = await Run("--store", Store, "journal", "list", "--format", "csv", "--from", "2026-09-10", "--to", "2026-09-11");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1 + 4);
        lines[0].ShouldStartWith("run_id,kind,mode,created_at,as_of");
        lines[1].ShouldContain(",forecast,replay,");
        var (scoreCode, score, _) = await Run("--store", Store, "journal", "score", "--format", "json");
        scoreCode.ShouldBe(0);
        using var sc = JsonDocument.Parse(score);
        var overall = sc.RootElement.GetProperty("overall");
        (overall.GetProperty("n").GetInt32() + overall.GetProperty("pending").GetInt32()).ShouldBe(2 * days);
        sc.RootElement.GetProperty("calibration").GetArrayLength().ShouldBe(10);
        var (_, table, _) = await Run("--store", Store, "journal", "score");
        table.ShouldContain("Calibration of P(up)");
        table.ShouldContain("By horizon");
    }

    [Fact]
    public async Task Score_HandComputedFixture_ExactNumbers()
    {
        using (var store = MarketStore.Open(Store))
            JournalFixture.Fill(store);

        var (code, json, _) = await Run("--store", Store, "journal", "score", "--format", "json");

        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(json);
        var o = doc.RootElement.GetProperty("overall");
        o.GetProperty("n").GetInt32().ShouldBe(9);
        o.GetProperty("hit_rate").GetDouble().ShouldBe(5.0 / 6, JsonPrecision); // JSON carries 6 significant digits (docs/terminal.md)
        o.GetProperty("brier").GetDouble().ShouldBe(0.1997375, JsonPrecision);
        o.GetProperty("pending").GetInt32().ShouldBe(2);
        doc.RootElement.GetProperty("by_conviction")[0].GetProperty("conviction").GetString().ShouldBe("high");
    }

    [Theory]
    [InlineData(new[] { "forecast", "--replay" }, "error: --replay needs --from YYYY-MM-DD (the first day to replay)")]
    [InlineData(new[] { "forecast", "--replay", "--from", "2026-01-05", "--date", "2026-01-05" }, "error: --replay builds a range of days: use --from/--to, not --date or --prompt")]
    [InlineData(new[] { "forecast", "--from", "2026-01-05" }, "error: --from/--to go with --replay; a single forecast takes --date")]
    [InlineData(new[] { "journal", "show", "nope" }, "error: no journaled run 'nope' (iwmdesk journal list shows the runs)")]
    public async Task BadUse_OneLineError(string[] args, string expected)
    {
        var (code, _, err) = await Run(["--store", Store, .. args]);

        code.ShouldNotBe(0);
        err.TrimEnd().ShouldBe(expected);
    }

    [PostgresFact]
    public async Task Postgres_ForecastListScore_ThroughTheCli()
    {
        using var schema = TestPostgres.NewSchema();
        var files = MarketFixture.WriteFiles(_dir);
        (await Run(["--store", schema.ConnectionString, "data", "import", .. files])).Code.ShouldBe(0);

        var (code, _, err) = await Run("--store", schema.ConnectionString, "forecast", "--format", "json");
        code.ShouldBe(0, err);
        var id = RunId(err);
        (await Run("--store", schema.ConnectionString, "forecast", "--replay", "--from", "2024-06-03", "--to", "2024-06-28")).Code.ShouldBe(0);

        var (_, list, _) = await Run("--store", schema.ConnectionString, "journal", "list", "--format", "json");
        using var doc = JsonDocument.Parse(list);
        doc.RootElement.GetArrayLength().ShouldBe(1 + 20);
        doc.RootElement.EnumerateArray().ShouldContain(r => r.GetProperty("run_id").GetString() == id);
        var (scoreCode, score, _) = await Run("--store", schema.ConnectionString, "journal", "score", "--format", "json");
        scoreCode.ShouldBe(0);
        using var sc = JsonDocument.Parse(score);
        sc.RootElement.GetProperty("data_source").GetString().ShouldBe("real");
        sc.RootElement.GetProperty("runs").GetInt32().ShouldBe(21);
    }
}
