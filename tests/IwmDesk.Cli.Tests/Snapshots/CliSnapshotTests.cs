using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Snapshots;

/// <summary>
/// Every CLI output a trader reads, through the real command entry point (<see cref="CliApp"/>), on the deterministic
/// synthetic sample, pinned as snapshots (tests/IwmDesk.Cli.Tests/__snapshots__; re-approve with
/// bash scripts/approve-snapshots.sh). One store per class, filled with the sample by the first command.
/// </summary>
[Trait("Category", "Snapshot")]
public sealed class CliSnapshotTests
{
    private static readonly Lazy<string> Store = new(() => Path.Combine(TestData.TempDir(), "store.db"));

    private const string Day = "2026-10-28";

    internal static async Task<string> Run(string store, params string[] args)
    {
        using var clock = CliClock.Use(TestClock.SampleClose); // freshness is judged at a fixed moment
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["--store", store, .. args], output, error);
        var text = output.ToString();
        var err = error.ToString();
        return $"$ iwmdesk {string.Join(' ', args)}\nexit {code}\n{text}" + (err.Length > 0 ? $"--- stderr ---\n{err}" : "");
    }

    private static async Task Check(string name, params string[] args) => Snapshot.Match(await Run(Store.Value, args), "cli." + name);

    [Theory]
    [InlineData("md")]
    [InlineData("text")]
    [InlineData("json")]
    public Task Forecast(string format) => Check("forecast." + format, "forecast", "--date", Day, "--format", format, "--no-journal");

    [Fact]
    public Task Forecast_LastBar() => Check("forecast.last-bar", "forecast", "--no-journal");

    [Fact]
    public Task Forecast_Prompt() => Check("forecast.prompt", "forecast", "--date", Day, "--prompt", "--no-journal");

    [Theory]
    [InlineData("md")]
    [InlineData("text")]
    [InlineData("json")]
    public Task Workflow(string format) => Check("workflow." + format, "workflow", "--date", Day, "--format", format, "--no-journal");

    [Fact]
    public Task Workflow_WithPrompts() => Check("workflow.md-prompts", "workflow", "--date", Day, "--prompts", "--no-journal");

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("csv")]
    public Task Backtest(string format) => Check("backtest." + format, "backtest", "--format", format);

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("md")]
    public Task Claims(string format) => Check("claims." + format, "claims", "--format", format);

    [Fact]
    public Task Backtest_Sweep() => Check("backtest.sweep", "backtest", "--sweep", "--horizons", "5");

    [Theory]
    [InlineData("csv")]
    [InlineData("table")]
    [InlineData("json")]
    public Task Indicators(string format) => Check("indicators." + format, "indicators", "--from", "2026-10-20", "--format", format);

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public Task Gex(string format) => Check("gex." + format, "gex", "--format", format);

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public Task Kre(string format) => Check("kre." + format, "kre", "--date", Day, "--format", format);

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public Task Flow(string format) => Check("flow." + format, "flow", "classify", "--type", "put", "--strike", "220", "--expiry", "2026-12-18",
        "--premium", "2500000", "--contracts", "5000", "--side", "ask", "--oi-before", "1200", "--date", Day, "--format", format);

    [Fact]
    public Task PromptsList() => Check("prompts.list", "prompts", "list");

    [Theory]
    [InlineData("macro-regime")]
    [InlineData("kre-pressure")]
    [InlineData("options-flow")]
    [InlineData("earnings-revisions")]
    [InlineData("quant-analyst")]
    public Task PromptsShow(string name) => Check("prompts." + name, "prompts", "show", name, "--date", Day);

    [Fact]
    public Task PromptsShow_Json() => Check("prompts.quant-analyst.json", "prompts", "show", "quant-analyst", "--date", Day, "--format", "json");

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public Task DataStatus(string format) => Check("data-status." + format, "data", "status", "--format", format);

    [Theory]
    [InlineData("forecast", "--date", "2026-11-02")]
    [InlineData("forecast", "--date", "2026-13-01")]
    [InlineData("workflow", "--date", "2026-11-02")]
    [InlineData("kre", "--date", "2026-11-02")]
    [InlineData("prompts", "show", "nope")]
    public Task Errors(params string[] args) => Check("error." + string.Join('_', args).Replace("--", "", StringComparison.Ordinal), args);
}

