using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IwmDesk.Analytics.Options;
using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Journal;
using IwmDesk.Reports;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Testing;
using IwmDesk.Tests.Forecast;

namespace IwmDesk.Tests.HtmlReport;

/// <summary>The report's model, chart data, page and SVG charts on the bundled sample (no browser).</summary>
public sealed partial class ReportTests
{
    private static readonly RuleSet Rules = RuleSet.Default();

    private static readonly Lazy<string> SampleStore = new(() =>
    {
        var path = Path.Combine(TestData.TempDir(), "sample.db");
        using var store = MarketStore.Open(path);
        SampleLoader.EnsureData(store);
        return path;
    });

    private static string Page(DeskReport report) =>
        ReportPage.Render(report, new PageOptions { ChartScriptUrl = "/assets/lightweight-charts.js" });

    private static JsonObject ChartData(string html)
    {
        var m = DataScript().Match(html);
        m.Success.ShouldBeTrue("the page embeds #desk-data");
        return JsonNode.Parse(m.Groups["json"].Value)!.AsObject();
    }

    [Fact]
    public void Build_PastDate_UsesRowsUpToThatDateOnly()
    {
        using var desk = Desk.Open(SampleStore.Value);
        var d = desk.Panel.Dates[^300];
        var report = DeskReportBuilder.Build(desk, Rules, d);
        report.Date.ShouldBe(d);
        report.View.Dates[^1].ShouldBe(d);
        report.View.Count.ShouldBe(desk.Panel.Count - 299);
        var data = ChartData(Page(report));
        var dates = data["dates"]!.AsArray();
        dates.Count.ShouldBe(report.View.Count);
        dates[^1]!.GetValue<string>().ShouldBe(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        data["close"]!.AsArray().Count.ShouldBe(report.View.Count);
        data["markers"]!.AsArray().ShouldAllBe(m => m!["i"]!.GetValue<int>() < report.View.Count);
    }

    [Fact]
    public void Page_PastDate_EqualsPageFromStoreCutAtThatDate()
    {
        using var full = Desk.Open(SampleStore.Value);
        var d = full.Panel.Dates[^300];
        var cutPath = NoLookAheadTests.TruncatedCopy(SampleStore.Value, d);
        using var cut = Desk.Open(cutPath);
        // The decision card's "Data" line compares the store's newest bar with the clock (docs/decision.md): it is about
        // the store now, not about D, so it is the one line allowed to differ.
        static string Mask(string page) => System.Text.RegularExpressions.Regex.Replace(page, "<dt>Data</dt><dd[^>]*>[^<]*</dd>", "<dt>Data</dt><dd>STORE FRESHNESS</dd>");
        var fromFull = Mask(Page(DeskReportBuilder.Build(full, Rules, d)).Replace(full.Store.DisplayLocation, "STORE", StringComparison.Ordinal));
        var fromCut = Mask(Page(DeskReportBuilder.Build(cut, Rules, d)).Replace(cut.Store.DisplayLocation, "STORE", StringComparison.Ordinal));
        if (fromFull != fromCut)
        {
            var at = Enumerable.Range(0, Math.Min(fromFull.Length, fromCut.Length)).First(i => fromFull[i] != fromCut[i]);
            var start = Math.Max(0, at - 300);
            throw new ShouldAssertException($"the page differs at {at}:\nfull: {fromFull[start..Math.Min(fromFull.Length, at + 300)]}\ncut:  {fromCut[start..Math.Min(fromCut.Length, at + 300)]}");
        }
    }

    [Fact]
    public void Page_Sample_HasEverySectionAndNoNetworkReference()
    {
        using var desk = Desk.Open(SampleStore.Value);
        var report = DeskReportBuilder.Build(desk, Rules);
        var html = ReportPage.Render(report, new PageOptions { InlineChartScript = "window.LightweightCharts = {};" });
        foreach (var id in new[] { "price-chart", "gex-profile", "kre-chart", "forecast-text", "workflow", "backtest-table", "journal" })
            html.ShouldContain($"id=\"{id}\"");
        html.ShouldContain("SAMPLE DATA");
        html.ShouldContain("Immediate (Tomorrow)");
        html.ShouldContain("window.LightweightCharts = {};");
        SrcOrHref().Matches(html).Select(m => m.Value).ShouldAllBe(v => !v.Contains("//", StringComparison.Ordinal));
        // Every rule and horizon is a row of the backtest table.
        Regex.Count(html[html.IndexOf("id=\"backtest-table\"", StringComparison.Ordinal)..], "<tr><td>").ShouldBeGreaterThanOrEqualTo(report.Backtest.Count);
    }

    [Fact]
    public void Page_RuleTextWithHtml_IsEscaped()
    {
        var rules = RuleSet.Parse(
            "rules:\n  - name: Evil\n    tier: 1\n    label: \"<script>alert(1)</script> & <b>bold</b>\"\n    direction: bullish\n    condition: rsi14 > 50\n",
            "evil.yaml");
        using var desk = Desk.Open(SampleStore.Value);
        var html = Page(DeskReportBuilder.Build(desk, rules));
        html.ShouldNotContain("<script>alert(1)");
        html.ShouldNotContain("<b>bold</b>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
    }

    [Fact]
    public void Page_DateWithChain_DrawsProfile_DateWithoutChain_SaysNone()
    {
        using var desk = Desk.Open(SampleStore.Value);
        var last = DeskReportBuilder.Build(desk, Rules);
        last.Chain.ShouldNotBeNull(); // the sample stores one IWM chain, on its last day
        Page(last).ShouldContain("<svg id=\"gex-profile\"");
        var earlier = Page(DeskReportBuilder.Build(desk, Rules, desk.Panel.Dates[^2]));
        earlier.ShouldNotContain("<svg id=\"gex-profile\"");
        earlier.ShouldContain("No IWM option chain is stored for " + desk.Panel.Dates[^2].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void MarkdownToHtml_RawHtml_IsEscaped()
    {
        var html = ReportPage.MarkdownToHtml("**bold** <img src=x onerror=alert(1)>");
        html.ShouldContain("<strong>bold</strong>");
        html.ShouldNotContain("<img");
        html.ShouldContain("&lt;img");
    }

    [Fact]
    public void Journal_AsOfDate_ScoresOnlyWhatWasKnownThen()
    {
        var path = Path.Combine(TestData.TempDir(), "journal.db");
        using (var store = MarketStore.Open(path))
            SampleLoader.EnsureData(store);
        using var desk = Desk.Open(path);
        var panel = desk.Panel;
        var journal = new JournalStore(desk.Store);
        for (var k = 30; k >= 10; k--)
        {
            var f = ForecastRuns.Build(desk.Store, panel, Rules, panel.Dates[^k]);
            journal.Write(ForecastRuns.ToRun(f, Rules, panel, PanelHash.UpTo(panel, panel.Count - k)));
        }

        var d = panel.Dates[^20];
        var report = DeskReportBuilder.Build(desk, Rules, d);
        report.Journal.Runs.ShouldBe(11); // runs dated ^30 … ^20
        // Tomorrow calls from ^30..^21 have matured by ^20 (10); the one made on ^20 is pending; 5-day calls from ^30..^25 matured (6).
        report.Journal.Score.Overall.N.ShouldBe(16);
        report.Journal.Score.Overall.Pending.ShouldBe(6);
        report.Journal.Score.Calls.Where(c => c.OutcomeDate is not null).ShouldAllBe(c => c.OutcomeDate <= d);
    }

    [Fact]
    public void KreSeries_RebasedRatioAndWarmUp()
    {
        using var desk = Desk.Open(SampleStore.Value);
        var (ratio, gap, corr, baseDate) = ReportChartData.Kre(desk.Panel, 20);
        ratio[0].ShouldBe(100, 1e-12);
        baseDate.ShouldBe(desk.Panel.Dates[0].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        double.IsNaN(gap[19]).ShouldBeTrue();
        double.IsNaN(gap[20]).ShouldBeFalse();
        double.IsNaN(corr[19]).ShouldBeTrue();
        double.IsNaN(corr[20]).ShouldBeFalse();
        corr.Where(double.IsFinite).ShouldAllBe(c => c >= -1 - 1e-9 && c <= 1 + 1e-9);
    }

    [Fact]
    public void GexProfile_OneBarPerStrikeInRange_ColouredBySign()
    {
        var strikes = new[] { new StrikeGex(90, 1e6, -3e6), new StrikeGex(100, 5e6, -1e6), new StrikeGex(110, 2e6, 0), new StrikeGex(200, 9e6, 0) };
        var gex = new GexResult
        {
            AsOf = new DateOnly(2026, 1, 2), Spot = 100, Parameters = new GexParameters(), ContractsUsed = 4, Skipped = default,
            TotalGexUsdPer1Pct = 13e6, CallGexUsdPer1Pct = 17e6, PutGexUsdPer1Pct = -4e6, ContractGamma = [], ContractGexUsdPer1Pct = [],
            ContractSkipReason = [], ByStrike = strikes, ByExpiry = [], CallWall = 110, PutWall = 90, ProfileLevels = [],
            ProfileNetGexUsdPer1Pct = [], ZeroGammaLevel = 95.5, ZeroGammaCrossings = 1, VendorComparison = null,
            Valuation = new DateTime(2026, 1, 2, 16, 0, 0), VannaUsdPerVolPoint = 0, CharmUsdPerDay = 0, ContractVannaUsdPerVolPoint = [],
            ContractCharmUsdPerDay = [], Buckets = [], NearestExpiry = null, TotalGexExNearestUsdPer1Pct = 0, ProfileNetGexExNearestUsdPer1Pct = [],
            ZeroGammaLevelExNearest = null, ZeroGammaCrossingsExNearest = 0, CallOpenInterest = 0, PutOpenInterest = 0, MaxPain = null, MaxPainExpiry = null,
        };
        var svg = SvgCharts.GexProfile(gex, 0.12);
        Regex.Count(svg, "class=\"bar pos\"").ShouldBe(2); // 100 and 110 (200 is out of range)
        Regex.Count(svg, "class=\"bar neg\"").ShouldBe(1); // 90: +1 − 3 = −2 mn
        foreach (var label in new[] { "spot 100", "flip 95.5", "call wall 110", "put wall 90" })
            svg.ShouldContain(label);
    }

    [Fact]
    public void Calibration_NoMaturedCalls_IsNull_ElseOneDotPerBucket()
    {
        SvgCharts.Calibration([new CalibrationBucket(0.4, 0.5, 0, double.NaN, double.NaN)]).ShouldBeNull();
        var svg = SvgCharts.Calibration([new CalibrationBucket(0.4, 0.5, 12, 0.46, 0.5), new CalibrationBucket(0.5, 0.6, 30, 0.55, 0.6)]);
        svg.ShouldNotBeNull();
        Regex.Count(svg, "<circle class=\"bucket\"").ShouldBe(2);
    }

    [Theory]
    [InlineData(0.87, 1)]
    [InlineData(1.3, 2)]
    [InlineData(2.2, 2.5)]
    [InlineData(3.1, 5)]
    [InlineData(140, 200)]
    public void Nice_RoundsUpToOneTwoFive(double value, double expected) => SvgCharts.Nice(value).ShouldBe(expected, 1e-9);

    [Fact]
    public void ChartAssets_Version_ReadsLicenseHeader()
    {
        ChartAssets.Version("/*!\n * @license\n * TradingView Lightweight Charts™ v5.2.1\n */").ShouldBe("5.2.1");
        ChartAssets.Version("console.log(1)").ShouldBeNull();
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"desk-data\">(?<json>.*?)</script>", RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex DataScript();

    [GeneratedRegex("(src|href)=\"[^\"]*\"", RegexOptions.ExplicitCapture)]
    private static partial Regex SrcOrHref();
}

/// <summary>The GEX profile drawn from a real IWM chain.</summary>
public sealed class RealChainProfileTests
{
    [RealDataFact]
    public void GexProfile_RealChain_BarsAroundSpotAndEveryLevelNamed()
    {
        var chain = IwmDesk.Data.Formats.DataImporter.ReadChain(TestData.Real("options", "chains_csv", "IWM_chain_2026-08-21.csv"));
        var gex = IwmDesk.Chains.ChainGex.Compute(chain, store: null);
        var svg = SvgCharts.GexProfile(gex, 0.12);
        var inRange = gex.ByStrike.Count(s => Math.Abs(s.Strike - chain.Spot) <= 0.12 * chain.Spot);
        inRange.ShouldBeGreaterThan(20);
        (Regex.Count(svg, "class=\"bar pos\"") + Regex.Count(svg, "class=\"bar neg\"")).ShouldBe(inRange);
        svg.ShouldContain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"spot {chain.Spot:0.##}"));
        foreach (var (label, level) in new[] { ("flip", gex.ZeroGammaLevel), ("call wall", gex.CallWall), ("put wall", gex.PutWall) })
        {
            if (level is { } v)
                svg.ShouldContain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{label} {v:0.##}"));
        }
    }
}

/// <summary>The report's track record after a replay: skill against the base rate and the reliability diagram.</summary>
[Trait("Category", "Snapshot")]
public sealed class ReportTrackRecordTests
{
    [Fact]
    public void Page_AfterReplay_ShowsSkillHeadlinesAndReliabilityDiagram_Pinned()
    {
        var path = Path.Combine(TestData.TempDir(), "replayed.db");
        using (var store = MarketStore.Open(path))
        {
            SampleLoader.EnsureData(store);
            var panel = IwmDesk.Panel.PanelBuilder.Build(store);
            var rules = RuleSet.Default();
            // 300 replayed days, scored as of the last bar: the 1- and 5-day calls of the first ~295 have matured.
            var days = ReplayEngine.Days(panel, panel.Dates[^300], panel.Dates[^1]);
            ReplayEngine.Run(JournalKind.Forecast, days, new ForecastReplay(store, panel, rules, days).Produce, new JournalStore(store));
        }

        using var desk = Desk.Open(path);
        var report = DeskReportBuilder.Build(desk, RuleSet.Default());
        var html = ReportPage.Render(report, new PageOptions { ChartScriptUrl = "/assets/lightweight-charts.js" });
        var start = html.IndexOf("<section id=\"journal\">", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "the page has the track record section");
        var section = html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];

        // Every skill headline of journal score is on the page (one list item each), the diagram is drawn.
        var headlines = JournalRenderer.SkillHeadlines(report.Journal.Score);
        headlines.Count.ShouldBeGreaterThan(0);
        foreach (var line in headlines)
            section.ShouldContain(ReportPage.E(line.Trim()));
        section.ShouldContain("id=\"journal-skill\"");
        section.ShouldContain("Brier skill score");
        section.ShouldContain("always long");
        section.ShouldContain("reliability diagram");
        section.ShouldContain("<svg");
        Snapshot.Match(section, "report.journal-section.html");
    }
}
