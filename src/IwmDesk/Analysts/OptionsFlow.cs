using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using IwmDesk.Data;
using IwmDesk.Panel;
using IwmDesk.Text;

namespace IwmDesk.Analysts;

/// <summary>Where an option print traded against the quote.</summary>
public enum FlowSide
{
    /// <summary>At or near the bid: a seller initiated it.</summary>
    Bid = 0,

    /// <summary>At or near the ask: a buyer initiated it.</summary>
    Ask = 1,

    /// <summary>Between bid and ask: typical of a negotiated multi-leg order.</summary>
    Mid = 2,
}

/// <summary>One unusual IWM option print. <see cref="PremiumUsd"/> is the whole print's premium in dollars.</summary>
public sealed record FlowPrint(
    DateOnly Date,
    OptionRight Right,
    double Strike,
    DateOnly Expiry,
    double PremiumUsd,
    long Contracts,
    FlowSide Side,
    long OiBefore)
{
    /// <summary>
    /// A print from command-line words: <paramref name="type"/> call|put and <paramref name="side"/> bid|ask|mid
    /// (case-insensitive); every field is then checked as <see cref="FlowClassifier.Validate"/> does.
    /// </summary>
    public static FlowPrint From(DateOnly date, string type, double strike, DateOnly expiry, double premiumUsd, long contracts, string side, long oiBefore)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(side);
        var right = type.Trim().ToLowerInvariant() switch
        {
            "call" or "c" => OptionRight.Call,
            "put" or "p" => OptionRight.Put,
            _ => throw new IwmDeskException($"flow print: type must be call or put (got '{type}')"),
        };
        var s = side.Trim().ToLowerInvariant() switch
        {
            "bid" => FlowSide.Bid,
            "ask" => FlowSide.Ask,
            "mid" => FlowSide.Mid,
            _ => throw new IwmDeskException($"flow print: side must be bid, ask or mid (got '{side}')"),
        };
        var print = new FlowPrint(date, right, strike, expiry, premiumUsd, contracts, s, oiBefore);
        FlowClassifier.Validate(print);
        return print;
    }
}

/// <summary>
/// The market around a print. <see cref="IvRank"/> is a 0–100 percentile of implied vol over the last 252 trading days:
/// the panel's iv_rank (RVX, the Russell 2000's own implied vol) when the row has one, else VIX's percentile as a proxy;
/// <see cref="IvRankSource"/> says which. NaN before a year of either exists.
/// </summary>
public sealed record FlowContext(double Spot, string Trend, double IvRank, MacroRegime Regime, double? GammaFlip)
{
    /// <summary>The IV rank came from RVX (the panel's iv_rank).</summary>
    public const string FromRvx = "RVX";

    /// <summary>The IV rank is VIX's percentile because the row has no RVX.</summary>
    public const string VixProxyNoRvx = "VIX proxy: no RVX";

    /// <summary>The IV rank is VIX's percentile because RVX has fewer than 252 trading days up to the row.</summary>
    public const string VixProxyShortRvx = "VIX proxy: RVX has under 252 days";

    /// <summary>Trading days in the IV-rank window.</summary>
    public const int IvRankWindow = 252;

    /// <summary>Where <see cref="IvRank"/> came from: <see cref="FromRvx"/>, <see cref="VixProxyNoRvx"/> or <see cref="VixProxyShortRvx"/>.</summary>
    public string IvRankSource { get; init; } = VixProxyNoRvx;