/// <summary>The journal's outputs (list, show, score) over runs this class writes itself.</summary>
[Trait("Category", "Snapshot")]
public sealed class JournalSnapshotTests
{
    private static readonly Lazy<Task<string>> Store = new(async () =>
    {
        var store = Path.Combine(TestData.TempDir(), "store.db");
        await CliSnapshotTests.Run(store, "forecast", "--date", "2026-09-30", "--format", "json");
        await CliSnapshotTests.Run(store, "forecast", "--date", "2026-10-15", "--format", "json");
        await CliSnapshotTests.Run(store, "workflow", "--date", "2026-10-15", "--format", "json");
        await CliSnapshotTests.Run(store, "forecast", "--replay", "--from", "2026-10-01", "--to", "2026-10-09");
        return store;
    });

    private static async Task Check(string name, params string[] args) => Snapshot.Match(await CliSnapshotTests.Run(await Store.Value, args), "cli.journal." + name);

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public Task List(string format) => Check("list." + format, "journal", "list", "--format", format);

    [Theory]
    [InlineData("forecast", "md")]
    [InlineData("forecast", "json")]
    [InlineData("workflow", "md")]
    [InlineData("workflow", "json")]
    public async Task Show(string kind, string format)
    {
        // The live run of that kind as of 2026-10-15 (chosen by content, not by id order: ids carry the clock).
        var store = await Store.Value;
        using var list = new StringWriter();
        (await CliApp.RunAsync(["--store", store, "journal", "list", "--kind", kind, "--format", "json"], list, TextWriter.Null)).ShouldBe(0);
        var id = System.Text.Json.Nodes.JsonNode.Parse(list.ToString())!.AsArray()
            .Single(r => r!["as_of"]!.GetValue<string>() == "2026-10-15")!["run_id"]!.GetValue<string>();
        Snapshot.Match(await CliSnapshotTests.Run(store, "journal", "show", id, "--format", format), $"cli.journal.show.{kind}.{format}");
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public Task Score(string format) => Check("score." + format, "journal", "score", "--format", format);
}

/// <summary>
/// A few outputs on the real public files (../shared/data/real), skipped when they are absent: the import report, a
/// forecast on a past day, the backtest and the GEX of one real chain. Real paths are shown as &lt;real&gt;.
/// </summary>
[Trait("Category", "Snapshot")]
public sealed class RealDataSnapshotTests
{
    private static readonly Lazy<Task<(string Store, string Import)>> Store = new(async () =>
    {
        var store = Path.Combine(TestData.TempDir(), "real.db");
        var import = await CliSnapshotTests.Run(store, "data", "import", TestData.Real("IWM_daily.csv"), TestData.Real("VIX_History.csv"), TestData.Real("RVX_History.csv"),
            TestData.Real("SPY_daily.csv"), TestData.Real("KRE_daily.csv"), TestData.Real("DIX.csv"));
        return (store, import);
    });

    private static string Real(string text) => text.Replace(TestData.RealDataDir!, "<real>", StringComparison.Ordinal);

    private static async Task Check(string name, params string[] args) =>
        Snapshot.Match(Real(await CliSnapshotTests.Run((await Store.Value).Store, args)), "real." + name);

    [RealDataFact]
    public async Task Import() => Snapshot.Match(Real((await Store.Value).Import), "real.import");

    [RealDataTheory]
    [InlineData("md")]
    [InlineData("json")]
    public Task Forecast(string format) => Check("forecast.2020-03-23." + format, "forecast", "--date", "2020-03-23", "--format", format, "--no-journal");

    [RealDataFact]
    public Task Backtest() => Check("backtest.table", "backtest", "--to", "2025-12-31");

    [RealDataFact]
    public Task Kre() => Check("kre.2023-03-17", "kre", "--date", "2023-03-17");

    [RealDataFact]
    public Task Gex() => Check("gex.2026-07-17", "gex", TestData.Real("options", "chains_csv", "IWM_chain_2026-07-17.csv"));
}

/// <summary>
/// The real IWM chains (27 days; 2026-07-20 twice, Yahoo end of day and CBOE delayed) imported into one store, and the
/// vendor comparison of the two SPY quotedata files with SPY_daily.csv imported (so the official closes are known).
/// </summary>
[Trait("Category", "Snapshot")]
public sealed class RealChainSnapshotTests
{
    private static readonly Lazy<Task<(string Store, string Import)>> Store = new(async () =>
    {
        var store = Path.Combine(TestData.TempDir(), "chains.db");
        var files = Directory.GetFiles(TestData.Real("options", "chains_csv"), "IWM_chain_*.csv").Order(StringComparer.Ordinal).ToList();
        files.Add(TestData.Real("SPY_daily.csv"));
        var import = await CliSnapshotTests.Run(store, ["data", "import", .. files]);
        return (store, import);
    });

