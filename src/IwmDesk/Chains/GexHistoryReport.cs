using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Text;

namespace IwmDesk.Chains;

/// <summary>The `iwmdesk gex --history` outputs (table, CSV, JSON) and the "what positioning is worth" block.</summary>
public static class GexHistoryReport
{
    /// <summary>CSV columns, in order.</summary>
    public static readonly string[] Columns =
    [
        "as_of", "source", "snapshot_time", "snapshots", "spot", "total_gex", "call_gex", "put_gex", "flip", "dist_to_flip_pct",
        "call_wall", "put_wall", "same_day", "le_7d", "le_30d", "gt_30d", "flip_ex_nearest", "vanna_usd_per_vol_point",
        "charm_usd_per_day", "put_call_oi_ratio", "max_pain", "rate", "dividend_yield",
    ];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One line per day, <see cref="Columns"/>; empty cells for missing values.</summary>
    public static string Csv(IReadOnlyList<GexHistoryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append('\n');
        foreach (var r in rows)
        {
            string[] cells =
            [
                r.AsOf.ToString("yyyy-MM-dd", Inv), CsvText.Field(r.Source), r.SnapshotTime?.ToString("HH:mm", Inv) ?? "",
                r.Snapshots.ToString(Inv), N(r.Spot, 4), N(r.TotalGex, 2), N(r.CallGex, 2), N(r.PutGex, 2), N(r.Flip, 4),
                N(r.DistToFlipPct, 4), N(r.CallWall, 4), N(r.PutWall, 4), N(r.SameDay, 2), N(r.UpTo7Days, 2), N(r.UpTo30Days, 2),
                N(r.Beyond30Days, 2), N(r.FlipExNearest, 4), N(r.Vanna, 2), N(r.Charm, 2), N(r.PutCallOiRatio, 4), N(r.MaxPain, 4),
                N(r.Rate, 6), N(r.DividendYield, 6),
            ];
            sb.Append(string.Join(',', cells)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>JSON: {underlying, days, rows[], worth[]}.</summary>
    public static string Json(string underlying, IReadOnlyList<GexHistoryRow> rows, IReadOnlyList<GexWorthCell> worth)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(worth);
        var list = new JsonArray();
        foreach (var r in rows)
        {
            list.Add(new JsonObject
            {
                ["as_of"] = r.AsOf.ToString("yyyy-MM-dd", Inv),
                ["source"] = r.Source,
                ["snapshot_time"] = r.SnapshotTime?.ToString("HH:mm", Inv),
                ["snapshots"] = r.Snapshots,
                ["spot"] = Math.Round(r.Spot, 4),
                ["spot_source"] = r.SpotSource,
                ["total_gex"] = Math.Round(r.TotalGex, 2),
                ["call_gex"] = Math.Round(r.CallGex, 2),
                ["put_gex"] = Math.Round(r.PutGex, 2),
                ["flip"] = J(r.Flip, 4),
                ["dist_to_flip_pct"] = J(r.DistToFlipPct, 4),
                ["call_wall"] = r.CallWall,
                ["put_wall"] = r.PutWall,
                ["buckets"] = new JsonObject
                {
                    ["same_day"] = Math.Round(r.SameDay, 2),
                    ["le_7d"] = Math.Round(r.UpTo7Days, 2),
                    ["le_30d"] = Math.Round(r.UpTo30Days, 2),
                    ["gt_30d"] = Math.Round(r.Beyond30Days, 2),
                },
                ["flip_ex_nearest"] = J(r.FlipExNearest, 4),
                ["vanna_usd_per_vol_point"] = Math.Round(r.Vanna, 2),
                ["charm_usd_per_day"] = Math.Round(r.Charm, 2),
                ["put_call_oi_ratio"] = J(r.PutCallOiRatio, 4),
                ["max_pain"] = r.MaxPain,
                ["rate"] = Math.Round(r.Rate, 6),
                ["dividend_yield"] = Math.Round(r.DividendYield, 6),
                ["contracts_used"] = r.ContractsUsed,
            });
        }

        var cells = new JsonArray();
        foreach (var c in worth)
        {
            cells.Add(new JsonObject
            {
                ["condition"] = c.Condition,
                ["outcome"] = c.Outcome,
                ["n"] = c.N,
                ["mean_pct"] = J(c.Mean, 4),
                ["ci95_low_pct"] = J(c.Low, 4),
                ["ci95_high_pct"] = J(c.High, 4),
                ["baseline_n"] = c.BaselineN,
                ["baseline_mean_pct"] = J(c.BaselineMean, 4),
                ["newey_west_t"] = J(c.NeweyWestT, 3),
                ["too_few_cases"] = c.TooFewCases,
            });
        }

        var o = new JsonObject
        {
            ["underlying"] = underlying,
            ["days"] = rows.Count,
            ["units"] = "GEX: USD per 1% move; vanna: USD of dealer delta per vol point; charm: USD of dealer delta per day",
            ["rows"] = list,
            ["worth"] = new JsonObject
            {
                ["method"] = $"group means with 95% circular block-bootstrap intervals (2,000 resamples, fixed seed) and Newey-West t vs the all-days baseline; fewer than {GexWorth.MinCases} days on either side of a split: too few cases",
                ["cells"] = cells,
            },
        };
        return o.ToJsonString(JsonOutput.Options);
    }

    /// <summary>The worth block as plain text lines.</summary>
    public static string WorthText(IReadOnlyList<GexWorthCell> worth)
    {
        ArgumentNullException.ThrowIfNull(worth);
        var sb = new StringBuilder();
        sb.Append("What positioning is worth (").Append(Inv, $"95% block-bootstrap intervals; at least {GexWorth.MinCases} days each side").Append("):\n");
        foreach (var c in worth)
        {
            sb.Append(Inv, $"  {c.Outcome}, {c.Condition}: n {c.N} of {c.BaselineN}, mean {Pct(c.Mean)} vs baseline {Pct(c.BaselineMean)}");
            sb.Append(c.TooFewCases ? " — too few cases" : string.Create(Inv, $", 95% [{Pct(c.Low)}, {Pct(c.High)}], Newey-West t {c.NeweyWestT:0.00}"));
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("0.00", Inv) + "%" : "n/a";

    private static string N(double? v, int digits) => v is { } x && double.IsFinite(x) ? Math.Round(x, digits).ToString("R", Inv) : "";

    private static JsonNode? J(double? v, int digits) => v is { } x && double.IsFinite(x) ? Math.Round(x, digits) : null;
}
