using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IwmDesk.Text;

namespace IwmDesk.Llm;

/// <summary>
/// Runs workflow steps through a chat model, one client per run. For each step it sends the prompt and the facts
/// (as JSON), asks for a JSON answer in the step's schema (strict structured output where the server accepts it),
/// validates and grounds the answer, asks once more when it is invalid or ungrounded, and otherwise falls back to
/// the deterministic answer with the reason. It never returns a silent default: every <see cref="StepResult"/>
/// says ok, ungrounded or fallback. Token usage is summed per step and per run, and the run's token budget is
/// checked before every call.
/// </summary>
/// <remarks>
/// Steps may run concurrently; the budget is checked before each call, so a run may exceed it by the calls already
/// in flight. After a failure that every later call would repeat (401, 403, 404, connection refused) the remaining
/// steps fall back at once, with that failure as the reason, instead of calling again.
/// </remarks>
public sealed class ChatStepClient : IDisposable
{
    private readonly LlmSettings _settings;
    private readonly ChatStepOptions _options;
    private readonly ModelTransport _transport;
    private readonly Lock _gate = new();
    private readonly List<StepResult> _results = [];
    private ResponseMode _mode;
    private string? _fatalReason;
    private long _promptTokens;
    private long _completionTokens;
    private bool _budgetReached;

    /// <summary>Creates the client for one run.</summary>
    public ChatStepClient(LlmSettings settings, ChatStepOptions? options = null)
        : this(settings, options, null)
    {
    }

    /// <summary>Creates the client with its own HTTP handler (tests: to reach a fake server under another host name).</summary>
    internal ChatStepClient(LlmSettings settings, ChatStepOptions? options, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _options = options ?? new ChatStepOptions();
        _options.Validate();
        _mode = _options.UseStructuredOutput ? ResponseMode.JsonSchema : ResponseMode.Text;
        _transport = new ModelTransport(settings, _options, handler);
    }

    /// <summary>The settings in use.</summary>
    public LlmSettings Settings => _settings;

    /// <summary>The response mode the next call will use (it steps down when a server rejects one).</summary>
    public ResponseMode CurrentResponseMode
    {
        get
        {
            lock (_gate)
                return _mode;
        }
    }

