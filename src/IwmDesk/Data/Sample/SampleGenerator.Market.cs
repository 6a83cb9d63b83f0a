namespace IwmDesk.Data.Sample;

public static partial class SampleGenerator
{
    /// <summary>
    /// The joint daily path of every market series, in model units (log total returns, log VIX, percent yields,
    /// dollars of GEX). One pass over the days; each value for day t uses only draws and states up to t, except the
    /// rate targets, which look ahead along the scripted policy path the way a market prices expected policy.
    /// </summary>
    private sealed class MarketPath
    {
        private const double TradingDays = 252.0;

        // IWM: GJR-GARCH(1,1) with unit-variance Student-t(7) shocks. Unconditional volatility 18.5% a year;
        // the stress episodes below lift the realised figure to the low 20s.
        private const double IwmBaseVol = 0.185;
        private const double GarchAlpha = 0.035, GarchGamma = 0.10, GarchBeta = 0.88;
        private const int ShockDegreesOfFreedom = 7;
        private const double IwmDrift = 0.085 / TradingDays;

        // SPY and KRE load on IWM's shock (including episode drifts) plus their own heteroscedastic noise.
        private const double SpyBeta = 0.68, SpyIdioVol = 0.08, SpyDrift = 0.10 / TradingDays;
        private const double KreBeta = 1.2, KreIdioVol = 0.17, KreDrift = 0.02 / TradingDays;

        // HYG: carry, a little equity beta, spread duration against the OAS, and its own noise.
        private const double HygCarry = 0.052 / TradingDays, HygEquityBeta = 0.10, HygSpreadDuration = 3.7, HygIdioVol = 0.025;

        // VIX: log-OU pulled towards 0.8 × IWM conditional vol + 4 points, kicked by IWM's own shock.
        private const double VixReversion = 0.15, VixShockLoading = -0.045, VixNoise = 0.045, VixPerIwmVol = 0.8, VixPremium = 4.0;

        // High-yield OAS (percent): OU towards a level that rises with the VIX.
        private const double OasReversion = 0.04, OasBase = 2.6, OasPerVix = 0.11, OasVixFloor = 12.0, OasNoise = 0.025, OasPerVixChange = 0.02, OasFloor = 2.3;

        // Treasury yields (percent): OU towards expected policy plus term premium, flight to quality when VIX > 20.
        private const double RateReversion = 0.03, TwoYearNoise = 0.045, TenYearNoise = 0.055, RateNoiseCorrelation = 0.75;
        private const int TwoYearHorizon = 252, TenYearHorizon = 504;
        private const double TwoYearPremium = 0.0, TenYearBase = 2.2, TenYearPolicyWeight = 0.42, FlightToQuality = 0.03, YieldFloor = 0.03;

        // Broad dollar: log-OU around 119, rising when IWM falls.
        private const double DollarMean = 119.0, DollarReversion = 0.008, DollarNoise = 0.0032, DollarPerIwmShock = -0.08;

        // IWM GEX (USD per 1% move): a level set by the VIX (positive when calm, negative above ~20) plus AR(1) noise.
        private const double GexScale = 7.0e8, GexVixPivot = 22.0, GexVixWidth = 7.0, GexOffset = 0.0, GexPersistence = 0.85, GexNoise = 2.0e8;

        /// <summary>Scripted policy rate (percent) at fractions of the window: hold, emergency cuts, zero, hikes, hold, cuts.</summary>
        private static readonly (double At, double Rate)[] PolicyKnots =
        [
            (0.0, 1.60), (0.045, 1.60), (0.06, 0.10), (0.32, 0.10), (0.36, 0.90), (0.52, 5.35),
            (0.69, 5.35), (0.76, 4.35), (0.85, 4.35), (0.95, 3.35), (1.0, 3.10),
        ];

        /// <summary>Where the unforeseen emergency cuts start (the second knot).</summary>
        private const double PolicySurpriseAt = 0.045;

        /// <summary>
        /// Scripted stress and relief episodes at fractions of the window (so every window length has them):
        /// a drift spread over the days, a floor on IWM's GARCH variance at the start (× the unconditional variance),
        /// and for KRE an extra drift and idiosyncratic-vol multiplier (the regional-bank decoupling).
        /// </summary>
        private static readonly Episode[] Episodes =
        [
            new(0.045, 23, -0.38, 14.0, -0.10, 1.5), // crash
            new(0.058, 130, 0.30, 0.0, 0.05, 1.0), // rebound
            new(0.31, 190, -0.22, 2.0, 0.0, 1.0), // rate-hike bear market
            new(0.49, 40, -0.06, 2.5, -0.30, 2.0), // regional-bank stress: KRE decouples downward
            new(0.60, 30, 0.0, 0.0, 0.12, 1.4), // bank rally: KRE decouples upward
            new(0.68, 4, -0.07, 4.0, 0.0, 1.0), // short volatility spike
            new(0.785, 6, -0.16, 6.0, -0.04, 1.3), // policy shock
            new(0.79, 50, 0.14, 0.0, 0.0, 1.0), // relief rally
        ];

