using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Holdings;

/// <summary>
/// The iShares holdings CSV through <c>data import</c>: detected from its content, parsed (thousands separators,
/// quoted fields, the legal text not read), stored as one snapshot per (fund, as-of date), idempotent on re-import,
/// and a broken file refused with one line naming file, line and field while the store stays as it was.
/// </summary>
public sealed class HoldingsImportTests : IDisposable
{
    private readonly MarketStore _store;
    private readonly string _dir;

    public HoldingsImportTests() => _store = StoreTestKit.NewStore(out _dir);

    public void Dispose() => _store.Dispose();

    private FileImportResult Import(string path, ImportOptions? options = null) => DataImporter.ImportFile(_store, path, options);

    private string Fail(string name, string text)
    {
        var path = HoldingsFixture.Write(_dir, name, text);
        var before = StoreTestKit.Dump(_store) + Rows();
        var ex = Should.Throw<DataFormatException>(() => Import(path));
        ex.ExitCode.ShouldBe(2);
        ex.Message.ShouldNotContain("\n");
        (StoreTestKit.Dump(_store) + Rows()).ShouldBe(before, "a broken file stores nothing");
        return ex.Message;
    }

    private long Rows() => StoreTestKit.Count(_store, "holdings") * 1000 + StoreTestKit.Count(_store, "holdings_snapshots");

    [Fact]
    public void Import_Fixture_StoresEquitiesAndOtherRowsApart()
    {
        var result = Import(HoldingsFixture.Write(_dir));

        result.Format.ShouldBe(DataFileFormat.IsharesHoldings);
        result.StoredAs.ShouldBe("holdings IWM 2025-12-01 (13 equities, 3 other)");
        result.Counts.ShouldBe(new UpsertCounts(16, 0, 0));
        _store.HoldingsDates("IWM").ShouldBe([HoldingsFixture.AsOf]);
        var h = _store.HoldingsInForce("IWM", HoldingsFixture.AsOf).ShouldNotBeNull();
        h.Fund.ShouldBe("IWM");
        h.AsOf.ShouldBe(HoldingsFixture.AsOf);
        h.Source.ShouldBe("IWM_holdings.csv");
        h.Equities.Count.ShouldBe(HoldingsFixture.Equities);
        h.Other.Count.ShouldBe(HoldingsFixture.Other);
        h.Equities[0].ShouldBe(new Holding("AAA", "ALPHA ENERGY SYSTEMS CORP", "Industrials", "Equity", 1_200_000, 12, 10_000, 120,
            "United States", "New York Stock Exchange Inc.", "USD"));
        h.Equities[^1].Ticker.ShouldBe("-");
        h.Other.Select(o => o.AssetClass).ShouldBe(["Money Market", "Cash", "Futures"]);
        h.Other[2].Price.ShouldBe(2473.3);
        h.Other[2].Location.ShouldBe("-");
    }

    [Fact]
    public void Import_Twice_SecondChangesNothing()
    {
        var path = HoldingsFixture.Write(_dir);
        Import(path);
        var dump = FetchDump();

        var again = Import(path);

        again.Counts.ShouldBe(new UpsertCounts(0, 0, 16));
        again.Removed.ShouldBe(0);
        FetchDump().ShouldBe(dump);
    }

    [Fact]
    public void Import_SameDateChanged_ReplacesTheSnapshot()
    {
        Import(HoldingsFixture.Write(_dir));
        var changed = HoldingsFixture.Metadata() + "\u00a0\n" + HoldingsFixture.Header + "\n"
            + string.Join("", HoldingsFixture.Body((i, c) => i == 1 ? [.. c.Take(5), "10.50", .. c.Skip(6)] : c).Split('\n').Take(15).Select(l => l + "\n"));

        var result = Import(HoldingsFixture.Write(_dir, "IWM_holdings_v2.csv", changed));

        result.Counts.ShouldBe(new UpsertCounts(0, 1, 14));
        result.Removed.ShouldBe(1);
        _store.HoldingsDates("IWM").ShouldBe([HoldingsFixture.AsOf]);
        var h = _store.HoldingsInForce("IWM", HoldingsFixture.AsOf)!;
        h.Equities[1].WeightPct.ShouldBe(10.5);
        h.Other.Count.ShouldBe(2);
        h.Source.ShouldBe("IWM_holdings_v2.csv");
    }

