using System.Text.RegularExpressions;
using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Reports;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Tests.HtmlReport;

/// <summary>
/// No live link or markup from data (issue 17): Markdown built from rule labels, column names and symbols renders
/// links and images as their literal text; every attribute the page carries is the page's own.
/// </summary>
public sealed partial class SafeMarkupTests
{
    public static TheoryData<string> Hostile() =>
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](&#106;avascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](DATA:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
        "[x](VbScRiPt:msgbox(1))",
        "![x](javascript:alert(1))",
        "![pixel](https://tracker.example/p.gif)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "<https://evil.example/>",
        "[**x**](javascript:alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<script>alert(1)</script>",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void MarkdownToHtml_LinkOrMarkupFromData_IsTextNotElement(string hostile)
    {
        var html = ReportPage.MarkdownToHtml($"| rule | label |\n|---|---|\n| r1 | {hostile.Replace("\n", " ", StringComparison.Ordinal)} |\n\nLabel: {hostile}\n");

        html.ShouldNotContain("<a ", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("href=\"", Case.Insensitive);
        html.ShouldNotContain("src=\"", Case.Insensitive);
    }

    [Fact]
    public void MarkdownToHtml_LinkShownAsItsText()
    {
        ReportPage.MarkdownToHtml("see [x](javascript:alert(1))").ShouldBe("<p>see [x](javascript:alert(1))</p>\n");
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](DaTa:text/html,hi)")]
    [InlineData("[x](vBsCrIpT:msgbox(1))")]
    public void Report_RuleLabelsAndGexProxyName_RenderNoLiveLink(string hostile)
    {
        var path = Path.Combine(TestData.TempDir(), "sample.db");
        using (var store = MarketStore.Open(path))
            SampleLoader.EnsureData(store);
        var rules = RuleSet.Parse(HostileRules(hostile), "hostile rules");
        using var desk = Desk.Open(path, new PanelOptions { GexProxy = hostile });
        var report = DeskReportBuilder.Build(desk, rules);

        foreach (var dashboard in new[] { false, true })
        {
            var html = ReportPage.Render(report, new PageOptions { ChartScriptUrl = "/assets/lightweight-charts.js", Dashboard = dashboard });
            html.ShouldContain("[x](", customMessage: "the label is shown, as text");
            foreach (Match m in UrlAttribute().Matches(html))
            {
                var url = m.Groups["url"].Value;
                var page = url.StartsWith('#') || url.StartsWith("/api/", StringComparison.Ordinal) || url == "/" || url == "data:," || url == "/assets/lightweight-charts.js";
                page.ShouldBeTrue($"{m.Value}: only the page's own links and assets carry a URL (dashboard: {dashboard})");
            }

            html.ShouldNotContain("<a href=\"javascript", Case.Insensitive);
        }
    }

    private static string HostileRules(string label) => $$"""
        rules:
          - name: Hostile_Label
            tier: 1
            label: '{{label.Replace("'", "''", StringComparison.Ordinal)}}'
            direction: bullish
            horizons: [5]
            claimed: { horizon: 5, win_rate: 0.86, mean: 0.0267 }
            condition: vix >= 0
            params: {}
        """;

    [GeneratedRegex("""(?:href|src|action|formaction|xlink:href)\s*=\s*["'](?<url>[^"']*)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttribute();
}
