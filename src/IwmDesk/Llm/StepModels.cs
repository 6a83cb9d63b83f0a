using System.Text.Json.Nodes;

namespace IwmDesk.Llm;

/// <summary>One workflow step to narrate with the model.</summary>
public sealed record StepRequest
{
    /// <summary>The step's name (regime, kre, flow, earnings, forecast, ...).</summary>
    public required string Step { get; init; }

    /// <summary>The rendered prompt text (the step's template filled in).</summary>
    public required string Prompt { get; init; }

    /// <summary>
    /// The numbers and strings the deterministic analyst computed for the step. Sent to the model as JSON (snake_case
    /// by <see cref="IwmDesk.Text.JsonOutput"/>) and the only ground for numbers in the answer, besides the prompt text.
    /// </summary>
    public required IReadOnlyDictionary<string, object?> Facts { get; init; }

    /// <summary>The answer's shape (see <see cref="StepSchemas"/>).</summary>
    public required AnswerSchema Schema { get; init; }

    /// <summary>
    /// The deterministic analyst's answer, in the same schema, used when the model's answer cannot be.
    /// From a record: <c>JsonSerializer.SerializeToNode(answer, JsonOutput.Options)!.AsObject()</c>.
    /// </summary>
    public required JsonObject Fallback { get; init; }
}

/// <summary>How a step's answer was obtained.</summary>
public enum StepStatus
{
    /// <summary>The model answered, the answer fits the schema and every number in it is grounded in the facts.</summary>
    Ok,

    /// <summary>The model's answer fits the schema but holds numbers that are not in the facts (listed; kept after one retry).</summary>
    Ungrounded,

    /// <summary>The deterministic answer is used; <see cref="StepResult.Reason"/> says why.</summary>
    Fallback,
}

/// <summary>The structured-output mode a call used.</summary>
public enum ResponseMode
{
    /// <summary><c>response_format: {type: json_schema, strict: true}</c>.</summary>
    JsonSchema,

    /// <summary><c>response_format: {type: json_object}</c> with the schema in the instructions.</summary>
    JsonObject,

    /// <summary>No response_format; the schema in the instructions and the first JSON object of the reply parsed.</summary>
    Text,
}

/// <summary>One chat message as sent.</summary>
/// <param name="Role">system, user or assistant.</param>
/// <param name="Content">The text.</param>
public sealed record ChatTurn(string Role, string Content);

/// <summary>
/// One model call, as the journal stores it: what was sent, what came back, what was made of it, and what it cost.
/// Holds the base URL and model, never the key.
/// </summary>
public sealed record ModelCallRecord
{
    /// <summary>The step.</summary>
    public required string Step { get; init; }

    /// <summary>1 for the first answer, 2 for the one retry after an invalid or ungrounded answer.</summary>
    public required int Attempt { get; init; }

    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Endpoint.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The structured-output mode used.</summary>
    public required ResponseMode ResponseMode { get; init; }

    /// <summary>The conversation sent.</summary>
    public required IReadOnlyList<ChatTurn> Messages { get; init; }

    /// <summary>When the call started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall time of the call including transport retries and their waits, in milliseconds.</summary>
    public required double LatencyMs { get; init; }

    /// <summary>HTTP requests made (more than 1 after 429/5xx retries).</summary>
    public required int HttpRequests { get; init; }

    /// <summary>The reply text as received (null when the call failed).</summary>
    public string? RawReply { get; init; }

    /// <summary>The provider's finish reason (stop, length, ...).</summary>
    public string? FinishReason { get; init; }

    /// <summary>The answer object read from the reply, normalised (null when none could be read).</summary>
    public JsonObject? ParsedAnswer { get; init; }

    /// <summary>Why the answer is invalid (empty when it fits the schema).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>What normalisation changed (enum spelling, unknown properties dropped).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The grounding check of the answer (null when the answer was invalid or absent).</summary>
    public GroundingReport? Grounding { get; init; }

    /// <summary>Prompt tokens (as reported, or estimated when <see cref="UsageReported"/> is false).</summary>
    public int PromptTokens { get; init; }

