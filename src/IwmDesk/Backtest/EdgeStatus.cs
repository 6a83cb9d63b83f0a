using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>
/// One rule's edge verdict at one of its claimed horizons as of a date D (from forward windows closed by D, panel rows
/// up to D only), and whether the rule is active on D. The public answer to "does this rule have an edge today, and is
/// it firing" (alerts, decision cards).
/// </summary>
/// <param name="Signal">Rule name.</param>
/// <param name="Tier">Rule tier.</param>
/// <param name="Horizon">Claimed horizon in trading days.</param>
/// <param name="Verdict">The edge verdict as of D.</param>
/// <param name="Reason">Its one-line reason.</param>
/// <param name="Claim">The claim verdict as of D.</param>
/// <param name="Active">The rule's condition is true on D.</param>
/// <param name="Lift">Win rate − baseline (rule's direction).</param>
/// <param name="LiftCiLow">Block-bootstrap 95% interval of the lift, low end.</param>
/// <param name="LiftCiHigh">High end.</param>
/// <param name="PAdjusted">Holm-adjusted p-value over every verdict of that day's run.</param>
public sealed record RuleEdgeStatus(
    string Signal, int Tier, int Horizon, EdgeVerdict Verdict, string Reason, ClaimVerdict Claim, bool Active,
    double Lift, double LiftCiLow, double LiftCiHigh, double PAdjusted);

/// <summary>Edge verdicts per rule as of a date.</summary>
public static class EdgeVerdicts
{
    /// <summary>
    /// Every rule's verdict at each of its claimed horizons as of <paramref name="date"/> (a trading day in the panel),
    /// with the same statistics, options and Holm family as the forecast for that day.
    /// </summary>
    public static IReadOnlyList<RuleEdgeStatus> AsOf(FeaturePanel panel, RuleSet rules, DateOnly date, BacktestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(rules);
        var idx = panel.IndexOnOrBefore(date);
        if (idx < 0 || panel.Dates[idx] != date)
            throw new IwmDeskException($"{date:yyyy-MM-dd} is not a trading day in the data");
        var view = idx == panel.Count - 1 ? panel : panel.Head(idx + 1);
        var horizons = rules.Rules.SelectMany(r => r.Horizons).Distinct().Order().ToList();
        options = (options ?? new BacktestOptions()) with { Horizons = horizons };
        var stats = BacktestEngine.Run(view, rules, options, idx, judgedOnly: true);
        var list = new List<RuleEdgeStatus>();
        foreach (var rule in rules.Rules)
        {
            var active = CompiledCondition.Compile(rule.Condition, view).Evaluate(rule.Parameters)[idx] == CompiledCondition.True;
            foreach (var s in stats)
            {
                if (s.Signal != rule.Name || s.Verdict is not { } v)
                    continue;
                list.Add(new RuleEdgeStatus(s.Signal, s.Tier, s.Horizon, v, s.VerdictReason, s.ClaimVerdict ?? ClaimVerdict.NoClaim, active,
                    s.Lift, s.LiftCiLow, s.LiftCiHigh, s.PAdjusted));
            }
        }

        return list;
    }
}
