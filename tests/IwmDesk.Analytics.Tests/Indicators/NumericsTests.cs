using IwmDesk.Analytics.Indicators;

namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>The running sums stay accurate where naive ones lose digits (see docs/indicators.md, "Numerics").</summary>
public sealed class NumericsTests
{
    /// <summary>Against a careful two-pass computation; far tighter than the 1e-9 reference tolerance.</summary>
    private const double Tight = 1e-12;

    [Fact]
    public void Sma_AfterHugeValuesLeaveTheWindow_MatchesTwoPass()
    {
        // 5,000 bars near 1e8, then 5,000 near 1: add-new/subtract-old alone would keep ~1e-7 of error from the
        // big values in the small sums; the periodic rebuild removes it.
        var rng = new Random(3);
        var x = new double[10_000];
        for (int i = 0; i < x.Length; i++)
            x[i] = (i < 5000 ? 1e8 : 1.0) * (1 + (0.01 * rng.NextDouble()));
        var sma = Sma.Compute(x, 20);
        for (int t = 9000; t < x.Length; t++)
        {
            double sum = 0;
            for (int k = t - 19; k <= t; k++)
                sum += x[k];
            sma[t].ShouldBe(sum / 20, Tight * Math.Abs(sum / 20));
        }
    }

    [Fact]
    public void Bollinger_LargeLevelSmallSpread_MatchesShiftedTwoPass()
    {
        // Prices near 1e6 moving by about 1e-3: E[x²] − mean² (as TA-Lib and Tulip compute it) loses ~12 of 16
        // digits here; the shifted sums do not. The bands themselves sit at 1e6, so they are checked to a few ulps
        // there and %B, which carries the spread's digits, to 1e-9.
        var rng = new Random(5);
        var x = new double[3000];
        for (int i = 0; i < x.Length; i++)
            x[i] = 1e6 + (0.001 * rng.NextDouble());
        var r = Bollinger.Compute(x, 20, 2.0);
        for (int t = 19; t < x.Length; t++)
        {
            var (mean, sd) = TwoPassMeanAndPopulationSd(x.AsSpan(t - 19, 20));
            r.Middle[t].ShouldBe(mean, 1e-15 * mean);
            r.Upper[t].ShouldBe(mean + (2 * sd), 1e-15 * mean);
            r.PercentB[t].ShouldBe(0.5 + ((x[t] - mean) / (4 * sd)), 1e-9);
        }
    }

    [Fact]
    public void RollingCorrelation_LongSeriesWithRegimeChanges_MatchesTwoPass()
    {
        var rng = new Random(11);
        int n = 50_000;
        double[] a = new double[n], b = new double[n];
        a[0] = b[0] = 100;
        for (int i = 1; i < n; i++)
        {
            double scale = (i / 5000) % 2 == 0 ? 0.05 : 1e-5; // alternate wild and nearly flat regimes
            double e = (rng.NextDouble() - 0.5) * scale;
            a[i] = a[i - 1] * (1 + e);
            b[i] = b[i - 1] * (1 + (0.5 * e) + ((rng.NextDouble() - 0.5) * scale));
        }
        var c = RollingCorrelation.Compute(a, b, 60);
        for (int t = 60; t < n; t += 97)
        {
            double expected = TwoPassReturnCorrelation(a, b, t, 60);
            c[t].ShouldBe(expected, Tight);
        }
    }

    private static (double Mean, double Sd) TwoPassMeanAndPopulationSd(ReadOnlySpan<double> w)
    {
        double x0 = w[0], mean = 0, ss = 0;
        foreach (double v in w)
            mean += v - x0; // exact differences: all values are within a factor 2 of each other
        mean /= w.Length;
        foreach (double v in w)
            ss += (v - x0 - mean) * (v - x0 - mean);
        return (x0 + mean, Math.Sqrt(ss / w.Length));
    }

    private static double TwoPassReturnCorrelation(double[] a, double[] b, int t, int window)
    {
        double[] x = new double[window], y = new double[window];
        for (int j = 0; j < window; j++)
        {
            int k = t - window + 1 + j;
            x[j] = (a[k] / a[k - 1]) - 1;
            y[j] = (b[k] / b[k - 1]) - 1;
        }
        double mx = x.Average(), my = y.Average(), sxx = 0, syy = 0, sxy = 0;
        for (int j = 0; j < window; j++)
        {
            sxx += (x[j] - mx) * (x[j] - mx);
            syy += (y[j] - my) * (y[j] - my);
            sxy += (x[j] - mx) * (y[j] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
