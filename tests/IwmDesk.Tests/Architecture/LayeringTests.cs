using System.Reflection;
using NetArchTest.Rules;

namespace IwmDesk.Tests.Architecture;

/// <summary>
/// The folders of src/IwmDesk in layers that run one way (docs/architecture.md): a folder may use only folders of a
/// lower layer, never one of its own layer or above, so the folder graph has no cycle. A new folder must be given a
/// layer here. Dependencies are read from the compiled IL (NetArchTest: signatures, bodies, attributes, generics).
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Core = typeof(IwmDeskException).Assembly;

    /// <summary>Bottom to top. "(root)" is the IwmDesk namespace itself: the user-error exceptions only.</summary>
    internal static readonly string[][] Layers =
    [
        ["(root)", "Text", "Security"],
        ["Config"],
        ["Data"],
        ["Chains"],
        ["Panel"],
        ["Signals"],
        ["Backtest"],
        ["Analysts"],
        ["Claims"],
        ["Forecast"],
        ["Prompts"],
        ["Workflow"],
        ["Llm"],
        ["Journal"],
        ["Session"],
        ["Decision"],
        ["Alerts"],
        ["Reports"],
        ["Daily"],
    ];

    [Fact]
    public void Every_namespace_belongs_to_a_layered_folder()
    {
        var declared = Layers.SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        var folders = Core.GetTypes().Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith("IwmDesk", StringComparison.Ordinal))
            .Select(Folder).Distinct().ToList();
        folders.Where(f => !declared.Contains(f)).ShouldBeEmpty("folders with no layer in LayeringTests.Layers");
        declared.Where(f => !folders.Contains(f)).ShouldBeEmpty("layers naming a folder that has no types");
    }

    [Fact]
    public void No_folder_uses_its_own_layer_or_one_above()
    {
        var violations = Violations(Layers);
        violations.ShouldBeEmpty("edges running backwards (folder -> folder it may not use: types):\n" + string.Join("\n", violations));
    }

    /// <summary>The check itself can fail: with Text put above Reports, the Reports → Text edges are found.</summary>
    [Fact]
    public void The_check_finds_an_edge_that_runs_backwards()
    {
        var inverted = Layers.Select(l => l.Where(f => f != "Text").ToArray()).Append(["Text"]).ToArray();
        Violations(inverted).ShouldContain(v => v.StartsWith("Reports -> Text", StringComparison.Ordinal));
    }

    /// <summary>"folder -> used folder: types" for every use of a folder of the same or a higher layer.</summary>
    internal static List<string> Violations(string[][] layers)
    {
        var result = new List<string>();
        for (var li = 0; li < layers.Length; li++)
        {
            foreach (var folder in layers[li])
            {
                var forbidden = layers.Skip(li).SelectMany(l => l).Where(f => f != folder).ToList();
                var offenders = Types.InAssembly(Core).That().ResideInNamespaceMatching(Pattern(folder)).And()
                    .HaveDependencyOnAny(forbidden.SelectMany(Names).ToArray()).GetTypes().ToList();
                if (offenders.Count == 0)
                    continue;
                foreach (var target in forbidden)
                {
                    var users = Types.InAssembly(Core).That().ResideInNamespaceMatching(Pattern(folder)).And()
                        .HaveDependencyOnAny(Names(target).ToArray()).GetTypes().Select(t => t.Name).Distinct().ToList();
                    if (users.Count > 0)
                        result.Add($"{folder} -> {target}: {string.Join(", ", users)}");
                }
            }
        }

        return result;
    }

    private static string Folder(string ns) => ns == "IwmDesk" ? "(root)" : ns.Split('.')[1];

    private static string Pattern(string folder) => folder == "(root)" ? @"^IwmDesk$" : $@"^IwmDesk\.{folder}(\.|$)";

    /// <summary>Dependency names NetArchTest matches: the folder's namespace, or for the root its types one by one.</summary>
    private static IEnumerable<string> Names(string folder) => folder == "(root)"
        ? Core.GetTypes().Where(t => t.Namespace == "IwmDesk" && !t.IsNested).Select(t => t.FullName!)
        : [$"IwmDesk.{folder}"];
}
