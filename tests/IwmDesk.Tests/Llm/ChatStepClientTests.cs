using System.Text.Json;
using System.Text.Json.Nodes;
using IwmDesk.Llm;
using IwmDesk.Testing;
using IwmDesk.Text;

namespace IwmDesk.Tests.Llm;

/// <summary>ChatStepClient against a real HTTP server on 127.0.0.1 speaking the chat-completions wire format.</summary>
public sealed class ChatStepClientTests : IAsyncLifetime
{
    /// <summary>Distinctive, so that any leak into results, records or messages is found by a substring search.</summary>
    private const string Key = "sk-test-KEY-7f3a9c1e-must-never-leak";

    /// <summary>Scheduling slack allowed when checking that a Retry-After wait was honoured.</summary>
    private static readonly TimeSpan TimingSlack = TimeSpan.FromMilliseconds(100);

    private static readonly ChatStepOptions FastRetries = new() { RetryBaseDelay = TimeSpan.FromMilliseconds(20) };

    private FakeChatServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeChatServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Dictionary<string, object?> Facts() => new()
    {
        ["close"] = 215.34,
        ["rsi14"] = 61.27,
        ["return_5d"] = 0.0267,
        ["gex_usd"] = 1_234_567_890.0,
        ["vix"] = 14.8,
        ["sma200"] = double.NaN,
        ["analogs"] = new[] { new { Date = new DateOnly(2020, 11, 9), Catalyst = "vaccine rally" } },
    };

    private static JsonObject ValidRegime(string narrative = "IWM closed at 215.34, up 2.67% over 5 days; GEX is $1.2B.") => new()
    {
        ["regime"] = "Risk-On Expansion",
        ["bias"] = "bullish",
        ["analogs"] = new JsonArray(new JsonObject { ["date"] = "2020-11-09", ["catalyst"] = "vaccine rally" }),
        ["risk"] = "RSI at 61.3 with VIX at 14.8 is complacent",
        ["narrative"] = narrative,
    };

    private static JsonObject FallbackRegime() => new()
    {
        ["regime"] = "Late-Cycle Rotation",
        ["bias"] = "neutral",
        ["analogs"] = new JsonArray(),
        ["risk"] = "deterministic risk",
        ["narrative"] = "deterministic narrative",
    };

    private static StepRequest Regime(string step = "regime") => new()
    {
        Step = step,
        Prompt = "Classify the regime of IWM today.",
        Facts = Facts(),
        Schema = StepSchemas.Regime,
        Fallback = FallbackRegime(),
    };

    private ChatStepClient Client(ChatStepOptions? options = null, TimeSpan? timeout = null, long? budget = null, string? baseUrl = null) =>
        new(LlmSettings.Create(baseUrl ?? _server.BaseUrl, "test-model", Key, timeout, budget), options ?? FastRetries);

    [Fact]
    public async Task RunStep_ValidAnswer_OkAndRequestCarriesPromptFactsSchema()
    {
        _server.Enqueue(FakeReply.Answer(ValidRegime(), promptTokens: 120, completionTokens: 40));
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Ok);
        result.Reason.ShouldBeNull();
        result.Answer.ToJsonString().ShouldBe(ValidRegime().ToJsonString());
        (result.PromptTokens, result.CompletionTokens).ShouldBe((120, 40));
        var call = result.Calls.ShouldHaveSingleItem();
        call.ResponseMode.ShouldBe(ResponseMode.JsonSchema);
        call.Grounding!.IsGrounded.ShouldBeTrue();
        call.UsageReported.ShouldBeTrue();
        call.HttpRequests.ShouldBe(1);
        call.BaseUrl.ShouldBe(_server.BaseUrl);

