using System.Text;

namespace IwmDesk.Prompts;

/// <summary>
/// Where prompt templates come from: <c>NAME.hbs</c> in an override directory (<c>--templates DIR</c>) when that file
/// exists, else the template embedded in the library.
/// </summary>
public sealed class TemplateSource
{
    private TemplateSource(string? directory) => Directory = directory;

    /// <summary>The embedded templates only.</summary>
    public static TemplateSource Embedded { get; } = new(null);

    /// <summary>The override directory, or null for the embedded templates.</summary>
    public string? Directory { get; }

    /// <summary>A source reading overrides from <paramref name="directory"/> (null = embedded only); the directory must exist.</summary>
    public static TemplateSource FromDirectory(string? directory)
    {
        if (directory is null)
            return Embedded;
        if (!System.IO.Directory.Exists(directory))
            throw new IwmDeskException($"{directory}: templates directory not found");
        return new TemplateSource(directory);
    }

    /// <summary>The template text of <paramref name="name"/> and where it came from (the file path, or "built-in").</summary>
    public (string Text, string Origin) Load(string name)
    {
        if (Directory is not null)
        {
            var path = Path.Combine(Directory, name + ".hbs");
            if (File.Exists(path))
            {
                Check(path);
                return (File.ReadAllText(path, Encoding.UTF8), path);
            }
        }

        return (Builtin(name), "built-in");
    }

    /// <summary>The largest template accepted.</summary>
    public const long MaxTemplateBytes = 1 << 20;

    /// <summary>
    /// A template must be a regular file inside the templates directory (issue 17): a symlink whose target lies
    /// outside it (e.g. to a system file, which would become the prompt sent to a model), a FIFO or a device is refused,
    /// and so is a file over <see cref="MaxTemplateBytes"/>.
    /// </summary>
    private void Check(string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory!));
        var rootReal = System.IO.Directory.ResolveLinkTarget(root, returnFinalTarget: true)?.FullName ?? root;
        var info = new FileInfo(path);
        var target = info.LinkTarget is null ? info.FullName : (info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName);
        var inside = target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || target.StartsWith(rootReal + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (!inside)
            throw new IwmDeskException($"{path}: the template is a link to {target}, outside the templates directory {root}: refused");
        if (IwmDesk.Data.Formats.InputFiles.Kind(target) is { } kind)
            throw new IwmDeskException($"{path}: the template is {kind}, not a regular file: refused");
        if (new FileInfo(target).Length > MaxTemplateBytes)
            throw new IwmDeskException($"{path}: the template is larger than {MaxTemplateBytes >> 10} KiB: refused");
    }

    /// <summary>The embedded template of <paramref name="name"/>.</summary>
    public static string Builtin(string name)
    {
        using var stream = typeof(TemplateSource).Assembly.GetManifestResourceStream($"IwmDesk.Prompts.{name}.hbs")
            ?? throw new IwmDeskException($"no built-in prompt template '{name}'");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
