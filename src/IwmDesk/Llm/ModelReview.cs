using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Analysts;
using IwmDesk.Forecast;
using IwmDesk.Text;
using IwmDesk.Workflow;

namespace IwmDesk.Llm;

/// <summary>One step as a model read it, beside the desk's own reading.</summary>
/// <param name="Step">Step name (regime, kre, flow, positioning, earnings, forecast).</param>
/// <param name="DeskBias">The deterministic analyst's bias (or call).</param>
/// <param name="ModelBias">The bias (or call) in the answer used — the model's, or the desk's after a fallback.</param>
/// <param name="Result">The client's result: status, answer, grounding, calls, tokens.</param>
public sealed record ReviewedStep(string Step, string DeskBias, string? ModelBias, StepResult Result)
{
    /// <summary>True when the model's answer was used and its bias differs from the desk's.</summary>
    public bool Disagrees => Result.Status != StepStatus.Fallback && ModelBias is not null
        && !string.Equals(ModelBias, DeskBias, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a model said about a workflow or forecast, step by step, with the run's token and status summary.</summary>
public sealed record ModelReview(IReadOnlyList<ReviewedStep> Steps, RunSummary Summary)
{
    /// <summary>The review as a JSON object (no key; each call's messages, raw reply, parsed answer, grounding, tokens).</summary>
    public JsonObject ToJson(bool includeCalls = true)
    {
        var steps = new JsonArray();
        foreach (var s in Steps)
        {
            var o = new JsonObject
            {
                ["step"] = s.Step,
                ["status"] = s.Result.Status.ToString().ToLowerInvariant(),
                ["reason"] = s.Result.Reason,
                ["desk_bias"] = s.DeskBias,
                ["model_bias"] = s.ModelBias,
                ["disagrees"] = s.Disagrees,
                ["answer"] = s.Result.Answer.DeepClone(),
                ["ungrounded_numbers"] = System.Text.Json.JsonSerializer.SerializeToNode(s.Result.UngroundedNumbers, JsonOutput.Options),
                ["prompt_tokens"] = s.Result.PromptTokens,
                ["completion_tokens"] = s.Result.CompletionTokens,
            };
            if (includeCalls)
                o["calls"] = System.Text.Json.JsonSerializer.SerializeToNode(s.Result.Calls, JsonOutput.Options);
            steps.Add(o);
        }

        return new JsonObject
        {
            ["model"] = Summary.Model,
            ["base_url"] = Summary.BaseUrl,
            ["prompt_tokens"] = Summary.PromptTokens,
            ["completion_tokens"] = Summary.CompletionTokens,
            ["total_tokens"] = Summary.TotalTokens,
            ["token_budget"] = Summary.TokenBudget,
            ["budget_reached"] = Summary.BudgetReached,
            ["any_fallback"] = Summary.AnyFallback,
            ["any_ungrounded"] = Summary.AnyUngrounded,
            ["steps"] = steps,
        };
    }

    /// <summary>A Markdown section: each step's status, the model's narrative, disagreements and ungrounded numbers.</summary>
    public string ToMarkdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"\n## Model review ({Summary.Model} at {Summary.BaseUrl})\n\n");
        sb.Append("The desk owns the numbers and the checklist; the model writes words, and every number it writes is checked against the facts it was given.\n\n");
        foreach (var s in Steps)
        {
            var status = s.Result.Status switch
            {
                StepStatus.Ok => "ok",
                StepStatus.Ungrounded => "UNGROUNDED",
                _ => "fell back to the desk's answer",
            };
            sb.Append(inv, $"### {s.Step} — {status}\n\n");
            if (s.Result.Reason is { } reason)
                sb.Append(inv, $"_{reason}_\n\n");
            if (s.Result.Answer["narrative"]?.GetValue<string>() is { } narrative && s.Result.Status != StepStatus.Fallback)
                sb.Append(narrative).Append("\n\n");
            if (s.Disagrees)
                sb.Append(inv, $"**The model reads {s.ModelBias}; the desk reads {s.DeskBias}.**\n\n");
            if (s.Result.UngroundedNumbers.Count > 0)
                sb.Append(inv, $"Numbers not in the facts: {string.Join(", ", s.Result.UngroundedNumbers.Select(u => $"{u.Text} (in {u.Field})"))}\n\n");
            sb.Append(inv, $"Tokens: {s.Result.PromptTokens} prompt + {s.Result.CompletionTokens} completion.\n\n");
        }

        sb.Append(inv, $"Total tokens: {Summary.TotalTokens} ({Summary.PromptTokens} prompt, {Summary.CompletionTokens} completion)");
        sb.Append(Summary.TokenBudget is { } b ? string.Create(inv, $" of a {b} budget{(Summary.BudgetReached ? " — budget reached" : "")}.\n") : ".\n");
        return sb.ToString();
    }
}

/// <summary>
/// Sends each workflow step (or the forecast) to a chat model: the step's rendered prompt plus the analyst's facts,
/// asking for the step's JSON schema; the desk's own answer is the fallback. Steps the desk could not answer (n/a) are
/// not sent. The checklist and the forecast's calls stay the desk's: the model's reading is shown beside them.
/// </summary>
public static class ModelReviewer
{
    /// <summary>Reviews every step of a workflow, in order.</summary>
    public static async Task<ModelReview> ReviewAsync(WorkflowResult workflow, ChatStepClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(client);
        var steps = new List<ReviewedStep>();
        foreach (var step in workflow.Steps)
        {
            var (name, schema, fallback) = Describe(step);
            var request = new StepRequest { Step = name, Prompt = step.Prompt.Text, Facts = step.Facts, Schema = schema, Fallback = fallback };
            var result = step.Bias == Bias.NotAvailable
                ? StepResult.Deterministic(request, "not sent: the desk has no data for this step (" + step.Summary + ")")
                : await client.RunStepAsync(request, cancellationToken).ConfigureAwait(false);
            steps.Add(new ReviewedStep(name, step.Bias.Text(), result.Answer["bias"]?.GetValue<string>(), result));
        }

        return new ModelReview(steps, client.Summary());
    }