    [Fact]
    public void HoldingsInForce_IsTheLatestSnapshotOnOrBeforeTheDate()
    {
        Import(HoldingsFixture.Write(_dir));
        Import(HoldingsFixture.Write(_dir, "IWM_holdings_later.csv", HoldingsFixture.Text("Jan 5, 2026")));

        _store.HoldingsDates("IWM").ShouldBe([HoldingsFixture.AsOf, new DateOnly(2026, 1, 5)]);
        _store.HoldingsInForce("IWM", new DateOnly(2025, 11, 30)).ShouldBeNull();
        _store.HoldingsInForce("IWM", new DateOnly(2025, 12, 1))!.AsOf.ShouldBe(HoldingsFixture.AsOf);
        _store.HoldingsInForce("IWM", new DateOnly(2026, 1, 4))!.AsOf.ShouldBe(HoldingsFixture.AsOf);
        _store.HoldingsInForce("IWM", new DateOnly(2026, 1, 5))!.AsOf.ShouldBe(new DateOnly(2026, 1, 5));
        _store.HoldingsInForce("IWM", new DateOnly(2030, 1, 1))!.AsOf.ShouldBe(new DateOnly(2026, 1, 5));
        _store.HoldingsInForce("SPY", new DateOnly(2030, 1, 1)).ShouldBeNull();
        _store.HoldingsDates("SPY").ShouldBeEmpty();
        _store.HasReal.ShouldBeTrue();
        _store.IsEmpty.ShouldBeFalse();
        StoreStatus.Build(_store, new StoreLocation("x", StoreLocationSource.Option)).Holdings
            .ShouldBe([new HoldingsStatus("IWM", 2, HoldingsFixture.AsOf, new DateOnly(2026, 1, 5), 13, 3)]);
    }

    [Fact]
    public void Fund_FromSymbolOption_ThenKnownName_ThenFileStem()
    {
        Import(HoldingsFixture.Write(_dir, "download.csv"), new ImportOptions("iwn")).StoredAs.ShouldStartWith("holdings IWN 2025-12-01");
        Import(HoldingsFixture.Write(_dir, "whatever.csv")).StoredAs.ShouldStartWith("holdings IWM 2025-12-01");
        var unknown = HoldingsFixture.Text().Replace("iShares Russell 2000 ETF", "iShares Something ETF", StringComparison.Ordinal);
        Import(HoldingsFixture.Write(_dir, "KRE_holdings.csv", unknown)).StoredAs.ShouldStartWith("holdings KRE 2025-12-01");
        Fail("download.csv", unknown).ShouldBe(
            $"{Path.Combine(_dir, "download.csv")}:1: cannot tell the fund from its name 'iShares Something ETF' or the file name: pass --symbol (e.g. --symbol IWM)");
    }

    [Fact]
    public void Broken_MissingHeader_OneLine()
    {
        var text = HoldingsFixture.Metadata() + "\u00a0\n" + HoldingsFixture.Body();
        Fail("IWM_holdings.csv", text).ShouldBe(
            $"{Path.Combine(_dir, "IWM_holdings.csv")}: no holdings header (Ticker,Name,Sector,Asset Class,Market Value,Weight (%),...) in the first 30 lines");
    }

    [Fact]
    public void Broken_BadNumber_NamesLineAndColumn()
    {
        var text = HoldingsFixture.Metadata() + "\u00a0\n" + HoldingsFixture.Header + "\n"
            + HoldingsFixture.Body((i, c) => i == 2 ? [.. c.Take(4), "9OO,000.00", .. c.Skip(5)] : c);
        Fail("IWM_holdings.csv", text).ShouldBe($"{Path.Combine(_dir, "IWM_holdings.csv")}:13: column 'Market Value': '9OO,000.00' is not a number");
    }

    [Fact]
    public void Broken_MissingWeight_NamesLineAndColumn()
    {
        var text = HoldingsFixture.Metadata() + "\u00a0\n" + HoldingsFixture.Header + "\n"
            + HoldingsFixture.Body((i, c) => i == 0 ? [.. c.Take(5), "-", .. c.Skip(6)] : c);
        Fail("IWM_holdings.csv", text).ShouldBe($"{Path.Combine(_dir, "IWM_holdings.csv")}:11: column 'Weight (%)': '-' is not a number");
    }

    [Fact]
    public void Broken_MissingAsOfDate_NamesTheHeaderLine()
    {
        var text = HoldingsFixture.Metadata().Replace("Fund Holdings as of,\"Dec 01, 2025\"\n", "", StringComparison.Ordinal)
            + "\u00a0\n" + HoldingsFixture.Header + "\n" + HoldingsFixture.Body();
        Fail("IWM_holdings.csv", text).ShouldBe(
            $"{Path.Combine(_dir, "IWM_holdings.csv")}:9: no 'Fund Holdings as of' line above the header: the as-of date is missing");
    }

