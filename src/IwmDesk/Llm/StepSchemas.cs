using IwmDesk.Analysts;

namespace IwmDesk.Llm;

/// <summary>
/// The answer schemas of the workflow steps that a model may narrate. The deterministic analyst's fallback answer
/// for a step must fit the same schema. Enum values are the workflow's own vocabulary (docs/workflow.md), so a model's
/// answer can be set beside the desk's.
/// </summary>
public static class StepSchemas
{
    /// <summary>The allowed directional biases.</summary>
    public static readonly IReadOnlyList<string> Biases = ["bullish", "bearish", "neutral"];

    /// <summary>The five macro regimes of the macro-regime step.</summary>
    public static readonly IReadOnlyList<string> Regimes =
    [
        MacroRegime.RiskOnExpansion.Text(), MacroRegime.LateCycleRotation.Text(), MacroRegime.CreditStress.Text(),
        MacroRegime.RateDrivenCompression.Text(), MacroRegime.RecoveryPhase.Text(),
    ];

    /// <summary>The KRE pressure test's verdicts.</summary>
    public static readonly IReadOnlyList<string> KreVerdicts =
        [KreVerdict.BullishConfirmation.Text(), KreVerdict.BearishWarning.Text(), KreVerdict.Neutral.Text()];

    /// <summary>The classes of an unusual options print.</summary>
    public static readonly IReadOnlyList<string> FlowClassifications =
        [FlowClass.InstitutionalHedge.Text(), FlowClass.DirectionalSpeculativeBet.Text(), FlowClass.CoveredCallProgram.Text(), FlowClass.SpreadLeg.Text()];

    /// <summary>The earnings-revision step's net scores.</summary>
    public static readonly IReadOnlyList<string> RevisionScores =
        [RevisionLabel.Positive.Text(), RevisionLabel.Negative.Text(), RevisionLabel.Neutral.Text(), RevisionLabel.DeterioratingNeutral.Text()];

    private const string NarrativeHelp = "2-5 sentences for a trader; use only numbers from the facts";

    /// <summary>Regime step: <c>{regime, bias, analogs[{date, catalyst}], risk, narrative}</c>.</summary>
    public static AnswerSchema Regime { get; } = new(
        "regime",
        SchemaField.Enum("regime", "the current market regime", [.. Regimes]),
        SchemaField.Enum("bias", "directional bias for IWM", [.. Biases]),
        SchemaField.ListOf(
            "analogs",
            "historical analogs taken from the facts (may be empty)",
            new AnswerSchema(
                "analog",
                SchemaField.Date("date", "the analog's date, from the facts"),
                SchemaField.Text("catalyst", "what drove the market then"))),
        SchemaField.Text("risk", "the main risk to the bias"),
        SchemaField.Text("narrative", NarrativeHelp));

    /// <summary>KRE (regional banks) step: <c>{verdict, bias, narrative}</c>.</summary>
    public static AnswerSchema Kre { get; } = new(
        "kre",
        SchemaField.Enum("verdict", "whether KRE confirms the IWM move", [.. KreVerdicts]),
        SchemaField.Enum("bias", "directional bias for IWM", [.. Biases]),
        SchemaField.Text("narrative", NarrativeHelp));

    /// <summary>Flow step: <c>{classification, intent, confirming_indicator, narrative}</c>.</summary>
    public static AnswerSchema Flow { get; } = new(
        "flow",
        SchemaField.Enum("classification", "how the flow reads", [.. FlowClassifications]),
        SchemaField.Text("intent", "the likely intent behind the flow"),
        SchemaField.Text("confirming_indicator", "the indicator in the facts that confirms the reading"),
        SchemaField.Text("narrative", NarrativeHelp));

    /// <summary>Options-positioning step (no print given: the chain's positioning): <c>{bias, narrative}</c>.</summary>
    public static AnswerSchema Positioning { get; } = new(
        "positioning",
        SchemaField.Enum("bias", "directional bias for IWM from the positioning", [.. Biases]),
        SchemaField.Text("narrative", NarrativeHelp));

    /// <summary>Earnings-revision step: <c>{net_score, bias, narrative}</c>.</summary>
    public static AnswerSchema Earnings { get; } = new(
        "earnings",
        SchemaField.Enum("net_score", "the net revision score's label, as given in the facts", [.. RevisionScores]),
        SchemaField.Enum("bias", "directional bias for IWM", [.. Biases]),
        SchemaField.Text("narrative", NarrativeHelp));

    private static readonly AnswerSchema HorizonCall = new(
        "horizon_call",
        SchemaField.Enum("call", "the directional call", [.. Biases]),
        SchemaField.Number("probability", "probability of the called direction, as given in the facts (a fraction)"));

    /// <summary>Forecast step: <c>{tomorrow{call, probability}, next_5_days{call, probability}, strategy, narrative}</c>.</summary>
    public static AnswerSchema Forecast { get; } = new(
        "forecast",
        SchemaField.Object("tomorrow", "the call for the next session", HorizonCall),
        SchemaField.Object("next_5_days", "the call for the next five sessions", HorizonCall),
        SchemaField.Text("strategy", "the strategy and what invalidates it"),
        SchemaField.Text("narrative", NarrativeHelp));

    /// <summary>The schema of a step by name (regime, kre, flow, earnings, forecast), or null for an unknown step.</summary>
    public static AnswerSchema? ForStep(string step) => step.ToUpperInvariant() switch
    {
        "REGIME" => Regime,
        "KRE" => Kre,
        "FLOW" => Flow,
        "POSITIONING" => Positioning,
        "EARNINGS" => Earnings,
        "FORECAST" => Forecast,
        _ => null,
    };
}
