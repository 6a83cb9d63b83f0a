using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IwmDesk.Panel;
using IwmDesk.Signals;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IwmDesk.Alerts;

/// <summary>The built-in events an alert can name (docs/daily.md).</summary>
public static class AlertEvents
{
    /// <summary>A rule whose measured verdict is an edge became active.</summary>
    public const string RuleActive = "rule_active";

    /// <summary>IWM closed across the gamma flip of the day's chain.</summary>
    public const string GammaFlipCrossed = "gamma_flip_crossed";

    /// <summary>KRE and IWM started to diverge.</summary>
    public const string KreDivergenceStarted = "kre_divergence_started";

    /// <summary>The macro regime changed since the previous trading day.</summary>
    public const string RegimeChanged = "regime_changed";

    /// <summary>The checklist's verdict changed since the previous trading day.</summary>
    public const string DecisionChanged = "decision_changed";

    /// <summary>Tomorrow's or the 5-day forecast call changed since the previous trading day.</summary>
    public const string ForecastChanged = "forecast_changed";

    /// <summary>IWM's last bar is behind the trading day, or a series lags IWM.</summary>
    public const string DataStale = "data_stale";

    /// <summary>A data source failed in the day's fetch.</summary>
    public const string SourceFailed = "source_failed";

    /// <summary>A condition in the rules language (not a built-in event).</summary>
    public const string Condition = "condition";

    /// <summary>Every built-in event.</summary>
    public static readonly IReadOnlyList<string> BuiltIn =
        [RuleActive, GammaFlipCrossed, KreDivergenceStarted, RegimeChanged, DecisionChanged, ForecastChanged, DataStale, SourceFailed];
}

/// <summary>One named alert of the alerts file.</summary>
/// <param name="Name">The alert's name (letters, digits, <c>_</c>, <c>-</c>).</param>
/// <param name="Event">A built-in event, or <see cref="AlertEvents.Condition"/>.</param>
/// <param name="Condition">The condition's rule set (one rule named after the alert), for condition alerts.</param>
/// <param name="ConditionText">The condition as written.</param>
/// <param name="WhileTrue">Condition alerts: fire on every day the condition holds (else only on the day it becomes true).</param>
/// <param name="CooldownDays">Trading days before a sent alert may be sent again (1 = at most once per trading day).</param>
/// <param name="MaxLagDays">data_stale: trading days IWM's last bar may lag the trading day before it is stale.</param>
/// <param name="MaxSeriesLagDays">data_stale: trading days another series may lag IWM's last bar before it is stale.</param>
public sealed record AlertDefinition(
    string Name, string Event, RuleSet? Condition, string? ConditionText, bool WhileTrue, int CooldownDays, int MaxLagDays, int MaxSeriesLagDays = 5);

/// <summary>Webhook delivery: POST JSON with a <c>text</c> field.</summary>
public sealed record WebhookSettings(Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, double TimeoutSeconds);

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (required).</summary>
    StartTls = 0,

    /// <summary>TLS from the first byte (port 465).</summary>
    Ssl = 1,

    /// <summary>No TLS (only without credentials, e.g. a local relay).</summary>
    None = 2,
}

/// <summary>E-mail delivery over SMTP.</summary>
public sealed record SmtpSettings(
    string Host, int Port, SmtpSecurity Security, string From, IReadOnlyList<string> To, string? Username, string? Password,
    string? CaFile, double TimeoutSeconds);

/// <summary>Where alerts go and how failures are retried.</summary>
public sealed record AlertDeliveries
{
    /// <summary>Show the alerts in the command's own output.</summary>
    public bool Output { get; init; } = true;

    /// <summary>Append each alert as a JSON line to this file.</summary>
    public string? File { get; init; }

    /// <summary>POST each alert to this webhook.</summary>
    public WebhookSettings? Webhook { get; init; }

    /// <summary>E-mail each alert.</summary>
    public SmtpSettings? Smtp { get; init; }

    /// <summary>Attempts per delivery (first try included).</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Delay before the second attempt; doubled before each further one.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Every secret value of the configuration (passwords, tokens, header values, webhook URL path), for scrubbing.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}

/// <summary>A loaded alerts file: the alerts and their deliveries.</summary>
public sealed record AlertConfig(IReadOnlyList<AlertDefinition> Alerts, AlertDeliveries Deliveries, string Source)
{
    /// <summary>The environment variable holding the webhook URL (wins over the file).</summary>
    public const string WebhookUrlVariable = "IWMDESK_WEBHOOK_URL";

    /// <summary>The environment variable holding the webhook bearer token (wins over the file).</summary>
    public const string WebhookTokenVariable = "IWMDESK_WEBHOOK_TOKEN";

