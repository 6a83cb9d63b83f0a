using System.Net;
using IwmDesk.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IwmDesk.Cli;

/// <summary>
/// The ASP.NET Core host of <c>iwmdesk serve</c>: Kestrel on one address, routes mapped to <see cref="DeskApi"/> (the
/// library builds every page and JSON body), the chart library served from its local file. No logging to the console,
/// no status messages: the command prints its own line.
/// </summary>
internal static class DashboardHost
{
    /// <summary>Where the page loads the chart library from.</summary>
    public const string ChartScriptPath = "/assets/lightweight-charts.js";

    public static WebApplication Build(DeskApi api, string chartScriptFile, IPAddress address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address, port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestLineSize = MaxRequestLine;
            k.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.Limits.MaxRequestHeaderCount = 64;
        });
        builder.WebHost.UseKestrelCore();
        var app = builder.Build();
        app.Use((c, next) => Guard(c, next, address));
        app.MapGet("/", (HttpContext c) => Send(c, api.Page(Q(c, "date"))));
        app.MapGet(ChartScriptPath, () => Results.File(chartScriptFile, "text/javascript; charset=utf-8"));
        app.MapGet("/api/decision", (HttpContext c) => Send(c, api.Decision(Q(c, "date"))));
        app.MapGet("/api/forecast", (HttpContext c) => Send(c, api.Forecast(Q(c, "date"))));
        app.MapGet("/api/workflow", (HttpContext c) => Send(c, api.Workflow(Q(c, "date"))));
        app.MapGet("/api/panel", (HttpContext c) => Send(c, api.Panel(Q(c, "from"), Q(c, "to"))));
        app.MapGet("/api/backtest", (HttpContext c) => Send(c, api.Backtest()));
        app.MapGet("/api/journal/score", (HttpContext c) => Send(c, api.JournalScore(Q(c, "date"))));
        app.MapFallback((HttpContext c) => Send(c, ApiResponse.Error(404, $"no such page: {c.Request.Path}{c.Request.QueryString} (see /api/decision, /api/forecast, /api/panel, /api/backtest, /api/workflow, /api/journal/score)")));
        return app;
    }

    /// <summary>The longest request line (method, path, query) accepted; Kestrel answers 414 beyond it.</summary>
    public const int MaxRequestLine = 4096;

    /// <summary>The longest query string accepted (414 beyond it).</summary>
    public const int MaxQueryLength = 1024;

    /// <summary>All request headers together (431 beyond it).</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    /// <summary>The API is read-only: a request body larger than this is refused (413).</summary>
    public const long MaxBodyBytes = 1024;

    /// <summary>
    /// Before any route (issue 17): the Host header must name this server — the bound address, or <c>localhost</c> on a
    /// loopback or any-address bind — so a page on another site cannot reach the API through DNS rebinding (421, or
    /// 400 without a Host); only GET and HEAD exist (405 with <c>Allow</c>); the query is bounded (414).
    /// </summary>
    private static Task Guard(HttpContext c, RequestDelegate next, IPAddress bound)
    {
        var host = c.Request.Host;
        if (!host.HasValue || string.IsNullOrWhiteSpace(host.Host))
            return Refuse(c, 400, "a Host header is required");
        if (!HostAllowed(host.Host, bound))
            return Refuse(c, 421, $"this server answers for {bound} (and localhost), not for the host in the request: refused (DNS rebinding protection)");
        if (!HttpMethods.IsGet(c.Request.Method) && !HttpMethods.IsHead(c.Request.Method))
        {
            c.Response.Headers.Allow = "GET, HEAD";
            return Refuse(c, 405, $"{Clean(c.Request.Method)} is not allowed: the dashboard and its API are read-only (GET, HEAD)");
        }

        if (c.Request.QueryString.HasValue && c.Request.QueryString.Value!.Length > MaxQueryLength)
            return Refuse(c, 414, $"the query is longer than {MaxQueryLength} characters");
        if (c.Request.ContentLength > MaxBodyBytes || (c.Request.ContentLength is null && c.Request.Headers.TransferEncoding.Count > 0))
            return Refuse(c, 413, $"the request carries a body of more than {MaxBodyBytes} bytes; the API takes none");
        return next(c);
    }

    private static bool HostAllowed(string host, IPAddress bound)
    {
        var name = host.Trim('[', ']');
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
            return IPAddress.IsLoopback(bound) || bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any);
        if (!IPAddress.TryParse(name, out var ip))
        {
            // A name: only this machine's own name, and only when serving every interface.
            return (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any)) && string.Equals(name, Dns.GetHostName(), StringComparison.OrdinalIgnoreCase);
        }

        if (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any))
            return true; // an address literal cannot be rebound
        return ip.Equals(bound) || (IPAddress.IsLoopback(bound) && IPAddress.IsLoopback(ip));
    }

    private static Task Refuse(HttpContext c, int status, string message)
    {
        var r = ApiResponse.Error(status, message);
        c.Response.StatusCode = status;
        c.Response.ContentType = r.ContentType;
        c.Response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(c.Request.Method) ? Task.CompletedTask : c.Response.WriteAsync(r.Body);
    }

    private static string Clean(string s) => new([.. s.Take(32).Select(ch => char.IsControl(ch) ? '?' : ch)]);

    /// <summary>The address the started host listens on, as a URL ending in "/".</summary>
    public static string Url(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the server reports no address");
        return first.TrimEnd('/') + "/";
    }

    private static string? Q(HttpContext c, string name) => c.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    private static IResult Send(HttpContext c, ApiResponse r)
    {
        c.Response.Headers.CacheControl = "no-store";
        return Results.Text(IwmDesk.Security.SecretRedactor.Shared.Redact(r.Body), r.ContentType, statusCode: r.Status);
    }
}
