using IwmDesk.Analytics.Options;

namespace IwmDesk.Analytics.Tests.Options;

public sealed class GammaExposureTests
{
    // Relative tolerance for exposures against the worked values below (each carried to 15 significant digits).
    private const double RelTol = 1e-10;

    // Interpolated flip vs the exact root of the continuous profile: linear interpolation on a 0.1-wide grid is off by
    // about 1e-5 here (checked with mpmath), so 1e-3 (1% of a grid step) is honest and still catches a wrong bracket.
    private const double FlipTol = 1e-3;

    private static readonly DateOnly AsOf = new(2026, 1, 2);

    // 73 days later: T = 73/365 = 0.2 exactly.
    private static readonly DateOnly Expiry = AsOf.AddDays(73);

    private static readonly GexParameters Params = new() { Rate = 0.04, DividendYield = 0.01 };

    /// <summary>
    /// Four contracts, S = 100, T = 0.2, r = 0.04, q = 0.01, σ = 0.2 for all, multiplier 100.
    /// <code>
    /// σ√T = 0.2 × √0.2 = 0.2 × 0.4472136 = 0.08944272
    /// drift = (r − q + σ²/2)·T = (0.04 − 0.01 + 0.02) × 0.2 = 0.01
    /// e^(−qT) = e^(−0.002) = 0.99800200
    /// unit = 100 × S² × 0.01 = 100 × 10000 × 0.01 = 10000 (USD per 1% per unit of Γ·OI)
    ///
    /// K = 100: ln(S/K) = 0;          d1 = 0.01 / 0.08944272 = 0.11180340
    ///          φ(d1) = 0.39894228 × e^(−0.00625) = 0.39894228 × 0.99376949 = 0.39645667
    ///          Γ = 0.99800200 × 0.39645667 / (100 × 0.08944272) = 0.39566454 / 8.944272 = 0.04423664
    /// K = 110: ln(100/110) = −0.09531018; d1 = (−0.09531018 + 0.01) / 0.08944272 = −0.95379681
    ///          φ(d1) = 0.39894228 × e^(−0.45486418) = 0.39894228 × 0.63453446 = 0.25314250
    ///          Γ = 0.99800200 × 0.25314250 / 8.944272 = 0.02824564
    /// K = 95:  ln(100/95) = 0.05129329;   d1 = (0.05129329 + 0.01) / 0.08944272 = 0.68527986
    ///          φ(d1) = 0.39894228 × e^(−0.23480424) = 0.39894228 × 0.79072 = 0.31545388
    ///          Γ = 0.99800200 × 0.31545388 / 8.944272 = 0.03519835
    ///
    /// exposure = sign × Γ × OI × 10000:
    ///   C100 OI 1000: +0.04423664 × 1000 × 10000 = +442,366.41
    ///   C110 OI  500: +0.02824564 ×  500 × 10000 = +141,228.22
    ///   P95  OI 2000: −0.03519835 × 2000 × 10000 = −703,966.98
    ///   P100 OI  800: −0.04423664 ×  800 × 10000 = −353,893.13
    /// calls = 583,594.63; puts = −1,057,860.11; total = −474,265.48
    /// by strike: 95 → put −703,966.98; 100 → call 442,366.41, put −353,893.13, net 88,473.28; 110 → call 141,228.22
    /// call wall = 100 (442,366 > 141,228); put wall = 95 (−703,967 &lt; −353,893)
    /// </code>
    /// The digits asserted are the 15-digit mpmath values of the same arithmetic.
    /// </summary>
    private static OptionContract[] HandChain() =>
    [
        new(Expiry, OptionKind.Call, 100, 1000, 0.2),
        new(Expiry, OptionKind.Call, 110, 500, 0.2),
        new(Expiry, OptionKind.Put, 95, 2000, 0.2),
        new(Expiry, OptionKind.Put, 100, 800, 0.2),
    ];

    [Fact]
    public void Compute_HandCheckedChain_GammaPerContract()
    {
        var result = GammaExposure.Compute(HandChain(), 100, AsOf, Params);

        Rel(result.ContractGamma[0], 0.0442366410385804).ShouldBeLessThan(RelTol);
        Rel(result.ContractGamma[1], 0.0282456441069711).ShouldBeLessThan(RelTol);
        Rel(result.ContractGamma[2], 0.0351983491510231).ShouldBeLessThan(RelTol);
        Rel(result.ContractGamma[3], 0.0442366410385804).ShouldBeLessThan(RelTol);
    }

