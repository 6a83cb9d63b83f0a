using System.Globalization;
using System.Text;

namespace IwmDesk.Daily;

/// <summary>
/// The schedule of <c>iwmdesk daily</c>: a systemd user service and timer, a cron line and a Windows Task Scheduler
/// command that run it on weekdays at a time in a time zone. Holidays are skipped by <c>daily</c> itself (the NYSE
/// calendar), so the schedules only need weekdays.
/// </summary>
public sealed record DailySchedule(TimeOnly At, string TimeZone, IReadOnlyList<string> Command)
{
    /// <summary>The default time: 45 minutes after the 16:00 close, when the day's bars are published.</summary>
    public static readonly TimeOnly DefaultAt = new(16, 45);

    /// <summary>The default time zone: the exchange's.</summary>
    public const string DefaultTimeZone = "America/New_York";

    /// <summary>The unit name of the service and timer.</summary>
    public const string Unit = "iwmdesk-daily";

    /// <summary>Parses <c>HH:MM</c> (24-hour).</summary>
    public static TimeOnly ParseAt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            throw new IwmDeskException($"--at: '{text}' is not a time (expected HH:MM, 24-hour, e.g. 16:45)");
        return t;
    }

    /// <summary>Checks that <paramref name="id"/> is an IANA time zone this machine knows.</summary>
    public static string CheckTimeZone(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')) || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
            throw new IwmDeskException($"--tz: '{id}' is not a time zone this machine knows (an IANA name such as America/New_York)");
        return id;
    }

    /// <summary>The command line, each argument quoted for a POSIX shell / systemd where needed.</summary>
    public string PosixCommand => string.Join(' ', Command.Select(PosixQuote));

    /// <summary>The command line quoted for Windows.</summary>
    public string WindowsCommand => string.Join(' ', Command.Select(WindowsQuote));

    /// <summary>The systemd user service unit.</summary>
    public string SystemdService() => $"""
        [Unit]
        Description=IwmDesk daily run: fetch, forecast, workflow, journal, alerts
        Wants=network-online.target
        After=network-online.target

        [Service]
        Type=oneshot
        # Secrets (IWMDESK_WEBHOOK_URL, IWMDESK_WEBHOOK_TOKEN, IWMDESK_SMTP_USER, IWMDESK_SMTP_PASSWORD) go in this file, mode 600.
        EnvironmentFile=-%h/.config/iwmdesk/daily.env
        ExecStart={PosixCommand}

        """;

    /// <summary>The systemd user timer unit: weekdays at <see cref="At"/> in <see cref="TimeZone"/>, catching up a missed run.</summary>
    public string SystemdTimer() => string.Create(CultureInfo.InvariantCulture, $"""
        [Unit]
        Description=Run IwmDesk daily after the US close on weekdays ({At:HH:mm} {TimeZone}; daily skips exchange holidays)

        [Timer]
        OnCalendar=Mon..Fri *-*-* {At:HH:mm}:00 {TimeZone}
        Persistent=true

        [Install]
        WantedBy=timers.target

        """);

    /// <summary>The crontab lines (CRON_TZ is honoured by cronie and systemd-cron; Debian's cron uses the system zone).</summary>
    public string CronLines() => string.Create(CultureInfo.InvariantCulture,
        $"CRON_TZ={TimeZone}\n{At.Minute} {At.Hour} * * 1-5 {PosixCommand} >> \"$HOME/.local/state/iwmdesk-daily.log\" 2>&1\n");

    /// <summary>The Windows Task Scheduler command (its /ST is the machine's local time).</summary>
    public string WindowsTask() => string.Create(CultureInfo.InvariantCulture,
        $"schtasks /Create /F /TN \"IwmDesk daily\" /SC WEEKLY /D MON,TUE,WED,THU,FRI /ST {At:HH:mm} /TR \"{WindowsCommand.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n");

    /// <summary>Everything, with where each piece goes and how to enable it.</summary>
    public string Print()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# IwmDesk daily: weekdays at {At:HH:mm} {TimeZone}. `iwmdesk daily` itself skips NYSE holidays (it says so and exits 0).\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"# --- systemd (Linux), user units: ~/.config/systemd/user/{Unit}.service\n");
        sb.Append(SystemdService()).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"# --- ~/.config/systemd/user/{Unit}.timer\n");
        sb.Append(SystemdTimer()).Append('\n');
        sb.Append("# Enable (and let it run while you are logged out):\n");
        sb.Append(CultureInfo.InvariantCulture, $"#   systemctl --user daemon-reload && systemctl --user enable --now {Unit}.timer\n");
        sb.Append("#   loginctl enable-linger \"$USER\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"#   systemctl --user list-timers {Unit}.timer; journalctl --user -u {Unit}.service\n\n");
        sb.Append("# --- cron (crontab -e); without CRON_TZ support, convert the time to the system's zone\n");
        sb.Append(CronLines()).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"# --- Windows Task Scheduler (cmd.exe); /ST is this machine's local time: set it to {At:HH:mm} {TimeZone} in your zone\n");
        sb.Append(WindowsTask());
        return sb.ToString();
    }

    private static string PosixQuote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '=' or '+' or ',' or '@')
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string WindowsQuote(string arg) =>
        arg.Length > 0 && !arg.Any(c => c is ' ' or '\t' or '"') ? arg : "\"" + arg.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
