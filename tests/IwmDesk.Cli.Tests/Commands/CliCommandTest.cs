using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>What the command tests share: a temporary directory with a store path, a file writer, and a run of the real entry point.</summary>
public abstract class CliCommandTest
{
    /// <summary>The header of a Yahoo-style daily CSV.</summary>
    protected const string Yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n";

    /// <summary>This test's temporary directory.</summary>
    protected string Dir { get; } = TestData.TempDir();

    /// <summary>The store file inside <see cref="Dir"/>.</summary>
    protected string Store => Path.Combine(Dir, "store.db");

    /// <summary>Writes a file into <see cref="Dir"/> and returns its path.</summary>
    protected string Write(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs the iwmdesk command line in process and returns its exit code, stdout and stderr.</summary>
    protected static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
