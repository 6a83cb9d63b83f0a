using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace IwmDesk.Data.Fetch;

/// <summary>A response that came back (any status the caller has to judge: 2xx, 4xx other than 408/429).</summary>
internal sealed record HttpResult(Uri Url, int Status, string Reason, string Body, int Attempts);

/// <summary>A request that could not be answered: retries used up, a timeout, a refused connection.</summary>
internal sealed class FetchTransportException(string problem, int attempts, bool hostDown) : Exception(problem)
{
    /// <summary>Requests sent, retries included.</summary>
    public int Attempts { get; } = attempts;

    /// <summary>True when the host cannot be reached at all (refused, unknown name): later requests to it would fail too.</summary>
    public bool HostDown { get; } = hostDown;
}

/// <summary>
/// GETs with the politeness the free sources expect: at least <see cref="FetchSettings.MinInterval"/> between request
/// starts to the same host (retries included), a per-request timeout, retries with exponential backoff on 408, 429,
/// 5xx, timeouts and dropped connections, honouring <c>Retry-After</c> (seconds or an HTTP date, capped), and a
/// browser-like User-Agent where the host wants one. Thread-safe.
/// </summary>
internal sealed class HttpFetcher : IDisposable
{
    private readonly FetchSettings _settings;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, HostGate> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _requests;

    public HttpFetcher(FetchSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = settings.Timeout,
        }, disposeHandler: true)
        {
            // Our own per-attempt token enforces the timeout, so a timeout is told apart from the caller's cancellation.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>HTTP requests sent so far (retries included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose() => _http.Dispose();

    /// <summary>GETs <paramref name="url"/>; returns the final response, or throws <see cref="FetchTransportException"/>.</summary>
    public async Task<HttpResult> GetAsync(Uri url, bool browserAgent, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(url.Authority, _ => new HostGate());
        string? lastProblem = null;
        for (var attempt = 1; ; attempt++)
        {
            await gate.WaitTurnAsync(_clock, _settings.MinInterval, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _requests);
            TimeSpan? retryAfter = null;
            using (var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptToken.CancelAfter(_settings.Timeout);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.TryAddWithoutValidation("User-Agent", browserAgent ? _settings.BrowserUserAgent : _settings.PlainUserAgent);
                    request.Headers.TryAddWithoutValidation("Accept", "*/*");
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptToken.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? ((HttpStatusCode)status).ToString() : response.ReasonPhrase.Trim();
                    if (status is 408 or 429 or >= 500)
                    {
                        lastProblem = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {reason}");
                        retryAfter = RetryAfter(response, DateTimeOffset.UtcNow);
                    }
                    else
                    {
                        var body = await response.Content.ReadAsStringAsync(attemptToken.Token).ConfigureAwait(false);
                        return new HttpResult(url, status, reason, body, attempt);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    lastProblem = string.Create(CultureInfo.InvariantCulture, $"no complete response within {_settings.Timeout.TotalSeconds:0.###} s (timeout)");
                }
                catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    if (HostUnreachable(ex) is { } down)
                        throw new FetchTransportException(down, attempt, hostDown: true);
                    lastProblem = Describe(ex);
                }
                catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    lastProblem = "the connection broke: " + OneLine(ex.Message);
                }
            }

            if (attempt >= _settings.MaxTries)
            {
                var tries = attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $" after {attempt} tries") : "";
                throw new FetchTransportException(lastProblem + tries, attempt, hostDown: false);
            }

            var wait = retryAfter is { } ra
                ? (ra > _settings.MaxRetryAfter ? _settings.MaxRetryAfter : ra)
                : Backoff(attempt);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait a 429/503 asks for: <c>Retry-After</c> in seconds or as an HTTP date; null when absent.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    private TimeSpan Backoff(int attempt)
    {
        var baseMs = _settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jitter = 1 + (Random.Shared.NextDouble() * 0.25);
        var ms = Math.Min(baseMs * jitter, _settings.MaxRetryAfter.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }

    private static string? HostUnreachable(HttpRequestException ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                return "connection refused: is the host up and the URL right?";
            if (e is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData })
                return "cannot resolve the host name: check the URL and the network";
        }

        return null;
    }

    private static string Describe(HttpRequestException ex)
    {
        if (ex.HttpRequestError == HttpRequestError.ResponseEnded)
            return "the response ended before its declared length (truncated)";
        var innermost = (Exception)ex;
        while (innermost.InnerException is not null)
            innermost = innermost.InnerException;
        return innermost is IOException && innermost.Message.Contains("prematurely", StringComparison.OrdinalIgnoreCase)
            ? "the response ended before its declared length (truncated)"
            : OneLine(innermost.Message);
    }

    private static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Spaces the starts of requests to one host.</summary>
    private sealed class HostGate
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private TimeSpan? _last;

        public async Task WaitTurnAsync(Stopwatch clock, TimeSpan interval, CancellationToken cancellationToken)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_last is { } last)
                {
                    var wait = last + interval - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                _last = clock.Elapsed;
            }
            finally
            {
                _lock.Release();
            }
        }
    }
}
