using IwmDesk.Text;
using IwmDesk.Workflow;

namespace IwmDesk.Decision;

/// <summary>
/// What changed since the previous trading day (the report's and dashboard's "since the previous trading day" box):
/// rules that started or stopped firing, a macro regime change, a GEX sign flip (and spot crossing the gamma flip when
/// both days have one), and a change of the decision. Both days are computed from data up to each day only.
/// </summary>
/// <param name="Previous">The previous trading day in the data.</param>
/// <param name="Started">Rules active today that were not yesterday.</param>
/// <param name="Stopped">Rules active yesterday that are not today.</param>
/// <param name="Regime">"Late-Cycle Rotation → Credit Stress", or null when unchanged.</param>
/// <param name="Gex">"GEX turned negative" / "spot crossed below the gamma flip (x)", or null.</param>
/// <param name="Decision">"Stand aside → Trade Bullish at reduced size", or null when unchanged.</param>
public sealed record DayChanges(DateOnly Previous, IReadOnlyList<string> Started, IReadOnlyList<string> Stopped, string? Regime, string? Gex, string? Decision)
{
    /// <summary>True when nothing changed.</summary>
    public bool None => Started.Count == 0 && Stopped.Count == 0 && Regime is null && Gex is null && Decision is null;

    /// <summary>One plain line per change ("nothing changed" when none).</summary>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>();
        if (Decision is not null)
            lines.Add($"Decision changed: {Decision}");
        if (Started.Count > 0)
            lines.Add($"Signals started: {string.Join(", ", Started)}");
        if (Stopped.Count > 0)
            lines.Add($"Signals stopped: {string.Join(", ", Stopped)}");
        if (Regime is not null)
            lines.Add($"Macro regime changed: {Regime}");
        if (Gex is not null)
            lines.Add(Gex);
        if (lines.Count == 0)
            lines.Add("Nothing changed: same signals, regime, GEX sign and decision.");
        return lines;
    }

    /// <summary>The changes from <paramref name="previous"/> to <paramref name="today"/>.</summary>
    public static DayChanges Between(DeskDay previous, DeskDay today)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(today);
        var before = previous.Forecast.ActiveSignals.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var now = today.Forecast.ActiveSignals.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var started = today.Forecast.ActiveSignals.Where(a => !before.Contains(a.Name)).Select(a => $"{a.Name} (tier {a.Tier})").ToList();
        var stopped = previous.Forecast.ActiveSignals.Where(a => !now.Contains(a.Name)).Select(a => $"{a.Name} (tier {a.Tier})").ToList();
        var r0 = RegimeOf(previous.Workflow);
        var r1 = RegimeOf(today.Workflow);
        var regime = r0 is not null && r1 is not null && r0 != r1 ? $"{r0} → {r1}" : null;
        var s0 = previous.Forecast.State;
        var s1 = today.Forecast.State;
        string? gex = null;
        if (s0.GexSign != s1.GexSign && s0.GexSign != "n/a" && s1.GexSign != "n/a")
            gex = $"GEX turned {s1.GexSign} (was {s0.GexSign})";
        if (s0.GammaFlip is { } f0 && s1.GammaFlip is { } f1 && Math.Sign(s0.Close - f0) != Math.Sign(s1.Close - f1))
            gex = (gex is null ? "" : gex + "; ") + string.Create(Fmt.Inv, $"spot crossed {(s1.Close > f1 ? "above" : "below")} the gamma flip ({f1:0.00})");
        var d0 = previous.Decision.Recommendation.Headline;
        var d1 = today.Decision.Recommendation.Headline;
        return new DayChanges(previous.Forecast.Date, started, stopped, regime, gex, d0 == d1 ? null : $"{d0} → {d1}");
    }

    private static string? RegimeOf(WorkflowResult w) =>
        w.Steps.FirstOrDefault(s => s.Name == Workflow.WorkflowStepId.MacroRegime)?.Facts.TryGetValue("regime", out var r) == true ? r as string : null;
}
