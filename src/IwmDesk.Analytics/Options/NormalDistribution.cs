using MathNet.Numerics;

namespace IwmDesk.Analytics.Options;

/// <summary>The standard normal density and distribution function.</summary>
public static class NormalDistribution
{
    /// <summary>1 / √(2π).</summary>
    public const double InvSqrt2Pi = 0.398942280401432677939946059934;

    private const double InvSqrt2 = 0.707106781186547524400844362105;

    /// <summary>Standard normal density φ(x) = e^(−x²/2) / √(2π).</summary>
    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// Standard normal distribution function N(x) = ½·erfc(−x/√2), using MathNet's erfc
    /// (full double precision, including the far tails where 1 − N would cancel).
    /// </summary>
    public static double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-x * InvSqrt2);
}
