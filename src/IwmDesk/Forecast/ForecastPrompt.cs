using System.Globalization;
using System.Text;
using IwmDesk.Signals;

namespace IwmDesk.Forecast;

/// <summary>
/// The quantitative-analyst prompt filled from a forecast's own inputs: the tiered rules, today's state, the active
/// signals and each rule's measured edge. (The prompt library renders the full template; this is its data core.)
/// </summary>
public static class ForecastPrompt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Renders the prompt text.</summary>
    public static string Render(ForecastResult f, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(rules);
        var s = f.State;
        var sb = new StringBuilder();
        sb.Append(Inv, $"You are a quantitative analyst for the Russell 2000 ETF (IWM). Date: {f.Date:yyyy-MM-dd}. Data: {f.DataSource}.\n\n");
        sb.Append("Tiered rules (condition → claimed edge):\n");
        foreach (var r in rules.Rules)
        {
            var claim = r.Claimed is { } c
                ? string.Create(Inv, $"{c.Horizon}-day{(c.WinRate is { } w ? $", {w:0%} win" : "")}{(c.Mean is { } m ? $", {m:+0.00%;-0.00%} mean" : "")}")
                : "no figure quoted";
            sb.Append(Inv, $"- Tier {r.Tier} {r.Name}: {r.BoundConditionText} → {r.Direction.ToString().ToLowerInvariant()}, {claim}\n");
        }

        sb.Append(Inv, $"\nToday's state: close {N(s.Close)}, {s.Trend} (50-day {N(s.Sma50)}, 200-day {N(s.Sma200)}), RSI(14) {N(s.Rsi14, "0.0")}, ");
        sb.Append(Inv, $"GEX {s.GexSign}{(s.GexFlipped ? " (flipped today)" : "")}, VIX {N(s.Vix)}, dark-pool ratio {N(s.DpRatio)}, price {s.BollingerPosition}.\n\n");
        sb.Append("Active signals with their MEASURED edge (from this history, only forward windows closed by today):\n");
        if (f.ActiveSignals.Count == 0)
            sb.Append("- none\n");
        foreach (var a in f.ActiveSignals)
        {
            foreach (var e in a.Edges)
                sb.Append(Inv, $"- Tier {a.Tier} {a.Name}, {e.Horizon}-day: n={e.N}, win {P(e.WinRate)} (95% CI {P(e.CiLow)}–{P(e.CiHigh)}), baseline {P(e.BaselineWinRate)}, mean {R(e.Mean)}; {e.Verdict}\n");
        }

        sb.Append("\nUsing only these figures, give:\n1. Immediate (Tomorrow): Bullish / Bearish / Neutral with a probability and an assessment.\n");
        sb.Append("2. Short Term (Next 5 Days): the same.\n3. Strategy: a name, a paragraph, and the level that invalidates it.\n");
        sb.Append("Quote no number that is not given above.\n");
        return sb.ToString();
    }

    private static string N(double v, string f = "0.00") => double.IsNaN(v) ? "n/a" : v.ToString(f, Inv);

    private static string P(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0%", Inv);

    private static string R(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00%;-0.00%", Inv);
}
