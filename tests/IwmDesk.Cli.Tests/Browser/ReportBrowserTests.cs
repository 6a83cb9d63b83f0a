using System.Globalization;
using IwmDesk.Forecast;
using IwmDesk.Session;
using IwmDesk.Signals;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IwmDesk.Cli.Tests.Browser;

/// <summary>
/// <c>iwmdesk report</c> and <c>iwmdesk serve</c> in headless Chromium, on the sample and on the real data: the charts
/// drew (pixels of each series' colour in each pane), the forecast text is there, the console has no errors, and the
/// report makes no request beyond its own file. Screenshots go to TestResults/screenshots/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportBrowserTests(BrowserFixture fixture, ITestOutputHelper log)
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static ForecastResult Forecast(string store, DateOnly? date)
    {
        using var desk = Desk.Open(store);
        return Journal.ForecastRuns.Build(desk.Store, desk.Panel, RuleSet.Default(), date);
    }

    private async Task ReportRendersAsync(string store, string name, bool expectProfile)
    {
        var file = Path.Combine(Testing.TestData.TempDir(), name + ".html");
        var (code, output, error) = await Run("--store", store, "report", "--out", file);
        code.ShouldBe(0, error);
        output.ShouldContain("Wrote " + file);
        var forecast = Forecast(store, null);

        await using var probe = await PageProbe.OpenAsync(await fixture.BrowserAsync(), new Uri(file).AbsoluteUri);
        await probe.AssertChartsDrawnAsync(log);
        var text = await probe.Page.InnerTextAsync("#forecast-text");
        text.ShouldContain("Immediate (Tomorrow)");
        text.ShouldContain($"{forecast.Tomorrow.Call} — probability");
        text.ShouldContain(forecast.Strategy.Name);
        (await probe.Page.InnerTextAsync("#report-date")).ShouldBe(forecast.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        (await probe.Page.Locator("#backtest-table tbody tr").CountAsync()).ShouldBe(IwmDesk.Signals.RuleSet.Default().Rules.Count * 2); // every rule at 1 and 5 days
        (await probe.Page.Locator("#calibration circle.bucket").CountAsync()).ShouldBeGreaterThan(0);
        if (expectProfile)
            (await probe.Page.Locator("#gex-profile rect.bar").CountAsync()).ShouldBeGreaterThan(10);
        else
            (await probe.Page.Locator("#gex-none").CountAsync()).ShouldBe(1);
        await probe.AssertDecisionAboveTheFoldAsync(name, log);
        await probe.ScreenshotsAsync(name, log);
        probe.Errors.ShouldBeEmpty();
        probe.Requests.ShouldAllBe(u => u.StartsWith("file://", StringComparison.Ordinal) || u.StartsWith("data:", StringComparison.Ordinal));
    }

    private async Task DashboardRendersAsync(string store, string name, DateOnly pastDay)
    {
        await using var host = await ServeHost.StartAsync(store);
        host.Url.Host.ShouldBe("127.0.0.1");
        await using (var probe = await PageProbe.OpenAsync(await fixture.BrowserAsync(), host.Url.AbsoluteUri))
        {
            await probe.AssertChartsDrawnAsync(log);
            (await probe.Page.InnerTextAsync("#forecast-text")).ShouldContain($"{Forecast(store, null).Tomorrow.Call} — probability");
            await probe.AssertDecisionAboveTheFoldAsync(name, log);
            await probe.ScreenshotsAsync(name, log);

            // The date picker: any past day, from the data up to that day.
            var day = pastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await probe.Page.FillAsync("#date-picker", day);
            await probe.Page.ClickAsync("form.picker button");
            await probe.Page.WaitForURLAsync($"**/?date={day}");
            await probe.ChartsReadyAsync();
            (await probe.Page.InnerTextAsync("#report-date")).ShouldBe(day);
            await probe.AssertChartsDrawnAsync(log);
            (await probe.Page.InnerTextAsync("#forecast-text")).ShouldContain($"{Forecast(store, pastDay).Tomorrow.Call} — probability");
            var path = Path.Combine(BrowserEnvironment.ScreenshotDir, $"{name}-{day}.png");
            await probe.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
            log.WriteLine("screenshot: " + path);
            probe.Errors.ShouldBeEmpty();
            probe.Requests.ShouldAllBe(u => u.StartsWith(host.Url.AbsoluteUri, StringComparison.Ordinal) || u.StartsWith("data:", StringComparison.Ordinal));
        }

        (await host.StopAsync()).ShouldBe(0);
        host.Output.ShouldContain("stopped");
    }

    [BrowserFact]
    public async Task Report_Sample_ChartsDrawNoConsoleErrors() => await ReportRendersAsync(await DeskStores.Sample(), "report-sample", expectProfile: true);

    [RealDataBrowserFact]
    public async Task Report_RealData_ChartsDrawNoConsoleErrors() => await ReportRendersAsync(await DeskStores.Real(), "report-real", expectProfile: false);

    [BrowserFact]
    public async Task Dashboard_Sample_ChartsDrawAndDatePickerWorks() => await DashboardRendersAsync(await DeskStores.Sample(), "dashboard-sample", new DateOnly(2025, 3, 14));

    [RealDataBrowserFact]
    public async Task Dashboard_RealData_ChartsDrawAndDatePickerWorks() => await DashboardRendersAsync(await DeskStores.Real(), "dashboard-real", new DateOnly(2020, 3, 23));
}
