using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.Retry;

namespace IwmDesk.Llm;

/// <summary>What went wrong with a call, for the caller's decision (retry the answer, change mode, stop calling).</summary>
internal enum CallFailure
{
    Timeout,
    Unauthorized,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    ConnectionRefused,
    Network,
    BadRequest,
    FormatRejected,
    BadResponse,
}

/// <summary>A failed call, with a one-line message that names the endpoint and never the key.</summary>
internal sealed class ModelCallException(CallFailure failure, string message, int httpRequests, TimeSpan elapsed) : Exception(message)
{
    public CallFailure Failure { get; } = failure;

    public int HttpRequests { get; } = httpRequests;

    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>Failures that every later call would repeat: wrong key, wrong URL or model, nothing listening.</summary>
    public bool IsFatal => Failure is CallFailure.Unauthorized or CallFailure.Forbidden or CallFailure.NotFound or CallFailure.ConnectionRefused;
}

/// <summary>A reply that came back.</summary>
internal sealed record TransportReply(string? Text, string? FinishReason, string? Refusal, int? PromptTokens, int? CompletionTokens, int HttpRequests, TimeSpan Elapsed);

/// <summary>
/// Sends chat completions through the official OpenAI SDK to any OpenAI-compatible endpoint. The SDK's own retry
/// policy is switched off (maxRetries 0) and one Polly retry pipeline does the retrying, so retries are never doubled.
/// The per-request timeout is our own, so a timeout is told apart from the caller's cancellation.
/// </summary>
internal sealed class ModelTransport : IDisposable
{
    private readonly LlmSettings _settings;
    private readonly ChatStepOptions _options;
    private readonly HttpClient _http;
    private readonly ChatClient _chat;
    private readonly ResiliencePipeline _retry;
    private readonly string _where;
    private readonly Stopwatch _runClock = Stopwatch.StartNew();

    /// <summary>Creates the transport for one run.</summary>
    /// <param name="handler">The HTTP handler; null for a fresh <see cref="SocketsHttpHandler"/> (tests pass one that redirects hosts).</param>
    public ModelTransport(LlmSettings settings, ChatStepOptions options, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _options = options;
        _where = settings.BaseUrl.ToString().TrimEnd('/');
        var (endpoint, query) = SplitQuery(settings.BaseUrl);

        // HttpClient.Timeout is off: the per-request timeout is enforced by our own token (and NetworkTimeout backs it up).
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(_http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.Timeout + TimeSpan.FromSeconds(1),
            UserAgentApplicationId = "iwmdesk",
        };
        if (query.Count > 0)
            clientOptions.AddPolicy(new QueryPolicy(query), PipelinePosition.PerCall);
        if (IsAzure(endpoint) && settings.ApiKey is { } key)
            clientOptions.AddPolicy(new HeaderPolicy("api-key", key), PipelinePosition.PerCall);
        _chat = new ChatClient(settings.Model, new ApiKeyCredential(settings.KeyToSend), clientOptions);
        _retry = BuildRetry(options);
    }

    /// <summary>The run's model time in all (every call, retries and waits): 10 × the per-call timeout.</summary>
    private TimeSpan RunBudget => _settings.Timeout * 10;

    public void Dispose() => _http.Dispose();

    /// <summary>Removes the key from text that came from outside (a server may echo the Authorization header).</summary>
    public string Redact(string text)
    {
        Security.SecretRedactor.Shared.Register(_settings.ApiKey, "model API key");
        return Security.SecretRedactor.Shared.Redact(text);
    }

    public async Task<TransportReply> SendAsync(IReadOnlyList<ChatTurn> turns, ResponseMode mode, AnswerSchema schema, CancellationToken cancellationToken)
    {
        var messages = turns.Select(ToSdk).ToList();
        var options = new ChatCompletionOptions();
        switch (mode)
        {
            case ResponseMode.JsonSchema:
                options.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                    SchemaName(schema.Name), BinaryData.FromString(schema.ToJsonSchema().ToJsonString()), jsonSchemaIsStrict: true);
                break;
            case ResponseMode.JsonObject:
                options.ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat();
                break;
        }

        if (_options.MaxOutputTokens is { } max)
            options.MaxOutputTokenCount = max;
        if (_options.Temperature is { } t)
            options.Temperature = (float)t;

        var requests = 0;
        var clock = Stopwatch.StartNew();
        var runLeft = RunBudget - _runClock.Elapsed;
        if (runLeft <= TimeSpan.Zero)
        {
            throw Fail(CallFailure.Timeout, string.Create(CultureInfo.InvariantCulture,
                $"model call not made: the run's model time budget of {RunBudget.TotalSeconds:0.###} s (10 × --llm-timeout) is used up"), 0, TimeSpan.Zero);
        }

