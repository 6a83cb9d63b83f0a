namespace IwmDesk.Data.Sample;

public static partial class SampleGenerator
{
    private const double ContractMultiplier = 100.0;

    // Chain conventions used to quote prices and to calibrate the chain's GEX: calendar days / 365, IWM's yield.
    private const double ChainDividendYield = 0.012, DaysPerYear = 365.0;

    // ATM implied vol: short end set by the VIX (IWM trades a few points over it), long end 23.5%, blended over ~4 months.
    private const double ShortIvPerVix = 1.15, ShortIvPremium = 0.03, LongRunIv = 0.235, TermDecayYears = 0.35;

    // Smile in standardised moneyness x = ln(K/F) / (σ_atm √T): IV = σ_atm (1 + Skew x + Curvature x²), puts richer.
    private const double Skew = -0.127, Curvature = 0.078, MaxAbsMoneyness = 6.0, MinIv = 0.08, MaxIv = 2.5;

    // Strike grid: 0.7–1.3 × spot, $1 steps within ±10% of spot for expiries up to ~4 months, $5 elsewhere.
    private const double StrikeLow = 0.7, StrikeHigh = 1.3, FineBand = 0.10, FineMaxYears = 0.3;

    // Open interest per strike at the peak, by expiry kind, before the round-strike multipliers and the noise.
    private const double WeeklyOi = 1400, MonthlyOi = 5200, QuarterlyOi = 8200, FarOiFactor = 0.6, OiNoise = 0.35;
    private const double CallOiWidth = 0.9, PutOiWidth = 1.2, CallOiCentre = 0.1, PutOiCentre = -2.5, OiTail = 0.03;

    // Put OI relative to call OI grows with tenor (hedges are bought further out): 1.5× near term to 4× from six months.
    private const double NearPutOiWeight = 1.5, FarPutOiWeight = 4.0, PutWeightTenor = 0.5;
    private const double Round10Multiplier = 2.5, Round5Multiplier = 1.6;

    // Put/call OI ratio bounds the GEX calibration must respect.
    private const double MinPutCallRatio = 1.0, MaxPutCallRatio = 4.5;

    private static readonly int[] MonthlyOffsets = [2, 3, 5, 8, 11];

    /// <summary>
    /// The last day's IWM chain. Prices are Black–Scholes mids (floored at intrinsic) with a spread that widens with
    /// price and tenor; open interest peaks near the money and at round strikes. Call and put OI are then scaled
    /// (keeping the total) so the chain's naive GEX equals the last <c>IWM_GEX</c> value, when that is possible
    /// with a put/call OI ratio of 1–4.5; otherwise the nearest ratio is used.
    /// </summary>
    private static OptionChainSnapshot Chain(DateOnly asOf, double spot, double vix, double rate, double targetGex, SampleRandom rng)
    {
        var expiries = Expiries(asOf);
        var shortIv = (ShortIvPerVix * vix / 100.0) + ShortIvPremium;
        var rows = new List<ChainRow>(expiries.Count * 160);
        foreach (var (expiry, kind) in expiries)
        {
            var t = (expiry.DayNumber - asOf.DayNumber) / DaysPerYear;
            var atmIv = LongRunIv + ((shortIv - LongRunIv) * Math.Exp(-t / TermDecayYears));
            var forward = spot * Math.Exp((rate - ChainDividendYield) * t);
            var sdT = atmIv * Math.Sqrt(t);
            var peakOi = kind switch
            {
                ExpiryKind.Quarterly => QuarterlyOi,
                ExpiryKind.Monthly => MonthlyOi,
                _ => WeeklyOi,
            } * (t > 0.5 ? FarOiFactor : 1.0);

            foreach (var strike in Strikes(spot, t))
            {
                var x = Math.Clamp(Math.Log(strike / forward) / sdT, -MaxAbsMoneyness, MaxAbsMoneyness);
                var iv = Math.Clamp(atmIv * (1.0 + (Skew * x) + (Curvature * x * x)), MinIv, MaxIv);
                var roundness = strike % 10 == 0 ? Round10Multiplier : strike % 5 == 0 ? Round5Multiplier : 1.0;
                var gamma = SampleBlackScholes.Gamma(spot, strike, t, rate, ChainDividendYield, iv);
                var gexPerContract = gamma * ContractMultiplier * spot * spot * 0.01;
                foreach (var right in (ReadOnlySpan<OptionRight>)[OptionRight.Call, OptionRight.Put])
                {
                    var d = right == OptionRight.Call ? (x - CallOiCentre) / CallOiWidth : (x - PutOiCentre) / PutOiWidth;
                    var weight = right == OptionRight.Put
                        ? NearPutOiWeight + ((FarPutOiWeight - NearPutOiWeight) * Math.Min(t / PutWeightTenor, 1.0))
                        : 1.0;
                    var oi = peakOi * weight * roundness * (Math.Exp(-0.5 * d * d) + OiTail)
                        * Math.Exp((OiNoise * rng.NextNormal()) - (0.5 * OiNoise * OiNoise));
                    var price = Math.Max(
                        SampleBlackScholes.Price(right, spot, strike, t, rate, ChainDividendYield, iv),
                        right == OptionRight.Call ? spot - strike : strike - spot);
                    var volumeShare = ((0.15 * Math.Exp(-t / 0.1)) + 0.02) * Math.Exp(0.5 * rng.NextNormal());
                    rows.Add(new ChainRow(expiry, right, strike, iv, price, t, oi, volumeShare, gexPerContract));
                }
            }
        }

        var (callScale, putScale) = CalibrateOpenInterest(rows, targetGex);
        var quotes = new OptionQuote[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var oi = Math.Round(r.OpenInterest * (r.Right == OptionRight.Call ? callScale : putScale));
            var halfSpread = 0.5 * (0.01 + (r.Price * (0.004 + (0.006 * r.Years))));
            var bid = Math.Max(0.0, Math.Floor((r.Price - halfSpread) * 100.0) / 100.0);
            var ask = Math.Max(bid + 0.01, Math.Ceiling((r.Price + halfSpread) * 100.0) / 100.0);
            quotes[i] = new OptionQuote(
                r.Expiry, r.Right, r.Strike, oi, Round(r.Iv, 4), Round(bid, 2), Round(ask, 2),
                Math.Round(oi * r.VolumeShare), double.NaN, double.NaN);
        }

        return new OptionChainSnapshot(SampleSymbols.Iwm, asOf, spot, quotes);
    }

