using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using IwmDesk.Backtest;
using IwmDesk.Panel;
using IwmDesk.Text;

namespace IwmDesk.Analysts;

/// <summary>The five macro regimes of the small-cap workflow, and n/a (printed and serialised with their names: "Risk-On Expansion", ...).</summary>
public enum MacroRegime
{
    /// <summary>IWM's 50-day average at or above its 200-day with the HY spread below <see cref="MacroOptions.ElevatedSpread"/> (4.5%): rule 5, and the default when no rule fired and the 50-day is on top.</summary>
    [JsonStringEnumMemberName("Risk-On Expansion")]
    RiskOnExpansion,

    /// <summary>10y−2y slope at or below <see cref="MacroOptions.FlatCurve"/> (+0.25 pp, flat or inverted), or by default a 50-day below the 200-day: money rotating away from small caps.</summary>
    [JsonStringEnumMemberName("Late-Cycle Rotation")]
    LateCycleRotation,

    /// <summary>HY spread at or above <see cref="MacroOptions.StressSpread"/> (6%) or widened at least <see cref="MacroOptions.StressWidening"/> (+1.5 pp) over the 63-day change window.</summary>
    [JsonStringEnumMemberName("Credit Stress")]
    CreditStress,

    /// <summary>2- or 10-year yield up at least <see cref="MacroOptions.RateShock"/> (+0.50 pp) in 63 trading days, with IWM's 50-day below its 200-day or the dollar up at least 3%.</summary>
    [JsonStringEnumMemberName("Rate-Driven Compression")]
    RateDrivenCompression,

    /// <summary>HY spread falling fast from stress (−1.0 pp in 63 days from a ≥ 6% peak, checked first) or tightening ≥ 0.75 pp from ≥ 4.5% or a small-cap downtrend; by default any HY ≥ 4.5%.</summary>
    [JsonStringEnumMemberName("Recovery Phase")]
    RecoveryPhase,

    /// <summary>Not enough data to classify.</summary>
    [JsonStringEnumMemberName("n/a")]
    NotAvailable,
}

/// <summary>The names each macro regime is printed with (the same as its JSON value).</summary>
public static class MacroRegimeText
{
    /// <summary>The regime's name: "Risk-On Expansion", "Late-Cycle Rotation", "Credit Stress", "Rate-Driven Compression", "Recovery Phase" or "n/a".</summary>
    public static string Text(this MacroRegime r) => r switch
    {
        MacroRegime.RiskOnExpansion => "Risk-On Expansion",
        MacroRegime.LateCycleRotation => "Late-Cycle Rotation",
        MacroRegime.CreditStress => "Credit Stress",
        MacroRegime.RateDrivenCompression => "Rate-Driven Compression",
        MacroRegime.RecoveryPhase => "Recovery Phase",
        MacroRegime.NotAvailable => "n/a",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };
}

/// <summary>Thresholds of the macro-regime rules (docs/workflow.md). Yields and spreads are in percent, changes in percentage points.</summary>
public sealed record MacroOptions
{
    /// <summary>Trading days over which yield, spread and dollar changes are measured (one quarter).</summary>
    public int ChangeWindow { get; init; } = 63;

    /// <summary>HY spread at or above this level is Credit Stress.</summary>
    public double StressSpread { get; init; } = 6.0;

    /// <summary>HY spread widening by at least this much over the change window is Credit Stress.</summary>
    public double StressWidening { get; init; } = 1.5;

    /// <summary>HY spread tightening by at least this much (a negative number) marks a Recovery Phase.</summary>
    public double RecoveryTightening { get; init; } = -0.75;

    /// <summary>
    /// Recovery precedence: a HY spread that fell by at least this much (a negative number, percentage points over the
    /// change window) from a window peak at or above <see cref="StressSpread"/> is a Recovery Phase, checked before
    /// Credit Stress — spreads falling fast from stress levels are the recovery, even while still above 6%.
    /// </summary>
    public double RecoveryFromStressChange { get; init; } = -1.0;

    /// <summary>
    /// Hysteresis: a new regime is reported only after today's rules have read it on this many consecutive trading days;
    /// until then the previous regime holds, and the summary says so.
    /// </summary>
    public int HoldDays { get; init; } = 5;

    /// <summary>HY spread at or above this level is "elevated" (recovery territory, too high for Risk-On).</summary>
    public double ElevatedSpread { get; init; } = 4.5;

    /// <summary>A 2- or 10-year yield rise of at least this much over the change window is a rate shock.</summary>
    public double RateShock { get; init; } = 0.5;

    /// <summary>A dollar-index rise of at least this fraction over the change window is a dollar surge.</summary>
    public double DollarSurge { get; init; } = 0.03;

    /// <summary>A 10y−2y slope at or below this is a flat (or inverted) curve.</summary>
    public double FlatCurve { get; init; } = 0.25;

    /// <summary>How many analogs to find.</summary>
    public int AnalogCount { get; init; } = 3;

    /// <summary>Analogs lie at least this many trading days apart from each other.</summary>
    public int AnalogSeparation { get; init; } = 60;

    /// <summary>The short forward horizon of an analog, in trading days.</summary>
    public int ShortHorizon { get; init; } = 30;

