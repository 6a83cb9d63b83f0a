using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Workflow;

public class FlowPrintParserTests
{
    private static readonly DateOnly D = new(2026, 5, 1);

    [Fact]
    public void Parse_InlineFields_AsFlowClassify()
    {
        var p = FlowPrintParser.Parse("type=put,strike=190,expiry=2026-06-19,premium=2500000,contracts=5000,side=ask,oi-before=1200", D);
        p.ShouldBe(new FlowPrint(D, OptionRight.Put, 190, new DateOnly(2026, 6, 19), 2_500_000, 5000, FlowSide.Ask, 1200));
    }

    [Fact]
    public void Parse_CsvFileWithHeader_AnyOrder()
    {
        var path = Path.Combine(TestData.TempDir(), "print.csv");
        File.WriteAllText(path, "side,type,strike,expiry,premium,contracts,oi_before,date\nbid,call,230,2026-05-15,150000,1000,4000,2026-04-30\n");
        var p = FlowPrintParser.Parse(path, D);
        p.ShouldBe(new FlowPrint(new DateOnly(2026, 4, 30), OptionRight.Call, 230, new DateOnly(2026, 5, 15), 150_000, 1000, FlowSide.Bid, 4000));
    }

    [Fact]
    public void Parse_CsvLineWithoutHeader_DocumentedOrder()
    {
        var path = Path.Combine(TestData.TempDir(), "print.csv");
        File.WriteAllText(path, "2026-05-01,put,200,2026-06-19,1000000,2000,ask,500\n");
        FlowPrintParser.Parse(path, D).Strike.ShouldBe(200);
    }

    [Theory]
    [InlineData("type=put,strike=abc,expiry=2026-06-19,premium=1,contracts=1,side=ask,oi-before=0", "--flow: field strike: 'abc' is not a number")]
    [InlineData("type=put,strike=190,expiry=2026-06-19,premium=1,contracts=1,side=ask", "--flow: field oi_before is missing")]
    [InlineData("type=put,strike=190,expiry=2026-06-19,premium=1,contracts=1,side=ask,oi-before=0,color=red", "--flow: unknown field 'color'")]
    [InlineData("type=put,strike=-5,expiry=2026-06-19,premium=1,contracts=1,side=ask,oi-before=0", "--flow: strike must be > 0")]
    [InlineData("nonsense", "--flow: 'nonsense' is neither a file nor fields")]
    public void Parse_BadInput_OneLineNamingField(string spec, string expected) =>
        Should.Throw<IwmDeskException>(() => FlowPrintParser.Parse(spec, D)).Message.ShouldStartWith(expected);

    [Fact]
    public void Parse_CsvTwoRows_SaysOnePrintExpected()
    {
        var path = Path.Combine(TestData.TempDir(), "print.csv");
        File.WriteAllText(path, "2026-05-01,put,200,2026-06-19,1000000,2000,ask,500\n2026-05-01,put,200,2026-06-19,1000000,2000,ask,500\n");
        Should.Throw<IwmDeskException>(() => FlowPrintParser.Parse(path, D)).Message.ShouldBe($"{path}: expected one options print, found 2 data rows");
    }

    [Fact]
    public void Positioning_OneMeasuredInput_DecidesByItsSign()
    {
        // Panel GEX only: one measured input, one vote, so its sign sets the bias (it could never reach ±2).
        var r = PositioningAnalyst.Analyze(new ChainPositioning(100, double.NaN, -5e8, double.NaN, double.NaN, double.NaN, "panel GEX"));
        r.Bias.ShouldBe(Bias.Bearish);
        r.Facts["measured_inputs"].ShouldBe(1);
        r.Facts["votes_needed"].ShouldBe(1);

        // A chain: three measured inputs; GEX negative but spot above the flip and a neutral P/C ratio → net 0, neutral.
        var chain = PositioningAnalyst.Analyze(new ChainPositioning(100, 1.5, -5e8, 95, 110, 90));
        chain.Facts["measured_inputs"].ShouldBe(3);
        chain.Facts["votes_needed"].ShouldBe(2);
        chain.Bias.ShouldBe(Bias.Neutral);
    }
}
