using System.Net;
using System.Net.Sockets;

namespace IwmDesk.Testing;

/// <summary>Ports and listeners on 127.0.0.1 for the tests' real HTTP servers.</summary>
internal static class Loopback
{
    /// <summary>Starts an <see cref="HttpListener"/> on a free loopback port (retrying when another test takes the port first).</summary>
    public static HttpListener Listen(out int port)
    {
        for (var tries = 0; ; tries++)
        {
            port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return listener;
            }
            catch (HttpListenerException) when (tries < 20)
            {
                listener.Close();
            }
        }
    }

    /// <summary>A loopback port that nothing listens on (for connection-refused tests).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Accepts requests until <paramref name="stop"/> fires or the listener closes, handling each on the pool.</summary>
    public static async Task AcceptLoop(HttpListener listener, Func<HttpListenerContext, Task> handle, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stop.IsCancellationRequested || !listener.IsListening)
            {
                return;
            }

            // A request already accepted is answered even while stopping (CancellationToken.None on purpose).
            _ = Task.Run(() => handle(context), CancellationToken.None);
        }
    }

    /// <summary>A request's headers, case-insensitively.</summary>
    public static Dictionary<string, string> Headers(HttpListenerRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in request.Headers.AllKeys)
        {
            if (name is not null)
                headers[name] = request.Headers[name] ?? "";
        }

        return headers;
    }
}
