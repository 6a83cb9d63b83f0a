using System.Numerics;

namespace IwmDesk.Analytics.Options;

/// <summary>
/// Dealer gamma exposure (GEX) of an option-chain snapshot, in USD per 1% move of the underlying.
/// Convention: dealers are long the calls and short the puts customers hold, so calls count + and puts −;
/// per contract, exposure = sign × Γ × OI × multiplier × S² × 0.01. Vanna exposure = sign × ∂Δ/∂σ × OI × multiplier × S × 0.01
/// (USD of dealer delta per +1 vol point), charm exposure = sign × dΔ/dt per calendar day × OI × multiplier × S (USD of
/// dealer delta per day that passes). See docs/methodology.md, "Gamma exposure".
/// </summary>
public static class GammaExposure
{
    /// <summary>The size of the move the exposures are quoted for: 1% of spot.</summary>
    public const double OnePercent = 0.01;

    /// <summary>
    /// Computes exposures at spot (per contract, by strike, by expiry, total), the walls, the repriced profile over
    /// the spot grid and its zero-gamma level, and the comparison with vendor gammas where the chain carries them.
    /// Bad contracts are skipped and counted by reason; they never make this throw.
    /// </summary>
    /// <param name="chain">The contracts of one snapshot.</param>
    /// <param name="spot">Underlying price at the valuation moment (&gt; 0).</param>
    /// <param name="asOf">Snapshot date; the valuation moment is this date at <see cref="GexParameters.ValuationTime"/> (ET).</param>
    /// <param name="parameters">Rate, dividend yield, filters and grid; <see cref="GexParameters.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">Spot is not a positive finite number, or a parameter is invalid.</exception>
    public static GexResult Compute(ReadOnlySpan<OptionContract> chain, double spot, DateOnly asOf, GexParameters? parameters = null)
    {
        var p = parameters ?? GexParameters.Default;
        p.Validate();
        if (!(spot > 0) || double.IsInfinity(spot))
            throw new ArgumentOutOfRangeException(nameof(spot), spot, "spot must be a positive finite price");

        var n = chain.Length;
        var gamma = new double[n];
        var exposure = new double[n];
        var reasons = new GexSkipReason[n];
        var years = new double[n];
        var vanna = new double[n];
        var charm = new double[n];

        // Per used contract, the grid kernel's coefficients: d1(L) = a·ln L + b, exposure(L) = L · c · e^(−d1²/2).
        var a = new double[n];
        var b = new double[n];
        var c = new double[n];
        var usedIndex = new int[n];
        var used = 0;
        int invalid = 0, expired = 0, noOi = 0, badIv = 0;
        double callTotal = 0, putTotal = 0, vannaTotal = 0, charmTotal = 0, callOi = 0, putOi = 0;
        var r = p.Rate;
        var q = p.DividendYield;
        var valuation = asOf.ToDateTime(p.ValuationTime);
        var unitAtSpot = p.ContractMultiplier * spot * spot * OnePercent;
        var deltaUnit = p.ContractMultiplier * spot;
        var nearestDay = int.MaxValue;
        var nearestOiDay = int.MaxValue;

        for (var i = 0; i < n; i++)
        {
            var k = chain[i];
            var reason = Classify(k, asOf, p);
            reasons[i] = reason;
            if (reason is GexSkipReason.None or GexSkipReason.IvOutOfRange)
            {
                // Open interest counts for the put/call ratio and max pain whatever the IV.
                if (k.Kind == OptionKind.Call)
                    callOi += k.OpenInterest;
                else
                    putOi += k.OpenInterest;
                nearestOiDay = Math.Min(nearestOiDay, k.Expiry.DayNumber);
            }

            if (reason != GexSkipReason.None)
            {
                gamma[i] = double.NaN;
                exposure[i] = double.NaN;
                years[i] = double.NaN;
                vanna[i] = double.NaN;
                charm[i] = double.NaN;
                switch (reason)
                {
                    case GexSkipReason.InvalidContract: invalid++; break;
                    case GexSkipReason.Expired: expired++; break;
                    case GexSkipReason.NoOpenInterest: noOi++; break;
                    default: badIv++; break;
                }

                continue;
            }

            var t = ExpiryConvention.YearsToSettlement(valuation, k.Expiry, k.AmSettled, p.MinYearsToExpiry);
            years[i] = t;
            var sigma = k.ImpliedVol;
            var g = BlackScholes.Gamma(spot, k.Strike, t, r, q, sigma);
            var sign = k.Kind == OptionKind.Call ? 1.0 : -1.0;
            var e = sign * g * k.OpenInterest * unitAtSpot;
            gamma[i] = g;
            exposure[i] = e;
            if (sign > 0)
                callTotal += e;
            else
                putTotal += e;
            var va = sign * BlackScholes.Vanna(spot, k.Strike, t, r, q, sigma) * k.OpenInterest * deltaUnit * OnePercent;
            var ch = sign * BlackScholes.Charm(k.Kind, spot, k.Strike, t, r, q, sigma) / ExpiryConvention.DaysPerYear * k.OpenInterest * deltaUnit;
            vanna[i] = va;
            charm[i] = ch;
            vannaTotal += va;
            charmTotal += ch;
            nearestDay = Math.Min(nearestDay, k.Expiry.DayNumber);

            var invSigmaSqrtT = 1.0 / (sigma * Math.Sqrt(t));
            a[used] = invSigmaSqrtT;
            b[used] = (((r - q + (0.5 * sigma * sigma)) * t) - Math.Log(k.Strike)) * invSigmaSqrtT;
            c[used] = sign * Math.Exp(-q * t) * k.OpenInterest * p.ContractMultiplier * OnePercent * NormalDistribution.InvSqrt2Pi * invSigmaSqrtT;
            usedIndex[used] = i;
            used++;
        }

        var levels = new double[p.GridLevels];
        var lnLevels = new double[p.GridLevels];
        var net = new double[p.GridLevels];
        FillGrid(spot, p, levels, lnLevels);
        ProfileKernel(a.AsSpan(0, used), b.AsSpan(0, used), c.AsSpan(0, used), levels, lnLevels, net);
        var flip = FindZeroCrossing(levels, net, spot, out var crossings);

        // The same profile without the nearest expiry (the 0–1 day gamma that dominates and rolls off first): the
        // nearest expiry's own profile (a small share of the contracts) subtracted from the full one.
        var near = 0;
        double restTotal = 0;
        for (var u = 0; u < used; u++)
        {
            var i = usedIndex[u];
            if (chain[i].Expiry.DayNumber != nearestDay)
            {
                restTotal += exposure[i];
                continue;
            }

            a[near] = a[u];
            b[near] = b[u];
            c[near] = c[u];
            near++;
        }

        var netExNearest = new double[p.GridLevels];
        ProfileKernel(a.AsSpan(0, near), b.AsSpan(0, near), c.AsSpan(0, near), levels, lnLevels, netExNearest);
        for (var j = 0; j < netExNearest.Length; j++)
            netExNearest[j] = near == used ? 0 : net[j] - netExNearest[j];
        var flipExNearest = FindZeroCrossing(levels, netExNearest, spot, out var crossingsExNearest);

        var usedSpan = usedIndex.AsSpan(0, used);
        var byStrike = AggregateByStrike(chain, usedSpan, exposure, out var callWall, out var putWall);
        var byExpiry = AggregateByExpiry(chain, usedSpan, exposure, years, vanna, charm);
        var vendor = CompareVendor(chain, usedSpan, gamma, exposure, unitAtSpot, asOf);
        var maxPain = nearestOiDay == int.MaxValue ? null : MaxPain(chain, reasons, nearestOiDay);

        return new GexResult
        {
            AsOf = asOf,
            Valuation = valuation,
            Spot = spot,
            Parameters = p,
            ContractsUsed = used,
            Skipped = new GexSkipCounts(invalid, expired, noOi, badIv),
            TotalGexUsdPer1Pct = callTotal + putTotal,
            CallGexUsdPer1Pct = callTotal,
            PutGexUsdPer1Pct = putTotal,
            VannaUsdPerVolPoint = vannaTotal,
            CharmUsdPerDay = charmTotal,
            ContractGamma = gamma,
            ContractGexUsdPer1Pct = exposure,
            ContractVannaUsdPerVolPoint = vanna,
            ContractCharmUsdPerDay = charm,
            ContractSkipReason = reasons,
            ByStrike = byStrike,
            ByExpiry = byExpiry,
            Buckets = Buckets(asOf, byExpiry),
            CallWall = callWall,
            PutWall = putWall,
            ProfileLevels = levels,
            ProfileNetGexUsdPer1Pct = net,
            ZeroGammaLevel = flip,
            ZeroGammaCrossings = crossings,
            NearestExpiry = nearestDay == int.MaxValue ? null : DateOnly.FromDayNumber(nearestDay),
            TotalGexExNearestUsdPer1Pct = restTotal,
            ProfileNetGexExNearestUsdPer1Pct = netExNearest,
            ZeroGammaLevelExNearest = flipExNearest,
            ZeroGammaCrossingsExNearest = crossingsExNearest,
            CallOpenInterest = callOi,
            PutOpenInterest = putOi,
            MaxPain = maxPain,
            MaxPainExpiry = maxPain is null ? null : DateOnly.FromDayNumber(nearestOiDay),
            VendorComparison = vendor,
        };
    }

