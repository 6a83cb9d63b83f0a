using IwmDesk.Data;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Backtest;
using IwmDesk.Panel;
using IwmDesk.Text;

namespace IwmDesk.Forecast;

/// <summary>Renders a forecast as Markdown, plain text or JSON. Pure: returns strings.</summary>
public static class ForecastRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The sample banner every text output carries when computed from the synthetic sample.</summary>
    public const string SampleBanner = "SAMPLE DATA — synthetic, for trying the tool; import real data before trading on anything (see README).";

    /// <summary>JSON with the documented keys (date, data_source, close, state, active_signals, tomorrow, next_5_days, strategy).</summary>
    public static string Json(ForecastResult f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var o = new JsonObject
        {
            ["date"] = f.Date.ToString("yyyy-MM-dd", Inv),
            ["data_source"] = f.DataSource.Text(),
            ["close"] = Num(f.Close),
            ["state"] = System.Text.Json.JsonSerializer.SerializeToNode(f.State, JsonOutput.Options),
            ["active_signals"] = System.Text.Json.JsonSerializer.SerializeToNode(f.ActiveSignals, JsonOutput.Options),
            ["unavailable_signals"] = System.Text.Json.JsonSerializer.SerializeToNode(f.UnavailableSignals, JsonOutput.Options),
            ["tomorrow"] = Horizon(f.Tomorrow, "assessment"),
            ["next_5_days"] = Horizon(f.Next5Days, "rationale"),
            ["strategy"] = new JsonObject
            {
                ["name"] = f.Strategy.Name,
                ["text"] = f.Strategy.Text,
                ["invalidation"] = f.Strategy.Invalidation,
                ["invalidation_level"] = f.Strategy.InvalidationLevel is { } l ? Num(l) : null,
            },
            ["rules_hash"] = f.RulesHash,
        };
        return o.ToJsonString(JsonOutput.Options);
    }

    private static JsonObject Horizon(HorizonCall c, string textKey) => new()
    {
        ["call"] = c.Call,
        ["probability"] = Num(c.Probability),
        ["p_up"] = Num(c.PUp),
        ["p_up_calibrated"] = Num(c.PUpCalibrated),
        ["calibration_n"] = c.CalibrationN,
        ["baseline_p_up"] = Num(c.BaselinePUp),
        ["difference"] = Num(c.Difference),
        ["margin"] = Num(c.Margin),
        ["horizon"] = c.Horizon,
        [textKey] = c.Assessment,
        ["contributions"] = System.Text.Json.JsonSerializer.SerializeToNode(c.Contributions, JsonOutput.Options),
        ["no_weight"] = System.Text.Json.JsonSerializer.SerializeToNode(c.NoWeight, JsonOutput.Options),
    };

    private static JsonNode? Num(double v) => JsonNumbers.Number(v);

    /// <summary>Markdown: Current Market State / Active Signals / Output Forecast.</summary>
    /// <param name="f">The forecast.</param>
    /// <param name="lead">Markdown placed right after the title and sample banner (the decision block), or null.</param>
    public static string Markdown(ForecastResult f, string? lead = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var s = f.State;
        var sb = new StringBuilder();
        sb.Append(Inv, $"# IWM forecast for {f.Date:yyyy-MM-dd}\n\n");
        if (f.DataSource == DataOrigin.Sample)
            sb.Append("> **").Append(SampleBanner).Append("**\n\n");
        sb.Append(lead);
        sb.Append("## Current Market State\n\n");
        sb.Append(Inv, $"- **Close:** {Fmt.N(s.Close)} — {TrendText(s)}\n");
        sb.Append(Inv, $"- **RSI(14):** {Fmt.N(s.Rsi14, "0.0")}\n");
        sb.Append(Inv, $"- **GEX:** {s.GexSign}{(s.GexFlipped ? " (flipped today)" : "")} ({Usd(s.Gex)}{(string.IsNullOrEmpty(s.GexSource) ? "" : $", source {s.GexSource}")})");
        sb.Append(s.GammaFlip is { } flip ? string.Create(Inv, $"; gamma flip {flip:0.00}\n") : "\n");
        sb.Append(Inv, $"- **VIX:** {Fmt.N(s.Vix)}\n");
        sb.Append(Inv, $"- **Dark-pool ratio:** {DpText(s)}\n");
        sb.Append(Inv, $"- **Bollinger(20, 2):** {s.BollingerPosition} ({Fmt.N(s.BbLower)} – {Fmt.N(s.BbUpper)})\n");
        sb.Append(Inv, $"- **Data:** {f.DataSource.Text()}; {InputsText(f)}\n\n");
        sb.Append("## Active Signals\n\n");
        if (f.ActiveSignals.Count == 0)
            sb.Append("None of the rules is active today.\n");
        foreach (var tier in f.ActiveSignals.GroupBy(a => a.Tier).OrderBy(g => g.Key))
        {
            sb.Append(Inv, $"**Tier {tier.Key}**\n\n");
            foreach (var a in tier)
            {
                sb.Append(Inv, $"- `{a.Name}`{(a.GexProxy is null ? "" : $" ({a.GexProxy})")} — {a.Label} (`{a.Condition}`)\n");
                foreach (var e in a.Edges)
                {
                    sb.Append(Inv, $"  - {e.Horizon}-day: n={e.N} ({e.Episodes} episodes), up {Fmt.Pct(e.WinRate)} [95% CI {Fmt.Pct(e.CiLow)}–{Fmt.Pct(e.CiHigh)}] vs baseline {Fmt.Pct(e.BaselineWinRate)}, mean {Fmt.Ret(e.Mean)}");
                    sb.Append(e.Verdict is { } v
                        ? string.Create(Inv, $"; n_eff {Fmt.N(e.NEff, "0")}, lift {Pp(e.Lift)} [robust {Pp(e.LiftCiLow)} to {Pp(e.LiftCiHigh)}] — **{v.Text()}** ({e.VerdictReason}); claim {e.ClaimVerdict.Text()}\n")
                        : " — information only (no claim at this horizon)\n");
                }
            }

            sb.Append('\n');
        }

        if (f.UnavailableSignals.Count > 0)
            sb.Append(Inv, $"Unavailable today: {string.Join("; ", f.UnavailableSignals)}\n");
        sb.Append("\n## Output Forecast\n\n");
        sb.Append(Inv, $"### Immediate (Tomorrow)\n\n**{f.Tomorrow.Call}** — probability {Fmt.Pct(f.Tomorrow.Probability)}{Calibrated(f.Tomorrow)}\n\n{f.Tomorrow.Assessment}\n\n");
        sb.Append(Inv, $"### Short Term (Next 5 Days)\n\n**{f.Next5Days.Call}** — probability {Fmt.Pct(f.Next5Days.Probability)}{Calibrated(f.Next5Days)}\n\n{f.Next5Days.Assessment}\n\n");
        sb.Append(Inv, $"### Strategy\n\n**{f.Strategy.Name}**\n\n{f.Strategy.Text}\n\nInvalidation: {f.Strategy.Invalidation}.\n");
        return sb.ToString();
    }

    /// <summary>Plain text for a terminal.</summary>
    /// <param name="f">The forecast.</param>
    /// <param name="lead">Text placed right after the sample banner (the decision block), or null.</param>
    public static string Text(ForecastResult f, string? lead = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var s = f.State;
        var sb = new StringBuilder();
        if (f.DataSource == DataOrigin.Sample)
            sb.Append(SampleBanner).Append('\n');
        if (lead is not null)
            sb.Append(lead).Append('\n');
        sb.Append(Inv, $"IWM {f.Date:yyyy-MM-dd}  close {Fmt.N(s.Close)}  {TrendText(s)}\n");
        sb.Append(Inv, $"RSI {Fmt.N(s.Rsi14, "0.0")}  VIX {Fmt.N(s.Vix)}  GEX {s.GexSign}{(s.GexFlipped ? " (flipped)" : "")}  dark-pool ratio {DpText(s)}  {s.BollingerPosition}\n");
        sb.Append("Active: ").Append(f.ActiveSignals.Count == 0 ? "none" : string.Join(", ", f.ActiveSignals.Select(a => $"T{a.Tier} {a.DisplayName}"))).Append('\n');
        sb.Append(Inv, $"Tomorrow:    {f.Tomorrow.Call} ({Fmt.Pct(f.Tomorrow.Probability)}; P(up) {Fmt.Pct(f.Tomorrow.PUp)} vs {Fmt.Pct(f.Tomorrow.BaselinePUp)} baseline{Calibrated(f.Tomorrow)})\n");
        sb.Append(Inv, $"Next 5 days: {f.Next5Days.Call} ({Fmt.Pct(f.Next5Days.Probability)}; P(up) {Fmt.Pct(f.Next5Days.PUp)} vs {Fmt.Pct(f.Next5Days.BaselinePUp)} baseline{Calibrated(f.Next5Days)})\n");
        sb.Append(Inv, $"Strategy:    {f.Strategy.Name}; invalidation: {f.Strategy.Invalidation}\n");
        return sb.ToString();
    }

    /// <summary>Each input's true status on the date: "IWM: current (2026-05-01); HY spread: 25 trading days old (last 2026-03-26), stale: not used; …".</summary>
    private static string InputsText(ForecastResult f) => string.Join("; ",
        f.State.SeriesLastDates.OrderBy(kv => kv.Key == "IWM" ? 0 : 1).ThenBy(kv => InputFreshness.Label(kv.Key), StringComparer.Ordinal)
            .Select(kv => InputFreshness.Series(kv.Key, kv.Value, f.Date).Text));

    private static string Calibrated(HorizonCall c) => double.IsNaN(c.PUpCalibrated) ? "" : $"; calibrated P(up) {Fmt.Pct(c.PUpCalibrated)}";

    private static string Pp(double v) => double.IsNaN(v) ? "n/a" : (v * 100).ToString("+0.0;-0.0;0.0", Inv) + " pp";

    private static string TrendText(MarketState s) =>
        s.Trend == "n/a" ? "trend n/a (not enough history)" : string.Create(Inv, $"{s.Trend} (50-day {s.Sma50:0.00}, 200-day {s.Sma200:0.00})");

    private static string Usd(double v) => double.IsNaN(v) ? "n/a" : Math.Abs(v) >= 1e9
        ? (v / 1e9).ToString("+0.00;-0.00;0.00", Inv) + " bn USD per 1% move"
        : (v / 1e6).ToString("+0.0;-0.0;0.0", Inv) + " mn USD per 1% move";

    /// <summary>"1.23 (CNMS)", or "n/a (no FINRA short-volume data after 2026-04-24)".</summary>
    internal static string DpText(MarketState s) =>
        double.IsNaN(s.DpRatio)
            ? string.IsNullOrEmpty(s.DpMissing) ? "n/a" : $"n/a ({s.DpMissing})"
            : string.IsNullOrEmpty(s.DpSource) ? Fmt.N(s.DpRatio) : $"{Fmt.N(s.DpRatio)} ({s.DpSource})";
}
