using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Tests.Data.Formats;

/// <summary>
/// Each kind of bad input gives one line naming the file, the line and the problem, and stores nothing: the store's
/// full dump is the same before and after.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n";
    private readonly MarketStore _store;
    private readonly string _dir;
    private readonly string _before;

    public BadInputTests()
    {
        _store = StoreTestKit.NewStore(out _dir);
        DataImporter.ImportFile(_store, StoreTestKit.Write(_dir, "IWM.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n"));
        _before = StoreTestKit.Dump(_store);
    }

    public void Dispose() => _store.Dispose();

    /// <summary>Imports the content and returns the error message, checking the store did not change.</summary>
    private string Fail(string name, string content)
    {
        var path = StoreTestKit.Write(_dir, name, content);
        return FailPath(path);
    }

    private string FailPath(string path)
    {
        var ex = Should.Throw<DataFormatException>(() => DataImporter.ImportFile(_store, path));
        ex.ExitCode.ShouldBe(2);
        ex.Message.ShouldNotContain("\n");
        StoreTestKit.Dump(_store).ShouldBe(_before);
        return ex.Message;
    }

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Import_UnknownFormat_NamesHeader()
    {
        Fail("notes.csv", "hello,world\n1,2\n").ShouldBe(
            $"{P("notes.csv")}:1: unrecognised format: header 'hello,world' matches none of: Yahoo daily, Yahoo chart JSON, CBOE index history, FRED, DIX, panel, FINRA short volume, option chain CSV, CBOE quotedata, CBOE JSON, earnings revisions, iShares holdings, earnings calendar CSV/JSON (see docs/formats.md)");
    }

    [Fact]
    public void Import_MissingCloseColumn_NamesColumn()
    {
        Fail("IWM.csv", "Date,Open,High,Low,Volume\n2024-01-03,1,2,0.5,10\n")
            .ShouldBe($"{P("IWM.csv")}:1: missing required column 'Close' (the header looks like a daily price file)");
    }

    [Fact]
    public void Import_FinraMissingTotalVolume_NamesColumn()
    {
        Fail("CNMSshvol20211201.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|Market\n20211201|IWM|1|0|Q\n1\n")
            .ShouldBe($"{P("CNMSshvol20211201.txt")}:1: missing required column 'TotalVolume'");
    }

    [Fact]
    public void Import_UnparsableNumber_NamesLineAndColumn()
    {
        Fail("IWM.csv", Yahoo + "2024-01-03,1,2,0.5,1.5,1.4,10\n2024-01-04,1,2x,0.5,1.5,1.4,10\n")
            .ShouldBe($"{P("IWM.csv")}:3: column 'High': '2x' is not a number");
    }

    [Fact]
    public void Import_UnparsableDate_NamesExpectedLayout()
    {
        Fail("IWM.csv", Yahoo + "2024-13-03,1,2,0.5,1.5,1.4,10\n")
            .ShouldBe($"{P("IWM.csv")}:2: column 'Date': '2024-13-03' is not a date (expected yyyy-MM-dd)");
    }

    [Fact]
    public void Import_ConflictingDuplicateDate_NamesBothLines()
    {
        Fail("IWM.csv", Yahoo + "2024-01-03,1,2,0.5,1.5,1.4,10\n2024-01-04,1,2,0.5,1.5,1.4,10\n2024-01-03,1,2,0.5,1.6,1.4,10\n")
            .ShouldBe($"{P("IWM.csv")}:4: date 2024-01-03 appears again with different values (first on line 2) in series IWM");
    }

    [Fact]
    public void Import_NonPositivePrice_Rejected()
    {
        Fail("IWM.csv", Yahoo + "2024-01-03,0,2,0.5,1.5,1.4,10\n")
            .ShouldBe($"{P("IWM.csv")}:2: column 'Open': price '0' is not positive");
    }

    [Fact]
    public void Import_NegativeVolume_Rejected()
    {
        Fail("IWM.csv", Yahoo + "2024-01-03,1,2,0.5,1.5,1.4,-5\n")
            .ShouldBe($"{P("IWM.csv")}:2: column 'Volume': '-5' is negative");
    }

    [Fact]
    public void Import_EmptyFile_Rejected()
    {
        Fail("IWM.csv", "  \n\n").ShouldBe($"{P("IWM.csv")}: empty file");
    }

    [Fact]
    public void Import_HeaderOnly_Rejected()
    {
        Fail("IWM.csv", Yahoo).ShouldBe($"{P("IWM.csv")}:1: no data rows after the header");
    }

    [Fact]
    public void Import_Directory_Rejected()
    {
        var dir = Path.Combine(_dir, "folder");
        Directory.CreateDirectory(dir);

        FailPath(dir).ShouldBe($"{dir}: is a directory, not a file");
    }

    [Fact]
    public void Import_MissingPath_Rejected()
    {
        FailPath(P("nope.csv")).ShouldBe($"{P("nope.csv")}: no such file");
    }

    [Fact]
    public void Import_WrongFieldCount_Rejected()
    {
        Fail("IWM.csv", Yahoo + "2024-01-03,1,2,0.5,1.5,1.4\n")
            .ShouldBe($"{P("IWM.csv")}:2: expected 7 fields like the header, found 6");
    }

    [Fact]
    public void Import_UnclosedQuote_Rejected()
    {
        Fail("finra_CNMS.csv", "date,ticker,short_vol,exempt_vol,total_vol,market\n20260424,IWM,1,0,2,\"B,Q,N\n")
            .ShouldBe($"{P("finra_CNMS.csv")}:2: a quoted field is not closed");
    }

    [Fact]
    public void Import_FinraTrailerMismatch_Rejected()
    {
        Fail("CNMSshvol20211201.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n20211201|IWM|1|0|2|B,Q,N\n3\n")
            .ShouldBe($"{P("CNMSshvol20211201.txt")}:3: the record-count line says 3 records but the file has 1");
    }

    [Fact]
    public void Import_RawFinraWithoutTrailer_RejectedAsTruncated()
    {
        Fail("CNMSshvol20211201.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n20211201|IWM|1|0|2|B,Q,N\n")
            .ShouldBe($"{P("CNMSshvol20211201.txt")}:2: the record-count line that ends every raw FINRA file is missing (truncated download?)");
    }

    [Fact]
    public void Import_FinraConflictingDuplicate_Rejected()
    {
        Fail("CNMSshvol20211201.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n20211201|IWM|1|0|2|Q\n20211201|IWM|1|0|3|Q\n2\n")
            .ShouldBe($"{P("CNMSshvol20211201.txt")}:3: IWM on 2021-12-01 (CNMS) appears again with different values (first on line 2)");
    }

    [Fact]
    public void Import_FinraUnknownMarketWithoutFacilityName_Rejected()
    {
        Fail("shorts.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n20211201|IWM|1|0|2|Z\n")
            .ShouldStartWith($"{P("shorts.txt")}:2: market 'Z' names no FINRA facility");
    }

    [Fact]
    public void Import_ChainSpotConflict_Rejected()
    {
        Fail("chain.csv", "as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol\n2026-07-16,IWM,295,2026-07-17,C,290,1,0.2\n2026-07-16,IWM,296,2026-07-17,P,290,1,0.2\n")
            .ShouldBe($"{P("chain.csv")}:3: spot 296 differs from 295 (line 2) in the same IWM 2026-07-16 snapshot");
    }

    [Fact]
    public void Import_ChainBadType_Rejected()
    {
        Fail("chain.csv", "as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol\n2026-07-16,IWM,295,2026-07-17,X,290,1,0.2\n")
            .ShouldBe($"{P("chain.csv")}:2: column 'type': 'X' is not C or P");
    }

    [Fact]
    public void Import_ChainExpiryBeforeAsOf_Rejected()
    {
        Fail("chain.csv", "as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol\n2026-07-16,IWM,295,2026-07-15,C,290,1,0.2\n")
            .ShouldBe($"{P("chain.csv")}:2: expiry 2026-07-15 is before the snapshot date 2026-07-16");
    }

    [Fact]
    public void Import_QuoteDataSymbolDisagreesWithRow_Rejected()
    {
        Fail("quotedata.csv", """

            SPDR S&P 500 ETF Trust,Last: 450.81,Change:  3.85
            "Date: September 14, 2023 at 4:31 PM EDT",Bid: 450.81
            Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest
            Fri Sep 15 2023,SPY230915C00455000,1.5,0.2,1.49,1.51,1000,0.12,0.52,0.09,5000,450.00,SPY230915P00450000,1.2,-0.3,1.19,1.21,900,0.13,-0.48,0.085,6000
            """).ShouldBe($"{P("quotedata.csv")}:5: column 'Calls': SPY230915C00455000 does not match the row's expiry 2023-09-15 and strike 450");
    }

    [Fact]
    public void Import_InvalidJson_NamesLine()
    {
        Fail("IWM.json", "{\n  \"timestamp\": \"2026-08-20 15:44:02\",\n  \"data\": { \"options\": [ } \n}\n")
            .ShouldStartWith($"{P("IWM.json")}:3: invalid JSON");
    }

    [Fact]
    public void Import_JsonWithoutOptions_Rejected()
    {
        Fail("other.json", "{\"sym\": \"IWM\", \"o\": []}")
            .ShouldBe($"{P("other.json")}: JSON is not a CBOE delayed-quotes chain (expected data.options[]); see docs/formats.md");
    }

    [Fact]
    public void Import_RevisionsNegativeCount_Rejected()
    {
        Fail("rev.csv", "date,sector,upgrades,downgrades\n2024-01-05,Energy,-1,2\n")
            .ShouldBe($"{P("rev.csv")}:2: column 'upgrades': '-1' is negative");
    }

    [Fact]
    public void Import_BadRowLateInFile_EarlierRowsNotStored()
    {
        var rows = string.Concat(Enumerable.Range(0, 500).Select(i => $"{new DateOnly(2010, 1, 1).AddDays(i):yyyy-MM-dd},1,2,0.5,1.5,1.4,10\n"));

        Fail("SPY.csv", Yahoo + rows + "2012-01-01,1,2,0.5,bad,1.4,10\n")
            .ShouldBe($"{P("SPY.csv")}:502: column 'Close': 'bad' is not a number");
        _store.LoadSeries("SPY").Count.ShouldBe(0);
    }

    [Fact]
    public void ImportFiles_OneBadFile_OthersStillImport()
    {
        var good = StoreTestKit.Write(_dir, "SPY.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n");
        var bad = StoreTestKit.Write(_dir, "KRE.csv", Yahoo + "2024-01-02,1,2,0.5,oops,1.4,10\n");
        var good2 = StoreTestKit.Write(_dir, "HYG.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n");

        var outcomes = DataImporter.ImportFiles(_store, [good, bad, good2]);

        outcomes.Select(o => o.Succeeded).ShouldBe([true, false, true]);
        outcomes[1].Error!.Message.ShouldBe($"{bad}:2: column 'Close': 'oops' is not a number");
        _store.ListSeries().Select(s => s.Name).ShouldBe(["HYG", "IWM", "SPY"]);
    }
}