    /// <summary>The bucket of an expiry <paramref name="days"/> calendar days after the as-of date.</summary>
    public static GexBucket BucketOf(int days) => days switch
    {
        <= 0 => GexBucket.SameDay,
        <= 7 => GexBucket.UpTo7Days,
        <= 30 => GexBucket.UpTo30Days,
        _ => GexBucket.Beyond30Days,
    };

    private static BucketGex[] Buckets(DateOnly asOf, ExpiryGex[] byExpiry)
    {
        var rows = new BucketGex[4];
        for (var j = 0; j < rows.Length; j++)
            rows[j] = new BucketGex((GexBucket)j, 0, 0, 0);
        foreach (var e in byExpiry)
        {
            var j = (int)BucketOf(e.Expiry.DayNumber - asOf.DayNumber);
            var row = rows[j];
            rows[j] = row with
            {
                Contracts = row.Contracts + e.Contracts,
                CallGexUsdPer1Pct = row.CallGexUsdPer1Pct + e.CallGexUsdPer1Pct,
                PutGexUsdPer1Pct = row.PutGexUsdPer1Pct + e.PutGexUsdPer1Pct,
            };
        }

        return rows;
    }

    /// <summary>
    /// Max pain of one expiry: the settlement price, among the expiry's strikes, that minimises the intrinsic value
    /// paid to holders, Σ calls OI·max(0, P − K) + Σ puts OI·max(0, K − P). Ties go to the lower strike.
    /// </summary>
    private static double? MaxPain(ReadOnlySpan<OptionContract> chain, GexSkipReason[] reasons, int day)
    {
        var strikes = new List<double>();
        for (var i = 0; i < chain.Length; i++)
        {
            if (chain[i].Expiry.DayNumber == day && reasons[i] is GexSkipReason.None or GexSkipReason.IvOutOfRange)
                strikes.Add(chain[i].Strike);
        }

        if (strikes.Count == 0)
            return null;
        strikes.Sort();
        double? best = null;
        var bestPain = double.PositiveInfinity;
        var previous = double.NaN;
        foreach (var settle in strikes)
        {
            if (settle == previous)
                continue;
            previous = settle;
            double pain = 0;
            for (var i = 0; i < chain.Length; i++)
            {
                var k = chain[i];
                if (k.Expiry.DayNumber != day || reasons[i] is not (GexSkipReason.None or GexSkipReason.IvOutOfRange))
                    continue;
                pain += k.OpenInterest * (k.Kind == OptionKind.Call ? Math.Max(0, settle - k.Strike) : Math.Max(0, k.Strike - settle));
            }

            if (pain < bestPain)
            {
                bestPain = pain;
                best = settle;
            }
        }

        return best;
    }

