using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IwmDesk.Config;

namespace IwmDesk.Llm;

/// <summary>
/// Where and how to reach the chat model: an OpenAI-compatible chat-completions endpoint, the model (or Azure
/// deployment) name, the API key, the per-call timeout and the run's token budget. The key is held privately:
/// it is not a public property, not serialised and not part of <see cref="ToString"/>.
/// </summary>
public sealed class LlmSettings
{
    /// <summary>The default endpoint when none is configured.</summary>
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    /// <summary>Key sent when none is configured (local servers ignore it; a hosted one answers 401).</summary>
    internal const string PlaceholderKey = "no-key";

    /// <summary>The default per-call timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private LlmSettings(Uri baseUrl, string model, string? apiKey, TimeSpan timeout, long? tokenBudget, IReadOnlyDictionary<string, string> sources)
    {
        BaseUrl = baseUrl;
        Model = model;
        ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        Security.SecretRedactor.Shared.Register(ApiKey, "model API key");
        Timeout = timeout;
        TokenBudget = tokenBudget;
        Sources = sources;
    }

    /// <summary>The endpoint, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>; a query
    /// (Azure's <c>?api-version=</c>) is sent with every request.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The model name (for Azure: the deployment name).</summary>
    public string Model { get; }

    /// <summary>Per-call timeout (each HTTP request; retries get their own).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Total tokens (prompt + completion) the run may use; null for no limit.</summary>
    public long? TokenBudget { get; }

    /// <summary>True when an API key was configured (false: the placeholder is sent, fine for local servers).</summary>
    public bool HasApiKey => ApiKey is not null;

    /// <summary>Where each setting came from: <c>option --model</c>, <c>env OPENAI_BASE_URL</c>, <c>config PATH</c>, <c>default</c>.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>The key; internal so that it cannot be printed or serialised by accident.</summary>
    [JsonIgnore]
    internal string? ApiKey { get; }

    /// <summary>The key to send: the configured one, or the placeholder.</summary>
    [JsonIgnore]
    internal string KeyToSend => ApiKey ?? PlaceholderKey;

    /// <summary>Settings given in code (tests, or a caller with its own configuration).</summary>
    /// <param name="baseUrl">Absolute http(s) URL of the OpenAI-compatible endpoint (ending in <c>/v1</c> for most servers).</param>
    /// <param name="model">Model or deployment name.</param>
    /// <param name="apiKey">The key, or null for servers that need none.</param>
    /// <param name="timeout">Per-call timeout; default 60 s.</param>
    /// <param name="tokenBudget">Total-token budget of the run; null for none.</param>
    public static LlmSettings Create(string baseUrl, string model, string? apiKey = null, TimeSpan? timeout = null, long? tokenBudget = null)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["base_url"] = "code", ["model"] = "code", ["api_key"] = apiKey is null ? "none" : "code",
            ["timeout"] = timeout is null ? "default" : "code", ["max_tokens"] = tokenBudget is null ? "default" : "code",
        };
        return new LlmSettings(
            ParseBaseUrl(baseUrl, "base URL"),
            RequireModel(model, "model"),
            apiKey,
            CheckTimeout(timeout ?? DefaultTimeout, nameof(timeout)),
            CheckBudget(tokenBudget, nameof(tokenBudget)),
            sources);
    }

    /// <summary>Settings resolved from options, environment and config file (see <see cref="LlmSettingsResolver"/>).</summary>
    internal static LlmSettings FromResolved(Uri baseUrl, string model, string? apiKey, TimeSpan timeout, long? tokenBudget, IReadOnlyDictionary<string, string> sources) =>
        new(baseUrl, model, apiKey, timeout, tokenBudget, sources);

    /// <summary>One line for logs and <c>--verbose</c> output; never shows the key.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"model {Model} at {BaseUrl} (key {(HasApiKey ? "set" : "not set")}, timeout {Timeout.TotalSeconds:0.#} s, budget {(TokenBudget is { } b ? b.ToString(CultureInfo.InvariantCulture) + " tokens" : "none")})");

    internal static Uri ParseBaseUrl(string value, string source)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new IwmDeskException($"{source}: '{value}' is not an http(s) URL (expected e.g. http://localhost:11434/v1)");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new IwmDeskException($"{source}: the URL must not carry credentials; set OPENAI_API_KEY instead");
        return uri;
    }

    internal static string RequireModel(string? model, string source)
    {
        if (string.IsNullOrWhiteSpace(model))
            throw new IwmDeskException($"{source}: the model name is empty");
        return model.Trim();
    }

    internal static TimeSpan CheckTimeout(TimeSpan timeout, string source)
    {
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromHours(1))
            throw new IwmDeskException(string.Create(CultureInfo.InvariantCulture, $"{source}: timeout must be between 0 and 3600 s, got {timeout.TotalSeconds} s"));
        return timeout;
    }

    internal static long? CheckBudget(long? budget, string source)
    {
        if (budget is <= 0)
            throw new IwmDeskException(string.Create(CultureInfo.InvariantCulture, $"{source}: the token budget must be ≥ 1, got {budget}"));
        return budget;
    }
}

