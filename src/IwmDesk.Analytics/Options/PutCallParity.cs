namespace IwmDesk.Analytics.Options;

/// <summary>A call and a put of the same expiry and strike, with their quotes.</summary>
/// <param name="Expiry">Expiry date.</param>
/// <param name="Strike">Strike.</param>
/// <param name="CallBid">Call bid.</param>
/// <param name="CallAsk">Call ask.</param>
/// <param name="PutBid">Put bid.</param>
/// <param name="PutAsk">Put ask.</param>
/// <param name="AmSettled">True for AM-settled (index) expiries.</param>
public readonly record struct ParityPair(DateOnly Expiry, double Strike, double CallBid, double CallAsk, double PutBid, double PutAsk, bool AmSettled = false);

/// <summary>The underlying price implied by put–call parity on one expiry's quotes.</summary>
/// <param name="Spot">The median of the per-strike estimates.</param>
/// <param name="Expiry">The expiry the quotes came from (the nearest unexpired one with enough two-sided pairs).</param>
/// <param name="Years">Its time to settlement in years.</param>
/// <param name="Strikes">Strikes used (those with the smallest |call mid − put mid|: nearest the money).</param>
/// <param name="Low">Lowest per-strike estimate.</param>
/// <param name="High">Highest per-strike estimate.</param>
public sealed record ParitySpot(double Spot, DateOnly Expiry, double Years, int Strikes, double Low, double High);

/// <summary>
/// The spot a chain's own quotes imply, from put–call parity: C − P = S·e^(−qT) − K·e^(−rT), so
/// S = (C − P + K·e^(−rT))·e^(qT), with mid prices. A vendor's greeks are computed at the underlying price of the moment
/// its option quotes were taken, which can differ from the official close (CBOE's end-of-day file: the 16:15 option
/// close); comparing our gammas with the vendor's at that spot separates the model from the spot.
/// American early exercise is ignored: on the nearest expiry and at the strikes nearest the money its premium is
/// negligible.
/// </summary>
public static class PutCallParity
{
    /// <summary>Strikes per estimate (the median of their implied spots).</summary>
    public const int DefaultStrikes = 5;

    /// <summary>
    /// The implied spot from the nearest expiry still trading at <paramref name="valuation"/> that has at least
    /// <paramref name="strikes"/> two-sided pairs (both bids &gt; 0, asks ≥ bids); null when no expiry has enough.
    /// O(n log n) in the pairs.
    /// </summary>
    public static ParitySpot? ImpliedSpot(ReadOnlySpan<ParityPair> pairs, DateTime valuation, double rate, double dividendYield, int strikes = DefaultStrikes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(strikes, 1);
        if (!double.IsFinite(rate) || !double.IsFinite(dividendYield))
            throw new ArgumentException("rate and dividend yield must be finite");
        var valid = new List<ParityPair>(pairs.Length);
        foreach (var p in pairs)
        {
            if (p.CallBid > 0 && p.PutBid > 0 && p.CallAsk >= p.CallBid && p.PutAsk >= p.PutBid
                && double.IsFinite(p.CallAsk) && double.IsFinite(p.PutAsk) && p.Strike > 0 && double.IsFinite(p.Strike)
                && !ExpiryConvention.HasExpired(valuation, p.Expiry, p.AmSettled))
                valid.Add(p);
        }

        foreach (var group in valid.GroupBy(p => p.Expiry).OrderBy(g => g.Key))
        {
            var chosen = group
                .Select(p => (Pair: p, Diff: (0.5 * (p.CallBid + p.CallAsk)) - (0.5 * (p.PutBid + p.PutAsk))))
                .OrderBy(x => Math.Abs(x.Diff)).ThenBy(x => x.Pair.Strike)
                .Take(strikes)
                .ToList();
            if (chosen.Count < strikes)
                continue;
            var years = ExpiryConvention.YearsToSettlement(valuation, group.Key, chosen[0].Pair.AmSettled);
            var estimates = chosen
                .Select(x => (x.Diff + (x.Pair.Strike * Math.Exp(-rate * years))) * Math.Exp(dividendYield * years))
                .Order()
                .ToArray();
            var mid = estimates.Length / 2;
            var median = estimates.Length % 2 == 1 ? estimates[mid] : 0.5 * (estimates[mid - 1] + estimates[mid]);
            return new ParitySpot(median, group.Key, years, estimates.Length, estimates[0], estimates[^1]);
        }

        return null;
    }
}
