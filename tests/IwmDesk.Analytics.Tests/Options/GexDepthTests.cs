using IwmDesk.Analytics.Options;

namespace IwmDesk.Analytics.Tests.Options;

/// <summary>
/// Vanna, charm, the bucket split, the flip without the nearest expiry, expiry at the valuation moment, put/call OI and
/// max pain, against hand-computed figures and an independent formula (finite differences of Black–Scholes delta,
/// a Black–Scholes gamma written here from N'(d1)).
/// </summary>
public sealed class GexDepthTests
{
    private static readonly DateOnly AsOf = new(2026, 7, 20);

    // Independent Black–Scholes pieces (not the library's): φ, N via MathNet, delta, gamma.
    private static double Phi(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    private static double N(double x) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, x);

    private static double D1(double s, double k, double t, double r, double q, double v) =>
        (Math.Log(s / k) + ((r - q + (0.5 * v * v)) * t)) / (v * Math.Sqrt(t));

    private static double RefDelta(bool call, double s, double k, double t, double r, double q, double v) =>
        call ? Math.Exp(-q * t) * N(D1(s, k, t, r, q, v)) : Math.Exp(-q * t) * (N(D1(s, k, t, r, q, v)) - 1);

    private static double RefGamma(double s, double k, double t, double r, double q, double v) =>
        Math.Exp(-q * t) * Phi(D1(s, k, t, r, q, v)) / (s * v * Math.Sqrt(t));

    [Fact]
    public void Vanna_AtTheMoneyHandCase_IsPhiD1TimesMinusD2OverSigma()
    {
        // S = K = 100, T = 0.25, r = q = 0, σ = 0.2: d1 = 0.05, d2 = −0.05, φ(0.05) = 0.3984439;
        // vanna = −φ(d1)·d2/σ = 0.3984439 × 0.05 / 0.2 = 0.0996110.
        BlackScholes.Vanna(100, 100, 0.25, 0, 0, 0.2).ShouldBe(0.0996110, 1e-6);
    }

    [Fact]
    public void Charm_AtTheMoneyHandCase_IsPhiD1TimesD2Over2T()
    {
        // Same case: with r = q = 0, call charm = −φ(d1)·(−d2 σ√T)/(2T σ√T) = φ(d1)·d2/(2T) = 0.3984439 × (−0.05) / 0.5
        // = −0.0398444 per year; a put's equals the call's when q = 0.
        BlackScholes.Charm(OptionKind.Call, 100, 100, 0.25, 0, 0, 0.2).ShouldBe(-0.0398444, 1e-6);
        BlackScholes.Charm(OptionKind.Put, 100, 100, 0.25, 0, 0, 0.2).ShouldBe(-0.0398444, 1e-6);
    }

    [Theory]
    [InlineData(true, 100, 90, 0.05, 0.04, 0.01, 0.25)]
    [InlineData(false, 100, 110, 0.5, 0.05, 0.02, 0.30)]
    [InlineData(true, 594.2, 600, 3.0 / 365, 0.043, 0.012, 0.09)]
    [InlineData(false, 292.2, 280, 10.0 / 365, 0.04, 0.009, 0.35)]
    public void VannaAndCharm_MatchFiniteDifferencesOfBlackScholesDelta(bool call, double s, double k, double t, double r, double q, double v)
    {
        var kind = call ? OptionKind.Call : OptionKind.Put;
        const double hv = 1e-5;
        var fdVanna = (RefDelta(call, s, k, t, r, q, v + hv) - RefDelta(call, s, k, t, r, q, v - hv)) / (2 * hv);
        var ht = t * 1e-4;
        var fdCharm = -(RefDelta(call, s, k, t + ht, r, q, v) - RefDelta(call, s, k, t - ht, r, q, v)) / (2 * ht);

        BlackScholes.Vanna(s, k, t, r, q, v).ShouldBe(fdVanna, Math.Abs(fdVanna) * 1e-5 + 1e-9);
        BlackScholes.Charm(kind, s, k, t, r, q, v).ShouldBe(fdCharm, Math.Abs(fdCharm) * 1e-4 + 1e-7);
    }

