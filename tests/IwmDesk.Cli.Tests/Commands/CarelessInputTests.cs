using System.Diagnostics;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>Careless input refused, not applied (issue 17): a panel column over a price series, control characters in rules, a huge Retry-After.</summary>
public sealed class CarelessInputTests : CliCommandTest
{
    [Fact]
    public async Task PanelColumnNamedLikeAPriceSeries_RefusedUnlessReplace()
    {
        var bars = Write("IWM_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n2024-01-03,1,2,0.5,1.6,1.5,10\n");
        (await Run("--store", Store, "data", "import", bars)).Code.ShouldBe(0);
        var before = File.ReadAllBytes(Store);
        var panel = Write("panel.csv", "date,IWM,other\n2024-01-02,7,1\n2024-01-03,8,2\n");

        var (code, _, error) = await Run("--store", Store, "data", "import", panel);

        code.ShouldBe(2);
        error.ShouldBe($"error: {panel}: column 'IWM' would overwrite the price series IWM (its open, high, low, adjusted close and volume) with single values: refused (pass --replace to do it, or rename the column){Environment.NewLine}");
        File.ReadAllBytes(Store).ShouldBe(before, "nothing stored, the other column neither");
        using (var store = MarketStore.Open(Store))
            store.LoadSeries("IWM").Open[0].ShouldBe(1);

        (await Run("--store", Store, "data", "import", panel, "--replace")).Code.ShouldBe(0);
        using (var store = MarketStore.Open(Store))
        {
            var iwm = store.LoadSeries("IWM");
            iwm.Close[0].ShouldBe(7);
            double.IsNaN(iwm.Open[0]).ShouldBeTrue("--replace did what it says");
        }
    }

    [Theory]
    [InlineData("label: \"red \\e[31mALERT\\e[0m\"")]
    [InlineData("label: \"bell \\a\"")]
    public async Task RuleLabelWithControlCharacters_Refused(string label)
    {
        var rules = Write("rules.yaml", $$"""
            rules:
              - name: Escapes
                tier: 1
                {{label}}
                direction: bullish
                horizons: [5]
                condition: vix > 20
                params: {}
            """);

        var (code, output, error) = await Run("--store", Store, "backtest", "--rules", rules);

        code.ShouldBe(2);
        error.ShouldContain("holds the control character U+");
        (output + error).ShouldNotContain("\u001b");
        (output + error).ShouldNotContain("\u0007");
    }

    [Fact]
    public async Task ControlCharactersFromAFile_PrintedEscapedNeverRaw()
    {
        var file = Write("odd.csv", "\u001b]0;owned\u0007\u001b[2J\u202Eheader,x\n1,2\n");

        var (code, output, error) = await Run("--store", Store, "data", "import", file);

        code.ShouldBe(2);
        error.ShouldContain("\\x1B]0;owned\\x07\\x1B[2J\\u202Eheader");
        (output + error).ShouldNotContain("\u001b");
        (output + error).ShouldNotContain("\u0007");
        (output + error).ShouldNotContain("\u202E");
    }

    [Fact]
    public async Task ControlCharactersFromAModelServer_PrintedEscapedNeverRaw()
    {
        await using var server = FakeChatServer.Start();
        server.Otherwise = FakeReply.Error(500, "boom \u001b]0;owned\u0007 \u001b[2J\u009b6n");

        var (_, output, error) = await Run("--store", Store, "workflow", "--llm", "openai", "--base-url", server.BaseUrl, "--model", "m", "--llm-timeout", "5", "--no-journal");

        (output + error).ShouldContain("\\x1B]0;owned");
        (output + error).ShouldNotContain("\u001b");
        (output + error).ShouldNotContain("\u0007");
        (output + error).ShouldNotContain("\u009b");
    }

    [Fact]
    public async Task HugeRetryAfter_CountsAgainstTheLlmTimeout()
    {
        await using var server = FakeChatServer.Start();
        server.Otherwise = FakeReply.Error(429, "slow down", ("Retry-After", "3600"));
        var clock = Stopwatch.StartNew();

        var (code, _, error) = await Run("--store", Store, "workflow", "--llm", "openai", "--base-url", server.BaseUrl, "--model", "m", "--llm-timeout", "2", "--no-journal");

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "each step's call, its Retry-After waits included, stays within --llm-timeout 2 (bounded, not a speed target)");
        code.ShouldBe(3, error);
        error.ShouldContain("within 2 s (timeout)");
    }
}
