using IwmDesk.Decision;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Snapshots;

/// <summary>
/// The daily run's outputs on the sample with a pinned clock (Friday 2026-10-30 16:45 New York, the sample's last
/// bar), the shipped alerts (output only) and no fetch: the first run's text summary, the second run's JSON (entries
/// updated, nothing re-sent), journal alerts, a holiday, and schedule --print.
/// </summary>
[Trait("Category", "Snapshot")]
public sealed class DailySnapshotTests
{
    private static readonly DateTimeOffset Friday = new(2026, 10, 30, 20, 45, 0, TimeSpan.Zero); // EDT: UTC-4

    /// <summary>Like <see cref="CliSnapshotTests.Run"/>, at this test's own fixed moment.</summary>
    private static async Task<string> Run(DateTimeOffset now, string store, params string[] args)
    {
        using var clock = CliClock.Use(new FixedClock(now));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["--store", store, .. args], output, error);
        var err = error.ToString();
        return $"$ iwmdesk {string.Join(' ', args)}\nexit {code}\n{output}" + (err.Length > 0 ? $"--- stderr ---\n{err}" : "");
    }

    [Fact]
    public async Task Daily_TwiceThenJournalAlerts()
    {
        var dir = TestData.TempDir();
        var store = Path.Combine(dir, "store.db");
        var alerts = Path.Combine(dir, "alerts.yaml");
        File.WriteAllText(alerts, """
            alerts:
              - name: vix_under_40
                condition: vix < 40
                trigger: while
                horizon: 5
              - name: rsi_cooling
                condition: rsi14 < 60
                direction: bearish
                horizon: 1
                trigger: while
              - name: decision_changed
                event: decision_changed
              - name: data_stale
                event: data_stale
            deliveries:
              output: true
              file: alerts.jsonl
            """);
        Snapshot.Match(await Run(Friday, store, "daily", "--no-fetch", "--alerts", alerts), "cli.daily.text");
        Snapshot.Match(await Run(Friday.AddMinutes(20), store, "daily", "--no-fetch", "--alerts", alerts, "--format", "json"), "cli.daily.json-second-run");
        Snapshot.Match(await Run(Friday.AddMinutes(25), store, "daily", "--no-fetch", "--alerts", alerts, "--quiet"), "cli.daily.quiet");
        Snapshot.Match(await Run(Friday, store, "journal", "alerts"), "cli.journal.alerts.table");
        Snapshot.Match(await Run(Friday, store, "journal", "alerts", "--format", "json"), "cli.journal.alerts.json");
    }

    [Fact]
    public async Task Daily_Holiday() =>
        Snapshot.Match(await Run(new DateTimeOffset(2026, 11, 26, 21, 45, 0, TimeSpan.Zero), Path.Combine(TestData.TempDir(), "store.db"), "daily"), "cli.daily.holiday");

    [Fact]
    public async Task Schedule_Print() =>
        Snapshot.Match(await Run(Friday, "/data/desk.db", "schedule", "--print", "--exec", "/opt/iwmdesk/iwmdesk"), "cli.schedule.print");
}