    /// <summary>Completion tokens (as reported, or estimated).</summary>
    public int CompletionTokens { get; init; }

    /// <summary>False when the server sent no usage and the counts are estimates (characters / 4).</summary>
    public bool UsageReported { get; init; }

    /// <summary>The failure of the call, one line (null when a reply came back).</summary>
    public string? Error { get; init; }
}

/// <summary>The outcome of one step: the answer to use, how it was obtained, and every call made for it.</summary>
public sealed record StepResult
{
    /// <summary>The step.</summary>
    public required string Step { get; init; }

    /// <summary>ok, ungrounded or fallback.</summary>
    public required StepStatus Status { get; init; }

    /// <summary>Why the step is not ok (null when ok): the failure, the invalid answer, or the ungrounded numbers.</summary>
    public string? Reason { get; init; }

    /// <summary>The answer to use: the model's when ok or ungrounded, the deterministic one on fallback.</summary>
    public required JsonObject Answer { get; init; }

    /// <summary>The last answer the model gave that fits the schema, if any (also on fallback, for the record).</summary>
    public JsonObject? ModelAnswer { get; init; }

    /// <summary>Numbers in the model's answer that match no fact (empty when ok).</summary>
    public IReadOnlyList<UngroundedNumber> UngroundedNumbers { get; init; } = [];

    /// <summary>Every call made for the step, in order.</summary>
    public IReadOnlyList<ModelCallRecord> Calls { get; init; } = [];

    /// <summary>Prompt tokens of the step's calls.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Completion tokens of the step's calls.</summary>
    public int CompletionTokens { get; init; }

    /// <summary>Prompt plus completion tokens.</summary>
    public int TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>A step answered by the deterministic analyst alone (e.g. no model configured), with the reason.</summary>
    public static StepResult Deterministic(StepRequest request, string reason) => new()
    {
        Step = request.Step,
        Status = StepStatus.Fallback,
        Reason = reason,
        Answer = (JsonObject)request.Fallback.DeepClone(),
    };
}

/// <summary>One step's line in the run summary.</summary>
/// <param name="Step">The step.</param>
/// <param name="Status">ok, ungrounded or fallback.</param>
/// <param name="Reason">Why not ok.</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
public sealed record StepOutcome(string Step, StepStatus Status, string? Reason, int PromptTokens, int CompletionTokens);

/// <summary>The model side of a run: each step's status, the tokens used, and the exit code the CLI should return.</summary>
public sealed record RunSummary
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Endpoint.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The steps in the order they ran.</summary>
    public required IReadOnlyList<StepOutcome> Steps { get; init; }

    /// <summary>Prompt tokens of the run.</summary>
    public required long PromptTokens { get; init; }

    /// <summary>Completion tokens of the run.</summary>
    public required long CompletionTokens { get; init; }

    /// <summary>Prompt plus completion tokens.</summary>
    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>The run's token budget (null: none).</summary>
    public required long? TokenBudget { get; init; }

    /// <summary>True when the budget stopped a call.</summary>
    public required bool BudgetReached { get; init; }

    /// <summary>True when any step used the deterministic answer.</summary>
    public bool AnyFallback => Steps.Any(s => s.Status == StepStatus.Fallback);

    /// <summary>True when any step kept an answer with ungrounded numbers.</summary>
    public bool AnyUngrounded => Steps.Any(s => s.Status == StepStatus.Ungrounded);

    /// <summary>
    /// <see cref="LlmExitCodes.StepFellBack"/> when a step fell back, else <see cref="LlmExitCodes.StepUngrounded"/>
    /// when a step is ungrounded, else 0.
    /// </summary>
    public int ExitCode => AnyFallback ? LlmExitCodes.StepFellBack : AnyUngrounded ? LlmExitCodes.StepUngrounded : 0;
}

/// <summary>Exit codes of a run whose report was written but whose model steps were not all ok (1 and 2 are errors).</summary>
public static class LlmExitCodes
{
    /// <summary>At least one step fell back to the deterministic answer.</summary>
    public const int StepFellBack = 3;

    /// <summary>No step fell back, but at least one kept numbers that are not in the facts.</summary>
    public const int StepUngrounded = 4;
}
