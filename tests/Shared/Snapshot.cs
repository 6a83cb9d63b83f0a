using System.Text;
using System.Text.RegularExpressions;

namespace IwmDesk.Testing;

/// <summary>
/// Snapshot tests: a rendered output is compared with a stored expected file,
/// <c>tests/&lt;test project&gt;/__snapshots__/&lt;name&gt;.snap</c>. On a mismatch the test fails with a short diff and the
/// actual text is written beside the expected file as <c>&lt;name&gt;.received.snap</c> (git-ignored). A missing expected
/// file fails too (a new snapshot must be approved). Re-approve every snapshot with
/// <c>bash scripts/approve-snapshots.sh</c>, which runs the snapshot tests with <c>IWMDESK_APPROVE_SNAPSHOTS=1</c>: then
/// the expected files are overwritten and the tests pass; review <c>git diff tests/</c> and commit.
/// Text is scrubbed by <see cref="SnapshotScrubber"/> before the comparison.
/// </summary>
internal static class Snapshot
{
    /// <summary>The environment variable that turns a snapshot run into an approval run.</summary>
    public const string ApproveVariable = "IWMDESK_APPROVE_SNAPSHOTS";

    private static bool Approving => Environment.GetEnvironmentVariable(ApproveVariable) is "1" or "true";

    /// <summary>The folder of this test project's snapshots.</summary>
    public static string Folder =>
        Path.Combine(TestData.RepoRoot, "tests", typeof(Snapshot).Assembly.GetName().Name!, "__snapshots__");

    /// <summary>Compares <paramref name="actual"/> (scrubbed) with the snapshot <paramref name="name"/>.</summary>
    public static void Match(string actual, string name)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var text = Normalise(SnapshotScrubber.Scrub(actual));
        Directory.CreateDirectory(Folder);
        var expectedPath = Path.Combine(Folder, name + ".snap");
        var receivedPath = Path.Combine(Folder, name + ".received.snap");
        if (Approving)
        {
            File.WriteAllText(expectedPath, text);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(expectedPath))
        {
            File.WriteAllText(receivedPath, text);
            Assert.Fail($"snapshot '{name}' has no expected file: the actual output is in {receivedPath}; approve it with bash scripts/approve-snapshots.sh");
        }

        var expected = Normalise(File.ReadAllText(expectedPath));
        if (string.Equals(expected, text, StringComparison.Ordinal))
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, text);
        Assert.Fail($"snapshot '{name}' differs from {expectedPath}\n{Diff(expected, text)}\nactual output: {receivedPath}\nif the change is intended: bash scripts/approve-snapshots.sh, then review git diff tests/");
    }

    private static string Normalise(string s)
    {
        s = s.Replace("\r\n", "\n", StringComparison.Ordinal);
        return s.EndsWith('\n') ? s : s + "\n";
    }

    /// <summary>A short line diff: the common head and tail are skipped, at most 12 lines of each side are shown.</summary>
    internal static string Diff(string expected, string actual)
    {
        const int Max = 12;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var head = 0;
        while (head < e.Length && head < a.Length && e[head] == a[head])
            head++;
        var tail = 0;
        while (tail < e.Length - head && tail < a.Length - head && e[e.Length - 1 - tail] == a[a.Length - 1 - tail])
            tail++;
        var sb = new StringBuilder();
        sb.Append("@@ line ").Append(head + 1).Append(": ").Append(e.Length - head - tail).Append(" expected line(s) replaced by ")
            .Append(a.Length - head - tail).Append(" actual line(s)\n");
        if (head > 0)
            sb.Append("  ").Append(Clip(e[head - 1])).Append('\n');
        Side(sb, '-', e, head, e.Length - tail, Max);
        Side(sb, '+', a, head, a.Length - tail, Max);
        return sb.ToString();
    }

    private static void Side(StringBuilder sb, char mark, string[] lines, int from, int to, int max)
    {
        for (var i = from; i < to && i < from + max; i++)
            sb.Append(mark).Append(' ').Append(Clip(lines[i])).Append('\n');
        if (to - from > max)
            sb.Append(mark).Append(" … ").Append(to - from - max).Append(" more\n");
    }

    private static string Clip(string line) => line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 300), "…");
}

/// <summary>
/// The one scrubber of every snapshot: what changes from run to run (or from commit to commit) and is not what a
/// trader reads is replaced by a placeholder. Journal run ids become <c>&lt;run-1&gt;</c>, <c>&lt;run-2&gt;</c>… in order of
/// appearance (so "the same run" stays visible); clock timestamps <c>&lt;timestamp&gt;</c>; the tool version
/// <c>&lt;version&gt;</c>; hex hashes of 12 to 64 digits <c>&lt;hash&gt;</c>; temporary paths <c>&lt;tmp&gt;</c>; durations
/// <c>&lt;duration&gt;</c>. Dates without a clock time (as-of dates) are kept: they are the answer.
/// </summary>
internal static partial class SnapshotScrubber
{
    /// <summary>Applies every rule, in order.</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runs = new Dictionary<string, string>(StringComparer.Ordinal);
        text = TempPath().Replace(text, "<tmp>");
        text = SystemTemp.Replace(text, "<tmp>");
        text = RunId().Replace(text, m =>
        {
            if (!runs.TryGetValue(m.Value, out var label))
                runs[m.Value] = label = $"<run-{runs.Count + 1}>";
            return label;
        });
        text = Version().Replace(text, "<version>");
        text = Timestamp().Replace(text, "<timestamp>");
        text = Hash().Replace(text, "<hash>");
        text = Duration().Replace(text, "<duration>");
        return text;
    }

    // The system temp folder (Path.GetTempPath, wherever TMPDIR points) followed by a test folder.
    private static readonly Regex SystemTemp = new(
        Regex.Escape(Path.Combine(Path.GetTempPath(), "iwmdesk-tests")) + @"[/\\](?:p\d+-[0-9a-f]{32}[/\\])?[0-9a-f]{32}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));

    // Test temp folders (TestData.TempDir) and the system temp folder.
    [GeneratedRegex(@"(?:/tmp|/var/folders/[^\s""']+|[A-Za-z]:\\[^\s""']*\\Temp)[/\\]iwmdesk-tests[/\\](?:p\d+-[0-9a-f]{32}[/\\])?[0-9a-f]{32}")]
    private static partial Regex TempPath();

    // Journal run ids: yyyyMMddTHHmmssfff-xxxxxx (a prefix of one, as journal list abbreviates, is kept whole).
    [GeneratedRegex(@"\b\d{8}T\d{9}-[0-9a-f]{6}\b")]
    private static partial Regex RunId();

    // The informational version: 0.1.0+<commit>.
    [GeneratedRegex(@"\b\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?\+[0-9a-f]{7,40}\b")]
    private static partial Regex Version();

    // A clock time with a date: 2026-12-03T14:12:37.433Z, 2026-12-03 14:12:37.433, with or without fraction/offset.
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex Timestamp();

    // Hex hashes of 12 to 64 digits holding at least one letter and one digit (a plain number is never a hash).
    [GeneratedRegex(@"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{12,64}\b")]
    private static partial Regex Hash();

    // Elapsed times: "1.23 s", "850 ms", "in 2.1s" (only with ms/s units after a number and before a non-letter).
    [GeneratedRegex(@"\b\d+(?:\.\d+)? ?(?:ms|µs|ns)\b|\b\d+\.\d+ ?s\b")]
    private static partial Regex Duration();
}
