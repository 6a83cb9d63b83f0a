using IwmDesk.Signals;

namespace IwmDesk.Tests.Signals;

public class RuleSetTests
{
    [Fact]
    public void Default_HasTheTieredRulesWithTiersAndClaims_AndTheUnclaimedCandidates()
    {
        var rules = RuleSet.Default().Rules;
        rules.Select(r => r.Name).ShouldBe([
            "Negative_GEX_AND_High_VIX", "Golden_Setup", "GEX_Turned_Positive", "GEX_Negative",
            "BB_Breakout_Lower", "RSI_Extreme", "DarkPool_Bullish", "IV_Rank_High", "IV_Below_RV",
            "Opex_Week", "Recon_Window",
        ]);
        rules.Select(r => r.Tier).ShouldBe([1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3]);
        rules[9].BoundConditionText.ShouldBe("opex_week == 1");
        rules[10].BoundConditionText.ShouldBe("recon_window == 1");
        rules[7].BoundConditionText.ShouldBe("iv_rank > 80");
        rules[8].BoundConditionText.ShouldBe("iv_rv_spread < 0");
        rules.Skip(6).ShouldAllBe(r => r.Claimed == null, "the dark-pool rule and the candidates quote no figure");
        rules[0].BoundConditionText.ShouldBe("gex < 0 and vix >= 20");
        rules[0].Claimed.ShouldBe(new ClaimedFigures(5, 0.86, 0.0267));
        rules[1].BoundConditionText.ShouldBe("close > sma50 and sma50 > sma200 and rsi14 >= 50 and rsi14 <= 70 and vix < sma(vix, 20)");
        rules[2].Claimed.ShouldBe(new ClaimedFigures(1, 0.62, null));
        rules[5].BoundConditionText.ShouldBe("rsi14 > 75");
        rules[6].BoundConditionText.ShouldBe("dp_ratio > 1.5");
    }

    [Fact]
    public void Parse_BadCondition_NamesRuleAndPosition()
    {
        const string yaml = "rules:\n  - name: Broken\n    tier: 1\n    condition: gex < and vix > 20\n";
        var ex = Should.Throw<IwmDeskException>(() => RuleSet.Parse(yaml, "my-rules.yaml"));
        ex.Message.ShouldBe("my-rules.yaml: rule 'Broken': condition at position 7: expected a column name, number or '(' but found 'and'");
    }

    [Theory]
    [InlineData("rules:\n  - name: A\n    tier: 4\n    condition: gex < 0\n", "tier must be 1, 2 or 3")]
    [InlineData("rules:\n  - name: A\n    tier: 1\n    condition: vix > $x\n", "uses $x but 'params' gives it no value")]
    [InlineData("rules:\n  - name: A\n    tier: 1\n    direction: sideways\n    condition: gex < 0\n", "direction must be bullish or bearish")]
    [InlineData("rules: []\n", "no rules")]
    [InlineData("rules:\n  - name: A\n    tier: [1\n", "my.yaml:")]
    public void Parse_BadFile_ClearMessage(string yaml, string fragment) =>
        Should.Throw<IwmDeskException>(() => RuleSet.Parse(yaml, "my.yaml")).Message.ShouldContain(fragment);

    [Fact]
    public void SweepRange_Values_IncludeBothEnds() =>
        new SweepRange(15, 16, 0.5).Values().ShouldBe([15, 15.5, 16]);
}
