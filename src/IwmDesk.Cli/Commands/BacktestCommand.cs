using IwmDesk.Data;
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
        var entry = new Option<string>("--entry")
        {
            Description = "Where a signal is entered: close (of the signal day; the panel holds only what is known by then), next-close, next-open",
            DefaultValueFactory = _ => "close",
        };
        entry.AcceptOnlyFromAmong("close", "next-close", "next-open");
        var walkForward = new Option<bool>("--walk-forward")
        {
            Description = "Show the walk-forward folds: each calendar year from the fifth year of data on, judged with what was known at the end of the year before",
        };
        var asDated = new Option<bool>("--as-dated")
        {
            Description = "The old, untradable view: every input on the row of its own date, as if published by that close (to compare with the default)",
        };
        var cmd = new Command("backtest", "Recompute each rule's edge from data: win rate, mean, CI, baseline, lift, in/out-of-sample, verdict vs the claim");
        foreach (var o in new Option[] { from, to, horizons, format, sweep, rules, proxy, entry, asDated, walkForward })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = CliDesk.Open(parseResult, new PanelOptions { GexProxy = parseResult.GetValue(proxy)!, AsDated = parseResult.GetValue(asDated) });
            var options = new BacktestOptions
            {
                Horizons = parseResult.GetValue(horizons)!,
                From = parseResult.GetValue(from),
                To = parseResult.GetValue(to),
                Entry = parseResult.GetValue(entry) switch { "next-close" => EntryTiming.NextClose, "next-open" => EntryTiming.NextOpen, _ => EntryTiming.Close },
            };
            var panel = desk.Panel;
            var fmt = parseResult.GetValue(format);
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(sweep))
            {
                var result = SweepEngine.Run(panel, ruleSet, options);
                if (fmt == "table")
                    RenderSweep(parseResult, result, panel.IsSample);
                else
                    output.WriteLine(BacktestReport.SweepJson(result, panel.DataSource.Text()));
                return 0;
            }

            var stats = BacktestEngine.Run(panel, ruleSet, options);
            var wf = WalkForward.Run(panel, ruleSet, options);
            if (parseResult.GetValue(walkForward))
            {
                if (fmt == "table")
                    RenderWalkForward(parseResult, wf, panel.IsSample);
                else
                    output.WriteLine(BacktestReport.WalkForwardJson(wf, panel.DataSource.Text()));
                return 0;
            }

            // GEX source: the gex rules per source when the range mixes IWM's own GEX and the proxy, and how often their
            // signs agree where both exist (docs/backtest.md, GEX source).
            var split = GexSourceSplit.Run(panel, ruleSet, options);
            var (first, last) = BacktestEngine.Range(panel, options, panel.Count - 1);
            // Both values exist on a day only where the panel took IWM's own GEX, so the store is read again for the
            // agreement only when the range has such a day.
            var agreement = panel.Count == 0 || !GexSourceSplit.Sources(panel, options).Contains(GexSourceSplit.Own) ? null
                : PanelBuilder.GexAgreement(desk.Store, panel.Dates, first, last, new PanelOptions { GexProxy = parseResult.GetValue(proxy)!, AsDated = parseResult.GetValue(asDated) });
            switch (fmt)
            {
                case "json": output.WriteLine(BacktestReport.Json(stats, panel.DataSource.Text(), wf, split, agreement)); break;
                case "csv": output.Write(BacktestReport.Csv(stats, panel.DataSource.Text(), wf, split, agreement)); break;
                default: RenderTable(parseResult, stats, panel, wf, split, agreement, DarkPoolSets.Summarize(panel, first, last)); break;
            }

            return 0;
        });
        return cmd;
    }

    private static void RenderWalkForward(ParseResult parseResult, IReadOnlyList<WalkForwardResult> wf, bool isSample)
    {
        SampleBanner.WriteIfSample(CliOutput.Out(parseResult), isSample);
        var console = CliOutput.Console(parseResult);
        foreach (var r in wf)
        {
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(string.Create(Inv,
                $"{r.Signal} {r.Horizon}d — pooled out-of-sample: n={r.OosN}, win {P(r.OosWinRate)} vs {P(r.OosBaselineWinRate)} baseline (lift {Pp(r.OosLift)}); edge at a fold's start in {r.EdgeFolds} folds, lift positive in {r.EdgeFoldsPositive} of them")));
            foreach (var h in new[] { "year", "verdict at start", "lift known", "n", "win", "base", "lift in year", "mean" })
                table.AddColumn(new TableColumn(h));
            foreach (var f in r.Folds)
            {
                table.AddRow(f.Year.ToString(Inv), Markup.Escape(f.VerdictAtStart.Text() is { Length: > 0 } v ? v : "—"), Pp(f.LiftAtStart), f.N.ToString(Inv),
                    P(f.WinRate), P(f.BaselineWinRate), Pp(f.Lift), R(f.Mean));
            }

            console.Write(table);
        }
    }

    private static void RenderTable(
        ParseResult parseResult, IReadOnlyList<RuleHorizonStats> stats, FeaturePanel panel, IReadOnlyList<WalkForwardResult> wf,
        IReadOnlyList<GexSourceStats> split, GexSignAgreement? agreement, DarkPoolSetSummary dp)
    {
        SampleBanner.WriteIfSample(CliOutput.Out(parseResult), panel.IsSample);
        var console = CliOutput.Console(parseResult);
        var table = new CliTable()
            .Add("signal", numeric: false, keep: CliTable.Always)
            .Add("T", keep: 60, meaning: "tier")
            .Add("h", keep: CliTable.Always, meaning: "horizon in trading days")
            .Add("n", keep: CliTable.Always, meaning: "signal days")
            .Add("ep", keep: 40, meaning: "episodes (runs of signal days)")
            .Add("n_eff", keep: 45, meaning: "effective sample size (overlap-aware)")
            .Add("win", keep: CliTable.Always, meaning: "share of signal days IWM rose")
            .Add("robust CI", keep: 70, meaning: "block-bootstrap 95% interval of win")
            .Add("base", keep: CliTable.Always, meaning: "unconditional win rate")
            .Add("lift [robust CI]", keep: 75, meaning: "win − base in percentage points, with its block-bootstrap 95% interval")
            .Add("mean", keep: 80, meaning: "mean return")
            .Add("t_nw", keep: 35, meaning: "Newey–West t-statistic of the mean excess return")
            .Add("Holm p", keep: 30, meaning: "Holm-adjusted p-value over the edge verdicts printed")
            .Add("non-ovl win (n)", keep: 20, meaning: "win rate on signal days at least h apart")
            .Add("claim", keep: 5, meaning: "the quoted win rate / mean")
            .Add("edge", numeric: false, keep: CliTable.Always)
            .Add("claim verdict", numeric: false, keep: 90);
        foreach (var s in stats)
        {
            var claim = string.Join(" ", new[] { s.ClaimedWinRate is { } w ? P(w) : null, s.ClaimedMean is { } m ? R(m) : null }.Where(x => x is not null));
            table.Row(
                s.Signal, s.Tier.ToString(Inv), s.Horizon.ToString(Inv), s.N.ToString(Inv), s.Episodes.ToString(Inv), N0(s.NEff),
                P(s.WinRate), $"{P(s.WinCiLowRobust)}–{P(s.WinCiHighRobust)}", P(s.BaselineWinRate), $"{Pp(s.Lift)} [{Pp(s.LiftCiLow)}, {Pp(s.LiftCiHigh)}]", R(s.Mean), N(s.TNw),
                E(s.PAdjusted), $"{P(s.WinRateNonoverlap)} ({s.NNonoverlap.ToString(Inv)})", claim.Length == 0 ? "—" : claim,
                s.Verdict is { } v ? v.Text() : "info only", s.ClaimVerdict.Text());
        }

        table.Style((k, cell) => k == 15 ? CliOutput.VerdictStyle(cell) : null).Write(console);
        console.WriteLine(string.Create(Inv, $"Range {panel.Dates[0]:yyyy-MM-dd}..{panel.Dates[^1]:yyyy-MM-dd}; entry at the {(stats.Count > 0 ? stats[0].Entry.Text() : "close")}; returns on adjusted closes; robust CI = block bootstrap (2,000 resamples), t_nw = Newey–West; verdicts only at each rule's claimed horizon, Holm over {stats.Count(s => !double.IsNaN(s.PAdjusted))} (docs/backtest.md)."));
        foreach (var s in stats.Where(s => s.Verdict is not null))
        {
            console.WriteLine(string.Create(Inv, $"  {s.Signal} {s.Horizon}d: {s.Verdict.Text()} — {s.VerdictReason}; claim {s.ClaimVerdict.Text()} — {s.ClaimReason}"));
            if (wf.FirstOrDefault(w => w.Signal == s.Signal && w.Horizon == s.Horizon) is { Folds.Count: > 0 } w)
            {
                console.WriteLine(string.Create(Inv,
                    $"    walk-forward {w.Folds[0].Year}–{w.Folds[^1].Year}: out-of-sample n={w.OosN}, win {P(w.OosWinRate)} vs {P(w.OosBaselineWinRate)} (lift {Pp(w.OosLift)}); edge at a fold's start {w.EdgeFolds}×, lift positive in the year {w.EdgeFoldsPositive}× (--walk-forward for the folds)"));
            }
        }

        if (split.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("By GEX source (gex rules; information, no verdict; each source against its own days' baseline)");
            foreach (var h in new[] { "signal", "h", "gex source", "n", "win", "base (days)", "lift", "mean", "non-ovl win (n)" })
                t.AddColumn(new TableColumn(h));
            foreach (var g in split)
            {
                t.AddRow(Markup.Escape(g.Signal), g.Horizon.ToString(Inv), Markup.Escape(g.Source), g.N.ToString(Inv), P(g.WinRate),
                    $"{P(g.BaselineWinRate)} ({g.BaselineDays.ToString(Inv)})", Pp(g.Lift), R(g.Mean), $"{P(g.WinRateNonoverlap)} ({g.NNonoverlap.ToString(Inv)})");
            }

            console.Write(t);
        }

        if (agreement is not null)
        {
            console.WriteLine(string.Create(Inv,
                $"GEX sign: IWM's own GEX and the {agreement.Proxy} agree on {agreement.Agree} of {agreement.Days} days where both exist ({P(agreement.Share)})."));
        }

        if (stats.Any(s => s.DpSet is not null) && dp.Text is { } dpText)
        {
            console.WriteLine(char.ToUpperInvariant(dpText[0]) + dpText[1..] + ".");
            foreach (var b in dp.Breaks.Take(10))
                console.WriteLine(string.Create(Inv, $"  break {b.Date:yyyy-MM-dd}: {b.From} → {b.To}"));
            if (dp.Breaks.Count > 10)
                console.WriteLine(string.Create(Inv, $"  … and {dp.Breaks.Count - 10} more"));
        }
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

    private static string Pp(double v) => double.IsNaN(v) ? "n/a" : (v * 100).ToString("+0.0;-0.0;0.0", Inv) + "pp";

    private static string R(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00%;-0.00%;0.00%", Inv);

    private static string N0(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0", Inv);

    private static string N(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.00", Inv);

    private static string E(double v) => double.IsNaN(v) ? "n/a" : v < 1e-3 ? v.ToString("0.0e+0", Inv) : v.ToString("0.000", Inv);
}