    /// <summary>
    /// Total GEX only (USD per 1% move), without the profile, flip, walls or aggregations: what a daily GEX series needs.
    /// Same filters, convention and arithmetic as <see cref="Compute"/>, so it equals its <c>TotalGexUsdPer1Pct</c> exactly.
    /// O(n), no allocation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Spot is not a positive finite number, or a parameter is invalid.</exception>
    public static double Total(ReadOnlySpan<OptionContract> chain, double spot, DateOnly asOf, GexParameters? parameters = null)
    {
        var p = parameters ?? GexParameters.Default;
        p.Validate();
        if (!(spot > 0) || double.IsInfinity(spot))
            throw new ArgumentOutOfRangeException(nameof(spot), spot, "spot must be a positive finite price");
        var unitAtSpot = p.ContractMultiplier * spot * spot * OnePercent;
        var valuation = asOf.ToDateTime(p.ValuationTime);
        double callTotal = 0, putTotal = 0;
        for (var i = 0; i < chain.Length; i++)
        {
            var k = chain[i];
            if (Classify(k, asOf, p) != GexSkipReason.None)
                continue;
            var t = ExpiryConvention.YearsToSettlement(valuation, k.Expiry, k.AmSettled, p.MinYearsToExpiry);
            var g = BlackScholes.Gamma(spot, k.Strike, t, p.Rate, p.DividendYield, k.ImpliedVol);
            var sign = k.Kind == OptionKind.Call ? 1.0 : -1.0;
            var e = sign * g * k.OpenInterest * unitAtSpot;
            if (sign > 0)
                callTotal += e;
            else
                putTotal += e;
        }

        return callTotal + putTotal;
    }

