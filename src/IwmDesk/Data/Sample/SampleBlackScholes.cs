namespace IwmDesk.Data.Sample;

/// <summary>
/// The little Black–Scholes–Merton the sample needs to quote its option chain (price and gamma with a continuous
/// dividend yield). Kept here so the generator has no dependency on the analytics it is meant to feed.
/// </summary>
internal static class SampleBlackScholes
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    /// <summary>European option value with spot <paramref name="s"/>, strike <paramref name="k"/>, years <paramref name="t"/>, rate <paramref name="r"/>, dividend yield <paramref name="q"/> and volatility <paramref name="sigma"/>.</summary>
    public static double Price(OptionRight right, double s, double k, double t, double r, double q, double sigma)
    {
        var sd = sigma * Math.Sqrt(t);
        var d1 = (Math.Log(s / k) + ((r - q + (0.5 * sigma * sigma)) * t)) / sd;
        var d2 = d1 - sd;
        var df = Math.Exp(-r * t);
        var dq = Math.Exp(-q * t);
        return right == OptionRight.Call
            ? (s * dq * NormalCdf(d1)) - (k * df * NormalCdf(d2))
            : (k * df * NormalCdf(-d2)) - (s * dq * NormalCdf(-d1));
    }

    /// <summary>Gamma (per $1 of spot, per share): e^(−qT)·φ(d1) / (S·σ·√T).</summary>
    public static double Gamma(double s, double k, double t, double r, double q, double sigma)
    {
        var sd = sigma * Math.Sqrt(t);
        var d1 = (Math.Log(s / k) + ((r - q + (0.5 * sigma * sigma)) * t)) / sd;
        return Math.Exp(-q * t) * InvSqrt2Pi * Math.Exp(-0.5 * d1 * d1) / (s * sd);
    }

    /// <summary>
    /// Standard normal CDF to near double precision: Hart's (1968) rational approximation as given by
    /// G. West, "Better approximations to cumulative normal functions" (2005).
    /// </summary>
    public static double NormalCdf(double x)
    {
        var a = Math.Abs(x);
        double c;
        if (a > 37.0)
        {
            c = 0.0;
        }
        else
        {
            var e = Math.Exp(-a * a / 2.0);
            if (a < 7.07106781186547)
            {
                var num = (3.52624965998911E-02 * a) + 0.700383064443688;
                num = (num * a) + 6.37396220353165;
                num = (num * a) + 33.912866078383;
                num = (num * a) + 112.079291497871;
                num = (num * a) + 221.213596169931;
                num = (num * a) + 220.206867912376;
                var den = (8.83883476483184E-02 * a) + 1.75566716318264;
                den = (den * a) + 16.064177579207;
                den = (den * a) + 86.7807322029461;
                den = (den * a) + 296.564248779674;
                den = (den * a) + 637.333633378831;
                den = (den * a) + 793.826512519948;
                den = (den * a) + 440.413735824752;
                c = e * num / den;
            }
            else
            {
                var b = a + 0.65;
                b = a + (4.0 / b);
                b = a + (3.0 / b);
                b = a + (2.0 / b);
                b = a + (1.0 / b);
                c = e / b / 2.506628274631;
            }
        }

        return x > 0 ? 1.0 - c : c;
    }
}
