using IwmDesk.Analytics.Options;

namespace IwmDesk.Analytics.Tests.Options;

public sealed class NormalDistributionTests
{
    // Relative accuracy required of N(x), against 40-digit mpmath values (erfc(−x/√2)/2).
    private const double RelTol = 1e-14;

    [Theory]
    [InlineData(-10.0, 7.619853024160526066e-24)]
    [InlineData(-5.0, 2.8665157187919391167e-7)]
    [InlineData(-2.0, 0.0227501319481792072)]
    [InlineData(-1.0, 0.15865525393145705141)]
    [InlineData(-0.5, 0.30853753872598689636)]
    [InlineData(0.0, 0.5)]
    [InlineData(0.3, 0.61791142218895263731)]
    [InlineData(1.0, 0.84134474606854294859)]
    [InlineData(2.5, 0.99379033467422386483)]
    [InlineData(5.0, 0.99999971334842812081)]
    [InlineData(8.0, 0.9999999999999993779)]
    public void Cdf_AgainstMpmath_MatchesToRelTol(double x, double expected)
    {
        var actual = NormalDistribution.Cdf(x);
        Math.Abs((actual / expected) - 1.0).ShouldBeLessThan(RelTol);
    }

    [Fact]
    public void Pdf_AtZeroAndOne_MatchesClosedForm()
    {
        NormalDistribution.Pdf(0).ShouldBe(1.0 / Math.Sqrt(2 * Math.PI), 1e-16);
        NormalDistribution.Pdf(1).ShouldBe(Math.Exp(-0.5) / Math.Sqrt(2 * Math.PI), 1e-16);
    }
}
