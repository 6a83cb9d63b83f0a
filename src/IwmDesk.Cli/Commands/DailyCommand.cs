using System.CommandLine;
using System.Globalization;
using IwmDesk.Alerts;
using IwmDesk.Daily;
using IwmDesk.Data.Fetch;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk daily [--offline] [--report FILE] [--quiet] [--format text|json] [--alerts FILE] …</c>: the whole daily
/// routine in one run (docs/daily.md). Exit codes: 0 ok, 1 a source/delivery/report failed but the rest ran, 2 bad
/// input or configuration, 3 the model fell back. The orchestration is <see cref="DailyRunner"/>; this only parses,
/// calls and renders.
/// </summary>
internal static class DailyCommand
{
    public static Command Create()
    {
        var offline = new Option<bool>("--offline") { Description = "Re-import the fetch cache instead of asking the network" };
        var noFetch = new Option<bool>("--no-fetch") { Description = "Do not fetch: use the store as it is" };
        var report = new Option<string?>("--report") { Description = "Also write the self-contained HTML report to FILE" };
        var quiet = new Option<bool>("--quiet") { Description = "No summary: only the alerts shown in the output, and errors on stderr (for cron/systemd)" };
        var format = CommonOptions.Format("text", "json");
        var alerts = new Option<string?>("--alerts") { Description = "Alerts file (YAML, docs/daily.md); default: the shipped alerts" };
        var sources = new Option<string[]>("--sources") { Description = "Sources to fetch (as data fetch; default: all)", AllowMultipleArgumentsPerToken = true };
        var finraDays = new Option<int>("--finra-days") { Description = "FINRA window in trading days", DefaultValueFactory = _ => FetchOptions.DefaultFinraDays };
        var config = new Option<string?>("--config") { Description = "Config file with the fetch \"sources\" section (as data fetch)" };
        var rules = CommonOptions.Rules();
        var proxy = CommonOptions.GexProxy();
        var llm = new LlmCliOptions();
        var cmd = new Command("daily", "The daily routine after the close: fetch → forecast → workflow → report → journal → alerts → track record, one summary");
        foreach (var o in new Option[] { offline, noFetch, report, quiet, format, alerts, sources, finraDays, config, rules, proxy })
            cmd.Options.Add(o);
        llm.AddTo(cmd);
        cmd.SetAction(async (parseResult, cancellationToken) =>
        {
            var days = parseResult.GetValue(finraDays);
            if (days is < 1 or > 10_000)
                throw new IwmDeskException(string.Create(CultureInfo.InvariantCulture, $"--finra-days must be between 1 and 10000, got {days}"));
            if (parseResult.GetValue(offline) && parseResult.GetValue(noFetch))
                throw new IwmDeskException("--offline re-imports the cache and --no-fetch skips fetching: give one");

            // Everything the user configures is read before anything runs: a bad file is exit 2 with nothing done.
            var alertConfig = AlertConfig.Load(parseResult.GetValue(alerts));
            var options = new DailyOptions
            {
                Store = parseResult.GetValue(GlobalOptions.Store),
                Clock = CliClock.Current, // the system's, IWMDESK_NOW, or a test's (docs/decision.md)
                Offline = parseResult.GetValue(offline),
                NoFetch = parseResult.GetValue(noFetch),
                FetchSettings = FetchSettingsResolver.Resolve(parseResult.GetValue(config)),
                Sources = FetchSources.Parse(parseResult.GetValue(sources)),
                FinraDays = days,
                Rules = RuleSet.Load(parseResult.GetValue(rules)),
                Alerts = alertConfig,
                ReportPath = parseResult.GetValue(report),
                Panel = new PanelOptions { GexProxy = parseResult.GetValue(proxy)! },
            };
            using var client = llm.CreateClient(parseResult);
            var result = await DailyRunner.RunAsync(options with { Model = client }, null, cancellationToken).ConfigureAwait(false);

            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(format) == "json")
                await output.WriteLineAsync(DailyRenderer.Json(result)).ConfigureAwait(false);
            else
                await output.WriteAsync(DailyRenderer.Text(result, parseResult.GetValue(quiet))).ConfigureAwait(false);
            var error = CliOutput.Error(parseResult);
            foreach (var p in result.Problems)
                await error.WriteLineAsync("error: " + p).ConfigureAwait(false);
            return result.ExitCode;
        });
        return cmd;
    }
}

/// <summary><c>iwmdesk schedule --print [--at 16:45] [--tz America/New_York]</c>: the systemd units, cron line and Windows task.</summary>
internal static class ScheduleCommand
{
    public static Command Create()
    {
        var print = new Option<bool>("--print") { Description = "Print the systemd user service and timer, a cron line and a Windows Task Scheduler command" };
        var at = new Option<string>("--at") { Description = "Time of day, HH:MM 24-hour (default 16:45: after the close)", DefaultValueFactory = _ => "16:45" };
        var tz = new Option<string>("--tz") { Description = "IANA time zone of --at (default America/New_York)", DefaultValueFactory = _ => DailySchedule.DefaultTimeZone };
        var exec = new Option<string?>("--exec") { Description = "The iwmdesk command to schedule (default: this one)" };
        var alerts = new Option<string?>("--alerts") { Description = "Alerts file the scheduled run uses" };
        var report = new Option<string?>("--report") { Description = "Report file the scheduled run writes" };
        var cmd = new Command("schedule", "Run `daily` after the close on weekdays: prints the systemd timer, cron line and Windows task to install");
        foreach (var o in new Option[] { print, at, tz, exec, alerts, report })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            if (!parseResult.GetValue(print))
                throw new IwmDeskException("schedule only prints what to install (nothing is changed on this machine): add --print");
            var command = new List<string>(Executable(parseResult.GetValue(exec)));
            if (parseResult.GetValue(GlobalOptions.Store) is { } store)
                command.AddRange(["--store", LooksLikePath(store) ? Path.GetFullPath(store) : store]);
            command.AddRange(["daily", "--quiet"]);
            if (parseResult.GetValue(alerts) is { } a)
                command.AddRange(["--alerts", Path.GetFullPath(a)]);
            if (parseResult.GetValue(report) is { } r)
                command.AddRange(["--report", Path.GetFullPath(r)]);
            var schedule = new DailySchedule(DailySchedule.ParseAt(parseResult.GetValue(at)!), DailySchedule.CheckTimeZone(parseResult.GetValue(tz)!), command);
            CliOutput.Out(parseResult).Write(schedule.Print());
            return 0;
        });
        return cmd;
    }

    private static bool LooksLikePath(string store) =>
        !store.Contains('=', StringComparison.Ordinal) && !store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>This iwmdesk: the apphost when there is one, else <c>dotnet iwmdesk.dll</c>.</summary>
    private static IEnumerable<string> Executable(string? exec)
    {
        if (exec is not null)
            return [exec];
        var process = Environment.ProcessPath;
        var dll = typeof(ScheduleCommand).Assembly.Location;
        if (process is not null && Path.GetFileNameWithoutExtension(process).Equals("iwmdesk", StringComparison.OrdinalIgnoreCase))
            return [process];
        return process is not null && dll.Length > 0 ? [process, dll] : ["iwmdesk"];
    }
}
