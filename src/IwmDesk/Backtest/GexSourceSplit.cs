using IwmDesk.Analytics.Statistics;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>One gex rule × horizon measured on the signal days whose GEX came from one source.</summary>
/// <param name="Signal">Rule name.</param>
/// <param name="Horizon">Horizon in trading days.</param>
/// <param name="Source">"IWM's own" (its chains or a vendor IWM_GEX series) or the proxy's label, e.g. "SPX proxy".</param>
/// <param name="N">Signal days with that source and a closed window.</param>
/// <param name="WinRate">Share of them IWM rose.</param>
/// <param name="Mean">Mean return.</param>
/// <param name="BaselineDays">Every day of the range with that source and a closed window.</param>
/// <param name="BaselineWinRate">Share of those IWM rose (the source's own baseline: its days cover other years).</param>
/// <param name="Lift">WinRate − BaselineWinRate.</param>
/// <param name="NNonoverlap">Signal days at least h apart, taken greedily from the first.</param>
/// <param name="WinRateNonoverlap">Their win rate.</param>
public sealed record GexSourceStats(
    string Signal, int Horizon, string Source, int N, double WinRate, double Mean, int BaselineDays, double BaselineWinRate, double Lift,
    int NNonoverlap, double WinRateNonoverlap);

/// <summary>
/// The backtest split by GEX source (docs/backtest.md, GEX source): when the range holds days with IWM's own GEX and
/// days on the proxy, each rule that reads gex is measured on each source's days apart — plain figures with their n and
/// the source's own baseline, shown as information (no verdict: the verdict belongs to the whole range).
/// </summary>
public static class GexSourceSplit
{
    /// <summary>The label of IWM's own GEX in the split.</summary>
    public const string Own = "IWM's own";

    /// <summary>The split's source class of a row's gex_source: the proxy label, <see cref="Own"/>, or null when none.</summary>
    public static string? SourceClass(string? gexSource) =>
        GexSources.ProxyLabel(gexSource) ?? (string.IsNullOrEmpty(gexSource) ? null : Own);

    /// <summary>The source classes present on the rows of the range (ordered: IWM's own first).</summary>
    public static IReadOnlyList<string> Sources(FeaturePanel panel, BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(options);
        var (first, last) = BacktestEngine.Range(panel, options, panel.Count - 1);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var t = first; t <= last; t++)
        {
            if (SourceClass(panel.GexSource[t]) is { } c)
                set.Add(c);
        }

        return [.. set.OrderBy(s => s == Own ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Every gex rule × horizon × source, as of the panel's last row; empty when fewer than two sources occur in the
    /// range (then the backtest's own figures already are the one source's).
    /// </summary>
    public static IReadOnlyList<GexSourceStats> Run(FeaturePanel panel, RuleSet rules, BacktestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(rules);
        options ??= new BacktestOptions();
        var sources = Sources(panel, options);
        if (sources.Count < 2)
            return [];
        var asOf = panel.Count - 1;
        var (first, last) = BacktestEngine.Range(panel, options, asOf);
        var cls = new string?[panel.Count];
        for (var t = first; t <= last; t++)
            cls[t] = SourceClass(panel.GexSource[t]);

        var result = new List<GexSourceStats>();
        var signal = new bool[panel.Count];
        var forward = options.Horizons.Select(h =>
        {
            var f = new double[panel.Count];
            for (var t = first; t <= last; t++)
                f[t] = BacktestEngine.ForwardReturn(panel, t, h, asOf, options.Entry);
            return f;
        }).ToArray();
        foreach (var rule in rules.Rules)
        {
            if (!GexSources.UsesGex(rule, panel))
                continue;
            var mask = CompiledCondition.Compile(rule.Condition, panel).Evaluate(rule.Parameters);
            for (var k = 0; k < options.Horizons.Count; k++)
            {
                var h = options.Horizons[k];
                var r = forward[k];
                foreach (var source in sources)
                {
                    int n = 0, wins = 0, baseN = 0, baseWins = 0;
                    double sum = 0;
                    Array.Clear(signal);
                    for (var t = first; t <= last; t++)
                    {
                        if (cls[t] != source || double.IsNaN(r[t]))
                            continue;
                        baseN++;
                        if (r[t] > 0)
                            baseWins++;
                        if (mask[t] != CompiledCondition.True)
                            continue;
                        signal[t] = true;
                        n++;
                        sum += r[t];
                        if (r[t] > 0)
                            wins++;
                    }

                    var (nNo, winsNo, _) = Dependence.NonOverlapping(r, signal, h);
                    var win = n == 0 ? double.NaN : (double)wins / n;
                    var baseRate = baseN == 0 ? double.NaN : (double)baseWins / baseN;
                    result.Add(new GexSourceStats(
                        rule.Name, h, source, n, win, n == 0 ? double.NaN : sum / n, baseN, baseRate, win - baseRate,
                        nNo, nNo == 0 ? double.NaN : (double)winsNo / nNo));
                }
            }
        }

        return result;
    }
}
