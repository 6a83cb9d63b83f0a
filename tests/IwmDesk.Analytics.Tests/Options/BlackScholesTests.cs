using IwmDesk.Analytics.Options;

namespace IwmDesk.Analytics.Tests.Options;

/// <summary>
/// Reference values computed independently with Python 3 mpmath at 40 digits
/// (d1 = (ln(S/K) + (r − q + σ²/2)T)/(σ√T); Γ = e^(−qT) φ(d1)/(Sσ√T); Δc = e^(−qT) N(d1); Δp = −e^(−qT) N(−d1)).
/// Python is not in CI, so the values are stored here.
/// </summary>
public sealed class BlackScholesTests
{
    // Relative tolerance for greeks against the 40-digit references (inputs are doubles, so ~1e-15 is achievable).
    private const double RelTol = 1e-12;

    public static TheoryData<double, double, double, double, double, double, double, double, double, double> References => new()
    {
        // S, K, T, r, q, σ, d1, Γ, Δcall, Δput
        { 100, 100, 1, 0.05, 0, 0.2, 0.35, 0.018762017345846893919, 0.63683065117561907122, -0.36316934882438092878 },
        { 292.2, 290, 10.0 / 365, 0.04, 0.01, 0.22, 0.24832054086976615303, 0.036344998122293723959, 0.59789296760762999902, -0.40183309731669659337 },
        { 100, 95, 0.5, 0.03, 0.05, 0.3, 0.30072447370444470205, 0.01753108077393789282, 0.60292458894770117148, -0.37238532308063149714 },
        { 50, 60, 0.25, 0.02, 0.08, 0.4, -0.88660778396977313106, 0.026395537756354341626, 0.18392942984885073325, -0.79626924345790456897 },
        { 100, 150, 0.1, 0.04, 0.01, 0.25, -5.0512972107186948375, 1.4517534241091569923e-7, 2.1919052544816720957e-7, -0.9990002806428495435 },
        { 100, 200, 0.1, 0.04, 0.01, 0.25, -8.6902195744995267145, 2.0118440429917811594e-18, 1.8068904814619229735e-18, -0.99900049983337498986 },
        { 220, 219, 1.0 / 252, 0.04, 0.01, 0.15, 0.49946567458851893104, 0.16939801519637604686, 0.69124688772483879858, -0.30871343052282022496 },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void Greeks_AgainstMpmathReferences_MatchToRelTol(
        double s, double k, double t, double r, double q, double sigma, double d1, double gamma, double callDelta, double putDelta)
    {
        BlackScholes.D1(s, k, t, r, q, sigma).ShouldBe(d1, Math.Abs(d1) * RelTol);
        Rel(BlackScholes.Gamma(s, k, t, r, q, sigma), gamma).ShouldBeLessThan(RelTol);
        Rel(BlackScholes.CallDelta(s, k, t, r, q, sigma), callDelta).ShouldBeLessThan(RelTol);
        Rel(BlackScholes.PutDelta(s, k, t, r, q, sigma), putDelta).ShouldBeLessThan(RelTol);
        Rel(BlackScholes.Delta(OptionKind.Call, s, k, t, r, q, sigma), callDelta).ShouldBeLessThan(RelTol);
        Rel(BlackScholes.Delta(OptionKind.Put, s, k, t, r, q, sigma), putDelta).ShouldBeLessThan(RelTol);
    }

    [Fact]
    public void Gamma_WithDividendYield_IncludesDiscountFactor()
    {
        // S=100, K=95, T=0.5, r=0.03, q=0.05, σ=0.3: e^(−qT) = e^(−0.025) = 0.97531. Dropping the factor would give
        // 0.01753108/0.97531 = 0.0179749, 2.5% off, far outside the tolerance.
        const double reference = 0.01753108077393789282;
        var gamma = BlackScholes.Gamma(100, 95, 0.5, 0.03, 0.05, 0.3);
        Rel(gamma, reference).ShouldBeLessThan(RelTol);

        var d1 = BlackScholes.D1(100, 95, 0.5, 0.03, 0.05, 0.3);
        var withoutFactor = NormalDistribution.Pdf(d1) / (100 * 0.3 * Math.Sqrt(0.5));
        Rel(withoutFactor, reference).ShouldBeGreaterThan(0.02);
    }

    [Fact]
    public void Delta_WithDividendYield_IncludesDiscountFactor()
    {
        // Same inputs; call delta e^(−qT)N(d1) = 0.97531 × 0.61818 = 0.60292; without the factor it would be 0.61818.
        Rel(BlackScholes.CallDelta(100, 95, 0.5, 0.03, 0.05, 0.3), 0.60292458894770117148).ShouldBeLessThan(RelTol);
        Rel(BlackScholes.PutDelta(100, 95, 0.5, 0.03, 0.05, 0.3), -0.37238532308063149714).ShouldBeLessThan(RelTol);
    }

    [Fact]
    public void Greeks_HullTextbookExample_MatchPublishedRounding()
    {
        // Hull, Options, Futures and Other Derivatives: S=49, K=50, r=5%, σ=20%, T=20 weeks (0.3846), no dividend:
        // delta 0.522, gamma 0.066 (published to three decimals).
        BlackScholes.CallDelta(49, 50, 0.3846, 0.05, 0, 0.2).ShouldBe(0.522, 0.0005);
        BlackScholes.Gamma(49, 50, 0.3846, 0.05, 0, 0.2).ShouldBe(0.066, 0.0005);
    }

    [Fact]
    public void PutCallDeltaParity_Holds()
    {
        // Δc − Δp = e^(−qT) for any inputs.
        var c = BlackScholes.CallDelta(123, 130, 0.7, 0.04, 0.012, 0.35);
        var p = BlackScholes.PutDelta(123, 130, 0.7, 0.04, 0.012, 0.35);
        (c - p).ShouldBe(Math.Exp(-0.012 * 0.7), 1e-15);
    }

    [Theory]
    [InlineData(0, 100, 1, 0.2, "spot")]
    [InlineData(double.NaN, 100, 1, 0.2, "spot")]
    [InlineData(100, -1, 1, 0.2, "strike")]
    [InlineData(100, 100, 0, 0.2, "years")]
    [InlineData(100, 100, 1, 0, "vol")]
    [InlineData(100, 100, 1, double.NaN, "vol")]
    public void Gamma_InvalidArgument_ThrowsNamingIt(double s, double k, double t, double sigma, string name)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => BlackScholes.Gamma(s, k, t, 0.04, 0.01, sigma));
        ex.ParamName.ShouldBe(name);
    }

    private static double Rel(double actual, double expected) => Math.Abs((actual / expected) - 1.0);
}
