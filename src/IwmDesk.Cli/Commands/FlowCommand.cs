using IwmDesk.Data;
using System.CommandLine;
using IwmDesk.Analysts;
using IwmDesk.Session;
using IwmDesk.Text;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk flow classify --type call|put --strike K --expiry D --premium USD --contracts N --side bid|ask|mid --oi-before N</c>.</summary>
internal static class FlowCommand
{
    public static Command Create()
    {
        var type = new Option<string>("--type") { Description = "call or put", Required = true };
        type.AcceptOnlyFromAmong("call", "put");
        var strike = new Option<double>("--strike") { Description = "Strike in USD", Required = true };
        var expiry = CommonOptions.Date("--expiry", "Expiry date (YYYY-MM-DD)");
        expiry.Required = true;
        var premium = new Option<double>("--premium") { Description = "Total premium paid in USD", Required = true };
        var contracts = new Option<long>("--contracts") { Description = "Number of contracts", Required = true };
        var side = new Option<string>("--side") { Description = "bid, ask or mid: where the print traded", Required = true };
        side.AcceptOnlyFromAmong("bid", "ask", "mid");
        var oi = new Option<long>("--oi-before") { Description = "Open interest at that strike before the print", Required = true };
        var date = CommonOptions.Date("--date", "Date of the print (default: the last IWM bar)");
        var format = CommonOptions.Format("text", "json");
        var classify = new Command("classify", "Classify an unusual IWM options print: hedge, directional bet, covered call or spread leg");
        foreach (var o in new Option[] { type, strike, expiry, premium, contracts, side, oi, date, format })
            classify.Options.Add(o);
        classify.SetAction(parseResult =>
        {
            using var desk = CliDesk.Open(parseResult);
            var panel = desk.Panel;
            var asOf = CliDesk.Resolve(parseResult, desk, parseResult.GetValue(date));
            var d = asOf?.Date ?? panel.Dates[^1];
            var print = FlowPrint.From(d, parseResult.GetValue(type)!, parseResult.GetValue(strike), parseResult.GetValue(expiry)!.Value,
                parseResult.GetValue(premium), parseResult.GetValue(contracts), parseResult.GetValue(side)!, parseResult.GetValue(oi));
            var result = FlowClassifier.Classify(print, DeskContext.Flow(desk, d));
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(format) == "json")
            {
                var node = System.Text.Json.JsonSerializer.SerializeToNode(result, JsonOutput.Options)!.AsObject();
                node["data_source"] = panel.DataSource.Text();
                output.WriteLine(AsOf.Annotate(node.ToJsonString(JsonOutput.Options), asOf));
                return 0;
            }

            SampleBanner.WriteIfSample(output, panel.IsSample);
            output.WriteLine(result.Summary);
            return 0;
        });
        var cmd = new Command("flow", "Options flow");
        cmd.Subcommands.Add(classify);
        return cmd;
    }
}