    private static string Real(string text) => text.Replace(TestData.RealDataDir!, "<real>", StringComparison.Ordinal);

    private static async Task Check(string name, params string[] args) =>
        Snapshot.Match(Real(await CliSnapshotTests.Run((await Store.Value).Store, args)), "real." + name);

    [RealDataFact]
    public async Task Import_KeepsBothSnapshotsOf20260720_AndSaysWhichIsUsed()
    {
        var import = (await Store.Value).Import;
        import.ShouldContain("IWM 2026-07-20: 2 snapshots kept (this one as 'IWM_chain_2026-07-20_cboe.csv'); the panel uses 'IWM_chain_2026-07-20.csv'");
        Snapshot.Match(Real(import), "real.chains.import");
    }

    [RealDataFact]
    public Task Status() => Check("chains.status", "data", "status");

    [RealDataFact]
    public async Task Gex_Saturday_AnswersFridaysChain_WithTheNotice()
    {
        // The as-of rule over the stored chain days (docs/architecture.md): 2026-07-18 is a Saturday, the chain of
        // Friday 2026-07-17 answers, the same output as asking for the 17th, the notice on stderr only.
        var store = (await Store.Value).Store;
        var saturday = await CliSnapshotTests.Run(store, "gex", "--date", "2026-07-18", "--format", "json");
        var friday = await CliSnapshotTests.Run(store, "gex", "--date", "2026-07-17", "--format", "json");
        saturday.ShouldContain("--- stderr ---\ndate: 2026-07-18 is a Saturday: using Friday 2026-07-17\n");
        static string Body(string run) => string.Join('\n', run.Split('\n').Skip(2).TakeWhile(l => l != "--- stderr ---")
            .Where(l => !l.Contains("\"requested_date\"", StringComparison.Ordinal) && !l.Contains("\"notice\"", StringComparison.Ordinal))).TrimEnd();
        Body(saturday).ShouldBe(Body(friday));
        friday.ShouldNotContain("--- stderr ---");
        var weekday = await CliSnapshotTests.Run(store, "gex", "--date", "2026-08-24");
        weekday.ShouldContain("error: 2026-08-24 is after the store's last IWM chain: the store holds IWM chains from 2026-07-16 to 2026-08-21");
    }

    [RealDataFact]
    public async Task History_ListsThe27Days()
    {
        var json = await CliSnapshotTests.Run((await Store.Value).Store, "gex", "--history", "--format", "json");
        var doc = System.Text.Json.JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]);
        doc.RootElement.GetProperty("days").GetInt32().ShouldBe(27);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("as_of").GetString()).Distinct().Count().ShouldBe(27);
        var day = rows.Single(r => r.GetProperty("as_of").GetString() == "2026-07-20");
        day.GetProperty("source").GetString().ShouldBe("IWM_chain_2026-07-20.csv");
        day.GetProperty("snapshots").GetInt32().ShouldBe(2);
        doc.RootElement.GetProperty("worth").GetProperty("cells").EnumerateArray().ShouldAllBe(c => c.GetProperty("too_few_cases").GetBoolean());
        await Check("chains.gex-history.table", "gex", "--history");
    }

    [RealDataFact]
    public Task HistoryCsv() => Check("chains.gex-history.csv", "gex", "--history", "--format", "csv");

    [RealDataFact]
    public Task GexOfTheDayWithTwoSnapshots() => Check("chains.gex.2026-07-20", "gex", "--date", "2026-07-20", "--strikes", "5");

    [RealDataFact]
    public Task GexOfTheOtherSnapshot() => Check("chains.gex.2026-07-20-cboe", "gex", "--date", "2026-07-20", "--source", "IWM_chain_2026-07-20_cboe.csv", "--strikes", "5");

    [RealDataFact]
    public Task CompareVendorSpy20250516() => Check("gex.spy-2025-05-16.compare-vendor", "gex", TestData.Real("options", "SPY_quotedata_2025-05-16_cboe.csv"), "--compare-vendor");

    [RealDataFact]
    public Task CompareVendorSpy20230914() => Check("gex.spy-2023-09-14.compare-vendor", "gex", TestData.Real("options", "SPY_quotedata_2023-09-14_cboe.csv"), "--compare-vendor");

    [RealDataFact]
    public Task CompareVendorJson() => Check("gex.spy-2025-05-16.compare-vendor.json", "gex", TestData.Real("options", "SPY_quotedata_2025-05-16_cboe.csv"), "--compare-vendor", "--format", "json");
}
