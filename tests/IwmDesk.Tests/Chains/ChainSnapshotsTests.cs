using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Chains;
using IwmDesk.Tests.Data;

namespace IwmDesk.Tests.Chains;

/// <summary>Several chain snapshots per day: kept, one selected (nearest the close), said so; history and panel columns.</summary>
public sealed class ChainSnapshotsTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 7, 20);
    private readonly MarketStore _store;
    private readonly string _dir;

    public ChainSnapshotsTests() => _store = StoreTestKit.NewStore(out _dir);

    public void Dispose() => _store.Dispose();

    private static string ChainCsv(string asOf, double spot, double oi) => $"""
        as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol
        {asOf},IWM,{spot},2026-07-24,C,300,{oi},0.2
        {asOf},IWM,{spot},2026-07-24,P,290,{oi},0.25
        """;

    private FileImportResult Import(string name, string content) =>
        DataImporter.ImportFile(_store, StoreTestKit.Write(_dir, name, content));

    [Fact]
    public void SecondSnapshotSameDay_FromAnotherFile_IsKept_AndTheOneNearestTheCloseIsSelected()
    {
        var first = Import("IWM_cboe_1345.csv", ChainCsv("2026-07-20 13:45", 295.39, 100));
        var second = Import("IWM_eod.csv", ChainCsv("2026-07-20", 292.2, 200));

        first.ChainNotes.ShouldBeEmpty();
        second.ChainNotes.ShouldHaveSingleItem().ShouldBe(
            "IWM 2026-07-20: 2 snapshots kept (this one as 'IWM_eod.csv'); the panel uses this one (nearest the 16:00 close; ties: the first imported)");
        var all = _store.ListSnapshots("IWM");
        all.Select(s => (s.Source, s.SnapshotTime, s.Selected, s.Contracts)).ShouldBe(
            [("IWM_cboe_1345.csv", new TimeOnly(13, 45), false, 2), ("IWM_eod.csv", (TimeOnly?)null, true, 2)]);
        _store.ListChains("IWM").ShouldHaveSingleItem().Source.ShouldBe("IWM_eod.csv");
        _store.LoadChain("IWM", Day)!.Spot.ShouldBe(292.2);
        _store.LoadChain("IWM", Day, "IWM_cboe_1345.csv")!.Spot.ShouldBe(295.39);
        _store.LoadChain("IWM", Day, "IWM_cboe_1345.csv")!.SnapshotTime.ShouldBe(new TimeOnly(13, 45));

        var status = StoreStatus.Build(_store, StoreLocator.Resolve(_store.DisplayLocation));
        var group = status.Chains.ShouldHaveSingleItem();
        (group.Days, group.Snapshots).ShouldBe((1, 2));
        group.Choices.ShouldHaveSingleItem().ShouldBe("2026-07-20: 2 snapshots; uses IWM_eod.csv (nearest the 16:00 close); also kept: IWM_cboe_1345.csv 13:45");
    }

    [Fact]
    public void TwoDateOnlySnapshots_TieIsKeptByTheFirstImported_ReimportingTheSameFileReplacesIt()
    {
        Import("a.csv", ChainCsv("2026-07-20", 292.2, 100));
        Import("b.csv", ChainCsv("2026-07-20", 292.3, 100));
        var again = Import("a.csv", ChainCsv("2026-07-20", 292.2, 150));

        _store.ListSnapshots("IWM").Select(s => (s.Source, s.Selected)).ShouldBe([("a.csv", true), ("b.csv", false)]);
        again.Counts.ShouldBe(new UpsertCounts(0, 2, 0));
        _store.LoadChain("IWM", Day)!.Quotes[0].OpenInterest.ShouldBe(150);
    }

    [Fact]
    public void History_OneRowPerDay_FromTheSelectedSnapshot_CachedAndDroppedOnReimport()
    {
        Import("intraday.csv", ChainCsv("2026-07-20 13:45", 295.39, 100));
        Import("eod.csv", ChainCsv("2026-07-20", 292.2, 200));
        Import("next.csv", ChainCsv("2026-07-21", 293.0, 300));

        var rows = GexHistory.Build(_store);
        rows.Select(r => (r.AsOf, r.Source, r.Snapshots)).ShouldBe([(Day, "eod.csv", 2), (Day.AddDays(1), "next.csv", 1)]);
        var setup = GexInputs.From(_store).Resolve(_store.LoadChain("IWM", Day)!);
        rows[0].TotalGex.ShouldBe(ChainGex.Compute(_store.LoadChain("IWM", Day)!, setup).TotalGexUsdPer1Pct);
        _store.GetMeta(MarketStore.DerivedGexKey("IWM", Day)).ShouldNotBeNull("the row is cached");
        GexHistory.Build(_store).ShouldBe(rows);

        Import("eod.csv", ChainCsv("2026-07-20", 292.2, 400));
        _store.GetMeta(MarketStore.DerivedGexKey("IWM", Day)).ShouldBeNull("a re-import drops the cached row");
        GexHistory.Build(_store)[0].TotalGex.ShouldBe(2 * rows[0].TotalGex, Math.Abs(rows[0].TotalGex) * 1e-9);
    }

    [Fact]
    public void Inputs_CloseFromTheStore_DividendsFromAdjustedCloses_RateFromDtb3BeforeTheDay()
    {
        // Three years of flat prices at 100 with a 0.50 USD ex-dividend step each quarter of the last year.
        var bars = new List<string> { "Date,Open,High,Low,Close,Adj Close,Volume" };
        var factor = 1.0;
        var days = new List<DateOnly>();
        for (var d = Day.AddDays(-800); d <= Day; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                days.Add(d);
        }

        // Adjusted closes are back-adjusted: before each ex-date multiply by (1 − div / previous close).
        DateOnly[] exDates = [Day.AddDays(-300), Day.AddDays(-200), Day.AddDays(-100), Day.AddDays(-10)];
        var adj = new double[days.Count];
        for (var i = days.Count - 1; i >= 0; i--)
        {
            adj[i] = 100 * factor;
            if (exDates.Any(e => days[i] >= e && (i == 0 || days[i - 1] < e)))
                factor *= 1 - (0.5 / 100);
        }

        for (var i = 0; i < days.Count; i++)
            bars.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{days[i]:yyyy-MM-dd},100,100,100,{(days[i] == Day ? 101 : 100)},{adj[i] * (days[i] == Day ? 1.01 : 1):R},1000"));
        Import("IWM.csv", string.Join("\n", bars));
        Import("FRED_DTB3.csv", "date,DTB3\n2026-07-16,4.30\n2026-07-17,4.20\n2026-07-20,9.99\n");
        Import("eod.csv", ChainCsv("2026-07-20", 292.2, 100));

        var setup = GexInputs.From(_store).Resolve(_store.LoadChain("IWM", Day)!);

        setup.Spot.ShouldBe(101);
        setup.SpotSource.ShouldStartWith("official close of 2026-07-20 from the store");
        setup.Parameters.Rate.ShouldBe(-Math.Log(1 - (0.042 * 91 / 360)) * 365 / 91, 1e-12);
        setup.RateSource.ShouldContain("DTB3 of 2026-07-17");
        setup.Parameters.DividendYield.ShouldBe(2.0 / 101, 1e-9);
        setup.Parameters.ValuationTime.ShouldBe(new TimeOnly(16, 0));
    }

    [Fact]
    public void Inputs_NoStore_FileSpotAndDocumentedFallbacks_IntradaySnapshotValuedAtItsTime()
    {
        var chain = new OptionChainSnapshot("SPY", Day, 500, []) { SnapshotTime = new TimeOnly(13, 45) };

        var setup = GexInputs.From(null).Resolve(chain);

        setup.Spot.ShouldBe(500);
        setup.Parameters.ValuationTime.ShouldBe(new TimeOnly(13, 45));
        setup.Parameters.Rate.ShouldBe(GexInputs.FallbackRate);
        setup.Parameters.DividendYield.ShouldBe(0, "IWM's 1% is not applied to SPY");
        GexInputs.From(null).Resolve(chain with { Underlying = "IWM" }).Parameters.DividendYield.ShouldBe(GexInputs.FallbackIwmDividendYield);
        var over = GexInputs.From(null).Resolve(chain, new GexOverrides(Spot: 501, Rate: 0.05, DividendYield: 0.02, AsOfTime: new TimeOnly(15, 0)));
        (over.Spot, over.Parameters.Rate, over.Parameters.DividendYield, over.Parameters.ValuationTime).ShouldBe((501.0, 0.05, 0.02, new TimeOnly(15, 0)));
    }

    [Fact]
    public void PanelColumns_ComeFromThePreviousDaysIwmChainOnly_NeverTheProxy()
    {
        Import("IWM.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n2026-07-17,290,291,289,290,290,1\n2026-07-20,292,293,291,292.2,292.2,1\n2026-07-21,293,294,292,293,293,1\n2026-07-22,293,294,292,293.5,293.5,1\n");
        Import("DIX.csv", "date,price,dix,gex\n2026-07-17,5000,0.4,1e9\n2026-07-20,5000,0.4,2e9\n2026-07-21,5000,0.4,3e9\n2026-07-22,5000,0.4,4e9\n");
        Import("eod.csv", ChainCsv("2026-07-20", 292.2, 200));

        var panel = IwmDesk.Panel.PanelBuilder.Build(_store);
        var row = GexHistory.Build(_store).Single();

        var i = Array.IndexOf(panel.Dates, Day);
        double.IsNaN(panel.TryGet("iwm_gex")![i]).ShouldBeTrue("D's own end-of-day chain is published after D's close");
        panel.TryGet("gex")![i].ShouldBe(1e9, "the SPX proxy of the day before fills gex ...");
        panel.GexSource[i].ShouldBe("SPX_GEX proxy", "... but never iwm_gex");
        panel.TryGet("iwm_gex")![i + 1].ShouldBe(row.TotalGex);
        panel.TryGet("gex_flip")![i + 1].ShouldBe(row.Flip ?? double.NaN);
        panel.TryGet("dist_to_flip")![i + 1].ShouldBe(row.DistToFlipPct ?? double.NaN);
        panel.TryGet("call_wall")![i + 1].ShouldBe(300);
        panel.TryGet("put_wall")![i + 1].ShouldBe(290);
        double.IsNaN(panel.TryGet("iwm_gex")![i + 2]).ShouldBeTrue("only the previous day's chain, not an older one");
    }
}
