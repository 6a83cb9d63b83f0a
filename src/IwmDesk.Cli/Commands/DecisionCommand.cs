using System.CommandLine;
using IwmDesk.Analysts;
using IwmDesk.Decision;
using IwmDesk.Panel;
using IwmDesk.Session;
using IwmDesk.Signals;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk decision [--date D] [--format text|json|md] [--flow PRINT]</c>: just the decision — date, freshness, the
/// forecast's calls against the baseline, strategy and invalidation, workflow conviction and the one reconciled
/// recommendation (docs/decision.md). Not journaled (forecast and workflow journal their own runs).
/// </summary>
internal static class DecisionCommand
{
    public static Command Create()
    {
        var date = CommonOptions.Date("--date", "Date (default: the last IWM bar); only data up to it is used");
        var format = CommonOptions.Format("text", "json", "md");
        var rules = CommonOptions.Rules();
        var proxy = CommonOptions.GexProxy();
        var flow = new Option<string?>("--flow") { Description = "An options print for the workflow's step 3 (as workflow --flow)" };
        var cmd = new Command("decision", "The decision first: one reconciled recommendation from the forecast and the workflow, with freshness and invalidation");
        foreach (var o in new Option[] { date, format, rules, proxy, flow })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = CliDesk.Open(parseResult, new PanelOptions { GexProxy = parseResult.GetValue(proxy)! });
            var asked = parseResult.GetValue(date);
            var asOf = CliDesk.Resolve(parseResult, desk, asked);
            var print = parseResult.GetValue(flow) is { } spec
                ? FlowPrintParser.Parse(spec, asOf?.Date ?? (desk.Panel.Count > 0 ? desk.Panel.Dates[^1] : default))
                : null;
            var d = DecisionRuns.Build(desk, ruleSet, asked, print).Decision;
            var output = CliOutput.Out(parseResult);
            switch (parseResult.GetValue(format))
            {
                case "json":
                    output.WriteLine(AsOf.Annotate(DecisionRenderer.Json(d), asOf));
                    break;
                case "md":
                    var banner = d.DataSource == IwmDesk.Data.DataOrigin.Sample ? "> **" + IwmDesk.Forecast.ForecastRenderer.SampleBanner + "**\n\n" : "";
                    CliOutput.WriteMarkdown(parseResult, banner + DecisionRenderer.Markdown(d, headingLevel: 1)).GetAwaiter().GetResult();
                    break;
                default:
                    SampleBanner.WriteIfSample(output, d.DataSource == IwmDesk.Data.DataOrigin.Sample);
                    output.Write(DecisionRenderer.Text(d));
                    break;
            }

            return 0;
        });
        return cmd;
    }
}
