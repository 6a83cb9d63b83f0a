using IwmDesk.Analytics.Statistics;

namespace IwmDesk.Analytics.Tests.Statistics;

public sealed class CorrelationTests
{
    private static (double[] A, double[] B, double[] Y) Series(int n, double ka, double kb, int seed)
    {
        var rng = new Random(seed);
        double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var a = new double[n];
        var b = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = G();
            a[i] = (ka * y[i]) + G();
            b[i] = (kb * y[i]) + G();
        }

        return (a, b, y);
    }

    [Fact]
    public void Pearson_MatchesMathNet()
    {
        var (a, _, y) = Series(500, -0.4, 0, 1);
        Correlation.Pearson(a, y).ShouldBe(MathNet.Numerics.Statistics.Correlation.Pearson(a, y), 1e-12);
        Correlation.Pearson([1, 2], [3, 4]).ShouldBe(double.NaN);
        Correlation.Pearson([1, 1, 1], [3, 4, 5]).ShouldBe(double.NaN);
    }

    [Fact]
    public void DifferenceInterval_HoldsThePoint_AndSeparatesAClearDifference()
    {
        var (a, b, y) = Series(2000, -0.6, 0, 2);
        var plan = BlockBootstrapPlan.Create(a.Length, 20, 2000);
        var (d, low, high) = Correlation.DifferenceInterval(plan, a, b, y);
        d.ShouldBe(Correlation.Pearson(a, y) - Correlation.Pearson(b, y), 1e-12);
        low.ShouldBeLessThan(d);
        high.ShouldBeGreaterThan(d);
        high.ShouldBeLessThan(0); // corr(a, y) ≈ −0.51 against ≈ 0

        // Same loading: the interval covers 0.
        var (a2, b2, y2) = Series(2000, -0.3, -0.3, 3);
        var (_, l2, h2) = Correlation.DifferenceInterval(plan, a2, b2, y2);
        l2.ShouldBeLessThan(0);
        h2.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void DifferenceInterval_WidthScalesLikeTheIidStandardError_OnIndependentDays()
    {
        // For independent days the block bootstrap should give about the iid width: a 95% interval ≈ ±1.96·se of the
        // difference of two dependent correlations, se² ≈ (2 − 2ρ_ab(1 − ...))/n; here ρ with y is 0 so se² ≈ 2(1 − ρ_ab)/n.
        var (a, b, y) = Series(4000, 0, 0, 4);
        var plan = BlockBootstrapPlan.Create(a.Length, 20, 2000);
        var (_, low, high) = Correlation.DifferenceInterval(plan, a, b, y);
        var rab = Correlation.Pearson(a, b);
        var se = Math.Sqrt(2 * (1 - rab) / a.Length);
        (high - low).ShouldBeInRange(2 * 1.96 * se * 0.8, 2 * 1.96 * se * 1.2);
    }
}
