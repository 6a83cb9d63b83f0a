using IwmDesk.Data;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Panel;
using IwmDesk.Text;

namespace IwmDesk.Decision;

/// <summary>Renders the decision as plain text, Markdown, JSON or an HTML card. Pure: returns strings.</summary>
public static class DecisionRenderer
{
    /// <summary>The decision as a JSON object (docs/decision.md lists the keys).</summary>
    public static JsonObject JsonNode(DeskDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var f = d.Freshness;
        var inputs = new JsonArray();
        foreach (var s in f.Inputs)
        {
            inputs.Add(new JsonObject
            {
                ["series"] = s.Series,
                ["label"] = s.Label,
                ["last"] = s.Last is { } l ? Fmt.D(l) : null,
                ["trading_days_old"] = s.Last is null ? null : s.TradingDaysOld,
                ["status"] = s.Status,
                ["text"] = s.Text,
            });
        }

        var w = d.Workflow;
        var r = d.Recommendation;
        return new JsonObject
        {
            ["requested_date"] = d.RequestedDate is { } q ? Fmt.D(q) : null,
            ["date"] = Fmt.D(d.Date),
            ["data_source"] = d.DataSource.Text(),
            ["close"] = JsonNumbers.Price(d.Close),
            ["freshness"] = new JsonObject
            {
                ["checked_at"] = f.CheckedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Fmt.Inv),
                ["last_completed_trading_day"] = Fmt.D(f.LastCompletedTradingDay),
                ["newest_bar"] = f.NewestBar is { } n ? Fmt.D(n) : null,
                ["trading_days_behind"] = f.TradingDaysBehind,
                ["stale"] = f.IsStale,
                ["warning"] = f.Warning,
                ["inputs"] = inputs,
            },
            ["tomorrow"] = Call(d.Tomorrow),
            ["next_5_days"] = Call(d.Next5Days),
            ["strategy"] = new JsonObject
            {
                ["name"] = d.Strategy,
                ["invalidation"] = d.Invalidation,
                ["invalidation_level"] = d.InvalidationLevel is { } v ? JsonNumbers.Price(v) : null,
            },
            ["workflow"] = new JsonObject
            {
                ["direction"] = w.Direction,
                ["conviction"] = w.Conviction,
                ["aligned"] = w.Aligned,
                ["against"] = w.Against,
                ["available"] = w.Available,
                ["total"] = w.Total,
                ["plain"] = w.Plain,
            },
            ["recommendation"] = new JsonObject
            {
                ["rule"] = r.Rule,
                ["action"] = r.Action,
                ["direction"] = r.Direction,
                ["size"] = r.Size,
                ["headline"] = r.Headline,
                ["reason"] = r.Reason,
            },
        };
    }

    /// <summary>
    /// <paramref name="json"/> (an object, e.g. the forecast's or the workflow's JSON) with <c>decision</c> as its first key.
    /// </summary>
    public static string Lead(string json, DeskDecision d)
    {
        ArgumentNullException.ThrowIfNull(json);
        var rest = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var o = new JsonObject { ["decision"] = JsonNode(d) };
        foreach (var (k, v) in rest.ToList())
        {
            rest.Remove(k);
            o[k] = v;
        }

        return o.ToJsonString(JsonOutput.Options);
    }

    /// <summary>The decision as indented JSON.</summary>
    public static string Json(DeskDecision d) => JsonNode(d).ToJsonString(JsonOutput.Options);

    private static JsonObject Call(DecisionCall c) => new()
    {
        ["horizon"] = c.Horizon,
        ["call"] = c.Call,
        ["p_up"] = JsonNumbers.Rate(c.PUp),
        ["baseline_p_up"] = JsonNumbers.Rate(c.BaselinePUp),
        ["edge_vs_baseline"] = JsonNumbers.Rate(c.EdgeVsBaseline),
        ["rules"] = c.Rules,
    };

    /// <summary>"2020-03-23 (asked for 2020-03-23)", "2026-05-01 (the latest bar)".</summary>
    public static string DateLine(DeskDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return d.RequestedDate is { } q
            ? q == d.Date ? $"{Fmt.D(d.Date)} (as asked)" : $"{Fmt.D(d.Date)} (asked for {Fmt.D(q)}; the last trading day on or before it)"
            : $"{Fmt.D(d.Date)} (the latest bar)";
    }

    /// <summary>"Bullish — P(up) 59.6% vs baseline 55.3% (+4.30 pp)".</summary>
    public static string CallLine(DecisionCall c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return $"{c.Call} — P(up) {Fmt.Pct(c.PUp)} vs baseline {Fmt.Pct(c.BaselinePUp)} ({Fmt.Pp(c.EdgeVsBaseline * 100)})";
    }

    /// <summary>The strategy with its invalidation.</summary>
    public static string StrategyLine(DeskDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var inForce = d.Recommendation.Action == Recommendation.Trade ? "" : " (not in force: the recommendation is to stand aside)";
        return $"{d.Strategy}{inForce}; invalidation: {d.Invalidation}";
    }

    /// <summary>"workflow bearish, conviction none — 1 of 3 available steps bearish, 2 neutral; earnings revisions: no data".</summary>
    public static string WorkflowLine(DecisionConviction w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return $"{(w.Direction == "none" ? "no direction" : w.Direction)}, conviction {w.Conviction} — {w.Plain}";
    }

    /// <summary>Inputs that are not current on the date ("HY spread: 25 trading days old (last 2026-03-26)"), or null.</summary>
    public static string? InputsLine(DeskDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var off = d.Freshness.Inputs.Where(s => s.Status != SeriesFreshness.Current).Select(s => s.Text).ToList();
        return off.Count == 0 ? null : string.Join("; ", off);
    }

    /// <summary>Plain text for a terminal: a boxed-off block of seven lines at most.</summary>
    public static string Text(DeskDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var sb = new StringBuilder();
        sb.Append("DECISION  ").Append(d.Recommendation.Headline).Append(Fmt.Inv, $"  [{d.Recommendation.Rule}]\n");
        sb.Append("  Why:         ").Append(d.Recommendation.Reason).Append('\n');
        sb.Append("  Date:        ").Append(DateLine(d)).Append(Fmt.Inv, $", close {Fmt.N(d.Close)}\n");
        sb.Append("  Data:        ").Append(d.Freshness.Headline).Append('\n');
        if (InputsLine(d) is { } inputs)
            sb.Append("  Inputs:      ").Append(inputs).Append('\n');
        sb.Append("  Tomorrow:    ").Append(CallLine(d.Tomorrow)).Append('\n');
        sb.Append("  Next 5 days: ").Append(CallLine(d.Next5Days)).Append('\n');
        sb.Append("  Strategy:    ").Append(StrategyLine(d)).Append('\n');
        sb.Append("  Workflow:    ").Append(WorkflowLine(d.Workflow)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Markdown: a "Decision" section with the recommendation quoted first and a two-column table.</summary>
    public static string Markdown(DeskDecision d, int headingLevel = 2)
    {
        ArgumentNullException.ThrowIfNull(d);
        var sb = new StringBuilder();
        sb.Append('#', headingLevel).Append(Fmt.Inv, $" Decision — {Fmt.D(d.Date)}\n\n");
        sb.Append(Fmt.Inv, $"> **{d.Recommendation.Headline}** (rule {d.Recommendation.Rule}). {Cell(d.Recommendation.Reason)}\n\n");
        sb.Append("| | |\n|---|---|\n");
        sb.Append("| Date | ").Append(DateLine(d)).Append(Fmt.Inv, $", close {Fmt.N(d.Close)} |\n");
        sb.Append("| Data | ").Append(Cell(d.Freshness.Headline)).Append(" |\n");
        if (InputsLine(d) is { } inputs)
            sb.Append("| Inputs | ").Append(Cell(inputs)).Append(" |\n");
        sb.Append("| Tomorrow | ").Append(CallLine(d.Tomorrow)).Append(" |\n");
        sb.Append("| Next 5 days | ").Append(CallLine(d.Next5Days)).Append(" |\n");
        sb.Append("| Strategy | ").Append(Cell(StrategyLine(d))).Append(" |\n");
        sb.Append("| Workflow | ").Append(Cell(WorkflowLine(d.Workflow))).Append(" |\n\n");
        return sb.ToString();
    }

    /// <summary>The decision card for the report and the dashboard (escaped HTML, styled by the page's CSS).</summary>
    public static string HtmlCard(DeskDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        static string E(string s) => WebUtility.HtmlEncode(s);
        var r = d.Recommendation;
        var tone = r.Action == Recommendation.StandAside ? "neutral" : r.Direction == "Bearish" ? "bearish" : "bullish";
        var sb = new StringBuilder();
        sb.Append(Fmt.Inv, $"<section id=\"decision\" class=\"decision-card {tone}\" aria-label=\"Decision\">\n");
        sb.Append(Fmt.Inv, $"<div class=\"decision-head\"><span class=\"decision-label\">Decision {E(Fmt.D(d.Date))}</span> <strong class=\"decision-headline\">{E(r.Headline)}</strong> <span class=\"decision-rule\">rule {E(r.Rule)}</span></div>\n");
        sb.Append(Fmt.Inv, $"<p class=\"decision-reason\">{E(r.Reason)}</p>\n<dl class=\"decision-grid\">\n");
        void Row(string k, string v, string? cls = null) =>
            sb.Append(Fmt.Inv, $"<dt>{E(k)}</dt><dd{(cls is null ? "" : $" class=\"{cls}\"")}>{E(v)}</dd>\n");
        Row("Date", DateLine(d));
        Row("Data", d.Freshness.Headline, d.Freshness.IsStale ? "stale" : null);
        if (InputsLine(d) is { } inputs)
            Row("Inputs", inputs);
        Row("Tomorrow", CallLine(d.Tomorrow));
        Row("Next 5 days", CallLine(d.Next5Days));
        Row("Strategy", StrategyLine(d));
        Row("Workflow", WorkflowLine(d.Workflow));
        sb.Append("</dl>\n</section>\n");
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
