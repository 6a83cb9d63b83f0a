using System.Text;
using Markdig;
using MdCell = Markdig.Extensions.Tables.TableCell;
using MdRow = Markdig.Extensions.Tables.TableRow;
using MdTable = Markdig.Extensions.Tables.Table;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Spectre.Console;

namespace IwmDesk.Cli;

/// <summary>
/// Renders the desk's Markdown for a terminal (docs/terminal.md): headings bold, the decision's headline coloured by
/// direction, lists with bullets, pipe tables as terminal tables, <c>&lt;details&gt;</c> blocks as their summary line,
/// code as plain lines. Used for the default Markdown output when stdout is a terminal; redirected output stays raw
/// Markdown.
/// </summary>
internal static class TerminalMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>Writes <paramref name="markdown"/> to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, string markdown)
    {
        ArgumentNullException.ThrowIfNull(console);
        var doc = Markdig.Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var block in doc)
            Block(console, block, "");
    }

    private static void Block(IAnsiConsole console, Block block, string indent)
    {
        switch (block)
        {
            case HeadingBlock h:
                var title = Inlines(h.Inline, plain: true);
                console.WriteLine();
                console.MarkupLine(h.Level == 1 ? $"[bold underline]{Markup.Escape(title)}[/]" : $"[bold]{Markup.Escape(title)}[/]");
                break;
            case ParagraphBlock p:
                console.MarkupLine(indent + Inlines(p.Inline, plain: false));
                console.WriteLine();
                break;
            case QuoteBlock q:
                foreach (var child in q)
                    Block(console, child, indent + "▌ ");
                break;
            case ListBlock list:
                var n = 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var bullet = list.IsOrdered ? $"{n++}. " : "• ";
                    var first = true;
                    foreach (var child in item)
                    {
                        if (child is ParagraphBlock para)
                            console.MarkupLine(indent + (first ? bullet : new string(' ', bullet.Length)) + Inlines(para.Inline, plain: false));
                        else
                            Block(console, child, indent + new string(' ', bullet.Length));
                        first = false;
                    }
                }

                console.WriteLine();
                break;
            case MdTable t:
                console.Write(TableOf(t));
                break;
            case FencedCodeBlock code:
                foreach (var line in code.Lines.Lines.Take(code.Lines.Count))
                    console.WriteLine(indent + "    " + line.ToString());
                console.WriteLine();
                break;
            case HtmlBlock html:
                // <details><summary>Facts</summary> → "Facts:"; closing tags and other HTML are dropped.
                var text = string.Join("\n", html.Lines.Lines.Take(html.Lines.Count).Select(l => l.ToString()));
                var s = text.IndexOf("<summary>", StringComparison.OrdinalIgnoreCase);
                var e = text.IndexOf("</summary>", StringComparison.OrdinalIgnoreCase);
                if (s >= 0 && e > s)
                    console.MarkupLine($"[grey]{Markup.Escape(text[(s + 9)..e].Trim())}:[/]");
                break;
            case ThematicBreakBlock:
                console.Write(new Rule());
                break;
            case ContainerBlock container:
                foreach (var child in container)
                    Block(console, child, indent);
                break;
            case LeafBlock leaf when leaf.Inline is not null:
                console.MarkupLine(indent + Inlines(leaf.Inline, plain: false));
                break;
            default:
                break;
        }
    }

    private static Spectre.Console.Table TableOf(MdTable t)
    {
        var table = new Spectre.Console.Table().Border(TableBorder.Rounded);
        var rows = t.OfType<MdRow>().ToList();
        if (rows.Count == 0)
            return table;
        var header = rows[0];
        var k = 0;
        foreach (var cell in header.OfType<MdCell>())
        {
            var col = new TableColumn(new Markup(CellText(cell)));
            if (k < t.ColumnDefinitions.Count && t.ColumnDefinitions[k].Alignment == Markdig.Extensions.Tables.TableColumnAlign.Right)
                col.RightAligned();
            table.AddColumn(col);
            k++;
        }

        foreach (var row in rows.Skip(1))
        {
            var cells = row.OfType<MdCell>().Select(c => (Spectre.Console.Rendering.IRenderable)new Markup(CellText(c))).ToList();
            while (cells.Count < table.Columns.Count)
                cells.Add(new Spectre.Console.Text(""));
            table.AddRow(cells.Take(table.Columns.Count));
        }

        return table;
    }

    private static string CellText(MdCell cell) =>
        string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => Inlines(p.Inline, plain: false)));

    /// <summary>Inline Markdown as Spectre markup (or plain text): bold, italic, code; the decision's headline coloured.</summary>
    private static string Inlines(ContainerInline? inline, bool plain)
    {
        if (inline is null)
            return "";
        var sb = new StringBuilder();
        foreach (var x in inline)
        {
            switch (x)
            {
                case LiteralInline lit:
                    sb.Append(plain ? lit.Content.ToString() : Markup.Escape(lit.Content.ToString()));
                    break;
                case EmphasisInline em:
                    var inner = Inlines(em, plain);
                    if (plain)
                    {
                        sb.Append(inner);
                        break;
                    }

                    var raw = Inlines(em, plain: true);
                    var style = em.DelimiterCount >= 2
                        ? raw.StartsWith("Stand aside", StringComparison.Ordinal) ? "bold yellow"
                            : raw.Contains("Bullish", StringComparison.Ordinal) && raw.Contains("Trade", StringComparison.Ordinal) ? "bold green"
                            : raw.Contains("Bullish", StringComparison.Ordinal) && raw.Contains("Lean", StringComparison.Ordinal) ? "bold green"
                            : raw.Contains("Bearish", StringComparison.Ordinal) && (raw.Contains("Trade", StringComparison.Ordinal) || raw.Contains("Lean", StringComparison.Ordinal)) ? "bold red"
                            : "bold"
                        : "italic";
                    sb.Append('[').Append(style).Append(']').Append(inner).Append("[/]");
                    break;
                case CodeInline code:
                    sb.Append(plain ? code.Content : $"[aqua]{Markup.Escape(code.Content)}[/]");
                    break;
                case LineBreakInline:
                    sb.Append(plain ? " " : "\n");
                    break;
                case HtmlInline:
                    break;
                case ContainerInline c:
                    sb.Append(Inlines(c, plain));
                    break;
                default:
                    sb.Append(plain ? x.ToString() : Markup.Escape(x.ToString() ?? ""));
                    break;
            }
        }

        return sb.ToString();
    }
}
