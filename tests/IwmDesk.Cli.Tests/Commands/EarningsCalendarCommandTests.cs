using IwmDesk.Data.Store;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary><c>data import</c> of earnings-calendar snapshots: <c>--date</c>, the file-name date, and the one-line errors.</summary>
public sealed class EarningsCalendarCommandTests : CliCommandTest
{
    private const string Calendar = "symbol,name,reportDate,fiscalDateEnding,estimate,currency\nAAA,Alpha Co,2026-01-28,2025-12-31,1.25,USD\n";

    [Fact]
    public async Task Import_WithDateOption_StoresThatDatesSnapshot()
    {
        var file = Write("calendar.csv", Calendar);

        var (code, output, error) = await Run("--store", Store, "data", "import", file, "--date", "2025-12-02");

        code.ShouldBe(0, error);
        output.ShouldContain("consensus snapshot 2025-12-02 (1 estimates)");
        using var store = MarketStore.Open(Store);
        store.ConsensusSnapshotDates().ShouldBe([new DateOnly(2025, 12, 2)]);
    }

    [Fact]
    public async Task Import_WithoutAnyDate_OneErrorLine_Exit2()
    {
        var file = Write("calendar.csv", Calendar);

        var (code, _, error) = await Run("--store", Store, "data", "import", file);

        code.ShouldBe(2);
        error.ShouldBe($"error: {file}: an earnings-calendar snapshot needs its date: pass --date YYYY-MM-DD or name the file ..._YYYY-MM-DD.json (or .csv){Environment.NewLine}");
    }

    [Fact]
    public async Task Import_BadDateOption_OneErrorLine()
    {
        var file = Write("calendar_2025-12-01.csv", Calendar);

        var (code, _, error) = await Run("--store", Store, "data", "import", file, "--date", "12/02/2025");

        code.ShouldNotBe(0);
        error.ShouldBe($"error: --date: '12/02/2025' is not a date (YYYY-MM-DD){Environment.NewLine}");
    }
}
