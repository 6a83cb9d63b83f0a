using IwmDesk.Data;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IwmDesk.Text;

namespace IwmDesk.Claims;

/// <summary>The claims audit as JSON and as Markdown (the report section and <c>iwmdesk claims --format md</c>).</summary>
public static class ClaimsRenderer
{
    /// <summary>The verdict's words (the JSON value with spaces).</summary>
    public static string Text(ClaimStatus s) => s switch
    {
        ClaimStatus.Supported => "supported",
        ClaimStatus.NotSupported => "not supported",
        ClaimStatus.Unclear => "unclear",
        ClaimStatus.Untestable => "untestable",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>The audit as one JSON object: data_source, last_date, tally, claims.</summary>
    public static JsonObject Json(ClaimsAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return new JsonObject
        {
            ["data_source"] = audit.DataSource.Text(),
            ["last_date"] = audit.LastDate is { } d ? Fmt.D(d) : null,
            ["tally"] = audit.Tally(),
            ["claims"] = JsonSerializer.SerializeToNode(audit.Claims, JsonOutput.Options),
        };
    }

    /// <summary>The audit as a Markdown section: a table, then each untestable claim's missing data.</summary>
    public static string Markdown(ClaimsAudit audit, string heading = "## Claims audit")
    {
        ArgumentNullException.ThrowIfNull(audit);
        var sb = new StringBuilder();
        if (heading.Length > 0)
            sb.Append(heading).Append("\n\n");
        sb.Append("Every quantitative statement of the source material that data can test, measured on the store")
            .Append(audit.LastDate is { } d ? $" up to {Fmt.D(d)}" : "").Append($" ({audit.DataSource.Text()} data): {audit.Tally()}.\n\n");
        sb.Append("| claim | claimed | measured | n | period | verdict |\n|---|---|---|--:|---|---|\n");
        foreach (var c in audit.Claims)
        {
            sb.Append("| ").Append(Cell(c.Claim)).Append(" | ").Append(Cell(c.Claimed)).Append(" | ")
                .Append(Cell(c.Measured.Length > 0 ? c.Measured : "—")).Append(" | ")
                .Append(c.N is { } n ? n.ToString("N0", Fmt.Inv) : "—").Append(" | ")
                .Append(Cell(c.Period.Length > 0 ? c.Period : "—")).Append(" | **").Append(Text(c.Verdict)).Append("**: ")
                .Append(Cell(c.Reason)).Append(" |\n");
        }

        var untestable = audit.Claims.Where(c => c.DataNeeded is not null).ToList();
        if (untestable.Count > 0)
        {
            sb.Append("\nWhat would test the untestable ones:\n\n");
            foreach (var c in untestable)
                sb.Append("- `").Append(c.Id).Append("`: ").Append(c.DataNeeded).Append('\n');
        }

        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