    /// <summary>The steps run so far, in order.</summary>
    public IReadOnlyList<StepResult> Results
    {
        get
        {
            lock (_gate)
                return [.. _results];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    /// <summary>The run summary: each step's status, the tokens used, the budget, and the exit code.</summary>
    public RunSummary Summary()
    {
        lock (_gate)
        {
            return new RunSummary
            {
                Model = _settings.Model,
                BaseUrl = _transport.Redact(_settings.BaseUrl.ToString()),
                Steps = [.. _results.Select(r => new StepOutcome(r.Step, r.Status, r.Reason, r.PromptTokens, r.CompletionTokens))],
                PromptTokens = _promptTokens,
                CompletionTokens = _completionTokens,
                TokenBudget = _settings.TokenBudget,
                BudgetReached = _budgetReached,
            };
        }
    }

    /// <summary>
    /// Runs one step. Returns its result whatever the model does; throws only for an invalid request
    /// (<see cref="ArgumentException"/>) or when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<StepResult> RunStepAsync(StepRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Step))
            throw new ArgumentOutOfRangeException(nameof(request), "the step name is empty");
        var fallbackCheck = request.Schema.Validate(request.Fallback);
        if (!fallbackCheck.IsValid)
        {
            throw new ArgumentOutOfRangeException(
                nameof(request), $"the fallback answer of step '{request.Step}' does not fit its schema: {string.Join("; ", fallbackCheck.Problems)}");
        }

        var run = new StepRun(request, fallbackCheck.Answer);
        string? fatal;
        lock (_gate)
            fatal = _fatalReason;
        if (fatal is not null)
            return Record(run.Finish(StepStatus.Fallback, "skipped after an earlier failure: " + fatal));

        JsonNode facts;
        try
        {
            facts = JsonSerializer.SerializeToNode(request.Facts, JsonOutput.Options) ?? new JsonObject();
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"the facts of step '{request.Step}' cannot be written as JSON: {ex.Message}");
        }

        var index = FactIndex.Build(facts, request.Prompt);
        var turns = new List<ChatTurn>
        {
            new("system", SystemPrompt(request)),
            new("user", UserPrompt(request.Prompt, facts)),
        };

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            if (BudgetExhausted(out var used))
            {
                var budgetReason = string.Create(CultureInfo.InvariantCulture, $"token budget reached ({used} of {_settings.TokenBudget} tokens used)");
                return Record(attempt == 1
                    ? run.Finish(StepStatus.Fallback, budgetReason)
                    : run.FinishAfterFailedRetry(budgetReason + " before the retry", _options.FallbackOnUngrounded));
            }

            TransportReply reply;
            while (true)
            {
                ResponseMode mode;
                lock (_gate)
                    mode = _mode;
                var startedAt = DateTimeOffset.UtcNow;
                try
                {
                    reply = await _transport.SendAsync(turns, mode, request.Schema, cancellationToken).ConfigureAwait(false);
                    run.Mode = mode;
                    run.StartedAt = startedAt;
                    break;
                }
                catch (ModelCallException ex)
                {
                    run.Calls.Add(BaseRecord(request.Step, attempt, mode, turns, startedAt, ex.Elapsed, ex.HttpRequests) with { Error = ex.Message });
                    if (ex.Failure == CallFailure.FormatRejected && mode != ResponseMode.Text)
                    {
                        lock (_gate)
                        {
                            if (_mode == mode)
                                _mode = mode == ResponseMode.JsonSchema ? ResponseMode.JsonObject : ResponseMode.Text;
                        }

                        continue;
                    }

                    if (ex.IsFatal)
                    {
                        lock (_gate)
                            _fatalReason ??= ex.Message;
                    }

                    return Record(attempt == 1
                        ? run.Finish(StepStatus.Fallback, ex.Message)
                        : run.FinishAfterFailedRetry(ex.Message + " (on the retry)", _options.FallbackOnUngrounded));
                }
            }

            var promptTokens = reply.PromptTokens ?? EstimateTokens(turns.Sum(t => t.Content.Length));
            var completionTokens = reply.CompletionTokens ?? EstimateTokens(reply.Text?.Length ?? 0);
            Account(promptTokens, completionTokens);
            run.PromptTokens += promptTokens;
            run.CompletionTokens += completionTokens;

            var (answer, problems, notes) = Read(reply, request.Schema);
            var grounding = answer is not null && problems.Count == 0 ? index.Check(answer, request.Schema) : null;
            run.Calls.Add(BaseRecord(request.Step, attempt, run.Mode, turns, run.StartedAt, reply.Elapsed, reply.HttpRequests) with
            {
                RawReply = reply.Text is null ? null : _transport.Redact(reply.Text),
                FinishReason = reply.FinishReason,
                ParsedAnswer = answer,
                Problems = problems,
                Notes = notes,
                Grounding = grounding,
                PromptTokens = promptTokens,
                CompletionTokens = completionTokens,
                UsageReported = reply.PromptTokens is not null && reply.CompletionTokens is not null,
            });

            if (problems.Count > 0)
            {
                run.LastProblem = "the model's answer was invalid: " + string.Join("; ", problems);
                if (attempt == 1)
                {
                    turns.Add(new ChatTurn("assistant", reply.Text ?? ""));
                    turns.Add(new ChatTurn("user", $"Your answer could not be used: {string.Join("; ", problems)}. Reply again with only the corrected JSON object."));
                    continue;
                }

                return Record(run.FinishAfterFailedRetry(run.LastProblem + (run.ModelAnswer is null ? " (twice)" : " (on the retry)"), _options.FallbackOnUngrounded));
            }

            run.ModelAnswer = answer;
            if (!grounding!.IsGrounded)
            {
                run.Ungrounded = grounding.Ungrounded;
                if (attempt == 1 && _options.RetryUngrounded)
                {
                    turns.Add(new ChatTurn("assistant", reply.Text ?? ""));
                    turns.Add(new ChatTurn(
                        "user",
                        $"These numbers in your answer are not in the facts: {grounding.Describe()}. Use only numbers from the facts "
                        + "(rounding is fine) or leave them out. Reply again with only the corrected JSON object."));
                    continue;
                }

                return Record(run.FinishUngrounded(_options.FallbackOnUngrounded));
            }

            run.Ungrounded = [];
            return Record(run.Finish(StepStatus.Ok, null));
        }

