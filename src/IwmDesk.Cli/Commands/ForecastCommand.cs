using System.CommandLine;
using IwmDesk.Forecast;
using IwmDesk.Options;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk forecast [--date D] [--format md|json|text] [--prompt]</c>: the daily forecast from data up to D.</summary>
internal static class ForecastCommand
{
    public static Command Create()
    {
        var date = CommonOptions.Date("--date", "Forecast date (default: the last IWM bar); only data up to it is used");
        var format = CommonOptions.Format("md", "json", "text");
        var prompt = new Option<bool>("--prompt") { Description = "Print the filled quantitative-analyst prompt instead, for pasting into any chat model" };
        var rules = CommonOptions.Rules();
        var proxy = CommonOptions.GexProxy();
        var cmd = new Command("forecast", "The daily forecast: market state, active signals with their measured edge, tomorrow, next 5 days, strategy");
        cmd.Options.Add(date);
        cmd.Options.Add(format);
        cmd.Options.Add(prompt);
        cmd.Options.Add(rules);
        cmd.Options.Add(proxy);
        cmd.SetAction(parseResult =>
        {
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = Desk.Open(parseResult.GetValue(GlobalOptions.Store), new PanelOptions { GexProxy = parseResult.GetValue(proxy)! });
            var result = Build(desk, ruleSet, parseResult.GetValue(date));
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(prompt))
            {
                output.Write(ForecastPrompt.Render(result, ruleSet));
                return 0;
            }

            output.Write(parseResult.GetValue(format) switch
            {
                "json" => ForecastRenderer.Json(result) + "\n",
                "text" => ForecastRenderer.Text(result),
                _ => ForecastRenderer.Markdown(result),
            });
            return 0;
        });
        return cmd;
    }

    /// <summary>The forecast for a date, with the gamma flip from that day's IWM chain when one is stored.</summary>
    public static ForecastResult Build(Desk desk, RuleSet rules, DateOnly? date)
    {
        var panel = desk.Panel;
        var d = date ?? panel.Dates[^1];
        double? flip = null;
        if (desk.Store.LoadChain("IWM", d) is { } chain)
            flip = ChainGex.Compute(chain).ZeroGammaLevel;
        return ForecastBuilder.Build(panel, rules, date, flip);
    }
}
