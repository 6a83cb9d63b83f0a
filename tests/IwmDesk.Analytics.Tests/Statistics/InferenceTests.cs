using IwmDesk.Analytics.Statistics;

namespace IwmDesk.Analytics.Tests.Statistics;

public class InferenceTests
{
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(8, 10, 0.4901624715366418, 0.9433178485456248)]
    [InlineData(0, 5, 0.0, 0.43448246478317476)]
    [InlineData(45, 60, 0.6276792992295218, 0.8422347746994333)]
    public void Wilson_KnownCases_MatchClosedForm(int wins, int n, double low, double high)
    {
        var (lo, hi) = Inference.Wilson(wins, n);
        lo.ShouldBe(low, Tolerance);
        hi.ShouldBe(high, Tolerance);
    }

    [Fact]
    public void Wilson_NoCases_IsNaN() => double.IsNaN(Inference.Wilson(0, 0).Low).ShouldBeTrue();

    [Fact]
    public void BinomialPValueAbove_SevenOfTenFairCoin_Is0171875() =>
        Inference.BinomialPValueAbove(7, 10, 0.5).ShouldBe(0.171875, 1e-10);

    [Fact]
    public void Holm_AdjustsStepDownAndKeepsOrder()
    {
        // p sorted: 0.01 (×3 = 0.03), 0.02 (×2 = 0.04), 0.04 (×1 = 0.04, then running max).
        var adjusted = Inference.Holm([0.04, 0.01, 0.02]);
        adjusted.ShouldBe([0.04, 0.03, 0.04], Tolerance);
    }

    [Fact]
    public void SampleStats_HandComputed()
    {
        // values: -0.02, 0.01, 0.03, 0.00 → mean 0.005, wins 2 (zero is not a win), median (0.00 + 0.01)/2.
        var s = SampleStats.Of([-0.02, 0.01, 0.03, 0.00]);
        s.N.ShouldBe(4);
        s.Wins.ShouldBe(2);
        s.WinRate.ShouldBe(0.5);
        s.Mean.ShouldBe(0.005, Tolerance);
        s.Median.ShouldBe(0.005, Tolerance);
        // deviations: -0.025, 0.005, 0.025, -0.005 → squares sum 0.00130; /3 → std = sqrt(0.000433333…)
        s.Std.ShouldBe(Math.Sqrt(0.0013 / 3), Tolerance);
        s.TStat.ShouldBe(0.005 / (Math.Sqrt(0.0013 / 3) / 2), 1e-9);
    }
}

public class BinomialTailTests
{
    [Fact]
    public void BinomialPValueAbove_FarTail_StaysPositiveAndOrdered()
    {
        // 300 of 300 at a 1/3 baseline is (1/3)^300 ≈ 7.3e-144: far below 1 − CDF's resolution, yet representable.
        var p300 = Inference.BinomialPValueAbove(300, 300, 1.0 / 3);
        p300.ShouldBe(Math.Pow(1.0 / 3, 300), Math.Pow(1.0 / 3, 300) * 1e-9);
        Inference.BinomialPValueAbove(290, 300, 1.0 / 3).ShouldBeGreaterThan(p300);
    }
}
