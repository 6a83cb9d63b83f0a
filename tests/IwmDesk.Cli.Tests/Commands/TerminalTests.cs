using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IwmDesk.Llm;
using IwmDesk.Testing;
using IwmDesk.Text;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>The terminal (docs/terminal.md): tables that fit, numbers never split, signs once, numbers without noise, Markdown rendered on a terminal.</summary>
public sealed partial class TerminalTests
{
    private static readonly Lazy<string> Store = new(() => Path.Combine(TestData.TempDir(), "store.db"));

    private static async Task<(int Code, string Out, string Err)> Run(int? width, bool? terminal, params string[] args)
    {
        using var clock = CliClock.Use(TestClock.SampleClose);
        using var term = CliTerminal.Use(width, terminal);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["--store", Store.Value, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The table's rows (lines starting with │) split into trimmed cells.</summary>
    private static List<string[]> Rows(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith('│')).Select(l => l.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray())];

    [Theory]
    [InlineData("backtest")]
    [InlineData("indicators")]
    public async Task Columns100_TableFits_NoNumberSplit(string command)
    {
        // Given the same table rendered wide (every column) and at 100 columns
        var (c1, wide, e1) = await Run(400, null, command);
        var (c2, narrow, e2) = await Run(100, null, command);
        c1.ShouldBe(0, e1);
        c2.ShouldBe(0, e2);

        // Then every table line and the notes under it fit (the one-line sample banner above is not the table's), and each
        // data row is exactly one line (no cell wrapped onto a second line)
        foreach (var line in narrow.Split('\n').Where(l => !l.StartsWith("SAMPLE DATA", StringComparison.Ordinal)))
            line.Length.ShouldBeLessThanOrEqualTo(100, line);
        var wideRows = Rows(wide);
        var narrowRows = Rows(narrow);
        narrowRows.Count.ShouldBe(wideRows.Count);

        // and every cell shown at 100 columns is the whole cell of the wide table's same column
        var header = wideRows[0].ToList();
        var kept = narrowRows[0];
        header.Count.ShouldBeGreaterThan(kept.Length); // something had to give
        for (var r = 1; r < narrowRows.Count; r++)
        {
            for (var k = 0; k < kept.Length; k++)
                narrowRows[r][k].ShouldBe(wideRows[r][header.IndexOf(kept[k])], $"row {r}, column {kept[k]}");
        }

        narrow.ShouldContain("Not shown at 100 columns: ");
        narrow.ShouldContain("Legend: ");
    }

    [Fact]
    public async Task Backtest_SignsFormattedOnce()
    {
        foreach (var format in new[] { "table", "json", "csv" })
        {
            var (code, output, _) = await Run(null, null, "backtest", "--format", format);
            code.ShouldBe(0);
            output.ShouldNotContain("-+");
            output.ShouldNotContain("+-");
        }
    }

    [Theory]
    [InlineData("indicators", "--format", "json")]
    [InlineData("indicators", "--format", "csv")]
    [InlineData("backtest", "--format", "json")]
    [InlineData("backtest", "--format", "csv")]
    [InlineData("forecast", "--format", "json", "--no-journal")]
    [InlineData("workflow", "--format", "json", "--no-journal")]
    [InlineData("kre", "--format", "json")]
    public async Task JsonAndCsv_NumbersAtDocumentedPrecision(params string[] args)
    {
        var (code, output, error) = await Run(null, null, args);
        code.ShouldBe(0, error);
        var numbers = NumberToken().Matches(output).Select(m => m.Value).ToList();
        numbers.Count.ShouldBeGreaterThan(20);
        foreach (var t in numbers)
        {
            var v = double.Parse(t, CultureInfo.InvariantCulture);
            JsonNumbers.Round(v).ShouldBe(v, $"{t} carries more digits than the documented precision");
        }
    }

    [Fact]
    public async Task Forecast_OnATerminal_MarkdownRendered_RawWhenRedirected()
    {
        var (_, raw, _) = await Run(120, false, "forecast", "--no-journal");
        raw.ShouldContain("## Decision — 2026-10-30");
        var (code, tty, error) = await Run(120, true, "forecast", "--no-journal");
        code.ShouldBe(0, error);
        tty.ShouldNotContain("## ");
        tty.ShouldNotContain("**");
        tty.ShouldContain("Decision — 2026-10-30");
        tty.ShouldContain("\u001b["); // styled
        var (_, workflow, _) = await Run(120, true, "workflow", "--no-journal");
        workflow.ShouldNotContain("<details>");
        workflow.ShouldNotContain("</details>");
        workflow.ShouldContain("Facts:");
    }

    [Fact]
    public async Task NoColor_OnATerminal_NoColourCodes()
    {
        var (_, coloured, _) = await Run(200, true, "backtest");
        var (code, plain, _) = await Run(200, true, "backtest", "--no-color");
        code.ShouldBe(0);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
            ColourCode().IsMatch(coloured).ShouldBeTrue("a terminal gets colour");
        ColourCode().IsMatch(plain).ShouldBeFalse("--no-color leaves no colour code");
    }

    // A JSON or CSV number with a fraction: not part of a date (2026-10-30) or a word.
    [GeneratedRegex(@"(?<![\w.:-])-?\d+\.\d+(?:[eE][+-]?\d+)?(?![\w.-])")]
    private static partial Regex NumberToken();

    // An SGR sequence setting a foreground or background colour (30–37, 38;…, 90–97, 40–47, 48;…).
    [GeneratedRegex(@"\u001b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8])(?:;[0-9;]*)?m")]
    private static partial Regex ColourCode();
}