    /// <summary>The long forward horizon of an analog, in trading days; an analog ends at least this many days before D.</summary>
    public int LongHorizon { get; init; } = 90;

    /// <summary>Analogs are searched from this date on (where data exists).</summary>
    public DateOnly AnalogsFrom { get; init; } = new(2000, 1, 1);

    /// <summary>Mean long-horizon analog return above +this is bullish, below −this bearish.</summary>
    public double BiasThreshold { get; init; } = 0.02;

    /// <summary>A dated event within this many calendar days of an analog is its catalyst.</summary>
    public int CatalystWindowDays { get; init; } = 90;

    /// <summary>An IV–RV spread (rvx − rv20, volatility points) above this is "implied rich": heavy hedging demand, a fear premium.</summary>
    public double RichVolSpread { get; init; } = 5.0;

    /// <summary>An IV–RV spread below this is "implied cheap": complacency, little hedging demand.</summary>
    public double CheapVolSpread { get; init; }
}

/// <summary>
/// Implied against realised volatility on one day (docs/methodology.md): RVX and IWM's 20-day realised vol, both in
/// volatility points, their spread and what it says about hedging demand.
/// </summary>
/// <param name="Rvx">RVX's close (NaN when missing).</param>
/// <param name="Rv20">IWM's rv20 (NaN during warm-up).</param>
/// <param name="Spread">Rvx − Rv20 (NaN when either is missing).</param>
/// <param name="Reading">One of <see cref="Rich"/>, <see cref="Normal"/>, <see cref="Cheap"/> or <see cref="NotAvailable"/>.</param>
public sealed record ImpliedVsRealised(double Rvx, double Rv20, double Spread, string Reading)
{
    /// <summary>Reading when rvx − rv20 is above <see cref="MacroOptions.RichVolSpread"/> (default +5 volatility points).</summary>
    public const string Rich = "implied rich: heavy hedging demand (a fear premium)";

    /// <summary>Reading when rvx − rv20 lies from <see cref="MacroOptions.CheapVolSpread"/> to <see cref="MacroOptions.RichVolSpread"/> (default 0 to +5 volatility points, both included).</summary>
    public const string Normal = "normal premium: ordinary hedging demand";

    /// <summary>Reading when rvx − rv20 is below <see cref="MacroOptions.CheapVolSpread"/> (default 0: implied under realised).</summary>
    public const string Cheap = "implied cheap: complacency (little hedging demand)";

    /// <summary>Reading when the date has no RVX or IWM's rv20 is still warming up (the spread is NaN).</summary>
    public const string NotAvailable = "n/a";

    /// <summary>The reading of <paramref name="rvx"/> − <paramref name="rv20"/>: above <see cref="MacroOptions.RichVolSpread"/> rich, below <see cref="MacroOptions.CheapVolSpread"/> cheap, else normal.</summary>
    public static ImpliedVsRealised Of(double rvx, double rv20, MacroOptions? options = null)
    {
        var o = options ?? new MacroOptions();
        var spread = rvx - rv20;
        var reading = double.IsNaN(spread) ? NotAvailable : spread > o.RichVolSpread ? Rich : spread < o.CheapVolSpread ? Cheap : Normal;
        return new ImpliedVsRealised(rvx, rv20, spread, reading);
    }

    /// <summary>"RVX 24.10 − rv20 17.32 = +6.78 vol points: implied rich: … (&gt; +5)", or why it is n/a.</summary>
    public string Text(MacroOptions? options = null)
    {
        var o = options ?? new MacroOptions();
        if (Reading == NotAvailable)
            return double.IsNaN(Rvx) ? "n/a (no RVX on the date)" : "n/a (IWM's 20-day realised vol is not available yet)";
        var rule = Reading == Rich ? string.Create(CultureInfo.InvariantCulture, $"> {o.RichVolSpread:+0.##;-0.##;0}")
            : Reading == Cheap ? string.Create(CultureInfo.InvariantCulture, $"< {o.CheapVolSpread:+0.##;-0.##;0}")
            : string.Create(CultureInfo.InvariantCulture, $"{o.CheapVolSpread:+0.##;-0.##;0} to {o.RichVolSpread:+0.##;-0.##;0}");
        return string.Create(CultureInfo.InvariantCulture, $"RVX {Rvx:0.00} − rv20 {Rv20:0.00} = {Spread:+0.00;-0.00;0.00} vol points: {Reading} ({rule})");
    }
}

/// <summary>The macro inputs on one day. Levels in percent, changes in percentage points over the change window; NaN = missing.</summary>
public sealed record MacroInputs(
    double Dgs2,
    double Dgs2Change,
    double Dgs10,
    double Dgs10Change,
    double Slope,
    double HySpread,
    double HyChange,
    double Dxy,
    double DxyChange,
    double Sma50,
    double Sma200,
    double MaSpread,
    double HyPeak = double.NaN);

/// <summary>A historical day whose macro inputs were nearest today's, with what IWM did next (adjusted closes).</summary>
public sealed record MacroAnalog(DateOnly Date, MacroRegime Regime, double Distance, double Forward30, double Forward90, string Catalyst);

