using IwmDesk.Analytics.Options;

namespace IwmDesk.Analytics.Tests.Options;

/// <summary>The spot implied by put–call parity, on prices made from a known spot.</summary>
public sealed class PutCallParityTests
{
    private static readonly DateTime Valuation = new(2025, 5, 16, 16, 0, 0);

    /// <summary>European call and put prices with S, r, q by Black–Scholes (so parity holds exactly).</summary>
    private static ParityPair Pair(DateOnly expiry, double k, double s, double r, double q, double vol, double halfSpread = 0.01)
    {
        var t = ExpiryConvention.YearsToSettlement(Valuation, expiry, amSettled: false);
        var d1 = (Math.Log(s / k) + ((r - q + (0.5 * vol * vol)) * t)) / (vol * Math.Sqrt(t));
        var d2 = d1 - (vol * Math.Sqrt(t));
        var call = (s * Math.Exp(-q * t) * MathNet.Numerics.Distributions.Normal.CDF(0, 1, d1)) - (k * Math.Exp(-r * t) * MathNet.Numerics.Distributions.Normal.CDF(0, 1, d2));
        var put = call - (s * Math.Exp(-q * t)) + (k * Math.Exp(-r * t));
        return new ParityPair(expiry, k, call - halfSpread, call + halfSpread, put - halfSpread, put + halfSpread);
    }

    [Fact]
    public void ImpliedSpot_RecoversTheSpotThePricesWereMadeWith()
    {
        var expiry = new DateOnly(2025, 5, 30);
        var pairs = Enumerable.Range(0, 21).Select(i => Pair(expiry, 90 + i, 100.37, 0.043, 0.012, 0.2)).ToArray();
        var est = PutCallParity.ImpliedSpot(pairs, Valuation, 0.043, 0.012).ShouldNotBeNull();
        est.Spot.ShouldBe(100.37, 1e-9);
        est.Strikes.ShouldBe(5);
        est.Expiry.ShouldBe(expiry);
        est.Low.ShouldBe(100.37, 1e-9);
        est.High.ShouldBe(100.37, 1e-9);
    }

    [Fact]
    public void ImpliedSpot_SkipsExpiredAndOneSidedQuotes_NullWhenTooFew()
    {
        var expired = new DateOnly(2025, 5, 16); // settled at 16:00, the valuation moment
        var next = new DateOnly(2025, 5, 19);
        var pairs = Enumerable.Range(0, 10).Select(i => Pair(expired, 95 + i, 50, 0.04, 0, 0.2)) // wrong spot: must not be used
            .Concat(Enumerable.Range(0, 10).Select(i => Pair(next, 95 + i, 100, 0.04, 0, 0.2)))
            .ToList();
        PutCallParity.ImpliedSpot(pairs.ToArray(), Valuation, 0.04, 0).ShouldNotBeNull().Expiry.ShouldBe(next);

        var oneSided = pairs.Where(p => p.Expiry == next).Select(p => p with { PutBid = 0 }).ToArray();
        PutCallParity.ImpliedSpot(oneSided, Valuation, 0.04, 0).ShouldBeNull();
        PutCallParity.ImpliedSpot(pairs.Where(p => p.Expiry == next).Take(4).ToArray(), Valuation, 0.04, 0).ShouldBeNull();
    }
}
