using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;

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

    /// <summary>
    /// GETs <paramref name="url"/> for <paramref name="source"/>; returns the final response, or throws
    /// <see cref="FetchTransportException"/>. The body is read as a stream, decompressed only up to the source's
    /// <see cref="FetchSettings.MaxResponseBytesOf"/> (a larger one is refused, not retried), and every try, retry wait
    /// and body read together stay within <see cref="FetchSettings.RequestDeadline"/>.
    /// </summary>
    public async Task<HttpResult> GetAsync(Uri url, bool browserAgent, FetchSource source, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(url.Authority, _ => new HostGate());
        var maxBytes = _settings.MaxResponseBytesOf(source);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_settings.RequestDeadline);
        string? lastProblem = null;
        var attempt = 0;
        try
        {
            for (attempt = 1; ; attempt++)
            {
                await gate.WaitTurnAsync(_clock, _settings.MinInterval, deadline.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _requests);
                TimeSpan? retryAfter = null;
                using (var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token))
                {
                    attemptToken.CancelAfter(_settings.Timeout);
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, url);
                        request.Headers.TryAddWithoutValidation("User-Agent", browserAgent ? _settings.BrowserUserAgent : _settings.PlainUserAgent);
                        request.Headers.TryAddWithoutValidation("Accept", "*/*");
                        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptToken.Token).ConfigureAwait(false);
                        var status = (int)response.StatusCode;
                        var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? ((HttpStatusCode)status).ToString() : response.ReasonPhrase.Trim();
                        if (status is 408 or 429 or >= 500)
                        {
                            lastProblem = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {reason}");
                            retryAfter = RetryAfter(response, DateTimeOffset.UtcNow);
                        }
                        else
                        {
                            var body = await ReadBoundedAsync(response, maxBytes, attempt, attemptToken.Token).ConfigureAwait(false);
                            return new HttpResult(url, status, reason, body, attempt);
                        }
                    }
                    catch (OperationCanceledException) when (!deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        lastProblem = string.Create(CultureInfo.InvariantCulture, $"no complete response within {_settings.Timeout.TotalSeconds:0.###} s (timeout)");
                    }
                    catch (InvalidDataException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        // A corrupt gzip/deflate/brotli stream: the same bytes would come again.
                        throw new FetchTransportException("the compressed body is corrupt: " + OneLine(ex.Message), attempt, hostDown: false);
                    }
                    catch (HttpRequestException ex) when (!deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        if (HostUnreachable(ex) is { } down)
                            throw new FetchTransportException(down, attempt, hostDown: true);
                        if (FindInvalidData(ex) is { } corrupt)
                            throw new FetchTransportException("the compressed body is corrupt: " + OneLine(corrupt.Message), attempt, hostDown: false);
                        lastProblem = Describe(ex);
                    }
                    catch (IOException ex) when (!deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        lastProblem = ex is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } || ex.Message.Contains("prematurely", StringComparison.OrdinalIgnoreCase)
                            ? "the response ended before its declared length (truncated)"
                            : "the connection broke: " + OneLine(ex.Message);
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
                    await Task.Delay(wait, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var tries = attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $" after {attempt} tries") : "";
            throw new FetchTransportException(
                string.Create(CultureInfo.InvariantCulture, $"no complete response within the request deadline of {_settings.RequestDeadline.TotalSeconds:0.###} s{tries}"),
                Math.Max(attempt, 1), hostDown: false);
        }
    }

    /// <summary>
    /// Reads the (decompressed) body into memory, refusing it as soon as it passes <paramref name="maxBytes"/>: a
    /// declared Content-Length over the limit is refused before reading, and an endless or bomb body stops at the limit.
    /// </summary>
    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, long maxBytes, int attempt, CancellationToken token)
    {
        var content = response.Content;
        var encoded = content.Headers.ContentEncoding.Count > 0;
        if (!encoded && content.Headers.ContentLength is { } declared && declared > maxBytes)
            throw new FetchTransportException(TooLarge(maxBytes, string.Create(CultureInfo.InvariantCulture, $"it declares {declared} bytes")), attempt, hostDown: false);
        await using var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(chunk.AsMemory(), token).ConfigureAwait(false);
                if (n == 0)
                    break;
                if (buffer.Length + n > maxBytes)
                    throw new FetchTransportException(TooLarge(maxBytes, "counted after decompression"), attempt, hostDown: false);
                buffer.Write(chunk, 0, n);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        var encoding = Encoding.UTF8;
        if (content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // an unknown charset: read as UTF-8, as HttpContent does
            }
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var preamble = encoding.Preamble;
        if (preamble.Length > 0 && bytes.StartsWith(preamble))
            bytes = bytes[preamble.Length..];
        else if (bytes.StartsWith(Encoding.UTF8.Preamble))
            return Encoding.UTF8.GetString(bytes[3..]);
        return encoding.GetString(bytes);
    }

    private static string TooLarge(long maxBytes, string detail) =>
        string.Create(CultureInfo.InvariantCulture, $"the response is larger than the limit of {FormatBytes(maxBytes)} ({detail}): refused, nothing stored (max_response_mb raises the limit)");

    /// <summary>A byte count as people read it: 16 MiB, 512 KiB, 100 bytes.</summary>
    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 20 when bytes % (1L << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB ({bytes} bytes)"),
        >= 1L << 10 when bytes % (1L << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10} KiB ({bytes} bytes)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private static InvalidDataException? FindInvalidData(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is InvalidDataException ide)
                return ide;
        }

        return null;
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
