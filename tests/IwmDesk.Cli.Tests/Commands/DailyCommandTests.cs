using System.Globalization;
using System.Text;
using System.Text.Json;
using IwmDesk.Cli.Commands;
using IwmDesk.Decision;
using IwmDesk.Data;
using IwmDesk.Session;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>
/// <c>iwmdesk daily</c> end to end against real servers on 127.0.0.1: the loopback market server as every data source,
/// a real HTTP webhook receiver and (where aiosmtpd is installed) a real SMTP server with STARTTLS and AUTH. The clock
/// is pinned, so "today" is a known trading day.
/// </summary>
public sealed class DailyCommandTests : IAsyncLifetime
{
    private const string WebhookToken = "tok-Wh-9f3b2c71d";
    private const string SmtpPassword = "pw-Smtp-5e8a1d44";

    /// <summary>Friday 2026-11-20, 16:45 in New York (EST): after the close.</summary>
    private static readonly DateTimeOffset Friday = new(2026, 11, 20, 21, 45, 0, TimeSpan.Zero);

    /// <summary>Monday 2026-11-23, 16:45 in New York: the next trading day.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 21, 45, 0, TimeSpan.Zero);

    private readonly string _dir = TestData.TempDir();
    private FakeMarketServer _server = null!;
    private WebhookReceiver _webhook = null!;

    private string Store => Path.Combine(_dir, "store.db");

    private string AlertsFile => Path.Combine(_dir, "alerts.yaml");

    private string JsonLines => Path.Combine(_dir, "alerts.jsonl");

    public Task InitializeAsync()
    {
        _server = FakeMarketServer.Start();
        _webhook = WebhookReceiver.Start();
        MarketWorld.Synthetic(_server, new DateOnly(2026, 6, 1), DateOnly.FromDateTime(Friday.UtcDateTime));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _webhook.DisposeAsync();
    }

    private string FetchConfig()
    {
        var path = Path.Combine(_dir, "config.json");
        var url = _server.BaseUri.ToString().TrimEnd('/');
        File.WriteAllText(path, $$"""
            { "sources": { "yahoo_url": "{{url}}", "fred_url": "{{url}}", "cboe_url": "{{url}}", "finra_url": "{{url}}", "dix_url": "{{url}}",
                           "min_interval_ms": 0, "retry_base_delay_ms": 10, "max_tries": 2, "timeout_seconds": 20 } }
            """);
        return path;
    }

    /// <summary>An alerts file: a condition that holds every day (so it fires on every run), the source-failed event, and the given deliveries.</summary>
    private void WriteAlerts(string deliveries, int cooldownDays = 1) => File.WriteAllText(AlertsFile, $"""
        cooldown_days: {cooldownDays}
        alerts:
          - name: close_positive
            condition: close > 0
            trigger: while
            horizon: 5
          - name: source_failed
            event: source_failed
        deliveries:
          output: true
          file: alerts.jsonl
        {deliveries}
          retry: {"{"} attempts: 3, backoff_ms: 20 {"}"}
        """);

    private string Webhook() => $"""
          webhook:
            url: {_webhook.Url()}
            headers: {"{"} X-Desk: desk-header-value {"}"}
            token: {WebhookToken}
        """;

    private static string Smtp(SmtpTestServer smtp) => $"""
          smtp:
            host: 127.0.0.1
            port: {smtp.Port}
            security: starttls
            from: desk@example.test
            to: [trader@example.test]
            username: desk
            password: {SmtpPassword}
            ca_file: {smtp.CaFile}
            timeout_seconds: 20
        """;

    private static async Task<(int Code, string Out, string Err)> Run(DateTimeOffset now, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using (CliClock.Use(new FixedClock(now)))
        {
            var code = await CliApp.RunAsync(args, output, error);
            return (code, output.ToString(), error.ToString());
        }
    }

    private Task<(int Code, string Out, string Err)> Daily(DateTimeOffset now, params string[] args) =>
        Run(now, ["--store", Store, "daily", "--config", FetchConfig(), "--finra-days", "3", "--alerts", AlertsFile, .. args]);