/// <summary>The input closest to a rule threshold whose crossing would change the regime.</summary>
public sealed record MacroKeyRisk(string Input, double Value, double Threshold, double DistanceSd, MacroRegime WouldBecome, string Text);

/// <summary>The macro-regime step's answer for a date.</summary>
public sealed record MacroRegimeResult : IStepResult
{
    /// <summary>The analysed trading day D: the requested date (it must be an IWM trading day) or the panel's last row.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The regime reported for D (after the hysteresis), or n/a.</summary>
    public required MacroRegime Regime { get; init; }

    /// <summary>The rule that decided the regime, with the numbers.</summary>
    public required string RegimeRule { get; init; }

    /// <summary>The macro inputs on D: yields, slope and HY spread in percent, their changes over the change window (63 days) in percentage points; the dollar's change and the MA spread (sma50 / sma200 − 1) as fractions.</summary>
    public required MacroInputs Inputs { get; init; }

    /// <summary>Panel columns missing on the date (or without enough history for their change).</summary>
    public required IReadOnlyList<string> MissingInputs { get; init; }

    /// <summary>Up to <see cref="MacroOptions.AnalogCount"/> (3) past days nearest D by standardised distance, ≥ 60 trading days apart, whose 90-day forward window closed by D; empty when the regime is n/a or no candidate exists.</summary>
    public required IReadOnlyList<MacroAnalog> Analogs { get; init; }

    /// <summary>Mean forward long-horizon return of the analogs (NaN without analogs).</summary>
    public required double MeanForward90 { get; init; }

    /// <summary>The rule threshold nearest today's value (in standard deviations of its input) whose crossing would change the regime; null when the regime is n/a or no crossing changes it.</summary>
    public required MacroKeyRisk? KeyRisk { get; init; }

    /// <summary>Implied (RVX) against realised (rv20) volatility and the hedging demand it reads; it casts no vote on the regime.</summary>
    public ImpliedVsRealised VolPremium { get; init; } = new(double.NaN, double.NaN, double.NaN, ImpliedVsRealised.NotAvailable);

    /// <summary>The next dated events after the close of <see cref="Date"/>: opex, quarterly opex, reconstitution, FOMC (<see cref="EventCatalysts"/>).</summary>
    public IReadOnlyList<UpcomingEvent> Catalysts { get; init; } = [];

    /// <summary>bullish when <see cref="MeanForward90"/> is above +<see cref="MacroOptions.BiasThreshold"/> (2%), bearish below −2%, neutral between, n/a without analogs.</summary>
    public required Bias Bias { get; init; }

    /// <summary>The regime and the rule that decided it, the analogs and their mean 90-day return, the bias, the key risk, missing inputs, the implied-vs-realised reading and the next events.</summary>
    public required string Summary { get; init; }

    /// <summary>regime, regime_today, regime_since, each input and its 63-day change, analog_N_* rows, key_risk_*, rvx, rv20, iv_rv_spread, hedging_demand and next_* event dates (NaN = missing).</summary>
    public required IReadOnlyDictionary<string, object?> Facts { get; init; }
}

/// <summary>
/// Step 1 of the workflow: classifies the macro regime with documented rules, finds the nearest historical analogs by
/// standardised distance, and names the input nearest a regime change. Reads only panel rows up to D (docs/workflow.md).
/// </summary>
public static class MacroRegimeAnalyst
{
    private const int Dgs2 = 0, Dgs2Chg = 1, Dgs10 = 2, Dgs10Chg = 3, Slope = 4, Hy = 5, HyChg = 6, DxyChg = 7, Ma = 8, FeatureCount = 9, HyPeakRow = 9;

    private static readonly string[] FeatureNames =
        ["dgs2", "dgs2_change_63d", "dgs10", "dgs10_change_63d", "slope_10y2y", "hy_spread", "hy_change_63d", "dxy_change_63d", "iwm_ma_spread"];

