using IwmDesk.Data;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IwmDesk.Analysts;
using IwmDesk.Forecast;
using IwmDesk.Text;

namespace IwmDesk.Workflow;

/// <summary>Renders a workflow result as JSON, Markdown or plain text. Pure: returns strings.</summary>
public static class WorkflowRenderer
{
    /// <summary>
    /// JSON: <c>{date, data_source, steps[{name, title, bias, summary, facts{}, table, prompt{name, date, text, inputs{}, missing[]}}],
    /// checklist{aligned, direction, conviction, advice, items[]}}</c>. <paramref name="includePrompts"/> = false drops <c>prompt</c>.
    /// </summary>
    public static string Json(WorkflowResult result, bool includePrompts = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        var steps = new JsonArray();
        foreach (var s in result.Steps)
        {
            var o = new JsonObject
            {
                ["name"] = s.Name.Text(),
                ["title"] = s.Title,
                ["bias"] = s.Bias.Text(),
                ["summary"] = s.Summary,
                ["facts"] = JsonSerializer.SerializeToNode(s.Facts, JsonOutput.Options),
                ["table"] = s.Table,
            };
            if (includePrompts)
                o["prompt"] = JsonSerializer.SerializeToNode(s.Prompt, JsonOutput.Options);
            steps.Add(o);
        }

        var root = new JsonObject
        {
            ["date"] = Fmt.D(result.Date),
            ["data_source"] = result.DataSource.Text(),
            ["steps"] = steps,
            ["checklist"] = JsonSerializer.SerializeToNode(result.Checklist, JsonOutput.Options),
        };
        return root.ToJsonString(JsonOutput.Options);
    }

    /// <summary>Markdown: a section per step (summary, table, facts), then the checklist table and verdict.</summary>
    /// <param name="result">The workflow.</param>
    /// <param name="includePrompts">Include each step's prompt.</param>
    /// <param name="lead">Markdown placed right after the title and sample banner (the decision block), or null.</param>
    public static string Markdown(WorkflowResult result, bool includePrompts = false, string? lead = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.Append(Fmt.Inv, $"# IWM pre-trade workflow for {Fmt.D(result.Date)}\n\n");
        if (result.DataSource == DataOrigin.Sample)
            sb.Append("> **").Append(ForecastRenderer.SampleBanner).Append("**\n\n");
        sb.Append(lead);
        for (var k = 0; k < result.Steps.Count; k++)
        {
            var s = result.Steps[k];
            sb.Append(Fmt.Inv, $"## {k + 1}. {s.Title} — {s.Bias.Text()}\n\n{s.Summary}\n\n");
            if (s.Table is not null)
                sb.Append(s.Table.TrimEnd()).Append("\n\n");
            if (s.Facts.Count > 0)
            {
                sb.Append("<details><summary>Facts</summary>\n\n| Fact | Value |\n|---|---|\n");
                foreach (var (name, value) in s.Facts)
                    sb.Append(Fmt.Inv, $"| {name} | {FactText(value)} |\n");
                sb.Append("\n</details>\n\n");
            }

            if (includePrompts)
            {
                sb.Append(Fmt.Inv, $"<details><summary>Prompt ({s.Prompt.Name})</summary>\n\n````text\n{s.Prompt.Text.TrimEnd()}\n````\n");
                if (s.Prompt.Missing.Count > 0)
                    sb.Append(Fmt.Inv, $"\nMissing inputs: {string.Join(", ", s.Prompt.Missing)}\n");
                sb.Append("\n</details>\n\n");
            }
        }

        var c = result.Checklist;
        sb.Append("## Checklist\n\n| # | Step | Bias | Effect on the bias so far |\n|---:|---|---|---|\n");
        for (var k = 0; k < c.Items.Count; k++)
            sb.Append(Fmt.Inv, $"| {k + 1} | {c.Items[k].Step} | {c.Items[k].Bias.Text()} | {c.Items[k].Effect} |\n");
        sb.Append(Fmt.Inv, $"\n**Verdict:** conviction {c.Conviction}. {c.Advice}\n");
        return sb.ToString();
    }

    /// <summary>Plain text for a terminal: one line per step, then the verdict.</summary>
    /// <param name="result">The workflow.</param>
    /// <param name="lead">Text placed right after the sample banner (the decision block), or null.</param>
    public static string Text(WorkflowResult result, string? lead = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        if (result.DataSource == DataOrigin.Sample)
            sb.Append(ForecastRenderer.SampleBanner).Append('\n');
        if (lead is not null)
            sb.Append(lead).Append('\n');
        sb.Append(Fmt.Inv, $"IWM pre-trade workflow {Fmt.D(result.Date)}\n\n");
        for (var k = 0; k < result.Steps.Count; k++)
        {
            var s = result.Steps[k];
            var effect = result.Checklist.Items[k].Effect;
            sb.Append(Fmt.Inv, $"{k + 1}. {s.Title,-22} {s.Bias.Text(),-8} {effect}\n   {s.Summary}\n\n");
        }

        var c = result.Checklist;
        sb.Append(Fmt.Inv, $"Checklist: conviction {c.Conviction}. {c.Advice}\n");
        return sb.ToString();
    }

    private static string FactText(object? value) => value switch
    {
        null => "n/a",
        double d when double.IsNaN(d) => "n/a",
        double d => d.ToString("0.######", Fmt.Inv),
        int i => i.ToString(Fmt.Inv),
        string s => s.Replace("|", "\\|", StringComparison.Ordinal),
        _ => Convert.ToString(value, Fmt.Inv) ?? "",
    };
}
