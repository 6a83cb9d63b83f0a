using IwmDesk.Data;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using IwmDesk.Analysts;
using IwmDesk.Backtest;
using IwmDesk.Forecast;
using IwmDesk.Journal;
using IwmDesk.Chains;
using IwmDesk.Signals;
using Markdig;
using Markdig.Syntax;

namespace IwmDesk.Reports;

/// <summary>How the page gets the chart library and whether it is the live dashboard.</summary>
public sealed record PageOptions
{
    /// <summary>The chart library's JavaScript, inlined (the self-contained report); null to use <see cref="ChartScriptUrl"/>.</summary>
    public string? InlineChartScript { get; init; }

    /// <summary>Where the page loads the chart library from (the dashboard serves it; never a CDN).</summary>
    public string? ChartScriptUrl { get; init; }

    /// <summary>True for the dashboard: a date picker and links to the JSON API.</summary>
    public bool Dashboard { get; init; }

    /// <summary>A note shown above the report; null: the report's own as-of notice, if any ("2025-09-06 is a Saturday: using Friday 2025-09-05").</summary>
    public string? Notice { get; init; }

    /// <summary>When the page was generated (shown in the footer); null leaves it out.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }
}

/// <summary>
/// Renders a <see cref="DeskReport"/> as one HTML page: charts drawn by lightweight-charts from embedded JSON, the GEX
/// profile and calibration as inline SVG, the forecast through Markdig from <see cref="ForecastRenderer.Markdown"/>, and
/// the backtest, workflow and journal as tables. Every piece of text is HTML-escaped (Markdig runs with raw HTML
/// disabled); the page makes no network request of its own.
/// </summary>
public static class ReportPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    private static readonly Lazy<string> Css = new(() => Resource("IwmDesk.Reports.report.css"));

    private static readonly Lazy<string> Script = new(() => Resource("IwmDesk.Reports.report.js"));

    /// <summary>The whole page.</summary>
    public static string Render(DeskReport report, PageOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        if (options.InlineChartScript is null && options.ChartScriptUrl is null)
            throw new ArgumentException("give the chart library inline or by URL", nameof(options));
        var d = report.Date.ToString("yyyy-MM-dd", Inv);
        var sb = new StringBuilder(1 << 20);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<link rel=\"icon\" href=\"data:,\">\n");
        sb.Append("<title>").Append(E($"IWM desk — {d}{(report.DataSource == DataOrigin.Sample ? " (sample data)" : "")}")).Append("</title>\n");
        sb.Append("<style>\n").Append(Css.Value).Append("\n</style>\n</head>\n<body>\n");

        Header(sb, report, options);
        sb.Append("<main>\n");
        sb.Append(Decision.DecisionRenderer.HtmlCard(report.Decision));
        SinceSection(sb, report);
        PriceSection(sb, report);
        GexSection(sb, report);
        KreSection(sb, report);
        ForecastSection(sb, report);
        WorkflowSection(sb, report);
        BacktestSection(sb, report);
        ClaimsSection(sb, report);
        JournalSection(sb, report);
        sb.Append("</main>\n");
        Footer(sb, report, options);

        sb.Append("<script type=\"application/json\" id=\"desk-data\">").Append(ReportChartData.Json(report)).Append("</script>\n");
        if (options.InlineChartScript is { } js)
        {
            sb.Append("<script>\n").Append(SafeInline(js)).Append("\n</script>\n");
        }
        else
        {
            sb.Append("<script src=\"").Append(E(options.ChartScriptUrl!)).Append("\"></script>\n");
        }

        sb.Append("<script>\n").Append(Script.Value).Append("\n</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>
    /// Markdown to HTML with raw HTML disabled (it is escaped, not passed through) and no link or image at all: every
    /// Markdown rendered here is built from data (rule labels, column and series names, symbols, a model's words), so a
    /// link in it — <c>[x](javascript:alert(1))</c>, a <c>data:</c> or <c>vbscript:</c> URL, an image that would load
    /// from the network — is shown as its literal text, never as a live element (issue 17).
    /// </summary>
    public static string MarkdownToHtml(string markdown)
    {
        var doc = Markdig.Markdown.Parse(markdown ?? "", Markdown);
        foreach (var link in doc.Descendants<Markdig.Syntax.Inlines.LinkInline>().ToList())
            link.ReplaceBy(new Markdig.Syntax.Inlines.LiteralInline(LinkText(link)), copyChildren: false);
        foreach (var auto in doc.Descendants<Markdig.Syntax.Inlines.AutolinkInline>().ToList())
            auto.ReplaceBy(new Markdig.Syntax.Inlines.LiteralInline("<" + auto.Url + ">"), copyChildren: false);
        return doc.ToHtml(Markdown);
    }

    /// <summary>A link as the Markdown it was written as: <c>[text](url)</c> or <c>![alt](url)</c>.</summary>
    private static string LinkText(Markdig.Syntax.Inlines.LinkInline link)
    {
        var text = new StringBuilder();
        foreach (var leaf in link.Descendants<Markdig.Syntax.Inlines.LiteralInline>())
            text.Append(leaf.Content.ToString());
        foreach (var code in link.Descendants<Markdig.Syntax.Inlines.CodeInline>())
            text.Append(code.Content);
        return (link.IsImage ? "![" : "[") + text + "](" + link.Url + ")";
    }

    /// <summary>HTML-escapes text.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string SafeInline(string js) =>
        js.Contains("</script", StringComparison.OrdinalIgnoreCase)
            ? js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)
            : js;

    private static void Header(StringBuilder sb, DeskReport r, PageOptions o)
    {
        var d = r.Date.ToString("yyyy-MM-dd", Inv);
        sb.Append("<header>\n<div class=\"title\"><h1>IWM desk</h1><span class=\"asof\">as of <strong id=\"report-date\">")
            .Append(E(d)).Append("</strong> · ").Append(E(r.DataSource.Text())).Append(" data</span></div>\n");
        if (o.Dashboard)
        {
            sb.Append(Inv, $"<form class=\"picker\" method=\"get\" action=\"/\"><label>Date <input type=\"text\" id=\"date-picker\" name=\"date\" value=\"{E(d)}\" inputmode=\"numeric\" pattern=\"\\d{{4}}-\\d{{2}}-\\d{{2}}\" placeholder=\"YYYY-MM-DD\" size=\"10\" title=\"YYYY-MM-DD, {E(r.PanelRange.First.ToString("yyyy-MM-dd", Inv))} to {E(r.PanelRange.Last.ToString("yyyy-MM-dd", Inv))}\" data-min=\"{E(r.PanelRange.First.ToString("yyyy-MM-dd", Inv))}\" data-max=\"{E(r.PanelRange.Last.ToString("yyyy-MM-dd", Inv))}\" required></label> <button type=\"submit\">Show</button> <a href=\"/\">latest</a></form>\n");
        }

        sb.Append("<nav><a href=\"#decision\">Decision</a><a href=\"#since\">Since yesterday</a><a href=\"#price\">Price</a><a href=\"#gex\">GEX profile</a><a href=\"#kre\">KRE vs IWM</a><a href=\"#forecast\">Forecast</a><a href=\"#workflow\">Workflow</a><a href=\"#backtest\">Backtest</a><a href=\"#claims\">Claims</a><a href=\"#journal\">Track record</a></nav>\n</header>\n");
        if (r.DataSource == DataOrigin.Sample)
            sb.Append("<div class=\"banner sample\">").Append(E(ForecastRenderer.SampleBanner)).Append("</div>\n");
        if ((o.Notice ?? r.AsOf?.Notice) is { } notice)
            sb.Append("<div class=\"banner notice\">").Append(E(notice)).Append("</div>\n");
    }

    private static void SinceSection(StringBuilder sb, DeskReport r)
    {
        if (r.Changes is not { } c)
            return;
        sb.Append(Inv, $"<section id=\"since\" class=\"since\" aria-label=\"Since the previous trading day\"><h2>Since the previous trading day ({E(c.Previous.ToString("yyyy-MM-dd", Inv))})</h2>\n<ul>\n");
        foreach (var line in c.Lines())
            sb.Append("<li>").Append(E(line)).Append("</li>\n");
        sb.Append("</ul>\n</section>\n");
    }

    private static void PriceSection(StringBuilder sb, DeskReport r)
    {
        sb.Append("<section id=\"price\">\n<h2>IWM price, rule signals, GEX and VIX</h2>\n");
        sb.Append("<p class=\"legend\"><span class=\"sw candle\"></span>IWM daily candles <span class=\"sw bb\"></span>Bollinger(20, 2) <span class=\"sw sma50\"></span>50-day average <span class=\"sw sma200\"></span>200-day average · ")
            .Append("markers: first day of each rule episode, green bullish / red bearish, ▲▼ tier 1, ● tier 2, ■ tier 3 (paler) · second pane: GEX (")
            .Append(E(GexUnit(r))).Append(", green positive, red negative; source ").Append(E(GexSourceText(r))).Append(") · third pane: VIX</p>\n");
        sb.Append("<div class=\"tiers\">Show markers: <label><input type=\"checkbox\" class=\"tier-toggle\" data-tier=\"1\" checked> tier 1</label> <label><input type=\"checkbox\" class=\"tier-toggle\" data-tier=\"2\" checked> tier 2</label> <label><input type=\"checkbox\" class=\"tier-toggle\" data-tier=\"3\" checked> tier 3</label></div>\n");
        sb.Append("<div id=\"price-chart\" class=\"chart tall\"></div>\n");
        sb.Append("<table class=\"rules\"><thead><tr><th>Tier</th><th>Rule</th><th>Direction</th><th>Condition</th><th class=\"num\">Episodes</th><th class=\"num\">Signal days</th></tr></thead><tbody>\n");
        foreach (var l in r.Rules.OrderBy(l => l.Tier).ThenBy(l => l.Name, StringComparer.Ordinal))
        {
            sb.Append(Inv, $"<tr><td>{l.Tier}</td><td><code>{E(l.Name)}</code> — {E(l.Label)}</td><td class=\"{(l.Direction == SignalDirection.Bullish ? "up" : "down")}\">{E(l.Direction == SignalDirection.Bullish ? "bullish" : "bearish")}</td><td><code>{E(l.Condition)}</code></td><td class=\"num\">{l.Episodes}</td><td class=\"num\">{l.SignalDays}</td></tr>\n");
        }

        sb.Append("</tbody></table>\n</section>\n");
    }

    private static void GexSection(StringBuilder sb, DeskReport r)
    {
        var d = r.Date.ToString("yyyy-MM-dd", Inv);
        sb.Append("<section id=\"gex\">\n<h2>GEX profile by strike</h2>\n");
        if (r.Chain is { } chain && r.Gex is { } gex && r.GexSetup is { } setup)
        {
            sb.Append("<pre class=\"summary\">").Append(E(GexReport.Summary(chain, gex, setup, r.ChainSnapshots).TrimEnd())).Append("</pre>\n");
            sb.Append(SvgCharts.GexProfile(gex, r.Options.GexStrikeRange));
            sb.Append("<p class=\"note\">Net GEX per strike (calls + puts; dealers long calls, short puts), strikes within ")
                .Append(E((r.Options.GexStrikeRange * 100).ToString("0", Inv))).Append("% of spot. The flip is where the net GEX of the whole chain, recomputed at other spot levels, crosses zero (docs/methodology.md).</p>\n");
        }

        if (r.GexHistory.Count > 0)
        {
            var rows = r.GexHistory.TakeLast(10).ToList();
            sb.Append(Inv, $"<h3>GEX history (last {rows.Count} of {r.GexHistory.Count} chain days on or before {d}, mn USD per 1% move)</h3>\n");
            sb.Append("<table class=\"gex-history\"><thead><tr><th>Date</th><th>Snapshot</th><th class=\"num\">Total</th><th class=\"num\">Flip</th><th class=\"num\">Spot to flip</th><th class=\"num\">Call wall</th><th class=\"num\">Put wall</th><th class=\"num\">1-7 d</th><th class=\"num\">8-30 d</th><th class=\"num\">&gt;30 d</th></tr></thead><tbody>\n");
            foreach (var h in rows)
            {
                sb.Append(Inv, $"<tr><td>{h.AsOf:yyyy-MM-dd}</td><td>{E(h.Source + (h.Snapshots > 1 ? $" (1 of {h.Snapshots})" : ""))}</td><td class=\"num\">{h.TotalGex / 1e6:+0.0;-0.0;0.0}</td><td class=\"num\">{(h.Flip is { } f ? f.ToString("0.00", Inv) : "n/a")}</td><td class=\"num\">{(h.DistToFlipPct is { } p ? p.ToString("+0.00;-0.00;0.00", Inv) + "%" : "n/a")}</td><td class=\"num\">{(h.CallWall is { } cw ? cw.ToString("0.##", Inv) : "n/a")}</td><td class=\"num\">{(h.PutWall is { } pw ? pw.ToString("0.##", Inv) : "n/a")}</td><td class=\"num\">{h.UpTo7Days / 1e6:+0.0;-0.0;0.0}</td><td class=\"num\">{h.UpTo30Days / 1e6:+0.0;-0.0;0.0}</td><td class=\"num\">{h.Beyond30Days / 1e6:+0.0;-0.0;0.0}</td></tr>\n");
            }

            sb.Append("</tbody></table>\n");
        }
        else
        {
            var stored = r.ChainDates.Count == 0
                ? $"The store holds no IWM chain dated on or before {d}."
                : string.Create(Inv, $"The store holds {r.ChainDates.Count} IWM chain{(r.ChainDates.Count == 1 ? "" : "s")} dated on or before {d}, {r.ChainDates[0]:yyyy-MM-dd} to {r.ChainDates[^1]:yyyy-MM-dd}.");
            sb.Append("<p class=\"none\" id=\"gex-none\">No IWM option chain is stored for ").Append(E(d))
                .Append(", so there is no profile by strike, flip or walls for this date. ").Append(E(stored))
                .Append(" The GEX pane above uses ").Append(E(GexSourceText(r))).Append(".</p>\n");
        }

        sb.Append("</section>\n");
    }

    private static void KreSection(StringBuilder sb, DeskReport r)
    {
        var w = r.Options.KreWindow;
        var k = new KreOptions();
        sb.Append("<section id=\"kre\">\n<h2>KRE vs IWM</h2>\n");
        sb.Append(Inv, $"<p class=\"legend\">Top: KRE/IWM price ratio (adjusted closes), rebased to 100 on the first day both exist — rising means regional banks lead. Middle: {w}-day performance gap KRE − IWM in % (divergence beyond ±{k.DivergenceGap:0%}). Bottom: {w}-day correlation of daily returns (divergence below {k.DivergenceCorrelation:0.0#}).</p>\n");
        sb.Append("<div id=\"kre-chart\" class=\"chart\"></div>\n");
        var step = r.Workflow.Steps.FirstOrDefault(s => s.Name == Workflow.WorkflowStepId.KrePressure);
        if (step is not null)
            sb.Append("<p><strong>KRE pressure test:</strong> ").Append(E(step.Bias.Text())).Append(" — ").Append(E(step.Summary)).Append("</p>\n");
        sb.Append("</section>\n");
    }

    private static void ForecastSection(StringBuilder sb, DeskReport r)
    {
        sb.Append("<section id=\"forecast\">\n<h2>Forecast</h2>\n<div class=\"md\" id=\"forecast-text\">\n");
        sb.Append(MarkdownToHtml(DropTitle(ForecastRenderer.Markdown(r.Forecast))));
        sb.Append("</div>\n</section>\n");
    }

    private static void WorkflowSection(StringBuilder sb, DeskReport r)
    {
        var w = r.Workflow;
        var c = w.Checklist;
        sb.Append("<section id=\"workflow\">\n<h2>Pre-trade workflow</h2>\n");
        sb.Append("<table class=\"checklist\"><thead><tr><th class=\"num\">#</th><th>Step</th><th>Bias</th><th>Effect on the bias so far</th></tr></thead><tbody>\n");
        for (var i = 0; i < c.Items.Count; i++)
        {
            var it = c.Items[i];
            sb.Append(Inv, $"<tr><td class=\"num\">{i + 1}</td><td>{E(it.Step)}</td><td class=\"{BiasCss(it.Bias.Text())}\">{E(it.Bias.Text())}</td><td>{E(it.Effect)}</td></tr>\n");
        }

        sb.Append("</tbody></table>\n");
        sb.Append(Inv, $"<p class=\"verdict\"><strong>Verdict:</strong> conviction <strong>{E(c.Conviction)}</strong>. {E(c.Advice)}</p>\n");
        for (var i = 0; i < w.Steps.Count; i++)
        {
            var s = w.Steps[i];
            sb.Append(Inv, $"<details class=\"step\"><summary>{i + 1}. {E(s.Title)} — <span class=\"{BiasCss(s.Bias.Text())}\">{E(s.Bias.Text())}</span></summary>\n");
            sb.Append("<p>").Append(E(s.Summary)).Append("</p>\n");
            if (s.Table is { } table)
                sb.Append("<div class=\"md\">").Append(MarkdownToHtml(table)).Append("</div>\n");
            if (s.Facts.Count > 0)
            {
                sb.Append("<table class=\"facts\"><thead><tr><th>Fact</th><th>Value</th></tr></thead><tbody>");
                foreach (var (name, value) in s.Facts)
                    sb.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(Fact(value))).Append("</td></tr>");
                sb.Append("</tbody></table>\n");
            }

            sb.Append("</details>\n");
        }

        sb.Append("</section>\n");
    }

    private static void BacktestSection(StringBuilder sb, DeskReport r)
    {
        var d = r.Date.ToString("yyyy-MM-dd", Inv);
        sb.Append("<section id=\"backtest\">\n<h2>Backtest: measured edge vs claim</h2>\n");
        sb.Append("<p class=\"note\">Every rule on every signal day up to ").Append(E(d))
            .Append(" whose forward window closed by then (docs/backtest.md). Win rate with its Wilson 95% interval; the baseline is every day's; lift with its block-bootstrap 95% interval, effective n, Newey–West t with the Holm-adjusted p, and the win rate on non-overlapping signal days. Verdicts only at each rule's claimed horizon: edge (beats the baseline) and claim (does the quoted figure hold).</p>\n");
        sb.Append("<table class=\"backtest\" id=\"backtest-table\"><thead><tr><th>Tier</th><th>Rule</th><th class=\"num\">h</th><th class=\"num\">N (episodes)</th><th class=\"num\">Win rate [95% CI]</th><th class=\"num\">Baseline</th><th class=\"num\">Mean</th><th class=\"num\">Lift [robust 95%]</th><th class=\"num\">n_eff</th><th class=\"num\">NW t (Holm p)</th><th class=\"num\">Non-overlap win (n)</th><th class=\"num\">Claimed win / mean</th><th>Edge</th><th>Claim</th></tr></thead><tbody>\n");
        foreach (var s in r.Backtest)
        {
            var claimed = s.ClaimedWinRate is null && s.ClaimedMean is null
                ? "—"
                : $"{(s.ClaimedWinRate is { } cw ? Pct(cw) : "—")} / {(s.ClaimedMean is { } cm ? Ret(cm) : "—")}";
            sb.Append(Inv, $"<tr><td>{s.Tier}</td><td><code>{E(s.Signal)}</code> <span class=\"dir\">{E(s.Direction)}</span></td><td class=\"num\">{s.Horizon}</td><td class=\"num\">{s.N} ({s.Episodes})</td>");
            sb.Append(Inv, $"<td class=\"num\">{E(Pct(s.WinRate))} [{E(Pct(s.CiLow))}–{E(Pct(s.CiHigh))}]</td><td class=\"num\">{E(Pct(s.BaselineWinRate))}</td><td class=\"num\">{E(Ret(s.Mean))}</td>");
            sb.Append(Inv, $"<td class=\"num\">{E(Pp(s.Lift))} [{E(Pp(s.LiftCiLow))} to {E(Pp(s.LiftCiHigh))}]</td><td class=\"num\">{E(double.IsNaN(s.NEff) ? "n/a" : s.NEff.ToString("0", Inv))}</td>");
            sb.Append(Inv, $"<td class=\"num\">{E(double.IsNaN(s.TNw) ? "n/a" : s.TNw.ToString("0.00", Inv))}{(double.IsNaN(s.PAdjusted) ? "" : string.Create(Inv, $" ({s.PAdjusted:0.000})"))}</td><td class=\"num\">{E(Pct(s.WinRateNonoverlap))} ({s.NNonoverlap})</td><td class=\"num\">{E(claimed)}</td>");
            sb.Append(s.Verdict is { } v
                ? $"<td><span class=\"verdict-tag {VerdictCss(v)}\" title=\"{E(s.VerdictReason)}\">{E(v.Text())}</span></td><td><span class=\"verdict-tag {ClaimCss(s.ClaimVerdict)}\" title=\"{E(s.ClaimReason)}\">{E(s.ClaimVerdict.Text())}</span></td></tr>\n"
                : "<td class=\"info\">information only</td><td></td></tr>\n");
        }

        sb.Append("</tbody></table>\n</section>\n");
    }

    private static void ClaimsSection(StringBuilder sb, DeskReport r)
    {
        if (r.Claims is not { } audit)
            return;
        sb.Append("<section id=\"claims\">\n<h2>Claims audit</h2>\n<div class=\"md\" id=\"claims-text\">\n");
        sb.Append(MarkdownToHtml(Claims.ClaimsRenderer.Markdown(audit, "")));
        sb.Append("</div>\n</section>\n");
    }

    private static void JournalSection(StringBuilder sb, DeskReport r)
    {
        var d = r.Date.ToString("yyyy-MM-dd", Inv);
        var (source, score, runs, skipped) = r.Journal;
        var o = score.Overall;
        sb.Append("<section id=\"journal\">\n<h2>Track record (journal)</h2>\n");
        sb.Append(Inv, $"<p>{runs} journaled run{(runs == 1 ? "" : "s")} ({E(source)} data) dated on or before {E(d)}: {o.N} calls matured by {E(d)}, {o.Pending} pending{(skipped > 0 ? $"; {skipped} runs on other data left out" : "")}.</p>\n");
        if (o.N == 0)
        {
            sb.Append("<p class=\"none\" id=\"journal-none\">No journaled call has matured by ").Append(E(d))
                .Append(". Every <code>iwmdesk forecast</code> is journaled; <code>iwmdesk forecast --replay --from YYYY-MM-DD</code> builds a track record from past days.</p>\n</section>\n");
            return;
        }

        sb.Append(Inv, $"<p>Hit rate <strong>{E(JournalRenderer.Pct(o.HitRate))}</strong> ({o.Hits} of {o.Directional} Bullish/Bearish calls); Neutral inside the band {E(JournalRenderer.Pct(o.NeutralHitRate))} ({o.NeutralHits} of {o.Neutral}, band ±{score.NeutralBand:0.00%}·√h); mean return {E(JournalRenderer.Ret(o.MeanReturn))}; Brier {E(JournalRenderer.Brier(o.Brier))} (n={o.BrierN}).</p>\n");
        var skill = JournalRenderer.SkillHeadlines(score);
        if (skill.Count > 0)
        {
            sb.Append("<h3>Skill against the base rate</h3>\n<ul class=\"skill\" id=\"journal-skill\">");
            foreach (var line in skill)
                sb.Append(line.StartsWith(' ') ? "<li class=\"sub\">" : "<li>").Append(E(line.Trim())).Append("</li>");
            sb.Append("</ul>\n<p class=\"note\">Brier skill score = 1 − Brier / climatology Brier (the expanding base rate known at each call's date): above 0 is better than the base rate; the interval is a block bootstrap over the calls in date order. Always long = a Bullish call on the same days.</p>\n");
        }

        sb.Append("<div class=\"row\">\n<div class=\"col\">\n");
        ScoreTable(sb, "By horizon (trading days)", score.ByHorizon);
        ScoreTable(sb, "By call", score.ByCall);
        ScoreTable(sb, "By active tier-1 rule", score.ByRule);
        sb.Append("</div>\n<div class=\"col\">\n<h3>Calibration of P(up) (reliability diagram)</h3>\n");
        var svg = SvgCharts.Calibration(score.Calibration);
        if (svg is null)
        {
            sb.Append("<p class=\"none\">No matured call carries a P(up).</p>\n");
        }
        else
        {
            sb.Append(svg);
            sb.Append("<p class=\"note\">Each dot is a P(up) bucket: the forecasts' mean P(up) against how often IWM was higher after them (dot area ∝ calls). On the diagonal = calibrated.</p>\n");
        }

        sb.Append("<table class=\"calibration\"><thead><tr><th>P(up)</th><th class=\"num\">N</th><th class=\"num\">Mean P(up)</th><th class=\"num\">Up frequency</th></tr></thead><tbody>");
        foreach (var b in score.Calibration.Where(b => b.N > 0))
            sb.Append(Inv, $"<tr><td>{b.Low:0.0}–{b.High:0.0}</td><td class=\"num\">{b.N}</td><td class=\"num\">{E(JournalRenderer.Pct(b.MeanPUp))}</td><td class=\"num\">{E(JournalRenderer.Pct(b.UpFrequency))}</td></tr>");
        sb.Append("</tbody></table>\n</div>\n</div>\n</section>\n");
    }

    private static void ScoreTable(StringBuilder sb, string title, IReadOnlyList<ScoreLine> lines)
    {
        sb.Append("<h3>").Append(E(title)).Append("</h3>\n<table class=\"score\"><thead><tr><th>Group</th><th class=\"num\">N</th><th class=\"num\">Hit rate</th><th class=\"num\">Neutral in band</th><th class=\"num\">Mean return</th><th class=\"num\">Brier</th><th class=\"num\">Pending</th></tr></thead><tbody>");
        foreach (var l in lines)
        {
            sb.Append(Inv, $"<tr><td>{E(l.Key)}</td><td class=\"num\">{l.N}</td><td class=\"num\">{E(JournalRenderer.Pct(l.HitRate))} ({l.Hits}/{l.Directional})</td><td class=\"num\">{E(JournalRenderer.Pct(l.NeutralHitRate))} ({l.NeutralHits}/{l.Neutral})</td><td class=\"num\">{E(JournalRenderer.Ret(l.MeanReturn))}</td><td class=\"num\">{E(JournalRenderer.Brier(l.Brier))}</td><td class=\"num\">{l.Pending}</td></tr>");
        }

        sb.Append("</tbody></table>\n");
    }

    private static void Footer(StringBuilder sb, DeskReport r, PageOptions o)
    {
        sb.Append("<footer>\n<p>Store: ").Append(E(r.StoreLocation)).Append(" · every number above uses data dated on or before ")
            .Append(E(r.Date.ToString("yyyy-MM-dd", Inv))).Append(" only.");
        if (o.GeneratedAt is { } at)
            sb.Append(" Generated ").Append(E(at.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv)));
        sb.Append(" Charts: TradingView Lightweight Charts™ (Apache-2.0).</p>\n");
        if (o.Dashboard)
        {
            var d = E(r.Date.ToString("yyyy-MM-dd", Inv));
            sb.Append("<p class=\"api\">JSON API: <a href=\"/api/forecast?date=").Append(d).Append("\">/api/forecast?date=").Append(d)
                .Append("</a> · <a href=\"/api/workflow?date=").Append(d).Append("\">/api/workflow?date=").Append(d)
                .Append("</a> · <a href=\"/api/panel?from=").Append(d).Append("&amp;to=").Append(d).Append("\">/api/panel?from=&amp;to=</a>")
                .Append(" · <a href=\"/api/backtest\">/api/backtest</a> · <a href=\"/api/journal/score\">/api/journal/score</a></p>\n");
        }

        sb.Append("</footer>\n");
    }

    private static string DropTitle(string markdown) =>
        markdown.StartsWith("# ", StringComparison.Ordinal) && markdown.IndexOf('\n', StringComparison.Ordinal) is var nl and > 0
            ? markdown[(nl + 1)..]
            : markdown;

    private static string GexUnit(DeskReport r) => ReportChartData.GexScale(r.View.TryGet(Panel.PanelColumns.Gex)).Unit;

    private static string GexSourceText(DeskReport r)
    {
        var s = r.Forecast.State.GexSource;
        return string.IsNullOrEmpty(s) ? "none on this date" : s;
    }

    private static string BiasCss(string bias) => bias.ToUpperInvariant() switch
    {
        var b when b.Contains("BULL", StringComparison.Ordinal) => "up",
        var b when b.Contains("BEAR", StringComparison.Ordinal) => "down",
        _ => "flat",
    };

    private static string VerdictCss(EdgeVerdict verdict) => verdict switch
    {
        EdgeVerdict.Edge => "ok",
        EdgeVerdict.NoEdge => "bad",
        _ => "thin",
    };

    private static string ClaimCss(ClaimVerdict? verdict) => verdict switch
    {
        ClaimVerdict.Holds or ClaimVerdict.Understated => "ok",
        ClaimVerdict.Overstated => "bad",
        _ => "thin",
    };

    private static string Fact(object? value) => value switch
    {
        null => "n/a",
        double v when !double.IsFinite(v) => "n/a",
        double v => v.ToString("0.######", Inv),
        IFormattable f => f.ToString(null, Inv),
        _ => value.ToString() ?? "",
    };

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("0.0%", Inv) : "n/a";

    private static string Pp(double v) => double.IsFinite(v) ? (v * 100).ToString("+0.0;-0.0;0.0", Inv) + " pp" : "n/a";

    private static string Ret(double v) => double.IsFinite(v) ? v.ToString("+0.00%;-0.00%;0.00%", Inv) : "n/a";

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