/// <summary>Settings given on the command line; null means "not given".</summary>
public sealed record LlmOverrides
{
    /// <summary><c>--base-url</c>.</summary>
    public string? BaseUrl { get; init; }

    /// <summary><c>--model</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>--llm-config</c>: a config file to read instead of the default one (it must exist).</summary>
    public string? ConfigPath { get; init; }

    /// <summary><c>--llm-timeout</c> in seconds.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary><c>--max-tokens</c>: the run's total-token budget.</summary>
    public long? MaxTokens { get; init; }
}

/// <summary>
/// Resolves <see cref="LlmSettings"/> with the precedence option &gt; environment &gt; config file &gt; default.
/// Environment: <c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>, <c>IWMDESK_MODEL</c>, <c>IWMDESK_LLM_TIMEOUT</c> (seconds),
/// <c>IWMDESK_MAX_TOKENS</c>, <c>IWMDESK_CONFIG</c> (config path). Config file: <c>--llm-config PATH</c>, else
/// <c>IWMDESK_CONFIG</c>, else <c>$XDG_CONFIG_HOME/iwmdesk/config.json</c>, else <c>~/.config/iwmdesk/config.json</c>
/// (on Windows <c>%APPDATA%\iwmdesk\config.json</c>), holding
/// <c>{"llm": {"base_url", "model", "api_key", "timeout_seconds", "max_tokens"}}</c>, all optional.
/// The key is deliberately not an option: command lines end up in shell history and process lists.
/// </summary>
public static class LlmSettingsResolver
{
    /// <summary>Environment variable of the endpoint.</summary>
    public const string BaseUrlVariable = "OPENAI_BASE_URL";

    /// <summary>Environment variable of the key.</summary>
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>Environment variable of the model.</summary>
    public const string ModelVariable = "IWMDESK_MODEL";

    /// <summary>Environment variable of the per-call timeout in seconds.</summary>
    public const string TimeoutVariable = "IWMDESK_LLM_TIMEOUT";

    /// <summary>Environment variable of the token budget.</summary>
    public const string MaxTokensVariable = "IWMDESK_MAX_TOKENS";

    private static readonly string[] KnownKeys = ["base_url", "model", "api_key", "timeout_seconds", "max_tokens"];

    /// <summary>
    /// Resolves the settings. Throws <see cref="IwmDeskException"/> (exit code 2) when no model is configured anywhere,
    /// when a value is invalid, or when the config file named explicitly is missing or malformed.
    /// </summary>
    /// <param name="overrides">Command-line values.</param>
    /// <param name="environment">Reads an environment variable; defaults to the process environment.</param>
    public static LlmSettings Resolve(LlmOverrides overrides, Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var config = ReadConfig(overrides.ConfigPath, env);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);

        var baseUrlText = Pick("base_url", overrides.BaseUrl, "option --base-url", env(BaseUrlVariable), "env " + BaseUrlVariable, config?.BaseUrl, config, sources)
            ?? Default("base_url", LlmSettings.DefaultBaseUrl, sources);
        var baseUrl = LlmSettings.ParseBaseUrl(baseUrlText, sources["base_url"]);

        var model = Pick("model", overrides.Model, "option --model", env(ModelVariable), "env " + ModelVariable, config?.Model, config, sources)
            ?? throw new IwmDeskException(
                $"no model configured: pass --model, set {ModelVariable}, or put \"llm\": {{\"model\": ...}} in {config?.Path ?? ConfigLocation.DefaultPath(env)}");
        model = LlmSettings.RequireModel(model, sources["model"]);

        var apiKey = Pick("api_key", null, "", env(ApiKeyVariable), "env " + ApiKeyVariable, config?.ApiKey, config, sources);
        if (apiKey is null)
            sources["api_key"] = "none";

