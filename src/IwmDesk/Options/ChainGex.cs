using IwmDesk.Analytics.Options;
using IwmDesk.Data;

namespace IwmDesk.Options;

/// <summary>Bridges a stored chain snapshot to the GEX engine.</summary>
public static class ChainGex
{
    /// <summary>Maps the snapshot's quotes to the analytics' contracts (vendor gamma carried when the source had one).</summary>
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
                q.Gamma);
        }

        return contracts;
    }

    /// <summary>Total GEX only (USD per 1% move): what the daily panel needs, without the flip grid.</summary>
    public static double Total(OptionChainSnapshot chain, GexParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return GammaExposure.Total(Contracts(chain), chain.Spot, chain.AsOf, parameters);
    }

    /// <summary>Total GEX, by strike and expiry, walls and the zero-gamma level for the snapshot.</summary>
    public static GexResult Compute(OptionChainSnapshot chain, GexParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return GammaExposure.Compute(Contracts(chain), chain.Spot, chain.AsOf, parameters);
    }
}
