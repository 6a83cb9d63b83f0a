using System.CommandLine;
using System.Globalization;

namespace IwmDesk.Cli;

/// <summary>Option factories shared by commands, so every command parses dates, formats and rules the same way.</summary>
internal static class CommonOptions
{
    /// <summary>A yyyy-MM-dd date option; a bad value is a parse error naming the option.</summary>
    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d;
            r.AddError($"{name}: '{token}' is not a date (expected YYYY-MM-DD)");
            return null;
        },
    };

    /// <summary>--format with the allowed values, the first being the default.</summary>
    public static Option<string> Format(params string[] allowed)
    {
        var o = new Option<string>("--format")
        {
            Description = "Output format: " + string.Join(", ", allowed),
            DefaultValueFactory = _ => allowed[0],
        };
        o.AcceptOnlyFromAmong(allowed);
        return o;
    }

    /// <summary>--rules FILE: the user's rules instead of the shipped ones.</summary>
    public static Option<string?> Rules() => new("--rules")
    {
        Description = "Rules file (YAML, see docs/rules.md); default: the shipped rules",
    };

    /// <summary>--gex-proxy SERIES: the series used for GEX where IWM has none.</summary>
    public static Option<string> GexProxy() => new("--gex-proxy")
    {
        Description = "Series used for GEX on days IWM has no GEX of its own (default SPX_GEX from DIX.csv)",
        DefaultValueFactory = _ => "SPX_GEX",
    };
}

/// <summary>The chat-model options of <c>forecast</c> and <c>workflow</c> (docs/llm.md).</summary>
internal sealed class LlmCliOptions
{
    public Option<string> Llm { get; } = CreateLlm();

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "Chat-completions base URL (else $OPENAI_BASE_URL, the config file, or OpenAI's)" };

    public Option<string?> Model { get; } = new("--model") { Description = "Model name (else $IWMDESK_MODEL or the config file)" };

    public Option<string?> Config { get; } = new("--llm-config") { Description = "Config file (default ~/.config/iwmdesk/config.json)" };

    public Option<double?> Timeout { get; } = new("--llm-timeout") { Description = "Seconds before a model call times out (default 60)" };

    public Option<long?> MaxTokens { get; } = new("--max-tokens") { Description = "Token budget for the whole run; further calls stop when reached" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Llm, BaseUrl, Model, Config, Timeout, MaxTokens })
            command.Options.Add(o);
    }

    /// <summary>True when --llm openai was given.</summary>
    public bool Enabled(ParseResult r) => r.GetValue(Llm) == "openai";

    /// <summary>A client for the run, or null with --llm none. The key never leaves the settings object.</summary>
    public IwmDesk.Llm.ChatStepClient? CreateClient(ParseResult r)
    {
        if (!Enabled(r))
            return null;
        var settings = IwmDesk.Llm.LlmSettingsResolver.Resolve(new IwmDesk.Llm.LlmOverrides
        {
            BaseUrl = r.GetValue(BaseUrl),
            Model = r.GetValue(Model),
            ConfigPath = r.GetValue(Config),
            TimeoutSeconds = r.GetValue(Timeout),
            MaxTokens = r.GetValue(MaxTokens),
        });
        return new IwmDesk.Llm.ChatStepClient(settings);
    }

    private static Option<string> CreateLlm()
    {
        var o = new Option<string>("--llm")
        {
            Description = "none: the desk's own analysts only; openai: also ask an OpenAI-compatible chat model (OpenAI, Azure, OpenRouter, Ollama, vLLM, llama.cpp)",
            DefaultValueFactory = _ => "none",
        };
        o.AcceptOnlyFromAmong("none", "openai");
        return o;
    }
}
