using System.Globalization;
using System.Text;
using IwmDesk.Backtest;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Forecast;

/// <summary>Settings of the forecast; the defaults are documented in docs/forecast.md.</summary>
public sealed record ForecastOptions
{
    /// <summary>Weight of a rule by tier (tier 1 counts three times a tier-3 rule).</summary>
    public IReadOnlyDictionary<int, double> TierWeights { get; init; } = new Dictionary<int, double> { [1] = 3, [2] = 2, [3] = 1 };

    /// <summary>Pseudo-cases pulling a rule's win rate towards the baseline: (wins + k·baseline) / (n + k).</summary>
    public double PriorStrength { get; init; } = 20;

    /// <summary>Below this many effective cases a rule's verdict is "too few cases" (it then carries no weight).</summary>
    public int MinCases { get; init; } = 30;

    /// <summary>
    /// A call is Bullish only when P(up) ≥ baseline + margin, Bearish only when P(up) ≤ baseline − margin (and at least
    /// one active rule has an <c>edge</c> verdict); 3 pp by default.
    /// </summary>
    public double Margin { get; init; } = 0.03;

    /// <summary>Stop distance for a washout entry, in ATR(14).</summary>
    public double WashoutStopAtr { get; init; } = 1.5;

    /// <summary>
    /// Past forecast calls the calibrated P(up) learns from (the journal's, <see cref="ForecastCalibration"/>); only
    /// those whose horizon closed by the forecast date are used. Null: no calibrated P(up).
    /// </summary>
    public IReadOnlyList<CalibrationCall>? CalibrationHistory { get; init; }
}

