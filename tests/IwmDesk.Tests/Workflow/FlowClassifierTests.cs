using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Panel;

namespace IwmDesk.Tests.Workflow;

public class FlowClassifierTests
{
    private const double Tolerance = 1e-12;

    private static readonly DateOnly D = new(2025, 6, 2);

    private static readonly FlowContext Uptrend = new(200, "uptrend", 40, MacroRegime.RiskOnExpansion, 195);

    private static FlowPrint Print(OptionRight right, double strike, int days, double premium, long contracts, FlowSide side, long oi) =>
        new(D, right, strike, D.AddDays(days), premium, contracts, side, oi);

    [Fact]
    public void Classify_OtmPutAtAskLongDatedLargeInUptrend_InstitutionalHedge()
    {
        var c = FlowClassifier.Classify(Print(OptionRight.Put, 180, 60, 2_000_000, 5000, FlowSide.Ask, 10_000), Uptrend);
        c.Class.ShouldBe(FlowClass.InstitutionalHedge);
        c.Confidence.ShouldBe(1);
        c.ConfidenceLabel.ShouldBe("high");
        c.PremiumPerShare.ShouldBe(4.0, Tolerance);
        c.Breakeven.ShouldBe(176.0, Tolerance); // put: strike − premium per share
        c.RegimeChangeLevel.ShouldBe(195);
        c.RegimeChangeSource.ShouldBe("gamma flip");
        c.Bias.ShouldBe(Bias.Neutral);
    }

    [Fact]
    public void Classify_ShortDatedOtmCallAtAskAboveOi_DirectionalSpeculativeBet()
    {
        var c = FlowClassifier.Classify(Print(OptionRight.Call, 210, 7, 300_000, 3000, FlowSide.Ask, 500), Uptrend with { GammaFlip = null });
        c.Class.ShouldBe(FlowClass.DirectionalSpeculativeBet);
        c.Breakeven.ShouldBe(211.0, Tolerance); // call: strike + premium per share (300,000 / 300,000 shares)
        c.RegimeChangeLevel.ShouldBe(210);
        c.RegimeChangeSource.ShouldBe("strike");
        c.Bias.ShouldBe(Bias.Bullish);
        c.ConfirmingOiLevel.ShouldBe(500 + 1500);
        c.ConfirmingIndicator.ShouldContain("next-day open interest");
    }

    [Fact]
    public void Classify_ShortDatedOtmPutAtAskAboveOi_BearishSpeculativeBet()
    {
        var c = FlowClassifier.Classify(Print(OptionRight.Put, 190, 5, 150_000, 2500, FlowSide.Ask, 100), Uptrend);
        c.Class.ShouldBe(FlowClass.DirectionalSpeculativeBet);
        c.Bias.ShouldBe(Bias.Bearish);
    }

    [Fact]
    public void Classify_OtmCallSoldAtBidNearDated_CoveredCallProgram()
    {
        var c = FlowClassifier.Classify(Print(OptionRight.Call, 215, 30, 400_000, 4000, FlowSide.Bid, 20_000), Uptrend);
        c.Class.ShouldBe(FlowClass.CoveredCallProgram);
        c.Breakeven.ShouldBe(216.0, Tolerance);
        c.Bias.ShouldBe(Bias.Neutral);
    }

    [Fact]
    public void Classify_MidPriced_SpreadLeg()
    {
        var c = FlowClassifier.Classify(Print(OptionRight.Put, 190, 20, 100_000, 2000, FlowSide.Mid, 3000), Uptrend);
        c.Class.ShouldBe(FlowClass.SpreadLeg);
        c.Confidence.ShouldBe(1);
    }

    [Fact]
    public void Classify_SmallPremiumAgainstSize_SpreadLeg()
    {
        // 0.10 per share on a 200 stock (< 0.5% of spot) for 2,000 contracts, 20 days out: not short-dated enough to be a bet.
        var c = FlowClassifier.Classify(Print(OptionRight.Call, 230, 20, 20_000, 2000, FlowSide.Ask, 5000), Uptrend);
        c.Class.ShouldBe(FlowClass.SpreadLeg);
    }

    [Fact]
    public void Classify_NoFullMatch_BestPartialWithLowerConfidence()
    {
        // An OTM put bought at the ask, 60 days, large, but IWM in a downtrend: 5 of 6 hedge criteria.
        var c = FlowClassifier.Classify(Print(OptionRight.Put, 180, 60, 2_000_000, 5000, FlowSide.Ask, 10_000), Uptrend with { Trend = "downtrend" });
        c.Class.ShouldBe(FlowClass.InstitutionalHedge);
        c.Confidence.ShouldBe(5.0 / 6, Tolerance);
        c.ConfidenceLabel.ShouldBe("medium");
        c.Criteria.ShouldContain("✗ IWM in an uptrend");
    }