    /// <summary>Analyses <paramref name="date"/> (default: the panel's last row) from rows up to it only.</summary>
    public static MacroRegimeResult Analyze(FeaturePanel panel, DateOnly? date = null, MacroOptions? options = null)
    {
        options ??= new MacroOptions();
        var (view, i) = PanelAsOf.Resolve(panel, date);
        var f = Features(view, options.ChangeWindow, out var dxy, out var sma50, out var sma200);
        var x = InputsAt(f, dxy, sma50, sma200, i);
        var missing = new List<string>();
        for (var k = 0; k < FeatureCount; k++)
        {
            if (double.IsNaN(f[k][i]))
                missing.Add(FeatureNames[k]);
        }

        var (raw, rawRule) = Classify(x, options);
        var held = Held(f, dxy, sma50, sma200, i, options);
        var regime = raw == MacroRegime.NotAvailable ? raw : held.Regime;
        var rule = regime == raw ? rawRule : string.Create(CultureInfo.InvariantCulture,
            $"held since {Fmt.D(view.Dates[held.Since])} (a new regime must hold {options.HoldDays} trading days); today's inputs read {raw.Text()} ({rawRule}), {held.Streak} of {options.HoldDays} days so far");
        var sd = new double[FeatureCount];
        for (var k = 0; k < FeatureCount; k++)
            sd[k] = StdDev(f[k], i);
        var analogs = regime == MacroRegime.NotAvailable ? [] : FindAnalogs(view, f, dxy, sma50, sma200, sd, i, options);
        var mean90 = analogs.Count == 0 ? double.NaN : analogs.Average(a => a.Forward90);
        var keyRisk = regime == MacroRegime.NotAvailable ? null : KeyRisk(x, raw, sd, options);
        var bias = double.IsNaN(mean90) ? Bias.NotAvailable
            : mean90 > options.BiasThreshold ? Bias.Bullish
            : mean90 < -options.BiasThreshold ? Bias.Bearish : Bias.Neutral;

        var vol = ImpliedVsRealised.Of(PanelAsOf.Value(view, PanelColumns.Rvx, i), PanelAsOf.Value(view, PanelColumns.Rv20, i), options);
        var summary = Summarize(view.Dates[i], regime, rule, analogs, mean90, bias, keyRisk, missing, options);
        if (regime != MacroRegime.NotAvailable)
            summary += $" Implied vs realised: {vol.Text(options)}.";
        var catalysts = EventCatalysts.After(view.Dates[i]);
        summary += " Next events: " + string.Join("; ", catalysts.Select(c => c.Text)) + ".";
        var facts = new FactsBuilder()
            .Text("regime", regime.Text())
            .Text("regime_today", raw.Text())
            .Date("regime_since", view.Dates[held.Since])
            .Num("dgs2", x.Dgs2, 4).Num("dgs2_change_63d", x.Dgs2Change, 4)
            .Num("dgs10", x.Dgs10, 4).Num("dgs10_change_63d", x.Dgs10Change, 4)
            .Num("slope_10y2y", x.Slope, 4)
            .Num("hy_spread", x.HySpread, 4).Num("hy_change_63d", x.HyChange, 4)
            .Num("dxy", x.Dxy, 4).Num("dxy_change_63d", x.DxyChange)
            .Num("iwm_sma50", x.Sma50, 4).Num("iwm_sma200", x.Sma200, 4).Num("iwm_ma_spread", x.MaSpread);
        for (var a = 0; a < analogs.Count; a++)
        {
            var an = analogs[a];
            var p = $"analog_{a + 1}_";
            facts.Date(p + "date", an.Date).Text(p + "regime", an.Regime.Text()).Num(p + "distance", an.Distance, 4)
                .Num(p + "forward_30d", an.Forward30).Num(p + "forward_90d", an.Forward90).Text(p + "catalyst", an.Catalyst);
        }

        facts.Num("analogs_mean_forward_90d", mean90);
        if (keyRisk is not null)
        {
            facts.Text("key_risk_input", keyRisk.Input).Num("key_risk_threshold", keyRisk.Threshold, 4)
                .Num("key_risk_distance_sd", keyRisk.DistanceSd, 3).Text("key_risk_would_become", keyRisk.WouldBecome.Text());
        }

        facts.Num("rvx", vol.Rvx, 4).Num("rv20", vol.Rv20, 4).Num("iv_rv_spread", vol.Spread, 4).Text("hedging_demand", vol.Reading);
        foreach (var c in catalysts)
        {
            var key = c.Name switch
            {
                EventCatalysts.MonthlyOpex => "next_opex",
                EventCatalysts.QuarterlyOpex => "next_quarterly_opex",
                EventCatalysts.Reconstitution => "next_reconstitution",
                _ => "next_fomc",
            };
            facts.Date(key, c.Date);
            if (c.Date is not null)
                facts.Int(key + "_trading_days", c.TradingDaysAway);
        }

        return new MacroRegimeResult
        {
            Date = view.Dates[i],
            Regime = regime,
            RegimeRule = rule,
            Inputs = x,
            MissingInputs = missing,
            Analogs = analogs,
            MeanForward90 = mean90,
            KeyRisk = keyRisk,
            VolPremium = vol,
            Catalysts = catalysts,
            Bias = bias,
            Summary = summary,
            Facts = facts.Build(),
        };
    }

