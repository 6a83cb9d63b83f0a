using IwmDesk.Analytics.Statistics;

namespace IwmDesk.Analytics.Tests.Statistics;

public class IsotonicTests
{
    [Fact]
    public void Fit_PoolsAdjacentViolators_HandComputed()
    {
        // Sorted by p: 0.1→0, 0.2→1, 0.3→0, 0.4→1, 0.5→1. The pair (0.2: 1, 0.3: 0) violates order and pools to 0.5.
        double[] p = [0.3, 0.1, 0.5, 0.2, 0.4];
        double[] y = [0, 0, 1, 1, 1];
        var map = Isotonic.Fit(p, y);
        map.N.ShouldBe(5);
        map.Value.ShouldBe([0, 0.5, 1]);
        map.Upper.ShouldBe([0.1, 0.3, 0.5]);
        map.Apply(0.05).ShouldBe(0);
        map.Apply(0.25).ShouldBe(0.5);
        map.Apply(0.3).ShouldBe(0.5);
        map.Apply(0.45).ShouldBe(1);
        map.Apply(0.9).ShouldBe(1);
        double.IsNaN(map.Apply(double.NaN)).ShouldBeTrue();
    }

    [Fact]
    public void Fit_IsMonotone_AndBeatsOrTiesTheRawProbabilitiesInSample()
    {
        // Over-confident raw probabilities: the truth is 0.5 + (p − 0.5) / 3.
        var rng = new Random(11);
        var p = new double[2000];
        var y = new double[2000];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = Math.Round(rng.NextDouble(), 2);
            y[i] = rng.NextDouble() < 0.5 + ((p[i] - 0.5) / 3) ? 1 : 0;
        }

        var map = Isotonic.Fit(p, y);
        for (var k = 1; k < map.Value.Count; k++)
        {
            map.Value[k].ShouldBeGreaterThanOrEqualTo(map.Value[k - 1]);
            map.Upper[k].ShouldBeGreaterThan(map.Upper[k - 1]);
        }

        double raw = 0, cal = 0;
        for (var i = 0; i < p.Length; i++)
        {
            raw += (p[i] - y[i]) * (p[i] - y[i]);
            cal += (map.Apply(p[i]) - y[i]) * (map.Apply(p[i]) - y[i]);
        }

        cal.ShouldBeLessThan(raw * 0.9);
        map.Apply(0.95).ShouldBeLessThan(0.9);
    }

    [Fact]
    public void Interval95_EqualsTheQuantilesOfTheSortedValues()
    {
        var rng = new Random(5);
        foreach (var n in new[] { 1, 2, 3, 40, 1999, 2000 })
        {
            var v = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 2)).ToArray();
            var sorted = v.Order().ToArray();
            var (lo, hi) = BlockBootstrap.Interval95(v);
            lo.ShouldBe(BlockBootstrap.Quantile(sorted, 0.025), 1e-15);
            hi.ShouldBe(BlockBootstrap.Quantile(sorted, 0.975), 1e-15);
        }
    }

    [Fact]
    public void NeweyWestT_OnAMask_EqualsTheBoolVersion()
    {
        var rng = new Random(3);
        var r = Enumerable.Range(0, 500).Select(i => i % 37 == 0 ? double.NaN : rng.NextDouble() - 0.48).ToArray();
        var mask = r.Select(_ => (sbyte)(rng.Next(3) - 1)).ToArray();
        var sig = mask.Select(m => m == 1).ToArray();
        Dependence.NeweyWestT(r, mask, 1, 0.01, 6).ShouldBe(Dependence.NeweyWestT(r, sig, 0.01, 6));
    }
}
