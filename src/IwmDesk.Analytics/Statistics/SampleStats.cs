using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace IwmDesk.Analytics.Statistics;

/// <summary>Summary of a sample of returns (fractions): size, win rate (share &gt; 0), mean, median, sample std, t-statistic.</summary>
/// <param name="N">Observations.</param>
/// <param name="Wins">Observations strictly above zero.</param>
/// <param name="Mean">Arithmetic mean; NaN when N = 0.</param>
/// <param name="Median">Median; NaN when N = 0.</param>
/// <param name="Std">Sample standard deviation (n − 1); NaN when N &lt; 2.</param>
public readonly record struct SampleStats(int N, int Wins, double Mean, double Median, double Std)
{
    /// <summary>Wins / N; NaN when N = 0.</summary>
    public double WinRate => N == 0 ? double.NaN : (double)Wins / N;

    /// <summary>t-statistic of the mean against zero: mean / (std / √n); NaN when undefined.</summary>
    public double TStat => N < 2 || !(Std > 0) ? double.NaN : Mean / (Std / Math.Sqrt(N));

    /// <summary>Computes the summary. O(n log n) for the median; <paramref name="scratch"/> (length ≥ n) avoids allocating.</summary>
    public static SampleStats Of(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var n = values.Length;
        if (n == 0)
            return new SampleStats(0, 0, double.NaN, double.NaN, double.NaN);
        if (scratch.Length < n)
            throw new ArgumentException("scratch must hold every value", nameof(scratch));
        var wins = 0;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var v = values[i];
            sum += v;
            if (v > 0)
                wins++;
        }

        var mean = sum / n;
        double ss = 0;
        for (var i = 0; i < n; i++)
        {
            var d = values[i] - mean;
            ss += d * d;
        }

        var std = n > 1 ? Math.Sqrt(ss / (n - 1)) : double.NaN;
        var s = scratch[..n];
        values.CopyTo(s);
        s.Sort();
        var median = n % 2 == 1 ? s[n / 2] : (s[(n / 2) - 1] + s[n / 2]) / 2;
        return new SampleStats(n, wins, mean, median, std);
    }

    /// <summary>Computes the summary, allocating its own scratch space.</summary>
    public static SampleStats Of(ReadOnlySpan<double> values) => Of(values, new double[values.Length]);
}

/// <summary>Interval estimates and tests used by the backtests.</summary>
public static class Inference
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson score interval for a binomial proportion (wins of n) at the given z. Unlike the normal ("Wald")
    /// interval it stays inside [0, 1] and behaves for small n and rates near 0 or 1. (NaN, NaN) when n = 0.
    /// </summary>
    public static (double Low, double High) Wilson(int wins, int n, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wins);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, wins);
        if (n == 0)
            return (double.NaN, double.NaN);
        var p = (double)wins / n;
        var z2 = z * z;
        var denom = 1 + (z2 / n);
        var centre = (p + (z2 / (2.0 * n))) / denom;
        var half = z / denom * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// One-sided exact binomial p-value: the chance of at least <paramref name="wins"/> wins in n trials when the
    /// true win rate is <paramref name="baseline"/>. NaN when n = 0.
    /// </summary>
    public static double BinomialPValueAbove(int wins, int n, double baseline)
    {
        if (n == 0 || double.IsNaN(baseline))
            return double.NaN;
        if (wins == 0)
            return 1.0;
        baseline = Math.Clamp(baseline, 1e-12, 1 - 1e-12);

        // P(X ≥ k) = I_p(k, n − k + 1): the regularized incomplete beta keeps the far tail accurate where 1 − CDF
        // would round to zero and make every strong variant tie.
        return Math.Clamp(SpecialFunctions.BetaRegularized(wins, n - wins + 1, baseline), 0.0, 1.0);
    }

    /// <summary>
    /// Holm step-down adjusted p-values (controls the family-wise error rate; never less powerful than Bonferroni).
    /// NaN entries are ignored and stay NaN.
    /// </summary>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        var m = 0;
        foreach (var p in pValues)
        {
            if (!double.IsNaN(p))
                m++;
        }

        var idx = new int[pValues.Length];
        for (var i = 0; i < idx.Length; i++)
            idx[i] = i;
        var copy = pValues.ToArray();
        Array.Sort(idx, (a, b) => (double.IsNaN(copy[a]) ? 2.0 : copy[a]).CompareTo(double.IsNaN(copy[b]) ? 2.0 : copy[b]));
        var result = new double[pValues.Length];
        Array.Fill(result, double.NaN);
        double running = 0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = idx[rank];
            running = Math.Max(running, Math.Min(1.0, (m - rank) * copy[i]));
            result[i] = running;
        }

        return result;
    }
}