    /// <summary>
    /// The regime rules, first match wins (docs/workflow.md). A rule whose input is missing does not match (NaN
    /// comparisons are false). n/a when IWM's moving averages and every macro input are missing.
    /// </summary>
    public static (MacroRegime Regime, string Rule) Classify(MacroInputs x, MacroOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var o = options ?? new MacroOptions();
        var inv = CultureInfo.InvariantCulture;
        var anyMacro = !double.IsNaN(x.Dgs2) || !double.IsNaN(x.Dgs10) || !double.IsNaN(x.Slope) || !double.IsNaN(x.HySpread) || !double.IsNaN(x.Dxy);
        if (!anyMacro || double.IsNaN(x.MaSpread))
        {
            return (MacroRegime.NotAvailable, !anyMacro
                ? "no macro input (2y, 10y, slope, HY spread, dollar) on the date"
                : "IWM's 50- and 200-day averages are not available yet");
        }

        if (x.HyChange <= o.RecoveryFromStressChange && x.HyPeak >= o.StressSpread)
        {
            return (MacroRegime.RecoveryPhase, string.Create(inv,
                $"HY spread fell {Fmt.Pp(x.HyChange)} in {o.ChangeWindow} days (≤ {Fmt.Pp(o.RecoveryFromStressChange)}) from a {Fmt.Level(x.HyPeak)} stress peak (≥ {Fmt.Level(o.StressSpread)}): recovery takes precedence over stress"));
        }

        if (x.HySpread >= o.StressSpread || x.HyChange >= o.StressWidening)
        {
            return (MacroRegime.CreditStress, x.HySpread >= o.StressSpread
                ? string.Create(inv, $"HY spread {Fmt.Level(x.HySpread)} ≥ {Fmt.Level(o.StressSpread)}")
                : string.Create(inv, $"HY spread widened {Fmt.Pp(x.HyChange)} in {o.ChangeWindow} days (≥ {Fmt.Pp(o.StressWidening)})"));
        }

        if (x.HyChange <= o.RecoveryTightening && (x.HySpread >= o.ElevatedSpread || x.MaSpread < 0))
        {
            var from = x.HySpread >= o.ElevatedSpread ? $"an elevated {Fmt.Level(x.HySpread)}" : "a small-cap downtrend (50-day below 200-day)";
            return (MacroRegime.RecoveryPhase, string.Create(inv,
                $"HY spread tightened {Fmt.Pp(x.HyChange)} in {o.ChangeWindow} days (≤ {Fmt.Pp(o.RecoveryTightening)}) from {from}"));
        }

        var rateShock = x.Dgs2Change >= o.RateShock || x.Dgs10Change >= o.RateShock;
        if (rateShock && (x.MaSpread < 0 || x.DxyChange >= o.DollarSurge))
        {
            var which = x.Dgs2Change >= x.Dgs10Change || double.IsNaN(x.Dgs10Change)
                ? $"2-year yield {Fmt.Pp(x.Dgs2Change)}" : $"10-year yield {Fmt.Pp(x.Dgs10Change)}";
            var with = x.MaSpread < 0 ? "IWM's 50-day below its 200-day" : $"the dollar up {Fmt.Ret(x.DxyChange)}";
            return (MacroRegime.RateDrivenCompression, string.Create(inv,
                $"{which} in {o.ChangeWindow} days (≥ {Fmt.Pp(o.RateShock)}) with {with}"));
        }

        if (x.Slope <= o.FlatCurve)
            return (MacroRegime.LateCycleRotation, string.Create(inv, $"10y−2y slope {Fmt.Pp(x.Slope)} ≤ {Fmt.Pp(o.FlatCurve)} (flat or inverted curve)"));
        if (x.MaSpread >= 0 && x.HySpread < o.ElevatedSpread)
        {
            return (MacroRegime.RiskOnExpansion, string.Create(inv,
                $"IWM's 50-day above its 200-day ({Fmt.Ret(x.MaSpread)}) with HY spread {Fmt.Level(x.HySpread)} < {Fmt.Level(o.ElevatedSpread)} and a {Fmt.Pp(x.Slope)} slope"));
        }

        // Default branch: nothing decisive moved.
        if (x.HySpread >= o.ElevatedSpread)
            return (MacroRegime.RecoveryPhase, string.Create(inv, $"no stress or shock rule fired; HY spread still elevated at {Fmt.Level(x.HySpread)} (≥ {Fmt.Level(o.ElevatedSpread)})"));
        return x.MaSpread >= 0
            ? (MacroRegime.RiskOnExpansion, string.Create(inv, $"no stress or shock rule fired; IWM's 50-day above its 200-day ({Fmt.Ret(x.MaSpread)})"))
            : (MacroRegime.LateCycleRotation, string.Create(inv, $"no stress or shock rule fired; IWM's 50-day below its 200-day ({Fmt.Ret(x.MaSpread)}): money rotating away from small caps"));
    }

    /// <summary>
    /// Today's rules (raw) and the reported regime after hysteresis (held) for every row of <paramref name="panel"/>, each
    /// from rows up to that row only. O(n·w) for the w-day spread peak. For measuring how often the regime changes.
    /// </summary>
    public static (MacroRegime[] Raw, MacroRegime[] Held) RegimeSeries(FeaturePanel panel, MacroOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var o = options ?? new MacroOptions();
        var f = Features(panel, o.ChangeWindow, out var dxy, out var sma50, out var sma200);
        var n = panel.Count;
        var raw = new MacroRegime[n];
        var held = new MacroRegime[n];
        MacroRegime? state = null, candidate = null;
        var streak = 0;
        for (var t = 0; t < n; t++)
        {
            raw[t] = Classify(InputsAt(f, dxy, sma50, sma200, t), o).Regime;
            Step(raw[t], ref state, ref candidate, ref streak, o.HoldDays);
            held[t] = raw[t] == MacroRegime.NotAvailable ? raw[t] : state!.Value;
        }

        return (raw, held);
    }

