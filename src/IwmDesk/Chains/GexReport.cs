using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Analytics.Options;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Text;

namespace IwmDesk.Chains;

/// <summary>
/// The `iwmdesk gex` output: total GEX (USD per 1% move) with its gross legs, buckets, the flip with and without the
/// nearest expiry, walls, vanna and charm, put/call OI, max pain, the inputs used (spot, T convention, r, q), the
/// snapshot chosen for the day, and the vendor comparison where the file carries the vendor's gammas.
/// </summary>
public static class GexReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>JSON with the documented keys (as_of, underlying, spot, inputs, total_gex_usd_per_1pct, buckets, …, by_strike[]).</summary>
    /// <param name="chain">The snapshot.</param>
    /// <param name="r">Its GEX.</param>
    /// <param name="setup">The inputs used.</param>
    /// <param name="dataSource">real or sample.</param>
    /// <param name="daySnapshots">Every stored snapshot of the day (null for a file not from the store).</param>
    /// <param name="compareVendor">Include the per-expiry vendor comparison.</param>
    public static string Json(OptionChainSnapshot chain, GexResult r, GexSetup setup, string dataSource, IReadOnlyList<ChainInfo>? daySnapshots = null, bool compareVendor = false, (ParitySpot Implied, GexResult Result)? atImplied = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(setup);
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

        var byExpiry = new JsonArray();
        foreach (var e in r.ByExpiry)
        {
            byExpiry.Add(new JsonObject
            {
                ["expiry"] = e.Expiry.ToString("yyyy-MM-dd", Inv),
                ["years"] = Math.Round(e.YearsToExpiry, 8),
                ["contracts"] = e.Contracts,
                ["call_gex"] = Round(e.CallGexUsdPer1Pct),
                ["put_gex"] = Round(e.PutGexUsdPer1Pct),
                ["net_gex"] = Round(e.NetGexUsdPer1Pct),
                ["vanna_usd_per_vol_point"] = Round(e.VannaUsdPerVolPoint),
                ["charm_usd_per_day"] = Round(e.CharmUsdPerDay),
            });
        }

        var buckets = new JsonObject();
        foreach (var b in r.Buckets)
        {
            buckets[b.Id] = new JsonObject
            {
                ["contracts"] = b.Contracts,
                ["call_gex"] = Round(b.CallGexUsdPer1Pct),
                ["put_gex"] = Round(b.PutGexUsdPer1Pct),
                ["net_gex"] = Round(b.NetGexUsdPer1Pct),
            };
        }

        var o = new JsonObject
        {
            ["as_of"] = chain.AsOf.ToString("yyyy-MM-dd", Inv),
            ["underlying"] = chain.Underlying,
            ["spot"] = setup.Spot,
            ["data_source"] = dataSource,
            ["snapshot"] = SnapshotJson(chain, daySnapshots),
            ["inputs"] = new JsonObject
            {
                ["spot"] = setup.Spot,
                ["spot_source"] = setup.SpotSource,
                ["file_spot"] = chain.Spot,
                ["valuation"] = r.Valuation.ToString("yyyy-MM-dd HH:mm", Inv) + " ET",
                ["valuation_note"] = setup.ValuationNote,
                ["time_convention"] = GexSetup.TimeConvention,
                ["rate"] = Math.Round(setup.Parameters.Rate, 6),
                ["rate_source"] = setup.RateSource,
                ["dividend_yield"] = Math.Round(setup.Parameters.DividendYield, 6),
                ["dividend_source"] = setup.DividendSource,
            },
            ["units"] = "GEX: USD per 1% move of the underlying (dealers long calls, short puts); vanna: USD of dealer delta per +1 vol point; charm: USD of dealer delta per calendar day",
            ["total_gex_usd_per_1pct"] = Round(r.TotalGexUsdPer1Pct),
            ["call_gex_usd_per_1pct"] = Round(r.CallGexUsdPer1Pct),
            ["put_gex_usd_per_1pct"] = Round(r.PutGexUsdPer1Pct),
            ["buckets"] = buckets,
            ["flip"] = r.ZeroGammaLevel is { } f ? Math.Round(f, 4) : null,
            ["flip_crossings"] = r.ZeroGammaCrossings,
            ["nearest_expiry"] = r.NearestExpiry?.ToString("yyyy-MM-dd", Inv),
            ["total_gex_ex_nearest_usd_per_1pct"] = Round(r.TotalGexExNearestUsdPer1Pct),
            ["flip_ex_nearest"] = r.ZeroGammaLevelExNearest is { } fx ? Math.Round(fx, 4) : null,
            ["flip_ex_nearest_crossings"] = r.ZeroGammaCrossingsExNearest,
            ["call_wall"] = r.CallWall,
            ["put_wall"] = r.PutWall,
            ["vanna_usd_per_vol_point"] = Round(r.VannaUsdPerVolPoint),
            ["charm_usd_per_day"] = Round(r.CharmUsdPerDay),
            ["call_open_interest"] = r.CallOpenInterest,
            ["put_open_interest"] = r.PutOpenInterest,
            ["put_call_oi_ratio"] = double.IsFinite(r.PutCallOpenInterestRatio) ? Math.Round(r.PutCallOpenInterestRatio, 4) : null,
            ["max_pain"] = r.MaxPain,
            ["max_pain_expiry"] = r.MaxPainExpiry?.ToString("yyyy-MM-dd", Inv),
            ["contracts_used"] = r.ContractsUsed,
            ["contracts_skipped"] = r.Skipped.Total,
            ["skipped_by_reason"] = new JsonObject
            {
                ["invalid_contract"] = r.Skipped.InvalidContract,
                ["expired"] = r.Skipped.Expired,
                ["no_open_interest"] = r.Skipped.NoOpenInterest,
                ["iv_out_of_range"] = r.Skipped.IvOutOfRange,
            },
            ["by_expiry"] = byExpiry,
            ["by_strike"] = byStrike,
        };
        if (r.VendorComparison is { } v)
        {
            o["vendor_gamma_total_gex"] = Round(v.VendorGammaTotalGexUsdPer1Pct);
            var cmp = new JsonObject
            {
                ["contracts_compared"] = v.ContractsCompared,
                ["contracts_in_relative_stats"] = v.ContractsInRelativeStats,
                ["median_relative_gamma_difference"] = Num(v.MedianRelativeDifference),
                ["median_absolute_relative_gamma_difference"] = Num(v.MedianAbsoluteRelativeDifference),
                ["our_total_gex"] = Round(v.OurTotalGexUsdPer1Pct),
                ["vendor_gamma_total_gex"] = Round(v.VendorGammaTotalGexUsdPer1Pct),
                ["total_relative_difference"] = Num(v.TotalRelativeDifference),
            };
            if (compareVendor)
            {
                // The per-expiry rows are valued at the spot the chain's quotes imply when it has one (the vendor's own).
                var rowsOf = v;
                if (atImplied is { } a && a.Result.VendorComparison is { } vi)
                {
                    rowsOf = vi;
                    cmp["implied_spot"] = new JsonObject
                    {
                        ["spot"] = Math.Round(a.Implied.Spot, 4),
                        ["method"] = "put-call parity on mid prices",
                        ["expiry"] = a.Implied.Expiry.ToString("yyyy-MM-dd", Inv),
                        ["strikes"] = a.Implied.Strikes,
                        ["low"] = Math.Round(a.Implied.Low, 4),
                        ["high"] = Math.Round(a.Implied.High, 4),
                        ["our_total_gex"] = Round(vi.OurTotalGexUsdPer1Pct),
                        ["vendor_gamma_total_gex"] = Round(vi.VendorGammaTotalGexUsdPer1Pct),
                    };
                }

                cmp["by_expiry_spot"] = Math.Round(atImplied?.Implied.Spot ?? setup.Spot, 4);
                var rows = new JsonArray();
                foreach (var e in rowsOf.ByExpiry)
                {
                    rows.Add(new JsonObject
                    {
                        ["expiry"] = e.Expiry.ToString("yyyy-MM-dd", Inv),
                        ["days"] = e.Days,
                        ["contracts"] = e.Contracts,
                        ["our_net_gex"] = Round(e.OurNetGexUsdPer1Pct),
                        ["vendor_net_gex"] = Round(e.VendorNetGexUsdPer1Pct),
                        ["our_call_gex"] = Round(e.OurCallGexUsdPer1Pct),
                        ["vendor_call_gex"] = Round(e.VendorCallGexUsdPer1Pct),
                        ["our_put_gex"] = Round(e.OurPutGexUsdPer1Pct),
                        ["vendor_put_gex"] = Round(e.VendorPutGexUsdPer1Pct),
                        ["net_relative_difference"] = Num(e.NetRelativeDifference),
                        ["net_difference_share_of_gross"] = Num(e.NetDifferenceShareOfGross),
                        ["call_relative_difference"] = Num(e.CallRelativeDifference),
                        ["put_relative_difference"] = Num(e.PutRelativeDifference),
                        ["median_relative_gamma_difference"] = Num(e.MedianRelativeGammaDifference),
                        ["vendor_rounding_bound"] = Round(e.VendorRoundingBoundUsdPer1Pct),
                        ["within_10pct"] = WithinTenPercent(e),
                    });
                }

                cmp["by_expiry"] = rows;
            }

            o["vendor_gamma_comparison"] = cmp;
        }

        return o.ToJsonString(JsonOutput.Options);
    }

    /// <summary>
    /// The agreement test of the vendor comparison: both legs within 10% of the vendor's legs, and the net within 10% of
    /// the vendor's net — or a net difference no larger than the vendor's own rounding bound (its 4-decimal gammas make
    /// its net uncertain by that much), or, where calls and puts cancel (vendor net under 5% of its gross, so a relative
    /// difference of the net measures nothing), a net difference within 1% of the gross.
    /// </summary>
    public static bool WithinTenPercent(ExpiryVendorComparison e)
    {
        ArgumentNullException.ThrowIfNull(e);
        static bool Ok(double ours, double theirs) => theirs == 0 ? Math.Abs(ours) < 1 : Math.Abs((ours / theirs) - 1) <= 0.10;
        var netDiff = Math.Abs(e.OurNetGexUsdPer1Pct - e.VendorNetGexUsdPer1Pct);
        var gross = e.VendorGrossGexUsdPer1Pct;
        var cancelling = Math.Abs(e.VendorNetGexUsdPer1Pct) < 0.05 * gross;
        var netOk = netDiff <= 0.10 * Math.Abs(e.VendorNetGexUsdPer1Pct) || netDiff <= e.VendorRoundingBoundUsdPer1Pct
            || (cancelling && netDiff <= 0.01 * gross);
        return netOk && Ok(e.OurCallGexUsdPer1Pct, e.VendorCallGexUsdPer1Pct) && Ok(e.OurPutGexUsdPer1Pct, e.VendorPutGexUsdPer1Pct);
    }

    /// <summary>
    /// The <c>--compare-vendor</c> text: which spot the comparison is valued at and why, the totals at the official
    /// close beside it, then the per-expiry table.
    /// </summary>
    public static string VendorSection(GexResult atClose, GexSetup setup, (ParitySpot Implied, GexResult Result)? atImplied)
    {
        ArgumentNullException.ThrowIfNull(atClose);
        ArgumentNullException.ThrowIfNull(setup);
        var sb = new StringBuilder();
        if (atImplied is { } a)
        {
            var p = a.Implied;
            sb.Append(Inv, $"Vendor comparison valued at {p.Spot:0.00}, the spot the chain's own quotes imply (put–call parity on mid prices, median of {p.Strikes} strikes nearest the money of the {p.Expiry:yyyy-MM-dd} expiry, range {p.Low:0.00}–{p.High:0.00}): the vendor computed its gammas at the underlying price of its quotes, not at the official close {setup.Spot:0.00} ({setup.SpotSource}).\n");
            if (atClose.VendorComparison is { } c)
                sb.Append(Inv, $"At the official close instead: ours {Usd(c.OurTotalGexUsdPer1Pct)}, with the vendor's gammas {Usd(c.VendorGammaTotalGexUsdPer1Pct)} ({c.TotalRelativeDifference:+0.0%;-0.0%;0.0%}).\n");
            sb.Append('\n').Append(VendorTable(a.Result));
        }
        else
        {
            sb.Append(Inv, $"Vendor comparison valued at {setup.Spot:0.00} ({setup.SpotSource}): the chain's quotes do not pin the vendor's spot by put–call parity (fewer than 5 two-sided pairs on the nearest expiry, or their implied spots spread over more than {ChainGex.MaxImpliedSpotSpread:0.00%}).\n\n");
            sb.Append(VendorTable(atClose));
        }

        return sb.ToString();
    }

    /// <summary>A plain-text summary (the CLI adds the table of strikes).</summary>
    public static string Summary(OptionChainSnapshot chain, GexResult r, GexSetup setup, IReadOnlyList<ChainInfo>? daySnapshots = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(setup);
        var sb = new StringBuilder();
        sb.Append(Inv, $"{chain.Underlying} chain {chain.AsOf:yyyy-MM-dd}, spot {setup.Spot:0.00} ({setup.SpotSource})\n");
        sb.Append("Snapshot: ").Append(SnapshotLine(chain, daySnapshots)).Append('\n');
        sb.Append(Inv, $"Valued {r.Valuation:yyyy-MM-dd HH:mm} ET ({setup.ValuationNote}); T = {GexSetup.TimeConvention}\n");
        sb.Append(Inv, $"r = {setup.Parameters.Rate:0.00%} ({setup.RateSource}); q = {setup.Parameters.DividendYield:0.00%} ({setup.DividendSource})\n");
        sb.Append(Inv, $"Total GEX: {Usd(r.TotalGexUsdPer1Pct)} per 1% move (calls {Usd(r.CallGexUsdPer1Pct)}, puts {Usd(r.PutGexUsdPer1Pct)}; dealers long calls, short puts)\n");
        sb.Append("By expiry bucket: ").Append(string.Join(", ", r.Buckets.Select(b => $"{BucketName(b.Bucket)} {Usd(b.NetGexUsdPer1Pct)}"))).Append('\n');
        sb.Append("Gamma flip: ").Append(Flip(r.ZeroGammaLevel, r.ZeroGammaCrossings)).Append('\n');
        sb.Append("Without the nearest expiry").Append(r.NearestExpiry is { } ne ? $" ({ne.ToString("yyyy-MM-dd", Inv)})" : "").Append(Inv, $": total {Usd(r.TotalGexExNearestUsdPer1Pct)}, flip ")
            .Append(Flip(r.ZeroGammaLevelExNearest, r.ZeroGammaCrossingsExNearest)).Append('\n');
        sb.Append(Inv, $"Call wall: {W(r.CallWall)}   Put wall: {W(r.PutWall)}\n");
        sb.Append(Inv, $"Vanna: {Usd(r.VannaUsdPerVolPoint)} of dealer delta per +1 vol point; charm: {Usd(r.CharmUsdPerDay)} of dealer delta per day\n");
        sb.Append(Inv, $"Put/call OI: {(double.IsFinite(r.PutCallOpenInterestRatio) ? r.PutCallOpenInterestRatio.ToString("0.00", Inv) : "n/a")} ({r.PutOpenInterest:N0} puts / {r.CallOpenInterest:N0} calls); max pain {W(r.MaxPain)}")
            .Append(r.MaxPainExpiry is { } mp ? $" (expiry {mp.ToString("yyyy-MM-dd", Inv)})" : "").Append('\n');
        sb.Append(Inv, $"Contracts: {r.ContractsUsed} used, {r.Skipped.Total} skipped (no open interest {r.Skipped.NoOpenInterest}, IV out of range {r.Skipped.IvOutOfRange}, expired {r.Skipped.Expired}, invalid {r.Skipped.InvalidContract})\n");
        if (r.VendorComparison is { } v)
            sb.Append(Inv, $"With the vendor's gammas: {Usd(v.VendorGammaTotalGexUsdPer1Pct)} ({v.TotalRelativeDifference:+0.0%;-0.0%;0.0%} vs ours)\n");
        return sb.ToString();
    }

    /// <summary>The per-expiry vendor comparison as a Markdown table (mn USD per 1% move), with the totals row.</summary>
    public static string VendorTable(GexResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.VendorComparison is not { } v)
            return "No vendor gammas in this file: nothing to compare.\n";
        var sb = new StringBuilder();
        sb.Append("| expiry | days | contracts | ours net | vendor net | net diff | diff / gross | Γ rounding bound | calls diff | puts diff | median Γ diff | within 10% |\n");
        sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|\n");
        foreach (var e in v.ByExpiry)
        {
            sb.Append(Inv, $"| {e.Expiry:yyyy-MM-dd} | {e.Days} | {e.Contracts} | {M(e.OurNetGexUsdPer1Pct)} | {M(e.VendorNetGexUsdPer1Pct)} | {P(e.NetRelativeDifference)} | {P(e.NetDifferenceShareOfGross)} | ±{e.VendorRoundingBoundUsdPer1Pct / 1e6:0.00} | {P(e.CallRelativeDifference)} | {P(e.PutRelativeDifference)} | {P(e.MedianRelativeGammaDifference)} | {(WithinTenPercent(e) ? "yes" : "no")} |\n");
        }

        sb.Append(Inv, $"| total | | {v.ContractsCompared} | {M(v.OurTotalGexUsdPer1Pct)} | {M(v.VendorGammaTotalGexUsdPer1Pct)} | {P(-v.TotalRelativeDifference / (1 + v.TotalRelativeDifference))} | | ±{v.ByExpiry.Sum(e => e.VendorRoundingBoundUsdPer1Pct) / 1e6:0.00} | | | {P(v.MedianRelativeDifference)} | |\n");
        sb.Append("mn USD per 1% move, same open interest and spot; diffs are ours vs the vendor's; median Γ diff = median (vendor − ours) / ours per contract; Γ rounding bound = Σ 0.00005 · OI · 100 · S² · 0.01, how far the vendor's net can move from its 4-decimal gammas alone; within 10% = both legs within 10% and the net within 10% of the vendor's (or its difference inside the rounding bound, or within 1% of the gross where the legs cancel: net under 5% of gross).\n");
        return sb.ToString();
    }

    /// <summary>The snapshot line: which of the day's snapshots this is and why it is the one used.</summary>
    public static string SnapshotLine(OptionChainSnapshot chain, IReadOnlyList<ChainInfo>? daySnapshots)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var name = chain.Source ?? "(file)";
        var time = chain.SnapshotTime is { } t ? t.ToString("HH:mm", Inv) + " ET" : "no time of day";
        if (daySnapshots is null || daySnapshots.Count == 0)
            return $"{name}, {time} (read from the file, not the store)";
        var others = daySnapshots.Where(s => s.Source != chain.Source).ToList();
        var selected = daySnapshots.FirstOrDefault(s => s.Selected)?.Source == chain.Source;
        var sb = new StringBuilder();
        sb.Append(Inv, $"{name}, {time}; {daySnapshots.Count} stored for {chain.AsOf:yyyy-MM-dd}");
        sb.Append(selected ? "; the panel uses this one (nearest the close)" : "; not the one the panel uses");
        if (others.Count > 0)
            sb.Append("; also stored: ").Append(string.Join(", ", others.Select(s => s.Source + (s.SnapshotTime is { } ot ? " " + ot.ToString("HH:mm", Inv) : "") + (s.Selected ? " (used by the panel)" : ""))));
        return sb.ToString();
    }

    private static JsonObject SnapshotJson(OptionChainSnapshot chain, IReadOnlyList<ChainInfo>? daySnapshots)
    {
        var all = new JsonArray();
        foreach (var s in daySnapshots ?? [])
        {
            all.Add(new JsonObject
            {
                ["source"] = s.Source,
                ["time"] = s.SnapshotTime?.ToString("HH:mm", Inv),
                ["contracts"] = s.Contracts,
                ["selected"] = s.Selected,
            });
        }

        return new JsonObject
        {
            ["source"] = chain.Source,
            ["time"] = chain.SnapshotTime?.ToString("HH:mm", Inv),
            ["from_store"] = daySnapshots is { Count: > 0 },
            ["selected"] = daySnapshots?.FirstOrDefault(s => s.Selected)?.Source is { } sel ? sel == chain.Source : null,
            ["selection_rule"] = "nearest the 16:00 close (no time of day, or at/after the close, counts as the close); ties: first imported",
            ["day_snapshots"] = all,
        };
    }

    /// <summary>Bucket display name.</summary>
    public static string BucketName(GexBucket b) => b switch
    {
        GexBucket.SameDay => "same day",
        GexBucket.UpTo7Days => "1-7 d",
        GexBucket.UpTo30Days => "8-30 d",
        _ => ">30 d",
    };

    /// <summary>USD in bn/mn with sign.</summary>
    public static string Usd(double v) => double.IsNaN(v) ? "n/a"
        : Math.Abs(v) >= 1e9 ? (v / 1e9).ToString("+0.00;-0.00;0.00", Inv) + " bn USD"
        : (v / 1e6).ToString("+0.0;-0.0;0.0", Inv) + " mn USD";

    private static string Flip(double? level, int crossings) => level is { } f
        ? f.ToString("0.00", Inv) + (crossings > 1 ? $" (nearest of {crossings} crossings)" : "")
        : "none in range (0.8–1.2 × spot)";

    private static string W(double? v) => v is { } x ? x.ToString("0.##", Inv) : "n/a";

    private static string M(double v) => (v / 1e6).ToString("+0.0;-0.0;0.0", Inv);

    private static string P(double v) => double.IsFinite(v) ? v.ToString("+0.0%;-0.0%;0.0%", Inv) : "n/a";

    private static double Round(double v) => Math.Round(v, 2);

    private static JsonNode? Num(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;
}
