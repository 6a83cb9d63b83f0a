namespace IwmDesk.Benchmarking;

/// <summary>
/// Seeded random-walk bars shared by the cases of one run. One source file, compiled into the CLI (<c>iwmdesk bench</c>),
/// the BenchmarkDotNet suite and the analytics tests (as their synthetic input), so the pure-math library holds no
/// benchmark code.
/// </summary>
internal sealed class KernelBenchInput
{
    private KernelBenchInput(int bars, int seed)
    {
        Bars = bars;
        var rng = new Random(seed);
        Close = new double[bars];
        High = new double[bars];
        Low = new double[bars];
        Other = new double[bars];
        // Log prices follow a slowly mean-reverting random walk (daily moves about 0.6%), so prices stay near 100
        // however many bars are asked for (a plain multiplicative walk drifts towards 0 over millions of bars).
        double la = 0, lb = 0;
        for (int i = 0; i < bars; i++)
        {
            double e = (rng.NextDouble() - 0.5) * 0.02;
            la = (0.999 * la) + e;
            lb = (0.999 * lb) + (0.6 * e) + ((rng.NextDouble() - 0.5) * 0.016);
            double a = 100 * Math.Exp(la);
            Close[i] = a;
            High[i] = a * (1 + (rng.NextDouble() * 0.01));
            Low[i] = a * (1 - (rng.NextDouble() * 0.01));
            Other[i] = 100 * Math.Exp(lb);
        }
    }

    /// <summary>Number of bars.</summary>
    public int Bars { get; }

    /// <summary>Closes: 100·exp(x), x a slowly mean-reverting random walk (daily moves within ±1%).</summary>
    public double[] Close { get; }

    /// <summary>Highs, up to 1% above the close.</summary>
    public double[] High { get; }

    /// <summary>Lows, up to 1% below the close.</summary>
    public double[] Low { get; }

    /// <summary>A second price series correlated with <see cref="Close"/> (for correlation and relative performance).</summary>
    public double[] Other { get; }

    /// <summary>Creates <paramref name="bars"/> bars from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bars"/> is below 1.</exception>
    public static KernelBenchInput Create(int bars, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bars, 1);
        return new KernelBenchInput(bars, seed);
    }
}