    [Fact]
    public void Compute_HandCheckedChain_ExposurePerContractAndTotals()
    {
        var result = GammaExposure.Compute(HandChain(), 100, AsOf, Params);

        Rel(result.ContractGexUsdPer1Pct[0], 442366.410385804).ShouldBeLessThan(RelTol);
        Rel(result.ContractGexUsdPer1Pct[1], 141228.220534856).ShouldBeLessThan(RelTol);
        Rel(result.ContractGexUsdPer1Pct[2], -703966.983020461).ShouldBeLessThan(RelTol);
        Rel(result.ContractGexUsdPer1Pct[3], -353893.128308643).ShouldBeLessThan(RelTol);
        Rel(result.CallGexUsdPer1Pct, 442366.410385804 + 141228.220534856).ShouldBeLessThan(RelTol);
        Rel(result.PutGexUsdPer1Pct, -703966.983020461 - 353893.128308643).ShouldBeLessThan(RelTol);
        Rel(result.TotalGexUsdPer1Pct, -474265.480408445).ShouldBeLessThan(RelTol);
        result.ContractsUsed.ShouldBe(4);
        result.Skipped.Total.ShouldBe(0);
    }

    [Fact]
    public void Compute_HandCheckedChain_ByStrikeByExpiryAndWalls()
    {
        var result = GammaExposure.Compute(HandChain(), 100, AsOf, Params);

        result.ByStrike.Select(s => s.Strike).ShouldBe([95.0, 100.0, 110.0]);
        result.ByStrike[0].CallGexUsdPer1Pct.ShouldBe(0.0);
        Rel(result.ByStrike[0].PutGexUsdPer1Pct, -703966.983020461).ShouldBeLessThan(RelTol);
        Rel(result.ByStrike[1].CallGexUsdPer1Pct, 442366.410385804).ShouldBeLessThan(RelTol);
        Rel(result.ByStrike[1].PutGexUsdPer1Pct, -353893.128308643).ShouldBeLessThan(RelTol);
        Rel(result.ByStrike[1].NetGexUsdPer1Pct, 442366.410385804 - 353893.128308643).ShouldBeLessThan(RelTol);
        Rel(result.ByStrike[2].CallGexUsdPer1Pct, 141228.220534856).ShouldBeLessThan(RelTol);
        result.ByStrike[2].PutGexUsdPer1Pct.ShouldBe(0.0);

        result.CallWall.ShouldBe(100.0);
        result.PutWall.ShouldBe(95.0);

        var expiry = result.ByExpiry.ShouldHaveSingleItem();
        expiry.Expiry.ShouldBe(Expiry);
        expiry.YearsToExpiry.ShouldBe(0.2, 1e-15);
        expiry.Contracts.ShouldBe(4);
        Rel(expiry.NetGexUsdPer1Pct, -474265.480408445).ShouldBeLessThan(RelTol);
    }

    [Fact]
    public void Compute_ByExpiry_SplitsAndSumsToTotal()
    {
        OptionContract[] chain =
        [
            new(AsOf.AddDays(7), OptionKind.Call, 100, 300, 0.25),
            new(AsOf.AddDays(35), OptionKind.Put, 100, 700, 0.22),
            new(AsOf.AddDays(7), OptionKind.Put, 98, 400, 0.27),
        ];
        var result = GammaExposure.Compute(chain, 100, AsOf, Params);

        result.ByExpiry.Select(e => e.Expiry).ShouldBe([AsOf.AddDays(7), AsOf.AddDays(35)]);
        result.ByExpiry.Select(e => e.Contracts).ShouldBe([2, 1]);
        result.ByExpiry[0].YearsToExpiry.ShouldBe(7.0 / 365.0);
        result.ByExpiry.Sum(e => e.NetGexUsdPer1Pct).ShouldBe(result.TotalGexUsdPer1Pct, Math.Abs(result.TotalGexUsdPer1Pct) * RelTol);
        result.ByStrike.Sum(s => s.NetGexUsdPer1Pct).ShouldBe(result.TotalGexUsdPer1Pct, Math.Abs(result.TotalGexUsdPer1Pct) * RelTol);
    }

