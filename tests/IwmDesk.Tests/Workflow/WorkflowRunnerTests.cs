using System.Text.Json.Nodes;
using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Panel;
using IwmDesk.Prompts;
using IwmDesk.Testing;
using IwmDesk.Workflow;

namespace IwmDesk.Tests.Workflow;

public class WorkflowRunnerTests
{
    private const Bias Bull = Bias.Bullish, Bear = Bias.Bearish, Neutral = Bias.Neutral, Na = Bias.NotAvailable;

    private static Checklist Check(params Bias[] biases) =>
        WorkflowRunner.Check(biases.Select((b, k) => ($"step {k + 1}", b)).ToList());

    [Fact]
    public void Check_ThreeAligned_HighConviction()
    {
        var c = Check(Bull, Bull, Na, Bull);
        c.Aligned.ShouldBe(3);
        c.Direction.ShouldBe(Bull.Text());
        c.Conviction.ShouldBe(WorkflowRunner.ConvictionHigh);
        c.Advice.ShouldStartWith("High conviction bullish: 3 of 3 available steps bullish; step 3: no data");
        c.Available.ShouldBe(3);
    }

    [Fact]
    public void Plain_CountsOverAvailableSteps_NamesMissing()
    {
        Check(Bull, Bear, Neutral, Na).Plain.ShouldBe("no direction: 1 bullish, 1 bearish, 1 neutral of 3 available steps; step 4: no data");
        Check(Bear, Bull, Bear, Neutral).Plain.ShouldBe("2 of 4 steps bearish, 1 bullish, 1 neutral");
        Check(Na, Na, Na, Na).Plain.ShouldBe("no step has data; step 1: no data; step 2: no data; step 3: no data; step 4: no data");
    }

    [Fact]
    public void Check_TwoOfTwoAvailable_LowNotHigh()
    {
        // The source's rule needs 3 aligned for high conviction; two steps with data can only reach low.
        var c = Check(Bull, Bull, Na, Na);
        c.Conviction.ShouldBe(WorkflowRunner.ConvictionLow);
        c.Plain.ShouldBe("2 of 2 available steps bullish; step 3: no data; step 4: no data");
    }

    [Fact]
    public void Check_FourBearish_HighConvictionBearish()
    {
        var c = Check(Bear, Bear, Bear, Bear);
        c.Aligned.ShouldBe(4);
        c.Direction.ShouldBe(Bear.Text());
        c.Conviction.ShouldBe(WorkflowRunner.ConvictionHigh);
    }

    [Fact]
    public void Check_TwoAlignedNoneAgainst_ReduceSize()
    {
        var c = Check(Bull, Neutral, Bull, Na);
        c.Aligned.ShouldBe(2);
        c.Conviction.ShouldBe(WorkflowRunner.ConvictionLow);
        c.Advice.ShouldStartWith("Reduce size");
    }

    [Fact]
    public void Check_TwoAgainstOne_Wait()
    {
        var c = Check(Bull, Bear, Bull, Neutral);
        c.Aligned.ShouldBe(2);
        c.Direction.ShouldBe(Bull.Text());
        c.Conviction.ShouldBe(WorkflowRunner.ConvictionNone);
        c.Advice.ShouldStartWith("Wait");
    }

    [Fact]
    public void Check_AllNotAvailable_NoDirectionWait()
    {
        var c = Check(Na, Na, Na, Na);
        c.Aligned.ShouldBe(0);
        c.Direction.ShouldBe("none");
        c.Advice.ShouldStartWith("Wait");
        c.Items.ShouldAllBe(i => i.Effect == WorkflowRunner.EffectNotAvailable);
    }

