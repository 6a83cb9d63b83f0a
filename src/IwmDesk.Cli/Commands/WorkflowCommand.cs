using System.CommandLine;
using IwmDesk.Signals;
using IwmDesk.Workflow;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk workflow [--date D] [--format md|json|text]</c>: the four-step pre-trade routine and its checklist.</summary>
internal static class WorkflowCommand
{
    public static Command Create()
    {
        var date = CommonOptions.Date("--date", "Date (default: the last IWM bar); only data up to it is used");
        var format = CommonOptions.Format("md", "json", "text");
        var templates = PromptsCommand.TemplatesOption();
        var rules = CommonOptions.Rules();
        var prompts = new Option<bool>("--prompts") { Description = "Include each step's rendered prompt in the Markdown" };
        var cmd = new Command("workflow", "Macro regime → KRE pressure → options flow → earnings revisions, then the checklist (3 of 4 aligned = high conviction)");
        foreach (var o in new Option[] { date, format, templates, rules, prompts })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            using var desk = Desk.Open(parseResult.GetValue(GlobalOptions.Store));
            var ctx = DeskContext.Build(desk, parseResult.GetValue(date), RuleSet.Load(parseResult.GetValue(rules)), parseResult.GetValue(templates));
            var result = WorkflowRunner.Run(ctx);
            var output = CliOutput.Out(parseResult);
            switch (parseResult.GetValue(format))
            {
                case "json": output.WriteLine(WorkflowRenderer.Json(result)); break;
                case "text": output.Write(WorkflowRenderer.Text(result)); break;
                default: output.Write(WorkflowRenderer.Markdown(result, parseResult.GetValue(prompts))); break;
            }

            return 0;
        });
        return cmd;
    }
}
