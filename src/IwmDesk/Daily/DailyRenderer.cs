using IwmDesk.Data;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Alerts;
using IwmDesk.Data.Fetch;
using IwmDesk.Forecast;
using IwmDesk.Journal;
using IwmDesk.Text;
using IwmDesk.Workflow;

namespace IwmDesk.Daily;

/// <summary>The daily run's one summary, as text or JSON.</summary>
public static class DailyRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The summary a person reads (or, with <paramref name="quiet"/>, only the alerts shown in the output).</summary>
    public static string Text(DailyResult r, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        if (!r.IsTradingDay)
        {
            if (!quiet)
            {
                sb.Append(Inv, $"{r.Day:yyyy-MM-dd} ({r.Day.DayOfWeek}) is not a trading day (NYSE closed): nothing fetched, nothing journaled, no alerts.\n");
                sb.Append(Inv, $"Next trading day: {r.NextTradingDay:yyyy-MM-dd} ({r.NextTradingDay.DayOfWeek}).\n");
            }

            return sb.ToString();
        }

        var shown = r.Alerts.Where(a => a.Channels.Any(c => c.Channel == "output" && c.Status == AlertStatuses.Shown)).ToList();
        if (quiet)
        {
            foreach (var a in shown)
                sb.Append(a.Text).Append('\n');
            return sb.ToString();
        }

        if (r.DataSource == DataOrigin.Sample)
            sb.Append(ForecastRenderer.SampleBanner).Append('\n');
        sb.Append(Inv, $"IwmDesk daily · {r.Day:yyyy-MM-dd} · {r.DataSource?.Text()} data as of {r.AsOf:yyyy-MM-dd}\n");
        if (r.BeforeClose)
            sb.Append("Before the 16:00 New York close: today's bar may be preliminary; the run after the close replaces today's entries.\n");
        sb.Append("Fetched:    ").Append(FetchLine(r.Fetch)).Append('\n');
        if (r.Forecast is { } f && r.Workflow is { } w)
        {
            sb.Append(Inv, $"Decision:   {r.Decision}{(r.DeskDecision is { } d ? " — " + d.Recommendation.Reason : "")}\n");
            sb.Append(Inv, $"Checklist:  {w.Checklist.Advice}\n");
            sb.Append(Inv, $"Forecast:   tomorrow {Call(f.Tomorrow)}, next 5 days {Call(f.Next5Days)}; {f.ActiveSignals.Count} active signal(s)\n");
        }

        if (r.Review is { } review)
            sb.Append(Inv, $"Model:      {review.Summary.Model}: {string.Join(", ", review.Steps.Select(s => $"{s.Step} {s.Result.Status.ToString().ToLowerInvariant()}"))}\n");
        sb.Append("Journal:    ").Append(string.Join(", ", r.Journal.Select(j => $"{j.Kind.Text()} {j.RunId} ({(j.Replaced ? "updated" : "added")})"))).Append('\n');
        if (r.ReportPath is not null)
            sb.Append("Report:     ").Append(r.ReportPath).Append('\n');
        sb.Append("Alerts:     ").Append(AlertsLine(r.Alerts)).Append('\n');
        foreach (var a in r.Alerts)
        {
            sb.Append("  - ").Append(a.Alert.Definition.Name).Append(" [")
              .Append(string.Join(", ", a.Channels.Select(ChannelText))).Append("]\n");
            foreach (var line in a.Text.Split('\n'))
                sb.Append("    ").Append(line).Append('\n');
        }

        sb.Append("Track record: ").Append(TrackLine(r.TrackRecord)).Append('\n');
        foreach (var p in r.Problems)
            sb.Append("Problem:    ").Append(p).Append('\n');
        sb.Append(r.ExitCode switch
        {
            DailyExitCodes.Ok => "Done: exit code 0.",
            DailyExitCodes.ModelFallback => "Done: the model fell back to the desk's answer on a step; exit code 3.",
            _ => string.Create(Inv, $"Done, with {r.Problems.Count} problem(s) above; exit code 1."),
        }).Append('\n');
        return sb.ToString();
    }

    /// <summary>The summary as JSON.</summary>
    public static string Json(DailyResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var o = new JsonObject
        {
            ["day"] = D(r.Day),
            ["trading_day"] = r.IsTradingDay,
            ["next_trading_day"] = D(r.NextTradingDay),
            ["exit_code"] = r.ExitCode,
        };
        if (!r.IsTradingDay)
        {
            o["message"] = "not a trading day: nothing fetched, nothing journaled, no alerts";
            return o.ToJsonString(JsonOutput.Options);
        }

        o["before_close"] = r.BeforeClose;
        o["as_of"] = r.AsOf is { } a ? D(a) : null;
        o["data_source"] = r.DataSource?.Text();
        o["fetch"] = r.Fetch is null ? null : new JsonArray([.. r.Fetch.Sources.Select(s => (JsonNode)new JsonObject
        {
            ["source"] = s.Source.Name(),
            ["status"] = Status(s.Status),
            ["added"] = s.Added,
            ["failures"] = new JsonArray([.. s.Failures.Select(x => (JsonNode)JsonValue.Create(x.Message)!)]),
        })]);
        o["decision"] = r.DeskDecision is { } dd ? Decision.DecisionRenderer.JsonNode(dd) : r.Decision;
        if (r.Workflow is { } w)
        {
            o["checklist"] = new JsonObject
            {
                ["aligned"] = w.Checklist.Aligned,
                ["direction"] = w.Checklist.Direction,
                ["conviction"] = w.Checklist.Conviction,
                ["advice"] = w.Checklist.Advice,
            };
        }

        if (r.Forecast is { } f)
        {
            o["forecast"] = new JsonObject
            {
                ["tomorrow"] = CallJson(f.Tomorrow),
                ["next_5_days"] = CallJson(f.Next5Days),
                ["active_signals"] = new JsonArray([.. f.ActiveSignals.Select(s => (JsonNode)JsonValue.Create(s.Name)!)]),
            };
        }

        if (r.Review is { } review)
            o["model_review"] = review.ToJson(includeCalls: false);
        o["journal"] = new JsonArray([.. r.Journal.Select(j => (JsonNode)new JsonObject { ["kind"] = j.Kind.Text(), ["run_id"] = j.RunId, ["replaced"] = j.Replaced })]);
        o["report"] = r.ReportPath;
        o["alerts"] = new JsonArray([.. r.Alerts.Select(x => (JsonNode)new JsonObject
        {
            ["alert"] = x.Alert.Definition.Name,
            ["event"] = x.Alert.Definition.Event,
            ["text"] = x.Text,
            ["in_cooldown"] = x.InCooldown,
            ["last_sent"] = x.LastSent is { } l ? D(l) : null,
            ["records"] = System.Text.Json.JsonSerializer.SerializeToNode(x.Alert.Records, JsonOutput.Options),
            ["deliveries"] = new JsonArray([.. x.Channels.Select(c => (JsonNode)new JsonObject
            {
                ["channel"] = c.Channel,
                ["status"] = c.Status,
                ["attempts"] = c.Attempts,
                ["already_done_today"] = c.AlreadyDone,
                ["error"] = c.Error,
            })]),
        })]);
        if (r.TrackRecord is { } t)
        {
            o["track_record"] = new JsonObject
            {
                ["calls"] = t.N,
                ["directional"] = t.Directional,
                ["hits"] = t.Hits,
                ["hit_rate"] = Num(t.HitRate),
                ["brier"] = Num(t.Brier),
                ["pending"] = t.Pending,
            };
        }

        o["problems"] = new JsonArray([.. r.Problems.Select(p => (JsonNode)JsonValue.Create(p)!)]);
        return o.ToJsonString(JsonOutput.Options);
    }

    private static string FetchLine(FetchReport? fetch)
    {
        if (fetch is null)
            return "skipped (--no-fetch)";
        var parts = fetch.Sources.Select(s => string.Create(Inv, $"{s.Source.Name()} {Status(s.Status)}{(s.Added > 0 ? $" +{s.Added:N0}" : "")}"));
        return string.Join(", ", parts) + (fetch.Offline ? " (offline: from the cache)" : "");
    }

    private static string AlertsLine(IReadOnlyList<AlertOutcome> alerts)
    {
        if (alerts.Count == 0)
            return "none fired";
        var sent = alerts.Count(a => a.Channels.Any(c => c.Status is AlertStatuses.Sent or AlertStatuses.Shown && !c.AlreadyDone));
        var earlier = alerts.Count(a => a.Channels.Count > 0 && a.Channels.All(c => c.AlreadyDone));
        var cooldown = alerts.Count(a => a.InCooldown);
        var failed = alerts.Count(a => a.Failed);
        return string.Create(Inv, $"{alerts.Count} fired: {sent} delivered now, {earlier} already delivered earlier today, {cooldown} in cooldown, {failed} with a failed delivery");
    }

    private static string ChannelText(ChannelOutcome c) =>
        c.AlreadyDone ? $"{c.Channel} {c.Status} earlier today"
        : c.Status == AlertStatuses.Failed ? string.Create(Inv, $"{c.Channel} FAILED after {c.Attempts} attempt(s)")
        : c.Attempts > 1 ? string.Create(Inv, $"{c.Channel} {c.Status} on attempt {c.Attempts}")
        : $"{c.Channel} {c.Status}";

    private static string TrackLine(ScoreLine? t)
    {
        if (t is null || t.Directional == 0)
            return t is null ? "n/a" : string.Create(Inv, $"no matured directional calls yet ({t.Pending} pending)");
        return string.Create(Inv,
            $"{t.HitRate:0.0%} hit rate ({t.Hits:N0}/{t.Directional:N0} directional calls), Brier {(double.IsFinite(t.Brier) ? t.Brier.ToString("0.000", Inv) : "n/a")} (a coin is 0.250), {t.Pending:N0} pending");
    }

    private static string Call(HorizonCall c) =>
        double.IsFinite(c.Probability) ? string.Create(Inv, $"{c.Call} ({c.Probability:0.0%})") : c.Call;

    private static JsonObject CallJson(HorizonCall c) => new()
    {
        ["call"] = c.Call,
        ["probability"] = Num(c.Probability),
        ["p_up"] = Num(c.PUp),
        ["horizon"] = c.Horizon,
    };

    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

    private static string Status(FetchStatus s) => s switch
    {
        FetchStatus.Succeeded => "ok",
        FetchStatus.Partial => "partial",
        _ => "failed",
    };
}
