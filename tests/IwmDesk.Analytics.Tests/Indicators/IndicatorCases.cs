using IwmDesk.Analytics.Indicators;
using IwmDesk.Benchmarking;

namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>Input bars for the generic indicator tests.</summary>
internal sealed record Bars(double[] High, double[] Low, double[] Close, double[] Other)
{
    public int Length => Close.Length;

    public Bars Prefix(int n) => new(High[..n], Low[..n], Close[..n], Other[..n]);

    /// <summary>A seeded random walk (with a level jump, so the running sums are tested) of <paramref name="n"/> bars.</summary>
    public static Bars RandomWalk(int n, int seed = 7)
    {
        var d = KernelBenchInput.Create(n, seed);
        double[] h = d.High, l = d.Low, c = d.Close, o = d.Other;
        for (int i = n / 2; i < n; i++)
        {
            h[i] *= 40;
            l[i] *= 40;
            c[i] *= 40;
        }
        return new Bars(h, l, c, o);
    }

    /// <summary>The random walk with NaN and ±∞ inserted at a few places (in one series or all).</summary>
    public static Bars WithGaps(int n)
    {
        var b = RandomWalk(n);
        foreach (int i in new[] { 3, 40, 41, 700, 1500, 2100 })
        {
            b.Close[i] = double.NaN;
            b.High[i] = double.NaN;
        }
        b.Other[900] = double.NaN;
        b.Close[1800] = double.PositiveInfinity;
        b.Low[2500] = double.NegativeInfinity;
        b.Other[2600] = double.PositiveInfinity;
        return b;
    }
}

/// <summary>One indicator, run both ways: the batch kernel and its streaming state, one bar at a time.</summary>
internal sealed record IndicatorCase(string Name, int Lookback, Func<Bars, double[][]> Batch, Func<Bars, double[][]> Streaming)
{
    public override string ToString() => Name;

    public static readonly IndicatorCase[] All =
    [
        new("sma(50)", 49, b => [Sma.Compute(b.Close, 50)], b => Stream1(b, () => { var s = new SmaState(50); return s.Next; })),
        new("sma(1)", 0, b => [Sma.Compute(b.Close, 1)], b => Stream1(b, () => { var s = new SmaState(1); return s.Next; })),
        new("ema(20)", 19, b => [Ema.Compute(b.Close, 20)], b => StreamStruct(b, new EmaState(20), static (ref EmaState s, double x) => s.Next(x))),
        new("rsi(14)", 14, b => [Rsi.Compute(b.Close, 14)], b => StreamStruct(b, new RsiState(14), static (ref RsiState s, double x) => s.Next(x))),
        new("bollinger(20,2)", 19, b =>
        {
            var r = Bollinger.Compute(b.Close, 20, 2.0);
            return [r.Upper, r.Middle, r.Lower, r.PercentB, r.Bandwidth];
        }, b =>
        {
            var s = new BollingerState(20, 2.0);
            var o = Outputs(5, b.Length);
            for (int i = 0; i < b.Length; i++)
            {
                var p = s.Next(b.Close[i]);
                (o[0][i], o[1][i], o[2][i], o[3][i], o[4][i]) = (p.Upper, p.Middle, p.Lower, p.PercentB, p.Bandwidth);
            }
            return o;
        }),
        new("atr(14)", 14, b => [Atr.Compute(b.High, b.Low, b.Close, 14)], b =>
        {
            var s = new AtrState(14);
            var o = new double[b.Length];
            for (int i = 0; i < b.Length; i++)
                o[i] = s.Next(b.High[i], b.Low[i], b.Close[i]);
            return [o];
        }),
        new("macd(12,26,9)", 25, b =>
        {
            var r = Macd.Compute(b.Close, 12, 26, 9);
            return [r.Macd, r.Signal, r.Histogram];
        }, b =>
        {
            var s = new MacdState(12, 26, 9);
            var o = Outputs(3, b.Length);
            for (int i = 0; i < b.Length; i++)
            {
                var p = s.Next(b.Close[i]);
                (o[0][i], o[1][i], o[2][i]) = (p.Macd, p.Signal, p.Histogram);
            }
            return o;
        }),
        new("realized_vol(20)", 20, b => [RealizedVolatility.Compute(b.Close, 20)], b => Stream1(b, () => { var s = new RealizedVolatilityState(20); return s.Next; })),
        new("correlation(10)", 10, b => [RollingCorrelation.Compute(b.Close, b.Other, 10)], b => Stream2(b, () => { var s = new RollingCorrelationState(10); return s.Next; })),
        new("correlation(60)", 60, b => [RollingCorrelation.Compute(b.Close, b.Other, 60)], b => Stream2(b, () => { var s = new RollingCorrelationState(60); return s.Next; })),
        new("correlation(600)", 600, b => [RollingCorrelation.Compute(b.Close, b.Other, 600)], b => Stream2(b, () => { var s = new RollingCorrelationState(600); return s.Next; })),
        new("relative_performance(20)", 20, b => [RelativePerformance.Compute(b.Close, b.Other, 20)], b => Stream2(b, () => { var s = new RelativePerformanceState(20); return s.Next; })),
        new("percentile_rank(252)", 251, b => [PercentileRank.Compute(b.Close, 252)], b => Stream1(b, () => { var s = new PercentileRankState(252); return s.Next; })),
        new("percentile_rank(700)", 699, b => [PercentileRank.Compute(b.Close, 700)], b => Stream1(b, () => { var s = new PercentileRankState(700); return s.Next; })),
    ];

    private delegate double Step<T>(ref T state, double x);

    private static double[][] Outputs(int k, int n)
    {
        var o = new double[k][];
        for (int j = 0; j < k; j++)
            o[j] = new double[n];
        return o;
    }

    private static double[][] Stream1(Bars b, Func<Func<double, double>> make)
    {
        var next = make();
        var o = new double[b.Length];
        for (int i = 0; i < b.Length; i++)
            o[i] = next(b.Close[i]);
        return [o];
    }

    private static double[][] Stream2(Bars b, Func<Func<double, double, double>> make)
    {
        var next = make();
        var o = new double[b.Length];
        for (int i = 0; i < b.Length; i++)
            o[i] = next(b.Close[i], b.Other[i]);
        return [o];
    }

    private static double[][] StreamStruct<T>(Bars b, T state, Step<T> step)
    {
        var o = new double[b.Length];
        for (int i = 0; i < b.Length; i++)
            o[i] = step(ref state, b.Close[i]);
        return [o];
    }
}