    public static TheoryData<FlowPrint, string> BadPrints => new()
    {
        { new FlowPrint(D, OptionRight.Put, 0, D.AddDays(30), 1000, 10, FlowSide.Ask, 0), "strike" },
        { new FlowPrint(D, OptionRight.Put, -5, D.AddDays(30), 1000, 10, FlowSide.Ask, 0), "strike" },
        { new FlowPrint(D, OptionRight.Put, 180, D.AddDays(-1), 1000, 10, FlowSide.Ask, 0), "expiry" },
        { new FlowPrint(D, OptionRight.Put, 180, D.AddDays(30), 0, 10, FlowSide.Ask, 0), "premium" },
        { new FlowPrint(D, OptionRight.Put, 180, D.AddDays(30), double.NaN, 10, FlowSide.Ask, 0), "premium" },
        { new FlowPrint(D, OptionRight.Put, 180, D.AddDays(30), 1000, 0, FlowSide.Ask, 0), "contracts" },
        { new FlowPrint(D, OptionRight.Put, 180, D.AddDays(30), 1000, 10, FlowSide.Ask, -1), "oi_before" },
    };

    [Theory]
    [MemberData(nameof(BadPrints))]
    public void Classify_BadInput_ErrorNamesTheField(FlowPrint print, string field)
    {
        var ex = Should.Throw<IwmDeskException>(() => FlowClassifier.Classify(print, Uptrend));
        ex.Message.ShouldStartWith($"flow print: {field} must be");
        ex.ExitCode.ShouldBe(2);
    }

    [Fact]
    public void From_Words_ParsedAndChecked()
    {
        FlowPrint.From(D, "PUT", 180, D.AddDays(30), 1000, 10, "Ask", 0)
            .ShouldBe(new FlowPrint(D, OptionRight.Put, 180, D.AddDays(30), 1000, 10, FlowSide.Ask, 0));
        Should.Throw<IwmDeskException>(() => FlowPrint.From(D, "straddle", 180, D.AddDays(30), 1000, 10, "ask", 0))
            .Message.ShouldBe("flow print: type must be call or put (got 'straddle')");
        Should.Throw<IwmDeskException>(() => FlowPrint.From(D, "call", 180, D.AddDays(30), 1000, 10, "lift", 0))
            .Message.ShouldBe("flow print: side must be bid, ask or mid (got 'lift')");
        Should.Throw<IwmDeskException>(() => FlowPrint.From(D, "call", 180, D.AddDays(30), 1000, 0, "ask", 0))
            .Message.ShouldStartWith("flow print: contracts must be > 0");
    }

    [Fact]
    public void FlowContext_FromPanel_TrendAndVixPercentile()
    {
        // VIX rises every day: today's value is the highest of its 252-day window → percentile 100.
        var panel = TestPanels.Full(400);
        var cols = panel.ColumnNames.ToDictionary(c => c, c => panel[c], StringComparer.Ordinal);
        cols[PanelColumns.Vix] = TestPanels.Series(400, t => 10 + (0.01 * t));
        var p = TestPanels.Make(panel.Dates, cols);
        var ctx = FlowContext.FromPanel(p, p.Dates[^1], MacroRegime.RiskOnExpansion, 123);
        ctx.IvRank.ShouldBe(100);
        ctx.Spot.ShouldBe(p[PanelColumns.Close][^1]);
        ctx.GammaFlip.ShouldBe(123);
        double.IsNaN(FlowContext.FromPanel(p, p.Dates[250]).IvRank).ShouldBeTrue(); // under 252 days of VIX
    }

    [Theory]
    [InlineData(1e9, 195, 0.8, "bullish", 3)]
    [InlineData(-1e9, 205, 2.5, "bearish", -3)]
    [InlineData(1e9, 205, 1.5, "neutral", 0)]
    [InlineData(-1e9, double.NaN, 1.5, "neutral", -1)]
    public void Positioning_Votes_GiveTheBias(double gex, double flip, double pcr, string bias, int net)
    {
        var r = PositioningAnalyst.Analyze(new ChainPositioning(200, pcr, gex, flip, 210, 190));
        r.Bias.Text().ShouldBe(bias);
        r.NetVotes.ShouldBe(net);
    }

    [Fact]
    public void Positioning_Nothing_NotAvailable()
    {
        var r = PositioningAnalyst.Analyze(null);
        r.Bias.ShouldBe(Bias.NotAvailable);
        r.Summary.ShouldContain("n/a");
    }
}
