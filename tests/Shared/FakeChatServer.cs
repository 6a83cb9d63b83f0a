using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IwmDesk.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions wire format (POST {base}/chat/completions),
/// scripted per test and recording every request. HttpListener-based, so it needs no ASP.NET in the test project.
/// Replies are taken from the queue in order; when it is empty, <see cref="Otherwise"/> answers (default: 500).
/// </summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    private FakeChatServer(HttpListener listener, int port)
    {
        _listener = listener;
        Port = port;
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The base URL to give the client: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    /// <summary>The reply when the script is used up.</summary>
    public FakeReply Otherwise { get; set; } = FakeReply.Error(500, "fake server: no scripted reply left");

    /// <summary>The requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
                return [.. _requests];
        }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static FakeChatServer Start()
    {
        var listener = Loopback.Listen(out var port);
        return new FakeChatServer(listener, port);
    }

    /// <summary>A loopback port that nothing listens on (for connection-refused tests).</summary>
    public static int ClosedPort() => Loopback.FreePort();

    /// <summary>Queues replies, answered in order.</summary>
    public FakeChatServer Enqueue(params FakeReply[] replies)
    {
        foreach (var r in replies)
            _script.Enqueue(r);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private Task AcceptLoop() => Loopback.AcceptLoop(_listener, Handle, _stop.Token);

    private async Task Handle(HttpListenerContext context)
    {
        var at = _clock.Elapsed;
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            body = await reader.ReadToEndAsync();
        var headers = Loopback.Headers(context.Request);

        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
        }

        var request = new RecordedRequest(context.Request.HttpMethod, context.Request.Url?.PathAndQuery ?? "", headers, body, json, at);
        lock (_gate)
            _requests.Add(request);

        var reply = _script.TryDequeue(out var next) ? next : Otherwise;
        try
        {
            if (reply.Delay > TimeSpan.Zero)
                await Task.Delay(reply.Delay, _stop.Token);
            var response = context.Response;
            response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers)
                response.Headers[name] = value;
            var bytes = Encoding.UTF8.GetBytes(reply.Body(request));
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stop.Token);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away (a timeout test) or the server is stopping
        }
    }
}

/// <summary>One request as the fake server received it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query.</param>
/// <param name="Headers">Headers (case-insensitive names).</param>
/// <param name="Body">Raw body.</param>
/// <param name="Json">The body parsed, or null.</param>
/// <param name="ReceivedAt">Time since the server started (monotonic).</param>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, JsonNode? Json, TimeSpan ReceivedAt)
{
    /// <summary>The messages array of a chat request.</summary>
    public JsonArray Messages => Json?["messages"]?.AsArray() ?? [];

    /// <summary>The content of the last user message.</summary>
    public string LastUserContent => Messages.LastOrDefault(m => (string?)m?["role"] == "user")?["content"]?.GetValue<string>() ?? "";

    /// <summary>The response_format type sent (json_schema, json_object), or null.</summary>
    public string? ResponseFormatType => (string?)Json?["response_format"]?["type"];
}

/// <summary>A scripted reply of <see cref="FakeChatServer"/>.</summary>
internal sealed record FakeReply
{
    private Func<RecordedRequest, string> _body = _ => "";

    public int Status { get; init; } = 200;

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public TimeSpan Delay { get; init; }

    public string Body(RecordedRequest request) => _body(request);

    /// <summary>A chat completion whose assistant message is <paramref name="content"/>; usage omitted when the counts are null.</summary>
    public static FakeReply Completion(string content, int? promptTokens = 100, int? completionTokens = 50, string finishReason = "stop") => new()
    {
        _body = request =>
        {
            var o = new JsonObject
            {
                ["id"] = "chatcmpl-fake",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = (string?)request.Json?["model"] ?? "fake",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = finishReason,
                }),
            };
            if (promptTokens is not null && completionTokens is not null)
            {
                o["usage"] = new JsonObject
                {
                    ["prompt_tokens"] = promptTokens,
                    ["completion_tokens"] = completionTokens,
                    ["total_tokens"] = promptTokens + completionTokens,
                };
            }

            return o.ToJsonString();
        },
    };

    /// <summary>A chat completion whose content is built from the request (e.g. an answer fitting the schema it asked for).</summary>
    public static FakeReply AnswerFrom(Func<RecordedRequest, JsonNode> answer, int? promptTokens = 100, int? completionTokens = 50) => new()
    {
        _body = request => Completion(answer(request).ToJsonString(), promptTokens, completionTokens).Body(request),
    };

    /// <summary>A chat completion whose content is <paramref name="answer"/> serialised as JSON.</summary>
    public static FakeReply Answer(JsonNode answer, int? promptTokens = 100, int? completionTokens = 50) =>
        Completion(answer.ToJsonString(), promptTokens, completionTokens);

    /// <summary>An OpenAI-style error body with the given status.</summary>
    public static FakeReply Error(int status, string message, params (string Name, string Value)[] headers) => new()
    {
        Status = status,
        Headers = headers,
        _body = _ => new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "fake_error", ["code"] = status.ToString(CultureInfo.InvariantCulture) } }.ToJsonString(),
    };

    /// <summary>An error whose message is built from the request (e.g. echoing a header, as some servers do).</summary>
    public static FakeReply ErrorFrom(int status, Func<RecordedRequest, string> message) => new()
    {
        Status = status,
        _body = request => new JsonObject { ["error"] = new JsonObject { ["message"] = message(request) } }.ToJsonString(),
    };

    /// <summary>A raw body with the given status (e.g. an HTML page from a proxy).</summary>
    public static FakeReply Raw(int status, string body) => new() { Status = status, _body = _ => body };

    /// <summary>The same reply, sent after <paramref name="delay"/>.</summary>
    public FakeReply After(TimeSpan delay) => this with { Delay = delay };
}