        var timeoutText = Pick(
            "timeout", overrides.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture), "option --llm-timeout",
            env(TimeoutVariable), "env " + TimeoutVariable, config?.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture), config, sources);
        var timeout = LlmSettings.DefaultTimeout;
        if (timeoutText is null)
        {
            sources["timeout"] = "default";
        }
        else
        {
            if (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds))
                throw new IwmDeskException($"{sources["timeout"]}: timeout '{timeoutText}' is not a number of seconds");
            timeout = LlmSettings.CheckTimeout(TimeSpan.FromSeconds(seconds), sources["timeout"]);
        }

        var budgetText = Pick(
            "max_tokens", overrides.MaxTokens?.ToString(CultureInfo.InvariantCulture), "option --max-tokens",
            env(MaxTokensVariable), "env " + MaxTokensVariable, config?.MaxTokens?.ToString(CultureInfo.InvariantCulture), config, sources);
        long? budget = null;
        if (budgetText is null)
        {
            sources["max_tokens"] = "default";
        }
        else
        {
            if (!long.TryParse(budgetText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b))
                throw new IwmDeskException($"{sources["max_tokens"]}: token budget '{budgetText}' is not a whole number");
            budget = LlmSettings.CheckBudget(b, sources["max_tokens"]);
        }

        return LlmSettings.FromResolved(baseUrl, model, apiKey, timeout, budget, sources);
    }

    private static string? Pick(
        string key, string? option, string optionSource, string? envValue, string envSource, string? configValue, ConfigFile? config,
        Dictionary<string, string> sources)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            sources[key] = optionSource;
            return option;
        }

        if (!string.IsNullOrWhiteSpace(envValue))
        {
            sources[key] = envSource;
            return envValue;
        }

        if (!string.IsNullOrWhiteSpace(configValue))
        {
            sources[key] = "config " + config!.Path;
            return configValue;
        }

        return null;
    }

    private static string Default(string key, string value, Dictionary<string, string> sources)
    {
        sources[key] = "default";
        return value;
    }

    private static ConfigFile? ReadConfig(string? explicitPath, Func<string, string?> env)
    {
        var path = explicitPath ?? ConfigLocation.DefaultPath(env);
        var named = explicitPath is not null || !string.IsNullOrEmpty(env(ConfigLocation.Variable));
        if (!File.Exists(path))
        {
            if (named)
                throw new IwmDeskException($"{path}: config file not found");
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new IwmDeskException($"{path}: cannot read the config file: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IwmDeskException($"{path}: cannot read the config file: {ex.Message}", ex);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new DataFormatException(path, (int)(ex.LineNumber ?? -1) + 1, "not valid JSON: " + ex.Message.Split('\n')[0]);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, 0, "the config file must hold a JSON object");
            if (!doc.RootElement.TryGetProperty("llm", out var llm))
                return new ConfigFile(path, null, null, null, null, null);
            if (llm.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, 0, "\"llm\" must be an object");

            foreach (var p in llm.EnumerateObject())
            {
                if (!KnownKeys.Contains(p.Name, StringComparer.Ordinal))
                    throw new DataFormatException(path, 0, $"unknown key llm.{p.Name} (known: {string.Join(", ", KnownKeys)})");
            }

            return new ConfigFile(
                path,
                GetString(llm, "base_url", path),
                GetString(llm, "model", path),
                GetString(llm, "api_key", path),
                GetNumber(llm, "timeout_seconds", path),
                GetNumber(llm, "max_tokens", path) is { } mt ? CheckWhole(mt, path) : null);
        }
    }

    private static string? GetString(JsonElement o, string name, string path)
    {
        if (!o.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            return null;
        if (e.ValueKind != JsonValueKind.String)
            throw new DataFormatException(path, 0, $"llm.{name} must be a string");
        return e.GetString();
    }

    private static double? GetNumber(JsonElement o, string name, string path)
    {
        if (!o.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            return null;
        if (e.ValueKind != JsonValueKind.Number)
            throw new DataFormatException(path, 0, $"llm.{name} must be a number");
        return e.GetDouble();
    }

    private static long CheckWhole(double value, string path)
    {
        if (value != Math.Floor(value) || value < 1 || value > long.MaxValue / 2)
            throw new DataFormatException(path, 0, string.Create(CultureInfo.InvariantCulture, $"llm.max_tokens must be a whole number ≥ 1, got {value}"));
        return (long)value;
    }

    private sealed record ConfigFile(string Path, string? BaseUrl, string? Model, string? ApiKey, double? TimeoutSeconds, long? MaxTokens);
}