    /// <summary>Reviews a forecast: the quant-analyst prompt with the forecast's facts.</summary>
    public static async Task<ModelReview> ReviewAsync(ForecastResult forecast, string prompt, ChatStepClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(client);
        var request = new StepRequest
        {
            Step = "forecast",
            Prompt = prompt,
            Facts = ForecastFacts(forecast),
            Schema = StepSchemas.Forecast,
            Fallback = new JsonObject
            {
                ["tomorrow"] = new JsonObject { ["call"] = forecast.Tomorrow.Call.ToLowerInvariant(), ["probability"] = Math.Round(forecast.Tomorrow.Probability, 4) },
                ["next_5_days"] = new JsonObject { ["call"] = forecast.Next5Days.Call.ToLowerInvariant(), ["probability"] = Math.Round(forecast.Next5Days.Probability, 4) },
                ["strategy"] = $"{forecast.Strategy.Name}: {forecast.Strategy.Text} Invalidation: {forecast.Strategy.Invalidation}.",
                ["narrative"] = forecast.Tomorrow.Assessment + " " + forecast.Next5Days.Assessment,
            },
        };
        var result = await client.RunStepAsync(request, cancellationToken).ConfigureAwait(false);
        var modelCall = result.Answer["next_5_days"]?["call"]?.GetValue<string>();
        return new ModelReview([new ReviewedStep("forecast", forecast.Next5Days.Call.ToLowerInvariant(), modelCall, result)], client.Summary());
    }

    /// <summary>The numbers and labels of a forecast a model may quote.</summary>
    public static IReadOnlyDictionary<string, object?> ForecastFacts(ForecastResult f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var s = f.State;
        var facts = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["date"] = f.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["close"] = R(s.Close),
            ["sma50"] = R(s.Sma50),
            ["sma200"] = R(s.Sma200),
            ["trend"] = s.Trend,
            ["rsi14"] = R(s.Rsi14),
            ["gex_sign"] = s.GexSign,
            ["vix"] = R(s.Vix),
            ["dp_ratio"] = R(s.DpRatio),
            ["bollinger_position"] = s.BollingerPosition,
            ["bb_lower"] = R(s.BbLower),
            ["bb_upper"] = R(s.BbUpper),
            ["gamma_flip"] = s.GammaFlip is { } g ? R(g) : null,
            ["tomorrow_call"] = f.Tomorrow.Call,
            ["tomorrow_probability"] = R(f.Tomorrow.Probability),
            ["tomorrow_baseline"] = R(f.Tomorrow.BaselinePUp),
            ["next_5_days_call"] = f.Next5Days.Call,
            ["next_5_days_probability"] = R(f.Next5Days.Probability),
            ["next_5_days_baseline"] = R(f.Next5Days.BaselinePUp),
            ["strategy"] = f.Strategy.Name,
            ["invalidation_level"] = f.Strategy.InvalidationLevel is { } l ? R(l) : null,
        };
        foreach (var a in f.ActiveSignals)
        {
            foreach (var e in a.Edges)
            {
                var key = $"{a.Name}_{e.Horizon}d";
                facts[key + "_n"] = e.N;
                facts[key + "_win_rate"] = R(e.WinRate);
                facts[key + "_mean"] = R(e.Mean);
                facts[key + "_ci_low"] = R(e.CiLow);
                facts[key + "_ci_high"] = R(e.CiHigh);
            }
        }

        return facts;
    }

    private static double R(double v) => Math.Round(v, 6);

    private static (string Name, AnswerSchema Schema, JsonObject Fallback) Describe(WorkflowStep step)
    {
        var narrative = step.Summary;
        switch (step.Result)
        {
            case MacroRegimeResult m:
                var analogs = new JsonArray();
                foreach (var a in m.Analogs)
                    analogs.Add(new JsonObject { ["date"] = a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["catalyst"] = a.Catalyst });
                return ("regime", StepSchemas.Regime, new JsonObject
                {
                    ["regime"] = m.Regime.Text(),
                    ["bias"] = BiasOrNeutral(m.Bias),
                    ["analogs"] = analogs,
                    ["risk"] = m.KeyRisk?.Text ?? "n/a",
                    ["narrative"] = narrative,
                });
            case KrePressureResult k:
                return ("kre", StepSchemas.Kre, new JsonObject { ["verdict"] = k.Verdict.Text(), ["bias"] = BiasOrNeutral(k.Bias), ["narrative"] = narrative });
            case FlowClassification c:
                return ("flow", StepSchemas.Flow, new JsonObject
                {
                    ["classification"] = c.Class.Text(),
                    ["intent"] = c.Intent,
                    ["confirming_indicator"] = c.ConfirmingIndicator,
                    ["narrative"] = narrative,
                });
            case EarningsRevisionResult e:
                return ("earnings", StepSchemas.Earnings, new JsonObject { ["net_score"] = e.Label.Text(), ["bias"] = BiasOrNeutral(e.Bias), ["narrative"] = narrative });
            default:
                return ("positioning", StepSchemas.Positioning, new JsonObject { ["bias"] = BiasOrNeutral(step.Bias), ["narrative"] = narrative });
        }
    }

    private static string BiasOrNeutral(Bias bias) => (bias == Bias.NotAvailable ? Bias.Neutral : bias).Text();
}
