using IwmDesk.Analytics.Statistics;

namespace IwmDesk.Analytics.Tests.Statistics;

public class DependenceTests
{
    [Fact]
    public void NeweyWestT_HandComputed()
    {
        // Signal days 0, 1, 3 (day 2 not a signal, day 4 has no window). Baseline mean 0.
        double[] r = [0.02, 0.01, 0.05, -0.01, double.NaN];
        bool[] sig = [true, true, false, true, true];
        // e = (0.02, 0.01, −0.01), ē = 0.02/3; u_i = e_i − ē on days 0, 1, 3.
        var m = 0.02 / 3;
        double u0 = 0.02 - m, u1 = 0.01 - m, u3 = -0.01 - m;
        // L = 2: weights 1 − 1/3 (lag 1: days 1–0), 1 − 2/3 (lag 2: days 3–1); days 3–0 are 3 apart.
        var s = (u0 * u0) + (u1 * u1) + (u3 * u3) + (2 * (2.0 / 3) * u1 * u0) + (2 * (1.0 / 3) * u3 * u1);
        var expected = m / (Math.Sqrt(s) / 3);
        Dependence.NeweyWestT(r, sig, 0, 2).ShouldBe(expected, 1e-12);

        // With no lags it is the mean over √(Σu²)/n, i.e. the iid t scaled by √((n−1)/n).
        var iid = m / (Math.Sqrt((u0 * u0) + (u1 * u1) + (u3 * u3)) / 3);
        Dependence.NeweyWestT(r, sig, 0, 0).ShouldBe(iid, 1e-12);
    }

    [Fact]
    public void NeweyWestT_OverlappingWindows_IsSmallerThanNaive()
    {
        // 5-day overlapping sums of iid noise with a small drift: the naive t overstates, the NW t does not.
        var rng = new Random(7);
        var daily = Enumerable.Range(0, 3000).Select(_ => 0.0005 + (0.01 * (rng.NextDouble() - 0.5))).ToArray();
        var r = new double[daily.Length - 5];
        for (var i = 0; i < r.Length; i++)
            r[i] = daily.Skip(i + 1).Take(5).Sum();
        var sig = r.Select(_ => true).ToArray();
        var naive = Dependence.NeweyWestT(r, sig, 0, 0);
        var nw = Dependence.NeweyWestT(r, sig, 0, Dependence.NeweyWestLags(5, r.Length));
        nw.ShouldBeLessThan(naive * 0.7);
    }

    [Fact]
    public void NeweyWestLags_AtLeastHorizonMinusOne()
    {
        Dependence.NeweyWestLags(5, 100).ShouldBe(4);
        Dependence.NeweyWestLags(1, 5400).ShouldBe((int)Math.Floor(4 * Math.Pow(54, 2.0 / 9)));
        Dependence.NeweyWestLags(20, 5400).ShouldBe(19);
    }

    [Fact]
    public void NonOverlapping_GreedyFromTheFirst()
    {
        double[] r = [0.01, -0.02, 0.03, 0.04, -0.05, 0.06, double.NaN, 0.07];
        bool[] sig = [true, true, true, false, true, true, true, true];
        // h = 2: take 0, skip 1, take 2, (3 no signal), take 4, skip 5, 6 has no window, take 7.
        var (n, wins, mean) = Dependence.NonOverlapping(r, sig, 2);
        n.ShouldBe(4);
        wins.ShouldBe(3);
        mean.ShouldBe((0.01 + 0.03 - 0.05 + 0.07) / 4, 1e-15);
    }

