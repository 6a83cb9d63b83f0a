using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IwmDesk.Cli.Tests.Browser;

/// <summary>
/// <c>serve</c> against careless and hostile requests (issue 17): a foreign Host header (DNS rebinding) is 421, a
/// missing one 400, a wrong method 405 with Allow, an over-long query 414, a request body 413; raw sockets on
/// 127.0.0.1 so every header is exactly what the test writes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServeGuardTests
{
    /// <summary>Sends <paramref name="request"/> as written and returns the status line and the headers/body text.</summary>
    private static async Task<(int Status, string Response)> Raw(Uri url, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, url.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            int n;
            try
            {
                n = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                break;
            }

            if (n == 0)
                break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            if (text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && Complete(text.ToString()))
                break;
        }

        var s = text.ToString();
        var status = int.Parse(s.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, s);
    }

    private static bool Complete(string response)
    {
        var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var length = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (length is null)
            return head.Contains("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) ? response.EndsWith("0\r\n\r\n", StringComparison.Ordinal) : true;
        var n = int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetByteCount(response) - Encoding.UTF8.GetByteCount(head) - 4 >= n;
    }

    [ChartFact]
    public async Task Serve_HostMethodAndSizeChecks()
    {
        await using var host = await ServeHost.StartAsync(await DeskStores.Sample());
        var port = host.Url.Port;

        var ok = await Raw(host.Url, $"GET /api/backtest HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        ok.Status.ShouldBe(200);
        (await Raw(host.Url, $"GET /api/backtest HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n")).Status.ShouldBe(200);

        var rebound = await Raw(host.Url, $"GET /api/backtest HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n");
        rebound.Status.ShouldBe(421);
        rebound.Response.ShouldContain("DNS rebinding");
        rebound.Response.ShouldNotContain("\"tier\"", customMessage: "no API data behind a foreign Host");
        (await Raw(host.Url, $"GET / HTTP/1.1\r\nHost: 10.0.0.1:{port}\r\nConnection: close\r\n\r\n")).Status.ShouldBe(421);

        (await Raw(host.Url, "GET /api/backtest HTTP/1.0\r\n\r\n")).Status.ShouldBe(400, "no Host header");

        foreach (var method in new[] { "POST", "PUT", "DELETE", "PATCH", "OPTIONS" })
        {
            var r = await Raw(host.Url, $"{method} /api/forecast HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            r.Status.ShouldBe(405, method);
            r.Response.ShouldContain("Allow: GET, HEAD");
        }

        var longQuery = await Raw(host.Url, $"GET /api/forecast?date={new string('1', 2000)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        longQuery.Status.ShouldBe(414);
        (await Raw(host.Url, $"GET /api/forecast?date={new string('1', 5000)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")).Status.ShouldBe(414);

        var body = new string('x', 4096);
        (await Raw(host.Url, $"GET /api/backtest HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}")).Status.ShouldBe(413);
    }
}