    private async Task<JsonElement> Json(params string[] args)
    {
        var (code, output, error) = await Run(Friday, ["--store", Store, .. args, "--format", "json"]);
        code.ShouldBe(0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private async Task<List<JsonElement>> JournalAlerts() => [.. (await Json("journal", "alerts")).EnumerateArray()];

    private async Task<List<JsonElement>> JournalRuns() => [.. (await Json("journal", "list")).EnumerateArray()];

    /// <summary>The store file's raw bytes as text: a secret written anywhere in it (even a freed page) would show.</summary>
    private string StoreBytes()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(Store));
        foreach (var extra in new[] { Store + "-wal", Store + "-journal" })
        {
            if (File.Exists(extra))
                text += Encoding.Latin1.GetString(File.ReadAllBytes(extra));
        }

        return text;
    }

    [Fact]
    public async Task Daily_TwiceOnTheSameDay_OneSetOfJournalEntries_WebhookGetsEachAlertOnceWithItsRecord()
    {
        WriteAlerts(Webhook());

        var (code1, out1, err1) = await Daily(Friday);
        var (code2, out2, err2) = await Daily(Friday.AddMinutes(30));

        code1.ShouldBe(0, err1 + out1);
        code2.ShouldBe(0, err2 + out2);
        out1.ShouldContain("IwmDesk daily · 2026-11-20 · real data as of 2026-11-20");
        out1.ShouldContain("Fetched:    yahoo ok +");
        out1.ShouldContain("Journal:    forecast daily-20261120-forecast (added), workflow daily-20261120-workflow (added)");
        out2.ShouldContain("Journal:    forecast daily-20261120-forecast (updated), workflow daily-20261120-workflow (updated)");
        out1.ShouldContain("Decision:   ");
        out1.ShouldContain("Track record: ");
        out1.ShouldNotContain("Before the 16:00 New York close");

        // One set of journal entries: two runs (forecast, workflow) for the day, each with its calls once.
        var runs = await JournalRuns();
        runs.Select(r => r.GetProperty("run_id").GetString()).ShouldBe(["daily-20261120-forecast", "daily-20261120-workflow"], ignoreOrder: true);
        var (_, score, _) = await Run(Friday, "--store", Store, "journal", "score", "--format", "json");
        JsonDocument.Parse(score).RootElement.GetProperty("overall").GetProperty("pending").GetInt32().ShouldBe(3);

        // The condition alert reached the webhook once, with its measured record, the token and the configured header.
        var posts = _webhook.Requests;
        var fired = (await JournalAlerts()).Where(a => a.GetProperty("channel").GetString() == "webhook").ToList();
        fired.ShouldNotBeEmpty();
        posts.Count.ShouldBe(fired.Count, "each fired alert is posted once over both runs");
        var post = posts.Single(p => p.Body.Contains("\"alert\":\"close_positive\"", StringComparison.Ordinal));
        post.Method.ShouldBe("POST");
        post.Path.ShouldBe("/hooks/T000/B000/s3cr3tPathPart");
        post.Headers["Authorization"].ShouldBe("Bearer " + WebhookToken);
        post.Headers["X-Desk"].ShouldBe("desk-header-value");
        post.Headers["Content-Type"].ShouldStartWith("application/json");
        using var body = JsonDocument.Parse(post.Body);
        var text = body.RootElement.GetProperty("text").GetString()!;
        text.ShouldStartWith("IwmDesk 2026-11-20 · close_positive: `close > 0` holds on 2026-11-20");
        text.ShouldContain("measured (close_positive: close > 0): n=");
        text.ShouldContain("IWM up 5 trading days later 100.0% vs base rate 100.0%");
        var record = body.RootElement.GetProperty("records")[0];
        record.GetProperty("horizon").GetInt32().ShouldBe(5);

        // The synthetic IWM closes rise every day: every signal day with 5 days after it by 2026-11-20 counts, and all went up.
        var bars = TradingDaysServed(new DateOnly(2026, 6, 1), new DateOnly(2026, 11, 20));
        record.GetProperty("n").GetInt32().ShouldBe(bars - 5);
        record.GetProperty("base_n").GetInt32().ShouldBe(bars - 5);
        record.GetProperty("up_rate").GetDouble().ShouldBe(1.0);

        // The second run sent nothing again and says so; the JSON-lines file has each alert once.
        out2.ShouldContain("webhook sent earlier today");
        File.ReadAllLines(JsonLines).Length.ShouldBe(fired.Count);
        (await JournalAlerts()).Where(a => a.GetProperty("alert").GetString() == "close_positive").Select(a => a.GetProperty("status").GetString())
            .ShouldBe(["sent", "sent", "shown"], ignoreOrder: true);

        // No secret anywhere: not in either run's output, not in the journal (the store file itself), not in the JSON lines.
        foreach (var where in new[] { out1, err1, out2, err2, StoreBytes(), File.ReadAllText(JsonLines) })
        {
            where.ShouldNotContain(WebhookToken);
            where.ShouldNotContain("s3cr3tPathPart");
        }
    }

