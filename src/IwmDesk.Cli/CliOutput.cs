using System.CommandLine;
using Spectre.Console;

namespace IwmDesk.Cli;

/// <summary>The writers a command renders to: the invocation's output/error (the console, or a test's StringWriter).</summary>
internal static class CliOutput
{
    public static TextWriter Out(ParseResult parseResult) => parseResult.InvocationConfiguration.Output;

    public static TextWriter Error(ParseResult parseResult) => parseResult.InvocationConfiguration.Error;

    /// <summary>
    /// A Spectre console over the invocation's output: the styled terminal when it is an interactive stdout (colour unless
    /// <c>NO_COLOR</c> is set or <c>--no-color</c> is given), else plain text (no ANSI codes) for pipes, files and tests.
    /// The width is <c>COLUMNS</c> when set (or <see cref="CliTerminal.Use"/> in tests), else the terminal's, else 160.
    /// </summary>
    public static IAnsiConsole Console(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var writer = Out(parseResult);
        var width = CliTerminal.Width;
        if (IsTerminal(parseResult))
        {
            var colour = CliTerminal.Colour(parseResult);
            var forced = CliTerminal.ForcedTerminal is true;
            var tty = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = forced ? AnsiSupport.Yes : AnsiSupport.Detect,
                ColorSystem = !colour ? ColorSystemSupport.NoColors : forced ? ColorSystemSupport.Standard : ColorSystemSupport.Detect,
                Interactive = CliTerminal.ForcedTerminal is true ? InteractionSupport.No : InteractionSupport.Detect,
                Out = new AnsiConsoleOutput(writer),
            });
            if (width is { } w)
                tty.Profile.Width = w;
            return tty;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width ?? 160;
        return console;
    }

    /// <summary>
    /// Writes Markdown: rendered for the terminal when stdout is one (<see cref="TerminalMarkdown"/>), raw Markdown when
    /// redirected to a file or a pipe (docs/terminal.md).
    /// </summary>
    public static async Task WriteMarkdown(ParseResult parseResult, string markdown)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (IsTerminal(parseResult))
            TerminalMarkdown.Write(Console(parseResult), markdown);
        else
            await Out(parseResult).WriteAsync(markdown).ConfigureAwait(false);
    }

    /// <summary>True when the output is the process's stdout and that is a terminal (not redirected), or a test says so.</summary>
    public static bool IsTerminal(ParseResult parseResult) =>
        CliTerminal.ForcedTerminal ?? (ReferenceEquals(Out(parseResult), System.Console.Out) && !System.Console.IsOutputRedirected);

    /// <summary>Colour of a verdict cell: supported green, not supported red, too few cases grey.</summary>
    public static string? VerdictStyle(string verdict) =>
        verdict.Contains("too few", StringComparison.OrdinalIgnoreCase) || verdict.Contains("no data", StringComparison.OrdinalIgnoreCase) ? "grey"
        : verdict.StartsWith("no", StringComparison.OrdinalIgnoreCase) || verdict.Contains("not", StringComparison.OrdinalIgnoreCase) ? "red"
        : verdict.Equals("edge", StringComparison.OrdinalIgnoreCase) || verdict.Contains("supported", StringComparison.OrdinalIgnoreCase) ? "green" : null;
}

/// <summary>
/// What the CLI knows about the terminal: its width (<c>COLUMNS</c>, or a test's override) and whether colour is wanted
/// (<c>NO_COLOR</c> set to anything, or <c>--no-color</c>, turns it off; docs/terminal.md).
/// </summary>
internal static class CliTerminal
{
    private static readonly AsyncLocal<int?> ScopedWidth = new();
    private static readonly AsyncLocal<bool?> ScopedTerminal = new();

    /// <summary>The width to render at, or null to let the terminal decide (160 off a terminal).</summary>
    public static int? Width => ScopedWidth.Value
        ?? (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) && c >= 20 ? Math.Min(c, 1000) : null);

    /// <summary>A test's "this output is a terminal" (or not); null = ask the console.</summary>
    public static bool? ForcedTerminal => ScopedTerminal.Value;

    /// <summary>False when NO_COLOR is set (any value, per no-color.org) or --no-color was given.</summary>
    public static bool Colour(ParseResult parseResult) =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && !parseResult.GetValue(GlobalOptions.NoColor);

    /// <summary>Renders at <paramref name="width"/> columns (and, when given, as a terminal or not) in this async flow until disposed.</summary>
    public static IDisposable Use(int? width, bool? terminal = null)
    {
        var (w, t) = (ScopedWidth.Value, ScopedTerminal.Value);
        ScopedWidth.Value = width;
        ScopedTerminal.Value = terminal;
        return new Restore(() => (ScopedWidth.Value, ScopedTerminal.Value) = (w, t));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// <summary>The one-line sample banner every text output carries when computed from the synthetic sample.</summary>
internal static class SampleBanner
{
    public static void WriteIfSample(TextWriter writer, bool isSample)
    {
        if (isSample)
            writer.WriteLine(IwmDesk.Forecast.ForecastRenderer.SampleBanner);
    }
}
