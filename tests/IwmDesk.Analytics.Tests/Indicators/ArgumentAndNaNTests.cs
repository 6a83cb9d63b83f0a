using IwmDesk.Analytics.Indicators;

namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>Invalid arguments and the NaN policy (docs/indicators.md).</summary>
public sealed class ArgumentAndNaNTests
{
    private static readonly double[] Data = Bars.RandomWalk(400).Close;

    public static TheoryData<string, string, Action> InvalidArguments => new()
    {
        { "sma 0", "period", () => Sma.Compute(Data, 0) },
        { "sma state 0", "period", () => _ = new SmaState(0) },
        { "ema 0", "period", () => Ema.Compute(Data, 0) },
        { "ema state 0", "period", () => _ = new EmaState(0) },
        { "rsi 1", "period", () => Rsi.Compute(Data, 1) },
        { "rsi state 1", "period", () => _ = new RsiState(1) },
        { "bollinger 1", "period", () => Bollinger.Compute(Data, 1) },
        { "bollinger k 0", "multiplier", () => Bollinger.Compute(Data, 20, 0) },
        { "bollinger k NaN", "multiplier", () => _ = new BollingerState(20, double.NaN) },
        { "atr 0", "period", () => Atr.Compute(Data, Data, Data, 0) },
        { "atr state 0", "period", () => _ = new AtrState(0) },
        { "macd fast 0", "fastPeriod", () => Macd.Compute(Data, 0, 26, 9) },
        { "macd slow = fast", "slowPeriod", () => Macd.Compute(Data, 12, 12, 9) },
        { "macd signal 0", "signalPeriod", () => _ = new MacdState(12, 26, 0) },
        { "vol 1", "period", () => RealizedVolatility.Compute(Data, 1) },
        { "vol per year 0", "periodsPerYear", () => RealizedVolatility.Compute(Data, 20, 0) },
        { "correlation 1", "window", () => RollingCorrelation.Compute(Data, Data, 1) },
        { "correlation state 1", "window", () => _ = new RollingCorrelationState(1) },
        { "relperf 0", "period", () => RelativePerformance.Compute(Data, Data, 0) },
        { "rank 1", "window", () => PercentileRank.Compute(Data, 1) },
        { "rank state 1", "window", () => _ = new PercentileRankState(1) },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public void Compute_InvalidArgument_ThrowsNamingTheParameter(string what, string parameter, Action call)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(call, what);
        ex.ParamName.ShouldBe(parameter);
    }

    [Fact]
    public void Compute_DestinationTooShort_Throws()
    {
        var ex = Should.Throw<ArgumentException>(() => Sma.Compute(Data, 5, new double[10]));
        ex.ParamName.ShouldBe("destination");
    }

    [Fact]
    public void Compute_SeriesOfDifferentLengths_Throws()
    {
        Should.Throw<ArgumentException>(() => RollingCorrelation.Compute(Data, Data.AsSpan(0, 10).ToArray(), 5)).ParamName.ShouldBe("pricesB");
        Should.Throw<ArgumentException>(() => Atr.Compute(Data, Data, Data.AsSpan(0, 10).ToArray(), 5)).ParamName.ShouldBe("close");
    }

    [Fact]
    public void Sma_InPlace_GivesTheSameAsSeparateOutput()
    {
        var copy = (double[])Data.Clone();
        Sma.Compute(copy, 10, copy);
        copy.ShouldBe(Sma.Compute(Data, 10));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(600)] // a window longer than the stack scratch, so the pooled buffer is used
    public void WindowedIndicators_NaNInput_IsNaNExactlyWhileInTheWindow(int window)
    {
        var x = (double[])Bars.RandomWalk(2000).Close.Clone();
        const int gap = 1000;
        x[gap] = double.NaN;
        var sma = Sma.Compute(x, window);
        var rank = PercentileRank.Compute(x, window);
        var boll = Bollinger.Compute(x, window).Upper;
        foreach (var series in new[] { sma, rank, boll })
        {
            double.IsFinite(series[gap - 1]).ShouldBeTrue();
            series[gap..(gap + window)].ShouldAllBe(v => double.IsNaN(v));
            double.IsFinite(series[gap + window]).ShouldBeTrue();
        }
        // Returns: the NaN close spoils the returns into and out of it, so window + 1 bars.
        var vol = RealizedVolatility.Compute(x, window);
        vol[gap..(gap + window + 1)].ShouldAllBe(v => double.IsNaN(v));
        double.IsFinite(vol[gap + window + 1]).ShouldBeTrue();
        // After the gap has left the window, the values are those of a clean computation over the same window.
        var clean = Sma.Compute(x.AsSpan(gap + 1), window);
        Series.ShouldMatch(sma.AsSpan(gap + window), clean.AsSpan(window - 1));
    }

    [Fact]
    public void RecursiveIndicators_NaNInput_RestartTheWarmUp()
    {
        var x = (double[])Bars.RandomWalk(600).Close.Clone();
        const int gap = 300;
        x[gap] = double.NaN;
        var after = x.AsSpan(gap + 1);

        Tail(Ema.Compute(x, 20)).ShouldBe(Ema.Compute(after, 20));
        Tail(Rsi.Compute(x, 14)).ShouldBe(Rsi.Compute(after, 14));
        var macd = Macd.Compute(x);
        var fresh = Macd.Compute(after);
        Tail(macd.Macd).ShouldBe(fresh.Macd);
        Tail(macd.Signal).ShouldBe(fresh.Signal);
        Ema.Compute(x, 20)[gap].ShouldBe(double.NaN);

        var high = x.Select(v => v + 1).ToArray();
        var low = x.Select(v => v - 1).ToArray();
        Tail(Atr.Compute(high, low, x, 14)).ShouldBe(Atr.Compute(high.AsSpan(gap + 1), low.AsSpan(gap + 1), after, 14));

        static double[] Tail(double[] full) => full[(gap + 1)..];
    }

    [Fact]
    public void RelativePerformance_NaNPrice_AffectsOnlyTheBarAndThePeriodAfter()
    {
        var a = (double[])Bars.RandomWalk(100).Close.Clone();
        var b = Bars.RandomWalk(100, seed: 9).Close;
        a[50] = double.NaN;
        var r = RelativePerformance.Compute(a, b, 5);
        for (int i = 5; i < 100; i++)
            double.IsNaN(r[i]).ShouldBe(i is 50 or 55, $"index {i}");
    }

    [Fact]
    public void RealizedVolatility_ZeroPrice_IsMissingNotInfinite()
    {
        var x = (double[])Bars.RandomWalk(200).Close.Clone();
        x[100] = 0;
        var vol = RealizedVolatility.Compute(x, 20);
        vol.ShouldAllBe(v => double.IsNaN(v) || double.IsFinite(v));
        vol[100].ShouldBe(double.NaN);
        double.IsFinite(vol[199]).ShouldBeTrue();
    }
}