    /// <summary>The held regime at row <paramref name="i"/>, the row it started, and today's streak toward a new one.</summary>
    private static (MacroRegime Regime, int Since, int Streak) Held(double[][] f, double[] dxy, double[] sma50, double[] sma200, int i, MacroOptions o)
    {
        MacroRegime? state = null, candidate = null;
        var streak = 0;
        var since = 0;
        for (var t = 0; t <= i; t++)
        {
            var before = state;
            Step(Classify(InputsAt(f, dxy, sma50, sma200, t), o).Regime, ref state, ref candidate, ref streak, o.HoldDays);
            if (state != before)
                since = t;
        }

        return (state ?? MacroRegime.NotAvailable, since, streak);
    }

    /// <summary>
    /// One day of the hysteresis: n/a days change nothing; the first classified day sets the state; a different regime
    /// read on <paramref name="hold"/> consecutive days replaces it (the streak counts those days).
    /// </summary>
    private static void Step(MacroRegime raw, ref MacroRegime? state, ref MacroRegime? candidate, ref int streak, int hold)
    {
        if (raw == MacroRegime.NotAvailable)
            return;
        if (state is null || state == MacroRegime.NotAvailable)
        {
            state = raw;
            candidate = null;
            streak = 0;
            return;
        }

        if (raw == state)
        {
            candidate = null;
            streak = 0;
            return;
        }

        streak = raw == candidate ? streak + 1 : 1;
        candidate = raw;
        if (streak >= Math.Max(1, hold))
        {
            state = raw;
            candidate = null;
            streak = 0;
        }
    }

    /// <summary>The feature columns over the whole view (NaN where an input or its history is missing).</summary>
    private static double[][] Features(FeaturePanel p, int window, out double[] dxy, out double[] sma50, out double[] sma200)
    {
        var n = p.Count;
        double[] Col(string c) => p.TryGet(c) ?? Nan(n);
        var dgs2 = Col(PanelColumns.Dgs2);
        var dgs10 = Col(PanelColumns.Dgs10);
        var hy = Col(PanelColumns.HySpread);
        dxy = Col(PanelColumns.Dxy);
        sma50 = Col(PanelColumns.Sma50);
        sma200 = Col(PanelColumns.Sma200);
        var slopeCol = p.TryGet(PanelColumns.Slope10y2y);
        var f = new double[FeatureCount + 1][];
        for (var k = 0; k <= FeatureCount; k++)
            f[k] = new double[n];
        for (var t = 0; t < n; t++)
        {
            var back = t - window;
            f[Dgs2][t] = dgs2[t];
            f[Dgs2Chg][t] = back >= 0 ? dgs2[t] - dgs2[back] : double.NaN;
            f[Dgs10][t] = dgs10[t];
            f[Dgs10Chg][t] = back >= 0 ? dgs10[t] - dgs10[back] : double.NaN;
            var s = slopeCol is null ? double.NaN : slopeCol[t];
            f[Slope][t] = double.IsNaN(s) ? dgs10[t] - dgs2[t] : s;
            f[Hy][t] = hy[t];
            f[HyChg][t] = back >= 0 ? hy[t] - hy[back] : double.NaN;
            f[DxyChg][t] = back >= 0 && dxy[back] > 0 ? (dxy[t] / dxy[back]) - 1 : double.NaN;
            f[Ma][t] = sma200[t] > 0 ? (sma50[t] / sma200[t]) - 1 : double.NaN;
            var peak = double.NaN;
            for (var k = Math.Max(0, back); k <= t; k++)
            {
                if (!(hy[k] <= peak))
                    peak = double.IsNaN(hy[k]) ? peak : hy[k];
            }

            f[HyPeakRow][t] = peak;
        }

        return f;
    }

    private static double[] Nan(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }

    private static MacroInputs InputsAt(double[][] f, double[] dxy, double[] sma50, double[] sma200, int t) =>
        new(f[Dgs2][t], f[Dgs2Chg][t], f[Dgs10][t], f[Dgs10Chg][t], f[Slope][t], f[Hy][t], f[HyChg][t], dxy[t], f[DxyChg][t], sma50[t], sma200[t], f[Ma][t], f[HyPeakRow][t]);

    /// <summary>Sample standard deviation of the finite values in rows 0..last (NaN with fewer than two).</summary>
    private static double StdDev(double[] v, int last)
    {
        double sum = 0, sumSq = 0;
        var n = 0;
        for (var t = 0; t <= last; t++)
        {
            var x = v[t];
            if (double.IsNaN(x))
                continue;
            n++;
            sum += x;
            sumSq += x * x;
        }

        if (n < 2)
            return double.NaN;
        var mean = sum / n;
        return Math.Sqrt(Math.Max(0, (sumSq - (n * mean * mean)) / (n - 1)));
    }