    [Fact]
    public void Compute_ProfileAtSpotLevel_EqualsTotalAtSpot()
    {
        // 401 levels over 0.8..1.2 put level 200 exactly at spot, so the repriced kernel must reproduce the direct total.
        var p = Params with { GridLevels = 401 };
        var result = GammaExposure.Compute(HandChain(), 100, AsOf, p);

        result.ProfileLevels[200].ShouldBe(100.0, 1e-12);
        Rel(result.ProfileNetGexUsdPer1Pct[200], result.TotalGexUsdPer1Pct).ShouldBeLessThan(RelTol);
    }

    [Fact]
    public void Compute_Profile_MatchesDirectRepricingAtEveryLevel()
    {
        var chain = HandChain();
        var result = GammaExposure.Compute(chain, 100, AsOf, Params with { GridLevels = 37 });

        result.ProfileLevels[0].ShouldBe(80.0, 1e-12);
        result.ProfileLevels[^1].ShouldBe(120.0, 1e-12);
        for (var j = 0; j < result.ProfileLevels.Count; j++)
        {
            var level = result.ProfileLevels[j];
            var direct = 0.0;
            foreach (var c in chain)
            {
                var sign = c.Kind == OptionKind.Call ? 1 : -1;
                direct += sign * BlackScholes.Gamma(level, c.Strike, 0.2, 0.04, 0.01, c.ImpliedVol) * c.OpenInterest * 100 * level * level * 0.01;
            }

            result.ProfileNetGexUsdPer1Pct[j].ShouldBe(direct, Math.Abs(direct) * 1e-9);
        }
    }

    [Fact]
    public void Compute_ManyContractsWithUnderflow_ProfileMatchesDirectRepricing()
    {
        // 13 contracts (vector lanes plus a scalar tail), mixed expiries including same-day, and strikes far enough
        // from some levels that e^(−d1²/2) underflows to 0: every level must still equal the direct sum and be finite.
        var chain = new OptionContract[13];
        for (var i = 0; i < chain.Length; i++)
        {
            var kind = i % 3 == 0 ? OptionKind.Put : OptionKind.Call;
            chain[i] = new OptionContract(AsOf.AddDays(i * 5 % 40), kind, 60 + (i * 7), 100 + (37 * i), 0.05 + (0.03 * i));
        }

        // Valued at 10:00 so the same-day contracts are still alive (6 hours to their 16:00 settlement).
        var p = Params with { GridLevels = 61, GridLowFraction = 0.5, GridHighFraction = 1.6, ValuationTime = new TimeOnly(10, 0) };
        var result = GammaExposure.Compute(chain, 100, AsOf, p);

        result.ContractsUsed.ShouldBe(13);
        for (var j = 0; j < result.ProfileLevels.Count; j++)
        {
            var level = result.ProfileLevels[j];
            var direct = 0.0;
            foreach (var c in chain)
            {
                var t = ((c.Expiry.DayNumber - AsOf.DayNumber) * 1440.0 + 360) / (365 * 1440);
                var sign = c.Kind == OptionKind.Call ? 1 : -1;
                direct += sign * BlackScholes.Gamma(level, c.Strike, t, 0.04, 0.01, c.ImpliedVol) * c.OpenInterest * 100 * level * level * 0.01;
            }

            double.IsFinite(result.ProfileNetGexUsdPer1Pct[j]).ShouldBeTrue();
            result.ProfileNetGexUsdPer1Pct[j].ShouldBe(direct, (Math.Abs(direct) * 1e-9) + 1e-200);
        }
    }