    [Fact]
    public void Exposures_OneContractEach_AreTheDocumentedUnits()
    {
        // Dealers long the call (+), short the put (−). Vanna exposure = sign·vanna·OI·100·S·0.01; charm = sign·charm/365·OI·100·S.
        const double s = 200, r = 0.04, q = 0.01;
        var expiry = AsOf.AddDays(30);
        var t = 30.0 / 365;
        OptionContract[] chain = [new(expiry, OptionKind.Call, 210, 1000, 0.25), new(expiry, OptionKind.Put, 190, 2000, 0.30)];
        var p = GexParameters.Default with { Rate = r, DividendYield = q };

        var result = GammaExposure.Compute(chain, s, AsOf, p);

        var vanna = (BlackScholes.Vanna(s, 210, t, r, q, 0.25) * 1000 * 100 * s * 0.01) - (BlackScholes.Vanna(s, 190, t, r, q, 0.30) * 2000 * 100 * s * 0.01);
        var charm = (BlackScholes.Charm(OptionKind.Call, s, 210, t, r, q, 0.25) / 365 * 1000 * 100 * s) - (BlackScholes.Charm(OptionKind.Put, s, 190, t, r, q, 0.30) / 365 * 2000 * 100 * s);
        result.VannaUsdPerVolPoint.ShouldBe(vanna, Math.Abs(vanna) * 1e-12);
        result.CharmUsdPerDay.ShouldBe(charm, Math.Abs(charm) * 1e-12);
        var gex = (RefGamma(s, 210, t, r, q, 0.25) * 1000 - RefGamma(s, 190, t, r, q, 0.30) * 2000) * 100 * s * s * 0.01;
        result.TotalGexUsdPer1Pct.ShouldBe(gex, Math.Abs(gex) * 1e-9);
    }

    [Fact]
    public void Buckets_SplitByCalendarDays_HandComputed()
    {
        // Valued 10:00 ET so the same-day expiry is still alive: 6 h to its 16:00 settlement.
        const double s = 100, r = 0.0, q = 0.0, v = 0.2;
        var p = GexParameters.Default with { Rate = r, DividendYield = q, ValuationTime = new TimeOnly(10, 0) };
        int[] days = [0, 3, 7, 8, 30, 31, 90];
        var chain = days.Select(d => new OptionContract(AsOf.AddDays(d), OptionKind.Call, 100, 100, v))
            .Append(new OptionContract(AsOf.AddDays(3), OptionKind.Put, 95, 300, v)).ToArray();

        var result = GammaExposure.Compute(chain, s, AsOf, p);

        double Exposure(int d, double k, double oi, double sign)
        {
            var t = ((d * 1440.0) + 360) / (365 * 1440); // d days + 6 hours
            return sign * RefGamma(s, k, t, r, q, v) * oi * 100 * s * s * 0.01;
        }

        var b = result.Buckets;
        b.Select(x => x.Bucket).ShouldBe([GexBucket.SameDay, GexBucket.UpTo7Days, GexBucket.UpTo30Days, GexBucket.Beyond30Days]);
        b[0].NetGexUsdPer1Pct.ShouldBe(Exposure(0, 100, 100, 1), 1e-6);
        b[1].CallGexUsdPer1Pct.ShouldBe(Exposure(3, 100, 100, 1) + Exposure(7, 100, 100, 1), 1e-6);
        b[1].PutGexUsdPer1Pct.ShouldBe(Exposure(3, 95, 300, -1), 1e-6);
        b[2].NetGexUsdPer1Pct.ShouldBe(Exposure(8, 100, 100, 1) + Exposure(30, 100, 100, 1), 1e-6);
        b[3].NetGexUsdPer1Pct.ShouldBe(Exposure(31, 100, 100, 1) + Exposure(90, 100, 100, 1), 1e-6);
        b.Select(x => x.Contracts).ShouldBe([1, 3, 2, 2]);
        b.Sum(x => x.NetGexUsdPer1Pct).ShouldBe(result.TotalGexUsdPer1Pct, 1e-6);
    }