    /// <summary>
    /// The nearest days by root-mean-square standardised distance over the features present on D, among days from
    /// <see cref="MacroOptions.AnalogsFrom"/> whose long forward window closed by D, greedily kept at least
    /// <see cref="MacroOptions.AnalogSeparation"/> trading days apart.
    /// </summary>
    private static List<MacroAnalog> FindAnalogs(
        FeaturePanel p, double[][] f, double[] dxy, double[] sma50, double[] sma200, double[] sd, int i, MacroOptions o)
    {
        var adj = p.TryGet(PanelColumns.AdjClose);
        if (adj is null)
            return [];
        var used = new List<int>(FeatureCount);
        for (var k = 0; k < FeatureCount; k++)
        {
            if (!double.IsNaN(f[k][i]) && sd[k] > 0)
                used.Add(k);
        }

        if (used.Count == 0)
            return [];
        var first = Array.BinarySearch(p.Dates, o.AnalogsFrom);
        if (first < 0)
            first = ~first;
        var candidates = new List<(int T, double Dist)>();
        for (var t = first; t + o.LongHorizon <= i; t++)
        {
            double sum = 0;
            var ok = true;
            foreach (var k in used)
            {
                var x = f[k][t];
                if (double.IsNaN(x))
                {
                    ok = false;
                    break;
                }

                var z = (x - f[k][i]) / sd[k];
                sum += z * z;
            }

            if (ok && !double.IsNaN(BacktestEngine.ForwardReturn(adj, t, o.LongHorizon, i)))
                candidates.Add((t, Math.Sqrt(sum / used.Count)));
        }

        candidates.Sort((a, b) => a.Dist != b.Dist ? a.Dist.CompareTo(b.Dist) : a.T.CompareTo(b.T));
        var picked = new List<MacroAnalog>();
        var pickedRows = new List<int>();
        foreach (var (t, dist) in candidates)
        {
            if (pickedRows.Exists(r => Math.Abs(r - t) < o.AnalogSeparation))
                continue;
            pickedRows.Add(t);
            var (regime, _) = Classify(InputsAt(f, dxy, sma50, sma200, t), o);
            picked.Add(new MacroAnalog(
                p.Dates[t],
                regime,
                dist,
                BacktestEngine.ForwardReturn(adj, t, o.ShortHorizon, i),
                BacktestEngine.ForwardReturn(adj, t, o.LongHorizon, i),
                MacroEvents.Nearest(p.Dates[t], o.CatalystWindowDays)));
            if (picked.Count == o.AnalogCount)
                break;
        }

        return picked;
    }

    /// <summary>
    /// For each rule threshold, moves that one input just across it and re-classifies; of the crossings that change the
    /// regime, the one nearest today's value in standard deviations (over history up to D) is the key risk. When no single
    /// crossing changes the regime (two OR-ed conditions both hold), pairs of crossings are tried and the pair whose
    /// farther input is nearest wins: that input is the key risk, and the text names both.
    /// </summary>
    private static MacroKeyRisk? KeyRisk(MacroInputs x, MacroRegime regime, double[] sd, MacroOptions o)
    {
        var checks = new (string Name, int Feature, double Value, double Threshold, Func<MacroInputs, double, MacroInputs> With)[]
        {
            ("HY spread", Hy, x.HySpread, o.StressSpread, (m, v) => m with { HySpread = v }),
            ("HY spread", Hy, x.HySpread, o.ElevatedSpread, (m, v) => m with { HySpread = v }),
            ("HY spread 63-day change", HyChg, x.HyChange, o.StressWidening, (m, v) => m with { HyChange = v }),
            ("HY spread 63-day change", HyChg, x.HyChange, o.RecoveryTightening, (m, v) => m with { HyChange = v }),
            ("2-year yield 63-day change", Dgs2Chg, x.Dgs2Change, o.RateShock, (m, v) => m with { Dgs2Change = v }),
            ("10-year yield 63-day change", Dgs10Chg, x.Dgs10Change, o.RateShock, (m, v) => m with { Dgs10Change = v }),
            ("dollar index 63-day change", DxyChg, x.DxyChange, o.DollarSurge, (m, v) => m with { DxyChange = v }),
            ("10y−2y slope", Slope, x.Slope, o.FlatCurve, (m, v) => m with { Slope = v }),
            ("IWM 50-day vs 200-day", Ma, x.MaSpread, 0, (m, v) => m with { MaSpread = v }),
        };
        var usable = checks.Where(c => !double.IsNaN(c.Value) && sd[c.Feature] > 0).ToList();
        static double[] Across(double value, double threshold)
        {
            var eps = 1e-9 * Math.Max(1, Math.Abs(threshold));
            return value == threshold ? [threshold - eps, threshold + eps] : [threshold + (Math.Sign(threshold - value) * eps)];
        }

        string Unit(int k, double v) => k is DxyChg or Ma ? Fmt.Ret(v) : k is Dgs2Chg or Dgs10Chg or HyChg or Slope ? Fmt.Pp(v) : Fmt.Level(v);
        string Describe(int c, double dist) => string.Create(CultureInfo.InvariantCulture,
            $"{usable[c].Name} at {Unit(usable[c].Feature, usable[c].Value)} is {dist:0.00} standard deviations from the {Unit(usable[c].Feature, usable[c].Threshold)} line");
        double Dist(int c) => Math.Abs(usable[c].Value - usable[c].Threshold) / sd[usable[c].Feature];

        MacroKeyRisk? best = null;
        for (var a = 0; a < usable.Count; a++)
        {
            foreach (var v in Across(usable[a].Value, usable[a].Threshold))
            {
                var (other, _) = Classify(usable[a].With(x, v), o);
                var dist = Dist(a);
                if (other == regime || other == MacroRegime.NotAvailable || (best is not null && dist >= best.DistanceSd))
                    continue;
                best = new MacroKeyRisk(FeatureNames[usable[a].Feature], usable[a].Value, usable[a].Threshold, dist, other,
                    $"{Describe(a, dist)}; crossing it turns the regime into {other.Text()}");
            }
        }

        if (best is not null)
            return best;
        for (var a = 0; a < usable.Count; a++)
        {
            for (var b = a + 1; b < usable.Count; b++)
            {
                if (usable[a].Feature == usable[b].Feature)
                    continue;
                foreach (var va in Across(usable[a].Value, usable[a].Threshold))
                {
                    foreach (var vb in Across(usable[b].Value, usable[b].Threshold))
                    {
                        var (other, _) = Classify(usable[b].With(usable[a].With(x, va), vb), o);
                        var (far, near) = Dist(a) >= Dist(b) ? (a, b) : (b, a);
                        var dist = Dist(far);
                        if (other == regime || other == MacroRegime.NotAvailable || (best is not null && dist >= best.DistanceSd))
                            continue;
                        best = new MacroKeyRisk(FeatureNames[usable[far].Feature], usable[far].Value, usable[far].Threshold, dist, other,
                            $"no single input flips the regime; {Describe(far, dist)} and {Describe(near, Dist(near))}: both crossing turns the regime into {other.Text()}");
                    }
                }
            }
        }

        return best;
    }

