using IwmDesk.Analytics.Indicators;

namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>Small cases worked out by hand.</summary>
public sealed class HandCheckedTests
{
    private const double Exact = 1e-12;
    private static readonly double NaN = double.NaN;

    [Fact]
    public void Sma_Period3_IsMeanOfLastThree() =>
        Series.ShouldMatch(Sma.Compute([1, 2, 3, 4, 5], 3), [NaN, NaN, 2, 3, 4]);

    [Fact]
    public void Ema_Period3_SeedsWithSmaThenSmoothsWithHalf()
    {
        // α = 2/(3+1) = 0.5; seed at index 2 = mean(1,2,3) = 2; then 0.5·2 + 0.5·10 = 6; 0.5·6 + 0.5·5 = 5.5.
        Series.ShouldMatch(Ema.Compute([1, 2, 3, 10, 5], 3), [NaN, NaN, 2, 6, 5.5]);
    }

    [Fact]
    public void Rsi_Period2_WilderSmoothing()
    {
        // Changes +1, −1, +2. Seed at index 2: gain 0.5, loss 0.5 → 50.
        // Index 3: gain (0.5·1 + 2)/2 = 1.25, loss (0.5·1 + 0)/2 = 0.25 → 100·1.25/1.5.
        Series.ShouldMatch(Rsi.Compute([1, 2, 1, 3], 2), [NaN, NaN, 50, 100 * 1.25 / 1.5]);
    }

    [Fact]
    public void Rsi_AllFlat_IsZeroAsTaLib()
    {
        var rsi = Rsi.Compute(Enumerable.Repeat(42.0, 30).ToArray(), 14);
        rsi[13].ShouldBe(NaN);
        rsi[14..].ShouldAllBe(v => v == 0);
    }

    [Fact]
    public void Rsi_OnlyRises_Is100() =>
        Rsi.Compute(Enumerable.Range(1, 30).Select(i => (double)i).ToArray(), 14)[14..].ShouldAllBe(v => v == 100);

    [Fact]
    public void Bollinger_FourValues_UsesPopulationStandardDeviation()
    {
        // mean 2.5, population variance (2.25+0.25+0.25+2.25)/4 = 1.25.
        var r = Bollinger.Compute([1, 2, 3, 4], 4, 2.0);
        double sd = Math.Sqrt(1.25), lower = 2.5 - (2 * sd), upper = 2.5 + (2 * sd);
        r.Middle[3].ShouldBe(2.5, Exact);
        r.Upper[3].ShouldBe(upper, Exact);
        r.Lower[3].ShouldBe(lower, Exact);
        r.PercentB[3].ShouldBe((4 - lower) / (upper - lower), Exact);
        r.Bandwidth[3].ShouldBe((upper - lower) / 2.5, Exact);
        r.Upper[2].ShouldBe(NaN);
    }

    [Fact]
    public void Bollinger_ConstantWindow_HasZeroWidthAndUndefinedPercentB()
    {
        var close = new double[60];
        for (int i = 0; i < close.Length; i++)
            close[i] = i < 30 ? 100 + Math.Sin(i) : 123.456; // the last 30 bars are flat
        var r = Bollinger.Compute(close, 20, 2.0);
        for (int i = 49; i < 60; i++)
        {
            r.Middle[i].ShouldBe(123.456);
            r.Upper[i].ShouldBe(123.456);
            r.Lower[i].ShouldBe(123.456);
            r.Bandwidth[i].ShouldBe(0);
            r.PercentB[i].ShouldBe(NaN);
        }
    }

    [Fact]
    public void Atr_Period2_UsesPreviousCloseAndWilderSmoothing()
    {
        double[] high = [10, 11, 12, 9], low = [8, 9, 7, 8], close = [9, 10, 8, 8.5];
        // TR1 = max(2, |11−9|, |9−9|) = 2; TR2 = max(5, |12−10|, |7−10|) = 5; TR3 = max(1, |9−8|, |8−8|) = 1.
        // ATR[2] = (2+5)/2 = 3.5; ATR[3] = (3.5·1 + 1)/2 = 2.25.
        Series.ShouldMatch(Atr.Compute(high, low, close, 2), [NaN, NaN, 3.5, 2.25]);
    }

    [Fact]
    public void Atr_GapDown_TrueRangeReachesPreviousClose()
    {
        double[] high = [101, 91], low = [99, 89], close = [100, 90];
        Series.ShouldMatch(Atr.Compute(high, low, close, 1), [NaN, 11]); // |89 − 100| beats 91 − 89
    }

