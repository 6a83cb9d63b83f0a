using System.CommandLine;
using Spectre.Console;

namespace IwmDesk.Cli;

/// <summary>The writers a command renders to: the invocation's output/error (the console, or a test's StringWriter).</summary>
internal static class CliOutput
{
    public static TextWriter Out(ParseResult parseResult) => parseResult.InvocationConfiguration.Output;

    public static TextWriter Error(ParseResult parseResult) => parseResult.InvocationConfiguration.Error;

    /// <summary>
    /// A Spectre console over the invocation's output: the styled terminal when it is an interactive stdout, else plain
    /// text (no ANSI codes) 160 columns wide, for pipes, files and tests.
    /// </summary>
    public static IAnsiConsole Console(ParseResult parseResult)
    {
        var writer = Out(parseResult);
        if (ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected)
            return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;
        return console;
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
