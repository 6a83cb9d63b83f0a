using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using IwmDesk.Data.Fetch;
using IwmDesk.Data.Store;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk data fetch [--sources ...] [--offline] [--quiet] [--format table|json] [--finra-days N] [--config FILE]</c>:
/// brings the free data up to date. Exit code 0 when every source succeeded, 1 when any failed (wholly or partly),
/// 2 for bad options or configuration.
/// </summary>
internal static class FetchCommand
{
    public static Command Create()
    {
        var sources = new Option<string[]>("--sources")
        {
            Description = "Sources to fetch, comma-separated: yahoo, fred, cboe-vix, cboe-rvx, cboe-chain, finra, dix, alphavantage, ishares-holdings (cboe = every CBOE source; default and all: every source but ishares-holdings; alphavantage needs IWMDESK_ALPHAVANTAGE_KEY)",
            AllowMultipleArgumentsPerToken = true,
        };
        var offline = new Option<bool>("--offline") { Description = "Use only the cache: re-import every cached response of the selected sources, no network" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress and no summary; errors still go to stderr and the exit code tells" };
        var format = CommonOptions.Format("table", "json");
        var finraDays = new Option<int>("--finra-days")
        {
            Description = "FINRA window: the last N trading days whose files are fetched when the store lacks them",
            DefaultValueFactory = _ => FetchOptions.DefaultFinraDays,
        };
        var config = new Option<string?>("--config")
        {
            Description = "Config file with a \"sources\" section (default: the model client's config.json, see docs/fetch.md)",
        };
        var cmd = new Command("fetch", "Bring the free data up to date: Yahoo, FRED, CBOE VIX and IWM chain, FINRA short volume, SqueezeMetrics DIX");
        foreach (var o in new Option[] { sources, offline, quiet, format, finraDays, config })
            cmd.Options.Add(o);
        cmd.SetAction(async (parseResult, cancellationToken) =>
        {
            var days = parseResult.GetValue(finraDays);
            if (days is < 1 or > 10_000)
                throw new IwmDeskException(string.Create(CultureInfo.InvariantCulture, $"--finra-days must be between 1 and 10000, got {days}"));
            var options = new FetchOptions
            {
                Sources = FetchSources.Parse(parseResult.GetValue(sources)),
                Offline = parseResult.GetValue(offline),
                FinraDays = days,
            };
            var settings = FetchSettingsResolver.Resolve(parseResult.GetValue(config));
            var location = StoreLocator.Resolve(parseResult.GetValue(GlobalOptions.Store));
            using var store = MarketStore.Open(location.Path);
            using var fetcher = new DataFetcher(settings);

            var json = string.Equals(parseResult.GetValue(format), "json", StringComparison.Ordinal);
            var silent = json || parseResult.GetValue(quiet);
            var console = CliOutput.Console(parseResult);
            FetchReport report;
            if (silent)
                report = await fetcher.FetchAsync(store, options, null, cancellationToken).ConfigureAwait(false);
            else if (console.Profile.Capabilities.Interactive)
                report = await WithLiveProgress(console, options, p => fetcher.FetchAsync(store, options, p, cancellationToken)).ConfigureAwait(false);
            else
                report = await fetcher.FetchAsync(store, options, new LineProgress(console), cancellationToken).ConfigureAwait(false);

            if (json)
                CliOutput.Out(parseResult).WriteLine(JsonSerializer.Serialize(ToJson(report, location), IwmDesk.Text.JsonOutput.Options));
            else if (!parseResult.GetValue(quiet))
                RenderSummary(console, report);

            var error = CliOutput.Error(parseResult);
            foreach (var failure in report.Sources.SelectMany(s => s.Failures))
                await error.WriteLineAsync("error: " + failure.Message).ConfigureAwait(false);
            CliDesk.NoteIfStale(store); // still behind after the fetch (a source down, a holiday feed): said once, on stderr
            return report.ExitCode;
        });
        return cmd;
    }

    /// <summary>A Spectre progress display with a line per source, updated from the fetcher's worker threads.</summary>
    private static async Task<FetchReport> WithLiveProgress(IAnsiConsole console, FetchOptions options, Func<IProgress<FetchProgress>, Task<FetchReport>> run)
    {
        FetchReport? report = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var tasks = FetchSources.Known.Where(options.Sources.Contains)
                    .ToDictionary(s => s, s => ctx.AddTask(Describe(s, "waiting"), maxValue: 1));
                var gate = new Lock();
                var progress = new SyncProgress(e =>
                {
                    lock (gate)
                    {
                        var task = tasks[e.Source];
                        task.MaxValue = Math.Max(1, e.Total);
                        task.Value = e.Outcome is null ? e.Done : task.MaxValue;
                        task.Description = Describe(e.Source, e.Outcome switch
                        {
                            FetchStatus.Succeeded => "[green]done[/]",
                            FetchStatus.Partial => "[yellow]partly failed[/]",
                            FetchStatus.Failed => "[red]failed[/]",
                            _ => Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{e.Message} ({e.Done}/{e.Total})")),
                        });
                        if (e.Outcome is not null)
                            task.StopTask();
                    }
                });
                report = await run(progress).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return report!;
    }

    private static string Describe(FetchSource source, string markup) => $"{source.Name(),-10} {markup}";

    private static void RenderSummary(IAnsiConsole console, FetchReport report)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Source");
        table.AddColumn("Stored as");
        table.AddColumn(new TableColumn("Added").RightAligned());
        table.AddColumn(new TableColumn("Updated").RightAligned());
        table.AddColumn(new TableColumn("Unchanged").RightAligned());
        table.AddColumn(new TableColumn("Requests").RightAligned());
        table.AddColumn("Status");
        foreach (var s in report.Sources)
        {
            var status = Status(s.Status) + (s.Failures.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({s.Failures.Count} error(s))") : "");
            var requests = N(report.Offline ? s.Responses : s.Requests) + (report.Offline ? " cached" : "");
            if (s.Rows.Count == 0)
            {
                table.AddRow(s.Source.Name(), "-", "0", "0", "0", requests, Markup.Escape(status));
                continue;
            }

            for (var i = 0; i < s.Rows.Count; i++)
            {
                var r = s.Rows[i];
                table.AddRow(
                    i == 0 ? s.Source.Name() : "",
                    Markup.Escape(r.Target),
                    N(r.Counts.Added),
                    N(r.Counts.Updated),
                    N(r.Counts.Unchanged),
                    i == 0 ? requests : "",
                    i == 0 ? Markup.Escape(status) : "");
            }
        }

        console.Write(table);
        console.WriteLine("Chains count contracts. Yahoo and FRED ask again for the last stored day (its bar may have been preliminary).");
        foreach (var s in report.Sources)
        {
            foreach (var note in s.Notes)
                console.WriteLine($"{s.Source.Name()}: {note}");
        }

        if (report.PurgedSampleRows > 0)
            console.WriteLine($"First real data: the sample ({N(report.PurgedSampleRows)} rows) was removed from the store.");
        var failed = report.Sources.Count(s => s.Status != FetchStatus.Succeeded);
        console.WriteLine(failed == 0
            ? "All sources up to date."
            : string.Create(CultureInfo.InvariantCulture, $"{failed} of {report.Sources.Count} source(s) failed, wholly or partly (errors below); exit code 1."));
    }

    private static object ToJson(FetchReport report, StoreLocation location) => new
    {
        Ok = report.AllSucceeded,
        report.ExitCode,
        report.Offline,
        Store = location.Path,
        report.CacheDirectory,
        report.PurgedSampleRows,
        Sources = report.Sources.Select(s => new
        {
            Name = s.Source.Name(),
            Status = Status(s.Status),
            s.Requests,
            s.Responses,
            s.Added,
            Rows = s.Rows.Select(r => new { r.Target, r.Counts.Added, r.Counts.Updated, r.Counts.Unchanged, r.Removed }),
            s.Notes,
            Failures = s.Failures.Select(f => new { f.Url, f.Message }),
        }),
    };

    private static string Status(FetchStatus status) => status switch
    {
        FetchStatus.Succeeded => "succeeded",
        FetchStatus.Partial => "partial",
        _ => "failed",
    };

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Calls back synchronously on the reporting thread (<see cref="Progress{T}"/> would post and reorder).</summary>
    private sealed class SyncProgress(Action<FetchProgress> action) : IProgress<FetchProgress>
    {
        public void Report(FetchProgress value) => action(value);
    }

    /// <summary>Without a terminal: one line per source when it finishes.</summary>
    private sealed class LineProgress(IAnsiConsole console) : IProgress<FetchProgress>
    {
        private readonly Lock _gate = new();

        public void Report(FetchProgress value)
        {
            if (value.Outcome is not { } outcome)
                return;
            lock (_gate)
                console.WriteLine($"{value.Source.Name()}: {Status(outcome)}");
        }
    }
}
