using System.Globalization;
using System.Text;
using IwmDesk.Backtest;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;
using IwmDesk.Tests.Forecast;

namespace IwmDesk.Tests.Backtest;

/// <summary>Each input reaches the panel row of D only if it is published by D's close (docs/backtest.md).</summary>
public class PublicationTimeTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Ten weekdays of IWM from Mon 2024-03-04; every other series carries a value on every day, unique per day.</summary>
    private static FeaturePanel Panel(bool asDated)
    {
        var dir = TestData.TempDir();
        var days = Enumerable.Range(0, 14).Select(i => new DateOnly(2024, 3, 4).AddDays(i)).Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday).ToArray();
        var iwm = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        var vix = new StringBuilder("DATE,OPEN,HIGH,LOW,CLOSE\n");
        var dgs10 = new StringBuilder("date,DGS10\n");
        var dix = new StringBuilder("date,price,dix,gex\n");
        var finra = new StringBuilder("Date|Symbol|ShortVolume|ShortExemptVolume|TotalVolume|Market\n");
        for (var i = 0; i < days.Length; i++)
        {
            var d = days[i];
            iwm.Append(Inv, $"{d:yyyy-MM-dd},{200 + i},{201 + i},{199 + i},{200 + i},{200 + i},1000\n");
            vix.Append(Inv, $"{d:MM/dd/yyyy},{20 + i},{20 + i},{20 + i},{20 + i}\n");
            dgs10.Append(Inv, $"{d:yyyy-MM-dd},{4 + (i / 100.0)}\n");
            dix.Append(Inv, $"{d:yyyy-MM-dd},5000,0.4,{1e9 * (i + 1)}\n");
            finra.Append(Inv, $"{d:yyyyMMdd}|IWM|{1000 + i}|0|3000|Q\n");
        }

        string Write(string name, StringBuilder text)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, text.ToString());
            return path;
        }

        using var store = MarketStore.Open(Path.Combine(dir, "store.db"));
        foreach (var f in new[]
        {
            Write("IWM_daily.csv", iwm), Write("VIX_History.csv", vix), Write("FRED_DGS10.csv", dgs10), Write("DIX.csv", dix),
            Write("finra_shvol_IWM_TRF_2024.txt", finra),
        })
        {
            DataImporter.ImportFile(store, f);
        }

        return PanelBuilder.Build(store, new PanelOptions { AsDated = asDated });
    }

    [Fact]
    public void ValuesPublishedAfterTheClose_NeverReachTheRowOfTheirDate()
    {
        var p = Panel(asDated: false);
        var n = p.Count;
        n.ShouldBe(10);
        for (var i = 0; i < n; i++)
        {
            // Known at the close: IWM and VIX of the same day.
            p[PanelColumns.Close][i].ShouldBe(200 + i);
            p[PanelColumns.Vix][i].ShouldBe(20 + i);

            // After the close of D (SqueezeMetrics, FINRA): first on the row of the next trading day.
            if (i == 0)
            {
                double.IsNaN(p[PanelColumns.Gex][i]).ShouldBeTrue();
                double.IsNaN(p[PanelColumns.DpRatio][i]).ShouldBeTrue();
            }
            else
            {
                p[PanelColumns.Gex][i].ShouldBe(1e9 * i); // the GEX dated D−1
                p[PanelColumns.DpRatio][i].ShouldBe((1000.0 + i - 1) / (3000 - (1000.0 + i - 1)), 1e-12);
            }

            // FRED (published the next business day, after the close): the value dated D reaches row D+2 at the earliest.
            if (i < 2)
                double.IsNaN(p[PanelColumns.Dgs10][i]).ShouldBeTrue();
            else
                p[PanelColumns.Dgs10][i].ShouldBe(4 + ((i - 2) / 100.0), 1e-12);
        }

        // The old view puts every value on its own date.
        var dated = Panel(asDated: true);
        dated[PanelColumns.Gex][3].ShouldBe(4e9);
        dated[PanelColumns.Dgs10][3].ShouldBe(4.03, 1e-12);
    }

    [Fact]
    public void AvailableFrom_FollowsEachRule()
    {
        DateOnly[] dates = [new(2024, 3, 28), new(2024, 4, 1), new(2024, 4, 2), new(2024, 4, 3), new(2024, 4, 10)]; // Good Friday skipped
        var thu = new DateOnly(2024, 3, 28);
        PanelBuilder.AvailableFrom(thu, Availability.AtClose, dates).ShouldBe(thu);
        PanelBuilder.AvailableFrom(thu, Availability.AfterClose, dates).ShouldBe(new DateOnly(2024, 4, 1));
        PanelBuilder.AvailableFrom(thu, Availability.NextDayAfterClose, dates).ShouldBe(new DateOnly(2024, 4, 2));
        PanelBuilder.AvailableFrom(thu, Availability.Weekly, dates).ShouldBe(new DateOnly(2024, 4, 10));
        PanelBuilder.AvailableFrom(new DateOnly(2024, 4, 10), Availability.AfterClose, dates).ShouldBe(DateOnly.MaxValue);
        PanelBuilder.AvailabilityOf("DGS10").ShouldBe(Availability.NextDayAfterClose);
        PanelBuilder.AvailabilityOf("SPX_GEX").ShouldBe(Availability.AfterClose);
        PanelBuilder.AvailabilityOf("IWM short volume").ShouldBe(Availability.AfterClose);
        PanelBuilder.AvailabilityOf("VIX").ShouldBe(Availability.AtClose);
    }

    [RealDataFact]
    public void PublicationRule_ChangesTheDarkPoolRulesStatistics_OnTheRealFiles()
    {
        using var store = MarketStore.Open(RealStore.Path);
        var rules = RuleSet.Default();
        var tradable = BacktestEngine.Run(PanelBuilder.Build(store), rules).Where(s => s.Signal == "DarkPool_Bullish").ToList();
        var asDated = BacktestEngine.Run(PanelBuilder.Build(store, new PanelOptions { AsDated = true }), rules).Where(s => s.Signal == "DarkPool_Bullish").ToList();
        foreach (var h in new[] { 1, 5 })
        {
            var a = tradable.Single(s => s.Horizon == h);
            var b = asDated.Single(s => s.Horizon == h);
            a.N.ShouldBeGreaterThan(1000);
            a.WinRate.ShouldNotBe(b.WinRate);
            a.Mean.ShouldNotBe(b.Mean);
        }

        // The 1-day edge measured as if FINRA's evening file were known at that day's close shrinks once it is not.
        var one = tradable.Single(s => s.Horizon == 1);
        var oneDated = asDated.Single(s => s.Horizon == 1);
        one.Lift.ShouldBeLessThan(oneDated.Lift);
    }
}
