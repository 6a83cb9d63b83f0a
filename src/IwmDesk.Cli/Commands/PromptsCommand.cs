using System.CommandLine;
using IwmDesk.Prompts;
using IwmDesk.Session;
using IwmDesk.Signals;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk prompts list</c> and <c>iwmdesk prompts show NAME [--date D] [--format text|json]</c>.</summary>
internal static class PromptsCommand
{
    public static Option<string?> TemplatesOption() => new("--templates")
    {
        Description = "Directory of NAME.hbs templates overriding the shipped ones (see docs/prompts.md)",
    };

    public static Command Create()
    {
        var cmd = new Command("prompts", "The prompt library: ready-to-paste prompts with every input filled from data");
        var list = new Command("list", "List the prompts");
        list.SetAction(parseResult =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("name").AddColumn("title").AddColumn("what it asks");
            foreach (var p in PromptLibrary.List())
                table.AddRow(p.Name, Markup.Escape(p.Title), Markup.Escape(p.Description));
            CliOutput.Console(parseResult).Write(table);
            return 0;
        });
        var name = new Argument<string>("name") { Description = "Prompt name (iwmdesk prompts list)" };
        var date = CommonOptions.Date("--date", "Date whose data fills the prompt (default: the last IWM bar)");
        var format = CommonOptions.Format("text", "json");
        var templates = TemplatesOption();
        var rules = CommonOptions.Rules();
        var show = new Command("show", "Render one prompt for a date; lists any input that was missing");
        show.Arguments.Add(name);
        foreach (var o in new Option[] { date, format, templates, rules })
            show.Options.Add(o);
        show.SetAction(parseResult =>
        {
            var prompt = parseResult.GetValue(name)!;
            if (PromptLibrary.List().All(p => p.Name != prompt))
                throw new IwmDeskException($"no prompt named '{prompt}' (known: {string.Join(", ", PromptLibrary.List().Select(p => p.Name))})");
            using var desk = CliDesk.Open(parseResult);
            var asOf = CliDesk.Resolve(parseResult, desk, parseResult.GetValue(date));
            var ctx = DeskContext.Build(desk, asOf?.Date, RuleSet.Load(parseResult.GetValue(rules)), parseResult.GetValue(templates));
            var rendered = DeskContext.RenderPrompt(prompt, ctx);
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(format) == "json")
            {
                output.WriteLine(AsOf.Annotate(rendered.ToJson(), asOf));
                return 0;
            }

            SampleBanner.WriteIfSample(output, desk.Panel.IsSample);
            output.Write(rendered.ToText());
            return 0;
        });
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(show);
        return cmd;
    }
}
