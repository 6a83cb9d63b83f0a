using IwmDesk.Analysts;
using IwmDesk.Data.Formats;
using IwmDesk.Panel;
using IwmDesk.Tests.Data;
using IwmDesk.Tests.Workflow;

namespace IwmDesk.Tests.Panel;

/// <summary>RVX from either source, rv20 in volatility points, and the readings that use them (hand-made files).</summary>
public sealed class ImpliedVolatilityTests
{
    [Fact]
    public void FredRvxcls_IsStoredAsSeriesRvx_LikeTheCboeFile()
    {
        using var store = StoreTestKit.NewStore(out var dir);
        var fred = DataImporter.ImportFile(store, StoreTestKit.Write(dir, "fred.csv", "observation_date,RVXCLS\n2025-06-02,23.10\n2025-06-03,.\n2025-06-04,23.45\n"));
        fred.StoredAs.ShouldBe("series RVX");
        var generic = DataImporter.ImportFile(store, StoreTestKit.Write(dir, "FRED_RVXCLS.csv", "DATE,VALUE\n2025-06-05,24.00\n"));
        generic.StoredAs.ShouldBe("series RVX");
        var cboe = DataImporter.ImportFile(store, StoreTestKit.Write(dir, "RVX_History.csv", "DATE,OPEN,HIGH,LOW,CLOSE\n06/04/2025,23.420000,24.320000,23.080000,23.450000\n"));
        cboe.StoredAs.ShouldBe("series RVX");
        cboe.Counts.Unchanged.ShouldBe(0, "the CBOE row carries OHLC, FRED's only the close");
        store.LoadSeries("RVX").Close.ShouldBe([23.10, 23.45, 24.00]);
    }

    [Theory]
    [InlineData(24.0, 18.0, ImpliedVsRealised.Rich)]
    [InlineData(23.0, 18.0, ImpliedVsRealised.Normal)]
    [InlineData(18.0, 18.0, ImpliedVsRealised.Normal)]
    [InlineData(17.9, 18.0, ImpliedVsRealised.Cheap)]
    [InlineData(double.NaN, 18.0, ImpliedVsRealised.NotAvailable)]
    public void HedgingDemand_ReadsTheDocumentedThresholds(double rvx, double rv20, string reading)
    {
        var v = ImpliedVsRealised.Of(rvx, rv20);
        v.Reading.ShouldBe(reading);
        if (reading == ImpliedVsRealised.Rich)
            v.Text().ShouldBe("RVX 24.00 − rv20 18.00 = +6.00 vol points: implied rich: heavy hedging demand (a fear premium) (> +5)");
    }

    [Fact]
    public void FlowContext_IvRank_FromRvxWhenTheRowHasIt_ElseTheVixProxyLabelledSo()
    {
        var full = TestPanels.Full(300);
        var cols = full.ColumnNames.Where(c => c is not PanelColumns.Rvx and not PanelColumns.IvRvSpread).ToDictionary(c => c, c => full[c], StringComparer.Ordinal);
        var withoutRvx = TestPanels.Make(full.Dates, cols);
        var noRvx = FlowContext.FromPanel(withoutRvx, withoutRvx.Dates[^1]);
        noRvx.IvRankSource.ShouldBe(FlowContext.VixProxyNoRvx);
        double.IsFinite(noRvx.IvRank).ShouldBeTrue();

        cols[PanelColumns.Rvx] = TestPanels.Const(300, 22);
        cols[PanelColumns.IvRank] = TestPanels.Series(300, t => t < 251 ? double.NaN : 34);
        var with = TestPanels.Make(full.Dates, cols);
        var ctx = FlowContext.FromPanel(with, with.Dates[^1]);
        ctx.IvRank.ShouldBe(34);
        ctx.IvRankSource.ShouldBe(FlowContext.FromRvx);
        FlowContext.FromPanel(with, with.Dates[260]).IvRankSource.ShouldBe(FlowContext.FromRvx);
        FlowContext.FromPanel(with, with.Dates[100]).IvRankSource.ShouldBe(FlowContext.VixProxyShortRvx);
    }
}
