using System.Text.Json.Nodes;
using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Reports;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Tests.HtmlReport;

/// <summary>The dashboard's answers without a server: status codes and messages for good and bad query values.</summary>
public sealed class DeskApiTests : IDisposable
{
    private readonly Desk _desk;
    private readonly DeskApi _api;

    public DeskApiTests()
    {
        var path = Path.Combine(TestData.TempDir(), "sample.db");
        using (var store = MarketStore.Open(path))
            SampleLoader.EnsureData(store);
        _desk = Desk.Open(path);
        _api = new DeskApi(_desk, RuleSet.Default(), "/assets/lightweight-charts.js");
    }

    public void Dispose() => _desk.Dispose();

    private static string Error(ApiResponse r) => JsonNode.Parse(r.Body)!["error"]!.GetValue<string>();

    [Theory]
    [InlineData("2020-13-45", "date: '2020-13-45' is not a date (expected YYYY-MM-DD)")]
    [InlineData("yesterday", "date: 'yesterday' is not a date (expected YYYY-MM-DD)")]
    [InlineData("2025-3-14", "date: '2025-3-14' is not a date (expected YYYY-MM-DD)")]
    public void Forecast_BadDate_400WithMessage(string date, string message)
    {
        var r = _api.Forecast(date);
        r.Status.ShouldBe(400);
        r.ContentType.ShouldStartWith("application/json");
        Error(r).ShouldBe(message);
    }

    [Theory]
    [InlineData("1990-01-02", "date: 1990-01-02 is before the store's first IWM bar: the store holds IWM from 2019-10-31 to 2026-10-30")]
    [InlineData("2031-01-02", "date: 2031-01-02 is after the store's last IWM bar: the store holds IWM from 2019-10-31 to 2026-10-30 (fetch or import newer data)")]
    public void Forecast_UnknownDate_404WithMessage(string date, string message)
    {
        var r = _api.Forecast(date);
        r.Status.ShouldBe(404);
        Error(r).ShouldBe(message);
        _api.Workflow(date).Status.ShouldBe(404);
    }

    [Fact]
    public void Forecast_TradingDay_200Json()
    {
        var r = _api.Forecast("2025-03-14");
        r.Status.ShouldBe(200);
        var json = JsonNode.Parse(r.Body)!;
        json["date"]!.GetValue<string>().ShouldBe("2025-03-14");
        json["data_source"]!.GetValue<string>().ShouldBe("sample");
        JsonNode.Parse(_api.Forecast(null).Body)!["date"]!.GetValue<string>().ShouldBe("2026-10-30");
    }

    [Fact]
    public void Forecast_Saturday_AnswersFriday_WithRequestedDateAndNotice()
    {
        var r = _api.Forecast("2025-03-15");
        r.Status.ShouldBe(200);
        var json = JsonNode.Parse(r.Body)!;
        json["requested_date"]!.GetValue<string>().ShouldBe("2025-03-15");
        json["notice"]!.GetValue<string>().ShouldBe("2025-03-15 is a Saturday: using Friday 2025-03-14");
        json["date"]!.GetValue<string>().ShouldBe("2025-03-14");
        var friday = JsonNode.Parse(_api.Forecast("2025-03-14").Body)!.AsObject();
        friday.ContainsKey("notice").ShouldBeFalse();
        friday.ContainsKey("requested_date").ShouldBeFalse();
        var decision = JsonNode.Parse(_api.Decision("2025-03-15").Body)!;
        decision["requested_date"]!.GetValue<string>().ShouldBe("2025-03-15");
        decision["notice"]!.GetValue<string>().ShouldBe("2025-03-15 is a Saturday: using Friday 2025-03-14");
        decision["date"]!.GetValue<string>().ShouldBe("2025-03-14");
    }

    [Fact]
    public void Panel_Range_RowsInside_BadRange400()
    {
        var rows = JsonNode.Parse(_api.Panel("2025-03-10", "2025-03-14").Body)!["rows"]!.AsArray();
        rows.Select(r => r!["date"]!.GetValue<string>()).ShouldBe(["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"]);
        var bad = _api.Panel("2025-03-14", "2025-03-10");
        bad.Status.ShouldBe(400);
        Error(bad).ShouldBe("from: 2025-03-14 is after to: 2025-03-10");
        Error(_api.Panel("x", null)).ShouldBe("from: 'x' is not a date (expected YYYY-MM-DD)");
        Error(_api.Panel(null, "2025-02-30")).ShouldBe("to: '2025-02-30' is not a date (expected YYYY-MM-DD)");
    }

    [Fact]
    public void Page_NonTradingDay_ShowsEarlierDayWithNotice_BadDate400()
    {
        var r = _api.Page("2025-03-15");
        r.Status.ShouldBe(200);
        r.Body.ShouldContain("<div class=\"banner notice\">2025-03-15 is a Saturday: using Friday 2025-03-14</div>");
        r.Body.ShouldContain("<strong id=\"report-date\">2025-03-14</strong>");
        var bad = _api.Page("2025-99-01");
        bad.Status.ShouldBe(400);
        bad.Body.ShouldContain("date: &#39;2025-99-01&#39; is not a date (expected YYYY-MM-DD)");
        _api.Page("1990-01-02").Status.ShouldBe(404);
    }

    [Fact]
    public void BacktestAndJournal_200Json()
    {
        var bt = JsonNode.Parse(_api.Backtest().Body)!.AsArray();
        bt.Count.ShouldBe(22); // 11 rules × horizons 1 and 5
        var score = _api.JournalScore();
        score.Status.ShouldBe(200);
        JsonNode.Parse(score.Body)!["data_source"]!.GetValue<string>().ShouldBe("sample");
        _api.JournalScore("nope").Status.ShouldBe(400);
    }
}
