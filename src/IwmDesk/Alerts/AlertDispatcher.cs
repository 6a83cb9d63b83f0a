using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IwmDesk.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using IwmDesk.Text;

namespace IwmDesk.Alerts;

/// <summary>
/// Replaces every configured secret (and its URL-encoded form) with <c>***</c>. Everything the alerts write to the
/// output, the journal or the JSON-lines file goes through it. (Issue 17's redactor can take its place.)
/// </summary>
public sealed class SecretScrubber
{
    private readonly string[] _secrets;

    /// <summary>Scrubs the given values (empty ones are ignored).</summary>
    public SecretScrubber(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets.Where(s => s.Length > 0)
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)];
    }

    /// <summary><paramref name="text"/> with every secret replaced by <c>***</c>.</summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var s in _secrets)
            text = text.Replace(s, "***", StringComparison.Ordinal);
        return text;
    }
}

/// <summary>How one channel fared for one alert.</summary>
/// <param name="Channel">output, file, webhook or smtp.</param>
/// <param name="Status">An <see cref="AlertStatuses"/> value.</param>
/// <param name="Attempts">Attempts made in this run (0 when nothing was sent).</param>
/// <param name="Error">The last error, scrubbed of secrets.</param>
/// <param name="AlreadyDone">True when an earlier run the same trading day had already delivered it (nothing resent).</param>
public sealed record ChannelOutcome(string Channel, string Status, int Attempts, string? Error, bool AlreadyDone);

/// <summary>One fired alert and what happened on each channel.</summary>
/// <param name="Alert">The alert.</param>
/// <param name="Text">Its message (scrubbed).</param>
/// <param name="LastSent">The last earlier trading day it was delivered, if any.</param>
/// <param name="InCooldown">True when it was not sent because of its cooldown.</param>
/// <param name="Channels">Per channel.</param>
public sealed record AlertOutcome(FiredAlert Alert, string Text, DateOnly? LastSent, bool InCooldown, IReadOnlyList<ChannelOutcome> Channels)
{
    /// <summary>True when any channel failed in this run.</summary>
    public bool Failed => Channels.Any(c => c.Status == AlertStatuses.Failed);
}

/// <summary>A delivery that did not go through; <see cref="Retryable"/> says whether another attempt may help.</summary>
public sealed class AlertDeliveryException(string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True for timeouts, refused connections, 5xx and 429, temporary SMTP replies.</summary>
    public bool Retryable { get; } = retryable;
}

