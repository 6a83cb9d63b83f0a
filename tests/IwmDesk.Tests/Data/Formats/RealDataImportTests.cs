using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Formats;

/// <summary>Every real public file imports into a fresh store with the row count the file itself shows, and again unchanged.</summary>
public sealed class RealDataImportTests
{
    public static TheoryData<string> RealFiles()
    {
        var data = new TheoryData<string>();
        if (TestData.RealDataDir is not { } root)
        {
            data.Add("(real data absent)");
            return data;
        }

        var files = Directory.GetFiles(root, "*.csv")
            .Concat(Directory.GetFiles(Path.Combine(root, "finra"), "*.txt"))
            .Concat(Directory.GetFiles(Path.Combine(root, "finra"), "*.csv"))
            .Concat(Directory.GetFiles(Path.Combine(root, "options", "chains_csv"), "*.csv"))
            .Concat(Directory.GetFiles(Path.Combine(root, "options"), "SPY_quotedata_*.csv"))
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal);
        foreach (var f in files)
            data.Add(f);
        return data;
    }

    [RealDataTheory]
    [MemberData(nameof(RealFiles))]
    public void ImportFile_RealFile_StoresEveryDataLineThenReimportsUnchanged(string relative)
    {
        var path = TestData.Real(relative);
        var expected = ExpectedRows(path);
        using var store = StoreTestKit.NewStore(out _);

        var first = DataImporter.ImportFile(store, path);

        first.Counts.ShouldBe(new UpsertCounts(expected, 0, 0), first.StoredAs);
        first.SkippedTotal.ShouldBe(0);
        StoredRows(store).ShouldBe(expected);
        var dump = StoreTestKit.Dump(store);

        var second = DataImporter.ImportFile(store, path);

        second.Counts.ShouldBe(new UpsertCounts(0, 0, expected));
        second.Removed.ShouldBe(0);
        StoreTestKit.Dump(store).ShouldBe(dump);
    }

    /// <summary>Rows the file holds, counted from its lines without the importer: data lines × values per line.</summary>
    private static int ExpectedRows(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        var name = Path.GetFileName(path);
        if (name.StartsWith("CNMSshvol", StringComparison.Ordinal))
            return lines.Count - 2; // header and record-count trailer
        if (name.StartsWith("SPY_quotedata", StringComparison.Ordinal))
        {
            var header = lines.FindIndex(l => l.StartsWith("Expiration Date,", StringComparison.Ordinal));
            return 2 * (lines.Count - header - 1); // a call and a put per row
        }

        if (name == "DIX.csv")
            return 3 * (lines.Count - 1); // price, dix, gex
        return lines.Count - 1;
    }

    private static int StoredRows(IwmDesk.Data.Store.MarketStore store) =>
        (int)(StoreTestKit.Count(store, "daily_series") + StoreTestKit.Count(store, "option_contracts")
            + StoreTestKit.Count(store, "short_volume") + StoreTestKit.Count(store, "earnings_revisions"));
}
