using IwmDesk.Data;
using System.CommandLine;
using IwmDesk.Analysts;
using IwmDesk.Session;
using IwmDesk.Text;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk kre [--date D] [--format table|json]</c>: the regional-bank pressure test.</summary>
internal static class KreCommand
{
    public static Command Create()
    {
        var date = CommonOptions.Date("--date", "Date (default: the last IWM bar); only data up to it is used");
        var format = CommonOptions.Format("table", "json");
        var cmd = new Command("kre", "KRE vs IWM: 10/20/60-day performance and correlations, divergence episodes and who reverted, verdict");
        cmd.Options.Add(date);
        cmd.Options.Add(format);
        cmd.SetAction(parseResult =>
        {
            using var desk = CliDesk.Open(parseResult);
            var asOf = CliDesk.Resolve(parseResult, desk, parseResult.GetValue(date));
            var result = KrePressureAnalyst.Analyze(desk.Panel, asOf?.Date);
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(format) == "json")
            {
                var node = System.Text.Json.JsonSerializer.SerializeToNode(result, JsonOutput.Options)!.AsObject();
                node["data_source"] = desk.Panel.DataSource.Text();
                output.WriteLine(AsOf.Annotate(node.ToJsonString(JsonOutput.Options), asOf));
                return 0;
            }

            SampleBanner.WriteIfSample(output, desk.Panel.IsSample);
            output.WriteLine(result.Summary);
            output.WriteLine();
            if (result.MissingReason is null)
                output.Write(result.Table());
            return 0;
        });
        return cmd;
    }
}
