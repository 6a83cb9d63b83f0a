namespace IwmDesk.Cli.Tests.Commands;

/// <summary>`gex` options: bad values are one clear error line, the inputs used are named, overrides win.</summary>
public sealed class GexCommandTests : CliCommandTest
{
    private string Chain(string asOf = "2026-07-20") => Write("chain.csv", $"""
        as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol
        {asOf},IWM,292.2,2026-07-24,C,300,100,0.2
        {asOf},IWM,292.2,2026-07-24,P,290,100,0.25
        """);

    [Theory]
    [InlineData("--as-of-time", "25:00", "--as-of-time '25:00' is not a time of day like 15:30 (HH:mm, ET)")]
    [InlineData("--rate", "4.3", "--rate 4.3 is not a fraction between -1 and 1 (e.g. 0.043 for 4.3%)")]
    [InlineData("--spot", "-1", "--spot -1 is not a positive price")]
    [InlineData("--format", "csv", "--format csv is for gex --history; use table or json for one chain")]
    [InlineData("--compare-vendor", null, "chain.csv carries no vendor gammas to compare with (CBOE quotedata CSV or CBOE delayed-quotes JSON do)")]
    public async Task BadOption_OneErrorLine_NoStackTrace(string option, string? value, string message)
    {
        string[] args = value is null ? ["--store", Store, "gex", Chain(), option] : ["--store", Store, "gex", Chain(), option, value];

        var (code, _, err) = await Run(args);

        code.ShouldNotBe(0);
        err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].ShouldBe("error: " + message);
        err.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Overrides_AreUsedAndNamed_IntradayTimeKeepsTheSameDayExpiryAlive()
    {
        var file = Write("sameday.csv", """
            as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol
            2026-07-20,IWM,292.2,2026-07-20,C,292,100,0.2
            2026-07-20,IWM,292.2,2026-07-24,C,300,100,0.2
            """);

        var (code, output, _) = await Run("--store", Store, "gex", file, "--spot", "290", "--rate", "0.05", "--dividend-yield", "0.02", "--as-of-time", "13:45", "--format", "json");
        var (_, atClose, _) = await Run("--store", Store, "gex", file, "--format", "json");

        code.ShouldBe(0);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var inputs = doc.RootElement.GetProperty("inputs");
        inputs.GetProperty("spot").GetDouble().ShouldBe(290);
        inputs.GetProperty("spot_source").GetString().ShouldBe("--spot");
        inputs.GetProperty("rate").GetDouble().ShouldBe(0.05);
        inputs.GetProperty("dividend_yield").GetDouble().ShouldBe(0.02);
        inputs.GetProperty("valuation").GetString().ShouldBe("2026-07-20 13:45 ET");
        doc.RootElement.GetProperty("skipped_by_reason").GetProperty("expired").GetInt32().ShouldBe(0);
        doc.RootElement.GetProperty("buckets").GetProperty("same_day").GetProperty("contracts").GetInt32().ShouldBe(1);
        using var close = System.Text.Json.JsonDocument.Parse(atClose);
        close.RootElement.GetProperty("skipped_by_reason").GetProperty("expired").GetInt32().ShouldBe(1);
        close.RootElement.GetProperty("inputs").GetProperty("rate_source").GetString().ShouldStartWith("fallback: no DTB3 in the store");
    }
}
