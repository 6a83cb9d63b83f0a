namespace IwmDesk.Testing;

/// <summary>Locates the repository and the real public data in ../shared beside it.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding IwmDesk.slnx).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>../shared/data/real beside the repository, or IWMDESK_SHARED_DATA when set; null when absent.</summary>
    public static string? RealDataDir
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("IWMDESK_SHARED_DATA");
            if (!string.IsNullOrEmpty(env))
                return Directory.Exists(env) ? env : null;
            var dir = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "real"));
            return Directory.Exists(dir) ? dir : null;
        }
    }

    /// <summary>Why real-data tests are skipped, or null when the data is there.</summary>
    public static string? SkipReason =>
        RealDataDir is null ? "real data not found: ../shared/data/real is absent beside the repository (set IWMDESK_SHARED_DATA to point at it)" : null;

    /// <summary>Path of a file under the real-data folder.</summary>
    public static string Real(params string[] parts) =>
        Path.Combine([RealDataDir ?? throw new InvalidOperationException(SkipReason), .. parts]);

    /// <summary>A fresh temporary directory, unique per call.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "iwmdesk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IwmDesk.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("IwmDesk.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that is skipped, with the reason, when ../shared/data/real is absent.</summary>
internal sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (TestData.SkipReason is { } reason)
            Skip = reason;
    }
}

/// <summary>A theory that is skipped, with the reason, when ../shared/data/real is absent.</summary>
internal sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute()
    {
        if (TestData.SkipReason is { } reason)
            Skip = reason;
    }
}
