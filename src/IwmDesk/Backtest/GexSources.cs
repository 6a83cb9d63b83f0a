using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>
/// Where a rule's <c>gex</c> comes from (docs/backtest.md, GEX source): the panel's per-row <c>gex_source</c> is IWM's own
/// (its chains or a vendor IWM_GEX series) or a proxy (by default SqueezeMetrics' SPX GEX); every output that shows a
/// gex rule on a proxy day names the proxy, e.g. <c>GEX_Negative (SPX proxy)</c>.
/// </summary>
public static class GexSources
{
    /// <summary>True when the rule's condition reads the panel's gex column.</summary>
    public static bool UsesGex(SignalRule rule, FeaturePanel panel)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(panel);
        return CompiledCondition.Compile(rule.Condition, panel).Columns.Contains(PanelColumns.Gex);
    }

    /// <summary>True when a <c>gex_source</c> value is a proxy (the panel labels those "&lt;series&gt; proxy").</summary>
    public static bool IsProxy(string? source) => source is not null && source.EndsWith(" proxy", StringComparison.Ordinal);

    /// <summary>"SPX_GEX proxy" → "SPX proxy"; null for IWM's own GEX or none.</summary>
    public static string? ProxyLabel(string? source)
    {
        if (!IsProxy(source))
            return null;
        var series = source![..^" proxy".Length];
        if (series.EndsWith("_GEX", StringComparison.Ordinal))
            series = series[..^"_GEX".Length];
        return series + " proxy";
    }

    /// <summary>The rule's name as shown on a row: with " (SPX proxy)" when it reads gex and that row's gex is a proxy.</summary>
    public static string Display(string name, bool usesGex, string? source) =>
        usesGex && ProxyLabel(source) is { } label ? $"{name} ({label})" : name;
}
