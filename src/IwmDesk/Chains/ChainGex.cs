using IwmDesk.Analytics.Options;
using IwmDesk.Data;
using IwmDesk.Data.Store;

namespace IwmDesk.Chains;

/// <summary>Bridges a stored chain snapshot to the GEX engine.</summary>
public static class ChainGex
{
    /// <summary>
    /// Maps the snapshot's quotes to the analytics' contracts (vendor gamma carried when the source had one; third-Friday
    /// SPX/RUT/NDX expiries marked AM-settled).
    /// </summary>
    public static OptionContract[] Contracts(OptionChainSnapshot chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var contracts = new OptionContract[chain.Quotes.Count];
        for (var i = 0; i < contracts.Length; i++)
        {
            var q = chain.Quotes[i];
            contracts[i] = new OptionContract(
                q.Expiry,
                q.Right == OptionRight.Call ? OptionKind.Call : OptionKind.Put,
                q.Strike,
                q.OpenInterest,
                q.ImpliedVol,
                q.Gamma,
                GexInputs.IsAmSettled(chain.Underlying, q.Expiry));
        }

        return contracts;
    }

    /// <summary>Total GEX only (USD per 1% move) with the given inputs.</summary>
    public static double Total(OptionChainSnapshot chain, GexSetup setup)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(setup);
        return GammaExposure.Total(Contracts(chain), setup.Spot, chain.AsOf, setup.Parameters);
    }

    /// <summary>Everything the engine computes for the snapshot with the given inputs.</summary>
    public static GexResult Compute(OptionChainSnapshot chain, GexSetup setup)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(setup);
        return GammaExposure.Compute(Contracts(chain), setup.Spot, chain.AsOf, setup.Parameters);
    }

    /// <summary>
    /// The spot the chain's own quotes imply by put–call parity (nearest unexpired expiry at the valuation moment, the
    /// <see cref="PutCallParity.DefaultStrikes"/> strikes nearest the money, mid prices, r and q of
    /// <paramref name="setup"/>); null when the chain has no bid/ask or too few two-sided pairs.
    /// </summary>
    public static ParitySpot? ImpliedSpot(OptionChainSnapshot chain, GexSetup setup)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(setup);
        var calls = new Dictionary<(DateOnly, double), OptionQuote>();
        foreach (var q in chain.Quotes)
        {
            if (q.Right == OptionRight.Call)
                calls[(q.Expiry, q.Strike)] = q;
        }

        var pairs = new List<ParityPair>();
        foreach (var q in chain.Quotes)
        {
            if (q.Right == OptionRight.Put && calls.TryGetValue((q.Expiry, q.Strike), out var c))
                pairs.Add(new ParityPair(q.Expiry, q.Strike, c.Bid, c.Ask, q.Bid, q.Ask, GexInputs.IsAmSettled(chain.Underlying, q.Expiry)));
        }

        var valuation = chain.AsOf.ToDateTime(setup.Parameters.ValuationTime);
        return PutCallParity.ImpliedSpot(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairs), valuation, setup.Parameters.Rate, setup.Parameters.DividendYield);
    }

    /// <summary>
    /// The widest spread of the per-strike parity spots (as a share of the spot) at which the implied spot is used: wide
    /// or stale quotes (CBOE's 2023-09-14 file: 449.27–450.24) do not pin the vendor's spot.
    /// </summary>
    public const double MaxImpliedSpotSpread = 0.0005;

    /// <summary>
    /// The vendor comparison valued at the spot the chain's quotes imply (the vendor's greeks were computed at the
    /// underlying price of the moment its quotes were taken, not necessarily the official close), with that spot; null
    /// when the chain has no vendor gammas or no implied spot, or when its strikes' parity spots spread over more than
    /// <see cref="MaxImpliedSpotSpread"/>.
    /// </summary>
    public static (ParitySpot Implied, GexResult Result)? AtImpliedSpot(OptionChainSnapshot chain, GexSetup setup)
    {
        var implied = ImpliedSpot(chain, setup);
        if (implied is null || implied.High - implied.Low > MaxImpliedSpotSpread * implied.Spot)
            return null;
        var result = Compute(chain, setup with { Spot = implied.Spot });
        return result.VendorComparison is null ? null : (implied, result);
    }

    /// <summary>Resolves the inputs from <paramref name="store"/> (spot, r, q; see <see cref="GexInputs"/>) and computes.</summary>
    public static GexResult Compute(OptionChainSnapshot chain, MarketStore? store) =>
        Compute(chain, GexInputs.From(store).Resolve(chain));
}
