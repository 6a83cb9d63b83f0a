using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using IwmDesk.Reports;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Browser;

/// <summary>The real <c>iwmdesk serve</c> over HTTP: the JSON API, its 400s and 404s, loopback binding, Ctrl+C; and <c>report</c>'s errors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ServeApiTests
{
    private static async Task<(HttpStatusCode Status, string Type, JsonNode? Json)> Get(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(body) : null);
    }

    [ChartFact]
    public async Task Api_GoodAndBadQueries_StatusAndJsonMessage()
    {
        await using var host = await ServeHost.StartAsync(await DeskStores.Sample());
        using var http = new HttpClient { BaseAddress = host.Url };

        var (status, type, json) = await Get(http, "api/forecast?date=2020-13-45");
        status.ShouldBe(HttpStatusCode.BadRequest);
        type.ShouldBe("application/json");
        json!["error"]!.GetValue<string>().ShouldBe("date: '2020-13-45' is not a date (expected YYYY-MM-DD)");

        (status, _, json) = await Get(http, "api/panel?from=2025-03-14&to=2025-03-10");
        status.ShouldBe(HttpStatusCode.BadRequest);
        json!["error"]!.GetValue<string>().ShouldBe("from: 2025-03-14 is after to: 2025-03-10");

        (status, _, json) = await Get(http, "api/panel?from=14.03.2025");
        status.ShouldBe(HttpStatusCode.BadRequest);
        json!["error"]!.GetValue<string>().ShouldBe("from: '14.03.2025' is not a date (expected YYYY-MM-DD)");

        (status, _, json) = await Get(http, "api/workflow?date=2019-01-05");
        status.ShouldBe(HttpStatusCode.NotFound);
        json!["error"]!.GetValue<string>().ShouldBe("date: 2019-01-05 is before the store's first IWM bar: the store holds IWM from 2019-10-31 to 2026-10-30");

        (status, _, json) = await Get(http, "api/workflow?date=2025-03-15");
        status.ShouldBe(HttpStatusCode.OK);
        json!["notice"]!.GetValue<string>().ShouldBe("2025-03-15 is a Saturday: using Friday 2025-03-14");

        (status, _, json) = await Get(http, "api/journal/score?date=someday");
        status.ShouldBe(HttpStatusCode.BadRequest);

        (status, _, json) = await Get(http, "api/nope");
        status.ShouldBe(HttpStatusCode.NotFound);
        json!["error"]!.GetValue<string>().ShouldStartWith("no such page: /api/nope");

        (status, _, json) = await Get(http, "api/forecast?date=2025-03-14");
        status.ShouldBe(HttpStatusCode.OK);
        json!["date"]!.GetValue<string>().ShouldBe("2025-03-14");
        (status, _, json) = await Get(http, "api/panel?from=2025-03-10&to=2025-03-14");
        status.ShouldBe(HttpStatusCode.OK);
        json!["rows"]!.AsArray().Count.ShouldBe(5);
        (status, _, json) = await Get(http, "api/backtest");
        status.ShouldBe(HttpStatusCode.OK);
        json!.AsArray().Count.ShouldBe(IwmDesk.Signals.RuleSet.Default().Rules.Count * 2); // every rule at 1 and 5 days
        (status, _, json) = await Get(http, "api/workflow?date=2025-03-14");
        status.ShouldBe(HttpStatusCode.OK);
        json!["checklist"].ShouldNotBeNull();
        (status, _, json) = await Get(http, "api/journal/score");
        status.ShouldBe(HttpStatusCode.OK);
        json!["data_source"]!.GetValue<string>().ShouldBe("sample");

        using var js = await http.GetAsync(new Uri("assets/lightweight-charts.js", UriKind.Relative));
        js.StatusCode.ShouldBe(HttpStatusCode.OK);
        ChartAssets.Version(await js.Content.ReadAsStringAsync()).ShouldStartWith("5.");

        (await host.StopAsync()).ShouldBe(0);
    }

    [ChartFact]
    public async Task Serve_BadBindOrPort_OneLineError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var store = Path.Combine(TestData.TempDir(), "s.db");
        (await CliApp.RunAsync(["--store", store, "serve", "--bind", "example"], output, error)).ShouldBe(2);
        error.ToString().ShouldStartWith("error: --bind: 'example' is not an IP address");
        error.GetStringBuilder().Clear();
        (await CliApp.RunAsync(["--store", store, "serve", "--port", "70000"], output, error)).ShouldBe(2);
        error.ToString().ShouldStartWith("error: --port: 70000 is not a port (0–65535)");
    }

    [ChartFact]
    public async Task Serve_Process_CtrlC_StopsCleanly()
    {
        var store = await DeskStores.Sample();
        var dll = Path.Combine(AppContext.BaseDirectory, "iwmdesk.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--store", store, "serve", "--port", "0" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            line.ShouldNotBeNull("serve printed nothing");
            line.ShouldContain("http://127.0.0.1:");
            var url = new Uri(line[line.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0]);
            using (var http = new HttpClient { BaseAddress = url })
                (await http.GetAsync(new Uri("api/backtest", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60)); // generous: CI shares two cores with many builds
            process.ExitCode.ShouldBe(0);
            (await process.StandardOutput.ReadToEndAsync()).ShouldContain("stopped");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }

    [ChartFact]
    public async Task Report_ChartLibraryMissing_SaysWhatToRun()
    {
        var previous = Environment.GetEnvironmentVariable(ChartAssets.EnvironmentVariable);
        Environment.SetEnvironmentVariable(ChartAssets.EnvironmentVariable, "/nonexistent/lightweight-charts.js");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await CliApp.RunAsync(["--store", Path.Combine(TestData.TempDir(), "s.db"), "report", "--out", Path.Combine(TestData.TempDir(), "r.html")], output, error);
            code.ShouldBe(1);
            error.ToString().ShouldBe($"error: {ChartAssets.EnvironmentVariable}=/nonexistent/lightweight-charts.js: no such file (it should name {ChartAssets.FileName}){Environment.NewLine}");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ChartAssets.EnvironmentVariable, previous);
        }
    }

    [ChartFact]
    public async Task Report_BadDate_OneLineError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var store = await DeskStores.Sample();
        var code = await CliApp.RunAsync(["--store", store, "report", "--date", "2031-01-02", "--out", Path.Combine(TestData.TempDir(), "r.html")], output, error);
        code.ShouldBe(2);
        error.ToString().ShouldBe("error: 2031-01-02 is after the store's last IWM bar: the store holds IWM from 2019-10-31 to 2026-10-30 (fetch or import newer data)\n");
    }
}
