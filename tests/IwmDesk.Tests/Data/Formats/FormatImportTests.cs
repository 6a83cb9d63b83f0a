using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Tests.Data.Formats;

/// <summary>Each supported format, from small hand-made fixtures: what is recognised and exactly what is stored.</summary>
public sealed class FormatImportTests : IDisposable
{
    private readonly MarketStore _store;
    private readonly string _dir;

    public FormatImportTests() => _store = StoreTestKit.NewStore(out _dir);

    public void Dispose() => _store.Dispose();

    private FileImportResult Import(string name, string content, string? symbol = null) =>
        DataImporter.ImportFile(_store, StoreTestKit.Write(_dir, name, content), new ImportOptions(symbol));

    [Fact]
    public void Import_YahooExactHeader_StoresOhlcAdjCloseAndVolume()
    {
        var r = Import("IWM_daily_yahoo.csv", """
            Date,Open,High,Low,Close,Adj Close,Volume
            2024-01-02,200.5,201.25,199.0,200.0,198.5,1000
            2024-01-03,200.0,202.0,198.0,201.5,200.0,2000
            """);

        r.Format.ShouldBe(DataFileFormat.YahooDaily);
        r.StoredAs.ShouldBe("series IWM");
        r.Counts.ShouldBe(new UpsertCounts(2, 0, 0));
        var s = _store.LoadSeries("IWM");
        s.Dates.ShouldBe([new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3)]);
        s[0].ShouldBe(new DailyBar(new DateOnly(2024, 1, 2), 200.5, 201.25, 199.0, 200.0, 198.5, 1000));
        s.Close[1].ShouldBe(201.5);
    }

    [Fact]
    public void Import_ColumnsInAnyOrderWithCrlfAndNoAdjClose_AdjCloseIsMissing()
    {
        var r = Import("^TNX.csv", "Date,Close,High,Low,Open,Volume\r\n2024-01-02,4.1,4.2,4.0,4.05,0\r\n");

        r.StoredAs.ShouldBe("series TNX");
        var bar = _store.LoadSeries("TNX")[0];
        bar.ShouldBe(new DailyBar(new DateOnly(2024, 1, 2), 4.05, 4.2, 4.0, 4.1, double.NaN, 0));
    }

    [Fact]
    public void Import_NoVolumeColumn_VolumeIsMissing()
    {
        Import("DXY_daily.csv", "Date,Close,High,Low,Open\n2024-01-02,101.5,102,101,101.2\n");

        var bar = _store.LoadSeries("DXY")[0];
        bar.Volume.ShouldBe(double.NaN);
        bar.AdjClose.ShouldBe(double.NaN);
        bar.Close.ShouldBe(101.5);
    }

    [Fact]
    public void Import_AdjCloseWithoutSpaceAndDividends_DividendsIgnored()
    {
        Import("SPY_daily.csv", "Date,Open,High,Low,Close,AdjClose,Volume,Dividends\n2024-01-02,1,2,0.5,1.5,1.4,10,0.25\n");

        _store.LoadSeries("SPY")[0].ShouldBe(new DailyBar(new DateOnly(2024, 1, 2), 1, 2, 0.5, 1.5, 1.4, 10));
    }

    [Fact]
    public void Import_YahooNullRow_SkippedAndCounted()
    {
        var r = Import("KRE.csv", """
            Date,Open,High,Low,Close,Adj Close,Volume
            2024-01-02,10,11,9,10.5,10.4,100
            2024-01-03,null,null,null,null,null,null
            2024-01-04,10,11,9,10.7,10.6,100
            """);

        r.Counts.Added.ShouldBe(2);
        r.Skipped.ShouldBe([new SkippedRows("missing close (null or empty)", 1, 3)]);
        _store.LoadSeries("KRE").Count.ShouldBe(2);
    }

    [Fact]
    public void Import_SymbolOption_OverridesFileName()
    {
        var r = Import("prices.csv", "Date,Close,Open\n2024-01-02,5,4.9\n", symbol: "^rut");

        r.StoredAs.ShouldBe("series RUT");
    }

    [Fact]
    public void Import_CboeVixHistory_SlashDatesToSeriesVix()
    {
        var r = Import("VIX_History.csv", "DATE,OPEN,HIGH,LOW,CLOSE\n01/02/1990,17.24,17.24,17.24,17.24\n12/31/2024,17.5,18,16.9,17.35\n");

        r.Format.ShouldBe(DataFileFormat.CboeIndexHistory);
        var s = _store.LoadSeries("VIX");
        s.Dates.ShouldBe([new DateOnly(1990, 1, 2), new DateOnly(2024, 12, 31)]);
        s.Close[1].ShouldBe(17.35);
        s.Volume[1].ShouldBe(double.NaN);
    }

    [Fact]
    public void Import_FredObservationDateWithDots_DotsSkipped()
    {
        var r = Import("fredgraph.csv", "observation_date,DGS10\n2024-01-01,.\n2024-01-02,3.95\n2024-01-03,\n2024-01-04,3.91\n");

        r.Format.ShouldBe(DataFileFormat.FredCsv);
        r.StoredAs.ShouldBe("series DGS10");
        r.Counts.Added.ShouldBe(2);
        r.Skipped.ShouldBe([new SkippedRows("missing value ('.' or empty)", 2, 2)]);
        var s = _store.LoadSeries("DGS10");
        s.Close.ShouldBe([3.95, 3.91]);
        s.Open[0].ShouldBe(double.NaN);
    }

    [Fact]
    public void Import_FredUpperDateHeaderNegativeValues_Stored()
    {
        Import("x.csv", "DATE,T10Y2Y\n2023-07-03,-1.08\n");

        _store.LoadSeries("T10Y2Y").Close.ShouldBe([-1.08]);
    }

    [Fact]
    public void Import_FredDateValueHeader_SeriesFromFredFileName()
    {
        var r = Import("FRED_BAMLH0A0HYM2.csv", "Date,Value\n2024-01-02,3.4\n");

        r.StoredAs.ShouldBe("series BAMLH0A0HYM2");
    }

    [Fact]
    public void Import_Dix_ThreeSeries()
    {
        var r = Import("DIX.csv", "date,price,dix,gex\r\n2024-01-02,4742.83,0.43,-1200000000.5\r\n");

        r.Format.ShouldBe(DataFileFormat.SqueezeMetricsDix);
        r.StoredAs.ShouldBe("series SPX_PRICE, SPX_DIX, SPX_GEX");
        _store.LoadSeries("SPX_GEX").Close.ShouldBe([-1200000000.5]);
        _store.LoadSeries("SPX_DIX").Close.ShouldBe([0.43]);
        _store.LoadSeries("SPX_PRICE").Close.ShouldBe([4742.83]);
    }

    [Fact]
    public void Import_Panel_OneSeriesPerColumnMissingCellsSkipped()
    {
        var r = Import("iwm_panel.csv", "date,IWM_GEX,IWM_DP_RATIO\n2024-01-02,1.5e9,0.45\n2024-01-03,,0.47\n");

        r.Format.ShouldBe(DataFileFormat.PanelCsv);
        r.Counts.Added.ShouldBe(3);
        r.SkippedTotal.ShouldBe(1);
        _store.LoadSeries("IWM_GEX").Close.ShouldBe([1.5e9]);
        _store.LoadSeries("IWM_DP_RATIO").Close.ShouldBe([0.45, 0.47]);
    }

    [Fact]
    public void Import_FinraConsolidatedWithTrailer_FacilityCnms()
    {
        var r = Import("CNMSshvol20211201.txt",
            "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\r\n20211201|IWM|6892151|32594|12304846|B,Q,N\r\n20211201|AA|10|0|20|Q\r\n2\r\n");

        r.Format.ShouldBe(DataFileFormat.FinraShortVolume);
        r.StoredAs.ShouldBe("short volume CNMS 2021-12-01");
        _store.LoadShortVolume("IWM").ShouldBe([new ShortVolumeRecord(new DateOnly(2021, 12, 1), "IWM", "CNMS", 6892151, 32594, 12304846, "B,Q,N")]);
        _store.LoadShortVolume("AA")[0].Facility.ShouldBe("CNMS");
    }

    [Fact]
    public void Import_FinraPerFacilityRows_MarketCodeMapsToFacility()
    {
        Import("finra_shvol_IWM_TRF.txt", """
            Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market
            20190401|IWM|10|0|20|N
            20190401|IWM|30|1|60|Q
            20190401|IWM|5|0|9|B
            """);

        _store.LoadShortVolume("IWM").Select(r => (r.Facility, r.ShortVolume)).ShouldBe([("FNQC", 5L), ("FNSQ", 30L), ("FNYX", 10L)]);
    }

    [Fact]
    public void Import_FinraFacilityPrefix_FromFileName()
    {
        Import("FNYXshvol20211201.txt", "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n20211201|IWM|1|0|2|N\n1\n");

        _store.LoadShortVolume("IWM")[0].Facility.ShouldBe("FNYX");
    }

    [Fact]
    public void Import_FinraCsvWithQuotedMarket_ParsedAsCnms()
    {
        var r = Import("finra_shvol_CNMS_filtered.csv",
            "date,ticker,short_vol,exempt_vol,total_vol,short_ratio,market,captured_at\r\n20260424,IWM,3970386,226,5932670,0.6692,\"B,Q,N\",2026-04-27T22:54:17Z\r\n");

        r.Format.ShouldBe(DataFileFormat.FinraShortVolumeCsv);
        _store.LoadShortVolume("IWM").ShouldBe([new ShortVolumeRecord(new DateOnly(2026, 4, 24), "IWM", "CNMS", 3970386, 226, 5932670, "B,Q,N")]);
    }

    [Fact]
    public void Import_SameFinraFileTwice_ChangesNothing()
    {
        const string content = "Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n20211201|IWM|1|0|2|B,Q,N\n20211201|SPY|3|0|9|B,Q,N\n2\n";
        Import("CNMSshvol20211201.txt", content);
        var dump = StoreTestKit.Dump(_store);

        var again = Import("CNMSshvol20211201.txt", content);

        again.Counts.ShouldBe(new UpsertCounts(0, 0, 2));
        StoreTestKit.Dump(_store).ShouldBe(dump);
    }

    [Fact]
    public void Import_ChainCsv_EmptyGreeksAreMissing()
    {
        var r = Import("IWM_chain_2026-07-16.csv", """
            as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol,bid,ask,volume,delta,gamma
            2026-07-16,IWM,295.36,2026-07-17,C,290,120,0.21,5.5,5.6,30,,
            2026-07-16,IWM,295.36,2026-07-17,P,290,80,0.23,0.4,0.45,12,-0.2,0.03
            """);

        r.Format.ShouldBe(DataFileFormat.ChainCsv);
        r.StoredAs.ShouldBe("chain IWM 2026-07-16");
        var chain = _store.LoadChain("IWM", new DateOnly(2026, 7, 16)).ShouldNotBeNull();
        chain.Spot.ShouldBe(295.36);
        chain.Quotes.ShouldBe([
            new OptionQuote(new DateOnly(2026, 7, 17), OptionRight.Call, 290, 120, 0.21, 5.5, 5.6, 30, double.NaN, double.NaN),
            new OptionQuote(new DateOnly(2026, 7, 17), OptionRight.Put, 290, 80, 0.23, 0.4, 0.45, 12, -0.2, 0.03),
        ]);
        _store.ListChains("IWM").Single().SourceFormat.ShouldBe("chain-csv");
    }

    [Fact]
    public void Import_CboeQuoteData_CallsAndPutsWithGamma()
    {
        var r = Import("SPY_quotedata.csv", """

            SPDR S&P 500 ETF Trust,Last: 450.81,Change:  3.85
            "Date: September 14, 2023 at 4:31 PM EDT",Bid: 450.81,Ask: 450.83,Size: 9*11,"Volume: 71,039,449"
            Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest
            Fri Sep 15 2023,SPY230915C00450000,1.5,0.2,1.49,1.51,1000,0.12,0.52,0.09,5000,450.00,SPY230915P00450000,1.2,-0.3,1.19,1.21,900,0.13,-0.48,0.085,6000
            """);

        r.Format.ShouldBe(DataFileFormat.CboeQuoteData);
        r.StoredAs.ShouldBe("chain SPY 2023-09-14");
        var chain = _store.LoadChain("SPY", new DateOnly(2023, 9, 14)).ShouldNotBeNull();
        chain.Spot.ShouldBe(450.81);
        chain.Quotes.ShouldBe([
            new OptionQuote(new DateOnly(2023, 9, 15), OptionRight.Call, 450, 5000, 0.12, 1.49, 1.51, 1000, 0.52, 0.09),
            new OptionQuote(new DateOnly(2023, 9, 15), OptionRight.Put, 450, 6000, 0.13, 1.19, 1.21, 900, -0.48, 0.085),
        ]);
    }

    [Fact]
    public void Import_CboeDelayedJson_OccSymbolsDecoded()
    {
        var r = Import("IWM.json", """
            {
              "timestamp": "2026-08-20 15:44:02",
              "data": {
                "symbol": "IWM",
                "current_price": 301.25,
                "options": [
                  { "option": "IWM260821C00300000", "bid": 2.1, "ask": 2.15, "iv": 0.19, "open_interest": 15000, "volume": 4200, "delta": 0.58, "gamma": 0.061, "theta": -0.9 },
                  { "option": "IWM260918P00287500", "bid": 1.0, "ask": 1.05, "iv": 0.24, "open_interest": 800, "volume": 12, "delta": -0.2, "gamma": 0.01 }
                ]
              }
            }
            """);

        r.Format.ShouldBe(DataFileFormat.CboeDelayedJson);
        var chain = _store.LoadChain("IWM", new DateOnly(2026, 8, 20)).ShouldNotBeNull();
        chain.Spot.ShouldBe(301.25);
        chain.Quotes.ShouldBe([
            new OptionQuote(new DateOnly(2026, 8, 21), OptionRight.Call, 300, 15000, 0.19, 2.1, 2.15, 4200, 0.58, 0.061),
            new OptionQuote(new DateOnly(2026, 9, 18), OptionRight.Put, 287.5, 800, 0.24, 1.0, 1.05, 12, -0.2, 0.01),
        ]);
    }

    [Fact]
    public void Import_EarningsRevisions_Stored()
    {
        var r = Import("revisions.csv", "date,sector,upgrades,downgrades\n2024-01-05,Financials,12,30\n2024-01-05,Energy,4,2\n");

        r.Format.ShouldBe(DataFileFormat.EarningsRevisions);
        _store.LoadRevisions().ShouldBe([
            new EarningsRevisionRecord(new DateOnly(2024, 1, 5), "Energy", 4, 2),
            new EarningsRevisionRecord(new DateOnly(2024, 1, 5), "Financials", 12, 30),
        ]);
    }

    [Fact]
    public void Import_IdenticalDuplicateRow_SkippedNotAnError()
    {
        var r = Import("IWM.csv", "Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-02,1,2,0.5,1.5\n");

        r.Counts.Added.ShouldBe(1);
        r.Skipped.ShouldBe([new SkippedRows("identical duplicate row", 1, 3)]);
    }

    [Fact]
    public void Import_ExtensionIsIgnored_ContentDecides()
    {
        var r = Import("IWM.json.txt", "Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n");

        r.Format.ShouldBe(DataFileFormat.YahooDaily);
        r.StoredAs.ShouldBe("series IWM");
    }

    [Fact]
    public void Import_OverlappingNewerFile_CountsAddedUpdatedUnchanged()
    {
        Import("IWM.csv", "Date,Close,Open\n2024-01-02,10,9\n2024-01-03,11,10\n");

        var r = Import("IWM.csv", "Date,Close,Open\n2024-01-02,10,9\n2024-01-03,11.5,10\n2024-01-04,12,11\n");

        r.Counts.ShouldBe(new UpsertCounts(1, 1, 1));
        _store.LoadSeries("IWM").Close.ShouldBe([10, 11.5, 12]);
    }
}
