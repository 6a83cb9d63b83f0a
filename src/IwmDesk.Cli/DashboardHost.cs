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
        });
        builder.WebHost.UseKestrelCore();
        var app = builder.Build();
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
        return Results.Text(r.Body, r.ContentType, statusCode: r.Status);
    }
}