    [Fact]
    public void Compute_PutBelowCallAbove_FlipAtAnalyticLevel()
    {
        // Put K=90 and call K=110, same OI, σ, T: the exposures cancel where d1 is equal and opposite,
        // ln L − ln 110 + μT = −(ln L − ln 90 + μT), so L* = √(90·110)·e^(−μT), μT = (0.04 − 0.01 + 0.02)·0.2 = 0.01:
        // L* = 99.498744 × e^(−0.01) = 98.508714669. Below it the put dominates (−), above it the call (+).
        OptionContract[] chain =
        [
            new(Expiry, OptionKind.Put, 90, 1000, 0.2),
            new(Expiry, OptionKind.Call, 110, 1000, 0.2),
        ];
        var result = GammaExposure.Compute(chain, 100, AsOf, Params);

        var expected = Math.Sqrt(9900) * Math.Exp(-0.01);
        result.ZeroGammaLevel.ShouldNotBeNull();
        result.ZeroGammaLevel.Value.ShouldBe(expected, FlipTol);
        result.ZeroGammaCrossings.ShouldBe(1);
        result.ProfileNetGexUsdPer1Pct[0].ShouldBeLessThan(0);
        result.ProfileNetGexUsdPer1Pct[^1].ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Compute_TwoCrossings_ChoosesNearestSpot()
    {
        // Put 85, call 98, put 115: profile −, +, −. Exact roots (mpmath findroot): 90.630682660 and 104.708018876.
        // Spot 100 is nearer the upper one (4.71 vs 9.37).
        OptionContract[] chain =
        [
            new(Expiry, OptionKind.Put, 85, 1000, 0.2),
            new(Expiry, OptionKind.Call, 98, 1000, 0.2),
            new(Expiry, OptionKind.Put, 115, 1000, 0.2),
        ];
        var result = GammaExposure.Compute(chain, 100, AsOf, Params);

        result.ZeroGammaCrossings.ShouldBe(2);
        result.ZeroGammaLevel.ShouldNotBeNull();
        result.ZeroGammaLevel.Value.ShouldBe(104.708018876, FlipTol);

        var lower = GammaExposure.FindZeroCrossing(
            result.ProfileLevels.ToArray(), result.ProfileNetGexUsdPer1Pct.ToArray(), 85, out _);
        lower.ShouldNotBeNull();
        lower.Value.ShouldBe(90.630682660, FlipTol);
    }

    [Fact]
    public void Compute_CallsOnly_NoFlipInRange()
    {
        OptionContract[] chain =
        [
            new(Expiry, OptionKind.Call, 95, 1000, 0.2),
            new(Expiry, OptionKind.Call, 105, 1000, 0.2),
        ];
        var result = GammaExposure.Compute(chain, 100, AsOf, Params);

        result.ZeroGammaLevel.ShouldBeNull();
        result.ZeroGammaCrossings.ShouldBe(0);
        result.PutWall.ShouldBeNull();
        // d1(95) = (0.05129 + 0.01)/0.08944 = 0.685, d1(105) = (−0.04879 + 0.01)/0.08944 = −0.434: the K=105 call has more Γ.
        result.CallWall.ShouldBe(105.0);
    }

    [Fact]
    public void FindZeroCrossing_StepsOverExactZeros()
    {
        double[] levels = [1, 2, 3, 4, 5];
        double[] values = [-2, 0, 0, 2, 0];
        GammaExposure.FindZeroCrossing(levels, values, 3, out var crossings).ShouldBe(2.5);
        crossings.ShouldBe(1);
    }

    [Fact]
    public void FindZeroCrossing_AllZero_None()
    {
        GammaExposure.FindZeroCrossing([1.0, 2.0], [0.0, 0.0], 1.5, out var crossings).ShouldBeNull();
        crossings.ShouldBe(0);
    }

    [Fact]
    public void Compute_EmptyChain_ZeroTotalsNoWallsNoFlip()
    {
        var result = GammaExposure.Compute([], 100, AsOf, Params);

        result.ContractsUsed.ShouldBe(0);
        result.TotalGexUsdPer1Pct.ShouldBe(0.0);
        result.CallWall.ShouldBeNull();
        result.PutWall.ShouldBeNull();
        result.ZeroGammaLevel.ShouldBeNull();
        result.VendorComparison.ShouldBeNull();
        result.ProfileLevels.Count.ShouldBe(400);
    }

    [Fact]
    public void Compute_BadContracts_CountedByReasonNotThrown()
    {
        OptionContract[] chain =
        [
            new(Expiry, OptionKind.Call, 100, 1000, 0.2),               // used
            new(Expiry, OptionKind.Call, double.NaN, 1000, 0.2),        // invalid: NaN strike
            new(Expiry, OptionKind.Put, 0, 1000, 0.2),                  // invalid: strike 0
            new(Expiry, OptionKind.Put, -5, 1000, 0.2),                 // invalid: negative strike
            new(Expiry, (OptionKind)7, 100, 1000, 0.2),                 // invalid: unknown kind
            new(AsOf.AddDays(-1), OptionKind.Call, 100, 1000, 0.2),     // expired
            new(Expiry, OptionKind.Call, 100, 0, 0.2),                  // no OI: zero
            new(Expiry, OptionKind.Call, 100, -3, 0.2),                 // no OI: negative
            new(Expiry, OptionKind.Call, 100, double.NaN, 0.2),         // no OI: missing
            new(Expiry, OptionKind.Call, 100, 1000, 0),                 // IV: 0 means missing
            new(Expiry, OptionKind.Call, 100, 1000, 0.01),              // IV: bound itself is outside the open interval
            new(Expiry, OptionKind.Call, 100, 1000, 5),                 // IV: upper bound
            new(Expiry, OptionKind.Call, 100, 1000, double.NaN),        // IV: missing
            new(Expiry, OptionKind.Call, 100, 1000, 4.99),              // used
        ];
        var result = GammaExposure.Compute(chain, 100, AsOf, Params);

        result.Skipped.ShouldBe(new GexSkipCounts(InvalidContract: 4, Expired: 1, NoOpenInterest: 3, IvOutOfRange: 4));
        result.ContractsUsed.ShouldBe(2);
        (result.ContractsUsed + result.Skipped.Total).ShouldBe(chain.Length);
        result.ContractSkipReason[1].ShouldBe(GexSkipReason.InvalidContract);
        result.ContractSkipReason[5].ShouldBe(GexSkipReason.Expired);
        result.ContractSkipReason[13].ShouldBe(GexSkipReason.None);
        double.IsNaN(result.ContractGexUsdPer1Pct[1]).ShouldBeTrue();
        double.IsFinite(result.TotalGexUsdPer1Pct).ShouldBeTrue();
        result.TotalGexUsdPer1Pct.ShouldBe(result.ContractGexUsdPer1Pct[0] + result.ContractGexUsdPer1Pct[13], 1e-6);
    }

    [Fact]
    public void Compute_SameDayExpiryAtTheClose_IsExpired_NextDay_IsOneCalendarDay_LastMinutes_UseTheFloor()
    {
        OptionContract[] chain =
        [
            new(AsOf, OptionKind.Call, 101, 500, 0.18),
            new(AsOf.AddDays(1), OptionKind.Put, 99, 500, 0.18),
        ];
        var result = GammaExposure.Compute(chain, 100, AsOf, Params);
        var lastMinutes = GammaExposure.Compute(chain, 100, AsOf, Params with { ValuationTime = new TimeOnly(15, 55) });

        result.ContractsUsed.ShouldBe(1);
        result.Skipped.Expired.ShouldBe(1);
        Rel(result.ContractGamma[1], BlackScholes.Gamma(100, 99, 1.0 / 365, 0.04, 0.01, 0.18)).ShouldBeLessThan(RelTol);
        result.ByExpiry.Single().YearsToExpiry.ShouldBe(1.0 / 365, 1e-15);
        lastMinutes.ContractsUsed.ShouldBe(2);
        lastMinutes.ByExpiry[0].YearsToExpiry.ShouldBe(ExpiryConvention.DefaultMinYears, "5 minutes left: the 15-minute floor");
    }

    [Fact]
    public void Compute_VendorGammaTenPercentHigher_ReportsTenPercent()
    {
        var ours = GammaExposure.Compute(HandChain(), 100, AsOf, Params);
        var chain = HandChain();
        for (var i = 0; i < chain.Length; i++)
            chain[i] = chain[i] with { VendorGamma = ours.ContractGamma[i] * 1.1 };

        var result = GammaExposure.Compute(chain, 100, AsOf, Params);

        var cmp = result.VendorComparison.ShouldNotBeNull();
        cmp.ContractsCompared.ShouldBe(4);
        cmp.ContractsInRelativeStats.ShouldBe(4);
        cmp.MedianRelativeDifference.ShouldBe(0.10, 1e-12);
        cmp.MedianAbsoluteRelativeDifference.ShouldBe(0.10, 1e-12);
        cmp.TotalRelativeDifference.ShouldBe(0.10, 1e-12);
        Rel(cmp.OurTotalGexUsdPer1Pct, result.TotalGexUsdPer1Pct).ShouldBeLessThan(RelTol);
        Rel(cmp.VendorGammaTotalGexUsdPer1Pct, 1.1 * result.TotalGexUsdPer1Pct).ShouldBeLessThan(RelTol);
        result.VendorGammaTotalGexUsdPer1Pct.ShouldBe(cmp.VendorGammaTotalGexUsdPer1Pct);
        result.TotalGexUsdPer1Pct.ShouldBe(ours.TotalGexUsdPer1Pct); // our figures do not depend on the vendor's
    }

    [Fact]
    public void Compute_VendorGammaOnSomeContracts_ComparesOnlyThose()
    {
        var ours = GammaExposure.Compute(HandChain(), 100, AsOf, Params);
        var chain = HandChain();
        chain[0] = chain[0] with { VendorGamma = ours.ContractGamma[0] * 0.8 };   // −20%
        chain[2] = chain[2] with { VendorGamma = ours.ContractGamma[2] * 1.3 };   // +30%
        chain[3] = chain[3] with { VendorGamma = 0 };                             // vendor says 0: in totals, not in medians

        var cmp = GammaExposure.Compute(chain, 100, AsOf, Params).VendorComparison.ShouldNotBeNull();

        cmp.ContractsCompared.ShouldBe(3);
        cmp.ContractsInRelativeStats.ShouldBe(2);
        cmp.MedianRelativeDifference.ShouldBe(0.05, 1e-12);          // mean of −0.2 and +0.3
        cmp.MedianAbsoluteRelativeDifference.ShouldBe(0.25, 1e-12);  // mean of 0.2 and 0.3
        var e = ours.ContractGexUsdPer1Pct;
        Rel(cmp.OurTotalGexUsdPer1Pct, e[0] + e[2] + e[3]).ShouldBeLessThan(RelTol);
        Rel(cmp.VendorGammaTotalGexUsdPer1Pct, (0.8 * e[0]) + (1.3 * e[2])).ShouldBeLessThan(RelTol);
    }

    [Fact]
    public void Compute_NoVendorGamma_ComparisonIsNull()
    {
        var result = GammaExposure.Compute(HandChain(), 100, AsOf, Params);
        result.VendorComparison.ShouldBeNull();
        result.VendorGammaTotalGexUsdPer1Pct.ShouldBeNull();
    }

    [Fact]
    public void Compute_DividendYield_ChangesExposureByDiscountFactor()
    {
        // The engine passes q through to Γ: with q = 0.05 the at-the-money call's Γ carries e^(−0.05·0.2) = 0.99005
        // and d1 = (0.04 − 0.05 + 0.02)·0.2 / (0.2·√0.2) = 0.02236.
        var p = Params with { DividendYield = 0.05 };
        var result = GammaExposure.Compute([new(Expiry, OptionKind.Call, 100, 1, 0.2)], 100, AsOf, p);
        var d1 = (0.04 - 0.05 + 0.02) * 0.2 / (0.2 * Math.Sqrt(0.2));
        var expected = Math.Exp(-0.05 * 0.2) * NormalDistribution.Pdf(d1) / (100 * 0.2 * Math.Sqrt(0.2)) * 100 * 100 * 100 * 0.01;
        Rel(result.TotalGexUsdPer1Pct, expected).ShouldBeLessThan(RelTol);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Compute_InvalidSpot_Throws(double spot)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => GammaExposure.Compute(HandChain(), spot, AsOf, Params)).ParamName.ShouldBe("spot");
    }

