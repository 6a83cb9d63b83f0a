using IwmDesk.Data;
using System.Globalization;
using System.Text;
using IwmDesk.Analysts;
using IwmDesk.Backtest;
using IwmDesk.Forecast;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Text;

namespace IwmDesk.Prompts;

/// <summary>
/// A template's inputs being filled: each is a display string; a missing one reads <c>n/a (reason)</c> and is listed in
/// <see cref="Missing"/>. <see cref="Flags"/> are booleans for <c>{{#if}}</c> blocks (not inputs).
/// </summary>
internal sealed class InputSet
{
    public OrderedDictionary<string, string> Inputs { get; } = new(StringComparer.Ordinal);

    public List<string> Missing { get; } = [];

    public Dictionary<string, bool> Flags { get; } = new(StringComparer.Ordinal);

    public static InputSet Start(DateOnly date, string dataSource)
    {
        var s = new InputSet();
        s.Set("date", Fmt.D(date));
        s.Set("data_source", dataSource == "sample" ? "sample (synthetic data: not for trading)" : dataSource);
        return s;
    }

    public InputSet Set(string name, string value)
    {
        Inputs[name] = value;
        return this;
    }

    public InputSet Miss(string name, string reason)
    {
        Inputs[name] = $"n/a ({reason})";
        Missing.Add(name);
        return this;
    }

    /// <summary>The formatted value, or missing with <paramref name="reason"/> when NaN.</summary>
    public InputSet Num(string name, double value, Func<double, string> format, string reason) =>
        double.IsNaN(value) ? Miss(name, reason) : Set(name, format(value));

    /// <summary>The text, or missing with <paramref name="reason"/> when null or "n/a".</summary>
    public InputSet Text(string name, string? value, string reason) =>
        value is null || value == "n/a" ? Miss(name, reason) : Set(name, value);
}

