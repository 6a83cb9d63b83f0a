using System.Globalization;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Testing;
using IwmDesk.Tests.Data;

namespace IwmDesk.Tests.Panel;

/// <summary>
/// RVX on the real files: the import row count, and the panel's rvx, iv_rank and iv_rv_spread against an independent
/// computation from the raw RVX_History.csv and IWM_daily.csv (docs/methodology.md, implied volatility).
/// </summary>
public sealed class ImpliedVolatilityRealDataTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [RealDataFact]
    public void Rvx_RealFiles_ImportsEveryRow_AndTheSpreadMatchesAnIndependentComputation()
    {
        using var store = StoreTestKit.NewStore(out _);
        var rvxImport = DataImporter.ImportFile(store, TestData.Real("RVX_History.csv"));
        rvxImport.StoredAs.ShouldContain("RVX");
        rvxImport.Counts.Added.ShouldBe(3949);
        DataImporter.ImportFile(store, TestData.Real("IWM_daily.csv"));
        var panel = PanelBuilder.Build(store);

        // Independent: RVX closes by date from the raw CBOE file (MM/DD/YYYY), IWM adjusted closes from the raw Yahoo file.
        var rvx = new SortedDictionary<DateOnly, double>();
        foreach (var line in File.ReadLines(TestData.Real("RVX_History.csv")).Skip(1).Where(l => l.Trim().Length > 0))
        {
            var f = line.Split(',');
            rvx[DateOnly.ParseExact(f[0], "MM/dd/yyyy", Inv)] = double.Parse(f[4], Inv);
        }

        var iwmLines = File.ReadLines(TestData.Real("IWM_daily.csv")).ToList();
        var header = iwmLines[0].Split(',').Select(h => h.Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToList();
        var iDate = header.IndexOf("DATE");
        var iAdj = header.IndexOf("ADJCLOSE");
        var iClose = header.IndexOf("CLOSE");
        var dates = new List<DateOnly>();
        var adj = new List<double>();
        foreach (var line in iwmLines.Skip(1).Where(l => l.Trim().Length > 0))
        {
            var f = line.Split(',');
            dates.Add(DateOnly.ParseExact(f[iDate][..10], "yyyy-MM-dd", Inv));
            adj.Add(double.Parse(iAdj >= 0 && f[iAdj].Length > 0 ? f[iAdj] : f[iClose], Inv));
        }

        panel.Dates.ShouldBe(dates.ToArray());
        var spread = panel[PanelColumns.IvRvSpread];
        var rank = panel[PanelColumns.IvRank];
        var rvxKeys = rvx.Keys.ToArray();
        var aligned = new double[dates.Count];
        int defined = 0, ranked = 0;
        for (var i = 0; i < dates.Count; i++)
        {
            // RVX: the last close dated on or before the IWM date, at most 10 calendar days old (the VIX rule: known at the close).
            var k = Array.BinarySearch(rvxKeys, dates[i]);
            k = k >= 0 ? k : ~k - 1;
            aligned[i] = k >= 0 && dates[i].DayNumber - rvxKeys[k].DayNumber <= 10 ? rvx[rvxKeys[k]] : double.NaN;

            // rv20: √252 × sample sd (÷ 19) of the last 20 log returns of the adjusted close, × 100 (volatility points).
            var rv20 = double.NaN;
            if (i >= 20)
            {
                var r = new double[20];
                for (var j = 0; j < 20; j++)
                    r[j] = Math.Log(adj[i - 19 + j] / adj[i - 20 + j]);
                var mean = r.Average();
                rv20 = Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / 19 * 252) * 100;
            }

            var expected = aligned[i] - rv20;
            if (double.IsNaN(expected))
            {
                double.IsNaN(spread[i]).ShouldBeTrue($"{dates[i]:yyyy-MM-dd}: no RVX or rv20, so no spread");
                continue;
            }

            defined++;
            spread[i].ShouldBe(expected, 1e-9, $"{dates[i]:yyyy-MM-dd}");

            // iv_rank: 100 × (others of the 252-day window strictly below today) / 251, n/a until 252 values.
            var window = i >= 251 ? aligned[(i - 251)..(i + 1)] : null;
            if (window is null || window.Any(double.IsNaN))
            {
                double.IsNaN(rank[i]).ShouldBeTrue($"{dates[i]:yyyy-MM-dd}: fewer than 252 RVX values");
                continue;
            }

            ranked++;
            rank[i].ShouldBe(100.0 * window.Count(v => v < aligned[i]) / 251, 1e-9, $"{dates[i]:yyyy-MM-dd}");
        }

        defined.ShouldBeGreaterThan(3900, "RVX spans 2009-09-16 .. 2025-06-04");
        ranked.ShouldBeGreaterThan(3650);
        var rvxColumn = panel[PanelColumns.Rvx];
        for (var i = 0; i < dates.Count; i++)
        {
            if (double.IsNaN(aligned[i]))
                double.IsNaN(rvxColumn[i]).ShouldBeTrue($"{dates[i]:yyyy-MM-dd}");
            else
                rvxColumn[i].ShouldBe(aligned[i], $"{dates[i]:yyyy-MM-dd}");
        }
    }
}