    [Fact]
    public void Compute_GridOfOneLevel_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => GammaExposure.Compute(HandChain(), 100, AsOf, Params with { GridLevels = 1 }))
            .ParamName.ShouldBe(nameof(GexParameters.GridLevels));
    }

    private static double Rel(double actual, double expected) => Math.Abs((actual / expected) - 1.0);
}

public class GammaExposureTotalTests
{
    [Fact]
    public void Total_EqualsComputeTotal_Exactly()
    {
        var asOf = new DateOnly(2026, 7, 20);
        var rng = new Random(11);
        var chain = Enumerable.Range(0, 500).Select(i => new IwmDesk.Analytics.Options.OptionContract(
            asOf.AddDays(rng.Next(-2, 120)),
            i % 2 == 0 ? IwmDesk.Analytics.Options.OptionKind.Call : IwmDesk.Analytics.Options.OptionKind.Put,
            200 + rng.Next(0, 100),
            rng.Next(-5, 5000),
            rng.NextDouble() * 1.2)).ToArray();
        var full = IwmDesk.Analytics.Options.GammaExposure.Compute(chain, 250, asOf).TotalGexUsdPer1Pct;
        IwmDesk.Analytics.Options.GammaExposure.Total(chain, 250, asOf).ShouldBe(full);
    }
}