    /// <summary>
    /// The context on <paramref name="date"/> from panel rows up to it: close, trend, and the IV rank — RVX's (the
    /// panel's iv_rank) when the row has it, else VIX's percentile over the window.
    /// </summary>
    public static FlowContext FromPanel(FeaturePanel panel, DateOnly date, MacroRegime regime = MacroRegime.NotAvailable, double? gammaFlip = null)
    {
        var (view, i) = PanelAsOf.Resolve(panel, date);
        var rvxRank = PanelAsOf.Value(view, PanelColumns.IvRank, i);
        double rank;
        string source;
        if (double.IsFinite(rvxRank))
        {
            (rank, source) = (rvxRank, FromRvx);
        }
        else
        {
            // The proxy, in percent: the share of the other values in the trailing window strictly below today's (docs/indicators.md).
            var vix = view.TryGet(PanelColumns.Vix);
            rank = vix is null || i + 1 < IvRankWindow ? double.NaN : 100 * Analytics.Indicators.PercentileRank.Compute(vix.AsSpan(0, i + 1), IvRankWindow)[i];
            source = double.IsFinite(PanelAsOf.Value(view, PanelColumns.Rvx, i)) ? VixProxyShortRvx : VixProxyNoRvx;
        }

        return new FlowContext(PanelAsOf.Value(view, PanelColumns.Close, i), PanelAsOf.Trend(view, i), rank, regime, gammaFlip) { IvRankSource = source };
    }
}

/// <summary>Thresholds of the flow classes (docs/workflow.md).</summary>
public sealed record FlowOptions
{
    /// <summary>A hedge is at least this many calendar days to expiry.</summary>
    public int HedgeMinDays { get; init; } = 30;

    /// <summary>A hedge's premium is at least this many dollars ("large").</summary>
    public double LargePremiumUsd { get; init; } = 500_000;

    /// <summary>A speculative bet is at most this many calendar days to expiry ("short-dated").</summary>
    public int SpeculativeMaxDays { get; init; } = 14;

    /// <summary>A covered-call sale is at most this many calendar days to expiry ("near-dated").</summary>
    public int CoveredCallMaxDays { get; init; } = 45;

    /// <summary>A premium per share below this fraction of spot is "small per contract".</summary>
    public double SmallPremiumOfSpot { get; init; } = 0.005;

    /// <summary>… when the print is at least this many contracts ("against size").</summary>
    public long SpreadMinContracts { get; init; } = 1000;
}

/// <summary>The four classes of an unusual print (printed and serialised with their words: "institutional hedge", ...).</summary>
public enum FlowClass
{
    /// <summary>An OTM put bought at the ask, ≥ 30 calendar days to expiry, premium ≥ $500,000, with IWM in an uptrend: protection for a long book (neutral bias).</summary>
    [JsonStringEnumMemberName("institutional hedge")]
    InstitutionalHedge,

    /// <summary>An OTM option bought at the ask, ≤ 14 calendar days to expiry, more contracts than the open interest before it: a leveraged bet (call bullish, put bearish).</summary>
    [JsonStringEnumMemberName("directional speculative bet")]
    DirectionalSpeculativeBet,

    /// <summary>An OTM call sold at the bid, ≤ 45 calendar days to expiry: premium collected against long shares (neutral bias).</summary>
    [JsonStringEnumMemberName("covered-call program")]
    CoveredCallProgram,

    /// <summary>A print traded at mid, or a premium per share under 0.5% of spot on ≥ 1,000 contracts: one leg of a multi-leg order (neutral bias).</summary>
    [JsonStringEnumMemberName("spread leg")]
    SpreadLeg,
}

/// <summary>The words each flow class is printed with (the same as its JSON value).</summary>
public static class FlowClassText
{
    /// <summary>The class's text: "institutional hedge", "directional speculative bet", "covered-call program" or "spread leg".</summary>
    public static string Text(this FlowClass c) => c switch
    {
        FlowClass.InstitutionalHedge => "institutional hedge",
        FlowClass.DirectionalSpeculativeBet => "directional speculative bet",
        FlowClass.CoveredCallProgram => "covered-call program",
        FlowClass.SpreadLeg => "spread leg",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };
}

/// <summary>The classification of one print.</summary>
public sealed record FlowClassification : IStepResult
{
    /// <summary>The print that was classified, as given (already checked by <see cref="FlowClassifier.Validate"/>).</summary>
    public required FlowPrint Print { get; init; }

    /// <summary>The market it was read against: IWM's close on the print date (the spot), trend, IV rank and its source, macro regime, gamma flip.</summary>
    public required FlowContext Context { get; init; }

    /// <summary>The class the print fits best.</summary>
    public required FlowClass Class { get; init; }

