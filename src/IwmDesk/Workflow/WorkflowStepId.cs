using System.Text.Json.Serialization;
using IwmDesk.Prompts;

namespace IwmDesk.Workflow;

/// <summary>The four workflow steps, named in JSON (and in the journal) by their prompt's name.</summary>
public enum WorkflowStepId
{
    /// <summary>Step 1: the macro regime (prompt <c>macro-regime</c>).</summary>
    [JsonStringEnumMemberName(PromptLibrary.MacroRegime)]
    MacroRegime,

    /// <summary>Step 2: the regional-bank (KRE) pressure test (prompt <c>kre-pressure</c>).</summary>
    [JsonStringEnumMemberName(PromptLibrary.KrePressure)]
    KrePressure,

    /// <summary>Step 3: options flow or positioning (prompt <c>options-flow</c>).</summary>
    [JsonStringEnumMemberName(PromptLibrary.OptionsFlow)]
    OptionsFlow,

    /// <summary>Step 4: earnings revisions (prompt <c>earnings-revisions</c>).</summary>
    [JsonStringEnumMemberName(PromptLibrary.EarningsRevisions)]
    EarningsRevisions,
}

/// <summary>The prompt name of each <see cref="WorkflowStepId"/>, as every output and the journal write it.</summary>
public static class WorkflowStepIds
{
    /// <summary>"macro-regime", "kre-pressure", "options-flow" or "earnings-revisions".</summary>
    public static string Text(this WorkflowStepId id) => id switch
    {
        WorkflowStepId.MacroRegime => PromptLibrary.MacroRegime,
        WorkflowStepId.KrePressure => PromptLibrary.KrePressure,
        WorkflowStepId.OptionsFlow => PromptLibrary.OptionsFlow,
        WorkflowStepId.EarningsRevisions => PromptLibrary.EarningsRevisions,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "unknown workflow step"),
    };
}
