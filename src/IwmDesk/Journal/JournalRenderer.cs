using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Text;

namespace IwmDesk.Journal;

/// <summary>The journal as JSON, CSV and Markdown. Pure: returns strings.</summary>
public static class JournalRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The runs as a JSON array, each with its calls.</summary>
    public static string ListJson(IReadOnlyList<JournalEntry> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var array = new JsonArray();
        foreach (var r in runs)
            array.Add(EntryJson(r));
        return array.ToJsonString(JsonOutput.Options);
    }

    /// <summary>CSV, one row per call (a run without calls gets one row with empty call columns).</summary>
    public static string ListCsv(IReadOnlyList<JournalEntry> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var sb = new StringBuilder("run_id,kind,mode,created_at,as_of,data_source,source,call,probability,p_up,horizon,rules,regime,conviction,tool_version,data_hash,rules_hash\n");
        foreach (var r in runs)
        {
            var calls = r.Calls.Count == 0 ? [null] : r.Calls.Cast<JournalCallRow?>();
            foreach (var c in calls)
            {
                string[] cells =
                [
                    r.RunId, r.Kind.Text(), r.Mode.Text(), r.CreatedAt, r.AsOf.ToString("yyyy-MM-dd", Inv), r.DataSource,
                    c?.Source ?? "", c?.Direction ?? "", Number(c?.Probability), Number(c?.PUp),
                    c is null ? "" : c.Horizon.ToString(Inv), c is null ? "" : string.Join(';', c.Rules), c?.Regime ?? "", c?.Conviction ?? "",
                    r.ToolVersion, r.DataHash, r.RulesHash,
                ];
                sb.AppendJoin(',', cells.Select(CsvText.Field)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>One run in full as JSON: metadata, calls, payload, steps with their model calls.</summary>
    public static string ShowJson(JournalEntryDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var o = EntryJson(detail.Entry);
        o["payload"] = detail.Payload?.DeepClone();
        var steps = new JsonArray();
        foreach (var s in detail.Steps)
        {
            var calls = new JsonArray();
            foreach (var m in s.ModelCalls)
            {
                calls.Add(new JsonObject
                {
                    ["seq"] = m.Seq,
                    ["step"] = m.Step,
                    ["attempt"] = m.Attempt,
                    ["model"] = m.Model,
                    ["base_url"] = m.BaseUrl,
                    ["started_at"] = m.StartedAt,
                    ["latency_ms"] = m.LatencyMs,
                    ["raw_reply"] = m.RawReply,
                    ["parsed_answer"] = m.ParsedAnswer?.DeepClone(),
                    ["grounding"] = m.Grounding?.DeepClone(),
                    ["prompt_tokens"] = m.PromptTokens,
                    ["completion_tokens"] = m.CompletionTokens,
                    ["error"] = m.Error,
                    ["record"] = m.Record?.DeepClone(),
                });
            }

            steps.Add(new JsonObject
            {
                ["seq"] = s.Seq,
                ["step"] = s.Step,
                ["status"] = s.Status,
                ["reason"] = s.Reason,
                ["prompt"] = s.Prompt,
                ["answer"] = s.Answer?.DeepClone(),
                ["model_answer"] = s.ModelAnswer?.DeepClone(),
                ["ungrounded"] = s.Ungrounded?.DeepClone(),
                ["prompt_tokens"] = s.PromptTokens,
                ["completion_tokens"] = s.CompletionTokens,
                ["model_calls"] = calls,
            });
        }

        o["steps"] = steps;
        return o.ToJsonString(JsonOutput.Options);
    }

    /// <summary>One run in full as Markdown.</summary>
    public static string ShowMarkdown(JournalEntryDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var e = detail.Entry;
        var sb = new StringBuilder();
        sb.Append(Inv, $"# Journal run {e.RunId}\n\n");
        sb.Append("| | |\n|---|---|\n");
        sb.Append(Inv, $"| Kind | {e.Kind.Text()} ({e.Mode.Text()}) |\n| Created | {e.CreatedAt} |\n| As of | {e.AsOf:yyyy-MM-dd} |\n");
        if (e.RequestedDate is { } asked && asked != e.AsOf)
            sb.Append(Inv, $"| Requested | {asked:yyyy-MM-dd} (no IWM bar: the as-of rule used the trading day before it) |\n");
        sb.Append(Inv, $"| Data | {e.DataSource} |\n| Tool version | {e.ToolVersion} |\n| Data hash | `{e.DataHash}` |\n| Rules hash | `{e.RulesHash}` |\n\n");
        sb.Append("## Calls\n\n");
        if (e.Calls.Count == 0)
        {
            sb.Append("None.\n\n");
        }
        else
        {
            sb.Append("| Source | Call | Probability | P(up) | Horizon | Tier-1 rules | Regime | Conviction |\n|---|---|---:|---:|---:|---|---|---|\n");
            foreach (var c in e.Calls)
            {
                sb.Append(Inv, $"| {c.Source} | {c.Direction} | {Pct(c.Probability)} | {Pct(c.PUp)} | {c.Horizon}d | {(c.Rules.Count == 0 ? "—" : string.Join(", ", c.Rules))} | {c.Regime ?? "—"} | {c.Conviction ?? "—"} |\n");
            }

            sb.Append('\n');
        }

        sb.Append("## Steps\n\n");
        foreach (var s in detail.Steps)
        {
            sb.Append(Inv, $"### {s.Seq}. {s.Step} — {s.Status}{(s.Reason is null ? "" : $": {s.Reason}")}\n\n");
            if (s.Prompt is not null)
                sb.Append("Prompt:\n\n```text\n").Append(s.Prompt.TrimEnd()).Append("\n```\n\n");
            if (s.Answer is not null)
                sb.Append("Answer:\n\n```json\n").Append(s.Answer.ToJsonString(JsonOutput.Options)).Append("\n```\n\n");
            if (s.Ungrounded is not null)
                sb.Append("Ungrounded numbers: `").Append(s.Ungrounded.ToJsonString(JsonOutput.Compact)).Append("`\n\n");
            foreach (var m in s.ModelCalls)
            {
                sb.Append(Inv, $"#### Model call {m.Seq} (attempt {m.Attempt}, {m.Model} at {m.BaseUrl}, {m.LatencyMs:0} ms, {m.PromptTokens}+{m.CompletionTokens} tokens)\n\n");
                if (m.Error is not null)
                    sb.Append("Error: ").Append(m.Error).Append("\n\n");
                if (m.RawReply is not null)
                    sb.Append("Raw reply:\n\n```text\n").Append(m.RawReply.TrimEnd()).Append("\n```\n\n");
                if (m.ParsedAnswer is not null)
                    sb.Append("Parsed:\n\n```json\n").Append(m.ParsedAnswer.ToJsonString(JsonOutput.Options)).Append("\n```\n\n");
                if (m.Grounding is not null)
                    sb.Append("Grounding: `").Append(m.Grounding.ToJsonString(JsonOutput.Compact)).Append("`\n\n");
            }
        }

        sb.Append("## Payload\n\n```json\n").Append(detail.Payload?.ToJsonString(JsonOutput.Options) ?? "null").Append("\n```\n");
        return sb.ToString();
    }

    /// <summary>
    /// The score as JSON: <c>overall{n, hit_rate, mean_return, brier, pending, ...}</c>, <c>by_horizon[]</c>,
    /// <c>by_call[]</c>, <c>by_rule[]</c>, <c>by_regime[]</c>, <c>by_conviction[]</c>, <c>calibration[]</c>.
    /// </summary>
    public static string ScoreJson(JournalScore score, string dataSource, int runs, int skippedOtherSource)
    {
        ArgumentNullException.ThrowIfNull(score);
        var o = new JsonObject
        {
            ["data_source"] = dataSource,
            ["runs"] = runs,
            ["skipped_other_source"] = skippedOtherSource,
            ["neutral_band"] = score.NeutralBand,
            ["superseded_runs"] = score.SupersededRuns,
            ["skill"] = new JsonArray([.. score.Skill.Select(k => (JsonNode)new JsonObject
            {
                ["kind"] = k.Kind.Text(),
                ["horizon"] = k.Horizon,
                ["n"] = k.N,
                ["brier"] = Num(k.Brier),
                ["climatology_brier"] = Num(k.ClimatologyBrier),
                ["brier_skill_score"] = Num(k.SkillScore),
                ["brier_skill_ci_low"] = Num(k.SkillLow),
                ["brier_skill_ci_high"] = Num(k.SkillHigh),
                ["directional"] = k.Directional,
                ["hit_rate"] = Num(k.HitRate),
                ["always_long_hit_rate"] = Num(k.AlwaysLongHitRate),
                ["up_rate"] = Num(k.UpRate),
                ["calibrated_n"] = k.CalibratedN,
                ["calibrated_brier"] = Num(k.CalibratedBrier),
                ["raw_brier_calibrated_calls"] = Num(k.RawBrierCalibratedCalls),
                ["calibrated_brier_skill_score"] = Num(k.CalibratedSkillScore),
                ["by_call"] = new JsonArray([.. k.ByCall.Select(c => (JsonNode)new JsonObject
                {
                    ["call"] = c.Call,
                    ["n"] = c.N,
                    ["hit_rate"] = Num(c.HitRate),
                    ["base_rate"] = Num(c.BaseRate),
                })]),
            })]),
            ["steps"] = new JsonArray([.. score.Steps.Select(t => (JsonNode)new JsonObject
            {
                ["step"] = t.Step,
                ["horizon"] = t.Horizon,
                ["n"] = t.N,
                ["hits"] = t.Hits,
                ["hit_rate"] = Num(t.HitRate),
                ["base_rate"] = Num(t.BaseRate),
                ["lift"] = Num(t.Lift),
                ["lift_ci_low"] = Num(t.LiftLow),
                ["lift_ci_high"] = Num(t.LiftHigh),
                ["neutral"] = t.Neutral,
                ["pending"] = t.Pending,
                ["verdict"] = t.Verdict,
            })]),
            ["overall"] = Line(score.Overall, null),
            ["by_horizon"] = Lines(score.ByHorizon, "horizon", numericKey: true),
            ["by_call"] = Lines(score.ByCall, "call"),
            ["by_rule"] = Lines(score.ByRule, "rule"),
            ["by_regime"] = Lines(score.ByRegime, "regime"),
            ["by_conviction"] = Lines(score.ByConviction, "conviction"),
            ["calibration"] = new JsonArray([.. score.Calibration.Select(b => (JsonNode)new JsonObject
            {
                ["bucket"] = string.Create(Inv, $"{b.Low:0.0}-{b.High:0.0}"),
                ["low"] = b.Low,
                ["high"] = b.High,
                ["n"] = b.N,
                ["mean_p_up"] = Num(b.MeanPUp),
                ["up_frequency"] = Num(b.UpFrequency),
            })]),
        };
        return o.ToJsonString(JsonOutput.Options);
    }

    /// <summary>
    /// One headline per kind and horizon (forecast and workflow apart): Brier skill score with its 95% interval against
    /// climatology, and the hit rate against always long over the same days, then each call type against its base rate.
    /// </summary>
    public static IReadOnlyList<string> SkillHeadlines(JournalScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var lines = new List<string>();
        foreach (var k in score.Skill)
        {
            lines.Add(string.Create(Inv,
                $"{Title(k.Kind.Text())} {k.Horizon}d: Brier skill score {Signed(k.SkillScore)} [95% {Signed(k.SkillLow)} to {Signed(k.SkillHigh)}] vs the base rate (Brier {Brier(k.Brier)} vs climatology {Brier(k.ClimatologyBrier)}, n={k.N}); hit rate {Pct(k.HitRate)} vs always long {Pct(k.AlwaysLongHitRate)} on the same {k.Directional} days."));
            lines.Add(k.CalibratedN > 0
                ? string.Create(Inv, $"  Calibrated P(up) (isotonic, walk-forward): Brier {Brier(k.CalibratedBrier)} vs raw {Brier(k.RawBrierCalibratedCalls)} on the same {k.CalibratedN} calls, skill score {Signed(k.CalibratedSkillScore)}.")
                : string.Create(Inv, $"  Calibrated P(up): not yet ({Forecast.ForecastCalibration.MinCalls} matured calls are needed before a call's date)."));
            if (k.ByCall.Count > 0)
                lines.Add("  " + string.Join("; ", k.ByCall.Select(c => string.Create(Inv, $"{c.Call} {Pct(c.HitRate)} (n={c.N}) vs base {Pct(c.BaseRate)}"))) + ".");
        }

        return lines;

        static string Title(string kind) => kind.Length == 0 ? kind : char.ToUpperInvariant(kind[0]) + kind[1..];

        static string Signed(double v) => double.IsFinite(v) ? (v * 100).ToString("+0.00;-0.00;0.00", Inv) + "%" : "n/a";
    }

    /// <summary>One line per workflow step with a journaled answer: its track record against the base rate.</summary>
    public static IReadOnlyList<string> StepHeadlines(JournalScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return [.. score.Steps.Select(t => $"Step {t.Step}: {t.Line()}.")];
    }

    /// <summary>A percentage for tables ("n/a" for none).</summary>
    public static string Pct(double? v) => v is { } d && double.IsFinite(d) ? d.ToString("0.0%", Inv) : "n/a";

    /// <summary>A signed percentage for returns ("n/a" for none).</summary>
    public static string Ret(double v) => double.IsFinite(v) ? v.ToString("+0.00%;-0.00%;0.00%", Inv) : "n/a";

    /// <summary>A Brier score for tables ("n/a" for none).</summary>
    public static string Brier(double v) => double.IsFinite(v) ? v.ToString("0.0000", Inv) : "n/a";

    private static JsonArray Lines(IReadOnlyList<ScoreLine> lines, string key, bool numericKey = false) =>
        new([.. lines.Select(l => (JsonNode)Line(l, (key, numericKey)))]);

    private static JsonObject Line(ScoreLine l, (string Name, bool Numeric)? key)
    {
        var o = new JsonObject();
        if (key is { } k)
            o[k.Name] = k.Numeric ? JsonValue.Create(int.Parse(l.Key, Inv)) : JsonValue.Create(l.Key);
        o["n"] = l.N;
        o["hit_rate"] = Num(l.HitRate);
        o["mean_return"] = Num(l.MeanReturn);
        o["brier"] = Num(l.Brier);
        o["pending"] = l.Pending;
        o["directional"] = l.Directional;
        o["hits"] = l.Hits;
        o["neutral"] = l.Neutral;
        o["neutral_hits"] = l.NeutralHits;
        o["neutral_hit_rate"] = Num(l.NeutralHitRate);
        o["brier_n"] = l.BrierN;
        return o;
    }

    private static JsonObject EntryJson(JournalEntry r) => new()
    {
        ["run_id"] = r.RunId,
        ["kind"] = r.Kind.Text(),
        ["mode"] = r.Mode.Text(),
        ["created_at"] = r.CreatedAt,
        ["as_of"] = r.AsOf.ToString("yyyy-MM-dd", Inv),
        ["requested_date"] = r.RequestedDate?.ToString("yyyy-MM-dd", Inv),
        ["data_source"] = r.DataSource,
        ["tool_version"] = r.ToolVersion,
        ["data_hash"] = r.DataHash,
        ["rules_hash"] = r.RulesHash,
        ["steps"] = r.StepCount,
        ["model_calls"] = r.ModelCallCount,
        ["calls"] = new JsonArray([.. r.Calls.Select(c => (JsonNode)new JsonObject
        {
            ["source"] = c.Source,
            ["call"] = c.Direction,
            ["probability"] = Num(c.Probability),
            ["p_up"] = Num(c.PUp),
            ["horizon"] = c.Horizon,
            ["rules"] = new JsonArray([.. c.Rules.Select(x => (JsonNode)JsonValue.Create(x))]),
            ["regime"] = c.Regime,
            ["conviction"] = c.Conviction,
        })]),
    };

    private static JsonNode? Num(double? v) => v is { } d ? JsonNumbers.Number(d) : null;

    private static string Number(double? v) => v is { } d ? JsonNumbers.Csv(d) : "";
}
