using System.Reflection;
using System.Text.Json.Nodes;
using IwmDesk.Analysts;
using IwmDesk.Llm;

namespace IwmDesk.Journal;

/// <summary>The kinds of run the journal keeps (stored, printed and serialised as "forecast" and "workflow").</summary>
public enum JournalKind
{
    /// <summary>An <c>iwmdesk forecast</c> run.</summary>
    Forecast,

    /// <summary>An <c>iwmdesk workflow</c> run.</summary>
    Workflow,
}

/// <summary>How a run came about (stored, printed and serialised as "live" and "replay").</summary>
public enum JournalMode
{
    /// <summary>Run by a user for the date it was asked about.</summary>
    Live,

    /// <summary>Rebuilt for a past date from the data up to that date (<c>--replay</c>).</summary>
    Replay,
}

/// <summary>The words a journal kind and mode are stored and printed with, and their parsing at the store boundary.</summary>
public static class JournalVocabulary
{
    /// <summary>The kind's text: "forecast" or "workflow" (the journal_runs.kind column).</summary>
    public static string Text(this JournalKind k) => k switch
    {
        JournalKind.Forecast => "forecast",
        JournalKind.Workflow => "workflow",
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    /// <summary>The mode's text: "live" or "replay" (the journal_runs.mode column).</summary>
    public static string Text(this JournalMode m) => m switch
    {
        JournalMode.Live => "live",
        JournalMode.Replay => "replay",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    /// <summary>The kind stored as <paramref name="text"/>, or null when it is neither "forecast" nor "workflow".</summary>
    public static JournalKind? ParseKind(string? text) => text switch
    {
        "forecast" => JournalKind.Forecast,
        "workflow" => JournalKind.Workflow,
        _ => null,
    };

    /// <summary>The mode stored as <paramref name="text"/>, or null when it is neither "live" nor "replay".</summary>
    public static JournalMode? ParseMode(string? text) => text switch
    {
        "live" => JournalMode.Live,
        "replay" => JournalMode.Replay,
        _ => null,
    };
}

/// <summary>What a journal step record says about how its answer was obtained.</summary>
public static class JournalStepStatus
{
    /// <summary>No model was asked: the answer is the deterministic analyst's (e.g. <c>iwmdesk forecast</c>).</summary>
    public const string Deterministic = "deterministic";

    /// <summary>The text of a model step's status (ok, ungrounded, fallback).</summary>
    public static string Of(StepStatus status) => status switch
    {
        StepStatus.Ok => "ok",
        StepStatus.Ungrounded => "ungrounded",
        _ => "fallback",
    };
}

/// <summary>The version of this build of iwmdesk, as journaled with every run.</summary>
public static class ToolInfo
{
    /// <summary>The library's informational version (e.g. <c>0.1.0+3f2a…</c> with the commit when built from git).</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}

/// <summary>
/// One directional call a run made: Bullish / Bearish / Neutral over <see cref="Horizon"/> trading days, with the
/// probability of the called direction and P(up), and the tags the score is broken down by.
/// </summary>
public sealed record JournalCall
{
    /// <summary>Which part of the run made the call (e.g. <c>tomorrow</c>, <c>next_5_days</c>, a workflow step).</summary>
    public required string Source { get; init; }

    /// <summary>Bullish, Bearish or Neutral (any case is accepted and normalised on write).</summary>
    public required string Direction { get; init; }

    /// <summary>Probability of the called direction (a fraction), when the run gave one.</summary>
    public double? Probability { get; init; }

    /// <summary>P(IWM's adjusted close higher after <see cref="Horizon"/> days), when known: what the Brier score uses.</summary>
    public double? PUp { get; init; }

    /// <summary>Horizon in IWM trading days after the as-of date (≥ 1).</summary>
    public required int Horizon { get; init; }

    /// <summary>The tier-1 rules active on the as-of date.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>The macro regime the run saw (workflow), or null.</summary>
    public string? Regime { get; init; }

    /// <summary>The run's conviction (workflow), or null.</summary>
    public string? Conviction { get; init; }

    /// <summary>
    /// The journal's spelling of a direction, as journal_calls.direction stores it: "Bullish", "Bearish" or "Neutral"
    /// (n/a is not a call: an argument error).
    /// </summary>
    public static string DirectionText(Bias direction) => direction switch
    {
        Bias.Bullish => "Bullish",
        Bias.Bearish => "Bearish",
        Bias.Neutral => "Neutral",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), $"a call is Bullish, Bearish or Neutral, not '{direction.Text()}'"),
    };

    /// <summary>
    /// "bullish" / "BULLISH" / "Bullish" → "Bullish" (read by <see cref="Biases.ParseDirection"/>, the one parse of a
    /// direction's spellings); anything else is an argument error.
    /// </summary>
    public static string NormalizeDirection(string direction)
    {
        ArgumentNullException.ThrowIfNull(direction);
        return Biases.ParseDirection(direction) is { } d
            ? DirectionText(d)
            : throw new ArgumentOutOfRangeException(nameof(direction), $"a call is Bullish, Bearish or Neutral, not '{direction}'");
    }
}

/// <summary>
/// One step of a run as journaled: the rendered prompt, how the answer was obtained, the answer, and every model call
/// made for it (raw reply, parsed answer, grounding, tokens).
/// </summary>
public sealed record JournalStep
{
    /// <summary>The step's name (forecast, regime, kre, flow, earnings, ...).</summary>
    public required string Step { get; init; }