    /// <summary>Why a contract would be skipped (first reason in <see cref="GexSkipReason"/> order), or None.</summary>
    /// <param name="contract">The contract.</param>
    /// <param name="asOf">Snapshot date.</param>
    /// <param name="parameters">The valuation time and the implied-vol bounds are taken from here.</param>
    public static GexSkipReason Classify(in OptionContract contract, DateOnly asOf, GexParameters parameters)
    {
        if (!(contract.Strike > 0) || double.IsInfinity(contract.Strike) || contract.Kind is not (OptionKind.Call or OptionKind.Put))
            return GexSkipReason.InvalidContract;
        if (ExpiryConvention.HasExpired(asOf.ToDateTime(parameters.ValuationTime), contract.Expiry, contract.AmSettled))
            return GexSkipReason.Expired;
        if (!(contract.OpenInterest > 0) || double.IsInfinity(contract.OpenInterest))
            return GexSkipReason.NoOpenInterest;
        if (!(contract.ImpliedVol > parameters.MinImpliedVol && contract.ImpliedVol < parameters.MaxImpliedVol))
            return GexSkipReason.IvOutOfRange;
        return GexSkipReason.None;
    }

    /// <summary>
    /// Where a profile changes sign, by linear interpolation between the bracketing grid levels.
    /// Exact zeros (e.g. every gamma underflowed far from the strikes) are stepped over: the crossing is interpolated
    /// between the nearest non-zero levels on either side. With several crossings, the one nearest
    /// <paramref name="spot"/> is returned.
    /// </summary>
    /// <param name="levels">Grid levels, ascending.</param>
    /// <param name="values">Profile values at those levels.</param>
    /// <param name="spot">Reference level for choosing among several crossings.</param>
    /// <param name="crossings">How many sign changes the profile has.</param>
    /// <returns>The crossing level, or null when the profile never changes sign.</returns>
    public static double? FindZeroCrossing(ReadOnlySpan<double> levels, ReadOnlySpan<double> values, double spot, out int crossings)
    {
        if (levels.Length != values.Length)
            throw new ArgumentOutOfRangeException(nameof(values), values.Length, $"values must have one entry per level ({levels.Length})");
        crossings = 0;
        double? best = null;
        var bestDistance = double.PositiveInfinity;
        var prev = -1;
        for (var j = 0; j < values.Length; j++)
        {
            var v = values[j];
            if (v == 0 || double.IsNaN(v))
                continue;
            if (prev >= 0 && (v > 0) != (values[prev] > 0))
            {
                var x0 = levels[prev];
                var y0 = values[prev];
                var x = x0 + ((levels[j] - x0) * y0 / (y0 - v));
                crossings++;
                var distance = Math.Abs(x - spot);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = x;
                }
            }

            prev = j;
        }

