using System.Globalization;
using System.Text.RegularExpressions;

namespace IwmDesk.Reports;

/// <summary>
/// Finds TradingView's lightweight-charts (the standalone production build) that the project's own setup installs with
/// <c>npm ci</c> in <c>web/</c> (scripts/web-assets.sh). Nothing generated is committed: the file is read at run time,
/// inlined into the HTML report and served by the dashboard; without it both fail with a message saying what to run.
/// </summary>
public static partial class ChartAssets
{
    /// <summary>The file name of the standalone production build.</summary>
    public const string FileName = "lightweight-charts.standalone.production.js";

    /// <summary>The library's major version the page script is written for (web/package.json pins the exact version).</summary>
    public const int SupportedMajorVersion = 5;

    /// <summary>An environment variable naming the file directly (overrides the search).</summary>
    public const string EnvironmentVariable = "IWMDESK_CHART_JS";

    /// <summary>The file's path under the repository: web/node_modules/lightweight-charts/dist/….</summary>
    public static readonly string RepoRelativePath = Path.Combine("web", "node_modules", "lightweight-charts", "dist", FileName);

    /// <summary>
    /// Where the file is looked for, in order: <see cref="EnvironmentVariable"/>; web/ beside the running assembly (the
    /// build copies it there when present); web/node_modules/… in the current directory, the assembly's directory and
    /// every folder above them.
    /// </summary>
    public static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            yield return env;
            yield break;
        }

        yield return Path.Combine(AppContext.BaseDirectory, "web", FileName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (seen.Add(dir.FullName))
                    yield return Path.Combine(dir.FullName, RepoRelativePath);
            }
        }
    }

    /// <summary>The path of the chart library, or null when it is nowhere to be found.</summary>
    public static string? Find() => Candidates().FirstOrDefault(File.Exists);

    /// <summary>The chart library's path, or throws saying how to install it.</summary>
    /// <exception cref="IwmDeskException">The file is not installed, or is not the supported major version.</exception>
    public static string Locate()
    {
        var path = Find();
        if (path is null)
        {
            var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
            throw new IwmDeskException(!string.IsNullOrWhiteSpace(env)
                ? $"{EnvironmentVariable}={env}: no such file (it should name {FileName})"
                : $"the chart library is not installed ({RepoRelativePath} not found): run  bash scripts/setup.sh  (it runs npm ci in web/; needs npm), or set {EnvironmentVariable} to the file", exitCode: 1);
        }

        return path;
    }

    /// <summary>The chart library's JavaScript, checked to be the supported major version.</summary>
    /// <exception cref="IwmDeskException">Not installed, unreadable, or another major version.</exception>
    public static string Load()
    {
        var path = Locate();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new IwmDeskException($"{path}: cannot read the chart library: {ex.Message}", ex, exitCode: 1);
        }

        var version = Version(text);
        if (version is null || !version.StartsWith(SupportedMajorVersion.ToString(CultureInfo.InvariantCulture) + ".", StringComparison.Ordinal))
        {
            throw new IwmDeskException(
                $"{path}: expected lightweight-charts {SupportedMajorVersion}.x, found {version ?? "no version header"}: run  bash scripts/web-assets.sh  to install the pinned version", exitCode: 1);
        }

        return text;
    }

    /// <summary>The version in the library's license header ("v5.2.1" → "5.2.1"), or null.</summary>
    public static string? Version(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var m = VersionHeader().Match(script.Length > 2000 ? script[..2000] : script);
        return m.Success ? m.Groups["version"].Value : null;
    }

    [GeneratedRegex(@"Lightweight Charts(?:™)? v(?<version>\d+\.\d+\.\d+)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex VersionHeader();
}