        private MarketPath(int n)
        {
            IwmReturn = new double[n];
            IwmSd = new double[n];
            IwmVariance = new double[n];
            SpyReturn = new double[n];
            SpySd = new double[n];
            KreReturn = new double[n];
            KreSd = new double[n];
            HygReturn = new double[n];
            HygSd = new double[n];
            LogVix = new double[n];
            Dgs2 = new double[n];
            Dgs10 = new double[n];
            Oas = new double[n];
            Dollar = new double[n];
            Gex = new double[n];
        }

        public double[] IwmReturn { get; }

        public double[] IwmSd { get; }

        public double[] IwmVariance { get; }

        public double[] SpyReturn { get; }

        public double[] SpySd { get; }

        public double[] KreReturn { get; }

        public double[] KreSd { get; }

        public double[] HygReturn { get; }

        public double[] HygSd { get; }

        public double[] LogVix { get; }

        public double[] Dgs2 { get; }

        public double[] Dgs10 { get; }

        public double[] Oas { get; }

        public double[] Dollar { get; }

        public double[] Gex { get; }

        /// <summary>The unconditional daily variance of IWM's GARCH.</summary>
        public static double BaseVariance => IwmBaseVol * IwmBaseVol / TradingDays;

        public static MarketPath Simulate(DateOnly[] dates, ulong seed)
        {
            var n = dates.Length;
            var p = new MarketPath(n);
            var (drift, varianceFloor, kreDrift, kreVol) = ScheduleEpisodes(n);
            var policy = PolicyPath(n);
            var policy2 = ExpectedPolicy(policy, TwoYearHorizon);
            var policy10 = ExpectedPolicy(policy, TenYearHorizon);

            var rIwm = new SampleRandom(seed, StreamIwm);
            var rSpy = new SampleRandom(seed, StreamSpy);
            var rKre = new SampleRandom(seed, StreamKre);
            var rHyg = new SampleRandom(seed, StreamHyg);
            var rVix = new SampleRandom(seed, StreamVix);
            var rRates = new SampleRandom(seed, StreamRates);
            var rOas = new SampleRandom(seed, StreamOas);
            var rDollar = new SampleRandom(seed, StreamDollar);
            var rGex = new SampleRandom(seed, StreamGex);

            var hBar = BaseVariance;
            var omega = hBar * (1.0 - GarchAlpha - (0.5 * GarchGamma) - GarchBeta);
            var spyIdio = SpyIdioVol / Math.Sqrt(TradingDays);
            var kreIdio = KreIdioVol / Math.Sqrt(TradingDays);
            var hygIdio = HygIdioVol / Math.Sqrt(TradingDays);

            var h = hBar;
            var logVix = Math.Log(VixTarget(hBar));
            var vix = Math.Exp(logVix);
            var oas = OasTarget(vix);
            var y2 = policy2[0] + TwoYearPremium;
            var y10 = TenYearBase + (TenYearPolicyWeight * policy10[0]);
            var logDollar = Math.Log(DollarMean);
            var gexNoise = 0.0;

            for (var t = 0; t < n; t++)
            {
                // IWM
                h = Math.Max(h, varianceFloor[t] * hBar);
                var sd = Math.Sqrt(h);
                var z = rIwm.NextStudentT(ShockDegreesOfFreedom);
                var eps = sd * z;
                var shock = eps + drift[t];
                p.IwmReturn[t] = IwmDrift + shock;
                p.IwmSd[t] = sd;
                p.IwmVariance[t] = h;
                var hNext = omega + ((GarchAlpha + (eps < 0 ? GarchGamma : 0.0)) * eps * eps) + (GarchBeta * h);
                var volRatio = sd / Math.Sqrt(hBar);

                // SPY, KRE
                p.SpyReturn[t] = SpyDrift + (SpyBeta * shock) + (volRatio * spyIdio * rSpy.NextNormal());
                p.SpySd[t] = Math.Sqrt((SpyBeta * SpyBeta * h) + (volRatio * volRatio * spyIdio * spyIdio));
                var kIdio = volRatio * kreIdio * kreVol[t];
                p.KreReturn[t] = KreDrift + (KreBeta * shock) + kreDrift[t] + (kIdio * rKre.NextNormal());
                p.KreSd[t] = Math.Sqrt((KreBeta * KreBeta * h) + (kIdio * kIdio));

                // VIX: towards the vol the GARCH now expects, kicked down/up by IWM's shock.
                var previousVix = vix;
                logVix += (VixReversion * (Math.Log(VixTarget(hNext)) - logVix)) + (VixShockLoading * z) + (VixNoise * rVix.NextNormal());
                p.LogVix[t] = logVix;
                vix = Math.Exp(logVix);

                // High-yield spread and HYG
                var previousOas = oas;
                oas += (OasReversion * (OasTarget(vix) - oas)) + (OasPerVixChange * (vix - previousVix)) + (OasNoise * rOas.NextNormal());
                oas = Math.Max(oas, OasFloor);
                p.Oas[t] = oas;
                var hIdio = volRatio * hygIdio;
                p.HygReturn[t] = HygCarry + (HygEquityBeta * shock) - (HygSpreadDuration * (oas - previousOas) / 100.0) + (hIdio * rHyg.NextNormal());
                p.HygSd[t] = Math.Sqrt((HygEquityBeta * HygEquityBeta * h) + (hIdio * hIdio) + Square(HygSpreadDuration * OasNoise / 100.0));

                // Treasury yields
                var flight = FlightToQuality * Math.Max(vix - 20.0, 0.0);
                var n1 = rRates.NextNormal();
                var n2 = (RateNoiseCorrelation * n1) + (Math.Sqrt(1.0 - (RateNoiseCorrelation * RateNoiseCorrelation)) * rRates.NextNormal());
                y2 += (RateReversion * (policy2[t] + TwoYearPremium - (0.5 * flight) - y2)) + (TwoYearNoise * n1);
                y10 += (RateReversion * (TenYearBase + (TenYearPolicyWeight * policy10[t]) - flight - y10)) + (TenYearNoise * n2);
                y2 = Math.Max(y2, YieldFloor);
                y10 = Math.Max(y10, YieldFloor);
                p.Dgs2[t] = y2;
                p.Dgs10[t] = y10;

                // Dollar
                logDollar += (DollarReversion * (Math.Log(DollarMean) - logDollar)) + (DollarNoise * rDollar.NextNormal()) + (DollarPerIwmShock * eps);
                p.Dollar[t] = Math.Exp(logDollar);

                // GEX
                gexNoise = (GexPersistence * gexNoise) + (GexNoise * rGex.NextNormal());
                p.Gex[t] = (GexScale * Math.Tanh((GexVixPivot - vix) / GexVixWidth)) + GexOffset + gexNoise;

                h = hNext;
            }

            return p;
        }

