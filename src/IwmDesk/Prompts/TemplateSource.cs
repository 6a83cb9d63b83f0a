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
                return (File.ReadAllText(path, Encoding.UTF8), path);
        }

        return (Builtin(name), "built-in");
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