        var sent = _server.Requests.ShouldHaveSingleItem();
        sent.Method.ShouldBe("POST");
        sent.Path.ShouldBe("/v1/chat/completions");
        sent.Headers["Authorization"].ShouldBe("Bearer " + Key);
        sent.Body.ShouldNotContain(Key);
        sent.Json!["model"]!.GetValue<string>().ShouldBe("test-model");
        var format = sent.Json["response_format"]!;
        format["type"]!.GetValue<string>().ShouldBe("json_schema");
        format["json_schema"]!["strict"]!.GetValue<bool>().ShouldBeTrue();
        format["json_schema"]!["schema"]!.ToJsonString().ShouldBe(StepSchemas.Regime.ToJsonSchema().ToJsonString());
        var user = sent.LastUserContent;
        user.ShouldStartWith("Classify the regime of IWM today.");
        user.ShouldContain("\"return_5d\": 0.0267");
        user.ShouldContain("\"sma200\": null"); // NaN is sent as null, never 0
        user.ShouldContain("\"date\": \"2020-11-09\"");
        sent.Messages[0]!["role"]!.GetValue<string>().ShouldBe("system");
    }

    [Fact]
    public async Task RunStep_OutputCapAndTemperature_SentWhenSet()
    {
        _server.Enqueue(FakeReply.Answer(ValidRegime()), FakeReply.Answer(ValidRegime()));
        using (var tuned = Client(FastRetries with { MaxOutputTokens = 300, Temperature = 0.25 }))
            await tuned.RunStepAsync(Regime());
        using (var plain = Client())
            await plain.RunStepAsync(Regime());

        var sent = _server.Requests[0].Json!;
        sent["max_completion_tokens"]!.GetValue<int>().ShouldBe(300);
        sent["temperature"]!.GetValue<double>().ShouldBe(0.25);
        var defaults = _server.Requests[1].Json!.AsObject();
        defaults.ContainsKey("max_completion_tokens").ShouldBeFalse();
        defaults.ContainsKey("max_tokens").ShouldBeFalse();
        defaults.ContainsKey("temperature").ShouldBeFalse();
    }

    [Fact]
    public async Task RunStep_MalformedThenValid_RetriedOnceWithTheError()
    {
        _server.Enqueue(FakeReply.Completion("Sure! {\"regime\": \"Risk-On Expansion\", "), FakeReply.Answer(ValidRegime()));
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Ok);
        result.Calls.Count.ShouldBe(2);
        result.Calls[0].Problems.ShouldHaveSingleItem().ShouldContain("not closed");
        result.Calls[1].Attempt.ShouldBe(2);
        (result.PromptTokens, result.CompletionTokens).ShouldBe((200, 100));
        var retry = _server.Requests[1];
        retry.Messages.Count.ShouldBe(4);
        retry.Messages[2]!["role"]!.GetValue<string>().ShouldBe("assistant");
        retry.LastUserContent.ShouldContain("could not be used: the JSON object in the reply is not closed");
    }

    [Fact]
    public async Task RunStep_InvalidTwice_FallbackWithReasonAndNoThirdCall()
    {
        var badEnum = ValidRegime();
        badEnum["regime"] = "melt_up";
        _server.Enqueue(FakeReply.Answer(badEnum), FakeReply.Answer(badEnum));
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Fallback);
        result.Reason.ShouldBe("the model's answer was invalid: regime is \"melt_up\", not one of Risk-On Expansion, Late-Cycle Rotation, Credit Stress, Rate-Driven Compression, Recovery Phase (twice)");
        result.Answer.ToJsonString().ShouldBe(FallbackRegime().ToJsonString());
        _server.Requests.Count.ShouldBe(2);
        _server.Requests[1].LastUserContent.ShouldContain("regime is \"melt_up\"");
        client.Summary().ExitCode.ShouldBe(LlmExitCodes.StepFellBack);
    }

    [Fact]
    public async Task RunStep_EnumInOtherCase_OkNormalised()
    {
        var answer = ValidRegime();
        answer["bias"] = "Bullish";
        _server.Enqueue(FakeReply.Answer(answer));
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Ok);
        result.Answer["bias"]!.GetValue<string>().ShouldBe("bullish");
        result.Calls[0].Notes.ShouldBe(["bias: \"Bullish\" read as \"bullish\""]);
    }

    [Fact]
    public async Task RunStep_HallucinatedNumberTwice_UngroundedWithTheNumber()
    {
        var invented = ValidRegime("IWM closed at 215.34 and is up 3.4% this week.");
        _server.Enqueue(FakeReply.Answer(invented), FakeReply.Answer(invented));
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Ungrounded);
        result.UngroundedNumbers.ShouldBe([new UngroundedNumber("narrative", "3.4%")]);
        result.Reason.ShouldBe("numbers not in the facts: 3.4% (narrative)");
        result.Answer["narrative"]!.GetValue<string>().ShouldContain("3.4%"); // kept, flagged
        _server.Requests.Count.ShouldBe(2);
        _server.Requests[1].LastUserContent.ShouldContain("not in the facts: 3.4% (narrative)");
        client.Summary().ExitCode.ShouldBe(LlmExitCodes.StepUngrounded);
    }

    [Fact]
    public async Task RunStep_HallucinatedThenCorrected_Ok()
    {
        _server.Enqueue(FakeReply.Answer(ValidRegime("Up 3.4% this week.")), FakeReply.Answer(ValidRegime()));
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Ok);
        result.UngroundedNumbers.ShouldBeEmpty();
        result.Calls[0].Grounding!.Ungrounded.ShouldHaveSingleItem().Text.ShouldBe("3.4%");
    }

    [Fact]
    public async Task RunStep_UngroundedWithFallbackOption_Fallback()
    {
        var invented = ValidRegime("Up 3.4% this week.");
        _server.Enqueue(FakeReply.Answer(invented), FakeReply.Answer(invented));
        using var client = Client(FastRetries with { FallbackOnUngrounded = true });

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Fallback);
        result.Reason.ShouldBe("numbers not in the facts: 3.4% (narrative)");
        result.ModelAnswer!["narrative"]!.GetValue<string>().ShouldBe("Up 3.4% this week.");
        result.Answer.ToJsonString().ShouldBe(FallbackRegime().ToJsonString());
    }

    [Fact]
    public async Task RunStep_429ThenSuccess_RetryAfterHonoured()
    {
        _server.Enqueue(FakeReply.Error(429, "slow down", ("Retry-After", "1")), FakeReply.Answer(ValidRegime()));
        using var client = Client(new ChatStepOptions { RetryBaseDelay = TimeSpan.Zero });

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Ok);
        result.Calls.ShouldHaveSingleItem().HttpRequests.ShouldBe(2);
        var gap = _server.Requests[1].ReceivedAt - _server.Requests[0].ReceivedAt;
        gap.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1) - TimingSlack);
    }

    [Fact]
    public async Task RunStep_RetryAfterLongerThanCap_WaitsTheCap()
    {
        _server.Enqueue(FakeReply.Error(429, "slow down", ("Retry-After", "120")), FakeReply.Answer(ValidRegime()));
        using var client = Client(new ChatStepOptions { MaxRetryAfter = TimeSpan.FromMilliseconds(500) });

        (await client.RunStepAsync(Regime())).Status.ShouldBe(StepStatus.Ok);

        var gap = _server.Requests[1].ReceivedAt - _server.Requests[0].ReceivedAt;
        gap.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500) - TimingSlack);
        gap.ShouldBeLessThan(TimeSpan.FromSeconds(60)); // not the 120 s asked for
    }

    [Fact]
    public async Task RunStep_BadRequestEchoingTheKey_ServerMessageRedacted()
    {
        _server.Otherwise = FakeReply.ErrorFrom(400, r => "model not allowed for " + r.Headers["Authorization"]);
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Fallback);
        result.Reason.ShouldBe($"model call failed: 400 Bad Request from {_server.BaseUrl}: model not allowed for Bearer [redacted]");
        JsonOutput.Serialize(result).ShouldNotContain(Key);
    }

    [Fact]
    public async Task RunStep_OkStatusWithUnreadableBody_FallbackNamingIt()
    {
        _server.Otherwise = FakeReply.Raw(200, "<html>proxy login</html>");
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Fallback);
        result.Reason!.ShouldStartWith($"model call failed: unreadable reply from {_server.BaseUrl} (");
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunStep_503EveryTime_ThreeRequestsThenFallback()
    {
        _server.Otherwise = FakeReply.Error(503, "overloaded");
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Fallback);
        result.Reason.ShouldBe($"model call failed: 503 Service Unavailable from {_server.BaseUrl} after 3 tries: overloaded");
        _server.Requests.Count.ShouldBe(3); // the SDK's own retries are off: not 3 × 4
    }

    [Fact]
    public async Task RunStep_ServerSlowerThanTimeout_FallbackNamingTheTimeout()
    {
        _server.Enqueue(FakeReply.Answer(ValidRegime()).After(TimeSpan.FromSeconds(3)));
        using var client = Client(timeout: TimeSpan.FromSeconds(1));

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Fallback);
        result.Reason.ShouldBe($"model call failed: no reply from {_server.BaseUrl} within 1 s (timeout)");
        _server.Requests.Count.ShouldBe(1); // a timeout is not retried
    }

    [Fact]
    public async Task RunStep_401_OneClearLineWithoutTheKey_LaterStepsSkipped()
    {
        // Some servers echo the credentials they were given; the message must still not carry the key.
        _server.Otherwise = FakeReply.ErrorFrom(401, r => "Incorrect API key provided: " + r.Headers["Authorization"]);
        using var client = Client();

        var first = await client.RunStepAsync(Regime());
        var second = await client.RunStepAsync(Regime("regime2"));

        first.Status.ShouldBe(StepStatus.Fallback);
        first.Reason.ShouldBe($"model call failed: 401 Unauthorized from {_server.BaseUrl} — check OPENAI_API_KEY");
        second.Status.ShouldBe(StepStatus.Fallback);
        second.Reason.ShouldBe("skipped after an earlier failure: " + first.Reason);
        _server.Requests.Count.ShouldBe(1);
        JsonOutput.Serialize(new { results = client.Results, summary = client.Summary() }).ShouldNotContain(Key);
    }

    [Fact]
    public async Task RunStep_ConnectionRefused_OneClearLine()
    {
        var port = FakeChatServer.ClosedPort();
        using var client = Client(baseUrl: $"http://127.0.0.1:{port}/v1");

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Fallback);
        result.Reason.ShouldBe($"model call failed: connection refused by 127.0.0.1:{port} (http://127.0.0.1:{port}/v1) — is the server running?");
        result.Calls.ShouldHaveSingleItem().HttpRequests.ShouldBe(1);
    }

    [Fact]
    public async Task RunStep_ServerRejectsJsonSchema_FallsBackToJsonObjectForThisAndLaterSteps()
    {
        _server.Enqueue(
            FakeReply.Error(400, "response_format type json_schema is not supported by this model"),
            FakeReply.Completion("```json\n" + ValidRegime().ToJsonString() + "\n```"),
            FakeReply.Answer(ValidRegime()));
        using var client = Client();

        var first = await client.RunStepAsync(Regime());
        var second = await client.RunStepAsync(Regime("regime2"));

        first.Status.ShouldBe(StepStatus.Ok);
        first.Calls.Count.ShouldBe(2);
        first.Calls[0].Error.ShouldBe("the server rejected response_format json_schema: 400 Bad Request: response_format type json_schema is not supported by this model");
        second.Status.ShouldBe(StepStatus.Ok);
        _server.Requests.Select(r => r.ResponseFormatType).ShouldBe(["json_schema", "json_object", "json_object"]);
        _server.Requests[1].Messages[0]!["content"]!.GetValue<string>().ShouldContain("\"regime\": one of \"Risk-On Expansion\"");
        client.CurrentResponseMode.ShouldBe(ResponseMode.JsonObject);
    }

    [Fact]
    public async Task RunStep_ServerRejectsEveryResponseFormat_PlainTextParsed()
    {
        _server.Enqueue(
            FakeReply.Error(400, "Unsupported parameter: json_schema"),
            FakeReply.Error(400, "'response_format' is not supported"),
            FakeReply.Completion("Here you go:\n```json\n" + ValidRegime().ToJsonString() + "\n```"));
        using var client = Client();

        var result = await client.RunStepAsync(Regime());

        result.Status.ShouldBe(StepStatus.Ok);
        _server.Requests.Select(r => r.ResponseFormatType).ShouldBe(["json_schema", "json_object", null]);
        result.Calls[^1].ResponseMode.ShouldBe(ResponseMode.Text);
    }

    [Fact]
    public async Task RunStep_TokenBudgetReached_LaterStepsFallBackWithoutCalling()
    {
        _server.Otherwise = FakeReply.Answer(ValidRegime(), promptTokens: 100, completionTokens: 50);
        using var client = Client(budget: 250);

        var first = await client.RunStepAsync(Regime("one"));
        var second = await client.RunStepAsync(Regime("two"));
        var third = await client.RunStepAsync(Regime("three"));

        first.Status.ShouldBe(StepStatus.Ok);
        second.Status.ShouldBe(StepStatus.Ok); // 150 used < 250 before it: the budget is checked before each call
        third.Status.ShouldBe(StepStatus.Fallback);
        third.Reason.ShouldBe("token budget reached (300 of 250 tokens used)");
        _server.Requests.Count.ShouldBe(2);
        var summary = client.Summary();
        summary.BudgetReached.ShouldBeTrue();
        summary.TotalTokens.ShouldBe(300);
        summary.ExitCode.ShouldBe(LlmExitCodes.StepFellBack);
    }

    [Fact]
    public async Task Summary_UsageSummedAcrossSteps_EstimatedWhenNotReported()
    {
        _server.Enqueue(
            FakeReply.Answer(ValidRegime(), promptTokens: 300, completionTokens: 70),
            FakeReply.Answer(ValidRegime(), promptTokens: 250, completionTokens: 30),
            FakeReply.Answer(ValidRegime(), promptTokens: null, completionTokens: null));
        using var client = Client();

        await client.RunStepAsync(Regime("a"));
        await client.RunStepAsync(Regime("b"));
        var third = await client.RunStepAsync(Regime("c"));

        var estimated = third.Calls.ShouldHaveSingleItem();
        estimated.UsageReported.ShouldBeFalse();
        estimated.PromptTokens.ShouldBe((estimated.Messages.Sum(m => m.Content.Length) + 3) / 4);
        estimated.CompletionTokens.ShouldBeGreaterThan(0);
        var summary = client.Summary();
        summary.PromptTokens.ShouldBe(550 + estimated.PromptTokens);
        summary.CompletionTokens.ShouldBe(100 + estimated.CompletionTokens);
        summary.Steps.Select(s => s.Status).ShouldBe([StepStatus.Ok, StepStatus.Ok, StepStatus.Ok]);
        summary.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Records_SerialiseWithJsonOutput_WithoutTheKey()
    {
        _server.Enqueue(FakeReply.Answer(ValidRegime("Up 3.4%.")), FakeReply.Answer(ValidRegime()));
        using var client = Client();
        var result = await client.RunStepAsync(Regime());

        var json = JsonOutput.Serialize(result);

        json.ShouldNotContain(Key);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        root.GetProperty("status").GetString().ShouldBe("ok");
        var call = root.GetProperty("calls")[0];
        call.GetProperty("response_mode").GetString().ShouldBe("json_schema");
        call.GetProperty("messages")[1].GetProperty("role").GetString().ShouldBe("user");
        call.GetProperty("raw_reply").GetString()!.ShouldContain("3.4%");
        call.GetProperty("grounding").GetProperty("ungrounded")[0].GetProperty("text").GetString().ShouldBe("3.4%");
        call.GetProperty("prompt_tokens").GetInt32().ShouldBe(100);
        call.GetProperty("model").GetString().ShouldBe("test-model");
        call.TryGetProperty("latency_ms", out _).ShouldBeTrue();
        JsonOutput.Serialize(client.Settings).ShouldNotContain(Key);
        client.Settings.ToString().ShouldNotContain(Key);
    }

    [Fact]
    public async Task RunStep_BaseUrlWithQuery_QuerySentWithEveryRequest()
    {
        _server.Enqueue(FakeReply.Answer(ValidRegime()));
        using var client = Client(baseUrl: _server.BaseUrl + "?api-version=2024-10-21");

        (await client.RunStepAsync(Regime())).Status.ShouldBe(StepStatus.Ok);

        _server.Requests.ShouldHaveSingleItem().Path.ShouldBe("/v1/chat/completions?api-version=2024-10-21");
    }

    [Fact]
    public async Task RunStep_AzureHost_KeyAlsoSentAsApiKeyHeader()
    {
        _server.Enqueue(FakeReply.Answer(ValidRegime()));
        // Send the Azure-host request to the fake server: the request is real, only its address is rewritten.
        using var handler = new RedirectToServer(_server.Port);
        var settings = LlmSettings.Create($"http://desk.openai.azure.com:{_server.Port}/openai/v1/", "gpt-4o-deployment", Key);
        using var client = new ChatStepClient(settings, FastRetries, handler);

        (await client.RunStepAsync(Regime())).Status.ShouldBe(StepStatus.Ok);

        var sent = _server.Requests.ShouldHaveSingleItem();
        sent.Path.ShouldBe("/openai/v1/chat/completions");
        sent.Headers["api-key"].ShouldBe(Key);
        sent.Headers["Authorization"].ShouldBe("Bearer " + Key);
        sent.Json!["model"]!.GetValue<string>().ShouldBe("gpt-4o-deployment");
    }

    [Fact]
    public async Task RunStep_FallbackNotInSchema_Rejected()
    {
        using var client = Client();
        var request = Regime() with { Fallback = new JsonObject { ["regime"] = "Risk-On Expansion" } };

        var ex = await Should.ThrowAsync<ArgumentOutOfRangeException>(() => client.RunStepAsync(request));

        ex.Message.ShouldContain("the fallback answer of step 'regime' does not fit its schema: bias is missing");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunStep_FactsNotSerialisable_Rejected()
    {
        using var client = Client();
        var request = Regime() with { Facts = new Dictionary<string, object?> { ["type"] = typeof(int) } };

        var ex = await Should.ThrowAsync<ArgumentOutOfRangeException>(() => client.RunStepAsync(request));

        ex.Message.ShouldContain("the facts of step 'regime' cannot be written as JSON");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunStep_Cancelled_Throws()
    {
        _server.Enqueue(FakeReply.Answer(ValidRegime()).After(TimeSpan.FromSeconds(5)));
        using var client = Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() => client.RunStepAsync(Regime(), cts.Token));
    }

    [Fact]
    public void ParseRetryAfter_SecondsAndHttpDate()
    {
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        ModelTransport.ParseRetryAfter("2", now).ShouldBe(TimeSpan.FromSeconds(2));
        ModelTransport.ParseRetryAfter("Thu, 02 Jan 2025 03:04:35 GMT", now).ShouldBe(TimeSpan.FromSeconds(30));
        ModelTransport.ParseRetryAfter("Thu, 02 Jan 2025 03:00:00 GMT", now).ShouldBe(TimeSpan.Zero);
        ModelTransport.ParseRetryAfter("soon", now).ShouldBeNull();
    }

    [Fact]
    public void Deterministic_NoModel_FallbackWithReason()
    {
        var result = StepResult.Deterministic(Regime(), "no model configured");
        result.Status.ShouldBe(StepStatus.Fallback);
        result.Reason.ShouldBe("no model configured");
        result.Answer.ToJsonString().ShouldBe(FallbackRegime().ToJsonString());
    }

    /// <summary>Rewrites each request's host to the fake server (after the client's policies have set the headers).</summary>
    private sealed class RedirectToServer(int port) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Host = "127.0.0.1", Port = port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
