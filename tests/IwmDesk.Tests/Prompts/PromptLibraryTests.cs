using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Panel;
using IwmDesk.Prompts;
using IwmDesk.Session;
using IwmDesk.Testing;
using IwmDesk.Tests.Workflow;

namespace IwmDesk.Tests.Prompts;

public class PromptLibraryTests
{
    private static readonly FeaturePanel Panel = TestPanels.Full(700);

    private static PromptContext Ctx(FeaturePanel? panel = null, FlowPrint? print = null, ChainPositioning? positioning = null, IReadOnlyList<EarningsRevisionRecord>? revisions = null, TemplateSource? templates = null) =>
        new() { Panel = panel ?? Panel, Print = print, Positioning = positioning, Revisions = revisions, Templates = templates };

    private static List<EarningsRevisionRecord> Revisions()
    {
        var d = TradingCalendar.OnOrBefore(Panel.Dates[^1].AddDays(-3));
        return new[] { "Industrials", "Financials", "Health Care", "Information Technology", "Consumer Discretionary", "Real Estate" }
            .SelectMany(s => new[] { new EarningsRevisionRecord(d, s, 10, 12), new EarningsRevisionRecord(d.AddDays(-91), s, 10, 8), new EarningsRevisionRecord(d.AddDays(-182), s, 9, 9) })
            .ToList();
    }

    private static readonly ChainPositioning Chain = new(Panel[PanelColumns.Close][^1], 1.4, 2.5e9, Panel[PanelColumns.Close][^1] * 0.97, 230, 180);

    private static readonly FlowPrint Hedge = new(Panel.Dates[^1], OptionRight.Put, 150, Panel.Dates[^1].AddDays(45), 1_200_000, 4000, FlowSide.Ask, 9000);

    [Fact]
    public void List_TheFivePromptsInWorkflowOrder() =>
        PromptLibrary.List().Select(p => p.Name).ShouldBe(["macro-regime", "kre-pressure", "options-flow", "earnings-revisions", "quant-analyst"]);

