using System.Text.Json.Nodes;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>The analysis commands end to end on the bundled sample (an empty temp store is filled on first use).</summary>
public sealed class DeskCommandsTests
{
    private readonly string _store = Path.Combine(TestData.TempDir(), "store.db");

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["--store", _store, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Forecast_EmptyStore_RunsOnSampleWithBanner()
    {
        var (code, output, error) = await Run("forecast");
        code.ShouldBe(0, error);
        output.ShouldContain("SAMPLE DATA");
        output.ShouldContain("## Current Market State");
        output.ShouldContain("### Strategy");
    }

    [Fact]
    public async Task Forecast_Json_SaysSampleAndHasKeys()
    {
        var (code, output, _) = await Run("forecast", "--format", "json", "--date", "2025-03-14");
        code.ShouldBe(0);
        var json = JsonNode.Parse(output)!.AsObject();
        json["data_source"]!.GetValue<string>().ShouldBe("sample");
        json["date"]!.GetValue<string>().ShouldBe("2025-03-14");
        json["tomorrow"]!["call"]!.GetValue<string>().ShouldBeOneOf("Bullish", "Bearish", "Neutral");
    }

    [Theory]
    [InlineData(new[] { "forecast", "--date", "2020-13-45" }, "error: --date: '2020-13-45' is not a date (expected YYYY-MM-DD)")]
    [InlineData(new[] { "forecast", "--date", "2031-01-02" }, "error: 2031-01-02 is after the store's last IWM bar: the store holds IWM from 2019-10-31 to 2026-10-30")]
    [InlineData(new[] { "forecast", "--date", "1990-01-02" }, "error: 1990-01-02 is before the store's first IWM bar: the store holds IWM from 2019-10-31")]
    [InlineData(new[] { "backtest", "--horizons", "1,x" }, "error: --horizons: 'x' is not a horizon")]
    [InlineData(new[] { "forecast", "--format", "xml" }, "error: Argument 'xml' not recognized")]
    [InlineData(new[] { "prompts", "show", "nope" }, "error: no prompt named 'nope'")]
    [InlineData(new[] { "flow", "classify", "--type", "put", "--strike", "0", "--expiry", "2026-12-18", "--premium", "1000", "--contracts", "1", "--side", "ask", "--oi-before", "0" }, "error: flow print: strike must be > 0")]
    public async Task BadInput_OneLine_ExitCode2(string[] args, string expected)
    {
        var (code, output, error) = await Run(args);
        code.ShouldBe(2);
        error.ShouldStartWith(expected);
        error.ShouldNotContain("   at ");
        output.ShouldNotContain("Usage:");
    }

    [Fact]
    public async Task Forecast_BadRulesFile_NamesRuleAndPosition()
    {
        var rules = Path.Combine(TestData.TempDir(), "rules.yaml");
        await File.WriteAllTextAsync(rules, "rules:\n  - name: Mine\n    tier: 1\n    condition: vix >> 20\n");
        var (code, _, error) = await Run("forecast", "--rules", rules);
        code.ShouldBe(2);
        error.ShouldBe($"error: {rules}: rule 'Mine': condition at position 6: expected a column name, number or '(' but found '>'{Environment.NewLine}");
    }

    [Fact]
    public async Task Backtest_Json_HasEveryKeyPerRuleAndHorizon()
    {
        var (code, output, _) = await Run("backtest", "--format", "json");
        code.ShouldBe(0);
        var rows = JsonNode.Parse(output)!.AsArray();
        rows.Count.ShouldBe(22); // 11 rules × horizons 1 and 5
        string[] keys = ["signal", "tier", "horizon", "n", "episodes", "win_rate", "mean", "median", "std", "ci_low", "ci_high", "t_stat",
            "baseline_win_rate", "baseline_mean", "lift", "is_win_rate", "oos_n", "oos_win_rate", "oos_mean", "claimed_win_rate", "claimed_mean", "verdict",
            "n_eff", "win_ci_low_robust", "win_ci_high_robust", "lift_ci_low", "lift_ci_high", "t_nw", "p_value", "p_adjusted", "n_nonoverlap",
            "win_rate_nonoverlap", "mean_nonoverlap", "claim_verdict", "verdict_reason", "claim_reason", "entry"];
        foreach (var row in rows)
        {
            foreach (var k in keys)
                row!.AsObject().ContainsKey(k).ShouldBeTrue(k);
            row!["data_source"]!.GetValue<string>().ShouldBe("sample");
            if (row["judged"]!.GetValue<bool>())
            {
                row["verdict"]!.GetValue<string>().ShouldBeOneOf("edge", "no edge", "unclear", "too few cases", "no data");
                row["claim_verdict"]!.GetValue<string>().ShouldBeOneOf("holds", "overstated", "understated", "no claim");
            }
            else
            {
                row["verdict"].ShouldBeNull(); // other horizons are information only
                row["claim_verdict"].ShouldBeNull();
            }
        }
    }

    [Fact]
    public async Task Backtest_Sweep_ReportsVariantsTried()
    {
        var (code, output, _) = await Run("backtest", "--sweep", "--format", "json", "--horizons", "5");
        code.ShouldBe(0);
        var json = JsonNode.Parse(output)!.AsObject();
        json["variants_tried"]!.GetValue<int>().ShouldBeGreaterThan(500);
        json["adjustment"]!.GetValue<string>().ShouldStartWith("Holm");
    }

    [Fact]
    public async Task Indicators_Csv_HasTheDocumentedHeader()
    {
        var (code, output, _) = await Run("indicators", "--format", "csv", "--from", "2026-10-01");
        code.ShouldBe(0);
        output.Split('\n')[0].ShouldBe(
            "date,open,high,low,close,adj_close,volume,sma20,sma50,sma200,ema20,rsi14,bb_upper,bb_middle,bb_lower,bb_percent_b,atr14,macd,macd_signal,rv20,vix,rvx,iv_rank,iv_rv_spread,kre,spy,hyg,dgs2,dgs10,slope_10y2y,hy_spread,dxy,gex,gex_source,dp_ratio,dp_source,iwm_gex,gex_flip,dist_to_flip,call_wall,put_wall,days_to_opex,opex_week,recon_window");
    }

    [Fact]
    public async Task Gex_SampleChain_Json()
    {
        var (code, output, _) = await Run("gex", "--format", "json");
        code.ShouldBe(0);
        var json = JsonNode.Parse(output)!.AsObject();
        foreach (var k in new[] { "as_of", "underlying", "spot", "total_gex_usd_per_1pct", "flip", "call_wall", "put_wall", "contracts_used", "contracts_skipped", "by_strike" })
            json.ContainsKey(k).ShouldBeTrue(k);
        json["underlying"]!.GetValue<string>().ShouldBe("IWM");
    }

    [Fact]
    public async Task Workflow_Json_FourStepsAndChecklist()
    {
        var (code, output, _) = await Run("workflow", "--format", "json");
        code.ShouldBe(0);
        var json = JsonNode.Parse(output)!.AsObject();
        json["data_source"]!.GetValue<string>().ShouldBe("sample");
        json["steps"]!.AsArray().Count.ShouldBe(4);
        json["checklist"]!["conviction"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("macro-regime")]
    [InlineData("kre-pressure")]
    [InlineData("options-flow")]
    [InlineData("earnings-revisions")]
    [InlineData("quant-analyst")]
    public async Task Prompts_Show_RendersWithNothingUnfilled(string name)
    {
        var (code, output, _) = await Run("prompts", "show", name, "--format", "json");
        code.ShouldBe(0);
        var json = JsonNode.Parse(output)!.AsObject();
        var text = json["text"]!.GetValue<string>();
        text.ShouldNotContain("{{");
        text.ShouldNotContain("[]");
        text.ShouldNotContain("()");
        json["missing"]!.AsArray().Count.ShouldBe(0, string.Join(", ", json["missing"]!.AsArray()));
    }

    [Fact]
    public async Task Workflow_Replay_JournalsEachDay_ScoredByConvictionAndRegime()
    {
        var (code, output, error) = await Run("workflow", "--replay", "--from", "2026-06-01", "--to", "2026-06-30");
        code.ShouldBe(0, error);
        output.ShouldContain("Replayed 21 workflows");

        var (listCode, list, _) = await Run("journal", "list", "--format", "json");
        listCode.ShouldBe(0);
        JsonNode.Parse(list)!.AsArray().Count(r => (string?)r!["kind"] == "workflow").ShouldBe(21);

        var (scoreCode, score, _) = await Run("journal", "score", "--format", "json");
        scoreCode.ShouldBe(0);
        var json = JsonNode.Parse(score)!.AsObject();
        json["overall"]!["n"]!.GetValue<int>().ShouldBe(21); // every 5-day window closed inside the sample
        json["by_conviction"]!.AsArray().Count.ShouldBeGreaterThan(0);
        json["by_regime"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Workflow_ShowsEachStepsTrackRecord_FromAnswersMaturedByItsDateOnly()
    {
        (await Run("workflow", "--replay", "--from", "2026-05-01", "--to", "2026-07-31")).Code.ShouldBe(0);
        var (code, before, error) = await Run("workflow", "--date", "2026-07-15", "--format", "text", "--no-journal");
        code.ShouldBe(0, error);
        before.ShouldContain("Track record of each step (its journaled answers matured by 2026-07-15");
        before.ShouldContain("- options-flow: ");

        // Answers journaled after the date, and outcomes after it, never reach that day's record.
        (await Run("workflow", "--replay", "--from", "2026-08-03", "--to", "2026-09-30")).Code.ShouldBe(0);
        var (_, after, _) = await Run("workflow", "--date", "2026-07-15", "--format", "text", "--no-journal");
        after.ShouldBe(before);
        var (_, later, _) = await Run("workflow", "--date", "2026-09-30", "--format", "text", "--no-journal");
        later.ShouldContain("matured by 2026-09-30");
        later.ShouldNotBe(before);
    }

    [Fact]
    public async Task Workflow_Replay_WithLlm_Refused()
    {
        var (code, _, error) = await Run("workflow", "--replay", "--from", "2026-06-01", "--llm", "openai");
        code.ShouldBe(2);
        error.ShouldStartWith("error: --replay runs the deterministic analysts only");
    }
}