    /// <summary>Weekdays in the synthetic world (it has no holiday calendar).</summary>
    private static int TradingDaysServed(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                n++;
        }

        return n;
    }

    [SmtpFact]
    public async Task Daily_WebhookAndSmtp_AlertsArriveOverStartTlsWithAuth_SecondRunSendsNothing_PasswordNowhere()
    {
        using var smtp = SmtpTestServer.Start("desk", SmtpPassword);
        WriteAlerts(Webhook() + "\n" + Smtp(smtp));

        var (code1, out1, err1) = await Daily(Friday, "--format", "json");
        var (code2, out2, err2) = await Daily(Friday.AddHours(1));

        code1.ShouldBe(0, err1 + out1);
        code2.ShouldBe(0, err2 + out2);
        using var summary = JsonDocument.Parse(out1);
        var alerts = summary.RootElement.GetProperty("alerts").EnumerateArray().ToList();
        var condition = alerts.Single(a => a.GetProperty("alert").GetString() == "close_positive");
        condition.GetProperty("deliveries").EnumerateArray().Select(d => (d.GetProperty("channel").GetString(), d.GetProperty("status").GetString()))
            .ShouldBe([("output", "shown"), ("file", "sent"), ("webhook", "sent"), ("smtp", "sent")]);

        var mails = smtp.Messages;
        mails.Count.ShouldBe(alerts.Count, "one mail per fired alert over both runs");
        var mail = mails.Single(m => m.Contains("X-IwmDesk-Alert: close_positive", StringComparison.Ordinal));
        mail.ShouldContain("X-Test-Tls: yes");
        mail.ShouldContain("X-Test-Auth: desk");
        mail.ShouldContain("Subject: IwmDesk 2026-11-20 =?utf-8?");
        mail.ShouldContain("measured (close_positive: close > 0): n=");
        mail.ShouldContain("vs base rate 100.0%");
        _webhook.Requests.Count.ShouldBe(alerts.Count);
        out2.ShouldContain("smtp sent earlier today");

        foreach (var where in new[] { out1, err1, out2, err2, StoreBytes(), File.ReadAllText(JsonLines) })
        {
            where.ShouldNotContain(SmtpPassword);
            where.ShouldNotContain(WebhookToken);
        }
    }

    [Fact]
    public async Task Daily_Webhook500_RetriedThenReported_RunCompletesExit1_NextRunRetriesAndSends()
    {
        WriteAlerts(Webhook());
        _webhook.Reply(500, 500, 500); // the one alert that fires (close_positive) gets three 500s

        var (code, output, error) = await Daily(Friday);

        code.ShouldBe(1, output + error);
        output.ShouldContain("Journal:    forecast daily-20261120-forecast (added)");
        output.ShouldContain("webhook FAILED after 3 attempt(s)");
        output.ShouldContain("Problem:    alert close_positive: webhook http://127.0.0.1:" + _webhook.Port + ": HTTP 500 Internal Server Error (after 3 attempts)");
        output.ShouldContain("exit code 1.");
        error.ShouldContain("error: alert close_positive: webhook http://127.0.0.1:");
        var fired = (await JournalAlerts()).Where(a => a.GetProperty("channel").GetString() == "webhook").ToList();
        _webhook.Requests.Count.ShouldBe(3 * fired.Count);
        var row = fired.Single(a => a.GetProperty("alert").GetString() == "close_positive");
        row.GetProperty("status").GetString().ShouldBe("failed");
        row.GetProperty("attempts").GetInt32().ShouldBe(3);
        row.GetProperty("error").GetString()!.ShouldContain("HTTP 500");
        File.ReadAllLines(JsonLines).Length.ShouldBe(fired.Count, "the file channel is independent of the webhook");

        // The receiver recovers: the next run the same day delivers what failed, and only that.
        var before = _webhook.Requests.Count;
        var (code2, output2, error2) = await Daily(Friday.AddMinutes(10));
        code2.ShouldBe(0, output2 + error2);
        _webhook.Requests.Count.ShouldBe(before + fired.Count);
        var again = (await JournalAlerts()).Single(a => a.GetProperty("alert").GetString() == "close_positive" && a.GetProperty("channel").GetString() == "webhook");
        again.GetProperty("status").GetString().ShouldBe("sent");
        again.GetProperty("attempts").GetInt32().ShouldBe(4);
        File.ReadAllLines(JsonLines).Length.ShouldBe(fired.Count);
    }

    [Fact]
    public async Task Daily_Cooldown_HoldsOnTheNextTradingDay()
    {
        WriteAlerts(Webhook(), cooldownDays: 3);
        var (code1, out1, err1) = await Daily(Friday);
        code1.ShouldBe(0, err1 + out1);
        var sentFriday = _webhook.Requests.Count(r => r.Body.Contains("\"alert\":\"close_positive\"", StringComparison.Ordinal));
        sentFriday.ShouldBe(1);

        _server.WorldDate = new DateOnly(2026, 11, 23);
        MarketWorld.Synthetic(_server, new DateOnly(2026, 6, 1), new DateOnly(2026, 11, 23));
        var (code2, out2, err2) = await Daily(Monday);

        code2.ShouldBe(0, err2 + out2);
        out2.ShouldContain("IwmDesk daily · 2026-11-23 · real data as of 2026-11-23");
        _webhook.Requests.Count(r => r.Body.Contains("\"alert\":\"close_positive\"", StringComparison.Ordinal)).ShouldBe(1, "in cooldown on Monday");
        out2.ShouldContain("close_positive [output cooldown, file cooldown, webhook cooldown]");
        var monday = (await JournalAlerts()).Where(a => a.GetProperty("trading_day").GetString() == "2026-11-23" && a.GetProperty("alert").GetString() == "close_positive").ToList();
        monday.Select(a => a.GetProperty("status").GetString()).ShouldBe(["cooldown", "cooldown", "cooldown"]);

        // Journal: Friday's entries and Monday's, one set each.
        (await JournalRuns()).Select(r => r.GetProperty("run_id").GetString()).ShouldBe(
            ["daily-20261120-forecast", "daily-20261120-workflow", "daily-20261123-forecast", "daily-20261123-workflow"], ignoreOrder: true);
    }

    [Fact]
    public async Task Daily_SourceFails_RestRuns_SourceFailedAlertSent_Exit1()
    {
        WriteAlerts(Webhook());
        _server.Script("DIX.csv", MarketReply.Error(500, "boom"), MarketReply.Error(500, "boom"));

        var (code, output, error) = await Daily(Friday);

        code.ShouldBe(1, output + error);
        output.ShouldContain("dix failed");
        output.ShouldContain("Journal:    forecast daily-20261120-forecast (added)");
        error.ShouldContain("error: fetch: dix: " + _server.BaseUri + "monitor/static/DIX.csv: HTTP 500");
        var post = _webhook.Requests.Single(r => r.Body.Contains("\"alert\":\"source_failed\"", StringComparison.Ordinal));
        JsonDocument.Parse(post.Body).RootElement.GetProperty("text").GetString()!.ShouldContain("DIX.csv: HTTP 500");
    }

    [Fact]
    public async Task Daily_OfflineSecondRun_RebuildsFromTheCache_NoRequests_SameEntriesUpdated()
    {
        WriteAlerts("");
        var (code1, out1, err1) = await Daily(Friday);
        code1.ShouldBe(0, err1 + out1);
        _server.ClearRequests();

        var (code2, out2, err2) = await Daily(Friday.AddMinutes(5), "--offline");

        code2.ShouldBe(0, err2 + out2);
        _server.Requests.ShouldBeEmpty();
        out2.ShouldContain("(offline: from the cache)");
        out2.ShouldContain("Journal:    forecast daily-20261120-forecast (updated), workflow daily-20261120-workflow (updated)");
        (await JournalRuns()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Daily_Report_WrittenWhenTheChartLibraryIsThere_ElseAProblemAndExit1()
    {
        WriteAlerts("");
        var report = Path.Combine(_dir, "out", "today.html");

        var (code, output, error) = await Daily(Friday, "--report", report);

        if (IwmDesk.Reports.ChartAssets.Find() is null)
        {
            code.ShouldBe(1);
            output.ShouldContain("Problem:    report: ");
            File.Exists(report).ShouldBeFalse();
            return;
        }

        code.ShouldBe(0, error + output);
        output.ShouldContain("Report:     " + report);
        var html = File.ReadAllText(report);
        html.ShouldContain("2026-11-20");
        html.ShouldStartWith("<!DOCTYPE html>", Case.Insensitive);
        File.Exists(report + ".tmp").ShouldBeFalse();
    }

    [Fact]
    public async Task Daily_OnAHoliday_SaysSoExit0NothingFetchedNothingJournaled()
    {
        WriteAlerts(Webhook());
        var thanksgiving = new DateTimeOffset(2026, 11, 26, 21, 45, 0, TimeSpan.Zero);

        var (code, output, error) = await Daily(thanksgiving);
        var (satCode, saturday, _) = await Daily(new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero), "--format", "json");

        code.ShouldBe(0, error);
        output.ShouldBe("2026-11-26 (Thursday) is not a trading day (NYSE closed): nothing fetched, nothing journaled, no alerts.\n"
                        + "Next trading day: 2026-11-27 (Friday).\n");
        satCode.ShouldBe(0);
        using var json = JsonDocument.Parse(saturday);
        json.RootElement.GetProperty("trading_day").GetBoolean().ShouldBeFalse();
        json.RootElement.GetProperty("next_trading_day").GetString().ShouldBe("2026-11-23");
        _server.Requests.ShouldBeEmpty();
        _webhook.Requests.ShouldBeEmpty();
        TradingCalendar.IsTradingDay(new DateOnly(2026, 11, 26)).ShouldBeFalse();
        (await JournalRuns()).ShouldBeEmpty();
        (await JournalAlerts()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Daily_BeforeTheClose_SaysTheBarMayBePreliminary()
    {
        WriteAlerts("");
        var (code, output, error) = await Daily(new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero), "--quiet");
        code.ShouldBe(0, error);

        // --quiet: only the alerts shown in the output.
        output.ShouldStartWith("IwmDesk 2026-11-20 · close_positive:");
        output.ShouldNotContain("Journal:");
        var (_, text, _) = await Daily(new DateTimeOffset(2026, 11, 20, 15, 5, 0, TimeSpan.Zero), "--no-fetch");
        text.ShouldContain("Before the 16:00 New York close: today's bar may be preliminary");
    }

    [Theory]
    [InlineData("alerts:\n  - name: x\n    condition: close >\n", "alert 'x': condition ")]
    [InlineData("alerts:\n  - name: x\n    event: moon_phase\n", "alert 'x': unknown event 'moon_phase'")]
    [InlineData("alerts:\n  - name: x\n    event: data_stale\n    condition: close > 0\n", "alert 'x': give exactly one of 'event'")]
    [InlineData("alerts: []\ndeliveries:\n  smtp:\n    host: h\n    from: a@b.c\n    to: [d@e.f]\n    username: u\n    password: secret-pw-1\n    security: none\n", "security none would send the password in clear")]
    [InlineData("alerts: []\ndeliveries:\n  webhook:\n    url: ftp://x\n", "deliveries.webhook.url: not an http(s) URL")]
    [InlineData("alerts:\n  - name: x\n    event: data_stale\n    colour: red\n", "alerts.yaml:4: unknown key 'colour' (see docs/daily.md)")]
    public async Task Daily_BadAlertsFile_OneLineExit2_NothingRan(string yaml, string expected)
    {
        File.WriteAllText(AlertsFile, yaml);

        var (code, output, error) = await Daily(Friday);

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith("error: " + AlertsFile);
        error.ShouldContain(expected);
        error.Trim().Split('\n').Length.ShouldBe(1);
        error.ShouldNotContain("secret-pw-1");
        _server.Requests.ShouldBeEmpty();
        File.Exists(Store).ShouldBeFalse("nothing ran, not even the store was created");
    }

    [Fact]
    public async Task Schedule_Print_SystemdTimerCronAndWindowsTask()
    {
        var (code, output, error) = await Run(Friday, "--store", "/data/desk.db", "schedule", "--print", "--exec", "/opt/iwmdesk/iwmdesk");

        code.ShouldBe(0, error);
        output.ShouldContain("ExecStart=/opt/iwmdesk/iwmdesk --store /data/desk.db daily --quiet\n");
        output.ShouldContain("[Timer]\nOnCalendar=Mon..Fri *-*-* 16:45:00 America/New_York\nPersistent=true\n");
        output.ShouldContain("WantedBy=timers.target");
        output.ShouldContain("systemctl --user daemon-reload && systemctl --user enable --now iwmdesk-daily.timer");
        output.ShouldContain("CRON_TZ=America/New_York\n45 16 * * 1-5 /opt/iwmdesk/iwmdesk --store /data/desk.db daily --quiet >> ");
        output.ShouldContain("schtasks /Create /F /TN \"IwmDesk daily\" /SC WEEKLY /D MON,TUE,WED,THU,FRI /ST 16:45 /TR \"/opt/iwmdesk/iwmdesk --store /data/desk.db daily --quiet\"");
        output.ShouldContain("skips NYSE holidays");

        var (code2, other, _) = await Run(Friday, "schedule", "--print", "--at", "9:05", "--tz", "Europe/London", "--exec", "C:\\Program Files\\iwmdesk.exe");
        code2.ShouldBe(0);
        other.ShouldContain("OnCalendar=Mon..Fri *-*-* 09:05:00 Europe/London");
        other.ShouldContain("CRON_TZ=Europe/London\n5 9 * * 1-5 'C:\\Program Files\\iwmdesk.exe' daily --quiet");
        other.ShouldContain("/ST 09:05 /TR \"\\\"C:\\Program Files\\iwmdesk.exe\\\" daily --quiet\"");
    }

    [Fact]
    public async Task Schedule_TimerCalendar_IsValidForSystemd()
    {
        if (!File.Exists("/usr/bin/systemd-analyze"))
            return; // systemd is not on this machine: the text is still pinned by the test above
        var (_, output, _) = await Run(Friday, "schedule", "--print", "--exec", "/x/iwmdesk");
        var line = output.Split('\n').Single(l => l.StartsWith("OnCalendar=", StringComparison.Ordinal))["OnCalendar=".Length..];
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/systemd-analyze", ["calendar", line])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var text = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        p.ExitCode.ShouldBe(0, text + await p.StandardError.ReadToEndAsync());
        text.ShouldContain("Next elapse:");
    }

    [Theory]
    [InlineData("--at", "25:00", "--at: '25:00' is not a time")]
    [InlineData("--tz", "Mars/Olympus", "--tz: 'Mars/Olympus' is not a time zone")]
    public async Task Schedule_BadOption_OneLineExit2(string option, string value, string expected)
    {
        var (code, output, error) = await Run(Friday, "schedule", "--print", option, value);

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith("error: " + expected);
    }

    [Fact]
    public async Task Schedule_WithoutPrint_SaysWhat()
    {
        var (code, _, error) = await Run(Friday, "schedule");
        code.ShouldBe(2);
        error.ShouldContain("add --print");
    }

    [Fact]
    public void FixedClock_IsNewYorkFriday()
    {
        var ny = IwmDesk.Daily.DailyRunner.NewYork(Friday);
        ny.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture).ShouldBe("2026-11-20 16:45");
    }
}
