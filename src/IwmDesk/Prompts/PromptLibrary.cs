using System.Collections.Concurrent;
using HandlebarsDotNet;
using IwmDesk.Analysts;
using IwmDesk.Forecast;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Prompts;

/// <summary>
/// The prompt library: five Handlebars templates (embedded, overridable with a directory), each filled from data for a
/// date D. Rendering is strict: a template that names an input the library does not fill fails with an error naming
/// it. Missing data never renders empty: it reads <c>n/a (reason)</c> and is listed in <see cref="RenderedPrompt.Missing"/>.
/// </summary>
public static class PromptLibrary
{
    /// <summary>Name of the macro-regime prompt (workflow step 1; template <c>macro-regime.hbs</c>).</summary>
    public const string MacroRegime = "macro-regime";
    /// <summary>Name of the KRE pressure test prompt (workflow step 2; template <c>kre-pressure.hbs</c>).</summary>
    public const string KrePressure = "kre-pressure";
    /// <summary>Name of the options-flow prompt (workflow step 3; template <c>options-flow.hbs</c>).</summary>
    public const string OptionsFlow = "options-flow";
    /// <summary>Name of the earnings-revisions prompt (workflow step 4; template <c>earnings-revisions.hbs</c>).</summary>
    public const string EarningsRevisions = "earnings-revisions";
    /// <summary>Name of the quantitative-analyst prompt over the forecast (template <c>quant-analyst.hbs</c>).</summary>
    public const string QuantAnalyst = "quant-analyst";

    private static readonly PromptInfo[] Prompts =
    [
        new(MacroRegime, "Macro regime",
            "A small-cap macro analyst classifies the regime from 2y/10y yields, HY spread, the dollar and IWM's 50/200-day averages, with three analogs and the key risk."),
        new(KrePressure, "KRE pressure test",
            "Regional banks (KRE) against IWM over 10/20/60 days, rolling correlations, divergence episodes and which side reverted; a verdict table."),
        new(OptionsFlow, "Options flow",
            "Classifies an unusual IWM print (hedge, speculative bet, covered-call program, spread leg), breakeven, regime-change level; without a print, the chain positioning."),
        new(EarningsRevisions, "Earnings revisions",
            "Upgrade/downgrade ratios for IWM's five heaviest sectors against the prior two earnings cycles, 2:1 flags, rate-sensitive vs cyclical, net score."),
        new(QuantAnalyst, "Quantitative analyst",
            "The tiered rules with today's state, active signals and each rule's measured edge as of D; asks for Tomorrow / Next 5 Days / Strategy."),
    ];

    /// <summary>Strict (unknown names throw), unescaped (Markdown renders as written).</summary>
    private static readonly IHandlebars Engine = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true, NoEscape = true });

    /// <summary>Compiled templates by their text (compiling costs ~10 ms; rendering microseconds).</summary>
    private static readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> Compiled = new(StringComparer.Ordinal);

    /// <summary>The shipped prompts, in workflow order (the four steps, then the quant analyst).</summary>
    public static IReadOnlyList<PromptInfo> List() => Prompts;

    /// <summary>
    /// The quant-analyst prompt for a forecast already built (the forecast command and the journal use it, so the
    /// prompt quotes exactly the figures of the forecast it goes with).
    /// </summary>
    public static RenderedPrompt RenderQuant(FeaturePanel panel, ForecastResult forecast, RuleSet rules, TemplateSource? templates = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(rules);
        var (view, i) = PanelAsOf.Resolve(panel, forecast.Date);
        return Render(QuantAnalyst, forecast.Date, PromptInputs.Quant(view, i, forecast, rules), templates ?? TemplateSource.Embedded);
    }

    /// <summary>Renders a template with filled inputs; unknown names in the template raise an error naming them.</summary>
    internal static RenderedPrompt Render(string name, DateOnly date, InputSet inputs, TemplateSource templates)
    {
        var (text, origin) = templates.Load(name);
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in inputs.Inputs)
            data[k] = v;
        foreach (var (k, v) in inputs.Flags)
            data[k] = v;
        string rendered;
        try
        {
            rendered = Compiled.GetOrAdd(text, t => Engine.Compile(t))(data);
        }
        catch (Exception ex) when (ex is HandlebarsException or HandlebarsDotNet.Compiler.HandlebarsUndefinedBindingException)
        {
            throw new IwmDeskException($"prompt template {name} ({origin}): {FirstLine(ex.Message)} (known inputs: {string.Join(", ", data.Keys)})", ex);
        }

        return new RenderedPrompt
        {
            Name = name,
            Date = date,
            Text = rendered,
            Inputs = inputs.Inputs,
            Missing = inputs.Missing,
        };
    }

    private static string FirstLine(string s)
    {
        var nl = s.IndexOf('\n', StringComparison.Ordinal);
        return (nl < 0 ? s : s[..nl]).Trim();
    }
}
