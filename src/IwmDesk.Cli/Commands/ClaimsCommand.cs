using System.CommandLine;
using IwmDesk.Claims;
using IwmDesk.Signals;
using IwmDesk.Text;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk claims [--format table|json|md] [--rules F]</c>: the claims audit (docs/methodology.md).</summary>
internal static class ClaimsCommand
{
    public static Command Create()
    {
        var format = CommonOptions.Format("table", "json", "md");
        var rules = CommonOptions.Rules();
        var cmd = new Command("claims", "Claims audit: every testable figure of the source material measured on the store (figure, n, period, source, verdict); untestable ones with the data that would test them");
        cmd.Options.Add(format);
        cmd.Options.Add(rules);
        cmd.SetAction(parseResult =>
        {
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = CliDesk.Open(parseResult);
            var audit = ClaimsAuditor.Run(desk.Store, desk.Panel, ruleSet);
            var output = CliOutput.Out(parseResult);
            switch (parseResult.GetValue(format))
            {
                case "json":
                    output.WriteLine(ClaimsRenderer.Json(audit).ToJsonString(JsonOutput.Options));
                    return 0;
                case "md":
                    output.Write(ClaimsRenderer.Markdown(audit, "# Claims audit"));
                    return 0;
            }

            SampleBanner.WriteIfSample(output, desk.Panel.IsSample);
            output.WriteLine($"Claims audit{(audit.LastDate is { } d ? " up to " + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "")}: {audit.Tally()}.");
            output.WriteLine();
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            var table = new CliTable()
                .Add("claim", numeric: false, keep: CliTable.Always)
                .Add("claimed", numeric: false, keep: 60)
                .Add("n", keep: 70, meaning: "sample size (days, names or signal days)")
                .Add("verdict", numeric: false, keep: CliTable.Always);
            foreach (var c in audit.Claims)
                table.Row(c.Id, c.Claimed, c.N is { } n ? n.ToString("N0", inv) : "—", ClaimsRenderer.Text(c.Verdict));
            table.Style((k, cell) => k == 3 ? CliOutput.VerdictStyle(cell) : null).Write(CliOutput.Console(parseResult), legendTitle: null);
            foreach (var c in audit.Claims)
            {
                output.WriteLine();
                output.WriteLine($"{c.Id}: {ClaimsRenderer.Text(c.Verdict)}");
                output.WriteLine($"  claim     {c.Claim}");
                if (c.Measured.Length > 0)
                    output.WriteLine($"  measured  {c.Measured}");
                if (c.Period.Length > 0 || c.N is not null)
                    output.WriteLine($"  sample    {(c.N is { } n ? "n " + n.ToString("N0", inv) : "")}{(c.N is not null && c.Period.Length > 0 ? ", " : "")}{c.Period}");
                output.WriteLine($"  source    {c.Source}");
                output.WriteLine($"  why       {c.Reason}");
                if (c.DataNeeded is { } need)
                    output.WriteLine($"  to test   {need}");
            }

            return 0;
        });
        return cmd;
    }
}
