using IwmDesk.Analysts;
using IwmDesk.Decision;
using IwmDesk.Forecast;
using IwmDesk.Workflow;

namespace IwmDesk.Tests.Decision;

/// <summary>The reconciliation table of docs/decision.md, one case per rule.</summary>
public class DecisionRulesTests
{
    private static DecisionCall C(int h, string call, double pUp = 0.5, int rules = 1) => new(h, call, pUp, 0.53, call == Calls.Neutral ? 0 : rules);

    private static DecisionConviction W(string direction, string conviction) =>
        new(direction, conviction, direction == "none" ? 0 : 2, 0, 3, 4, "test");

    [Theory]
    [InlineData("Bullish", "Bearish", "bullish", "high", "R1", "stand aside", "none")]
    [InlineData("Neutral", "Bullish", "bullish", "high", "R2", "full", "Bullish")]
    [InlineData("Bearish", "Neutral", "bearish", "high", "R2", "full", "Bearish")]
    [InlineData("Neutral", "Bullish", "bullish", "low", "R3", "reduced", "Bullish")]
    [InlineData("Neutral", "Bullish", "none", "none", "R4", "reduced", "Bullish")]
    [InlineData("Neutral", "Bullish", "bearish", "low", "R5", "reduced", "Bullish")]
    [InlineData("Neutral", "Bullish", "bearish", "none", "R5", "reduced", "Bullish")]
    [InlineData("Neutral", "Bullish", "bearish", "high", "R6", "none", "none")]
    [InlineData("Neutral", "Neutral", "bearish", "high", "R7", "reduced", "Bearish")]
    [InlineData("Neutral", "Neutral", "bullish", "low", "R8", "none", "none")]
    [InlineData("Neutral", "Neutral", "none", "none", "R8", "none", "none")]
    public void Reconcile_Table_RuleSizeDirection(string tomorrow, string next5, string wDir, string wConv, string rule, string size, string direction)
    {
        // Given / When
        var r = DecisionRules.Reconcile(C(1, tomorrow), C(5, next5), W(wDir, wConv));

        // Then
        r.Rule.ShouldBe(rule);
        if (size == "stand aside")
        {
            r.Action.ShouldBe(Recommendation.StandAside);
            r.Size.ShouldBe(Recommendation.SizeNone);
        }
        else
        {
            r.Size.ShouldBe(size);
            r.Action.ShouldBe(size == Recommendation.SizeNone ? Recommendation.StandAside : Recommendation.Trade);
        }

        r.Direction.ShouldBe(direction);
        r.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Reconcile_MeasuredEdgeAgainstWorkflow_ReasonNamesBoth()
    {
        var r = DecisionRules.Reconcile(C(1, Calls.Neutral), C(5, Calls.Bullish, 0.596, 2), W(Bias.Bearish.Text(), WorkflowRunner.ConvictionLow));
        r.Headline.ShouldBe("Trade Bullish at reduced size");
        r.Reason.ShouldContain("the forecast calls Bullish over 5 days (P(up) 59.6% vs baseline 53.0%, a measured edge from 2 rules)");
        r.Reason.ShouldContain("the workflow leans bearish with low conviction");
    }

    [Fact]
    public void DecisionCall_Edge_IsPUpMinusBaseline()
    {
        var c = new DecisionCall(5, Calls.Bullish, 0.6, 0.55, 1);
        c.EdgeVsBaseline.ShouldBe(0.05, 1e-12);
        DecisionRenderer.CallLine(c).ShouldBe("Bullish — P(up) 60.0% vs baseline 55.0% (+5.00 pp)");
        DecisionRenderer.CallLine(new DecisionCall(1, Calls.Neutral, 0.5, 0.5, 0)).ShouldBe("Neutral — P(up) 50.0% vs baseline 50.0% (0.00 pp)");
    }
}