        throw new UnreachableException("a step ends within two attempts");
    }

    private StepResult Record(StepResult result)
    {
        lock (_gate)
            _results.Add(result);
        return result;
    }

    private bool BudgetExhausted(out long used)
    {
        lock (_gate)
        {
            used = _promptTokens + _completionTokens;
            if (_settings.TokenBudget is { } budget && used >= budget)
            {
                _budgetReached = true;
                return true;
            }

            return false;
        }
    }

    private void Account(int prompt, int completion)
    {
        lock (_gate)
        {
            _promptTokens += prompt;
            _completionTokens += completion;
        }
    }

    /// <summary>Rough count for servers that report no usage: about four characters a token.</summary>
    private static int EstimateTokens(int characters) => (characters + 3) / 4;

    private static (JsonObject? Answer, List<string> Problems, IReadOnlyList<string> Notes) Read(TransportReply reply, AnswerSchema schema)
    {
        if (string.IsNullOrWhiteSpace(reply.Text) && reply.Refusal is not null)
            return (null, ["the model refused: " + reply.Refusal], []);
        if (!ReplyParser.TryParse(reply.Text, out var parsed, out var error))
        {
            var cut = reply.FinishReason == "length" ? " (the reply was cut off at the token limit)" : "";
            return (null, [error + cut], []);
        }

        var check = schema.Validate(parsed!);
        return check.IsValid ? (check.Answer, [], check.Notes) : (parsed, [.. check.Problems], check.Notes);
    }

    private ModelCallRecord BaseRecord(string step, int attempt, ResponseMode mode, List<ChatTurn> turns, DateTimeOffset startedAt, TimeSpan elapsed, int requests) => new()
    {
        Step = step,
        Attempt = attempt,
        Model = _settings.Model,
        BaseUrl = _transport.Redact(_settings.BaseUrl.ToString()),
        ResponseMode = mode,
        Messages = [.. turns],
        StartedAt = startedAt,
        LatencyMs = Math.Round(elapsed.TotalMilliseconds, 1),
        HttpRequests = requests,
    };

    private static string SystemPrompt(StepRequest request)
    {
        var sb = new StringBuilder();
        sb.Append("You are the \"").Append(request.Step)
          .Append("\" analyst of IwmDesk, a pre-trade desk for the Russell 2000 ETF (IWM).\n")
          .Append("Reply with one JSON object and nothing else, with exactly these fields:\n")
          .Append(request.Schema.Describe()).Append('\n')
          .Append("Rules:\n")
          .Append("- Every number you write must come from the facts or the prompt, as given or rounded ")
          .Append("(a fraction such as 0.0267 may be written 2.67%). Do not compute, estimate or recall other numbers.\n")
          .Append("- Dates must be taken from the facts.\n")
          .Append("- Fields with listed values take exactly one of them.\n");
        return sb.ToString();
    }

    private static string UserPrompt(string prompt, JsonNode facts) =>
        prompt.TrimEnd() + "\n\nFacts (computed by the deterministic analyst; the only numbers you may use):\n```json\n"
        + facts.ToJsonString(JsonOutput.Options) + "\n```";

    /// <summary>The state of one step while it runs.</summary>
    private sealed class StepRun(StepRequest request, JsonObject fallback)
    {
        public List<ModelCallRecord> Calls { get; } = [];

        public JsonObject? ModelAnswer { get; set; }

        public IReadOnlyList<UngroundedNumber> Ungrounded { get; set; } = [];

        public string? LastProblem { get; set; }

        public ResponseMode Mode { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public int PromptTokens { get; set; }

        public int CompletionTokens { get; set; }

        public StepResult Finish(StepStatus status, string? reason) => new()
        {
            Step = request.Step,
            Status = status,
            Reason = reason,
            Answer = status == StepStatus.Fallback ? (JsonObject)fallback.DeepClone() : (JsonObject)ModelAnswer!.DeepClone(),
            ModelAnswer = ModelAnswer,
            UngroundedNumbers = Ungrounded,
            Calls = [.. Calls],
            PromptTokens = PromptTokens,
            CompletionTokens = CompletionTokens,
        };

        /// <summary>The retry could not be made or used: keep an ungrounded first answer if there is one, else fall back.</summary>
        public StepResult FinishAfterFailedRetry(string reason, bool fallbackOnUngrounded)
        {
            if (ModelAnswer is not null && Ungrounded.Count > 0 && !fallbackOnUngrounded)
                return Finish(StepStatus.Ungrounded, UngroundedReason() + "; " + reason);
            return Finish(StepStatus.Fallback, LastProblem is not null && !reason.StartsWith(LastProblem, StringComparison.Ordinal) ? LastProblem + "; " + reason : reason);
        }

        public StepResult FinishUngrounded(bool fallbackOnUngrounded) =>
            Finish(fallbackOnUngrounded ? StepStatus.Fallback : StepStatus.Ungrounded, UngroundedReason());

        private string UngroundedReason() =>
            "numbers not in the facts: " + string.Join(", ", Ungrounded.Select(u => $"{u.Text} ({u.Field})"));
    }
}