    /// <summary>What the class says the trader means, in words with the print's strike or breakeven and expiry (e.g. "protect long small-cap exposure against a fall below 190 through 2026-06-19").</summary>
    public required string Intent { get; init; }

    /// <summary>Calendar days from the print's date to expiry.</summary>
    public required int DaysToExpiry { get; init; }

    /// <summary>Strike / spot − 1 (positive above spot).</summary>
    public required double Moneyness { get; init; }

    /// <summary>True for a call struck above the spot or a put struck below it (spot = the context's IWM close).</summary>
    public required bool OutOfTheMoney { get; init; }

    /// <summary>Premium per share (premium / (contracts × 100)).</summary>
    public required double PremiumPerShare { get; init; }

    /// <summary>Price at expiry where the buyer breaks even: strike + premium per share for a call, − for a put.</summary>
    public required double Breakeven { get; init; }

    /// <summary>The gamma flip when known, else the strike.</summary>
    public required double RegimeChangeLevel { get; init; }

    /// <summary>"gamma flip" or "strike".</summary>
    public required string RegimeChangeSource { get; init; }

    /// <summary>The next-day open-interest check that confirms the reading.</summary>
    public required string ConfirmingIndicator { get; init; }

    /// <summary>Open interest at the strike the next day must reach to confirm new positions (OI before + half the print).</summary>
    public required double ConfirmingOiLevel { get; init; }

    /// <summary>Share of the chosen class's criteria the print meets (1 = every one).</summary>
    public required double Confidence { get; init; }

    /// <summary>high (every criterion), medium (≥ 75%), low.</summary>
    public required string ConfidenceLabel { get; init; }

    /// <summary>The chosen class's criteria, each marked met or not.</summary>
    public required IReadOnlyList<string> Criteria { get; init; }

    /// <summary>bullish for a speculative call bet, bearish for a speculative put bet; neutral for hedges, covered calls and spread legs (a hedge is not a bearish bet).</summary>
    public required Bias Bias { get; init; }

    /// <summary>The print in words, its class with confidence and every criterion met or not, the intent, breakeven, regime-change level and the context.</summary>
    public required string Summary { get; init; }

    /// <summary>class, intent, strike, expiry, days_to_expiry, premium_usd, premium_per_share, spot, moneyness (a fraction), iv_rank and its source, breakeven, confirming_oi_level, confidence.</summary>
    public required IReadOnlyDictionary<string, object?> Facts { get; init; }
}

/// <summary>Classifies unusual IWM option prints with documented rules (docs/workflow.md).</summary>
public static class FlowClassifier
{
    /// <summary>Throws <see cref="IwmDeskException"/> naming the first bad field of the print.</summary>
    public static void Validate(FlowPrint print)
    {
        ArgumentNullException.ThrowIfNull(print);
        static IwmDeskException Bad(string field, string rule, string got) => new($"flow print: {field} must be {rule} (got {got})");
        var inv = CultureInfo.InvariantCulture;
        if (!(print.Strike > 0) || !double.IsFinite(print.Strike))
            throw Bad("strike", "> 0", print.Strike.ToString(inv));
        if (print.Expiry < print.Date)
            throw Bad("expiry", $"on or after the print date {Fmt.D(print.Date)}", Fmt.D(print.Expiry));
        if (!(print.PremiumUsd > 0) || !double.IsFinite(print.PremiumUsd))
            throw Bad("premium", "> 0 dollars", print.PremiumUsd.ToString(inv));
        if (print.Contracts <= 0)
            throw Bad("contracts", "> 0", print.Contracts.ToString(inv));
        if (print.OiBefore < 0)
            throw Bad("oi_before", "≥ 0", print.OiBefore.ToString(inv));
    }

