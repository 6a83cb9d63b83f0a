using System.Globalization;
using System.Text;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Formats;

/// <summary>
/// A large file is imported as a stream in chunks (issue 17, bounded memory): the store, the counts, the skipped rows
/// and every refusal are exactly those of a whole-file import. The chunk size is set small here so that real files
/// and small fixtures cross many chunk boundaries.
/// </summary>
public sealed class ChunkedImportTests
{
    private const long Tiny = 1024;
    private const long Whole = 1L << 30;

    public static TheoryData<string> RealLineFiles()
    {
        var data = new TheoryData<string>();
        if (TestData.RealDataDir is not { } root)
        {
            data.Add("(real data absent)");
            return data;
        }

        foreach (var f in Directory.GetFiles(root, "*.csv")
                     .Concat(Directory.GetFiles(Path.Combine(root, "finra"), "*.txt"))
                     .Concat(Directory.GetFiles(Path.Combine(root, "finra"), "*.csv"))
                     .Select(f => Path.GetRelativePath(root, f))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(f);
        }

        return data;
    }

    [RealDataTheory]
    [MemberData(nameof(RealLineFiles))]
    public void ImportFile_RealFileInChunks_StoresExactlyWhatAWholeImportStores(string relative)
    {
        var path = TestData.Real(relative);
        var (whole, wholeDump) = Import(path, Whole);
        ChunkedImport.ChunksOfLastImport = 0;

        var (chunked, chunkedDump) = Import(path, Tiny);

        ChunkedImport.ChunksOfLastImport.ShouldBeGreaterThan(1, "the file should have crossed chunk boundaries");
        chunkedDump.ShouldBe(wholeDump);
        chunked.Counts.ShouldBe(whole.Counts);
        chunked.StoredAs.ShouldBe(whole.StoredAs);
        chunked.Format.ShouldBe(whole.Format);
        chunked.Skipped.ShouldBe(whole.Skipped);
    }

    [Fact]
    public void ImportFile_DuplicateRowsAcrossChunks_IdenticalSkippedLikeAWholeImport()
    {
        var rows = Yahoo(400).ToList();
        rows.Add(rows[3]);
        rows.Insert(250, rows[10]);
        var content = "Date,Open,High,Low,Close,Adj Close,Volume\n" + string.Join('\n', rows) + "\n";

        var (whole, wholeDump) = ImportContent("IWM.csv", content, Whole);
        var (chunked, chunkedDump) = ImportContent("IWM.csv", content, Tiny);

        ChunkedImport.ChunksOfLastImport.ShouldBeGreaterThan(1);
        chunkedDump.ShouldBe(wholeDump);
        chunked.Counts.ShouldBe(whole.Counts);
        chunked.Skipped.ShouldBe(whole.Skipped);
        chunked.SkippedTotal.ShouldBe(2);
    }

    public static TheoryData<string, string> BadFiles()
    {
        var header = "Date,Open,High,Low,Close,Adj Close,Volume\n";
        var yahoo = Yahoo(400).ToList();
        var changed = yahoo.ToList();
        changed.Add(yahoo[5] + "9");
        var badNumber = yahoo.ToList();
        badNumber[350] = badNumber[350].Replace("100.5", "x1", StringComparison.Ordinal);
        var future = yahoo.ToList();
        future.Add("2200-01-02,1,2,0.5,1.5,1.4,10");
        var finra = Finra(300).ToList();
        var finraChanged = finra.ToList();
        finraChanged.Add(finra[2].Replace("|100|", "|101|", StringComparison.Ordinal));
        var panel = Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Day(i):yyyy-MM-dd},{i + 1}.25,{i + 2}.5"));
        return new TheoryData<string, string>
        {
            { "IWM.csv", header + string.Join('\n', changed) + "\n" },
            { "IWM.csv", header + string.Join('\n', badNumber) + "\n" },
            { "IWM.csv", header + string.Join('\n', future) + "\n" },
            { "CNMSshvol20240102.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n" + string.Join('\n', finra) + "\n299\n" },
            { "CNMSshvol20240102.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n" + string.Join('\n', finra) + "\n" },
            { "CNMSshvol20240102.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n" + string.Join('\n', finra) + "\n300\nZZ|1\n" },
            { "CNMSshvol20240102.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n" + string.Join('\n', finraChanged) + "\n301\n" },
            { "panel.csv", "date,IWM,KRE\n" + string.Join('\n', panel) + "\n" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ImportFile_BadFileInChunks_RefusedWithTheWholeImportsLineAndNothingStored(string name, string content)
    {
        var wholeMessage = Refusal(name, content, Whole);

        var chunkedMessage = Refusal(name, content, Tiny);

        chunkedMessage.ShouldBe(wholeMessage);
        chunkedMessage.ShouldNotContain("\n");
    }

    private static string Refusal(string name, string content, long chunk)
    {
        using var store = StoreTestKit.NewStore(out var dir);
        DataImporter.ImportFile(store, StoreTestKit.Write(dir, "IWM.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n2023-01-03,1,2,0.5,1.5,1.4,10\n"));
        var before = StoreTestKit.Dump(store);
        var path = StoreTestKit.Write(dir, name, content);
        using (ChunkedImport.Use(chunk))
        {
            var ex = Should.Throw<DataFormatException>(() => DataImporter.ImportFile(store, path));
            StoreTestKit.Dump(store).ShouldBe(before);
            return ex.Message.Replace(dir, "DIR", StringComparison.Ordinal);
        }
    }

    private static (FileImportResult Result, string Dump) Import(string path, long chunk)
    {
        using var store = StoreTestKit.NewStore(out _);
        using (ChunkedImport.Use(chunk))
        {
            var result = DataImporter.ImportFile(store, path);
            return (result, StoreTestKit.Dump(store));
        }
    }

    private static (FileImportResult Result, string Dump) ImportContent(string name, string content, long chunk)
    {
        var dir = TestData.TempDir();
        return Import(StoreTestKit.Write(dir, name, content), chunk);
    }

    private static DateOnly Day(int i) => new DateOnly(2020, 1, 1).AddDays(i);

    private static IEnumerable<string> Yahoo(int n) =>
        Enumerable.Range(0, n).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Day(i):yyyy-MM-dd},100,101,99,100.5,100.4,{1000 + i}"));

    private static IEnumerable<string> Finra(int n) =>
        Enumerable.Range(0, n).Select(i => string.Create(CultureInfo.InvariantCulture, $"20240102|S{i:D4}|100|1|{300 + i}|B,Q,N"));
}
