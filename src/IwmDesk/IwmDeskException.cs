namespace IwmDesk;

/// <summary>
/// An error the user can act on (bad input file, bad option, missing data). The CLI prints its message as one
/// line, with no stack trace, and exits with <see cref="ExitCode"/>.
/// </summary>
public class IwmDeskException : Exception
{
    /// <summary>Creates the error; exit code 2 means bad input, 1 a failure of something outside.</summary>
    public IwmDeskException(string message, int exitCode = 2)
        : base(message) => ExitCode = exitCode;

    /// <summary>Creates the error with its cause.</summary>
    public IwmDeskException(string message, Exception inner, int exitCode = 2)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>Process exit code for this error (2 = bad input).</summary>
    public int ExitCode { get; }
}

/// <summary>A data file that cannot be read: names the file, the line (1-based, 0 when not line-specific) and the problem.</summary>
public sealed class DataFormatException : IwmDeskException
{
    /// <summary>Creates the error; the message reads <c>file:line: problem</c>.</summary>
    public DataFormatException(string file, int line, string problem)
        : base(Format(file, line, problem)) => (File, Line, Problem) = (file, line, problem);

    /// <summary>The file, as the user named it.</summary>
    public string File { get; }

    /// <summary>1-based line number, 0 when the problem is with the whole file.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Format(string file, int line, string problem) =>
        line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}";
}
