using System.Text.Json.Nodes;
using IwmDesk.Data.Store;
using IwmDesk.Journal;
using IwmDesk.Testing;
using IwmDesk.Workflow;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>
/// `workflow --llm openai` and `forecast --llm openai` end to end against a real chat-completions server on 127.0.0.1:
/// every step's call is made, failures fall back with a clear line and a non-zero exit code, and the journal keeps each
/// call's prompt, raw reply, parsed answer, grounding result and token counts.
/// </summary>
[Collection(ApiKeyEnvironment.Name)]
public sealed class ModelCommandsTests : IAsyncDisposable
{
    private const string Key = "sk-test-DO-NOT-LEAK-4d7f";
    private readonly string _store = Path.Combine(TestData.TempDir(), "store.db");
    private readonly FakeChatServer _server = FakeChatServer.Start();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>A valid answer for whichever step the request's schema names; no numbers in the words.</summary>
    private static JsonNode ValidAnswer(RecordedRequest request)
    {
        var schema = (string?)request.Json?["response_format"]?["json_schema"]?["name"] ?? "";
        const string words = "The desk's figures point the same way; no new information.";
        if (schema.Contains("regime", StringComparison.Ordinal))
            return new JsonObject { ["regime"] = "Late-Cycle Rotation", ["bias"] = "neutral", ["analogs"] = new JsonArray(), ["risk"] = "a turn in credit", ["narrative"] = words };
        if (schema.Contains("kre", StringComparison.Ordinal))
            return new JsonObject { ["verdict"] = "neutral", ["bias"] = "neutral", ["narrative"] = words };
        if (schema.Contains("earnings", StringComparison.Ordinal))
            return new JsonObject { ["net_score"] = "neutral", ["bias"] = "neutral", ["narrative"] = words };
        if (schema.Contains("forecast", StringComparison.Ordinal))
        {
            var call = new JsonObject { ["call"] = "neutral", ["probability"] = 0.5 };
            return new JsonObject { ["tomorrow"] = call, ["next_5_days"] = call.DeepClone(), ["strategy"] = "Stand aside.", ["narrative"] = words };
        }

        return new JsonObject { ["bias"] = "neutral", ["narrative"] = words };
    }

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", Key);
        try
        {
            var code = await CliApp.RunAsync(["--store", _store, .. args, "--llm", "openai", "--base-url", _server.BaseUrl, "--model", "fake-model"], output, error);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", null);
        }
    }

    private JournalEntryDetail LastRun()
    {
        using var store = MarketStore.Open(_store);
        var journal = new JournalStore(store);
        return journal.Show(journal.List().OrderBy(e => e.RunId, StringComparer.Ordinal).Last().RunId);
    }

    [Fact]
    public async Task Workflow_ValidAnswers_EveryStepOk_JournalKeepsEachCall()
    {
        _server.Otherwise = FakeReply.AnswerFrom(ValidAnswer, promptTokens: 120, completionTokens: 40);
        var (code, output, error) = await Run("workflow", "--format", "json");

        code.ShouldBe(0, error);
        var review = JsonNode.Parse(output)!["model_review"]!;
        var sent = _server.Requests.Count;
        sent.ShouldBeGreaterThanOrEqualTo(3);
        review["total_tokens"]!.GetValue<long>().ShouldBe(160L * sent);
        review["steps"]!.AsArray().Where(s => (string?)s!["status"] != "fallback").ShouldAllBe(s => (string?)s!["status"] == "ok");
        _server.Requests.ShouldAllBe(r => r.LastUserContent.Contains("\"facts\"", StringComparison.Ordinal) || r.LastUserContent.Contains("facts", StringComparison.OrdinalIgnoreCase));

        var run = LastRun();
        var calls = run.Steps.SelectMany(s => s.ModelCalls).ToList();
        calls.Count.ShouldBe(sent);
        foreach (var c in calls)
        {
            c.RawReply.ShouldNotBeNullOrEmpty();
            c.ParsedAnswer.ShouldNotBeNull();
            c.Grounding.ShouldNotBeNull();
            c.PromptTokens.ShouldBe(120);
            c.CompletionTokens.ShouldBe(40);
        }

        run.Steps.ShouldAllBe(s => !string.IsNullOrEmpty(s.Prompt));
        (output + error + run.Payload!.ToJsonString()).ShouldNotContain(Key);
    }

    [Fact]
    public async Task Workflow_HallucinatedNumber_StepUngrounded_ExitCode4()
    {
        _server.Otherwise = FakeReply.AnswerFrom(r =>
        {
            var a = ValidAnswer(r).AsObject();
            a["narrative"] = "IWM should rally 7.77% next month.";
            return a;
        });
        var (code, output, error) = await Run("workflow", "--format", "json");

        code.ShouldBe(4);
        error.ShouldContain("model: step");
        error.ShouldContain("ungrounded");
        var steps = JsonNode.Parse(output)!["model_review"]!["steps"]!.AsArray();
        steps.ShouldContain(s => (string?)s!["status"] == "ungrounded" && s["ungrounded_numbers"]!.ToJsonString().Contains("7.77", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workflow_401_FallsBackWithOneClearLine_ExitCode3_KeyNeverShown()
    {
        _server.Otherwise = FakeReply.Error(401, "Incorrect API key provided: " + Key);
        var (code, output, error) = await Run("workflow");

        code.ShouldBe(3);
        error.ShouldContain("401");
        output.ShouldContain("## Model review");
        output.ShouldContain("fell back to the desk's answer");
        (output + error).ShouldNotContain(Key);
        output.ShouldContain("Checklist"); // the workflow itself completed
    }

    [Fact]
    public async Task Forecast_429ThenSuccess_OkAfterRetryAfter()
    {
        _server.Enqueue(FakeReply.Error(429, "slow down", ("Retry-After", "1")));
        _server.Otherwise = FakeReply.AnswerFrom(ValidAnswer);
        var (code, output, error) = await Run("forecast", "--format", "json");

        code.ShouldBe(0, error);
        _server.Requests.Count.ShouldBe(2);
        var step = JsonNode.Parse(output)!["model_review"]!["steps"]![0]!;
        ((string?)step["status"]).ShouldBe("ok");
        LastRun().Steps.Single().ModelCalls.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Forecast_Timeout_FallsBack_ExitCode3()
    {
        _server.Otherwise = FakeReply.AnswerFrom(ValidAnswer).After(TimeSpan.FromSeconds(3));
        var (code, output, error) = await Run("forecast", "--format", "json", "--llm-timeout", "1");

        code.ShouldBe(3);
        error.ShouldContain("fell back");
        var step = JsonNode.Parse(output)!["model_review"]!["steps"]![0]!;
        ((string?)step["status"]).ShouldBe("fallback");
        ((string?)step["reason"])!.ShouldContain("within 1 s (timeout)");
    }

    [Fact]
    public async Task Forecast_MalformedThenValid_RetriedOnceWithTheError_Ok()
    {
        _server.Enqueue(FakeReply.Completion("Sure! Here is the JSON: {\"tomorrow\": "));
        _server.Otherwise = FakeReply.AnswerFrom(ValidAnswer);
        var (code, output, error) = await Run("forecast", "--format", "json");

        code.ShouldBe(0, error);
        _server.Requests.Count.ShouldBe(2);
        _server.Requests[1].Messages.Count.ShouldBeGreaterThan(_server.Requests[0].Messages.Count); // the error went back to the model
        ((string?)JsonNode.Parse(output)!["model_review"]!["steps"]![0]!["status"]).ShouldBe("ok");
        LastRun().Steps.Single().ModelCalls.Count.ShouldBe(2);
    }
}
