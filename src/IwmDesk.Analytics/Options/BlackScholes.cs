namespace IwmDesk.Analytics.Options;

/// <summary>
/// Black–Scholes–Merton greeks with a risk-free rate r and a continuous dividend yield q (both annualised, continuous).
/// d1 = (ln(S/K) + (r − q + σ²/2)T) / (σ√T); Γ = e^(−qT) φ(d1) / (S σ √T);
/// call Δ = e^(−qT) N(d1); put Δ = e^(−qT) (N(d1) − 1).
/// IWM options are American; the European formulas are the usual approximation for gamma.
/// </summary>
public static class BlackScholes
{
    /// <summary>d1 of the Black–Scholes–Merton formula.</summary>
    /// <param name="spot">Underlying price S (&gt; 0).</param>
    /// <param name="strike">Strike K (&gt; 0).</param>
    /// <param name="years">Time to expiry T in years (&gt; 0).</param>
    /// <param name="rate">Risk-free rate r (continuous, annualised).</param>
    /// <param name="dividendYield">Dividend yield q (continuous, annualised).</param>
    /// <param name="vol">Implied volatility σ (annualised fraction, &gt; 0).</param>
    public static double D1(double spot, double strike, double years, double rate, double dividendYield, double vol)
    {
        Validate(spot, strike, years, rate, dividendYield, vol);
        var sigmaSqrtT = vol * Math.Sqrt(years);
        return (Math.Log(spot / strike) + ((rate - dividendYield + (0.5 * vol * vol)) * years)) / sigmaSqrtT;
    }

    /// <summary>Gamma per share per USD 1 move: e^(−qT) φ(d1) / (S σ √T). The same for calls and puts.</summary>
    /// <inheritdoc cref="D1" path="/param"/>
    public static double Gamma(double spot, double strike, double years, double rate, double dividendYield, double vol)
    {
        var d1 = D1(spot, strike, years, rate, dividendYield, vol);
        return Math.Exp(-dividendYield * years) * NormalDistribution.Pdf(d1) / (spot * vol * Math.Sqrt(years));
    }

    /// <summary>Call delta e^(−qT) N(d1).</summary>
    /// <inheritdoc cref="D1" path="/param"/>
    public static double CallDelta(double spot, double strike, double years, double rate, double dividendYield, double vol)
    {
        var d1 = D1(spot, strike, years, rate, dividendYield, vol);
        return Math.Exp(-dividendYield * years) * NormalDistribution.Cdf(d1);
    }

    /// <summary>Put delta e^(−qT) (N(d1) − 1), computed as −e^(−qT) N(−d1) to keep precision deep in the money.</summary>
    /// <inheritdoc cref="D1" path="/param"/>
    public static double PutDelta(double spot, double strike, double years, double rate, double dividendYield, double vol)
    {
        var d1 = D1(spot, strike, years, rate, dividendYield, vol);
        return -Math.Exp(-dividendYield * years) * NormalDistribution.Cdf(-d1);
    }

    /// <summary>Delta of a call or a put.</summary>
    /// <param name="kind">Call or put.</param>
    /// <inheritdoc cref="D1" path="/param"/>
    public static double Delta(OptionKind kind, double spot, double strike, double years, double rate, double dividendYield, double vol) =>
        kind switch
        {
            OptionKind.Call => CallDelta(spot, strike, years, rate, dividendYield, vol),
            OptionKind.Put => PutDelta(spot, strike, years, rate, dividendYield, vol),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "must be Call or Put"),
        };

    /// <summary>
    /// Vanna ∂Δ/∂σ = −e^(−qT) φ(d1) d2 / σ: the change of delta per unit (1.00 = 100 vol points) change of implied vol.
    /// The same for calls and puts.
    /// </summary>
    /// <inheritdoc cref="D1" path="/param"/>
    public static double Vanna(double spot, double strike, double years, double rate, double dividendYield, double vol)
    {
        var d1 = D1(spot, strike, years, rate, dividendYield, vol);
        var d2 = d1 - (vol * Math.Sqrt(years));
        return -Math.Exp(-dividendYield * years) * NormalDistribution.Pdf(d1) * d2 / vol;
    }

    /// <summary>
    /// Charm: the change of delta as time passes, dΔ/dt = −∂Δ/∂T, per year (divide by 365 for per calendar day).
    /// Call: q e^(−qT) N(d1) − e^(−qT) φ(d1) (2(r − q)T − d2 σ√T) / (2T σ√T);
    /// put: −q e^(−qT) N(−d1) − e^(−qT) φ(d1) (2(r − q)T − d2 σ√T) / (2T σ√T).
    /// </summary>
    /// <param name="kind">Call or put.</param>
    /// <inheritdoc cref="D1" path="/param"/>
    public static double Charm(OptionKind kind, double spot, double strike, double years, double rate, double dividendYield, double vol)
    {
        var d1 = D1(spot, strike, years, rate, dividendYield, vol);
        var sigmaSqrtT = vol * Math.Sqrt(years);
        var d2 = d1 - sigmaSqrtT;
        var disc = Math.Exp(-dividendYield * years);
        var common = disc * NormalDistribution.Pdf(d1) * ((2 * (rate - dividendYield) * years) - (d2 * sigmaSqrtT)) / (2 * years * sigmaSqrtT);
        return kind switch
        {
            OptionKind.Call => (dividendYield * disc * NormalDistribution.Cdf(d1)) - common,
            OptionKind.Put => (-dividendYield * disc * NormalDistribution.Cdf(-d1)) - common,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "must be Call or Put"),
        };
    }

    private static void Validate(double spot, double strike, double years, double rate, double dividendYield, double vol)
    {
        if (!(spot > 0) || double.IsInfinity(spot))
            throw new ArgumentOutOfRangeException(nameof(spot), spot, "spot must be a positive finite price");
        if (!(strike > 0) || double.IsInfinity(strike))
            throw new ArgumentOutOfRangeException(nameof(strike), strike, "strike must be a positive finite price");
        if (!(years > 0) || double.IsInfinity(years))
            throw new ArgumentOutOfRangeException(nameof(years), years, "time to expiry must be a positive finite number of years");
        if (!double.IsFinite(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be finite");
        if (!double.IsFinite(dividendYield))
            throw new ArgumentOutOfRangeException(nameof(dividendYield), dividendYield, "dividend yield must be finite");
        if (!(vol > 0) || double.IsInfinity(vol))
            throw new ArgumentOutOfRangeException(nameof(vol), vol, "volatility must be a positive finite fraction");
    }
}
