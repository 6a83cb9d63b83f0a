using System.CommandLine;
using System.Globalization;
using IwmDesk.Backtest;
using IwmDesk.Panel;
using IwmDesk.Signals;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk backtest [--from D] [--to D] [--horizons 1,5] [--format table|json|csv] [--sweep]</c>.</summary>
internal static class BacktestCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var from = CommonOptions.Date("--from", "First signal date (inclusive)");
        var to = CommonOptions.Date("--to", "Last signal date (inclusive)");
        var horizons = new Option<int[]>("--horizons")
        {
            Description = "Forward horizons in trading days, comma-separated",
            DefaultValueFactory = _ => [1, 5],
            CustomParser = r =>
            {
                var list = new List<int>();
                foreach (var part in r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                {
                    if (!int.TryParse(part, NumberStyles.None, Inv, out var h) || h < 1 || h > 252)
                    {
                        r.AddError($"--horizons: '{part}' is not a horizon (whole trading days 1..252)");
                        return [];
                    }

                    list.Add(h);
                }

                return [.. list.Distinct()];
            },
        };
        var format = CommonOptions.Format("table", "json", "csv");
        var sweep = new Option<bool>("--sweep") { Description = "Sweep each rule's thresholds over its grid; in-sample ranking, Holm-adjusted, checked out-of-sample" };
        var rules = CommonOptions.Rules();
        var proxy = CommonOptions.GexProxy();
        var cmd = new Command("backtest", "Recompute each rule's edge from data: win rate, mean, CI, baseline, lift, in/out-of-sample, verdict vs the claim");
        foreach (var o in new Option[] { from, to, horizons, format, sweep, rules, proxy })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = CliDesk.Open(parseResult, new PanelOptions { GexProxy = parseResult.GetValue(proxy)! });
            var options = new BacktestOptions { Horizons = parseResult.GetValue(horizons)!, From = parseResult.GetValue(from), To = parseResult.GetValue(to) };
            var panel = desk.Panel;
            var fmt = parseResult.GetValue(format);
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(sweep))
            {
                var result = SweepEngine.Run(panel, ruleSet, options);
                if (fmt == "table")
                    RenderSweep(parseResult, result, panel.IsSample);
                else
                    output.WriteLine(BacktestReport.SweepJson(result, panel.DataSource));
                return 0;
            }

            var stats = BacktestEngine.Run(panel, ruleSet, options);
            switch (fmt)
            {
                case "json": output.WriteLine(BacktestReport.Json(stats, panel.DataSource)); break;
                case "csv": output.Write(BacktestReport.Csv(stats, panel.DataSource)); break;
                default: RenderTable(parseResult, stats, panel); break;
            }

            return 0;
        });
        return cmd;
    }

    private static void RenderTable(ParseResult parseResult, IReadOnlyList<RuleHorizonStats> stats, FeaturePanel panel)
    {
        SampleBanner.WriteIfSample(CliOutput.Out(parseResult), panel.IsSample);
        var console = CliOutput.Console(parseResult);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in new[] { "signal", "T", "h", "n", "ep", "win", "95% CI", "base", "lift", "mean", "t", "OOS n", "OOS win", "claim", "verdict" })
            table.AddColumn(new TableColumn(h));
        foreach (var s in stats)
        {
            var claim = string.Join(" ", new[] { s.ClaimedWinRate is { } w ? P(w) : null, s.ClaimedMean is { } m ? R(m) : null }.Where(x => x is not null));
            table.AddRow(
                Markup.Escape(s.Signal), s.Tier.ToString(Inv), s.Horizon.ToString(Inv), s.N.ToString(Inv), s.Episodes.ToString(Inv),
                P(s.WinRate), $"{P(s.CiLow)}–{P(s.CiHigh)}", P(s.BaselineWinRate), Pp(s.Lift), R(s.Mean), N(s.TStat),
                s.OosN.ToString(Inv), P(s.OosWinRate), claim.Length == 0 ? "—" : claim, Markup.Escape(s.Verdict));
        }

        console.Write(table);
        console.WriteLine(string.Create(Inv, $"Range {panel.Dates[0]:yyyy-MM-dd}..{panel.Dates[^1]:yyyy-MM-dd}; returns on adjusted closes; too few cases = under 30 days or 10 episodes (docs/backtest.md)."));
    }

    private static void RenderSweep(ParseResult parseResult, SweepResult result, bool isSample)
    {
        SampleBanner.WriteIfSample(CliOutput.Out(parseResult), isSample);
        var console = CliOutput.Console(parseResult);
        console.WriteLine(string.Create(Inv, $"{result.VariantsTried} variants tried; significance adjusted: {result.Adjustment}."));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in new[] { "signal", "h", "condition", "IS n", "IS win", "IS base", "p", "adj p", "OOS n", "OOS win", "OOS base", "OOS ok" })
            table.AddColumn(new TableColumn(h));
        foreach (var v in result.Best)
        {
            table.AddRow(
                Markup.Escape(v.Signal), v.Horizon.ToString(Inv), Markup.Escape(v.Condition + (v.IsDefault ? " (default)" : "")), v.IsN.ToString(Inv),
                P(v.IsWinRate), P(v.IsBaselineWinRate), E(v.PValue), E(v.AdjustedPValue), v.OosN.ToString(Inv), P(v.OosWinRate), P(v.OosBaselineWinRate),
                v.OosConfirms ? "yes" : "no");
        }

        console.Write(table);
    }

    private static string P(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0%", Inv);

    private static string Pp(double v) => double.IsNaN(v) ? "n/a" : (v * 100).ToString("+0.0;-0.0", Inv) + "pp";

    private static string R(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00%;-0.00%", Inv);

    private static string N(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.00", Inv);

    private static string E(double v) => double.IsNaN(v) ? "n/a" : v < 1e-3 ? v.ToString("0.0e+0", Inv) : v.ToString("0.000", Inv);
}
