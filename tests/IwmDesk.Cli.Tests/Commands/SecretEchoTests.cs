using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>Tests that set the process-wide OPENAI_API_KEY run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApiKeyEnvironment
{
    public const string Name = "OPENAI_API_KEY environment";
}

/// <summary>
/// The key never leaves (issue 17): a chat server on 127.0.0.1 that echoes the key it was sent in its replies' content,
/// in a response header and in its error messages (whole and in the partial form hosted APIs use). Nothing printed
/// (stdout, stderr, journal show) and no byte of the SQLite store holds the key or any 8-character piece of it.
/// </summary>
[Collection(ApiKeyEnvironment.Name)]
public sealed class SecretEchoTests : IAsyncDisposable
{
    private const string Key = "sk-echo-Zq8HkT3vW9xR2mN5pL7jQ4T123";
    private readonly string _dir = TestData.TempDir();
    private readonly FakeChatServer _server = FakeChatServer.Start();

    private string Store => Path.Combine(_dir, "store.db");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>What the server was sent as the key (the Authorization header without "Bearer ").</summary>
    private static string SentKey(RecordedRequest r) =>
        r.Headers.TryGetValue("Authorization", out var auth) && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : "(none)";

    private static string Partial(string key) => key[..6] + "..." + key[^4..];

    /// <summary>An answer for the step the request asks for, with the key echoed into every free-text field.</summary>
    private static JsonNode EchoingAnswer(RecordedRequest request)
    {
        var key = SentKey(request);
        var words = $"Your key is {key} (or {Partial(key)}); the desk's figures point the same way.";
        var schema = (string?)request.Json?["response_format"]?["json_schema"]?["name"] ?? "";
        if (schema.Contains("regime", StringComparison.Ordinal))
            return new JsonObject { ["regime"] = "Late-Cycle Rotation", ["bias"] = "neutral", ["analogs"] = new JsonArray(key), ["risk"] = key, ["narrative"] = words };
        if (schema.Contains("kre", StringComparison.Ordinal))
            return new JsonObject { ["verdict"] = "neutral", ["bias"] = "neutral", ["narrative"] = words };
        if (schema.Contains("earnings", StringComparison.Ordinal))
            return new JsonObject { ["net_score"] = "neutral", ["bias"] = "neutral", ["narrative"] = words };
        if (schema.Contains("forecast", StringComparison.Ordinal))
        {
            var call = new JsonObject { ["call"] = "neutral", ["probability"] = 0.5 };
            return new JsonObject { ["tomorrow"] = call, ["next_5_days"] = call.DeepClone(), ["strategy"] = "Stand aside, " + key, ["narrative"] = words };
        }

        return new JsonObject { ["bias"] = "neutral", ["narrative"] = words };
    }

    private static FakeReply EchoEverywhere() => FakeReply.AnswerFrom(EchoingAnswer) with { Headers = [("X-Echo-Key", Key)] };

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", Key);
        try
        {
            var code = await CliApp.RunAsync(["--store", Store, .. args], output, error);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", null);
        }
    }

    private string[] Llm => ["--llm", "openai", "--base-url", _server.BaseUrl, "--model", "fake-model"];

    /// <summary>Neither the key, nor any 8 characters of it in a row, nor its partial echo.</summary>
    private static void ShouldHoldNoPieceOf(string text, string what)
    {
        text.ShouldNotContain(Key, customMessage: what);
        for (var i = 0; i + 8 <= Key.Length; i++)
            text.ShouldNotContain(Key.Substring(i, 8), customMessage: $"{what}: holds '{Key.Substring(i, 8)}' of the key");
        text.ShouldNotContain(Partial(Key), customMessage: what);
    }

    private void StoreBytesShouldHoldNoPieceOfTheKey()
    {
        var files = Directory.GetFiles(_dir, "store.db*");
        files.ShouldNotBeEmpty();
        foreach (var file in files)
        {
            // Latin-1 keeps every byte as one char, so a UTF-8 key (ASCII) is found wherever its bytes are.
            var bytes = Encoding.Latin1.GetString(File.ReadAllBytes(file));
            ShouldHoldNoPieceOf(bytes, Path.GetFileName(file));
        }
    }

    [Fact]
    public async Task Workflow_ModelEchoesTheKeyInContentAndHeaders_KeyInNoOutputAndNoStoredByte()
    {
        _server.Otherwise = EchoEverywhere();
        var (code, output, error) = await Run(["workflow", "--format", "json", .. Llm]);

        _server.Requests.ShouldNotBeEmpty();
        _server.Requests.ShouldAllBe(r => SentKey(r) == Key, "the key was sent (the server really had it to echo)");
        code.ShouldBeOneOf(0, 3, 4);
        output.ShouldContain("[redacted]", customMessage: "the echoed key was replaced, not dropped silently");
        ShouldHoldNoPieceOf(output, "stdout");
        ShouldHoldNoPieceOf(error, "stderr");

        var (md, mdOut, mdErr) = await Run(["forecast", .. Llm]);
        md.ShouldBeOneOf(0, 3, 4);
        ShouldHoldNoPieceOf(mdOut + mdErr, "forecast markdown");

        var (_, list, _) = await Run("journal", "list", "--format", "json");
        foreach (var run in JsonNode.Parse(list)!.AsArray())
        {
            var (_, shown, shownErr) = await Run("journal", "show", (string)run!["run_id"]!, "--format", "json");
            ShouldHoldNoPieceOf(shown + shownErr, "journal show");
        }

        StoreBytesShouldHoldNoPieceOfTheKey();
    }

    [Fact]
    public async Task Workflow_ErrorsEchoTheKeyWholeAndPartially_OneLineWithoutIt()
    {
        _server.Enqueue(FakeReply.ErrorFrom(500, r => "upstream failed for key " + SentKey(r)));
        _server.Otherwise = FakeReply.ErrorFrom(401, r => $"Incorrect API key provided: {Partial(SentKey(r))}. Also tried {SentKey(r)[..3]}****{SentKey(r)[^4..]}.");
        var (code, output, error) = await Run(["workflow", "--format", "json", .. Llm]);

        code.ShouldBe(3);
        error.ShouldContain("401");
        ShouldHoldNoPieceOf(output, "stdout");
        ShouldHoldNoPieceOf(error, "stderr");
        (output + error).ShouldNotContain("sk-****T123");
        StoreBytesShouldHoldNoPieceOfTheKey();
    }
}
