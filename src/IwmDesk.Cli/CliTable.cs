using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IwmDesk.Cli;

/// <summary>
/// A table that fits the terminal (docs/terminal.md): numbers never wrap; when the table is wider than the console,
/// the lowest-priority columns are dropped, one at a time, until it fits, and a line says which. Cells are plain text
/// (never markup); a legend line explains the abbreviations of the columns shown.
/// </summary>
internal sealed class CliTable
{
    private readonly List<Column> _columns = [];
    private readonly List<string[]> _rows = [];
    private Func<int, string, string?>? _style;

    /// <summary>A column: header, numeric (right-aligned, never wrapped), keep priority (higher stays longer), meaning for the legend.</summary>
    private sealed record Column(string Header, bool Numeric, int Keep, string? Meaning);

    /// <summary>Adds a column. <paramref name="keep"/> ≥ <see cref="Always"/> is never dropped.</summary>
    public CliTable Add(string header, bool numeric = true, int keep = 50, string? meaning = null)
    {
        _columns.Add(new Column(header, numeric, keep, meaning));
        return this;
    }

    /// <summary>The priority of a column that is never dropped.</summary>
    public const int Always = 1000;

    /// <summary>Adds a row of plain-text cells, one per column.</summary>
    public void Row(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Count)
            throw new ArgumentException($"{cells.Length} cells for {_columns.Count} columns", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>Colours cells: (column index, cell text) → a Spectre style such as "green", or null.</summary>
    public CliTable Style(Func<int, string, string?> style)
    {
        _style = style;
        return this;
    }

    /// <summary>The columns kept at <paramref name="width"/> (indexes, in order), dropping the lowest priority first.</summary>
    public IReadOnlyList<int> Fit(int width)
    {
        var widths = _columns.Select((c, k) => Math.Max(c.Header.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[k].Length))).ToArray();
        var kept = Enumerable.Range(0, _columns.Count).ToList();
        int Total() => kept.Sum(k => widths[k] + 2) + kept.Count + 1;
        while (Total() > width)
        {
            var drop = kept.Where(k => _columns[k].Keep < Always).OrderBy(k => _columns[k].Keep).ThenByDescending(k => k).Cast<int?>().FirstOrDefault();
            if (drop is null)
                break;
            kept.Remove(drop.Value);
        }

        return kept;
    }

    /// <summary>Writes the table fitted to the console's width, then the dropped-columns line and the legend.</summary>
    public void Write(IAnsiConsole console, string? legendTitle = "Legend")
    {
        ArgumentNullException.ThrowIfNull(console);
        var width = console.Profile.Width;
        var kept = Fit(width);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var k in kept)
        {
            var col = new TableColumn(new Spectre.Console.Text(_columns[k].Header));
            if (_columns[k].Numeric)
                col.RightAligned().NoWrap();
            table.AddColumn(col);
        }

        foreach (var r in _rows)
        {
            var cells = new List<IRenderable>(kept.Count);
            foreach (var k in kept)
            {
                var s = _style?.Invoke(k, r[k]);
                cells.Add(s is null ? new Spectre.Console.Text(r[k]) : new Markup($"[{s}]{Markup.Escape(r[k])}[/]"));
            }

            table.AddRow(cells);
        }

        console.Write(table);
        var dropped = Enumerable.Range(0, _columns.Count).Except(kept).Select(k => _columns[k].Header).ToList();
        if (dropped.Count > 0)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Not shown at {width} columns: {string.Join(", ", dropped)} (widen the terminal, or --format csv for every column)."));
        var legend = kept.Where(k => _columns[k].Meaning is not null).Select(k => $"{_columns[k].Header} {_columns[k].Meaning}").ToList();
        if (legendTitle is not null && legend.Count > 0)
            console.WriteLine($"{legendTitle}: {string.Join(" · ", legend)}.");
    }
}