    private static string Summarize(
        DateOnly date, MacroRegime regime, string rule, List<MacroAnalog> analogs, double mean90, Bias bias, MacroKeyRisk? risk, List<string> missing, MacroOptions o)
    {
        var sb = new StringBuilder();
        if (regime == MacroRegime.NotAvailable)
        {
            sb.Append(Fmt.Inv, $"Macro regime on {Fmt.D(date)}: n/a — {rule}.");
            return sb.ToString();
        }

        sb.Append(Fmt.Inv, $"Macro regime on {Fmt.D(date)}: {regime.Text()} ({rule}).");
        if (missing.Count > 0)
            sb.Append(Fmt.Inv, $" Missing inputs: {string.Join(", ", missing)}.");
        if (analogs.Count == 0)
        {
            sb.Append(Fmt.Inv, $" No historical analog has a {o.LongHorizon}-day forward window closed by this date, so the bias is n/a.");
        }
        else
        {
            sb.Append(" Nearest analogs: ");
            sb.AppendJoin("; ", analogs.Select(a => string.Create(Fmt.Inv,
                $"{Fmt.D(a.Date)} ({a.Regime.Text()}, IWM {Fmt.Ret(a.Forward30)} over {o.ShortHorizon} days and {Fmt.Ret(a.Forward90)} over {o.LongHorizon}; {a.Catalyst})")));
            sb.Append(Fmt.Inv, $". Their mean {o.LongHorizon}-day return is {Fmt.Ret(mean90)}: {bias.Text()} (threshold ±{Fmt.Pct(o.BiasThreshold, "0.0%")}).");
        }

        if (risk is not null)
            sb.Append(Fmt.Inv, $" Key risk: {risk.Text}.");
        return sb.ToString();
    }
}

/// <summary>The shipped table of dated macro events (embedded <c>Analysts/Data/macro-events.csv</c>).</summary>
public static class MacroEvents
{
    private static readonly Lazy<IReadOnlyList<MacroEvent>> All = new(Load);

    /// <summary>What is said when no event lies within the window.</summary>
    public const string None = "no major dated event";

    /// <summary>The events, in date order.</summary>
    public static IReadOnlyList<MacroEvent> Events => All.Value;

    /// <summary>The event nearest <paramref name="date"/> (0 days when inside its span) within ±<paramref name="windowDays"/> calendar days, else <see cref="None"/>.</summary>
    public static string Nearest(DateOnly date, int windowDays)
    {
        string? best = null;
        var bestDays = int.MaxValue;
        foreach (var e in All.Value)
        {
            var days = date < e.Start ? e.Start.DayNumber - date.DayNumber : date > e.End ? date.DayNumber - e.End.DayNumber : 0;
            if (days <= windowDays && days < bestDays)
            {
                bestDays = days;
                best = e.Name;
            }
        }

        return best ?? None;
    }

    private static IReadOnlyList<MacroEvent> Load()
    {
        using var stream = typeof(MacroEvents).Assembly.GetManifestResourceStream("IwmDesk.macro-events.csv")
            ?? throw new InvalidOperationException("macro events resource missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var list = new List<MacroEvent>();
        var header = false;
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (!header)
            {
                header = true;
                continue;
            }

            var parts = line.Split(',', 3);
            if (parts.Length != 3
                || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                throw new DataFormatException("macro-events.csv", lineNo, "expected start,end,event with ISO dates");
            }

            list.Add(new MacroEvent(start, end, parts[2].Trim()));
        }

        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        return list;
    }
}

/// <summary>A dated macro event; <see cref="Start"/> = <see cref="End"/> for a one-day event.</summary>
public sealed record MacroEvent(DateOnly Start, DateOnly End, string Name);