        // One call — every try and every Retry-After or backoff wait — stays within --llm-timeout (and the run's budget).
        using var callDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        callDeadline.CancelAfter(runLeft < _settings.Timeout ? runLeft : _settings.Timeout);
        try
        {
            var result = await _retry.ExecuteAsync(
                async token =>
                {
                    requests++;
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(token);
                    attempt.CancelAfter(_settings.Timeout);
                    try
                    {
                        return await _chat.CompleteChatAsync(messages, options, attempt.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException ex) when (!token.IsCancellationRequested)
                    {
                        throw new TimeoutException("timeout", ex);
                    }
                },
                callDeadline.Token).ConfigureAwait(false);

            var completion = result.Value;
            var text = completion.Content.Count == 0
                ? null
                : string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            var usage = completion.Usage;
            return new TransportReply(
                text,
                completion.FinishReason.ToString().ToLowerInvariant(),
                string.IsNullOrEmpty(completion.Refusal) ? null : completion.Refusal,
                usage?.InputTokenCount,
                usage?.OutputTokenCount,
                requests,
                clock.Elapsed);
        }
        catch (OperationCanceledException) when (callDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(CallFailure.Timeout, string.Create(CultureInfo.InvariantCulture, $"model call failed: no reply from {_where} within {_settings.Timeout.TotalSeconds:0.###} s (timeout)"), requests, clock.Elapsed);
        }
        catch (TimeoutException)
        {
            throw Fail(CallFailure.Timeout, string.Create(CultureInfo.InvariantCulture, $"model call failed: no reply from {_where} within {_settings.Timeout.TotalSeconds:0.###} s (timeout)"), requests, clock.Elapsed);
        }
        catch (ClientResultException ex) when (ex.Status != 0)
        {
            throw Classify(ex, mode, requests, clock.Elapsed);
        }
        catch (Exception ex) when (ex is ClientResultException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw NetworkFailure(ex, requests, clock.Elapsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not ModelCallException)
        {
            // A 200 whose body is not a chat completion (an HTML proxy page, a truncated body): the SDK cannot read it.
            throw Fail(CallFailure.BadResponse, $"model call failed: unreadable reply from {_where} ({ex.GetType().Name}: {OneLine(ex.Message)})", requests, clock.Elapsed);
        }
    }

    private ModelCallException Fail(CallFailure failure, string message, int requests, TimeSpan elapsed) =>
        new(failure, Redact(message), requests, elapsed);

    private ModelCallException Classify(ClientResultException ex, ResponseMode mode, int requests, TimeSpan elapsed)
    {
        var response = ex.GetRawResponse();
        var status = ex.Status;
        var statusText = string.Create(CultureInfo.InvariantCulture, $"{status} {ReasonPhrase(status, response?.ReasonPhrase)}");
        var serverMessage = ServerMessage(response);
        var tries = requests > 1 ? string.Create(CultureInfo.InvariantCulture, $" after {requests} tries") : "";
        var detail = serverMessage.Length > 0 ? ": " + serverMessage : "";
        var key = LlmSettingsResolver.ApiKeyVariable;
        return status switch
        {
            401 => Fail(CallFailure.Unauthorized, $"model call failed: {statusText} from {_where} — check {key}{(_settings.HasApiKey ? "" : " (none is set)")}", requests, elapsed),
            403 => Fail(CallFailure.Forbidden, $"model call failed: {statusText} from {_where} — the key may not use model '{_settings.Model}'; check {key}", requests, elapsed),
            404 => Fail(CallFailure.NotFound, $"model call failed: {statusText} from {_where} — check the base URL (most servers end in /v1) and the model '{_settings.Model}'{detail}", requests, elapsed),
            429 => Fail(CallFailure.RateLimited, $"model call failed: {statusText} from {_where}{tries}{detail}", requests, elapsed),
            >= 500 => Fail(CallFailure.ServerError, $"model call failed: {statusText} from {_where}{tries}{detail}", requests, elapsed),
            400 or 422 when mode != ResponseMode.Text && MentionsResponseFormat(serverMessage) =>
                Fail(CallFailure.FormatRejected, $"the server rejected response_format {ModeName(mode)}: {statusText}{detail}", requests, elapsed),
            408 => Fail(CallFailure.Timeout, $"model call failed: {statusText} from {_where}{tries}", requests, elapsed),
            _ => Fail(CallFailure.BadRequest, $"model call failed: {statusText} from {_where}{detail}", requests, elapsed),
        };
    }

    private ModelCallException NetworkFailure(Exception ex, int requests, TimeSpan elapsed)
    {
        var host = _settings.BaseUrl.Authority;
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                return Fail(CallFailure.ConnectionRefused, $"model call failed: connection refused by {host} ({_where}) — is the server running?", requests, elapsed);
            if (e is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain })
                return Fail(CallFailure.ConnectionRefused, $"model call failed: cannot resolve host {_settings.BaseUrl.Host} ({_where}) — check the base URL", requests, elapsed);
        }