    // Solves c·A − p·B = G and c·Nc + p·Np = Nc + Np (A, B: call and put GEX at unit scale; Nc, Np: their OI),
    // then keeps the put/call OI ratio within bounds.
    private static (double Call, double Put) CalibrateOpenInterest(List<ChainRow> rows, double targetGex)
    {
        double a = 0, b = 0, nc = 0, np = 0;
        foreach (var r in rows)
        {
            if (r.Right == OptionRight.Call)
            {
                a += r.GexPerContract * r.OpenInterest;
                nc += r.OpenInterest;
            }
            else
            {
                b += r.GexPerContract * r.OpenInterest;
                np += r.OpenInterest;
            }
        }

        var total = nc + np;
        var c = ((targetGex * np) + (b * total)) / ((a * np) + (b * nc));
        var p = (total - (c * nc)) / np;
        var minC = total / (nc * (1.0 + MaxPutCallRatio));
        var maxC = total / (nc * (1.0 + MinPutCallRatio));
        if (!(c >= minC && c <= maxC))
        {
            c = Math.Clamp(double.IsFinite(c) ? c : 1.0, minC, maxC);
            p = (total - (c * nc)) / np;
        }

        return (c, p);
    }

    private static List<(DateOnly Expiry, ExpiryKind Kind)> Expiries(DateOnly asOf)
    {
        var set = new SortedDictionary<DateOnly, ExpiryKind>();
        var friday = asOf.AddDays(((int)DayOfWeek.Friday - (int)asOf.DayOfWeek + 7) % 7);
        if (friday == asOf)
            friday = friday.AddDays(7);
        for (var w = 0; w < 5; w++)
        {
            // A Friday holiday moves the expiry to Thursday, which may be the as-of day itself: then skip it.
            var f = friday.AddDays(7 * w);
            var expiry = TradingCalendar.OnOrBefore(f);
            if (expiry > asOf)
                set[expiry] = ThirdFridayKind(f);
        }

        var firstOfMonth = new DateOnly(asOf.Year, asOf.Month, 1);
        foreach (var offset in MonthlyOffsets)
        {
            var month = firstOfMonth.AddMonths(offset);
            var third = month.AddDays((((int)DayOfWeek.Friday - (int)month.DayOfWeek + 7) % 7) + 14);
            set[TradingCalendar.OnOrBefore(third)] = ThirdFridayKind(third);
        }

        var list = new List<(DateOnly, ExpiryKind)>(set.Count);
        foreach (var (d, k) in set)
            list.Add((d, k));
        return list;
    }

    private static ExpiryKind ThirdFridayKind(DateOnly friday) =>
        friday.Day is < 15 or > 21 ? ExpiryKind.Weekly
        : friday.Month % 3 == 0 ? ExpiryKind.Quarterly
        : ExpiryKind.Monthly;

    private static List<double> Strikes(double spot, double years)
    {
        var strikes = new List<double>(100);
        var low = Math.Ceiling(spot * StrikeLow / 5.0) * 5.0;
        var high = Math.Floor(spot * StrikeHigh / 5.0) * 5.0;
        var fineLow = Math.Ceiling(spot * (1.0 - FineBand));
        var fineHigh = Math.Floor(spot * (1.0 + FineBand));
        var fine = years <= FineMaxYears;
        for (var k = low; k <= high; k++)
        {
            if (k % 5 == 0 || (fine && k >= fineLow && k <= fineHigh))
                strikes.Add(k);
        }

        return strikes;
    }

    private enum ExpiryKind
    {
        Weekly,
        Monthly,
        Quarterly,
    }

    private readonly record struct ChainRow(
        DateOnly Expiry, OptionRight Right, double Strike, double Iv, double Price, double Years, double OpenInterest, double VolumeShare, double GexPerContract);
}
