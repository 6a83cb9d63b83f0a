using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace IwmDesk.Testing;

/// <summary>One request the webhook receiver got.</summary>
internal sealed record WebhookRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP webhook receiver on 127.0.0.1 (a free port): records every request and answers with the scripted
/// statuses in order, then 200.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();

    private WebhookReceiver()
    {
        _listener = Loopback.Listen(out var port);
        Port = port;
        _loop = Task.Run(() => Loopback.AcceptLoop(_listener, HandleAsync, _stop.Token));
    }

    public int Port { get; }

    /// <summary>The URL to configure, with a path (the part Slack-style URLs keep secret).</summary>
    public string Url(string path = "hooks/T000/B000/s3cr3tPathPart") => $"http://127.0.0.1:{Port}/{path}";

    public IReadOnlyList<WebhookRequest> Requests => [.. _requests];

    public static WebhookReceiver Start() => new();

    /// <summary>The next requests get these statuses, in order; after them 200.</summary>
    public void Reply(params int[] statuses)
    {
        foreach (var s in statuses)
            _script.Enqueue(s);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            body = await reader.ReadToEndAsync();
        _requests.Enqueue(new WebhookRequest(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? "", Loopback.Headers(context.Request), body));
        var status = _script.TryDequeue(out var s) ? s : 200;
        context.Response.StatusCode = status;
        var bytes = Encoding.UTF8.GetBytes(status == 200 ? "ok" : "error");
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