    [Fact]
    public void Broken_UnreadableAsOfDate_NamesLineAndField()
    {
        Fail("IWM_holdings.csv", HoldingsFixture.Text("-")).ShouldBe(
            $"{Path.Combine(_dir, "IWM_holdings.csv")}:2: field 'Fund Holdings as of': '-' is not a date (expected e.g. \"Nov 05, 2025\")");
    }

    [Fact]
    public void Broken_RowWithMissingField_NamesLine()
    {
        var text = HoldingsFixture.Metadata() + "\u00a0\n" + HoldingsFixture.Header + "\n"
            + HoldingsFixture.Body((i, c) => i == 4 ? [.. c.Take(14)] : c);
        Fail("IWM_holdings.csv", text).ShouldBe($"{Path.Combine(_dir, "IWM_holdings.csv")}:15: expected 15 fields like the header, found 14");
    }

    [Fact]
    public void Broken_FutureAsOfDate_RefusedByTheInputLimits()
    {
        Fail("IWM_holdings.csv", HoldingsFixture.Text("Jan 05, 2999")).ShouldContain("the IWM holdings is dated 2999-01-05, outside the accepted range");
    }

    [Fact]
    public void Summary_OfFixture_SectorsTop10AndRegionalBanks()
    {
        Import(HoldingsFixture.Write(_dir));
        var s = HoldingsSummary.Of(_store.HoldingsInForce("IWM", HoldingsFixture.AsOf)!);

        s.Members.ShouldBe(13);
        s.OtherRows.ShouldBe(3);
        s.EquityWeightPct.ShouldBe(74.5);
        s.OtherWeightPct.ShouldBe(3.0);
        s.Top10WeightPct.ShouldBe(69.0);
        s.Top10.Select(t => t.Ticker).ShouldBe(["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "JJJ"]);
        s.Sectors.Select(x => (x.Sector, x.Members, x.WeightPct)).ShouldBe(
        [
            ("Financials", 7, 36.0), ("Industrials", 1, 12.0), ("Information Technology", 1, 10.0), ("Health Care", 2, 8.0),
            ("Consumer Discretionary", 1, 5.0), ("Utilities", 1, 3.5),
        ]);
        s.RegionalBanks.Names.ShouldBe(4);
        s.RegionalBanks.WeightPct.ShouldBe(24.5);
        s.RegionalBanks.ShareOfFinancialsPct.ShouldBe(68.0556);
        s.RegionalBanks.Largest.Select(b => b.Ticker).ShouldBe(["CCC", "EEE", "FFF", "LLL"]);
    }

    [Theory]
    [InlineData("OLD NATIONAL BANCORP", "Financials", true)]
    [InlineData("CADENCE BANK", "Financials", true)]
    [InlineData("HOME BANCSHARES INC", "Financials", true)]
    [InlineData("UNITED BANKSHARES INC", "Financials", true)]
    [InlineData("WESTAMERICA BANCORPORATION", "Financials", true)]
    [InlineData("FARMERS NATIONAL BANC CORP", "Financials", true)]
    [InlineData("LINKBANCORP INC", "Financials", true)]
    [InlineData("UMB FINANCIAL CORP", "Financials", true)]
    [InlineData("PARK NATIONAL CORP", "Financials", true)]
    [InlineData("HINGHAM INSTITUTION FOR SAVINGS", "Financials", true)]
    [InlineData("BANCO LATINOAMERICANO DE COMERCIO", "Financials", false)]
    [InlineData("SELECTIVE INSURANCE GROUP INC", "Financials", false)]
    [InlineData("ARMOUR RESIDENTIAL REIT INC", "Financials", false)]
    [InlineData("PENNYMAC MORTGAGE INVESTMENT TRUST", "Financials", false)]
    [InlineData("RENASANT CORP", "Financials", false)]
    [InlineData("BANK OF SOMETHING REALTY", "Real Estate", false)]
    public void RegionalBankRule_ByName(string name, string sector, bool picked) =>
        HoldingsSummary.IsRegionalBank(new Holding("X", name, sector, "Equity", 1, 0.1, 1, 1, "United States", "NASDAQ", "USD")).ShouldBe(picked);

    private string FetchDump() => Data.Fetch.FetchKit.DumpTable(_store, "holdings") + Data.Fetch.FetchKit.DumpTable(_store, "holdings_snapshots");
}