    [Fact]
    public void Check_Effects_AgainstTheBiasSoFar()
    {
        var c = Check(Bull, Bear, Bear, Neutral);
        c.Items.Select(i => i.Effect).ShouldBe([WorkflowRunner.EffectSets, WorkflowRunner.EffectContradicts, WorkflowRunner.EffectBreaksTie, WorkflowRunner.EffectNone]);
        Check(Neutral, Bear, Bear, Bull).Items.Select(i => i.Effect)
            .ShouldBe([WorkflowRunner.EffectNone, WorkflowRunner.EffectSets, WorkflowRunner.EffectStrengthens, WorkflowRunner.EffectContradicts]);
    }

    private static PromptContext Ctx(FeaturePanel panel, DateOnly? date = null, FlowPrint? print = null) => new() { Panel = panel, Date = date, Print = print };

    [Fact]
    public void Run_FourStepsInOrderEachWithItsPrompt()
    {
        var panel = TestPanels.Full(700);
        var r = WorkflowRunner.Run(Ctx(panel));
        r.Date.ShouldBe(panel.Dates[^1]);
        r.DataSource.ShouldBe(IwmDesk.Data.DataOrigin.Real);
        r.Steps.Select(s => s.Name.Text()).ShouldBe(["macro-regime", "kre-pressure", "options-flow", "earnings-revisions"]);
        foreach (var s in r.Steps)
        {
            s.Prompt.Name.ShouldBe(s.Name.Text());
            s.Prompt.Date.ShouldBe(r.Date);
            s.Summary.ShouldNotBeNullOrWhiteSpace();
            s.Bias.ShouldBeOneOf(Bull, Bear, Neutral, Na);
        }

        // No revisions given: the earnings step is n/a and its prompt lists the missing inputs.
        r.Steps[3].Bias.ShouldBe(Na);
        r.Steps[3].Prompt.Missing.ShouldContain("net_score");

        // No chain given: the flow step reads the panel's GEX sign — one measured input, so its sign sets the bias.
        r.Steps[2].Facts["source"].ShouldBe("panel GEX (test)");
        r.Steps[2].Facts["measured_inputs"].ShouldBe(1);
        var gex = panel[PanelColumns.Gex][^1];
        r.Steps[2].Bias.ShouldBe(gex < 0 ? Bear : gex > 0 ? Bull : Neutral);
        r.Checklist.Items.Count.ShouldBe(4);
    }

    [Fact]
    public void Run_WithPrint_FlowStepClassifiesIt()
    {
        var panel = TestPanels.Full(700);
        var d = panel.Dates[^1];
        var print = new FlowPrint(d, OptionRight.Call, panel[PanelColumns.Close][^1] * 1.03, d.AddDays(5), 250_000, 2500, FlowSide.Ask, 100);
        var r = WorkflowRunner.Run(Ctx(panel, print: print));
        r.Steps[2].Title.ShouldBe("Options flow");
        r.Steps[2].Facts["class"].ShouldBe(FlowClass.DirectionalSpeculativeBet.Text());
        r.Steps[2].Bias.ShouldBe(Bull);
    }

    [Fact]
    public void Run_PrintAfterTheDate_ClearError()
    {
        var panel = TestPanels.Full(700);
        var print = new FlowPrint(panel.Dates[^1], OptionRight.Call, 200, panel.Dates[^1].AddDays(5), 1000, 10, FlowSide.Ask, 0);
        Should.Throw<IwmDeskException>(() => WorkflowRunner.Run(Ctx(panel, panel.Dates[600], print)))
            .Message.ShouldStartWith("flow print: date");
    }

