using System.Text.Json;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

public sealed class DataCommandTests : CliCommandTest
{
    [Fact]
    public async Task Import_GoodFile_ReportsFormatAndCounts()
    {
        var file = Write("IWM_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n2024-01-03,1,2,0.5,1.6,1.5,10\n");

        var (code, output, error) = await Run("--store", Store, "data", "import", file);

        code.ShouldBe(0);
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(l => l.StartsWith("warning: data is stale", StringComparison.Ordinal)); // only the stale-store note (issue 16) may appear
        output.ShouldContain("IWM_daily.csv");
        output.ShouldContain("Yahoo daily CSV");
        output.ShouldContain("series IWM");
        output.ShouldMatch(@"series IWM\s+2\s+0\s+0\s+0");
    }

    [Fact]
    public async Task Import_BadFile_ExitCode2AndOneLineError()
    {
        var bad = Write("IWM.csv", Yahoo + "2024-01-02,1,2,0.5,abc,1.4,10\n");

        var (code, _, error) = await Run("--store", Store, "data", "import", bad);

        code.ShouldBe(2);
        error.ShouldBe($"error: {bad}:2: column 'Close': 'abc' is not a number{Environment.NewLine}");
    }

    [Fact]
    public async Task Import_BadAndGoodFile_GoodOneStoredExitCode2()
    {
        var bad = Write("KRE.csv", Yahoo + "2024-01-02,1,2,0.5,-1,1.4,10\n");
        var good = Write("SPY.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n");

        var (code, output, error) = await Run("--store", Store, "data", "import", bad, good);

        code.ShouldBe(2);
        error.ShouldBe($"error: {bad}:2: column 'Close': price '-1' is not positive{Environment.NewLine}");
        output.ShouldContain("series SPY");
        var (_, status, _) = await Run("--store", Store, "data", "status", "--format", "json");
        using var doc = JsonDocument.Parse(status);
        doc.RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["SPY"]);
    }

    [Fact]
    public async Task Import_MissingFile_ExitCode2()
    {
        var missing = Path.Combine(Dir, "nope.csv");

        var (code, _, error) = await Run("--store", Store, "data", "import", missing);

        code.ShouldBe(2);
        error.ShouldBe($"error: {missing}: no such file{Environment.NewLine}");
    }

    [Fact]
    public async Task Import_SkippedRows_ReasonReported()
    {
        var file = Write("FRED_DGS10.csv", "observation_date,DGS10\n2024-01-01,.\n2024-01-02,3.9\n");

        var (code, output, _) = await Run("--store", Store, "data", "import", file);

        code.ShouldBe(0);
        output.ShouldContain("FRED_DGS10.csv: skipped 1 (missing value ('.' or empty); first on line 2)");
    }

    [Fact]
    public async Task Status_Json_SnakeCaseKeysWithGapsAndLag()
    {
        await Run("--store", Store, "data", "import",
            Write("IWM.csv", Yahoo + "2024-07-01,1,2,0.5,1.5,1.4,10\n2024-07-08,1,2,0.5,1.5,1.4,10\n"),
            Write("VIX_History.csv", "DATE,OPEN,HIGH,LOW,CLOSE\n07/02/2024,12,13,11,12.5\n"));

        var (code, output, _) = await Run("--store", Store, "data", "status", "--format", "json");

        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        root.GetProperty("store").GetProperty("path").GetString().ShouldBe(Store);
        root.GetProperty("store").GetProperty("source").GetString().ShouldBe("option");
        root.GetProperty("holds_sample").GetBoolean().ShouldBeFalse();
        var iwm = root.GetProperty("series")[0];
        iwm.GetProperty("name").GetString().ShouldBe("IWM");
        iwm.GetProperty("gaps").GetInt32().ShouldBe(3);
        var vix = root.GetProperty("series")[1];
        vix.GetProperty("lag_behind_iwm").GetInt32().ShouldBe(3);
        vix.GetProperty("first").GetString().ShouldBe("2024-07-02");
        root.GetProperty("short_volume").GetProperty("rows").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Status_Table_ShowsStoreLocationAndSampleFlag()
    {
        await Run("--store", Store, "data", "import", Write("IWM.csv", Yahoo + "2024-07-01,1,2,0.5,1.5,1.4,10\n"));

        var (code, output, _) = await Run("--store", Store, "data", "status");

        code.ShouldBe(0);
        output.ShouldContain($"Store: {Store} (from --store)");
        output.ShouldContain("Sample data: no");
        output.ShouldMatch(@"IWM\s+real\s+2024-07-01\s+2024-07-01\s+1\s+0\s+0");
    }

    [Fact]
    public async Task Status_EmptyStore_RunsOnTheLabelledSample()
    {
        var (code, output, _) = await Run("--store", Store, "data", "status");

        code.ShouldBe(0);
        output.ShouldContain("Sample data: yes");
        output.ShouldMatch(@"IWM\s+sample\s+2019-10-31\s+2026-10-30\s+1,759\s+0\s+0");
    }

    [Fact]
    public async Task Status_BadFormatOption_ParseError()
    {
        var (code, _, error) = await Run("--store", Store, "data", "status", "--format", "xml");

        code.ShouldNotBe(0);
        error.ShouldContain("xml");
    }
}
