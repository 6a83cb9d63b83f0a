using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Snapshots;

/// <summary>
/// <c>iwmdesk holdings</c> through the real entry point on the small hand-made holdings fixture (imported with
/// <c>data import</c> first), pinned as snapshots; and its one-line error on a store without holdings.
/// </summary>
[Trait("Category", "Snapshot")]
public sealed class HoldingsSnapshotTests
{
    private static readonly Lazy<string> Store = new(() =>
    {
        var dir = TestData.TempDir();
        var store = Path.Combine(dir, "store.db");
        var file = HoldingsFixture.Write(dir);
        var result = CliSnapshotTests.Run(store, "data", "import", file).GetAwaiter().GetResult();
        result.ShouldContain("exit 0");
        return store;
    });

    private static async Task Check(string name, params string[] args) => Snapshot.Match(await CliSnapshotTests.Run(Store.Value, args), "cli." + name);

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public Task Holdings(string format) => Check("holdings." + format, "holdings", "--format", format);

    [Fact]
    public Task DataStatus_ListsTheHoldings() => Check("holdings.data-status", "data", "status");

    [Fact]
    public Task Holdings_OnADateAfterTheSnapshot() => Check("holdings.date", "holdings", "--date", "2026-01-15");

    [Fact]
    public async Task Holdings_BeforeTheFirstSnapshot_OneLineExit2()
    {
        var text = await CliSnapshotTests.Run(Store.Value, "holdings", "--date", "2025-01-02");
        text.ShouldContain("exit 2");
        text.ShouldContain("error: no IWM holdings snapshot dated on or before 2025-01-02: the store's first is 2025-12-01");
    }

    [Fact]
    public async Task Import_BrokenHoldingsFile_OneLineNamingFileLineAndField()
    {
        var dir = TestData.TempDir();
        var text = HoldingsFixture.Metadata() + "\u00a0\n" + HoldingsFixture.Header + "\n"
            + HoldingsFixture.Body((i, c) => i == 2 ? [.. c.Take(4), "9OO,000.00", .. c.Skip(5)] : c);
        var file = HoldingsFixture.Write(dir, "IWM_holdings.csv", text);

        var output = await CliSnapshotTests.Run(Path.Combine(dir, "store.db"), "data", "import", file);

        output.ShouldContain("exit 2");
        output.ShouldContain($"{file}:13: column 'Market Value': '9OO,000.00' is not a number");
        output.ShouldNotContain("   at ");
        var holdings = await CliSnapshotTests.Run(Path.Combine(dir, "store.db"), "holdings");
        holdings.ShouldContain("error: no IWM holdings in the store");
    }

    [Fact]
    public async Task Holdings_EmptyStore_SaysHowToImportOne()
    {
        var store = Path.Combine(TestData.TempDir(), "empty.db");
        Snapshot.Match(await CliSnapshotTests.Run(store, "holdings"), "cli.holdings.none");
    }
}
