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

    /// <summary>Resolves the inputs from <paramref name="store"/> (spot, r, q; see <see cref="GexInputs"/>) and computes.</summary>
    public static GexResult Compute(OptionChainSnapshot chain, MarketStore? store) =>
        Compute(chain, GexInputs.From(store).Resolve(chain));
}
