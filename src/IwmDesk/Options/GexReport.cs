using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Analytics.Options;
using IwmDesk.Data;
using IwmDesk.Text;

namespace IwmDesk.Options;

/// <summary>The `iwmdesk gex` output: total GEX (USD per 1% move), flip, walls, contracts used/skipped and the profile by strike.</summary>
public static class GexReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>JSON with the documented keys (as_of, underlying, spot, total_gex_usd_per_1pct, flip, …, by_strike[]).</summary>
    public static string Json(OptionChainSnapshot chain, GexResult r, string dataSource)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(r);
        var byStrike = new JsonArray();
        foreach (var s in r.ByStrike)
        {
            byStrike.Add(new JsonObject
            {
                ["strike"] = s.Strike,
                ["call_gex"] = Round(s.CallGexUsdPer1Pct),
                ["put_gex"] = Round(s.PutGexUsdPer1Pct),
                ["net_gex"] = Round(s.NetGexUsdPer1Pct),
            });
        }

        var o = new JsonObject
        {
            ["as_of"] = chain.AsOf.ToString("yyyy-MM-dd", Inv),
            ["underlying"] = chain.Underlying,
            ["spot"] = chain.Spot,
            ["data_source"] = dataSource,
            ["units"] = "USD per 1% move of the underlying (dealers long calls, short puts)",
            ["total_gex_usd_per_1pct"] = Round(r.TotalGexUsdPer1Pct),
            ["call_gex_usd_per_1pct"] = Round(r.CallGexUsdPer1Pct),
            ["put_gex_usd_per_1pct"] = Round(r.PutGexUsdPer1Pct),
            ["flip"] = r.ZeroGammaLevel is { } f ? Math.Round(f, 4) : null,
            ["flip_crossings"] = r.ZeroGammaCrossings,
            ["call_wall"] = r.CallWall,
            ["put_wall"] = r.PutWall,
            ["contracts_used"] = r.ContractsUsed,
            ["contracts_skipped"] = r.Skipped.Total,
            ["skipped_by_reason"] = new JsonObject
            {
                ["invalid_contract"] = r.Skipped.InvalidContract,
                ["expired"] = r.Skipped.Expired,
                ["no_open_interest"] = r.Skipped.NoOpenInterest,
                ["iv_out_of_range"] = r.Skipped.IvOutOfRange,
            },
            ["by_strike"] = byStrike,
        };
        if (r.VendorComparison is { } v)
        {
            o["vendor_gamma_total_gex"] = Round(v.VendorGammaTotalGexUsdPer1Pct);
            o["vendor_gamma_comparison"] = System.Text.Json.JsonSerializer.SerializeToNode(v, JsonOutput.Options);
        }

        return o.ToJsonString(JsonOutput.Options);
    }

    /// <summary>A short plain-text summary (the CLI adds the table of strikes).</summary>
    public static string Summary(OptionChainSnapshot chain, GexResult r)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        sb.Append(Inv, $"{chain.Underlying} chain {chain.AsOf:yyyy-MM-dd}, spot {chain.Spot:0.00}\n");
        sb.Append(Inv, $"Total GEX: {Usd(r.TotalGexUsdPer1Pct)} per 1% move (calls {Usd(r.CallGexUsdPer1Pct)}, puts {Usd(r.PutGexUsdPer1Pct)}; dealers long calls, short puts)\n");
        sb.Append("Gamma flip: ").Append(r.ZeroGammaLevel is { } f ? f.ToString("0.00", Inv) + (r.ZeroGammaCrossings > 1 ? $" (nearest of {r.ZeroGammaCrossings} crossings)" : "") : "none in range (0.8–1.2 × spot)").Append('\n');
        sb.Append(Inv, $"Call wall: {W(r.CallWall)}   Put wall: {W(r.PutWall)}\n");
        sb.Append(Inv, $"Contracts: {r.ContractsUsed} used, {r.Skipped.Total} skipped (no open interest {r.Skipped.NoOpenInterest}, IV out of range {r.Skipped.IvOutOfRange}, expired {r.Skipped.Expired}, invalid {r.Skipped.InvalidContract})\n");
        if (r.VendorComparison is { } v)
            sb.Append(Inv, $"With the vendor's gammas: {Usd(v.VendorGammaTotalGexUsdPer1Pct)} ({v.TotalRelativeDifference:+0.0%;-0.0%;0.0%} vs ours)\n");
        return sb.ToString();
    }

    /// <summary>USD in bn/mn with sign.</summary>
    public static string Usd(double v) => double.IsNaN(v) ? "n/a"
        : Math.Abs(v) >= 1e9 ? (v / 1e9).ToString("+0.00;-0.00;0.00", Inv) + " bn USD"
        : (v / 1e6).ToString("+0.0;-0.0;0.0", Inv) + " mn USD";

    private static string W(double? v) => v is { } x ? x.ToString("0.##", Inv) : "n/a";

    private static double Round(double v) => Math.Round(v, 2);
}
