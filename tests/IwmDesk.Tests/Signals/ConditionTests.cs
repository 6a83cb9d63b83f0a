using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Tests.Signals;

public class ConditionTests
{
    private static readonly HashSet<string> Columns = new(PanelColumns.Numeric, StringComparer.Ordinal);

    internal static FeaturePanel Panel(params (string Name, double[] Values)[] columns)
    {
        var n = columns[0].Values.Length;
        var dates = Enumerable.Range(0, n).Select(i => new DateOnly(2024, 1, 1).AddDays(i)).ToArray();
        return new FeaturePanel(dates, columns.ToDictionary(c => c.Name, c => c.Values), new string[n], isSample: false);
    }

    private static sbyte[] Eval(string condition, FeaturePanel panel, Dictionary<string, double>? p = null) =>
        CompiledCondition.Compile(ConditionParser.Parse(condition, Columns), panel).Evaluate(p);

    [Fact]
    public void Parse_Precedence_AndBindsTighterThanOr()
    {
        var node = ConditionParser.Parse("gex < 0 or vix > 20 and rsi14 > 70", Columns);
        node.ToText().ShouldBe("(gex < 0 or (vix > 20 and rsi14 > 70))");
    }

    [Theory]
    [InlineData("gex < ", 7, "expected a column name, number or '('")]
    [InlineData("gex << 0", 6, "expected a column name, number or '('")]
    [InlineData("gexx < 0", 1, "unknown column 'gexx'")]
    [InlineData("gex < 0 and", 12, "the end of the condition")]
    [InlineData("sma(vix, 0) > 1", 10, "whole number of rows")]
    [InlineData("gex = 0", 5, "use '==' or '!='")]
    [InlineData("vix + 1", 1, "must be a comparison")]
    [InlineData("(gex < 0", 9, "expected ')'")]
    public void Parse_BadCondition_NamesPositionAndExpectation(string text, int position, string fragment)
    {
        var ex = Should.Throw<ConditionSyntaxException>(() => ConditionParser.Parse(text, Columns));
        ex.Position.ShouldBe(position);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Evaluate_MissingInput_IsUnavailableNotFalse()
    {
        var panel = Panel(("gex", [-1, 1, double.NaN, -2]), ("vix", [25, 25, 25, double.NaN]));
        Eval("gex < 0 and vix >= 20", panel).ShouldBe(new sbyte[] { 1, 0, -1, -1 });
        Eval("not (gex < 0)", panel).ShouldBe(new sbyte[] { 0, 1, -1, 0 });
    }

    [Fact]
    public void Evaluate_Prev_LooksOneRowBack()
    {
        var panel = Panel(("gex", [-1, 2, 3, -4, 5]));
        Eval("gex > 0 and prev(gex) < 0", panel).ShouldBe(new sbyte[] { -1, 1, 0, 0, 1 });
    }

    [Fact]
    public void Evaluate_Sma_UsesLastNRowsIncludingToday()
    {
        // sma(vix, 3): NaN, NaN, (10+20+30)/3 = 20, (20+30+10)/3 = 20, (30+10+40)/3 = 26.67
        var panel = Panel(("vix", [10, 20, 30, 10, 40]));
        Eval("vix < sma(vix, 3)", panel).ShouldBe(new sbyte[] { -1, -1, 0, 1, 0 });
    }

    [Fact]
    public void Evaluate_ArithmeticAndParameters()
    {
        var panel = Panel(("close", [100, 100, 100]), ("sma50", [90, 99, 101]));
        var p = new Dictionary<string, double>(StringComparer.Ordinal) { ["k"] = 1.05 };
        Eval("close > sma50 * $k", panel, p).ShouldBe(new sbyte[] { 1, 0, 0 });
        p["k"] = 0.95;
        Eval("close > sma50 * $k", panel, p).ShouldBe(new sbyte[] { 1, 1, 1 });
    }

    [Fact]
    public void Evaluate_SameCompiledCondition_NewParameters_Recomputes()
    {
        var panel = Panel(("vix", [15, 22, 30]), ("gex", [-1, -1, -1]));
        var compiled = CompiledCondition.Compile(ConditionParser.Parse("gex < 0 and vix >= $v", Columns), panel);
        compiled.Evaluate(new Dictionary<string, double>(StringComparer.Ordinal) { ["v"] = 20 }).ShouldBe(new sbyte[] { 0, 1, 1 });
        compiled.Evaluate(new Dictionary<string, double>(StringComparer.Ordinal) { ["v"] = 25 }).ShouldBe(new sbyte[] { 0, 0, 1 });
        compiled.Parameters.ShouldBe(["v"]);
        compiled.Columns.ShouldBe(["gex", "vix"]);
    }

    [Fact]
    public void Evaluate_ScalarOnTheLeft_MirrorsTheOperator()
    {
        var panel = Panel(("vix", [15, 20, 25, double.NaN]));
        Eval("20 <= vix", panel).ShouldBe(Eval("vix >= 20", panel));
        Eval("20 < vix", panel).ShouldBe(new sbyte[] { 0, 0, 1, -1 });
        Eval("20 > vix", panel).ShouldBe(new sbyte[] { 1, 0, 0, -1 });
        Eval("2 < 3", panel).ShouldBe(new sbyte[] { 1, 1, 1, 1 });
    }

    [Fact]
    public void Evaluate_Or_IsStrictAboutMissingInputs()
    {
        var panel = Panel(("gex", [-1, 1, double.NaN, 1]), ("vix", [10, 10, 30, double.NaN]));
        Eval("gex < 0 or vix > 20", panel).ShouldBe(new sbyte[] { 1, 0, -1, -1 });
    }
}