    [Fact]
    public void Bootstrap_MatchesExplicitConcatenationOfBlocks()
    {
        // The prefix-sum kernel against a plain implementation that walks each resampled day.
        var rng = new Random(3);
        var t = 257;
        var r = Enumerable.Range(0, t).Select(i => i % 17 == 0 ? double.NaN : rng.NextDouble() - 0.45).ToArray();
        var sig = Enumerable.Range(0, t).Select(i => (i / 9) % 3 == 0).ToArray();
        var plan = BlockBootstrapPlan.Create(300, 20, 500, 42);
        var got = BlockBootstrap.Run(plan, r, sig, new BootstrapWorkspace());

        var win = new List<double>();
        var mean = new List<double>();
        var lift = new List<double>();
        var rng2 = SplitMixDraws(42, 500, plan.MaxBlocks);
        for (var k = 0; k < 500; k++)
        {
            double sn = 0, sw = 0, ss = 0, bn = 0, bw = 0;
            for (var j = 0; j < (t + 19) / 20; j++)
            {
                var start = (int)(((ulong)rng2[(k * plan.MaxBlocks) + j] * (ulong)t) >> 32);
                for (var d = 0; d < 20; d++)
                {
                    var i = (start + d) % t;
                    if (double.IsNaN(r[i]))
                        continue;
                    bn++;
                    bw += r[i] > 0 ? 1 : 0;
                    if (sig[i])
                    {
                        sn++;
                        sw += r[i] > 0 ? 1 : 0;
                        ss += r[i];
                    }
                }
            }

            if (sn < 1)
                continue;
            win.Add(sw / sn);
            mean.Add(ss / sn);
            lift.Add((sw / sn) - (bw / bn));
        }

        got.Used.ShouldBe(win.Count);
        got.WinLow.ShouldBe(Quantile(win, 0.025), 1e-12);
        got.WinHigh.ShouldBe(Quantile(win, 0.975), 1e-12);
        got.MeanLow.ShouldBe(Quantile(mean, 0.025), 1e-12);
        got.MeanHigh.ShouldBe(Quantile(mean, 0.975), 1e-12);
        got.LiftLow.ShouldBe(Quantile(lift, 0.025), 1e-12);
        got.LiftHigh.ShouldBe(Quantile(lift, 0.975), 1e-12);
    }

    [Fact]
    public void Bootstrap_IsDeterministic_AndSeedMatters()
    {
        var rng = new Random(5);
        var r = Enumerable.Range(0, 1000).Select(_ => rng.NextDouble() - 0.47).ToArray();
        var sig = Enumerable.Range(0, 1000).Select(i => i % 7 < 3).ToArray();
        var a = BlockBootstrap.Run(BlockBootstrapPlan.Create(1000, 20), r, sig, new BootstrapWorkspace());
        var b = BlockBootstrap.Run(BlockBootstrapPlan.Create(5000, 20), r, sig, new BootstrapWorkspace());
        var c = BlockBootstrap.Run(BlockBootstrapPlan.Create(1000, 20, seed: 99), r, sig, new BootstrapWorkspace());
        b.ShouldBe(a); // a plan with room for longer ranges resamples a 1,000-day range the same way
        c.ShouldNotBe(a);
        a.Used.ShouldBe(BlockBootstrapPlan.DefaultResamples);
        var point = r.Where((_, i) => sig[i]).Count(x => x > 0) / (double)sig.Count(x => x);
        point.ShouldBeInRange(a.WinLow, a.WinHigh);
    }

    [Fact]
    public void Bootstrap_ClusteredSignals_WiderThanIid()
    {
        // Signals in long runs with a shared outcome per run: the effective n is far below n.
        var t = 2000;
        var rng = new Random(11);
        var r = new double[t];
        var sig = new bool[t];
        for (var run = 0; run < t / 40; run++)
        {
            var up = rng.NextDouble() < 0.5;
            for (var d = 0; d < 40; d++)
            {
                var i = (run * 40) + d;
                sig[i] = run % 2 == 0;
                r[i] = (up ? 0.01 : -0.01) + (0.001 * (rng.NextDouble() - 0.5));
            }
        }

        var n = sig.Count(x => x);
        var boot = BlockBootstrap.Run(BlockBootstrapPlan.Create(t, 40), r, sig, new BootstrapWorkspace());
        var p = r.Where((_, i) => sig[i]).Count(x => x > 0) / (double)n;
        BlockBootstrap.EffectiveN(p, boot.WinVariance, n).ShouldBeLessThan(n / 10.0);
    }

    [Fact]
    public void DefaultBlockLength_AtLeastHorizonAndAMonth()
    {
        BlockBootstrapPlan.DefaultBlockLength(5, 5400).ShouldBe(20);
        BlockBootstrapPlan.DefaultBlockLength(30, 5400).ShouldBe(30);
        BlockBootstrapPlan.DefaultBlockLength(5, 27000).ShouldBe(30);
    }

    /// <summary>The documented draws: resample r from SplitMix64 started at mix(seed + (r + 1) · 0xD1B54A32D192ED03).</summary>
    private static uint[] SplitMixDraws(ulong seed, int resamples, int perResample)
    {
        static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        var result = new uint[resamples * perResample];
        for (var r = 0; r < resamples; r++)
        {
            var state = Mix(seed + ((ulong)(r + 1) * 0xD1B54A32D192ED03UL));
            for (var j = 0; j < perResample; j++)
                result[(r * perResample) + j] = (uint)(Mix(state += 0x9E3779B97F4A7C15UL) >> 32);
        }

        return result;
    }

    private static double Quantile(List<double> values, double q)
    {
        var s = values.Order().ToArray();
        var h = (s.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + ((h - lo) * (s[hi] - s[lo]));
    }
}
