using System.Text;
using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Text;

namespace IwmDesk.Prompts;

/// <summary>Everything a prompt may be filled from, for one date.</summary>
public sealed record PromptContext
{
    /// <summary>The feature panel; only rows up to <see cref="Date"/> are read.</summary>
    public required FeaturePanel Panel { get; init; }

    /// <summary>The date D (default: the panel's last row). Must be a trading day in the data.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>The signal rules for <c>quant-analyst</c> (default: the built-in rules).</summary>
    public RuleSet? Rules { get; init; }

    /// <summary>Dealer positioning from the day's IWM chain, when the GEX engine computed it.</summary>
    public ChainPositioning? Positioning { get; init; }

    /// <summary>An unusual print for <c>options-flow</c>; without one the template shows the chain positioning.</summary>
    public FlowPrint? Print { get; init; }

    /// <summary>Weekly earnings-revision counts for <c>earnings-revisions</c>.</summary>
    public IReadOnlyList<EarningsRevisionRecord>? Revisions { get; init; }

    /// <summary>
    /// Consensus snapshots, their revisions and the index members up to D for <c>earnings-revisions</c>: when it holds a
    /// snapshot, step 4 answers from it (docs/workflow.md); otherwise from <see cref="Revisions"/>.
    /// </summary>
    public ConsensusRevisionInput? Consensus { get; init; }

    /// <summary>Sector weights (default: the shipped table).</summary>
    public SectorWeights? SectorWeights { get; init; }

    /// <summary>Where templates come from (default: the embedded ones).</summary>
    public TemplateSource? Templates { get; init; }
}

/// <summary>A shipped prompt: its name and what it asks.</summary>
public sealed record PromptInfo(string Name, string Title, string Description);

/// <summary>
/// A rendered prompt: the text, every input by name with the string it showed (a missing one reads
/// <c>n/a (reason)</c>), and the names of the missing inputs.
/// </summary>
public sealed record RenderedPrompt
{
    /// <summary>The prompt's name in the library (e.g. <c>macro</c>, <c>earnings</c>; <c>iwmdesk prompts list</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The trading day the inputs were filled for (only data known by its close).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The prompt as sent to a chat model or pasted by hand: the template with every input written in.</summary>
    public required string Text { get; init; }

    /// <summary>Input name → the string it rendered as, in the template's order.</summary>
    public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    /// <summary>Names of the inputs that had no data.</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>The prompt as JSON: <c>{name, date, text, inputs{}, missing[]}</c>.</summary>
    public string ToJson() => JsonOutput.Serialize(this);

    /// <summary>The prompt as Markdown: the text, then the missing inputs (if any).</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append(Fmt.Inv, $"<!-- prompt {Name} for {Fmt.D(Date)} -->\n\n").Append(Text.TrimEnd()).Append('\n');
        if (Missing.Count > 0)
            sb.Append(Fmt.Inv, $"\n---\nMissing inputs: {string.Join(", ", Missing)}\n");
        return sb.ToString();
    }

    /// <summary>The prompt as plain text (the text itself, then a missing-inputs line).</summary>
    public string ToText() =>
        Missing.Count == 0 ? Text.TrimEnd() + "\n" : Text.TrimEnd() + "\n\nMissing inputs: " + string.Join(", ", Missing) + "\n";
}
