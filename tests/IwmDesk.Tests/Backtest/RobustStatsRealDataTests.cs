using System.Globalization;
using IwmDesk.Backtest;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;
using IwmDesk.Tests.Forecast;

namespace IwmDesk.Tests.Backtest;

/// <summary>
/// The dependence-aware figures on the real full history, checked against a recomputation from the raw files that
/// shares no code with the library: plain CSV parsing, the documented availability rule, and the Newey–West and
/// non-overlap formulas written out here.
/// </summary>
public class RobustStatsRealDataTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly Lazy<string> GexStore = new(() =>
    {
        // IWM, VIX and DIX only: without IWM chains, gex is SqueezeMetrics' SPX GEX on every day.
        var path = Path.Combine(TestData.TempDir(), "gex.db");
        using var store = MarketStore.Open(path);
        foreach (var f in new[] { "IWM_daily.csv", "VIX_History.csv", "DIX.csv" })
            DataImporter.ImportFile(store, TestData.Real(f));
        return path;
    });

    [RealDataTheory]
    [InlineData("GEX_Negative", false)]
    [InlineData("Negative_GEX_AND_High_VIX", true)]
    public void NonOverlapAndNeweyWest_MatchAnIndependentRecomputation(string ruleName, bool needsVix)
    {
        const int h = 5;
        var iwm = Read("IWM_daily.csv", "yyyy-MM-dd", 5);
        var vix = Read("VIX_History.csv", "MM/dd/yyyy", 4);
        var gex = Read("DIX.csv", "yyyy-MM-dd", 3);
        var dates = iwm.Keys.Order().ToArray();
        var adj = dates.Select(d => iwm[d]).ToArray();
        var n = dates.Length;

        // The signal on row i, from values known by the close of dates[i] (docs/backtest.md, publication times):
        // VIX closes with the market (last value on or before D, at most 10 days old); SqueezeMetrics publishes a
        // day's GEX after the close, so row D sees the last GEX dated before D, at most 10 days after it was published
        // (published = the first IWM trading day after its date).
        var vixDates = vix.Keys.Order().ToArray();
        var gexDates = gex.Keys.Order().ToArray();
        var signal = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var g = LastKnown(gexDates, gex, dates, i, afterClose: true);
            var v = LastKnown(vixDates, vix, dates, i, afterClose: false);
            signal[i] = !double.IsNaN(g) && g < 0 && (!needsVix || (!double.IsNaN(v) && v >= 20));
        }

        var r = new double[n];
        for (var i = 0; i < n; i++)
            r[i] = i + h < n ? (adj[i + h] / adj[i]) - 1 : double.NaN;
        var baseMean = r.Where(x => !double.IsNaN(x)).Average();

        // Greedy non-overlapping subsample.
        var taken = new List<double>();
        var next = 0;
        for (var i = 0; i < n; i++)
        {
            if (i >= next && signal[i] && !double.IsNaN(r[i]))
            {
                taken.Add(r[i]);
                next = i + h;
            }
        }

        // Newey–West t of the mean excess return, Bartlett weights, calendar-time lags L = max(h − 1, ⌊4 (T/100)^(2/9)⌋).
        var lags = Math.Max(h - 1, (int)Math.Floor(4 * Math.Pow(n / 100.0, 2.0 / 9.0)));
        var idx = Enumerable.Range(0, n).Where(i => signal[i] && !double.IsNaN(r[i])).ToArray();
        var ebar = idx.Average(i => r[i] - baseMean);
        double s = 0;
        foreach (var i in idx)
        {
            foreach (var j in idx)
            {
                var l = Math.Abs(i - j);
                if (l <= lags)
                    s += (1 - (l / (lags + 1.0))) * (r[i] - baseMean - ebar) * (r[j] - baseMean - ebar);
            }
        }

        var tNw = ebar / (Math.Sqrt(s) / idx.Length);

        using var store = MarketStore.Open(GexStore.Value);
        var panel = PanelBuilder.Build(store);
        panel.Dates.ShouldBe(dates);
        var stats = BacktestEngine.Run(panel, RuleSet.Default(), new BacktestOptions { Horizons = [h] }).Single(x => x.Signal == ruleName);
        stats.N.ShouldBe(idx.Length);
        stats.NwLags.ShouldBe(lags);
        stats.NNonoverlap.ShouldBe(taken.Count);
        stats.WinRateNonoverlap.ShouldBe(taken.Count(x => x > 0) / (double)taken.Count, 1e-12);
        stats.MeanNonoverlap.ShouldBe(taken.Average(), 1e-12);
        stats.TNw.ShouldBe(tNw, 1e-9);

        // The naive t treats overlapping windows as independent; the robust one must not exceed it here.
        Math.Abs(stats.TNw).ShouldBeLessThan(Math.Abs(stats.TStat));
    }

    [RealDataFact]
    public void QuotedClaims_AreOverstated_AndNoEdgeWithALiftIntervalIncludingZero()
    {
        using var store = MarketStore.Open(RealStore.Path);
        var panel = PanelBuilder.Build(store);
        var stats = BacktestEngine.Run(panel, RuleSet.Default());
        RuleHorizonStats Row(string name, int h) => stats.Single(s => s.Signal == name && s.Horizon == h);

        // 86% / +2.67%, 72% / +1.62%, +0.65%.
        Row("Negative_GEX_AND_High_VIX", 5).ClaimVerdict.ShouldBe(ClaimVerdict.Overstated);
        Row("Golden_Setup", 5).ClaimVerdict.ShouldBe(ClaimVerdict.Overstated);
        Row("RSI_Extreme", 5).ClaimVerdict.ShouldBe(ClaimVerdict.Overstated);
        Row("Negative_GEX_AND_High_VIX", 5).ClaimReason.ShouldContain("86.0%");
        Row("Negative_GEX_AND_High_VIX", 5).ClaimReason.ShouldContain("+2.67%");
        Row("Golden_Setup", 5).ClaimReason.ShouldContain("+1.62%");
        Row("RSI_Extreme", 5).ClaimReason.ShouldContain("+0.65%");

        foreach (var s in stats)
        {
            s.NEff.ShouldBeLessThanOrEqualTo(s.N);
            if (s.Verdict == EdgeVerdict.Edge)
            {
                s.LiftCiLow.ShouldBeGreaterThan(0, s.Signal);
                s.PAdjusted.ShouldBeLessThan(0.05, s.Signal);
            }

            // Verdicts only at claimed horizons; the Holm family is exactly the judged rows with enough cases.
            (s.Verdict is not null).ShouldBe(s.Judged);
            if (!s.Judged)
                double.IsNaN(s.PAdjusted).ShouldBeTrue();
        }

        var family = stats.Count(s => !double.IsNaN(s.PAdjusted));
        family.ShouldBe(stats.Count(s => s.Judged && s.Verdict is not EdgeVerdict.TooFewCases and not EdgeVerdict.NoData));
    }

    /// <summary>Value of the series on IWM row i from what is known by the close of dates[i].</summary>
    private static double LastKnown(DateOnly[] seriesDates, Dictionary<DateOnly, double> values, DateOnly[] dates, int i, bool afterClose)
    {
        var d = dates[i];
        for (var k = seriesDates.Length - 1; k >= 0; k--)
        {
            var sd = seriesDates[k];
            if (afterClose ? sd >= d : sd > d)
                continue;

            // Known from: its own date (at the close), or the first IWM date after it (published after the close).
            var known = afterClose ? dates.First(x => x > sd) : sd;
            return d.DayNumber - known.DayNumber <= 10 ? values[sd] : double.NaN;
        }

        return double.NaN;
    }

    private static Dictionary<DateOnly, double> Read(string file, string format, int column)
    {
        var result = new Dictionary<DateOnly, double>();
        foreach (var line in File.ReadLines(TestData.Real(file)).Skip(1))
        {
            var f = line.TrimEnd('\r').Split(',');
            if (f.Length > column && double.TryParse(f[column], NumberStyles.Float, Inv, out var v))
                result[DateOnly.ParseExact(f[0], format, Inv)] = v;
        }

        return result;
    }
}
