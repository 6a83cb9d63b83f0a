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

    /// <summary>
    /// A fresh temporary directory, unique per call, under one folder per test process that is deleted when the process
    /// exits (a full run once left 677 MB behind). Folders of test processes that are gone are removed on first use.
    /// </summary>
    public static string TempDir()
    {
        var dir = Path.Combine(ProcessTemp.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static readonly Lazy<string> ProcessTemp = new(() =>
    {
        var parent = Path.Combine(Path.GetTempPath(), "iwmdesk-tests");
        Directory.CreateDirectory(parent);
        foreach (var stale in Directory.EnumerateDirectories(parent))
        {
            // "p<pid>-…" of a process that no longer runs, or a folder of the old layout older than a day.
            var name = Path.GetFileName(stale);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            var gone = name.StartsWith('p') && dash > 1 && int.TryParse(name.AsSpan(1, dash - 1), out var pid) ? !Alive(pid)
                : Directory.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddDays(-1);
            if (gone)
                TryDelete(stale);
        }

        var root = Path.Combine(parent, $"p{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    });

    private static bool Alive(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Still in use by another process: the next run's sweep removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
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