        var innermost = ex;
        while (innermost.InnerException is not null)
            innermost = innermost.InnerException;
        var tries = requests > 1 ? string.Create(CultureInfo.InvariantCulture, $" after {requests} tries") : "";
        return Fail(CallFailure.Network, $"model call failed: {OneLine(innermost.Message)} ({_where}){tries}", requests, elapsed);
    }

    private ResiliencePipeline BuildRetry(ChatStepOptions options)
    {
        if (options.MaxHttpTries <= 1)
            return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxHttpTries - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryAfter,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception, options.MaxRetryAfter)),
            })
            .Build();
    }

    /// <summary>408, 429, 5xx, and dropped connections are worth another try; a refused connection or a bad request is not.</summary>
    internal static bool IsTransient(Exception e)
    {
        if (e is ClientResultException { Status: 408 or 429 or >= 500 })
            return true;
        if (e is not (ClientResultException { Status: 0 } or HttpRequestException))
            return false;
        for (var inner = (Exception?)e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NoData })
                return false;
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse })
                return true;
            if (inner is IOException or SocketException { SocketErrorCode: SocketError.ConnectionReset })
                return true;
        }

        return false;
    }

    /// <summary>The wait a 429/503 asks for: <c>retry-after-ms</c>, or <c>Retry-After</c> in seconds or as an HTTP date; capped.</summary>
    internal static TimeSpan? RetryAfter(Exception? e, TimeSpan cap)
    {
        if (e is not ClientResultException cre || cre.GetRawResponse() is not { } response)
            return null;
        var headers = response.Headers;
        TimeSpan? wait = null;
        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var msValue) && msValue >= 0)
            wait = TimeSpan.FromMilliseconds(msValue);
        else if (headers.TryGetValue("Retry-After", out var ra) && ra is not null)
            wait = ParseRetryAfter(ra, DateTimeOffset.UtcNow);
        return wait is { } w ? (w > cap ? cap : w) : null;
    }

    /// <summary>Parses a Retry-After value: delta-seconds or an HTTP date (RFC 1123); null when unreadable.</summary>
    internal static TimeSpan? ParseRetryAfter(string value, DateTimeOffset now)
    {
        var v = value.Trim();
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        if (DateTimeOffset.TryParseExact(v, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when))
            return when > now ? when - now : TimeSpan.Zero;
        return null;
    }

    private string ServerMessage(PipelineResponse? response)
    {
        if (response is null)
            return "";
        string body;
        try
        {
            body = response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            return "";
        }

        if (string.IsNullOrWhiteSpace(body))
            return "";
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                    return Clip(Redact(OneLine(error.GetString() ?? "")));
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                    return Clip(Redact(OneLine(m.GetString() ?? "")));
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                return Clip(Redact(OneLine(detail.GetString() ?? "")));
        }
        catch (JsonException)
        {
            // not JSON: fall through to the raw text
        }

        return Clip(Redact(OneLine(body)));
    }

    private static bool MentionsResponseFormat(string message) =>
        message.Contains("response_format", StringComparison.OrdinalIgnoreCase)
        || message.Contains("json_schema", StringComparison.OrdinalIgnoreCase)
        || message.Contains("json_object", StringComparison.OrdinalIgnoreCase)
        || message.Contains("response format", StringComparison.OrdinalIgnoreCase);

    internal static string ModeName(ResponseMode mode) => mode switch
    {
        ResponseMode.JsonSchema => "json_schema",
        ResponseMode.JsonObject => "json_object",
        _ => "text",
    };

    private static string ReasonPhrase(int status, string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
            return given.Trim();
        return status switch
        {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            408 => "Request Timeout",
            422 => "Unprocessable Entity",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => ((HttpStatusCode)status).ToString(),
        };
    }

    private static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Clip(string s) => s.Length <= 300 ? s : s[..297] + "...";

    private static string SchemaName(string name) => "iwmdesk_" + name;

    private static ChatMessage ToSdk(ChatTurn turn) => turn.Role switch
    {
        "system" => new SystemChatMessage(turn.Content),
        "assistant" => new AssistantChatMessage(turn.Content),
        _ => new UserChatMessage(turn.Content),
    };

    private static bool IsAzure(Uri endpoint) =>
        endpoint.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
        || endpoint.Host.EndsWith(".services.ai.azure.com", StringComparison.OrdinalIgnoreCase)
        || endpoint.Host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits a query (Azure's api-version) off the base URL: the SDK appends paths, the policy re-adds the query.</summary>
    private static (Uri Endpoint, List<KeyValuePair<string, string>> Query) SplitQuery(Uri baseUrl)
    {
        var query = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(baseUrl.Query))
            return (baseUrl, query);
        foreach (var part in baseUrl.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..]);
            query.Add(new(name, value));
        }

        var builder = new UriBuilder(baseUrl) { Query = "" };
        return (builder.Uri, query);
    }

    /// <summary>Adds fixed query parameters to every request.</summary>
    private sealed class QueryPolicy(List<KeyValuePair<string, string>> query) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }

        private void Apply(PipelineMessage message)
        {
            if (message.Request.Uri is not { } uri)
                return;
            var existing = uri.Query.TrimStart('?');
            var added = string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
            message.Request.Uri = new UriBuilder(uri) { Query = existing.Length == 0 ? added : existing + "&" + added }.Uri;
        }
    }

    /// <summary>Sets one header on every request (Azure's api-key).</summary>
    private sealed class HeaderPolicy(string name, string value) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }
    }
}