    [Fact]
    public void FlipWithoutNearestExpiry_EqualsTheFlipOfTheChainWithoutIt_AndDiffersFromTheFullFlip()
    {
        // Tomorrow's expiry: a large put block just below spot that drags the near-spot profile negative.
        // Later expiries: calls, positive everywhere. With tomorrow the profile crosses zero near spot; without it, never.
        var tomorrow = AsOf.AddDays(1);
        var later = AsOf.AddDays(30);
        OptionContract[] rest =
        [
            new(later, OptionKind.Call, 100, 5_000, 0.25),
            new(later, OptionKind.Call, 105, 5_000, 0.25),
            new(AsOf.AddDays(60), OptionKind.Put, 90, 1_000, 0.30),
        ];
        OptionContract[] nearest = [new(tomorrow, OptionKind.Put, 98, 40_000, 0.20), new(tomorrow, OptionKind.Call, 104, 2_000, 0.20)];
        var chain = nearest.Concat(rest).ToArray();

        var full = GammaExposure.Compute(chain, 100, AsOf);
        var without = GammaExposure.Compute(rest, 100, AsOf);

        full.NearestExpiry.ShouldBe(tomorrow);
        full.ZeroGammaLevel.ShouldNotBeNull();
        full.ProfileNetGexExNearestUsdPer1Pct.Count.ShouldBe(without.ProfileNetGexUsdPer1Pct.Count);
        for (var j = 0; j < without.ProfileNetGexUsdPer1Pct.Count; j++)
            full.ProfileNetGexExNearestUsdPer1Pct[j].ShouldBe(without.ProfileNetGexUsdPer1Pct[j], Math.Abs(without.ProfileNetGexUsdPer1Pct[j]) * 1e-9 + 1e-6);
        full.ZeroGammaLevelExNearest.ShouldBe(without.ZeroGammaLevel);
        full.ZeroGammaCrossingsExNearest.ShouldBe(without.ZeroGammaCrossings);
        full.TotalGexExNearestUsdPer1Pct.ShouldBe(without.TotalGexUsdPer1Pct, Math.Abs(without.TotalGexUsdPer1Pct) * 1e-12);
        full.ZeroGammaLevelExNearest.ShouldNotBe(full.ZeroGammaLevel);
    }

    [Fact]
    public void SameDayExpiry_ValuedAtTheClose_IsExpired_ValuedIntraday_IsUsedWithTheHoursLeft()
    {
        OptionContract[] chain = [new(AsOf, OptionKind.Call, 100, 100, 0.2), new(AsOf.AddDays(1), OptionKind.Call, 100, 100, 0.2)];

        var atClose = GammaExposure.Compute(chain, 100, AsOf);
        var intraday = GammaExposure.Compute(chain, 100, AsOf, GexParameters.Default with { ValuationTime = new TimeOnly(13, 45) });

        atClose.Skipped.Expired.ShouldBe(1);
        atClose.ContractSkipReason[0].ShouldBe(GexSkipReason.Expired);
        atClose.ByExpiry.Single().YearsToExpiry.ShouldBe(1.0 / 365, 1e-15);
        intraday.Skipped.Expired.ShouldBe(0);
        intraday.ByExpiry[0].YearsToExpiry.ShouldBe(135.0 / (365 * 1440), 1e-15);
    }

    [Fact]
    public void PutCallRatio_AndMaxPain_HandComputed()
    {
        // Nearest expiry: calls 100 × 10 and 110 × 30, puts 90 × 20 and 100 × 10 (IV missing on one: it still counts).
        // Pain at P: Σ calls OI·max(0, P − K) + Σ puts OI·max(0, K − P):
        //   P = 90: calls 0, puts 10·(100 − 90) = 100 → 100;  P = 100: calls 0, puts 0 → 0;  P = 110: calls 10·10 = 100, puts 0 → 100.
        // Max pain = 100. Put/call OI = (20 + 10 + 50) / (10 + 30) over the unexpired contracts of every expiry.
        var e = AsOf.AddDays(2);
        OptionContract[] chain =
        [
            new(e, OptionKind.Call, 100, 10, 0.2), new(e, OptionKind.Call, 110, 30, 0.2),
            new(e, OptionKind.Put, 90, 20, double.NaN), new(e, OptionKind.Put, 100, 10, 0.2),
            new(AsOf.AddDays(40), OptionKind.Put, 80, 50, 0.3),
            new(AsOf, OptionKind.Call, 100, 999, 0.2), // expired at the close: neither in the ratio nor in max pain
        ];

        var result = GammaExposure.Compute(chain, 100, AsOf);

        result.MaxPain.ShouldBe(100);
        result.MaxPainExpiry.ShouldBe(e);
        result.PutCallOpenInterestRatio.ShouldBe(80.0 / 40.0);
    }
}
