using IwmDesk.Analytics.DarkPool;

namespace IwmDesk.Analytics.Tests.DarkPool;

public sealed class DarkPoolRatioTests
{
    private const double Tol = 1e-15;

    [Fact]
    public void Dpi_SixtyPercentShort_IsPointSixAndRatioOnePointFive()
    {
        // 600,000 short of 1,000,000: DPI = 0.6; ratio = 600,000 / 400,000 = 1.5 (the "above 1.5 ⇔ DPI above 0.60" rule).
        DarkPoolRatio.Dpi(600_000, 1_000_000).ShouldBe(0.6, Tol);
        DarkPoolRatio.Ratio(600_000, 1_000_000).ShouldBe(1.5, Tol);
    }

    [Fact]
    public void Ratio_EqualsDpiOverOneMinusDpi()
    {
        var dpi = DarkPoolRatio.Dpi(1_234_567, 2_900_001);
        DarkPoolRatio.Ratio(1_234_567, 2_900_001).ShouldBe(dpi / (1 - dpi), 1e-14);
    }

    [Fact]
    public void Dpi_ZeroShort_IsZeroAndRatioZero()
    {
        DarkPoolRatio.Dpi(0, 500).ShouldBe(0.0);
        DarkPoolRatio.Ratio(0, 500).ShouldBe(0.0);
    }

    [Fact]
    public void AllVolumeShort_DpiOneRatioNaN()
    {
        DarkPoolRatio.Dpi(500, 500).ShouldBe(1.0);
        double.IsNaN(DarkPoolRatio.Ratio(500, 500)).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, 0)]           // no volume
    [InlineData(10, 0)]          // total 0
    [InlineData(10, -5)]         // negative total
    [InlineData(600, 500)]       // short above total: impossible
    [InlineData(-1, 500)]        // negative short
    [InlineData(double.NaN, 500)]
    [InlineData(100, double.NaN)]
    [InlineData(100, double.PositiveInfinity)]
    public void Undefined_BothNaN(double shortVolume, double totalVolume)
    {
        double.IsNaN(DarkPoolRatio.Dpi(shortVolume, totalVolume)).ShouldBeTrue();
        double.IsNaN(DarkPoolRatio.Ratio(shortVolume, totalVolume)).ShouldBeTrue();
    }

    [Fact]
    public void Compute_Doubles_MatchesScalarPerDay()
    {
        double[] s = [600, 0, 500, 10, 2_000_000];
        double[] t = [1000, 100, 500, 0, 4_500_000];
        var dpi = new double[5];
        var ratio = new double[5];

        DarkPoolRatio.Compute(s, t, dpi, ratio);

        dpi[0].ShouldBe(0.6, Tol);
        ratio[0].ShouldBe(1.5, Tol);
        dpi[1].ShouldBe(0.0);
        dpi[2].ShouldBe(1.0);
        double.IsNaN(ratio[2]).ShouldBeTrue();
        double.IsNaN(dpi[3]).ShouldBeTrue();
        double.IsNaN(ratio[3]).ShouldBeTrue();
        dpi[4].ShouldBe(2_000_000.0 / 4_500_000.0, Tol);
        ratio[4].ShouldBe(2_000_000.0 / 2_500_000.0, Tol);
    }

    [Fact]
    public void Compute_Longs_SummedAcrossFacilitiesByCaller_MatchesDoubles()
    {
        // Two facilities for one day: short 300k + 150k (exempt volume already inside), total 700k + 300k.
        // The caller sums per day first: short 450,000, total 1,000,000 → DPI 0.45, ratio 450/550 = 0.8181…
        long[] s = [300_000 + 150_000];
        long[] t = [700_000 + 300_000];
        var dpi = new double[1];
        var ratio = new double[1];

        DarkPoolRatio.Compute(s, t, dpi, ratio);

        dpi[0].ShouldBe(0.45, Tol);
        ratio[0].ShouldBe(450.0 / 550.0, Tol);
    }

    [Fact]
    public void Compute_LengthMismatch_ThrowsNamingSpan()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => DarkPoolRatio.Compute([1.0, 2.0], [3.0], new double[2], new double[2]))
            .ParamName.ShouldBe("totalVolume");
        Should.Throw<ArgumentOutOfRangeException>(() => DarkPoolRatio.Compute([1.0], [3.0], new double[2], new double[1]))
            .ParamName.ShouldBe("dpi");
        Should.Throw<ArgumentOutOfRangeException>(() => DarkPoolRatio.Compute([1L], [3L], new double[1], Array.Empty<double>()))
            .ParamName.ShouldBe("ratio");
    }

    [Fact]
    public void Compute_Empty_DoesNothing()
    {
        DarkPoolRatio.Compute(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, Span<double>.Empty, Span<double>.Empty);
    }
}