    /// <summary>The rendered prompt.</summary>
    public string? Prompt { get; init; }

    /// <summary>ok, ungrounded, fallback (see <see cref="StepStatus"/>) or deterministic (no model asked).</summary>
    public required string Status { get; init; }

    /// <summary>Why the step is not ok.</summary>
    public string? Reason { get; init; }

    /// <summary>The answer used.</summary>
    public JsonObject? Answer { get; init; }

    /// <summary>The model's last schema-valid answer, if any.</summary>
    public JsonObject? ModelAnswer { get; init; }

    /// <summary>Numbers in the model's answer matching no fact.</summary>
    public IReadOnlyList<UngroundedNumber> Ungrounded { get; init; } = [];

    /// <summary>Prompt tokens of the step's calls.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Completion tokens of the step's calls.</summary>
    public int CompletionTokens { get; init; }

    /// <summary>Every model call made for the step, in order.</summary>
    public IReadOnlyList<ModelCallRecord> ModelCalls { get; init; } = [];

    /// <summary>A model step's record from its <see cref="StepResult"/> and the prompt that was rendered for it.</summary>
    public static JournalStep From(StepResult result, string? prompt)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JournalStep
        {
            Step = result.Step,
            Prompt = prompt,
            Status = JournalStepStatus.Of(result.Status),
            Reason = result.Reason,
            Answer = result.Answer,
            ModelAnswer = result.ModelAnswer,
            Ungrounded = result.UngroundedNumbers,
            PromptTokens = result.PromptTokens,
            CompletionTokens = result.CompletionTokens,
            ModelCalls = result.Calls,
        };
    }
}

/// <summary>
/// A run to journal: a <c>forecast</c> or <c>workflow</c> output with its as-of date, the hashes of its inputs, its JSON
/// payload, its steps (prompts and model calls) and the directional calls extracted from it.
/// </summary>
public sealed record JournalRun
{
    /// <summary>The run id; null to have one generated on write (time-ordered: <c>yyyyMMddTHHmmssfff-xxxxxx</c>).</summary>
    public string? RunId { get; init; }

    /// <summary>When the run was made; null for now (UTC).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>A forecast or a workflow run.</summary>
    public required JournalKind Kind { get; init; }

    /// <summary>Live (the default) or replay.</summary>
    public JournalMode Mode { get; init; } = JournalMode.Live;

    /// <summary>The date the run is about: only data up to it was used.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>
    /// The date that was asked for, when it differs from <see cref="AsOf"/> (a weekend, a holiday or a weekday missing
    /// from the store, resolved by the as-of rule); null: <see cref="AsOf"/> itself, which is what the journal stores then.
    /// </summary>
    public DateOnly? RequestedDate { get; init; }

    /// <summary>The tool version (default: <see cref="ToolInfo.Version"/>).</summary>
    public string ToolVersion { get; init; } = ToolInfo.Version;

    /// <summary>"real" or "sample".</summary>
    public required string DataSource { get; init; }

    /// <summary>The input-data hash (<see cref="PanelHash"/>).</summary>
    public required string DataHash { get; init; }

    /// <summary>The rules hash (<see cref="Signals.RuleSet.Hash"/>).</summary>
    public required string RulesHash { get; init; }

    /// <summary>The run's output as JSON text (for a forecast, <see cref="Forecast.ForecastRenderer.Json"/>).</summary>
    public required string Payload { get; init; }

    /// <summary>The run's steps, in order.</summary>
    public IReadOnlyList<JournalStep> Steps { get; init; } = [];

    /// <summary>The directional calls, in order.</summary>
    public required IReadOnlyList<JournalCall> Calls { get; init; }
}

/// <summary>A journaled call as read back, with its tags.</summary>
public sealed record JournalCallRow(
    int Seq, string Source, string Direction, double? Probability, double? PUp, int Horizon,
    IReadOnlyList<string> Rules, string? Regime, string? Conviction);

/// <summary>A journaled run as listed: its metadata and its calls.</summary>
public sealed record JournalEntry(
    string RunId, JournalKind Kind, JournalMode Mode, string CreatedAt, DateOnly AsOf, string ToolVersion, string DataSource,
    string DataHash, string RulesHash, int StepCount, int ModelCallCount, IReadOnlyList<JournalCallRow> Calls, DateOnly? RequestedDate = null);

/// <summary>A journaled model call as read back: the main fields, and the full <see cref="ModelCallRecord"/> JSON.</summary>
public sealed record JournalModelCallRow(
    int Seq, string Step, int Attempt, string Model, string BaseUrl, string StartedAt, double LatencyMs, string? RawReply,
    JsonNode? ParsedAnswer, JsonNode? Grounding, int PromptTokens, int CompletionTokens, string? Error, JsonNode? Record);

/// <summary>A journaled step as read back.</summary>
public sealed record JournalStepRow(
    int Seq, string Step, string? Prompt, string Status, string? Reason, JsonNode? Answer, JsonNode? ModelAnswer,
    JsonNode? Ungrounded, int PromptTokens, int CompletionTokens, IReadOnlyList<JournalModelCallRow> ModelCalls);

/// <summary>One run in full: metadata, calls, payload, steps and model calls.</summary>
public sealed record JournalEntryDetail(JournalEntry Entry, JsonNode? Payload, IReadOnlyList<JournalStepRow> Steps);