        return best;
    }

    /// <summary>Grid levels L_j = S·(low + (high − low)·j/(n − 1)) and their logarithms.</summary>
    internal static void FillGrid(double spot, GexParameters p, Span<double> levels, Span<double> lnLevels)
    {
        var count = levels.Length;
        var step = (p.GridHighFraction - p.GridLowFraction) / (count - 1);
        for (var j = 0; j < count; j++)
        {
            var level = spot * (p.GridLowFraction + (step * j));
            levels[j] = level;
            lnLevels[j] = Math.Log(level);
        }
    }

    /// <summary>
    /// The grid loop: net(L_j) = L_j · Σ_i c_i · exp(−½ (a_i ln L_j + b_i)²). One exp per (contract, level), no logs,
    /// no allocation; vectorised with <see cref="Vector{T}"/> (Vector.Exp) over contracts, scalar tail.
    /// </summary>
    internal static void ProfileKernel(
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> b,
        ReadOnlySpan<double> c,
        ReadOnlySpan<double> levels,
        ReadOnlySpan<double> lnLevels,
        Span<double> net)
    {
        var m = a.Length;
        b = b[..m];
        c = c[..m];
        var width = Vector<double>.Count;
        var vectorEnd = Vector.IsHardwareAccelerated ? m - (m % width) : 0;
        var minusHalf = new Vector<double>(-0.5);
        for (var j = 0; j < levels.Length; j++)
        {
            var x = lnLevels[j];
            var vx = new Vector<double>(x);
            var acc = Vector<double>.Zero;
            var i = 0;
            for (; i < vectorEnd; i += width)
            {
                var d = (new Vector<double>(a[i..]) * vx) + new Vector<double>(b[i..]);
                acc += new Vector<double>(c[i..]) * Vector.Exp(minusHalf * d * d);
            }

            var sum = Vector.Sum(acc);
            for (; i < m; i++)
            {
                var d = (a[i] * x) + b[i];
                sum += c[i] * Math.Exp(-0.5 * d * d);
            }

            net[j] = levels[j] * sum;
        }
    }

    private static StrikeGex[] AggregateByStrike(
        ReadOnlySpan<OptionContract> chain,
        ReadOnlySpan<int> used,
        double[] exposure,
        out double? callWall,
        out double? putWall)
    {
        var keys = new double[used.Length];
        var order = used.ToArray();
        for (var u = 0; u < order.Length; u++)
            keys[u] = chain[order[u]].Strike;
        Array.Sort(keys, order);

        var rows = new List<StrikeGex>();
        callWall = null;
        putWall = null;
        var bestCall = double.NegativeInfinity;
        var bestPut = double.PositiveInfinity;
        var u0 = 0;
        while (u0 < order.Length)
        {
            var strike = keys[u0];
            double call = 0, put = 0;
            bool hasCall = false, hasPut = false;
            var u1 = u0;
            while (u1 < order.Length && keys[u1] == strike)
            {
                var i = order[u1];
                if (chain[i].Kind == OptionKind.Call)
                {
                    call += exposure[i];
                    hasCall = true;
                }
                else
                {
                    put += exposure[i];
                    hasPut = true;
                }

                u1++;
            }

            rows.Add(new StrikeGex(strike, call, put));
            if (hasCall && call > bestCall)
            {
                bestCall = call;
                callWall = strike;
            }

            if (hasPut && put < bestPut)
            {
                bestPut = put;
                putWall = strike;
            }

            u0 = u1;
        }

        return [.. rows];
    }

    private static ExpiryGex[] AggregateByExpiry(ReadOnlySpan<OptionContract> chain, ReadOnlySpan<int> used, double[] exposure, double[] years, double[] vanna, double[] charm)
    {
        var keys = new int[used.Length];
        var order = used.ToArray();
        for (var u = 0; u < order.Length; u++)
            keys[u] = chain[order[u]].Expiry.DayNumber;
        Array.Sort(keys, order);

        var rows = new List<ExpiryGex>();
        var u0 = 0;
        while (u0 < order.Length)
        {
            var day = keys[u0];
            double call = 0, put = 0, va = 0, ch = 0;
            var u1 = u0;
            while (u1 < order.Length && keys[u1] == day)
            {
                var i = order[u1];
                if (chain[i].Kind == OptionKind.Call)
                    call += exposure[i];
                else
                    put += exposure[i];
                va += vanna[i];
                ch += charm[i];
                u1++;
            }

            rows.Add(new ExpiryGex(DateOnly.FromDayNumber(day), years[order[u0]], u1 - u0, call, put, va, ch));
            u0 = u1;
        }

        return [.. rows];
    }

    /// <summary>
    /// Half the last printed digit of a vendor gamma: CBOE's quotedata prints Γ with 4 decimals, so each printed value is
    /// within ±0.00005 of the vendor's own; over an expiry the vendor's exposure is known only to
    /// Σ 0.00005 · OI · multiplier · S² · 0.01 (<see cref="ExpiryVendorComparison.VendorRoundingBoundUsdPer1Pct"/>).
    /// </summary>
    public const double VendorGammaHalfUnit = 0.00005;

    private static VendorGammaComparison? CompareVendor(
        ReadOnlySpan<OptionContract> chain,
        ReadOnlySpan<int> used,
        double[] gamma,
        double[] exposure,
        double unitAtSpot,
        DateOnly asOf)
    {
        var compared = 0;
        double ours = 0, theirs = 0;
        var relative = new List<double>();
        var byExpiry = new SortedDictionary<int, (int N, double OurCall, double OurPut, double VendorCall, double VendorPut, List<double> Rel, double Bound)>();
        foreach (var i in used)
        {
            var vendorGamma = chain[i].VendorGamma;
            if (!(vendorGamma >= 0) || double.IsInfinity(vendorGamma))
                continue;
            compared++;
            ours += exposure[i];
            var sign = chain[i].Kind == OptionKind.Call ? 1.0 : -1.0;
            var vendorExposure = sign * vendorGamma * chain[i].OpenInterest * unitAtSpot;
            theirs += vendorExposure;
            var day = chain[i].Expiry.DayNumber;
            if (!byExpiry.TryGetValue(day, out var row))
                row = (0, 0, 0, 0, 0, [], 0);
            row.N++;
            row.Bound += chain[i].OpenInterest * unitAtSpot * VendorGammaHalfUnit;
            if (sign > 0)
            {
                row.OurCall += exposure[i];
                row.VendorCall += vendorExposure;
            }
            else
            {
                row.OurPut += exposure[i];
                row.VendorPut += vendorExposure;
            }

            if (gamma[i] > 0 && vendorGamma > 0)
            {
                var d = (vendorGamma - gamma[i]) / gamma[i];
                relative.Add(d);
                row.Rel.Add(d);
            }

            byExpiry[day] = row;
        }

        if (compared == 0)
            return null;
        var signed = relative.ToArray();
        var absolute = new double[signed.Length];
        for (var j = 0; j < signed.Length; j++)
            absolute[j] = Math.Abs(signed[j]);
        var rows = new List<ExpiryVendorComparison>(byExpiry.Count);
        foreach (var (day, row) in byExpiry)
        {
            rows.Add(new ExpiryVendorComparison(DateOnly.FromDayNumber(day), day - asOf.DayNumber, row.N,
                row.OurCall, row.OurPut, row.VendorCall, row.VendorPut, Median([.. row.Rel]))
            { VendorRoundingBoundUsdPer1Pct = row.Bound });
        }

        return new VendorGammaComparison(compared, signed.Length, Median(signed), Median(absolute), ours, theirs) { ByExpiry = rows };
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0)
            return double.NaN;
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }
}