    public static TheoryData<string> Names => new() { "macro-regime", "kre-pressure", "options-flow", "earnings-revisions", "quant-analyst" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Render_FullData_EveryInputFilledNothingMissing(string name)
    {
        var p = DeskContext.RenderPrompt(name, Ctx(positioning: Chain, revisions: Revisions()));
        p.Name.ShouldBe(name);
        p.Date.ShouldBe(Panel.Dates[^1]);
        p.Missing.ShouldBeEmpty();
        p.Inputs.ShouldNotBeEmpty();
        p.Inputs.Values.ShouldAllBe(v => !string.IsNullOrWhiteSpace(v) && !v.StartsWith("n/a", StringComparison.Ordinal));
        p.Text.ShouldNotContain("{{");
        p.Text.ShouldNotContain("()");
        p.Text.ShouldNotContain("[]");
        foreach (var v in p.Inputs.Values)
            p.Text.ShouldContain(v);
    }

    [Fact]
    public void Render_OptionsFlowWithPrint_ShowsThePrintAndTheDesksClass()
    {
        var p = DeskContext.RenderPrompt("options-flow", Ctx(print: Hedge, positioning: Chain));
        p.Missing.ShouldBeEmpty();
        p.Text.ShouldContain("## The unusual print");
        p.Text.ShouldNotContain("No unusual print was given");
        p.Inputs["desk_class"].ShouldBe(FlowClass.InstitutionalHedge.Text());
        p.Inputs["print_premium"].ShouldBe("$1,200,000");
    }

    [Fact]
    public void Render_OptionsFlowWithoutPrint_ShowsThePositioning()
    {
        var p = DeskContext.RenderPrompt("options-flow", Ctx(positioning: Chain));
        p.Text.ShouldContain("No unusual print was given");
        p.Inputs.ContainsKey("put_call_oi_ratio").ShouldBeTrue();
        p.Inputs.ContainsKey("print_strike").ShouldBeFalse();
    }

    [Fact]
    public void Render_NoDgs2Column_NaWithReasonAndListed()
    {
        var cols = Panel.ColumnNames.Where(c => c != PanelColumns.Dgs2).ToDictionary(c => c, c => Panel[c], StringComparer.Ordinal);
        var p = DeskContext.RenderPrompt("macro-regime", Ctx(panel: TestPanels.Make(Panel.Dates, cols)));
        p.Inputs["dgs2"].ShouldBe("n/a (no DGS2 data)");
        p.Inputs["dgs2_change_63d"].ShouldBe("n/a (no DGS2 data)");
        p.Missing.ShouldContain("dgs2");
        p.Missing.ShouldContain("dgs2_change_63d");
        p.Text.ShouldContain("2-year Treasury yield: n/a (no DGS2 data)");
    }

    [Fact]
    public void Render_NoRevisions_EveryRevisionInputNaAndListed()
    {
        var p = DeskContext.RenderPrompt("earnings-revisions", Ctx());
        p.Missing.ShouldBe(["latest_week", "revision_window", "prior_weeks", "revisions_table", "net_score", "prior_net_scores", "non_members", "downgrade_flags", "concentration", "desk_label"]);
        p.Inputs["net_score"].ShouldBe("n/a (no earnings-revision data loaded)");
        p.Inputs["top_sectors"].ShouldStartWith("Industrials 17.5%");
    }

    [Fact]
    public void Render_NoInputEverRendersEmpty()
    {
        // A panel with only IWM prices: most inputs are missing, none may render as an empty string.
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.Close] = Panel[PanelColumns.Close],
            [PanelColumns.AdjClose] = Panel[PanelColumns.AdjClose],
        };
        var thin = TestPanels.Make(Panel.Dates, cols);
        foreach (var info in PromptLibrary.List())
        {
            var p = DeskContext.RenderPrompt(info.Name, Ctx(panel: thin));
            p.Inputs.Values.ShouldAllBe(v => v.Trim().Length > 0);
            p.Missing.ShouldNotBeEmpty(info.Name);
            foreach (var m in p.Missing)
                p.Inputs[m].ShouldMatch(@"^n/a \(.+\)$");
            Regex.IsMatch(p.Text, @"[:;] *[;,)]").ShouldBeFalse(info.Name); // nothing between a label and the next mark
        }
    }

    [Fact]
    public void Render_TemplateWithUnknownInput_FailsNamingIt()
    {
        var dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "macro-regime.hbs"), "Yield {{dgs2}} and {{not_an_input}}\n");
        var ex = Should.Throw<IwmDeskException>(() => DeskContext.RenderPrompt("macro-regime", Ctx(templates: TemplateSource.FromDirectory(dir))));
        ex.Message.ShouldContain("not_an_input");
        ex.Message.ShouldContain("macro-regime");
    }

    [Fact]
    public void Render_TemplateDirectory_OverridesOnlyTheFilesItHas()
    {
        var dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "kre-pressure.hbs"), "KRE 20d {{kre_20d}} on {{date}}");
        var source = TemplateSource.FromDirectory(dir);
        var kre = DeskContext.RenderPrompt("kre-pressure", Ctx(templates: source));
        kre.Text.ShouldBe($"KRE 20d {kre.Inputs["kre_20d"]} on {kre.Inputs["date"]}");
        DeskContext.RenderPrompt("macro-regime", Ctx(templates: source)).Text.ShouldStartWith("You are a macro analyst specialising in US small-cap");
    }

    [Fact]
    public void TemplateSource_MissingDirectory_ClearError() =>
        Should.Throw<IwmDeskException>(() => TemplateSource.FromDirectory("/no/such/dir")).Message.ShouldBe("/no/such/dir: templates directory not found");

    [Fact]
    public void Render_UnknownPrompt_ListsTheKnownOnes() =>
        Should.Throw<IwmDeskException>(() => DeskContext.RenderPrompt("nope", Ctx())).Message
            .ShouldBe("unknown prompt 'nope' (known: macro-regime, kre-pressure, options-flow, earnings-revisions, quant-analyst)");

    [Fact]
    public void Render_BuiltInTemplates_AreTheShippedFiles()
    {
        foreach (var info in PromptLibrary.List())
        {
            var file = Path.Combine(TestData.RepoRoot, "src", "IwmDesk", "Prompts", "Templates", info.Name + ".hbs");
            TemplateSource.Builtin(info.Name).ShouldBe(File.ReadAllText(file));
        }
    }

    [Fact]
    public void ToJson_HasTheDocumentedShape()
    {
        var p = DeskContext.RenderPrompt("macro-regime", Ctx(panel: TestPanels.Make(Panel.Dates,
            Panel.ColumnNames.Where(c => c != PanelColumns.Dxy).ToDictionary(c => c, c => Panel[c], StringComparer.Ordinal))));
        var json = JsonNode.Parse(p.ToJson())!.AsObject();
        json.Select(kv => kv.Key).ShouldBe(["name", "date", "text", "inputs", "missing"]);
        json["date"]!.GetValue<string>().ShouldBe(p.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json["inputs"]!.AsObject()["dxy"]!.GetValue<string>().ShouldBe("n/a (no dollar-index data)");
        json["missing"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldContain("dxy");
        json["inputs"]!.AsObject().Select(kv => kv.Key).First().ShouldBe("date"); // insertion order is kept
    }

    [Fact]
    public void Render_ForPastDate_SameFromFullAndAlteredFuture()
    {
        var i = 600;
        var ctxFull = new PromptContext { Panel = Panel, Date = Panel.Dates[i] };
        var ctxAltered = new PromptContext { Panel = TestPanels.CorruptAfter(Panel, i), Date = Panel.Dates[i] };
        foreach (var info in PromptLibrary.List())
            DeskContext.RenderPrompt(info.Name, ctxAltered).ToJson().ShouldBe(DeskContext.RenderPrompt(info.Name, ctxFull).ToJson(), info.Name);
    }
}
