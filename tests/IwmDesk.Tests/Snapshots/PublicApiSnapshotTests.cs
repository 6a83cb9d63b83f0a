using PublicApiGenerator;
using IwmDesk.Session;

namespace IwmDesk.Tests.Snapshots;

/// <summary>
/// The public API of IwmDesk.Core and IwmDesk.Analytics as C# declarations (PublicApiGenerator), pinned as snapshots so
/// that an API change shows up in review (re-approve with bash scripts/approve-snapshots.sh).
/// </summary>
[Trait("Category", "Snapshot")]
public sealed class PublicApiSnapshotTests
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        IncludeAssemblyAttributes = false,
        ExcludeAttributes = ["System.Runtime.CompilerServices.InternalsVisibleToAttribute", "System.Runtime.Versioning.TargetFrameworkAttribute"],
    };

    [Fact]
    public void Core() => Testing.Snapshot.Match(typeof(Desk).Assembly.GeneratePublicApi(Options), "public-api.IwmDesk.Core");

    [Fact]
    public void Analytics() =>
        Testing.Snapshot.Match(typeof(Analytics.Statistics.Inference).Assembly.GeneratePublicApi(Options), "public-api.IwmDesk.Analytics");
}
