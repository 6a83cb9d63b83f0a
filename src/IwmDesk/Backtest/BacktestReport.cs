using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IwmDesk.Text;

namespace IwmDesk.Backtest;

/// <summary>Backtest and sweep results as JSON or CSV (rates and returns as fractions).</summary>
public static class BacktestReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// A JSON array, one object per rule and horizon, each carrying <c>data_source</c>; with
    /// <paramref name="walkForward"/>, also the pooled walk-forward figures (<c>wf_*</c>). When the range holds more than
    /// one GEX source (<paramref name="gexSplit"/> not empty), every row gets <c>gex_by_source</c> (the gex rules' figures
    /// per source, null for the other rules); where IWM's own GEX and the proxy both exist on some day
    /// (<paramref name="gexAgreement"/>), every row gets <c>gex_sign_agreement_days</c> and <c>gex_sign_agreement_share</c>.
    /// </summary>
    public static string Json(
        IReadOnlyList<RuleHorizonStats> stats, string dataSource, IReadOnlyList<WalkForwardResult>? walkForward = null,
        IReadOnlyList<GexSourceStats>? gexSplit = null, Panel.GexSignAgreement? gexAgreement = null)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var array = new JsonArray();
        foreach (var s in stats)
        {
            var o = JsonSerializer.SerializeToNode(s, JsonOutput.Options)!.AsObject();
            if (walkForward?.FirstOrDefault(w => w.Signal == s.Signal && w.Horizon == s.Horizon) is { } wf)
            {
                o["wf_folds"] = wf.Folds.Count;
                o["wf_first_year"] = wf.Folds.Count == 0 ? null : wf.Folds[0].Year;
                o["wf_oos_n"] = wf.OosN;
                o["wf_oos_win_rate"] = Num(wf.OosWinRate);
                o["wf_oos_mean"] = Num(wf.OosMean);
                o["wf_oos_baseline_win_rate"] = Num(wf.OosBaselineWinRate);
                o["wf_oos_lift"] = Num(wf.OosLift);
                o["wf_edge_folds"] = wf.EdgeFolds;
                o["wf_edge_folds_positive"] = wf.EdgeFoldsPositive;
            }

            if (gexSplit is { Count: > 0 })
            {
                var split = gexSplit.Where(g => g.Signal == s.Signal && g.Horizon == s.Horizon).ToList();
                o["gex_by_source"] = split.Count == 0 ? null : new JsonArray([.. split.Select(g => (JsonNode)new JsonObject
                {
                    ["source"] = g.Source,
                    ["n"] = g.N,
                    ["win_rate"] = Num(g.WinRate),
                    ["mean"] = Num(g.Mean),
                    ["baseline_days"] = g.BaselineDays,
                    ["baseline_win_rate"] = Num(g.BaselineWinRate),
                    ["lift"] = Num(g.Lift),
                    ["n_nonoverlap"] = g.NNonoverlap,
                    ["win_rate_nonoverlap"] = Num(g.WinRateNonoverlap),
                })]);
            }

            if (gexAgreement is not null)
            {
                o["gex_sign_agreement_days"] = gexAgreement.Days;
                o["gex_sign_agreement_share"] = Num(gexAgreement.Share);
            }

            o["data_source"] = dataSource;
            array.Add(o);
        }

        return array.ToJsonString(JsonOutput.Options);
    }

    /// <summary>The walk-forward folds as JSON: one object per rule and horizon with its folds and pooled figures.</summary>
    public static string WalkForwardJson(IReadOnlyList<WalkForwardResult> walkForward, string dataSource)
    {
        ArgumentNullException.ThrowIfNull(walkForward);
        var o = new JsonObject
        {
            ["data_source"] = dataSource,
            ["rules"] = JsonSerializer.SerializeToNode(walkForward, JsonOutput.Options),
        };
        return o.ToJsonString(JsonOutput.Options);
    }

    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonNumbers.Number(v) : null;

    /// <summary>CSV with the same columns as the JSON (header from the first row's keys).</summary>
    public static string Csv(
        IReadOnlyList<RuleHorizonStats> stats, string dataSource, IReadOnlyList<WalkForwardResult>? walkForward = null,
        IReadOnlyList<GexSourceStats>? gexSplit = null, Panel.GexSignAgreement? gexAgreement = null)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var rows = JsonNode.Parse(Json(stats, dataSource, walkForward, gexSplit, gexAgreement))!.AsArray();
        var sb = new StringBuilder();
        if (rows.Count == 0)
            return "";
        var keys = rows[0]!.AsObject().Select(kv => kv.Key).ToList();
        sb.AppendJoin(',', keys).Append('\n');
        foreach (var row in rows)
        {
            var o = row!.AsObject();
            sb.AppendJoin(',', keys.Select(k => Cell(o[k]))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The sweep as JSON: variants tried, the adjustment, and the best variants.</summary>
    public static string SweepJson(SweepResult sweep, string dataSource)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var o = new JsonObject
        {
            ["data_source"] = dataSource,
            ["variants_tried"] = sweep.VariantsTried,
            ["adjustment"] = sweep.Adjustment,
            ["best"] = JsonSerializer.SerializeToNode(sweep.Best, JsonOutput.Options),
        };
        return o.ToJsonString(JsonOutput.Options);
    }

    private static string Cell(JsonNode? n)
    {
        if (n is null)
            return "";
        if (n is JsonValue v && v.TryGetValue<string>(out var s))
            return CsvText.Field(s);
        if (n is JsonValue d && d.TryGetValue<double>(out var x))
            return JsonNumbers.Csv(x);
        return n.ToJsonString();
    }
}
