using IwmDesk.Llm;
using IwmDesk.Testing;
using IwmDesk.Text;

namespace IwmDesk.Tests.Llm;

public class LlmSettingsTests
{
    private const string Key = "sk-settings-SECRET-41b7-never-print";

    private static Func<string, string?> Env(params (string Name, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        var home = TestData.TempDir(); // an empty HOME: no per-user config file unless a test writes one
        return name => map.TryGetValue(name, out var v) ? v : name == "HOME" ? home : null;
    }

    private static string Config(string json)
    {
        var path = Path.Combine(TestData.TempDir(), "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Resolve_OptionBeatsEnvBeatsConfig()
    {
        var config = Config("""{"llm": {"base_url": "http://config:1/v1", "model": "config-model", "api_key": "config-key", "timeout_seconds": 5, "max_tokens": 1000}}""");
        var env = Env(("OPENAI_BASE_URL", "http://env:2/v1"), ("IWMDESK_MODEL", "env-model"), ("OPENAI_API_KEY", Key), ("IWMDESK_MAX_TOKENS", "2000"));

        var s = LlmSettingsResolver.Resolve(new LlmOverrides { Model = "option-model", ConfigPath = config }, env);

        s.Model.ShouldBe("option-model");
        s.BaseUrl.ShouldBe(new Uri("http://env:2/v1"));
        s.ApiKey.ShouldBe(Key);
        s.TokenBudget.ShouldBe(2000);
        s.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        s.Sources["model"].ShouldBe("option --model");
        s.Sources["base_url"].ShouldBe("env OPENAI_BASE_URL");
        s.Sources["api_key"].ShouldBe("env OPENAI_API_KEY");
        s.Sources["timeout"].ShouldBe("config " + config);
    }

    [Fact]
    public void Resolve_ConfigAlone_UsedAndKeyTaken()
    {
        var config = Config("""{"llm": {"model": "llama3.1", "base_url": "http://localhost:11434/v1", "api_key": "config-key"}}""");
        var s = LlmSettingsResolver.Resolve(new LlmOverrides(), Env(("IWMDESK_CONFIG", config)));
        s.Model.ShouldBe("llama3.1");
        s.BaseUrl.ShouldBe(new Uri("http://localhost:11434/v1"));
        s.ApiKey.ShouldBe("config-key");
        s.Timeout.ShouldBe(LlmSettings.DefaultTimeout);
        s.TokenBudget.ShouldBeNull();
    }

    [Fact]
    public void Resolve_DefaultConfigUnderXdg_Read()
    {
        var xdg = TestData.TempDir();
        Directory.CreateDirectory(Path.Combine(xdg, "iwmdesk"));
        File.WriteAllText(Path.Combine(xdg, "iwmdesk", "config.json"), """{"llm": {"model": "from-xdg"}}""");
        LlmSettingsResolver.Resolve(new LlmOverrides(), Env(("XDG_CONFIG_HOME", xdg))).Model.ShouldBe("from-xdg");
    }

    [Fact]
    public void Resolve_NothingButAModel_DefaultsAndNoKey()
    {
        var s = LlmSettingsResolver.Resolve(new LlmOverrides { Model = "gpt-4o-mini" }, Env());
        s.BaseUrl.ShouldBe(new Uri(LlmSettings.DefaultBaseUrl));
        s.HasApiKey.ShouldBeFalse();
        s.Sources["api_key"].ShouldBe("none");
        s.KeyToSend.ShouldBe("no-key");
    }

    [Fact]
    public void Resolve_NoModel_ClearError()
    {
        var ex = Should.Throw<IwmDeskException>(() => LlmSettingsResolver.Resolve(new LlmOverrides(), Env()));
        ex.Message.ShouldStartWith("no model configured: pass --model, set IWMDESK_MODEL, or put \"llm\": {\"model\": ...} in ");
        ex.ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Resolve_NamedConfigMissing_Error()
    {
        var path = Path.Combine(TestData.TempDir(), "nope.json");
        Should.Throw<IwmDeskException>(() => LlmSettingsResolver.Resolve(new LlmOverrides { Model = "m", ConfigPath = path }, Env()))
            .Message.ShouldBe($"{path}: config file not found");
    }

    [Fact]
    public void Resolve_MalformedConfig_FileAndLine()
    {
        var path = Config("{\n  \"llm\": {\n    \"model\": \"m\",,\n  }\n}");
        var ex = Should.Throw<DataFormatException>(() => LlmSettingsResolver.Resolve(new LlmOverrides { ConfigPath = path }, Env()));
        ex.File.ShouldBe(path);
        ex.Line.ShouldBe(3);
    }

    [Fact]
    public void Resolve_UnknownConfigKey_Named()
    {
        var path = Config("""{"llm": {"modle": "m"}}""");
        Should.Throw<DataFormatException>(() => LlmSettingsResolver.Resolve(new LlmOverrides { ConfigPath = path }, Env()))
            .Message.ShouldBe($"{path}: unknown key llm.modle (known: base_url, model, api_key, timeout_seconds, max_tokens)");
    }

    [Theory]
    [InlineData("ftp://host/v1", "option --base-url: 'ftp://host/v1' is not an http(s) URL (expected e.g. http://localhost:11434/v1)")]
    [InlineData("localhost:11434", "option --base-url: 'localhost:11434' is not an http(s) URL (expected e.g. http://localhost:11434/v1)")]
    public void Resolve_BadBaseUrl_NamesTheSource(string url, string message) =>
        Should.Throw<IwmDeskException>(() => LlmSettingsResolver.Resolve(new LlmOverrides { Model = "m", BaseUrl = url }, Env()))
            .Message.ShouldBe(message);

    [Fact]
    public void Resolve_BadTimeoutAndBudget_NameTheSource()
    {
        Should.Throw<IwmDeskException>(() => LlmSettingsResolver.Resolve(new LlmOverrides { Model = "m" }, Env(("IWMDESK_LLM_TIMEOUT", "soon"))))
            .Message.ShouldBe("env IWMDESK_LLM_TIMEOUT: timeout 'soon' is not a number of seconds");
        Should.Throw<IwmDeskException>(() => LlmSettingsResolver.Resolve(new LlmOverrides { Model = "m", MaxTokens = 0 }, Env()))
            .Message.ShouldBe("option --max-tokens: the token budget must be ≥ 1, got 0");
    }

    [Fact]
    public void KeyFromEnv_NeverInToStringOrJson()
    {
        var s = LlmSettingsResolver.Resolve(new LlmOverrides { Model = "m" }, Env(("OPENAI_API_KEY", Key)));
        s.HasApiKey.ShouldBeTrue();
        s.ToString().ShouldNotContain(Key);
        s.ToString().ShouldContain("key set");
        JsonOutput.Serialize(s).ShouldNotContain(Key);
    }
}