    [Fact]
    public void Macd_SmallPeriods_SeedsBothEmasAtSlowMinusOne()
    {
        // fast 2 (α 2/3), slow 3 (α 1/2), signal 2. Slow seed at 2: mean(1,2,3) = 2; fast seed at 2: mean(2,3) = 2.5.
        // Index 3: slow 0.5·2 + 0.5·4 = 3; fast 2.5/3 + 2·4/3 = 3.5. A straight line keeps MACD at 0.5.
        var r = Macd.Compute([1, 2, 3, 4, 5, 6], 2, 3, 2);
        Series.ShouldMatch(r.Macd, [NaN, NaN, 0.5, 0.5, 0.5, 0.5]);
        Series.ShouldMatch(r.Signal, [NaN, NaN, NaN, 0.5, 0.5, 0.5]);
        Series.ShouldMatch(r.Histogram, [NaN, NaN, NaN, 0, 0, 0]);
    }

    [Fact]
    public void Macd_Line_IsFastEmaStartedLateMinusSlowEma()
    {
        var close = Bars.RandomWalk(500).Close;
        var line = Macd.Compute(close, 12, 26, 9).Macd;
        var slow = Ema.Compute(close, 26);
        var fast = Ema.Compute(close.AsSpan(26 - 12), 12); // TA-Lib: fast EMA seeded with the 12 closes ending at index 25
        for (int i = 25; i < close.Length; i++)
            line[i].ShouldBe(fast[i - 14] - slow[i]);
    }

    [Fact]
    public void RealizedVolatility_ThreeReturns_IsAnnualisedSampleStandardDeviationOfLogReturns()
    {
        double[] close = [100, 110, 99, 108.9, 100];
        double[] r = [Math.Log(1.1), Math.Log(0.9), Math.Log(1.1)];
        double mean = r.Average();
        double sd = Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / 2);
        var vol = RealizedVolatility.Compute(close, 3);
        vol[..3].ShouldAllBe(v => double.IsNaN(v));
        vol[3].ShouldBe(sd * Math.Sqrt(252), Exact);
    }

    [Fact]
    public void RealizedVolatility_ConstantGrowth_IsExactlyZero()
    {
        var close = new double[40];
        close[0] = 100;
        for (int i = 1; i < close.Length; i++)
            close[i] = close[i - 1] * 2; // every log return is exactly ln 2
        RealizedVolatility.Compute(close, 20)[20..].ShouldAllBe(v => v == 0);
    }

    [Fact]
    public void RollingCorrelation_ProportionalPrices_IsOne()
    {
        var a = Bars.RandomWalk(200).Close;
        var b = a.Select(x => x * 4).ToArray(); // same returns
        RollingCorrelation.Compute(a, b, 20)[20..].ShouldAllBe(v => Math.Abs(v - 1) < Exact);
    }

    [Fact]
    public void RollingCorrelation_OppositeReturns_IsMinusOne()
    {
        double[] r = [0.01, -0.02, 0.015, 0.003, -0.007, 0.02, -0.011, 0.004, 0.009, -0.013, 0.006, -0.001];
        double[] a = new double[r.Length + 1], b = new double[r.Length + 1];
        a[0] = b[0] = 100;
        for (int i = 0; i < r.Length; i++)
        {
            a[i + 1] = a[i] * (1 + r[i]);
            b[i + 1] = b[i] * (1 - r[i]);
        }
        var c = RollingCorrelation.Compute(a, b, 10);
        c[9].ShouldBe(NaN);
        c[10..].ShouldAllBe(v => Math.Abs(v + 1) < 1e-9);
    }

    [Fact]
    public void RollingCorrelation_FlatSeries_IsNaN()
    {
        var a = Bars.RandomWalk(50).Close;
        var flat = Enumerable.Repeat(7.0, 50).ToArray();
        RollingCorrelation.Compute(a, flat, 10).ShouldAllBe(v => double.IsNaN(v));
    }

    [Fact]
    public void RelativePerformance_OneBar_IsDifferenceOfReturns() =>
        Series.ShouldMatch(RelativePerformance.Compute([100, 110, 99], [50, 50, 55], 1), [NaN, 0.1, -0.1 - 0.1]);

    [Fact]
    public void PercentileRank_Window3_CountsOthersStrictlyBelow()
    {
        // [1,2,3] → 3 beats 2 of 2; [2,3,2] → 2 beats none (ties are not below); [3,2,2] → 0; [2,2,1] → 0; [2,1,5]... 
        Series.ShouldMatch(PercentileRank.Compute([1, 2, 3, 2, 2, 1, 5, 1, 3], 3), [NaN, NaN, 1, 0, 0, 0, 1, 0, 0.5]);
    }

    [Fact]
    public void PercentileRank_LongWindow_MatchesNaiveCount()
    {
        var x = Bars.RandomWalk(2000).Close;
        var rank = PercentileRank.Compute(x, 101);
        for (int t = 100; t < x.Length; t++)
        {
            int below = 0;
            for (int k = t - 100; k < t; k++)
                below += x[k] < x[t] ? 1 : 0;
            rank[t].ShouldBe(below / 100.0);
        }
    }
}
