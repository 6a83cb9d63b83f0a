namespace IwmDesk.Analytics.Statistics;

/// <summary>
/// Pearson correlation of two aligned series and a block-bootstrap interval of the difference of two correlations with
/// a common third series (e.g. corr(IWM, dollar) − corr(SPY, dollar) over the same days), so daily returns that
/// cluster in volatility regimes are resampled in whole blocks instead of as independent draws.
/// </summary>
public static class Correlation
{
    /// <summary>Pearson correlation of two equally long series; NaN when shorter than 3 or either is constant.</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"{x.Length} x values but {y.Length} y values", nameof(y));
        var n = x.Length;
        if (n < 3)
            return double.NaN;
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>
    /// corr(a, y) − corr(b, y) with its block-bootstrap 95% percentile interval: each resample draws whole circular
    /// blocks of consecutive days (the same days for a, b and y) from <paramref name="plan"/> and recomputes both
    /// correlations from running sums; O(resamples × days), no allocation per resample.
    /// </summary>
    public static (double Difference, double Low, double High) DifferenceInterval(
        BlockBootstrapPlan plan, ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var t = y.Length;
        if (a.Length != t || b.Length != t)
            throw new ArgumentException($"series of {a.Length}, {b.Length} and {t} values", nameof(y));
        if (t > plan.MaxDays)
            throw new ArgumentException($"the plan serves at most {plan.MaxDays} days; got {t}", nameof(y));
        var point = Pearson(a, y) - Pearson(b, y);
        if (t < 3 || double.IsNaN(point))
            return (point, double.NaN, double.NaN);

        // Prefix sums of the eight moments, so a block's contribution is one subtraction each.
        var p = new double[8 * (t + 1)];
        for (var i = 0; i < t; i++)
        {
            var o = 8 * i;
            var n = o + 8;
            p[n] = p[o] + a[i];
            p[n + 1] = p[o + 1] + b[i];
            p[n + 2] = p[o + 2] + y[i];
            p[n + 3] = p[o + 3] + (a[i] * a[i]);
            p[n + 4] = p[o + 4] + (b[i] * b[i]);
            p[n + 5] = p[o + 5] + (y[i] * y[i]);
            p[n + 6] = p[o + 6] + (a[i] * y[i]);
            p[n + 7] = p[o + 7] + (b[i] * y[i]);
        }

        var bl = plan.BlockLength;
        var blocks = (t + bl - 1) / bl;
        var values = new double[plan.Resamples];
        var used = 0;
        Span<double> s = stackalloc double[8];
        for (var k = 0; k < plan.Resamples; k++)
        {
            s.Clear();
            foreach (var draw in plan.Draws(k)[..blocks])
            {
                var start = BlockBootstrapPlan.Start(draw, t);
                var end = start + bl;
                if (end <= t)
                {
                    Add(s, p, start, end, 1);
                }
                else
                {
                    // A block that runs past the last day wraps to the first (circular block bootstrap).
                    var turns = (end - 1) / t;
                    var rest = end - (turns * t);
                    Add(s, p, start, t, 1);
                    if (turns > 1)
                        Add(s, p, 0, t, turns - 1);
                    Add(s, p, 0, rest, 1);
                }
            }

            double m = blocks * bl;
            var ra = Corr(m, s[0], s[2], s[3], s[5], s[6]);
            var rb = Corr(m, s[1], s[2], s[4], s[5], s[7]);
            var d = ra - rb;
            if (!double.IsNaN(d))
                values[used++] = d;
        }

        if (used == 0)
            return (point, double.NaN, double.NaN);
        var (low, high) = BlockBootstrap.Interval95(values.AsSpan(0, used));
        return (point, low, high);
    }

    private static void Add(Span<double> s, double[] p, int from, int to, int times)
    {
        for (var j = 0; j < 8; j++)
            s[j] += times * (p[(8 * to) + j] - p[(8 * from) + j]);
    }

    private static double Corr(double n, double sx, double sy, double sxx, double syy, double sxy)
    {
        var cov = sxy - (sx * sy / n);
        var vx = sxx - (sx * sx / n);
        var vy = syy - (sy * sy / n);
        return vx > 0 && vy > 0 ? cov / Math.Sqrt(vx * vy) : double.NaN;
    }
}
