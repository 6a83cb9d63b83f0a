using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Reports;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Snapshots;

/// <summary>
/// The HTML report page and every dashboard API answer on the deterministic sample, pinned as snapshots
/// (tests/IwmDesk.Tests/__snapshots__; re-approve with bash scripts/approve-snapshots.sh).
/// </summary>
[Trait("Category", "Snapshot")]
public sealed class ReportSnapshotTests : IDisposable
{
    private static readonly Lazy<string> SampleStore = new(() =>
    {
        var path = Path.Combine(TestData.TempDir(), "sample.db");
        using var store = MarketStore.Open(path);
        SampleLoader.EnsureData(store);
        return path;
    });

    private static readonly DateOnly Day = new(2026, 10, 28);

    private readonly Desk _desk = Desk.Open(SampleStore.Value, clock: TestClock.SampleClose);

    public void Dispose() => _desk.Dispose();

    private DeskApi Api() => new(_desk, RuleSet.Default(), "/assets/lightweight-charts.js");

    private static string Answer(ApiResponse r) => $"{r.Status} {r.ContentType}\n{r.Body}";

    [Fact]
    public void ReportPage_Html()
    {
        var report = DeskReportBuilder.Build(_desk, RuleSet.Default(), Day);
        var html = ReportPage.Render(report, new PageOptions
        {
            ChartScriptUrl = "lightweight-charts.js",
            GeneratedAt = new DateTimeOffset(2026, 10, 29, 6, 0, 0, TimeSpan.Zero),
        });
        Snapshot.Match(html, "report.page.html");
    }

    [Theory]
    [InlineData("2026-10-28", "page")]
    [InlineData("2026-10-31", "page-saturday")]
    public void Dashboard_Page(string date, string name) => Snapshot.Match(Answer(Api().Page(date)), "api.dashboard." + name);

    [Theory]
    [InlineData("2026-10-28", "forecast")]
    [InlineData("2026-10-31", "forecast-saturday")]
    [InlineData("2026-13-45", "forecast-bad-date")]
    [InlineData("1990-01-02", "forecast-before-data")]
    public void Api_Forecast(string date, string name) => Snapshot.Match(Answer(Api().Forecast(date)), "api." + name);

    [Theory]
    [InlineData("2026-10-28", "workflow")]
    [InlineData("2026-10-31", "workflow-saturday")]
    public void Api_Workflow(string date, string name) => Snapshot.Match(Answer(Api().Workflow(date)), "api." + name);

    [Fact]
    public void Api_Panel() => Snapshot.Match(Answer(Api().Panel("2026-10-20", "2026-10-30")), "api.panel");

    [Fact]
    public void Api_Panel_Reversed() => Snapshot.Match(Answer(Api().Panel("2026-10-30", "2026-10-20")), "api.panel-reversed");

    [Fact]
    public void Api_Backtest() => Snapshot.Match(Answer(Api().Backtest()), "api.backtest");

    [Fact]
    public void Api_JournalScore() => Snapshot.Match(Answer(Api().JournalScore()), "api.journal-score");
}
