using IwmDesk.Data;
using System.CommandLine;
using System.Globalization;
using IwmDesk.Panel;
using IwmDesk.Reports;
using IwmDesk.Signals;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk report [--date D] --out FILE.html</c>: one self-contained HTML file (charts, forecast, workflow, backtest,
/// track record) from the data up to D, with the chart library inlined; it opens from disk with no network.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var date = CommonOptions.Date("--date", "Report date (default: the last IWM bar); only data up to it is used");
        var output = new Option<string>("--out") { Description = "The HTML file to write", Required = true };
        var rules = CommonOptions.Rules();
        var proxy = CommonOptions.GexProxy();
        var cmd = new Command("report", "Write a self-contained HTML report: price with Bollinger bands, averages and rule markers, GEX and VIX, GEX profile, KRE vs IWM, forecast, workflow, backtest, track record");
        foreach (var o in new Option[] { date, output, rules, proxy })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(output)!;
            var script = ChartAssets.Load(); // fails first, with what to run, when the chart library is not installed
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = CliDesk.Open(parseResult, new PanelOptions { GexProxy = parseResult.GetValue(proxy)! });
            var report = DeskReportBuilder.Build(desk, ruleSet, parseResult.GetValue(date));
            CliDesk.WriteNotice(parseResult, report.AsOf);
            var html = ReportPage.Render(report, new PageOptions { InlineChartScript = script, GeneratedAt = DateTimeOffset.UtcNow });
            var full = Path.GetFullPath(path);
            try
            {
                if (Path.GetDirectoryName(full) is { Length: > 0 } dir)
                    Directory.CreateDirectory(dir);
                File.WriteAllText(full, IwmDesk.Security.SecretRedactor.Shared.Redact(html));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IwmDeskException($"{path}: cannot write the report: {ex.Message}", ex, exitCode: 1);
            }

            CliOutput.Out(parseResult).WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {full} ({html.Length / 1024.0:0} KiB): IWM desk report as of {report.Date:yyyy-MM-dd}, {report.DataSource.Text()} data."));
            return 0;
        });
        return cmd;
    }
}