/// <summary>
/// Builds the daily forecast for a date D from the panel rows up to D only. Each active rule's edge comes from signal
/// days whose forward window closed by D; the horizon's probability is the tier- and sample-size-weighted average of
/// the active rules' shrunk win rates (docs/forecast.md).
/// </summary>
public static class ForecastBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Builds the forecast for <paramref name="date"/> (default: the panel's last row), which must be a row of the panel:
    /// a requested date is resolved first by the session's as-of rule (docs/architecture.md); this only guards.
    /// </summary>
    public static ForecastResult Build(FeaturePanel panel, RuleSet rules, DateOnly? date = null, double? gammaFlip = null, ForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(rules);
        options ??= new ForecastOptions();
        if (panel.Count == 0)
            throw new IwmDeskException("no IWM data in the store: import IWM first (iwmdesk data import IWM_daily.csv)");
        var d = date ?? panel.Dates[^1];
        var idx = panel.IndexOnOrBefore(d);
        if (idx < 0)
            throw new IwmDeskException($"no IWM bar on or before {d:yyyy-MM-dd} (data starts {panel.Dates[0]:yyyy-MM-dd})");
        if (panel.Dates[idx] != d && date is not null)
            throw new IwmDeskException($"{d:yyyy-MM-dd} is not a trading day in the data (nearest earlier bar: {panel.Dates[idx]:yyyy-MM-dd})");

        // Only rows up to D exist for everything below.
        var view = idx == panel.Count - 1 ? panel : panel.Head(idx + 1);
        // Every rule's statistics at its claimed horizons (and 1 and 5 days) as of D, bootstrapped where judged: the calls
        // read the active rules' rows, the analyst prompt reads every judged row (ForecastResult.Statistics), so one run
        // serves both.
        var horizons = new SortedSet<int> { 1, 5 };
        foreach (var rule in rules.Rules)
            horizons.UnionWith(rule.Horizons);
        var stats = BacktestEngine.Run(view, rules, new BacktestOptions { Horizons = [.. horizons], MinCases = options.MinCases }, view.Count - 1, judgedOnly: true);
        var state = State(view, idx, gammaFlip);
        var active = new List<ActiveSignal>();
        var activeRules = new List<SignalRule>();
        var unavailable = new List<string>();
        foreach (var rule in rules.Rules)
        {
            var compiled = CompiledCondition.Compile(rule.Condition, view);
            var today = compiled.Evaluate(rule.Parameters)[idx];
            if (today == CompiledCondition.Unavailable)
            {
                var missing = compiled.Columns.Where(c => !view.Has(c) || double.IsNaN(view[c][idx])).ToList();
                unavailable.Add(missing.Count > 0
                    ? $"{rule.Name} ({string.Join("; ", missing.Select(c => view.Has(c) ? InputFreshness.MissingReason(view, c, idx) : $"no {c}"))})"
                    : $"{rule.Name} (not enough history)");
                continue;
            }

            if (today != CompiledCondition.True)
                continue;
            activeRules.Add(rule);
            active.Add(new ActiveSignal
            {
                Name = rule.Name,
                Tier = rule.Tier,
                Label = rule.Label,
                Condition = rule.BoundConditionText,
                GexProxy = compiled.Columns.Contains(PanelColumns.Gex) ? GexSources.ProxyLabel(view.GexSource[idx]) : null,
                Edges = stats.Where(s => s.Signal == rule.Name)
                    .Select(Edge)
                    .ToList(),
            });
        }

        active.Sort((a, b) => a.Tier != b.Tier ? a.Tier.CompareTo(b.Tier) : string.CompareOrdinal(a.Name, b.Name));
        var tomorrow = Call(1, active, stats, options, view.Dates[idx]);
        var next5 = Call(5, active, stats, options, view.Dates[idx]);
        return new ForecastResult
        {
            Date = view.Dates[idx],
            DataSource = view.DataSource,
            Close = state.Close,
            State = state,
            ActiveSignals = active,
            UnavailableSignals = unavailable,
            Tomorrow = tomorrow,
            Next5Days = next5,
            Strategy = Strategy(state, tomorrow, next5, options),
            RulesHash = rules.Hash,
            Statistics = stats,
        };
    }

    /// <summary>The forecast's view of one backtest row.</summary>
    public static MeasuredEdge Edge(RuleHorizonStats s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new MeasuredEdge(s.Horizon, s.N, s.Episodes, s.WinRate, s.Mean, s.CiLow, s.CiHigh, s.BaselineWinRate, s.Verdict)
        {
            NEff = s.NEff,
            WinCiLowRobust = s.WinCiLowRobust,
            WinCiHighRobust = s.WinCiHighRobust,
            Lift = s.Lift,
            LiftCiLow = s.LiftCiLow,
            LiftCiHigh = s.LiftCiHigh,
            TNw = s.TNw,
            PAdjusted = s.PAdjusted,
            VerdictReason = s.VerdictReason,
            ClaimVerdict = s.ClaimVerdict,
            ClaimReason = s.ClaimReason,
        };
    }

    private static MarketState State(FeaturePanel p, int i, double? flip)
    {
        double V(string c) => p.TryGet(c) is { } col ? col[i] : double.NaN;
        var close = V(PanelColumns.Close);
        var sma50 = V(PanelColumns.Sma50);
        var sma200 = V(PanelColumns.Sma200);
        var trend = double.IsNaN(sma50) || double.IsNaN(sma200) ? "n/a"
            : close > sma50 && close > sma200 ? "uptrend"
            : close < sma50 && close < sma200 ? "downtrend" : "mixed";
        var gex = V(PanelColumns.Gex);
        var prevGex = i > 0 && p.TryGet(PanelColumns.Gex) is { } g ? g[i - 1] : double.NaN;
        var lower = V(PanelColumns.BbLower);
        var upper = V(PanelColumns.BbUpper);
        var bb = double.IsNaN(lower) ? "n/a" : close < lower ? "below the lower band" : close > upper ? "above the upper band" : "inside the bands";
        var last = p.LastDatesOnOrBefore(p.Dates[i]);
        return new MarketState
        {
            Close = close,
            Sma50 = sma50,
            Sma200 = sma200,
            Trend = trend,
            Rsi14 = V(PanelColumns.Rsi14),
            Gex = gex,
            GexSign = double.IsNaN(gex) ? "n/a" : gex < 0 ? "negative" : "positive",
            GexFlipped = !double.IsNaN(gex) && !double.IsNaN(prevGex) && Math.Sign(gex) != Math.Sign(prevGex),
            GexSource = p.GexSource[i] ?? "",
            Vix = V(PanelColumns.Vix),
            DpRatio = V(PanelColumns.DpRatio),
            DpSource = p.DpSource.Length == p.Count ? p.DpSource[i] : "",
            DpMissing = double.IsNaN(V(PanelColumns.DpRatio)) ? DarkPoolSets.MissingReason(p, i) : "",
            BbLower = lower,
            BbUpper = upper,
            BollingerPosition = bb,
            Atr14 = V(PanelColumns.Atr14),
            GammaFlip = flip,
            SeriesLastDates = last,
        };
    }

    private static HorizonCall Call(int h, IReadOnlyList<ActiveSignal> active, IReadOnlyList<RuleHorizonStats> stats, ForecastOptions o, DateOnly date)
    {
        var baseline = stats.FirstOrDefault(s => s.Horizon == h)?.BaselineWinRate ?? double.NaN;
        var contributions = new List<Contribution>();
        var noWeight = new List<NoWeight>();
        foreach (var a in active)
        {
            var e = a.Edges.FirstOrDefault(x => x.Horizon == h);
            if (e is null)
                continue;
            if (e.Verdict != EdgeVerdict.Edge || double.IsNaN(baseline))
            {
                noWeight.Add(e.Verdict is { } v
                    ? new NoWeight(a.DisplayName, v.Text(), e.VerdictReason)
                    : new NoWeight(a.DisplayName, "no verdict", $"the rule makes no claim at {h} day{(h == 1 ? "" : "s")}; its figures there are information only"));
                continue;
            }

            var shrunk = ((e.WinRate * e.N) + (o.PriorStrength * baseline)) / (e.N + o.PriorStrength);
            var weight = (o.TierWeights.TryGetValue(a.Tier, out var tw) ? tw : 1) * e.N / (e.N + o.PriorStrength);
            contributions.Add(new Contribution(a.DisplayName, a.Tier, e.N, e.WinRate, shrunk, weight));
        }

        var horizonText = h == 1 ? "tomorrow" : $"over the next {h} trading days";
        var sb = new StringBuilder();
        double pUp;
        string call;
        if (contributions.Count == 0)
        {
            pUp = baseline;
            call = Calls.Neutral;
            sb.Append(active.Count == 0
                ? "No rule is active today, so there is no measured edge: Neutral."
                : $"No active rule has an edge verdict at {h} day{(h == 1 ? "" : "s")}, so there is no measured edge: Neutral.");
            if (!double.IsNaN(baseline))
                sb.Append(Inv, $" P(up) {baseline:0.0%} = the {baseline:0.0%} baseline (the unconditional chance that IWM is higher {horizonText}).");
        }
        else
        {
            double sw = 0, swp = 0;
            foreach (var c in contributions)
            {
                sw += c.Weight;
                swp += c.Weight * c.ShrunkWinRate;
            }

            pUp = swp / sw;
            call = pUp >= baseline + o.Margin ? Calls.Bullish : pUp <= baseline - o.Margin ? Calls.Bearish : Calls.Neutral;
            sb.Append(Inv, $"P(up) {pUp:0.0%} vs {baseline:0.0%} baseline, {(pUp - baseline) * 100:+0.0;-0.0;0.0} pp {horizonText}; from ");
            sb.AppendJoin(", ", contributions.Select(c => string.Create(Inv, $"{c.Signal} (tier {c.Tier}, edge; n={c.N}, up {c.WinRate:0.0%}, shrunk {c.ShrunkWinRate:0.0%})")));
            sb.Append(call == Calls.Neutral
                ? string.Create(Inv, $". Within {o.Margin * 100:0} pp of the baseline: Neutral.")
                : $": {call}.");
        }

        if (noWeight.Count > 0)
            sb.Append(" Active but carrying no weight: ").AppendJoin("; ", noWeight.Select(n => $"{n.Signal} ({n.Verdict})")).Append('.');
        var (calibrated, matured) = ForecastCalibration.At(o.CalibrationHistory, h, date, pUp);
        if (!double.IsNaN(calibrated))
            sb.Append(Inv, $" Calibrated P(up) {calibrated:0.0%} (isotonic fit on {matured} matured forecast calls; the call stays on the raw P(up)).");
        else if (o.CalibrationHistory is not null)
            sb.Append(Inv, $" No calibrated P(up) yet: {matured} of the {ForecastCalibration.MinCalls} matured forecast calls it needs.");
        return new HorizonCall
        {
            PUpCalibrated = calibrated,
            CalibrationN = matured,
            Call = call,
            Probability = call == Calls.Bearish ? 1 - pUp : pUp,
            PUp = pUp,
            BaselinePUp = baseline,
            Margin = o.Margin,
            NoWeight = noWeight,
            Horizon = h,
            Assessment = sb.ToString(),
            Contributions = contributions,
        };
    }

    private static StrategyCall Strategy(MarketState s, HorizonCall t, HorizonCall w, ForecastOptions o)
    {
        var opposite = (t.Call == Calls.Bullish && w.Call == Calls.Bearish) || (t.Call == Calls.Bearish && w.Call == Calls.Bullish);
        var mixedRules = w.Contributions.Any(c => c.ShrunkWinRate > w.BaselinePUp + 0.05) && w.Contributions.Any(c => c.ShrunkWinRate < w.BaselinePUp - 0.05);
        string F(double v) => v.ToString("0.00", Inv);
        if (opposite || mixedRules)
        {
            return new StrategyCall(
                "Reduce size — signals conflict",
                $"Tomorrow reads {t.Call} and the next five days {w.Call}; the active rules do not agree. Trade smaller or wait for them to line up.",
                double.IsNaN(s.BbLower) ? "n/a" : $"a close below the lower Bollinger band ({F(s.BbLower)}) turns this defensive",
                double.IsNaN(s.BbLower) ? null : s.BbLower);
        }

        var bullish = w.Call == Calls.Bullish || (w.Call == Calls.Neutral && t.Call == Calls.Bullish);
        var bearish = w.Call == Calls.Bearish || (w.Call == Calls.Neutral && t.Call == Calls.Bearish);
        if (!bullish && !bearish)
        {
            return new StrategyCall(
                "Stand aside — no measured edge",
                "Neither horizon has a measured edge worth trading; keep size flat until a rule with real history fires.",
                "n/a: no position",
                null);
        }

        var flipBelow = s.GammaFlip is { } f && f < s.Close ? f : (double?)null;
        if (bullish)
        {
            var washout = s.BollingerPosition == "below the lower band" || (s.GexSign == "negative" && s.Vix >= 20);
            if (washout)
            {
                var stop = flipBelow ?? (double.IsNaN(s.Atr14) ? double.NaN : s.Close - (o.WashoutStopAtr * s.Atr14));
                return new StrategyCall(
                    "Buy the washout with a stop",
                    $"Stress readings (VIX {F(s.Vix)}, GEX {s.GexSign}, price {s.BollingerPosition}) have historically been followed by rebounds here. Buy in pieces, with the stop set before entry.",
                    double.IsNaN(stop) ? "n/a" : flipBelow is not null ? $"a close below the gamma flip ({F(stop)})" : $"a close below {F(stop)} ({o.WashoutStopAtr.ToString(Inv)} ATR under today's close)",
                    double.IsNaN(stop) ? null : stop);
            }

            if (s.Trend == "uptrend")
            {
                var level = flipBelow is { } fl && fl > s.Sma50 ? fl : s.Sma50;
                return new StrategyCall(
                    "Ride the momentum",
                    $"IWM is above its 50- and 200-day averages and the active rules lean {w.Call.ToLowerInvariant()}; hold or add on dips while the trend holds.",
                    level == s.Sma50 ? $"a close below the 50-day average ({F(level)})" : $"a close below the gamma flip ({F(level)})",
                    level);
            }

            return new StrategyCall(
                "Lean long, small size",
                "The measured edge is bullish but the trend is not confirmed; take a starter position only.",
                double.IsNaN(s.BbLower) ? "n/a" : $"a close below the lower Bollinger band ({F(s.BbLower)})",
                double.IsNaN(s.BbLower) ? null : s.BbLower);
        }

        var cover = !double.IsNaN(s.Sma50) && s.Close < s.Sma50 ? s.Sma50 : s.BbUpper;
        return new StrategyCall(
            "Defensive — reduce exposure or hedge",
            "The measured edge points lower; cut long exposure or hedge it until the rules turn.",
            double.IsNaN(cover) ? "n/a" : cover == s.Sma50 ? $"a close back above the 50-day average ({F(cover)})" : $"a close above the upper Bollinger band ({F(cover)})",
            double.IsNaN(cover) ? null : cover);
    }
}