/// <summary>Fills each template's inputs from the analysts' results and the panel row of D.</summary>
internal static class PromptInputs
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string NoData(string series) => $"no {series} data";

    /// <summary>"no X data" when the panel lacks the column(s), else "not enough IWM history for X" (NaN during warm-up).</summary>
    private static string Warmup(FeaturePanel view, string label, params string[] columns) =>
        columns.All(view.Has) ? $"not enough IWM history for {label}" : NoData(label);

    private static string ChangeReason(double level, string series, int window) =>
        double.IsNaN(level) ? NoData(series) : $"no {series} data {window} trading days earlier";

    public static InputSet Macro(FeaturePanel view, int i, MacroRegimeResult r, MacroOptions o)
    {
        var s = InputSet.Start(view.Dates[i], view.DataSource.Text());
        var x = r.Inputs;
        var w = o.ChangeWindow;
        s.Num("dgs2", x.Dgs2, Fmt.Level, NoData("DGS2"))
            .Num("dgs2_change_63d", x.Dgs2Change, Fmt.Pp, ChangeReason(x.Dgs2, "DGS2", w))
            .Num("dgs10", x.Dgs10, Fmt.Level, NoData("DGS10"))
            .Num("dgs10_change_63d", x.Dgs10Change, Fmt.Pp, ChangeReason(x.Dgs10, "DGS10", w))
            .Num("slope_10y2y", x.Slope, Fmt.Pp, NoData("10y−2y slope"))
            .Num("hy_spread", x.HySpread, Fmt.Level, NoData("HY spread"))
            .Num("hy_change_63d", x.HyChange, Fmt.Pp, ChangeReason(x.HySpread, "HY spread", w))
            .Num("dxy", x.Dxy, v => Fmt.N(v), NoData("dollar-index"))
            .Num("dxy_change_63d", x.DxyChange, Fmt.Ret, ChangeReason(x.Dxy, "dollar-index", w))
            .Num("iwm_sma50", x.Sma50, v => Fmt.N(v), Warmup(view, "a 50-day average", PanelColumns.Sma50))
            .Num("iwm_sma200", x.Sma200, v => Fmt.N(v), Warmup(view, "a 200-day average", PanelColumns.Sma200))
            .Num("iwm_ma_state", x.MaSpread, v => string.Create(Inv, $"the 50-day is {(v >= 0 ? "above" : "below")} the 200-day by {Math.Abs(v):0.00%}"),
                Warmup(view, "the 50- and 200-day averages", PanelColumns.Sma50, PanelColumns.Sma200));
        if (r.Regime == MacroRegime.NotAvailable)
            s.Miss("desk_regime", r.RegimeRule);
        else
            s.Set("desk_regime", $"{r.Regime.Text()} — {r.RegimeRule}");
        if (r.Analogs.Count == 0)
        {
            s.Miss("desk_analogs", $"no day from {o.AnalogsFrom:yyyy} on with these inputs and a {o.LongHorizon}-day forward window closed by {Fmt.D(view.Dates[i])}");
        }
        else
        {
            var sb = new StringBuilder();
            for (var k = 0; k < r.Analogs.Count; k++)
            {
                var a = r.Analogs[k];
                sb.Append(Inv, $"  {k + 1}. {Fmt.D(a.Date)} — {a.Regime.Text()}; distance {a.Distance:0.00} sd; IWM {Fmt.Ret(a.Forward30)} over {o.ShortHorizon} trading days, {Fmt.Ret(a.Forward90)} over {o.LongHorizon}; catalyst: {a.Catalyst}");
                if (k < r.Analogs.Count - 1)
                    sb.Append('\n');
            }

            s.Set("desk_analogs", sb.ToString());
        }

        if (r.Bias == Bias.NotAvailable)
            s.Miss("desk_bias", "no analogs to measure");
        else
            s.Set("desk_bias", string.Create(Inv, $"{r.Bias.Text()} (analogs' mean {o.LongHorizon}-day return {Fmt.Ret(r.MeanForward90)}, threshold ±{o.BiasThreshold:0.0%})"));
        if (r.KeyRisk is null)
            s.Miss("desk_key_risk", r.Regime == MacroRegime.NotAvailable ? "no regime" : "no single input's threshold crossing changes the regime");
        else
            s.Set("desk_key_risk", r.KeyRisk.Text);
        var vol = r.VolPremium;
        s.Num("rvx", vol.Rvx, v => Fmt.N(v), NoData("RVX"))
            .Num("rv20", vol.Rv20, v => Fmt.N(v), Warmup(view, "a 20-day realised volatility", PanelColumns.Rv20));
        if (vol.Reading == ImpliedVsRealised.NotAvailable)
            s.Miss("desk_iv_rv_spread", double.IsNaN(vol.Rvx) ? NoData("RVX") : "no 20-day realised volatility yet");
        else
            s.Set("desk_iv_rv_spread", vol.Text(o));
        if (r.Catalysts.Count == 0)
            s.Miss("desk_catalysts", "no calendar events computed");
        else
            s.Set("desk_catalysts", string.Join("\n", r.Catalysts.Select(c => "  - " + c.Text)));
        return s;
    }

    public static InputSet Kre(FeaturePanel view, int i, KrePressureResult r, KreOptions o)
    {
        var s = InputSet.Start(view.Dates[i], view.DataSource.Text());
        var noKre = r.MissingReason is not null;
        foreach (var w in r.Windows)
        {
            var reason = r.MissingReason ?? $"not enough history for {w.Days} trading days";
            s.Num($"kre_{w.Days}d", w.KrePerformance, Fmt.Ret, reason)
                .Num($"iwm_{w.Days}d", w.IwmPerformance, Fmt.Ret, reason)
                .Num($"gap_{w.Days}d", w.Gap, Fmt.Ret, reason)
                .Num($"correlation_{w.Days}d", w.Correlation, v => Fmt.N(v), r.MissingReason ?? $"not enough history for a {w.Days}-day correlation");
        }

        s.Set("divergence_rule", string.Create(Inv,
            $"a day is divergent when the {o.DivergenceWindow}-day return correlation is below {o.DivergenceCorrelation:0.0#} or the {o.DivergenceWindow}-day performance gap exceeds {o.DivergenceGap:0%} either way; consecutive divergent days form one episode"));
        if (noKre)
        {
            var why = r.MissingReason!;
            s.Miss("divergent_today", why).Miss("episode_history", why).Miss("recent_episodes", why).Miss("desk_verdict", why);
            return s;
        }

        s.Set("divergent_today", r.DivergentToday ? "yes" : "no");
        var closed = r.Episodes.Where(e => e.Reverted != KrePressureAnalyst.RevertedPending).ToList();
        s.Set("episode_history", string.Create(Inv,
            $"{r.Episodes.Count} episodes, {closed.Count} with a closed {o.FollowUp}-day follow-up: KRE reverted toward IWM in {closed.Count(e => e.Reverted == KrePressureAnalyst.RevertedKre)}, IWM toward KRE in {closed.Count(e => e.Reverted == KrePressureAnalyst.RevertedIwm)}, the gap widened in {closed.Count(e => e.Reverted == KrePressureAnalyst.RevertedNeither)}"));
        s.Set("recent_episodes", r.EpisodesTable(o.TableEpisodes).TrimEnd());
        s.Text("desk_verdict", r.Verdict == KreVerdict.NotAvailable ? null : $"{r.Verdict.Text()} — {r.VerdictReason}", r.VerdictReason);
        return s;
    }

    private static InputSet FlowContextInputs(InputSet s, FlowContext ctx, string trendReason)
    {
        s.Num("iwm_price", ctx.Spot, v => Fmt.N(v), "no IWM close")
            .Text("iwm_trend", ctx.Trend, trendReason)
            .Num("iv_rank", ctx.IvRank, v => string.Create(Inv, $"{v:0} ({ctx.IvRankSource})"), $"fewer than {FlowContext.IvRankWindow} days of RVX or VIX data")
            .Text("regime", ctx.Regime.Text(), "macro regime not available");
        return s;
    }

    public static InputSet FlowPrint(FeaturePanel view, int i, FlowClassification c)
    {
        var s = InputSet.Start(view.Dates[i], view.DataSource.Text());
        s.Flags["has_print"] = true;
        var p = c.Print;
        s.Set("print_type", p.Right == Data.OptionRight.Call ? "call" : "put")
            .Set("print_strike", p.Strike.ToString("0.##", Inv))
            .Set("print_expiry", Fmt.D(p.Expiry))
            .Set("print_days_to_expiry", c.DaysToExpiry.ToString(Inv))
            .Set("print_premium", Fmt.Usd(p.PremiumUsd))
            .Set("print_premium_per_share", c.PremiumPerShare.ToString("0.00", Inv))
            .Set("print_contracts", p.Contracts.ToString("#,0", Inv))
            .Set("print_side", p.Side switch { FlowSide.Ask => "bought at the ask", FlowSide.Bid => "sold at the bid", _ => "traded at mid" })
            .Set("print_oi_before", p.OiBefore.ToString("#,0", Inv))
            .Set("print_moneyness", string.Create(Inv, $"{Math.Abs(c.Moneyness):0.0%} {(c.OutOfTheMoney ? "out of" : "in")} the money"));
        FlowContextInputs(s, c.Context, Warmup(view, "the 50- and 200-day averages", PanelColumns.Sma50, PanelColumns.Sma200));
        if (c.Context.GammaFlip is { } flip)
            s.Set("gamma_flip", flip.ToString("0.00", Inv));
        else
            s.Miss("gamma_flip", "no IWM option chain for this date");
        s.Set("desk_class", c.Class.Text())
            .Set("desk_confidence", string.Create(Inv, $"{c.ConfidenceLabel} confidence: {string.Join(", ", c.Criteria)}"))
            .Set("desk_intent", c.Intent)
            .Set("desk_breakeven", c.Breakeven.ToString("0.00", Inv))
            .Set("desk_regime_change_level", string.Create(Inv, $"{c.RegimeChangeLevel:0.00} ({c.RegimeChangeSource})"))
            .Set("desk_confirming", c.ConfirmingIndicator);
        return s;
    }

    public static InputSet FlowPositioning(FeaturePanel view, int i, PositioningResult r, FlowContext ctx)
    {
        var s = InputSet.Start(view.Dates[i], view.DataSource.Text());
        s.Flags["has_print"] = false;
        var p = r.Positioning;
        const string NoChain = "no IWM option chain for this date";
        s.Text("positioning_source", p?.Source, "no option chain or GEX stored for this date");
        FlowContextInputs(s, ctx, Warmup(view, "the 50- and 200-day averages", PanelColumns.Sma50, PanelColumns.Sma200));
        var nan = double.NaN;
        s.Num("put_call_oi_ratio", p?.PutCallOiRatio ?? nan, v => Fmt.N(v), NoChain)
            .Num("total_gex", p?.TotalGex ?? nan, v => v.ToString("#,0", Inv), "no GEX for this date")
            .Num("gex_sign", p?.TotalGex ?? nan, v => v < 0 ? "negative: dealers short gamma, moves amplified" : "positive: dealers long gamma, moves damped", "no GEX for this date")
            .Num("gamma_flip", p?.Flip ?? nan, v => Fmt.N(v), NoChain)
            .Num("flip_distance", r.FlipDistance, v => Fmt.Ret(v) + (v >= 0 ? " above" : " below"), NoChain)
            .Num("call_wall", p?.CallWall ?? nan, v => Fmt.N(v), NoChain)
            .Num("put_wall", p?.PutWall ?? nan, v => Fmt.N(v), NoChain)
            .Text("desk_positioning", r.Bias == Bias.NotAvailable ? null : r.Summary, "no positioning to read");
        return s;
    }

    public static InputSet Earnings(FeaturePanel view, int i, EarningsRevisionResult r, SectorWeights weights, EarningsRevisionOptions o)
    {
        var s = InputSet.Start(view.Dates[i], view.DataSource.Text());
        var snapshots = r.Source == ConsensusRevisionAnalyst.Source;
        s.Set("revision_source", snapshots
            ? "consensus snapshots (Alpha Vantage EARNINGS_CALENDAR; a revision is a change of a symbol's consensus EPS estimate for the same fiscal quarter between consecutive snapshots)"
            : "the revisions CSV (weekly upgrade and downgrade counts per sector)");
        if (snapshots && r.Rows.Count > 0)
            s.Set("top_sectors", string.Join(", ", r.Rows.Select(x => string.Create(Inv, $"{x.Sector} {x.Weight:0.0}%"))) + (r.Facts.TryGetValue("holdings_as_of", out var ha) && ha is string h ? $" (holdings of {h})" : string.Empty));
        else
            s.Set("top_sectors", string.Join(", ", weights.Top(o.TopSectors).Select(x => string.Create(Inv, $"{x.Sector} {x.Weight:0.0}%"))));
        if (r.LatestWeek is not { } latest)
        {
            var why = r.Facts.TryGetValue("reason", out var reason) ? reason as string ?? "no earnings-revision data" : "no earnings-revision data";
            foreach (var name in new[] { "latest_week", "revision_window", "prior_weeks", "revisions_table", "net_score", "prior_net_scores", "non_members", "downgrade_flags", "concentration", "desk_label" })
                s.Miss(name, why);
            return s;
        }

        s.Set("latest_week", Fmt.D(latest));
        s.Set("revision_window", snapshots && r.WindowStart is { } ws
            ? string.Create(Inv, $"over the {o.WindowTradingDays} trading days {Fmt.D(ws)}..{Fmt.D(r.Date)} (latest snapshot {Fmt.D(latest)})")
            : $"in the week of {Fmt.D(latest)}");
        if (r.NonMembers is { } nm)
        {
            s.Set("non_members", nm.Upgrades + nm.Downgrades == 0
                ? "no revisions"
                : string.Create(Inv, $"{nm.Upgrades} up / {nm.Downgrades} down, net {Fmt.N(nm.Net, "+0.00;-0.00;0.00")} (IWM members: {r.Members?.Upgrades} up / {r.Members?.Downgrades} down, net {Fmt.N(r.Members?.Net ?? double.NaN, "+0.00;-0.00;0.00")})"));
        }
        else
        {
            s.Set("non_members", "not in the revisions CSV (it counts IWM sectors only)");
        }

        var noPrior = r.Notes.FirstOrDefault(n => n.Contains("no prior cycle", StringComparison.Ordinal)) ?? "no revision week stored 13 or 26 weeks earlier";
        var priors = r.PriorWeeks.Select((w, k) => w is { } d
            ? string.Create(Inv, $"{(snapshots ? "the window to " : "")}{Fmt.D(d)} ({o.PriorCycleWeeks[k]} weeks earlier)")
            : string.Create(Inv, $"{(snapshots ? "not covered by the snapshots" : "not stored")} ({o.PriorCycleWeeks[k]} weeks earlier)")).ToList();
        if (r.PriorWeeks.All(w => w is null))
            s.Miss("prior_weeks", noPrior);
        else
            s.Set("prior_weeks", string.Join(", ", priors));
        s.Set("revisions_table", r.Table().TrimEnd())
            .Num("net_score", r.NetScore, v => Fmt.N(v, "+0.00;-0.00;0.00"), "no revisions in the top sectors this week");
        if (r.PriorNetScores.All(double.IsNaN))
        {
            s.Miss("prior_net_scores", noPrior);
        }
        else
        {
            s.Set("prior_net_scores", string.Join(", ", r.PriorNetScores.Select((v, k) =>
                string.Create(Inv, $"{Fmt.N(v, "+0.00;-0.00;0.00")} ({o.PriorCycleWeeks[k]} weeks earlier)"))));
        }

        var flagged = r.Rows.Where(x => x.DowngradeFlag).Select(x => string.Create(Inv, $"{x.Sector} ({x.Downgrades} down / {x.Upgrades} up)")).ToList();
        s.Set("downgrade_flags", flagged.Count == 0 ? "none" : string.Join(", ", flagged));
        s.Num("concentration", r.RateSensitiveDowngradeShare, _ => string.Create(Inv,
            $"{r.Concentration} ({Fmt.Pct(r.RateSensitiveDowngradeShare)} of downgrades in rate-sensitive sectors, {Fmt.Pct(r.CyclicalDowngradeShare)} in cyclical ones)"), "no downgrades this week");
        s.Text("desk_label", r.Label == RevisionLabel.NotAvailable ? null : r.Label.Text(), "no revisions in the top sectors this week");
        return s;
    }

    public static InputSet Quant(FeaturePanel view, int i, ForecastResult f, RuleSet rules)
    {
        var s = InputSet.Start(view.Dates[i], view.DataSource.Text());
        var st = f.State;
        s.Num("close", st.Close, v => Fmt.N(v), "no IWM close")
            .Num("sma50", st.Sma50, v => Fmt.N(v), Warmup(view, "a 50-day average", PanelColumns.Sma50))
            .Num("sma200", st.Sma200, v => Fmt.N(v), Warmup(view, "a 200-day average", PanelColumns.Sma200))
            .Text("trend", st.Trend, Warmup(view, "the 50- and 200-day averages", PanelColumns.Sma50, PanelColumns.Sma200))
            .Num("rsi14", st.Rsi14, v => Fmt.N(v, "0.0"), Warmup(view, "RSI(14)", PanelColumns.Rsi14))
            .Num("vix", st.Vix, v => Fmt.N(v), NoData("VIX"))
            .Text("gex_sign", st.GexSign == "n/a" ? null : st.GexSign + (st.GexFlipped ? " (flipped today)" : ""), NoData("GEX"))
            .Set("gex_source", string.IsNullOrEmpty(st.GexSource) ? "none" : st.GexSource);
        if (st.GammaFlip is { } flip)
            s.Set("gamma_flip", flip.ToString("0.00", Inv));
        else
            s.Miss("gamma_flip", "no IWM option chain for this date");
        s.Num("dp_ratio", st.DpRatio, v => string.IsNullOrEmpty(st.DpSource) ? Fmt.N(v) : $"{Fmt.N(v)} ({st.DpSource})", string.IsNullOrEmpty(st.DpMissing) ? NoData("dark-pool ratio") : st.DpMissing)
            .Text("bollinger", st.BollingerPosition == "n/a" ? null : string.Create(Inv, $"{st.BollingerPosition} ({Fmt.N(st.BbLower)} – {Fmt.N(st.BbUpper)})"), Warmup(view, "Bollinger bands", PanelColumns.BbLower, PanelColumns.BbUpper))
            .Num("atr14", st.Atr14, v => Fmt.N(v), Warmup(view, "ATR(14)", PanelColumns.Atr14));

        // The forecast's own statistics as of its date when it carries them (the same judged rows, options and Holm
        // family), else measured here; either way from windows closed by the date.
        IReadOnlyList<RuleHorizonStats> stats = f.Date == view.Dates[i] && rules.Rules.All(r => r.Horizons.All(h => f.Statistics.Any(x => x.Signal == r.Name && x.Horizon == h)))
            ? f.Statistics
            : BacktestEngine.Run(view, rules, new BacktestOptions { Horizons = rules.Rules.SelectMany(r => r.Horizons).Distinct().Order().ToList() }, i, judgedOnly: true);
        var sb = new StringBuilder();
        sb.Append("| Tier | Rule | Label | Condition | Horizon | Claimed | Measured n (episodes) | Up [95% CI] | Baseline up | Mean | Lift [robust 95%] | Newey–West t | Edge | Claim |\n");
        sb.Append("|---:|---|---|---|---:|---|---:|---|---:|---:|---|---:|---|---|\n");
        foreach (var rule in rules.Rules.OrderBy(r => r.Tier))
        {
            foreach (var h in rule.Horizons)
            {
                var m = stats.First(x => x.Signal == rule.Name && x.Horizon == h);
                var claimed = rule.Claimed is { } c && c.Horizon == h
                    ? string.Join(", ", new[] { c.WinRate is { } cw ? string.Create(Inv, $"{cw:0%} up") : null, c.Mean is { } cm ? $"mean {Fmt.Ret(cm)}" : null }.Where(x => x is not null))
                    : "—";
                sb.Append(Inv, $"| {rule.Tier} | {rule.Name} | {rule.Label} | `{rule.BoundConditionText}` | {h}d | {claimed} | {m.N} ({m.Episodes}) | ");
                sb.Append(m.N == 0 ? "n/a" : $"{Fmt.Pct(m.WinRate)} [{Fmt.Pct(m.CiLow)}–{Fmt.Pct(m.CiHigh)}]");
                sb.Append(Inv, $" | {Fmt.Pct(m.BaselineWinRate)} | {Fmt.Ret(m.Mean)} | {Fmt.Pp(m.Lift * 100)} [{Fmt.Pp(m.LiftCiLow * 100)} to {Fmt.Pp(m.LiftCiHigh * 100)}] | {Fmt.N(m.TNw)} | {m.Verdict.Text()} | {m.ClaimVerdict.Text()} |\n");
            }
        }

        s.Set("rules_table", sb.ToString().TrimEnd());
        s.Set("active_signals", f.ActiveSignals.Count == 0 ? "none" : string.Join("; ", f.ActiveSignals.Select(a => string.Create(Inv, $"tier {a.Tier} {a.Name} ({a.Label})"))));
        s.Set("unavailable_signals", f.UnavailableSignals.Count == 0 ? "none" : string.Join("; ", f.UnavailableSignals));
        s.Set("desk_tomorrow", string.Create(Inv, $"{f.Tomorrow.Call}, P(up) {Fmt.Pct(f.Tomorrow.PUp)} against a baseline of {Fmt.Pct(f.Tomorrow.BaselinePUp)}"));
        s.Set("desk_next_5_days", string.Create(Inv, $"{f.Next5Days.Call}, P(up) {Fmt.Pct(f.Next5Days.PUp)} against a baseline of {Fmt.Pct(f.Next5Days.BaselinePUp)}"));
        s.Set("desk_strategy", $"{f.Strategy.Name}; invalidation: {f.Strategy.Invalidation}");
        return s;
    }
}
