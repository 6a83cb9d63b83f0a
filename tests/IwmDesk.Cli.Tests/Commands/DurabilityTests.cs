using System.Diagnostics;
using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Testing;
using Microsoft.Data.Sqlite;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>
/// The journal under real processes: the built CLI (iwmdesk.dll, copied beside these tests by the project reference)
/// run as child processes against a temp SQLite store. A replay killed with SIGKILL leaves only whole runs and a store
/// that passes <c>PRAGMA integrity_check</c>; two replays writing at once both succeed.
/// </summary>
public sealed class DurabilityTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = TestData.TempDir();

    private string Store => Path.Combine(_dir, "store.db");

    private static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "iwmdesk.dll");
        File.Exists(dll).ShouldBeTrue($"the CLI is not beside the tests: {dll}");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start the CLI");
    }

    private (DateOnly First, DateOnly Last) SampleStore()
    {
        using var store = MarketStore.Open(Store);
        SampleLoader.EnsureData(store).ShouldBeTrue();
        var dates = store.LoadDates("IWM");
        return (dates[260], dates[^1]);
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Connect(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout = 5000;";
        cmd.ExecuteNonQuery();
        return c;
    }

    /// <summary>Every run row has exactly the steps and calls it says it has, and the database is sound.</summary>
    private void AssertWholeRunsAndIntegrity()
    {
        using var c = Connect(Store);
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA integrity_check";
            cmd.ExecuteScalar().ShouldBe("ok");
        }

        Scalar(c, "SELECT COUNT(*) FROM journal_runs r WHERE r.call_count <> (SELECT COUNT(*) FROM journal_calls k WHERE k.run_id = r.run_id) "
            + "OR r.step_count <> (SELECT COUNT(*) FROM journal_steps s WHERE s.run_id = r.run_id)").ShouldBe(0);
        Scalar(c, "SELECT COUNT(*) FROM journal_calls k WHERE NOT EXISTS (SELECT 1 FROM journal_runs r WHERE r.run_id = k.run_id)").ShouldBe(0);
        Scalar(c, "SELECT COUNT(*) FROM journal_steps s WHERE NOT EXISTS (SELECT 1 FROM journal_runs r WHERE r.run_id = s.run_id)").ShouldBe(0);
        Scalar(c, "SELECT COUNT(*) FROM journal_runs WHERE call_count <> 2").ShouldBe(0);
    }

    [Fact]
    public void Replay_KilledMidway_NoPartialRunAndIntegrityOk()
    {
        var (first, last) = SampleStore();
        using var p = Start("--store", Store, "forecast", "--replay", "--from", first.ToString("yyyy-MM-dd", null), "--to", last.ToString("yyyy-MM-dd", null), "--format", "json");
        var watch = Stopwatch.StartNew();
        long written = 0;
        using (var c = Connect(Store))
        {
            while (written < 25)
            {
                if (p.HasExited)
                    throw new ShouldAssertException($"the replay ended (exit {p.ExitCode}) before it could be killed: {p.StandardError.ReadToEnd()}");
                if (watch.Elapsed > Limit)
                    throw new ShouldAssertException("the replay wrote too few runs in time");
                Thread.Sleep(5);
                written = Scalar(c, "SELECT COUNT(*) FROM journal_runs");
            }
        }

        p.Kill(); // SIGKILL on Linux: no chance to finish the transaction in hand
        p.WaitForExit();
        p.ExitCode.ShouldNotBe(0);

        using (var store = MarketStore.Open(Store)) // reopening recovers the WAL
        {
            var runs = new IwmDesk.Journal.JournalStore(store).Count();
            runs.ShouldBeGreaterThanOrEqualTo(25);
            runs.ShouldBeLessThan(1500);
        }

        AssertWholeRunsAndIntegrity();
    }

    [Fact]
    public async Task Replay_TwoProcessesAtOnce_BothSucceed()
    {
        var (first, _) = SampleStore();
        var to = first.AddDays(200).ToString("yyyy-MM-dd", null);
        var from = first.ToString("yyyy-MM-dd", null);

        using var a = Start("--store", Store, "forecast", "--replay", "--from", from, "--to", to, "--format", "json");
        using var b = Start("--store", Store, "forecast", "--replay", "--from", from, "--to", to, "--format", "json");
        var outputs = await Task.WhenAll(a.StandardOutput.ReadToEndAsync(), b.StandardOutput.ReadToEndAsync(), a.StandardError.ReadToEndAsync(), b.StandardError.ReadToEndAsync());
        using var cts = new CancellationTokenSource(Limit);
        await a.WaitForExitAsync(cts.Token);
        await b.WaitForExitAsync(cts.Token);

        a.ExitCode.ShouldBe(0, outputs[2]);
        b.ExitCode.ShouldBe(0, outputs[3]);
        using var da = System.Text.Json.JsonDocument.Parse(outputs[0]);
        using var db = System.Text.Json.JsonDocument.Parse(outputs[1]);
        var days = da.RootElement.GetProperty("days").GetInt32();
        da.RootElement.GetProperty("journaled").GetInt32().ShouldBe(days);
        db.RootElement.GetProperty("journaled").GetInt32().ShouldBe(days);
        using (var c = Connect(Store))
            Scalar(c, "SELECT COUNT(*) FROM journal_runs").ShouldBe(2L * days);
        AssertWholeRunsAndIntegrity();
    }
}
