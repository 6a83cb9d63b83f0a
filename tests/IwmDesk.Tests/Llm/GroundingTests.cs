using System.Text.Json.Nodes;
using IwmDesk.Llm;

namespace IwmDesk.Tests.Llm;

public class GroundingTests
{
    private static readonly JsonObject Facts = new()
    {
        ["close"] = 215.34,
        ["level"] = 1234.46,
        ["return_5d"] = 0.0267,
        ["drawdown"] = -0.015,
        ["spread"] = 0.0025,
        ["gex_usd"] = 1_234_567_890.0,
        ["ratio"] = 2.674,
        ["note"] = "breadth at 61.5% of members",
        ["dates"] = new JsonArray("2020-11-09", "2016-11-09"),
    };

    private static FactIndex Index() => FactIndex.Build(Facts, "Prompt mentions a threshold of 70.");

    private static NumberToken Single(string text) => FactIndex.ExtractNumbers(text).ShouldHaveSingleItem();

    [Theory]
    [InlineData("2.67%")] // fraction 0.0267 written as a percent
    [InlineData("2.67")] // ... or without the sign
    [InlineData("2.7%")] // rounded to one decimal
    [InlineData("1,234.5")] // 1234.46 rounded, thousands separator
    [InlineData("1234")] // truncated
    [InlineData("$1.2B")] // 1,234,567,890 with a scale suffix
    [InlineData("1.23 billion")]
    [InlineData("25 bp")] // 0.0025 in basis points
    [InlineData("1.5%")] // -0.015, sign carried by the words ("down 1.5%")
    [InlineData("215.34")]
    [InlineData("$215.3")]
    [InlineData("2.6")] // 2.674 truncated to one decimal
    [InlineData("61.5%")] // a number inside a string fact
    [InlineData("0.615")] // ... as a fraction
    [InlineData("70")] // a number from the prompt text
    public void Matches_NumberInFacts_True(string written) =>
        Index().Matches(Single(written)).ShouldBeTrue(written);

    [Theory]
    [InlineData("3.4%")]
    [InlineData("215.35")]
    [InlineData("2.8")] // 2.674 neither rounds nor truncates to 2.8
    [InlineData("1.3B")]
    [InlineData("30 bp")]
    [InlineData("11")]
    public void Matches_NumberNotInFacts_False(string written) =>
        Index().Matches(Single(written)).ShouldBeFalse(written);

    [Theory]
    [InlineData("3 analogs", "small integer")]
    [InlineData("the 2020 rally", "year")]
    [InlineData("the 3rd session", "ordinal")]
    [InlineData("the 50-day average", "window length")]
    [InlineData("above SMA200", "identifier")]
    [InlineData("the 10Y yield", "identifier")]
    [InlineData("RSI(14) is firm", "identifier")]
    public void ExtractNumbers_CountsYearsAndNames_Exempt(string text, string exemption) =>
        Single(text).Exemption.ShouldBe(exemption);

    [Theory]
    [InlineData("on 2024-03-15 it fell")]
    [InlineData("on March 15, 2024 it fell")]
    [InlineData("on 15 March 2024 it fell")]
    [InlineData("on 3/15/2024 it fell")]
    [InlineData("at 10:30 it fell")]
    [InlineData("the S&P 500 and the Russell 2000")]
    public void ExtractNumbers_DatesTimesAndIndexNames_NotNumbers(string text) =>
        FactIndex.ExtractNumbers(text).ShouldBeEmpty();

    [Fact]
    public void ExtractNumbers_SmallIntegerWithUnit_Checked()
    {
        Single("up 3%").Exemption.ShouldBeNull();
        Single("11 sessions").Exemption.ShouldBeNull();
        Single("2,050").Exemption.ShouldBeNull(); // written with a separator: a quantity, not a year
        Single("up 1.2pp").Exemption.ShouldBeNull(); // percentage points are a measurement
        Single("RSI61.3").Exemption.ShouldBeNull(); // decimals: a measurement even when glued to a name
        Single("a 2.5q drift").Exemption.ShouldBeNull();
    }

    [Fact]
    public void Check_Narrative_ListsOnlyTheInventedNumbers()
    {
        var answer = new JsonObject
        {
            ["regime"] = "Risk-On Expansion",
            ["bias"] = "bullish",
            ["analogs"] = new JsonArray(new JsonObject { ["date"] = "2020-11-09", ["catalyst"] = "a 9.5% gap up" }),
            ["risk"] = "RSI near 70",
            ["narrative"] = "IWM closed at 215.34, up 2.67% over 5 days, but breadth of 48% is thin.",
        };
        var report = Index().Check(answer, StepSchemas.Regime);
        report.IsGrounded.ShouldBeFalse();
        report.Ungrounded.ShouldBe([new UngroundedNumber("analogs[0].catalyst", "9.5%"), new UngroundedNumber("narrative", "48%")]);
        report.NumbersExempt.ShouldBe(1); // "5 days"
        report.Describe().ShouldBe("9.5% (analogs[0].catalyst), 48% (narrative)");
    }

    [Fact]
    public void Check_DateFieldNotInFacts_Ungrounded()
    {
        var answer = new JsonObject
        {
            ["regime"] = "Credit Stress",
            ["bias"] = "bearish",
            ["analogs"] = new JsonArray(new JsonObject { ["date"] = "2008-10-10", ["catalyst"] = "bank failures" }),
            ["risk"] = "a squeeze",
            ["narrative"] = "Closed at 215.34.",
        };
        Index().Check(answer, StepSchemas.Regime).Ungrounded.ShouldBe([new UngroundedNumber("analogs[0].date", "2008-10-10")]);
    }

    [Fact]
    public void Check_NumberField_MustMatchAFact_EvenWhenSmall()
    {
        var schema = new AnswerSchema("score", SchemaField.Number("net_score", "a number"), SchemaField.Enum("bias", "bias", "bullish", "bearish", "neutral"), SchemaField.Text("narrative", "text"));
        var facts = FactIndex.Build(new JsonObject { ["net_score"] = 3.5 }, "");
        JsonObject Answer(double score) => new() { ["net_score"] = score, ["bias"] = "bullish", ["narrative"] = "Revisions are net positive." };
        facts.Check(Answer(3.5), schema).IsGrounded.ShouldBeTrue();
        facts.Check(Answer(4), schema).IsGrounded.ShouldBeTrue(); // 3.5 rounds to 4
        facts.Check(Answer(5), schema).Ungrounded.ShouldBe([new UngroundedNumber("net_score", "5")]);
        facts.Check(Answer(3.6), schema).Ungrounded.ShouldBe([new UngroundedNumber("net_score", "3.6")]);
    }
}
