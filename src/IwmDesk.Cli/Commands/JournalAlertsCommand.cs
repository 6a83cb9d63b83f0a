using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using IwmDesk.Alerts;
using Spectre.Console;
using IwmDesk.Text;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk journal alerts [--from D] [--to D] [--alert NAME] [--format table|json]</c>: every alert the daily run fired, per channel, with its delivery status.</summary>
internal static class JournalAlertsCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var from = CommonOptions.Date("--from", "First trading day (inclusive)");
        var to = CommonOptions.Date("--to", "Last trading day (inclusive)");
        var alert = new Option<string?>("--alert") { Description = "Only this alert" };
        var format = CommonOptions.Format("table", "json");
        var cmd = new Command("alerts", "Every alert the daily run fired: day, alert, channel, delivery status, attempts, error");
        foreach (var o in new Option[] { from, to, alert, format })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            using var store = JournalCommand.OpenStore(parseResult);
            var rows = new AlertJournal(store).List(parseResult.GetValue(from), parseResult.GetValue(to), parseResult.GetValue(alert));
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(format) == "json")
            {
                var array = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                {
                    ["trading_day"] = r.TradingDay.ToString("yyyy-MM-dd", Inv),
                    ["alert"] = r.Alert,
                    ["channel"] = r.Channel,
                    ["event"] = r.Event,
                    ["as_of"] = r.AsOf.ToString("yyyy-MM-dd", Inv),
                    ["status"] = r.Status,
                    ["attempts"] = r.Attempts,
                    ["first_at"] = r.FirstAt,
                    ["last_at"] = r.LastAt,
                    ["message"] = r.Message,
                    ["record"] = r.Record is null ? null : JsonNode.Parse(r.Record),
                    ["error"] = r.Error,
                })]);
                output.WriteLine(array.ToJsonString(JsonOutput.Options));
                return 0;
            }

            var console = CliOutput.Console(parseResult);
            if (rows.Count == 0)
            {
                console.WriteLine("No alerts journaled" + (parseResult.GetValue(from) is null && parseResult.GetValue(to) is null ? "." : " in that range."));
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple);
            foreach (var c in new[] { "Day", "Alert", "Channel", "Status", "Attempts", "Message", "Error" })
                table.AddColumn(c);
            foreach (var r in rows)
            {
                var first = r.Message.Split('\n')[0];
                table.AddRow(r.TradingDay.ToString("yyyy-MM-dd", Inv), Markup.Escape(r.Alert), r.Channel, r.Status,
                    r.Attempts.ToString(Inv), Markup.Escape(first.Length > 90 ? first[..90] + "…" : first), Markup.Escape(r.Error ?? ""));
            }

            console.Write(table);
            console.WriteLine(string.Create(Inv, $"{rows.Count} deliver{(rows.Count == 1 ? "y" : "ies")}."));
            return 0;
        });
        return cmd;
    }
}