    [Fact]
    public void Json_HasTheDocumentedShape()
    {
        var panel = TestPanels.Full(700, sample: true);
        var json = JsonNode.Parse(WorkflowRenderer.Json(WorkflowRunner.Run(Ctx(panel))))!.AsObject();
        json.Select(kv => kv.Key).ShouldBe(["date", "data_source", "steps", "checklist"]);
        json["data_source"]!.GetValue<string>().ShouldBe("sample");
        var step = json["steps"]!.AsArray()[0]!.AsObject();
        foreach (var key in new[] { "name", "bias", "summary", "facts", "prompt" })
            step.ContainsKey(key).ShouldBeTrue(key);
        step["prompt"]!.AsObject().Select(kv => kv.Key).ShouldBe(["name", "date", "text", "inputs", "missing"]);
        var checklist = json["checklist"]!.AsObject();
        foreach (var key in new[] { "aligned", "direction", "conviction", "advice", "items" })
            checklist.ContainsKey(key).ShouldBeTrue(key);
        JsonNode.Parse(WorkflowRenderer.Json(WorkflowRunner.Run(Ctx(panel)), includePrompts: false))!["steps"]![0]!.AsObject().ContainsKey("prompt").ShouldBeFalse();
    }

    [Fact]
    public void Json_MissingFactIsNull()
    {
        var full = TestPanels.Full(700);
        var cols = full.ColumnNames.Where(c => c != PanelColumns.Dgs2).ToDictionary(c => c, c => full[c], StringComparer.Ordinal);
        var json = JsonNode.Parse(WorkflowRenderer.Json(WorkflowRunner.Run(Ctx(TestPanels.Make(full.Dates, cols)))))!;
        var facts = json["steps"]![0]!["facts"]!.AsObject();
        facts.ContainsKey("dgs2").ShouldBeTrue();
        facts["dgs2"].ShouldBeNull();
        facts["dgs10"]!.GetValue<double>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Markdown_SectionPerStepThenChecklist()
    {
        var panel = TestPanels.Full(700, sample: true);
        var md = WorkflowRenderer.Markdown(WorkflowRunner.Run(Ctx(panel)));
        var order = new[] { "SAMPLE DATA", "## 1. Macro regime", "## 2. KRE pressure test", "## 3. Options positioning", "## 4. Earnings revisions", "## Checklist", "| # | Step | Bias |", "**Verdict:**" };
        var positions = order.Select(h => md.IndexOf(h, StringComparison.Ordinal)).ToList();
        positions.ShouldAllBe(p => p >= 0);
        positions.ShouldBeInOrder();
        md.ShouldNotContain("You are a macro analyst"); // prompts only on request
        WorkflowRenderer.Markdown(WorkflowRunner.Run(Ctx(panel)), includePrompts: true).ShouldContain("You are a macro analyst");
        WorkflowRenderer.Text(WorkflowRunner.Run(Ctx(panel))).ShouldContain("Checklist:");
    }

    [Fact]
    public void Run_ForPastDate_SameFromFullTruncatedAndAlteredFuture()
    {
        var panel = TestPanels.Full(800);
        var i = 650;
        var d = panel.Dates[i];
        var full = WorkflowRenderer.Json(WorkflowRunner.Run(Ctx(panel, d)));
        WorkflowRenderer.Json(WorkflowRunner.Run(Ctx(panel.Head(i + 1), d))).ShouldBe(full);
        WorkflowRenderer.Json(WorkflowRunner.Run(Ctx(TestPanels.CorruptAfter(panel, i), d))).ShouldBe(full);
    }

    [Fact]
    public void Run_NotATradingDayInData_ClearError()
    {
        var panel = TestPanels.Full(300);
        Should.Throw<IwmDeskException>(() => WorkflowRunner.Run(Ctx(panel, new DateOnly(2001, 1, 6))))
            .Message.ShouldContain("2001-01-06 is not a trading day in the data");
    }

    [RealDataFact]
    public void Run_RealData_AllStepsAnsweredWhereDataExists()
    {
        var r = WorkflowRunner.Run(Ctx(TestPanels.Real(), new DateOnly(2023, 3, 13)));
        r.Steps[0].Bias.ShouldNotBe(Na);
        r.Steps[1].Bias.ShouldBe(Bear); // regional-bank failures: KRE far behind IWM
        r.Steps[3].Bias.ShouldBe(Na);
        r.Steps.ShouldAllBe(s => !s.Prompt.Text.Contains("{{", StringComparison.Ordinal));
    }
}