        private static double VixTarget(double dailyVariance) =>
            (VixPerIwmVol * Math.Sqrt(dailyVariance * TradingDays) * 100.0) + VixPremium;

        private static double OasTarget(double vix) => OasBase + (OasPerVix * Math.Max(vix - OasVixFloor, 0.0));

        private static double Square(double x) => x * x;

        private static (double[] Drift, double[] VarianceFloor, double[] KreDrift, double[] KreVol) ScheduleEpisodes(int n)
        {
            var drift = new double[n];
            var floor = new double[n];
            var kreDrift = new double[n];
            var kreVol = new double[n];
            Array.Fill(kreVol, 1.0);
            foreach (var e in Episodes)
            {
                var start = Math.Min((int)(e.At * n), n - 1);
                var stop = Math.Min(start + e.Days, n);
                var days = stop - start;
                floor[start] = Math.Max(floor[start], e.VarianceFloor);
                for (var t = start; t < stop; t++)
                {
                    drift[t] += e.IwmDrift / days;
                    kreDrift[t] += e.KreDrift / days;
                    kreVol[t] = Math.Max(kreVol[t], e.KreVolMultiplier);
                }
            }

            return (drift, floor, kreDrift, kreVol);
        }

        private static double[] PolicyPath(int n)
        {
            var path = new double[n];
            var k = 0;
            for (var t = 0; t < n; t++)
            {
                var f = n == 1 ? 1.0 : (double)t / (n - 1);
                while (k < PolicyKnots.Length - 2 && f > PolicyKnots[k + 1].At)
                    k++;
                var (a, ra) = PolicyKnots[k];
                var (b, rb) = PolicyKnots[k + 1];
                path[t] = ra + ((rb - ra) * (f - a) / (b - a));
            }

            return path;
        }

        // What the market expects policy to average over the horizon: it foresees the scheduled cycle but not the
        // emergency cuts, so before the surprise the path is held at its pre-surprise level.
        private static double[] ExpectedPolicy(double[] policy, int horizon)
        {
            var n = policy.Length;
            var surprise = Math.Min((int)(PolicySurpriseAt * n), n - 1);
            var unforeseen = new double[n];
            for (var t = 0; t < n; t++)
                unforeseen[t] = policy[Math.Min(t, surprise)];
            var before = ForwardAverage(unforeseen, horizon);
            var after = ForwardAverage(policy, horizon);
            for (var t = surprise; t < n; t++)
                before[t] = after[t];
            return before;
        }

        // Mean of the path over [t, t + horizon), holding the last value beyond the end. O(n) with a running sum.
        private static double[] ForwardAverage(double[] path, int horizon)
        {
            var n = path.Length;
            var result = new double[n];
            var last = path[^1];
            var sum = 0.0;
            for (var i = 0; i < horizon; i++)
                sum += i < n ? path[i] : last;
            for (var t = 0; t < n; t++)
            {
                result[t] = sum / horizon;
                sum -= path[t];
                var enter = t + horizon;
                sum += enter < n ? path[enter] : last;
            }

            return result;
        }

        private readonly record struct Episode(double At, int Days, double IwmDrift, double VarianceFloor, double KreDrift, double KreVolMultiplier);
    }
}
