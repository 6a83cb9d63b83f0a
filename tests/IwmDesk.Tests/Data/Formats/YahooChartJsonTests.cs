using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Tests.Data.Formats;

/// <summary>The Yahoo chart API JSON, from hand-made fixtures: recognised by <c>data import</c> and by the fetcher alike.</summary>
public sealed class YahooChartJsonTests : IDisposable
{
    // 2024-01-02 and 2024-01-03 at 14:30 UTC (09:30 New York).
    private const long Jan2 = 1704205800;
    private const long Jan3 = 1704292200;
    private const long Jan4 = 1704378600;

    private readonly MarketStore _store;
    private readonly string _dir;

    public YahooChartJsonTests() => _store = StoreTestKit.NewStore(out _dir);

    public void Dispose() => _store.Dispose();

    private static string Chart(string symbol, string timestamps, string quote, string? adjclose = "[{\"adjclose\":[198.5,200.0]}]") =>
        "{\"chart\":{\"result\":[{\"meta\":{\"symbol\":\"" + symbol + "\",\"gmtoffset\":-18000},"
        + (timestamps.Length == 0 ? "" : "\"timestamp\":" + timestamps + ",")
        + "\"indicators\":{\"quote\":[" + quote + "]" + (adjclose is null ? "" : ",\"adjclose\":" + adjclose) + "}}],\"error\":null}}";

    private static readonly string TwoDays = Chart("IWM", $"[{Jan2},{Jan3}]",
        "{\"open\":[200.5,200.0],\"high\":[201.25,202.0],\"low\":[199.0,198.0],\"close\":[200.0,201.5],\"volume\":[1000,2000]}");

    private FileImportResult Import(string name, string content, string? symbol = null) =>
        DataImporter.ImportFile(_store, StoreTestKit.Write(_dir, name, content), new ImportOptions(symbol));

    private string Error(string content)
    {
        var path = StoreTestKit.Write(_dir, "chart.json", content);
        return Should.Throw<DataFormatException>(() => DataImporter.ImportFile(_store, path)).Message[(path.Length + 1)..].TrimStart(' ');
    }

    [Fact]
    public void Import_ChartJson_RecognisedAndStoredLikeTheCsv()
    {
        var r = Import("whatever.json", TwoDays);

        r.Format.ShouldBe(DataFileFormat.YahooChartJson);
        r.StoredAs.ShouldBe("series IWM");
        r.Counts.ShouldBe(new UpsertCounts(2, 0, 0));
        _store.LoadSeries("IWM")[0].ShouldBe(new DailyBar(new DateOnly(2024, 1, 2), 200.5, 201.25, 199.0, 200.0, 198.5, 1000));
        _store.LoadSeries("IWM")[1].ShouldBe(new DailyBar(new DateOnly(2024, 1, 3), 200.0, 202.0, 198.0, 201.5, 200.0, 2000));
    }

    [Fact]
    public void Import_NullCloseSkipped_OtherNullsMissing_NoAdjCloseArray()
    {
        var r = Import("x.json", Chart("DX-Y.NYB", $"[{Jan2},{Jan3},{Jan4}]",
            "{\"open\":[null,100.0,101.0],\"high\":[101,101,102],\"low\":[99,99,100],\"close\":[100.5,null,101.5],\"volume\":[0,0,null]}", adjclose: null));

        r.StoredAs.ShouldBe("series DXY", "DX-Y.NYB is stored as DXY");
        r.Skipped.ShouldHaveSingleItem().ShouldBe(new SkippedRows("missing close (null)", 1, 0));
        var s = _store.LoadSeries("DXY");
        s.Dates.ShouldBe([new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 4)]);
        s[0].ShouldBe(new DailyBar(new DateOnly(2024, 1, 2), double.NaN, 101, 99, 100.5, double.NaN, 0));
        double.IsNaN(s.Volume[1]).ShouldBeTrue();
    }

    [Fact]
    public void Import_IndexSymbol_CaretDropped_SymbolOptionWins()
    {
        Import("vix.json", Chart("^VIX", $"[{Jan2}]", "{\"close\":[13.2]}", adjclose: null)).StoredAs.ShouldBe("series VIX");
        Import("vix2.json", Chart("^VIX", $"[{Jan2}]", "{\"close\":[13.2]}", adjclose: null), symbol: "VIXY").StoredAs.ShouldBe("series VIXY");
    }

    [Fact]
    public void Import_SameSessionTwice_LaterBarKept()
    {
        var live = Jan3 + 3600;
        var r = Import("x.json", Chart("IWM", $"[{Jan2},{Jan3},{live}]", "{\"close\":[200.0,201.0,201.7]}", adjclose: null));

        r.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("same session sent twice (the later bar kept)");
        _store.LoadSeries("IWM").Close.ShouldBe([200.0, 201.7]);
    }

    [Fact]
    public void Import_NoTimestamps_IsAnEmptySeriesNotAnError()
    {
        var r = Import("x.json", Chart("IWM", "", "{}", adjclose: null));

        r.Counts.ShouldBe(default(UpsertCounts));
        _store.ListSeries().ShouldBeEmpty();
    }

    [Fact]
    public void Import_Errors_NameTheElement()
    {
        Error("{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\",\"description\":\"No data found, symbol may be delisted\"}}}")
            .ShouldBe("chart.error: Not Found: No data found, symbol may be delisted");
        Error(Chart("IWM", $"[{Jan2},{Jan3}]", "{\"close\":[200.0]}", adjclose: null))
            .ShouldBe("chart.result[0].indicators.quote[0].close has 1 values but chart.result[0].timestamp has 2 (truncated response?)");
        Error(Chart("IWM", $"[{Jan2}]", "{\"close\":[-1]}", adjclose: null))
            .ShouldBe("chart.result[0].indicators.quote[0].close[0]: price -1 is not positive");
        Error(Chart("IWM", $"[{Jan2}]", "{\"close\":[200],\"volume\":[\"x\"]}", adjclose: null))
            .ShouldBe("chart.result[0].indicators.quote[0].volume[0]: \"x\" is not a number");
        Error(Chart("IWM", $"[{Jan2}]", "{\"open\":[200]}", adjclose: null))
            .ShouldBe("chart.result[0].indicators.quote[0].close is missing");
        Error("{\"chart\":{\"result\":[],\"error\":null}}").ShouldBe("chart.result is missing or empty");
        Error(TwoDays[..40]).ShouldStartWith("1: invalid JSON: ");
        _store.ListSeries().ShouldBeEmpty();
    }

    [Fact]
    public void Detect_CboeJsonStillCboe_ChartJsonIsYahoo()
    {
        YahooChartParser.LooksLikeChart(TwoDays).ShouldBeTrue();
        YahooChartParser.LooksLikeChart("{\"timestamp\":\"2026-08-20 15:44:02\",\"data\":{}}").ShouldBeFalse();
        YahooChartParser.LooksLikeChart("{\"chart\":{\"res").ShouldBeTrue("a cut-off chart is still a chart: its parser names the problem");
        YahooChartParser.LooksLikeChart("[1,2]").ShouldBeFalse();
    }
}