/// <summary>
/// Sends fired alerts to every configured channel — the command's output, a JSON-lines file, a webhook, SMTP — with
/// the per-alert cooldown, retries with exponential backoff, and one journal row per (trading day, alert, channel).
/// A failure never throws: it is retried, then reported in the outcome and journaled.
/// </summary>
public sealed class AlertDispatcher : IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly AlertConfig _config;
    private readonly AlertJournal _journal;
    private readonly TimeProvider _clock;
    private readonly SecretScrubber _scrubber;
    private readonly HttpClient? _http;

    /// <summary>Creates a dispatcher for <paramref name="config"/>'s deliveries.</summary>
    public AlertDispatcher(AlertConfig config, AlertJournal journal, TimeProvider? clock = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(journal);
        _config = config;
        _journal = journal;
        _clock = clock ?? TimeProvider.System;
        _scrubber = new SecretScrubber(config.Deliveries.Secrets);
        if (config.Deliveries.Webhook is { } w)
        {
            _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            _http.Timeout = TimeSpan.FromSeconds(w.TimeoutSeconds);
        }
    }

    /// <summary>The scrubber of this configuration's secrets.</summary>
    public SecretScrubber Scrubber => _scrubber;

    /// <summary>The channels configured, in delivery order.</summary>
    public IReadOnlyList<string> Channels
    {
        get
        {
            var d = _config.Deliveries;
            var list = new List<string>();
            if (d.Output)
                list.Add("output");
            if (d.File is not null)
                list.Add("file");
            if (d.Webhook is not null)
                list.Add("webhook");
            if (d.Smtp is not null)
                list.Add("smtp");
            return list;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http?.Dispose();

    /// <summary>Delivers each fired alert (honouring cooldowns and what the day's earlier runs already delivered).</summary>
    public async Task<IReadOnlyList<AlertOutcome>> DispatchAsync(
        IReadOnlyList<FiredAlert> fired, DateOnly tradingDay, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fired);
        var outcomes = new List<AlertOutcome>();
        foreach (var alert in fired)
        {
            var text = _scrubber.Scrub(alert.Text(tradingDay));
            var record = alert.Records.Count == 0 ? null : JsonSerializer.Serialize(alert.Records, JsonOutput.Compact);
            var last = _journal.LastSentBefore(alert.Definition.Name, tradingDay);
            var cooldown = last is { } l && TradingCalendar.CountBetween(l, tradingDay) < alert.Definition.CooldownDays;
            var channels = new List<ChannelOutcome>();
            foreach (var channel in Channels)
            {
                var existing = _journal.Get(tradingDay, alert.Definition.Name, channel);
                if (existing is { Status: AlertStatuses.Sent or AlertStatuses.Shown })
                {
                    channels.Add(new ChannelOutcome(channel, existing.Status, 0, null, AlreadyDone: true));
                    continue;
                }

                var now = AlertJournal.Stamp(_clock.GetUtcNow());
                ChannelOutcome outcome;
                if (cooldown)
                    outcome = new ChannelOutcome(channel, AlertStatuses.Cooldown, 0, null, false);
                else if (channel == "output")
                    outcome = new ChannelOutcome(channel, AlertStatuses.Shown, 1, null, false);
                else
                    outcome = await SendWithRetriesAsync(channel, alert, text, tradingDay, asOf, cancellationToken).ConfigureAwait(false);
                _journal.Upsert(new AlertDelivery(tradingDay, alert.Definition.Name, channel, alert.Definition.Event, asOf, outcome.Status,
                    outcome.Attempts, existing?.FirstAt ?? now, AlertJournal.Stamp(_clock.GetUtcNow()), text, record, outcome.Error));
                channels.Add(outcome);
            }

            outcomes.Add(new AlertOutcome(alert, text, last, cooldown, channels));
        }

        return outcomes;
    }

    private async Task<ChannelOutcome> SendWithRetriesAsync(
        string channel, FiredAlert alert, string text, DateOnly tradingDay, DateOnly asOf, CancellationToken cancellationToken)
    {
        var d = _config.Deliveries;
        var attempts = channel == "file" ? 1 : d.Attempts;
        string? error = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
                await Task.Delay(d.Backoff * Math.Pow(2, attempt - 2), cancellationToken).ConfigureAwait(false);
            try
            {
                switch (channel)
                {
                    case "file":
                        AppendLine(d.File!, Json(alert, text, tradingDay, asOf).ToJsonString(JsonOutput.Compact));
                        break;
                    case "webhook":
                        await PostAsync(d.Webhook!, Json(alert, text, tradingDay, asOf), cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await MailAsync(d.Smtp!, alert, text, cancellationToken).ConfigureAwait(false);
                        break;
                }

                return new ChannelOutcome(channel, AlertStatuses.Sent, attempt, null, false);
            }
            catch (AlertDeliveryException ex)
            {
                error = _scrubber.Scrub(ex.Message);
                if (!ex.Retryable)
                    return new ChannelOutcome(channel, AlertStatuses.Failed, attempt, error, false);
            }

            if (attempt == attempts)
                return new ChannelOutcome(channel, AlertStatuses.Failed, attempt, error + string.Create(Inv, $" (after {attempt} attempt{(attempt == 1 ? "" : "s")})"), false);
        }

        return new ChannelOutcome(channel, AlertStatuses.Failed, attempts, error, false);
    }

    /// <summary>The JSON of an alert: <c>text</c> first (what Slack and Discord show), then the structured fields.</summary>
    public static JsonObject Json(FiredAlert alert, string text, DateOnly tradingDay, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new JsonObject
        {
            ["text"] = text,
            ["content"] = text, // Discord reads "content"
            ["alert"] = alert.Definition.Name,
            ["event"] = alert.Definition.Event,
            ["trading_day"] = tradingDay.ToString("yyyy-MM-dd", Inv),
            ["as_of"] = asOf.ToString("yyyy-MM-dd", Inv),
            ["records"] = JsonSerializer.SerializeToNode(alert.Records, JsonOutput.Compact),
        };
    }

    private static void AppendLine(string path, string line)
    {
        try
        {
            if (Path.GetDirectoryName(path) is { Length: > 0 } dir)
                Directory.CreateDirectory(dir);
            File.AppendAllText(path, line + "\n", new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AlertDeliveryException($"file {path}: {ex.Message}", retryable: false, ex);
        }
    }

    private async Task PostAsync(WebhookSettings w, JsonObject body, CancellationToken cancellationToken)
    {
        // Only scheme://host:port is ever named: the path of a Slack-style URL is its secret.
        var where = $"webhook {w.Url.GetLeftPart(UriPartial.Authority)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, w.Url)
        {
            Content = new StringContent(body.ToJsonString(JsonOutput.Compact), Encoding.UTF8, "application/json"),
        };
        foreach (var (k, v) in w.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(k, v))
                request.Content.Headers.TryAddWithoutValidation(k, v);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertDeliveryException($"{where}: no answer within {w.TimeoutSeconds.ToString("0.#", Inv)} s", retryable: true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertDeliveryException($"{where}: {(ex.InnerException as SocketException)?.Message ?? ex.Message}", retryable: true, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
                return;
            var code = (int)response.StatusCode;
            var retryable = code >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
            throw new AlertDeliveryException($"{where}: HTTP {code} {response.ReasonPhrase}", retryable);
        }
    }

    private static async Task MailAsync(SmtpSettings s, FiredAlert alert, string text, CancellationToken cancellationToken)
    {
        var where = string.Create(Inv, $"smtp {s.Host}:{s.Port}");
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(s.From));
        foreach (var to in s.To)
            message.To.Add(MailboxAddress.Parse(to));
        var first = text.Split('\n')[0];
        message.Subject = first.Length > 160 ? first[..160] : first;
        message.Body = new TextPart("plain") { Text = text };
        message.Headers.Add("X-IwmDesk-Alert", alert.Definition.Name);

        using var client = new SmtpClient { Timeout = (int)(s.TimeoutSeconds * 1000) };
        if (s.CaFile is { } ca)
            client.ServerCertificateValidationCallback = (_, cert, _, errors) => TrustedBy(ca, cert, errors);
        try
        {
            var options = s.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(s.Host, s.Port, options, cancellationToken).ConfigureAwait(false);
            if (s.Username is not null && s.Password is not null)
                await client.AuthenticateAsync(s.Username, s.Password, cancellationToken).ConfigureAwait(false);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException ex)
        {
            throw new AlertDeliveryException($"{where}: authentication failed ({ex.Message})", retryable: false, ex);
        }
        catch (SslHandshakeException ex)
        {
            throw new AlertDeliveryException($"{where}: TLS handshake failed (the server's certificate is not trusted; see ca_file in docs/daily.md)", retryable: false, ex);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            throw new AlertDeliveryException(string.Create(Inv, $"{where}: the server answered {code}: {ex.Message}"), retryable: code is >= 400 and < 500, ex);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or TimeoutException or NotSupportedException
                                   or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var retryable = ex is not NotSupportedException;
            throw new AlertDeliveryException($"{where}: {ex.Message}", retryable, ex);
        }
    }

    /// <summary>Accepts the server's certificate when it is valid, or when its only fault is a root that <paramref name="caFile"/> holds.</summary>
    private static bool TrustedBy(string caFile, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            return false;
        using var root = X509CertificateLoader.LoadCertificateFromFile(caFile);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