    /// <summary>The environment variable holding the SMTP user name (wins over the file).</summary>
    public const string SmtpUserVariable = "IWMDESK_SMTP_USER";

    /// <summary>The environment variable holding the SMTP password (wins over the file).</summary>
    public const string SmtpPasswordVariable = "IWMDESK_SMTP_PASSWORD";

    private static readonly Regex NamePattern = new("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex UnknownKey = new("^Property '(?<key>[^']*)' not found on type", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
    private static readonly Regex EnvReference = new(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));

    /// <summary>The shipped alerts file.</summary>
    public static AlertConfig Default(Func<string, string?>? environment = null)
    {
        using var stream = typeof(AlertConfig).Assembly.GetManifestResourceStream("IwmDesk.default-alerts.yaml")
            ?? throw new InvalidOperationException("default alerts resource missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), "built-in alerts", Directory.GetCurrentDirectory(), environment);
    }

    /// <summary>The alerts in <paramref name="path"/>, or the shipped ones when null.</summary>
    public static AlertConfig Load(string? path, Func<string, string?>? environment = null)
    {
        if (path is null)
            return Default(environment);
        if (!System.IO.File.Exists(path))
            throw new IwmDeskException($"{path}: alerts file not found");
        var info = new FileInfo(path);
        if (info.Length > 1_000_000)
            throw new IwmDeskException($"{path}: alerts file is {info.Length:N0} bytes, more than the 1 MB an alerts file may have");
        return Parse(System.IO.File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", environment);
    }

    /// <summary>Parses an alerts file; every problem is one line naming the source, the alert or field, and what is wrong.</summary>
    public static AlertConfig Parse(string yaml, string source, string baseDirectory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        FileDto? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<FileDto>(yaml);
        }
        catch (YamlException ex)
        {
            var message = (ex.InnerException?.Message ?? ex.Message).Split('\n')[0].Trim();
            var unknown = UnknownKey.Match(message);
            throw new IwmDeskException($"{source}:{ex.Start.Line}: {(unknown.Success ? $"unknown key '{unknown.Groups["key"].Value}' (see docs/daily.md)" : message)}", ex);
        }

        file ??= new FileDto();
        var defaultCooldown = file.CooldownDays ?? 1;
        if (defaultCooldown is < 1 or > 365)
            throw new IwmDeskException($"{source}: cooldown_days must be 1..365 trading days (found {defaultCooldown})");
        var columns = new HashSet<string>(PanelColumns.Numeric, StringComparer.Ordinal);
        var alerts = new List<AlertDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (a, i) in (file.Alerts ?? []).Select((a, i) => (a, i)))
        {
            var name = a.Name?.Trim() ?? "";
            string Where(string what) => $"{source}: alert '{(name.Length > 0 ? name : $"#{i + 1}")}': {what}";
            if (name.Length == 0)
                throw new IwmDeskException(Where("missing 'name'"));
            if (!NamePattern.IsMatch(name))
                throw new IwmDeskException(Where("a name is 1-64 letters, digits, '_' or '-'"));
            if (!names.Add(name))
                throw new IwmDeskException(Where("duplicate alert name"));
            var cooldown = a.CooldownDays ?? defaultCooldown;
            if (cooldown is < 1 or > 365)
                throw new IwmDeskException(Where($"cooldown_days must be 1..365 trading days (found {cooldown})"));
            var maxLag = a.MaxLagDays ?? 1;
            if (maxLag is < 0 or > 60)
                throw new IwmDeskException(Where($"max_lag_days must be 0..60 (found {maxLag})"));
            var maxSeriesLag = a.MaxSeriesLagDays ?? 5;
            if (maxSeriesLag is < 0 or > 260)
                throw new IwmDeskException(Where($"max_series_lag_days must be 0..260 (found {maxSeriesLag})"));
            var hasEvent = !string.IsNullOrWhiteSpace(a.Event);
            var hasCondition = !string.IsNullOrWhiteSpace(a.Condition);
            if (hasEvent == hasCondition)
                throw new IwmDeskException(Where("give exactly one of 'event' (" + string.Join(", ", AlertEvents.BuiltIn) + ") or 'condition'"));
            var trigger = (a.Trigger ?? "enter").Trim().ToLowerInvariant();
            if (trigger is not ("enter" or "while"))
                throw new IwmDeskException(Where($"trigger must be enter or while (found '{a.Trigger}')"));
            if (hasEvent)
            {
                var ev = a.Event!.Trim();
                if (!AlertEvents.BuiltIn.Contains(ev, StringComparer.Ordinal))
                    throw new IwmDeskException(Where($"unknown event '{ev}' (one of {string.Join(", ", AlertEvents.BuiltIn)})"));
                alerts.Add(new AlertDefinition(name, ev, null, null, false, cooldown, maxLag, maxSeriesLag));
                continue;
            }

            var direction = (a.Direction ?? "bullish").Trim().ToLowerInvariant();
            if (direction is not ("bullish" or "bearish"))
                throw new IwmDeskException(Where($"direction must be bullish or bearish (found '{a.Direction}')"));
            var horizon = a.Horizon ?? 5;
            if (horizon is < 1 or > 252)
                throw new IwmDeskException(Where($"horizon must be 1..252 trading days (found {horizon})"));
            try
            {
                ConditionParser.Parse(a.Condition!, columns);
            }
            catch (ConditionSyntaxException ex)
            {
                throw new IwmDeskException(Where($"condition {ex.Message}"), ex);
            }

            // The condition becomes a one-rule rule set, so the backtest engine measures it exactly as it measures the rules.
            var ruleYaml = string.Create(CultureInfo.InvariantCulture,
                $"rules:\n  - name: {name}\n    tier: 3\n    label: alert\n    direction: {direction}\n    horizons: [{horizon}]\n    condition: \"{a.Condition!.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n");
            var rules = RuleSet.Parse(ruleYaml, $"{source}: alert '{name}'");
            alerts.Add(new AlertDefinition(name, AlertEvents.Condition, rules, a.Condition!.Trim(), trigger == "while", cooldown, maxLag));
        }

        return new AlertConfig(alerts, ReadDeliveries(file.Deliveries ?? new DeliveriesDto(), source, baseDirectory, environment), source);
    }

    private static AlertDeliveries ReadDeliveries(DeliveriesDto d, string source, string baseDirectory, Func<string, string?> env)
    {
        var secrets = new List<string>();
        string Expand(string value, string field)
        {
            return EnvReference.Replace(value, m => env(m.Groups["name"].Value)
                ?? throw new IwmDeskException($"{source}: deliveries.{field}: environment variable {m.Groups["name"].Value} is not set"));
        }

        var attempts = d.Retry?.Attempts ?? 3;
        if (attempts is < 1 or > 10)
            throw new IwmDeskException($"{source}: deliveries.retry.attempts must be 1..10 (found {attempts})");
        var backoff = d.Retry?.BackoffMs ?? 500;
        if (backoff is < 0 or > 60_000)
            throw new IwmDeskException($"{source}: deliveries.retry.backoff_ms must be 0..60000 (found {backoff})");

        WebhookSettings? webhook = null;
        var url = NonEmpty(env(WebhookUrlVariable)) ?? NonEmpty(d.Webhook?.Url is { } u ? Expand(u, "webhook.url") : null);
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new IwmDeskException($"{source}: deliveries.webhook.url: not an http(s) URL");
            if (uri.PathAndQuery.Length > 1)
                secrets.Add(uri.PathAndQuery.TrimStart('/')); // Slack-style URLs carry their secret in the path
            if (uri.UserInfo.Length > 0)
                secrets.Add(uri.UserInfo);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var (k, v) in d.Webhook?.Headers ?? [])
            {
                if (string.IsNullOrWhiteSpace(k) || k.Any(c => c is <= ' ' or ':' or > '~'))
                    throw new IwmDeskException($"{source}: deliveries.webhook.headers: '{k}' is not a header name");
                var value = Expand(v ?? "", $"webhook.headers.{k}");
                if (value.Any(char.IsControl))
                    throw new IwmDeskException($"{source}: deliveries.webhook.headers.{k}: control characters are not allowed");
                headers.Add(new(k, value));
                AddSecret(secrets, value);
            }

            var token = NonEmpty(env(WebhookTokenVariable)) ?? NonEmpty(d.Webhook?.Token is { } t ? Expand(t, "webhook.token") : null);
            if (token is not null)
            {
                if (token.Any(char.IsControl))
                    throw new IwmDeskException($"{source}: deliveries.webhook.token: control characters are not allowed");
                headers.Add(new("Authorization", "Bearer " + token));
                AddSecret(secrets, token);
            }

            var timeout = d.Webhook?.TimeoutSeconds ?? 10;
            if (timeout is <= 0 or > 300)
                throw new IwmDeskException($"{source}: deliveries.webhook.timeout_seconds must be in (0, 300] (found {timeout})");
            webhook = new WebhookSettings(uri, headers, timeout);
        }

        SmtpSettings? smtp = null;
        if (d.Smtp is { } s)
        {
            string Where(string what) => $"{source}: deliveries.smtp: {what}";
            var host = NonEmpty(s.Host) ?? throw new IwmDeskException(Where("missing 'host'"));
            var security = (s.Security ?? "starttls").Trim().ToLowerInvariant() switch
            {
                "starttls" => SmtpSecurity.StartTls,
                "ssl" or "tls" => SmtpSecurity.Ssl,
                "none" => SmtpSecurity.None,
                var x => throw new IwmDeskException(Where($"security must be starttls, ssl or none (found '{x}')")),
            };
            var port = s.Port ?? (security == SmtpSecurity.Ssl ? 465 : 587);
            if (port is < 1 or > 65535)
                throw new IwmDeskException(Where($"port must be 1..65535 (found {port})"));
            var from = NonEmpty(s.From) ?? throw new IwmDeskException(Where("missing 'from'"));
            var to = (s.To ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).ToList();
            if (to.Count == 0)
                throw new IwmDeskException(Where("missing 'to' (a list of addresses)"));
            foreach (var address in to.Append(from))
            {
                if (!address.Contains('@', StringComparison.Ordinal) || !MimeKit.MailboxAddress.TryParse(address, out _))
                    throw new IwmDeskException(Where($"'{address}' is not an e-mail address"));
            }

            var user = NonEmpty(env(SmtpUserVariable)) ?? NonEmpty(s.Username is { } un ? Expand(un, "smtp.username") : null);
            var password = NonEmpty(env(SmtpPasswordVariable)) ?? NonEmpty(s.Password is { } pw ? Expand(pw, "smtp.password") : null);
            if (password is not null && user is null)
                throw new IwmDeskException(Where($"a password without a user name (set 'username' or ${SmtpUserVariable})"));
            if (password is not null && security == SmtpSecurity.None)
                throw new IwmDeskException(Where("security none would send the password in clear: use starttls or ssl"));
            AddSecret(secrets, password);
            string? ca = null;
            if (NonEmpty(s.CaFile) is { } caFile)
            {
                ca = Path.GetFullPath(Path.Combine(baseDirectory, caFile));
                if (!System.IO.File.Exists(ca))
                    throw new IwmDeskException(Where($"ca_file {caFile} not found"));
            }

            var timeout = s.TimeoutSeconds ?? 30;
            if (timeout is <= 0 or > 300)
                throw new IwmDeskException(Where($"timeout_seconds must be in (0, 300] (found {timeout})"));
            smtp = new SmtpSettings(host, port, security, from, to, user, password, ca, timeout);
        }

        return new AlertDeliveries
        {
            Output = d.Output ?? true,
            File = NonEmpty(d.File) is { } f ? Path.GetFullPath(Path.Combine(baseDirectory, f)) : null,
            Webhook = webhook,
            Smtp = smtp,
            Attempts = attempts,
            Backoff = TimeSpan.FromMilliseconds(backoff),
            Secrets = secrets,
        };
    }

    private static void AddSecret(List<string> secrets, string? value)
    {
        // Very short values ("1", "on") would scrub ordinary text; they are not secrets worth the name.
        if (value is { Length: >= 4 })
            secrets.Add(value);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    // YAML shape (snake_case keys).
    private sealed class FileDto
    {
        public int? CooldownDays { get; set; }

        public List<AlertDto>? Alerts { get; set; }

        public DeliveriesDto? Deliveries { get; set; }
    }

    private sealed class AlertDto
    {
        public string? Name { get; set; }

        public string? Event { get; set; }

        public string? Condition { get; set; }

        public string? Trigger { get; set; }

        public string? Direction { get; set; }

        public int? Horizon { get; set; }

        public int? CooldownDays { get; set; }

        public int? MaxLagDays { get; set; }

        public int? MaxSeriesLagDays { get; set; }
    }

    private sealed class DeliveriesDto
    {
        public bool? Output { get; set; }

        public string? File { get; set; }

        public WebhookDto? Webhook { get; set; }

        public SmtpDto? Smtp { get; set; }

        public RetryDto? Retry { get; set; }
    }

    private sealed class WebhookDto
    {
        public string? Url { get; set; }

        public Dictionary<string, string?>? Headers { get; set; }

        public string? Token { get; set; }

        public double? TimeoutSeconds { get; set; }
    }

    private sealed class SmtpDto
    {
        public string? Host { get; set; }

        public int? Port { get; set; }

        public string? Security { get; set; }

        public string? From { get; set; }

        public List<string>? To { get; set; }

        public string? Username { get; set; }

        public string? Password { get; set; }

        public string? CaFile { get; set; }

        public double? TimeoutSeconds { get; set; }
    }

    private sealed class RetryDto
    {
        public int? Attempts { get; set; }

        public int? BackoffMs { get; set; }
    }
}