    /// <summary>
    /// Classifies the print. Full rules are tried in order — mid-priced → spread leg; OTM put bought at the ask, ≥ 30 days,
    /// large premium, in an uptrend → institutional hedge; OTM bought at the ask, ≤ 14 days, larger than prior OI →
    /// directional speculative bet; OTM call sold at the bid, ≤ 45 days → covered-call program; small premium per
    /// contract against size → spread leg. With no full match, the class meeting the largest share of its criteria wins.
    /// </summary>
    public static FlowClassification Classify(FlowPrint print, FlowContext ctx, FlowOptions? options = null)
    {
        Validate(print);
        ArgumentNullException.ThrowIfNull(ctx);
        var o = options ?? new FlowOptions();
        if (!(ctx.Spot > 0))
            throw new IwmDeskException($"flow context: no IWM price on {Fmt.D(print.Date)} to classify the print against");
        var call = print.Right == OptionRight.Call;
        var otm = call ? print.Strike > ctx.Spot : print.Strike < ctx.Spot;
        var dte = print.Expiry.DayNumber - print.Date.DayNumber;
        var pps = print.PremiumUsd / (print.Contracts * 100.0);
        var inv = CultureInfo.InvariantCulture;

        var classes = new (FlowClass Class, (string Text, bool Met)[] Criteria)[]
        {
            (FlowClass.SpreadLeg, [("mid-priced", print.Side == FlowSide.Mid)]),
            (FlowClass.InstitutionalHedge,
            [
                ("put", !call), ("out of the money", otm), ("bought at the ask", print.Side == FlowSide.Ask),
                (string.Create(inv, $"≥ {o.HedgeMinDays} days to expiry"), dte >= o.HedgeMinDays),
                (string.Create(inv, $"premium ≥ {Fmt.Usd(o.LargePremiumUsd)}"), print.PremiumUsd >= o.LargePremiumUsd),
                ("IWM in an uptrend", ctx.Trend == "uptrend"),
            ]),
            (FlowClass.DirectionalSpeculativeBet,
            [
                ("out of the money", otm), ("bought at the ask", print.Side == FlowSide.Ask),
                (string.Create(inv, $"≤ {o.SpeculativeMaxDays} days to expiry"), dte <= o.SpeculativeMaxDays),
                ("larger than the open interest before it", print.Contracts > print.OiBefore),
            ]),
            (FlowClass.CoveredCallProgram,
            [
                ("call", call), ("out of the money", otm), ("sold at the bid", print.Side == FlowSide.Bid),
                (string.Create(inv, $"≤ {o.CoveredCallMaxDays} days to expiry"), dte <= o.CoveredCallMaxDays),
            ]),
            (FlowClass.SpreadLeg,
            [
                (string.Create(inv, $"premium per share < {Fmt.Pct(o.SmallPremiumOfSpot, "0.0#%")} of spot"), pps < o.SmallPremiumOfSpot * ctx.Spot),
                (string.Create(inv, $"≥ {o.SpreadMinContracts:#,0} contracts"), print.Contracts >= o.SpreadMinContracts),
            ]),
        };

        var best = -1;
        var bestScore = -1.0;
        for (var c = 0; c < classes.Length; c++)
        {
            var crit = classes[c].Criteria;
            var met = crit.Count(x => x.Met);
            var score = (double)met / crit.Length;
            if (score == 1)
            {
                best = c;
                bestScore = 1;
                break;
            }

            if (score > bestScore)
            {
                best = c;
                bestScore = score;
            }
        }

        var (cls, criteria) = classes[best];
        var label = bestScore >= 1 ? "high" : bestScore >= 0.75 ? "medium" : "low";
        var rightText = call ? "call" : "put";
        var breakeven = call ? print.Strike + pps : print.Strike - pps;
        var level = ctx.GammaFlip ?? print.Strike;
        var levelSource = ctx.GammaFlip is null ? "strike" : "gamma flip";
        var half = Math.Ceiling(print.Contracts / 2.0);
        var confirmLevel = print.OiBefore + half;
        var confirm = string.Create(inv,
            $"next-day open interest in the {print.Strike:0.##} {rightText} ({Fmt.D(print.Expiry)}): at least {confirmLevel:#,0} (OI before {print.OiBefore:#,0} + half the print) confirms new positions; no rise means the print closed positions or was day-traded");
        var intent = cls switch
        {
            FlowClass.InstitutionalHedge => string.Create(inv, $"protect long small-cap exposure against a fall below {print.Strike:0.##} through {Fmt.D(print.Expiry)}"),
            FlowClass.DirectionalSpeculativeBet => string.Create(inv, $"a leveraged bet on IWM {(call ? "above" : "below")} {breakeven:0.00} by {Fmt.D(print.Expiry)}"),
            FlowClass.CoveredCallProgram => string.Create(inv, $"collect premium against long shares, capping upside at {print.Strike:0.##} through {Fmt.D(print.Expiry)}"),
            _ => "one leg of a multi-leg position; its direction depends on the other leg(s)",
        };
        var bias = cls == FlowClass.DirectionalSpeculativeBet ? (call ? Bias.Bullish : Bias.Bearish) : Bias.Neutral;
        var critText = criteria.Select(x => (x.Met ? "✓ " : "✗ ") + x.Text).ToList();
        var moneyness = (print.Strike / ctx.Spot) - 1;

        var sb = new StringBuilder();
        sb.Append(inv, $"Print on {Fmt.D(print.Date)}: {print.Contracts:#,0} IWM {Fmt.D(print.Expiry)} {print.Strike:0.##} {rightText}s ");
        sb.Append(print.Side switch { FlowSide.Ask => "bought at the ask", FlowSide.Bid => "sold at the bid", _ => "traded at mid" });
        sb.Append(inv, $" for {Fmt.Usd(print.PremiumUsd)} ({pps:0.00} per share), {dte} days out, {Math.Abs(moneyness):0.0%} {(otm ? "out of" : "in")} the money, OI before {print.OiBefore:#,0}. ");
        sb.Append(inv, $"Classified {cls.Text()} ({label} confidence: {criteria.Count(x => x.Met)} of {criteria.Length} criteria — {string.Join(", ", critText)}). ");
        sb.Append(inv, $"Intent: {intent}. Breakeven at expiry {breakeven:0.00}; regime-change level {level:0.00} ({levelSource}). ");
        sb.Append(inv, $"Context: IWM {ctx.Spot:0.00}, {ctx.Trend}, IV rank {Fmt.N(ctx.IvRank, "0")} ({ctx.IvRankSource}), regime {ctx.Regime.Text()}. Bias: {bias.Text()}.");

        var facts = new FactsBuilder()
            .Text("class", cls.Text()).Text("intent", intent).Text("right", rightText).Num("strike", print.Strike, 4).Date("expiry", print.Expiry)
            .Int("days_to_expiry", dte).Num("premium_usd", print.PremiumUsd, 2).Num("premium_per_share", pps, 4)
            .Num("contracts", print.Contracts).Num("oi_before", print.OiBefore).Text("side", print.Side.ToString().ToLowerInvariant())
            .Num("spot", ctx.Spot, 4).Num("moneyness", moneyness).Text("trend", ctx.Trend).Num("iv_rank", ctx.IvRank, 2).Text("iv_rank_source", ctx.IvRankSource).Text("regime", ctx.Regime.Text())
            .Num("breakeven", breakeven, 4).Num("regime_change_level", level, 4).Text("regime_change_source", levelSource)
            .Num("confirming_oi_level", confirmLevel).Num("confidence", bestScore, 4).Text("confidence_label", label);
        return new FlowClassification
        {
            Print = print,
            Context = ctx,
            Class = cls,
            Intent = intent,
            DaysToExpiry = dte,
            Moneyness = moneyness,
            OutOfTheMoney = otm,
            PremiumPerShare = pps,
            Breakeven = breakeven,
            RegimeChangeLevel = level,
            RegimeChangeSource = levelSource,
            ConfirmingIndicator = confirm,
            ConfirmingOiLevel = confirmLevel,
            Confidence = bestScore,
            ConfidenceLabel = label,
            Criteria = critText,
            Bias = bias,
            Summary = sb.ToString(),
            Facts = facts.Build(),
        };
    }
}

/// <summary>
/// Dealer positioning read from the day's IWM chain, precomputed by the GEX engine (the lead fills it). NaN = unknown.
/// GEX is in the engine's unit (dollars per 1% move); only its sign is used here.
/// </summary>
public sealed record ChainPositioning(
    double Spot,
    double PutCallOiRatio,
    double TotalGex,
    double Flip,
    double CallWall,
    double PutWall,
    string Source = "IWM chain");

/// <summary>Thresholds of the positioning reading (docs/workflow.md).</summary>
public sealed record PositioningOptions
{
    /// <summary>A put/call OI ratio at or below this is call-heavy (a bullish vote).</summary>
    public double CallHeavyRatio { get; init; } = 1.0;

    /// <summary>A put/call OI ratio at or above this is put-heavy (a bearish vote). IWM carries structural put hedges, hence 2.</summary>
    public double PutHeavyRatio { get; init; } = 2.0;

    /// <summary>Votes needed (net) for a directional bias.</summary>
    public int VotesForBias { get; init; } = 2;
}

/// <summary>The flow step's reading when no print is given: positioning from the chain.</summary>
public sealed record PositioningResult : IStepResult
{
    /// <summary>The positioning read: the day's IWM chain from the GEX engine, or the panel's GEX alone (<see cref="PositioningAnalyst.FromPanel"/>); null when there was none (bias n/a).</summary>
    public required ChainPositioning? Positioning { get; init; }

    /// <summary>(spot − flip) / spot; NaN when either is unknown.</summary>
    public required double FlipDistance { get; init; }

    /// <summary>Sum of the +1/−1 votes of GEX sign, spot vs flip, and put/call OI ratio.</summary>
    public required int NetVotes { get; init; }

    /// <summary>bullish or bearish when <see cref="NetVotes"/> reaches ±min(<see cref="PositioningOptions.VotesForBias"/>, measured inputs), else neutral; n/a when every input is unknown.</summary>
    public required Bias Bias { get; init; }

    /// <summary>The source, each vote with its numbers, the net against the votes needed, the call and put walls and (with a context) the IV rank.</summary>
    public required string Summary { get; init; }

    /// <summary>mode (positioning), source, spot, put_call_oi_ratio, total_gex (the source's unit), gex_sign, gamma_flip, flip_distance (a fraction), walls, net_votes, measured_inputs, votes_needed, iv_rank.</summary>
    public required IReadOnlyDictionary<string, object?> Facts { get; init; }
}

/// <summary>Reads a bias from chain positioning: GEX sign, spot against the gamma flip, and the put/call OI ratio each vote.</summary>
public static class PositioningAnalyst
{
    /// <summary>
    /// The fallback when no chain positioning is given: the panel's GEX on row <paramref name="i"/> (its sign only, with
    /// its source named), or null when the panel has no GEX that day.
    /// </summary>
    public static ChainPositioning? FromPanel(FeaturePanel view, int i)
    {
        ArgumentNullException.ThrowIfNull(view);
        var gex = PanelAsOf.Value(view, PanelColumns.Gex, i);
        if (double.IsNaN(gex))
            return null;
        var source = view.GexSource[i];
        return new ChainPositioning(
            PanelAsOf.Value(view, PanelColumns.Close, i), double.NaN, gex, double.NaN, double.NaN, double.NaN,
            string.IsNullOrEmpty(source) ? "panel GEX" : $"panel GEX ({source})");
    }

    /// <summary>
    /// Votes: positive GEX +1 / negative −1; spot above the flip +1 / below −1; put/call OI ratio ≤ call-heavy +1 /
    /// ≥ put-heavy −1. The step has as many votes as it has measured inputs, and needs a net of ±min(2, measured
    /// inputs) for a direction: a chain (three inputs) needs ±2, the panel's GEX alone (one input) decides by its sign.
    /// n/a when every input is unknown. With <paramref name="context"/>, the summary and facts also report the IV rank
    /// and where it came from (RVX, or the VIX proxy); it casts no vote.
    /// </summary>
    public static PositioningResult Analyze(ChainPositioning? positioning, PositioningOptions? options = null, FlowContext? context = null)
    {
        var o = options ?? new PositioningOptions();
        if (positioning is null || (double.IsNaN(positioning.TotalGex) && double.IsNaN(positioning.Flip) && double.IsNaN(positioning.PutCallOiRatio)))
        {
            return new PositioningResult
            {
                Positioning = positioning,
                FlipDistance = double.NaN,
                NetVotes = 0,
                Bias = Bias.NotAvailable,
                Summary = "Options positioning: n/a — no unusual print was given and no option chain or GEX is stored for this date.",
                Facts = new FactsBuilder().Text("mode", "positioning").Build(),
            };
        }

        var p = positioning;
        var votes = new List<string>();
        var net = 0;
        if (!double.IsNaN(p.TotalGex) && p.TotalGex != 0)
        {
            var v = p.TotalGex > 0 ? 1 : -1;
            net += v;
            votes.Add(v > 0 ? "GEX positive (dealers long gamma, moves damped) +1" : "GEX negative (dealers short gamma, moves amplified) −1");
        }

        var flipDistance = p.Spot > 0 && !double.IsNaN(p.Flip) ? (p.Spot - p.Flip) / p.Spot : double.NaN;
        if (!double.IsNaN(flipDistance) && flipDistance != 0)
        {
            var v = flipDistance > 0 ? 1 : -1;
            net += v;
            votes.Add(string.Create(CultureInfo.InvariantCulture, $"spot {p.Spot:0.00} {(v > 0 ? "above" : "below")} the gamma flip {p.Flip:0.00} ({Fmt.Ret(flipDistance)}) {(v > 0 ? "+1" : "−1")}"));
        }

        if (p.PutCallOiRatio <= o.CallHeavyRatio)
        {
            net++;
            votes.Add(string.Create(CultureInfo.InvariantCulture, $"put/call OI {p.PutCallOiRatio:0.00} ≤ {o.CallHeavyRatio:0.0#} (call-heavy) +1"));
        }
        else if (p.PutCallOiRatio >= o.PutHeavyRatio)
        {
            net--;
            votes.Add(string.Create(CultureInfo.InvariantCulture, $"put/call OI {p.PutCallOiRatio:0.00} ≥ {o.PutHeavyRatio:0.0#} (put-heavy) −1"));
        }

        var measured = (double.IsNaN(p.TotalGex) ? 0 : 1) + (double.IsNaN(flipDistance) ? 0 : 1) + (double.IsNaN(p.PutCallOiRatio) ? 0 : 1);
        var needed = Math.Max(1, Math.Min(o.VotesForBias, measured));
        var bias = net >= needed ? Bias.Bullish : net <= -needed ? Bias.Bearish : Bias.Neutral;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Options positioning ({p.Source}, no unusual print given): ");
        sb.Append(votes.Count == 0 ? "no input votes" : string.Join("; ", votes));
        sb.Append(CultureInfo.InvariantCulture, $". Net {net:+0;-0;0} of {measured} measured input{(measured == 1 ? "" : "s")} → {bias.Text()} (±{needed} needed).");
        if (!double.IsNaN(p.CallWall) || !double.IsNaN(p.PutWall))
            sb.Append(CultureInfo.InvariantCulture, $" Call wall {Fmt.N(p.CallWall)}, put wall {Fmt.N(p.PutWall)}.");
        if (context is not null)
            sb.Append(CultureInfo.InvariantCulture, $" IV rank {Fmt.N(context.IvRank, "0")} ({context.IvRankSource}).");
        var facts = new FactsBuilder().Text("mode", "positioning").Text("source", p.Source).Num("spot", p.Spot, 4)
            .Num("put_call_oi_ratio", p.PutCallOiRatio, 4).Num("total_gex", p.TotalGex, 2)
            .Text("gex_sign", double.IsNaN(p.TotalGex) ? "n/a" : p.TotalGex < 0 ? "negative" : "positive")
            .Num("gamma_flip", p.Flip, 4).Num("flip_distance", flipDistance).Num("call_wall", p.CallWall, 4).Num("put_wall", p.PutWall, 4)
            .Int("net_votes", net).Int("measured_inputs", measured).Int("votes_needed", needed);
        if (context is not null)
            facts.Num("iv_rank", context.IvRank, 2).Text("iv_rank_source", context.IvRankSource);
        return new PositioningResult
        {
            Positioning = p,
            FlipDistance = flipDistance,
            NetVotes = net,
            Bias = bias,
            Summary = sb.ToString(),
            Facts = facts.Build(),
        };
    }
}

