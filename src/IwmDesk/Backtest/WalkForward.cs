using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Backtest;

/// <summary>One calendar-year fold of a rule at one horizon: what was known at the end of the previous year, and what happened in the year.</summary>
/// <param name="Year">The out-of-sample year.</param>
/// <param name="VerdictAtStart">The edge verdict as of the last trading day of the previous year (null: no verdict at this horizon).</param>
/// <param name="LiftAtStart">The lift known then.</param>
/// <param name="N">Signal days in the year with a closed window.</param>
/// <param name="WinRate">Their win rate.</param>
/// <param name="Mean">Their mean return.</param>
/// <param name="BaselineN">Days in the year with a closed window.</param>
/// <param name="BaselineWinRate">Their win rate.</param>
/// <param name="Lift">WinRate − BaselineWinRate in the rule's direction.</param>
public sealed record WalkForwardFold(
    int Year, EdgeVerdict? VerdictAtStart, double LiftAtStart, int N, double WinRate, double Mean, int BaselineN, double BaselineWinRate, double Lift);

/// <summary>Walk-forward of one rule at one horizon: every fold, the pooled out-of-sample figures, and how edge verdicts fared.</summary>
/// <param name="Signal">Rule.</param>
/// <param name="Horizon">Trading days.</param>
/// <param name="Folds">One per calendar year from the fifth year of data on.</param>
/// <param name="OosN">Signal days over every fold.</param>
/// <param name="OosWinRate">Their win rate.</param>
/// <param name="OosMean">Their mean return.</param>
/// <param name="OosBaselineWinRate">Every fold day's win rate.</param>
/// <param name="OosLift">OosWinRate − OosBaselineWinRate (rule's direction).</param>
/// <param name="EdgeFolds">Folds that started with an <c>edge</c> verdict and had signal days.</param>
/// <param name="EdgeFoldsPositive">Of those, folds whose lift in the year was positive.</param>
public sealed record WalkForwardResult(
    string Signal, int Horizon, IReadOnlyList<WalkForwardFold> Folds, int OosN, double OosWinRate, double OosMean,
    double OosBaselineWinRate, double OosLift, int EdgeFolds, int EdgeFoldsPositive);

/// <summary>
/// Walk-forward by calendar year (docs/backtest.md): for each year Y from the fifth calendar year of data on, the
/// statistics known at the end of Y − 1 (every window closed by its last trading day) against what the rule's signal
/// days in Y then did (their windows may close early in Y + 1). Replaces a single in-sample/out-of-sample split: every
/// year is out-of-sample once, judged with only what came before it.
/// </summary>
public static class WalkForward
{
    /// <summary>Calendar years of data before the first fold.</summary>
    public const int WarmupYears = 4;

    /// <summary>Runs the walk-forward for every rule at every horizon of <paramref name="options"/>.</summary>
    public static IReadOnlyList<WalkForwardResult> Run(FeaturePanel panel, RuleSet rules, BacktestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(rules);
        options ??= new BacktestOptions();
        var results = new List<WalkForwardResult>();
        if (panel.Count == 0)
            return results;
        var (first, last) = BacktestEngine.Range(panel, options, panel.Count - 1);
        if (last < first)
            return results;
        var dates = panel.Dates;
        var firstYear = dates[first].Year;
        var years = Enumerable.Range(firstYear + WarmupYears, Math.Max(0, dates[last].Year - firstYear - WarmupYears + 1)).ToList();

        // The verdicts known at each fold's start.
        var atStart = new Dictionary<int, IReadOnlyList<RuleHorizonStats>>();
        foreach (var y in years)
        {
            var end = panel.IndexOnOrBefore(new DateOnly(y - 1, 12, 31));
            if (end >= first)
                atStart[y] = BacktestEngine.Run(panel, rules, options, end, judgedOnly: true);
        }

        var masks = rules.Rules.ToDictionary(r => r.Name, r => CompiledCondition.Compile(r.Condition, panel).Evaluate(r.Parameters), StringComparer.Ordinal);
        foreach (var rule in rules.Rules)
        {
            var sign = rule.Direction == SignalDirection.Bullish ? 1 : -1;
            var mask = masks[rule.Name];
            foreach (var h in options.Horizons)
            {
                var folds = new List<WalkForwardFold>();
                int oosN = 0, oosWins = 0, oosBaseN = 0, oosBaseWins = 0, edgeFolds = 0, edgePositive = 0;
                double oosSum = 0;
                foreach (var y in years)
                {
                    int n = 0, wins = 0, baseN = 0, baseWins = 0;
                    double sum = 0;
                    for (var t = first; t <= last; t++)
                    {
                        if (dates[t].Year != y)
                            continue;
                        var r = BacktestEngine.ForwardReturn(panel, t, h, panel.Count - 1, options.Entry);
                        if (double.IsNaN(r))
                            continue;
                        baseN++;
                        baseWins += r > 0 ? 1 : 0;
                        if (mask[t] != CompiledCondition.True)
                            continue;
                        n++;
                        sum += r;
                        wins += r > 0 ? 1 : 0;
                    }

                    var start = atStart.TryGetValue(y, out var s) ? s.FirstOrDefault(x => x.Signal == rule.Name && x.Horizon == h) : null;
                    var winRate = n == 0 ? double.NaN : (double)wins / n;
                    var baseRate = baseN == 0 ? double.NaN : (double)baseWins / baseN;
                    var lift = sign * (winRate - baseRate);
                    folds.Add(new WalkForwardFold(y, start?.Verdict, start?.Lift ?? double.NaN, n, winRate, n == 0 ? double.NaN : sum / n, baseN, baseRate, lift));
                    oosN += n;
                    oosWins += wins;
                    oosSum += sum;
                    oosBaseN += baseN;
                    oosBaseWins += baseWins;
                    if (start?.Verdict == EdgeVerdict.Edge && n > 0)
                    {
                        edgeFolds++;
                        edgePositive += lift > 0 ? 1 : 0;
                    }
                }

                var ow = oosN == 0 ? double.NaN : (double)oosWins / oosN;
                var ob = oosBaseN == 0 ? double.NaN : (double)oosBaseWins / oosBaseN;
                results.Add(new WalkForwardResult(rule.Name, h, folds, oosN, ow, oosN == 0 ? double.NaN : oosSum / oosN, ob, sign * (ow - ob), edgeFolds, edgePositive));
            }
        }

        return results;
    }
}
