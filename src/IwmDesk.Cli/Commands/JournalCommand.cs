using System.CommandLine;
using System.Globalization;
using IwmDesk.Data.Store;
using IwmDesk.Journal;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk journal list|show|score</c>: the journaled forecast and workflow runs, one run in full, and the score of
/// every call whose horizon has passed in the data.
/// </summary>
internal static class JournalCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var cmd = new Command("journal", "The journal: every forecast and workflow run with its date, and its score against what happened");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Score());
        cmd.Subcommands.Add(JournalAlertsCommand.Create());
        return cmd;
    }

    private static Option<string?> Kind() => new Option<string?>("--kind") { Description = "Only runs of this kind: forecast or workflow" }
        .AcceptOnlyFromAmongNullable(JournalKind.Forecast.Text(), JournalKind.Workflow.Text());

    private static Command List()
    {
        var from = CommonOptions.Date("--from", "First as-of date (inclusive)");
        var to = CommonOptions.Date("--to", "Last as-of date (inclusive)");
        var kind = Kind();
        var format = CommonOptions.Format("table", "json", "csv");
        var cmd = new Command("list", "Journaled runs by as-of date: kind, calls, hashes");
        cmd.Options.Add(from);
        cmd.Options.Add(to);
        cmd.Options.Add(kind);
        cmd.Options.Add(format);
        cmd.SetAction(parseResult =>
        {
            using var store = OpenStore(parseResult);
            var runs = new JournalStore(store).List(parseResult.GetValue(from), parseResult.GetValue(to), JournalVocabulary.ParseKind(parseResult.GetValue(kind)));
            var output = CliOutput.Out(parseResult);
            switch (parseResult.GetValue(format))
            {
                case "json":
                    output.WriteLine(JournalRenderer.ListJson(runs));
                    break;
                case "csv":
                    output.Write(JournalRenderer.ListCsv(runs));
                    break;
                default:
                    var console = CliOutput.Console(parseResult);
                    if (runs.Count == 0)
                    {
                        console.WriteLine("No journaled runs" + (parseResult.GetValue(from) is null && parseResult.GetValue(to) is null ? "." : " in that range."));
                        break;
                    }

                    var table = new Table().Border(TableBorder.Simple);
                    table.AddColumn("Run");
                    table.AddColumn("Kind");
                    table.AddColumn("As of");
                    table.AddColumn("Created (UTC)");
                    table.AddColumn("Data");
                    table.AddColumn("Calls");
                    table.AddColumn("Data hash");
                    table.AddColumn("Rules hash");
                    foreach (var r in runs)
                    {
                        table.AddRow(
                            Markup.Escape(r.RunId),
                            r.Kind.Text() + (r.Mode == JournalMode.Replay ? " (replay)" : ""),
                            r.AsOf.ToString("yyyy-MM-dd", Inv),
                            Markup.Escape(r.CreatedAt.Replace('T', ' ').TrimEnd('Z')),
                            r.DataSource,
                            Markup.Escape(string.Join("; ", r.Calls.Where(c => !StepTrackRecords.IsStep(c.Source)).Select(c => $"{c.Horizon}d {c.Direction} {JournalRenderer.Pct(c.Probability)}"))
                                + (r.Calls.Count(c => StepTrackRecords.IsStep(c.Source)) is var k and > 0 ? $" (+{k} step answers)" : "")),
                            r.DataHash[..Math.Min(12, r.DataHash.Length)],
                            r.RulesHash[..Math.Min(12, r.RulesHash.Length)]);
                    }

                    console.Write(table);
                    console.WriteLine(string.Create(Inv, $"{runs.Count} run{(runs.Count == 1 ? "" : "s")}."));
                    break;
            }

            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var run = new Argument<string>("run") { Description = "The run id (or a unique prefix of it), as journal list shows it" };
        var format = CommonOptions.Format("md", "json");
        var cmd = new Command("show", "One journaled run in full: metadata, calls, prompts, model replies, grounding, payload");
        cmd.Arguments.Add(run);
        cmd.Options.Add(format);
        cmd.SetAction(parseResult =>
        {
            using var store = OpenStore(parseResult);
            var detail = new JournalStore(store).Show(parseResult.GetValue(run)!);
            var output = CliOutput.Out(parseResult);
            output.Write(parseResult.GetValue(format) == "json" ? JournalRenderer.ShowJson(detail) + "\n" : JournalRenderer.ShowMarkdown(detail));
            return 0;
        });
        return cmd;
    }

    private static Command Score()
    {
        var from = CommonOptions.Date("--from", "First as-of date (inclusive)");
        var to = CommonOptions.Date("--to", "Last as-of date (inclusive)");
        var kind = Kind();
        var band = new Option<double>("--neutral-band")
        {
            Description = "A Neutral call over h days is a hit when |return| < band·√h (a fraction; default 0.005)",
            DefaultValueFactory = _ => new ScoreOptions().NeutralBand,
        };
        band.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !double.TryParse(r.Tokens[^1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                return; // the parser reports the conversion error itself; reading the value would throw

            var v = r.GetValue(band);
            if (!(v >= 0) || v >= 1)
                r.AddError("--neutral-band: give a fraction between 0 and 1 (0.005 = 0.5%)");
        });
        var format = CommonOptions.Format("table", "json");
        var cmd = new Command("score", "Score every journaled call whose horizon has passed: hit rate, mean return, Brier, calibration, breakdowns");
        cmd.Options.Add(from);
        cmd.Options.Add(to);
        cmd.Options.Add(kind);
        cmd.Options.Add(band);
        cmd.Options.Add(format);
        cmd.SetAction(parseResult =>
        {
            using var store = OpenStore(parseResult);
            var runs = new JournalStore(store).List(parseResult.GetValue(from), parseResult.GetValue(to), JournalVocabulary.ParseKind(parseResult.GetValue(kind)));
            var (source, score, kept, skipped) = JournalScoring.ScoreStore(store, runs, new ScoreOptions { NeutralBand = parseResult.GetValue(band) });
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(format) == "json")
            {
                output.WriteLine(JournalRenderer.ScoreJson(score, source, kept, skipped));
                return 0;
            }

            var console = CliOutput.Console(parseResult);
            SampleBanner.WriteIfSample(output, source == "sample");
            var o = score.Overall;
            var left = skipped > 0 ? string.Create(Inv, $"; {skipped} runs on {(source == "real" ? "sample" : "real")} data left out") : "";
            console.WriteLine(string.Create(Inv, $"{kept} run{(kept == 1 ? "" : "s")} ({source} data): {o.N} calls matured, {o.Pending} pending{left}."));
            console.WriteLine(string.Create(Inv,
                $"Hit rate {JournalRenderer.Pct(o.HitRate)} ({o.Hits} of {o.Directional} Bullish/Bearish calls), Neutral inside the band {JournalRenderer.Pct(o.NeutralHitRate)} ({o.NeutralHits} of {o.Neutral}, band ±{score.NeutralBand:0.00%}·√h), mean return {JournalRenderer.Ret(o.MeanReturn)}, Brier {JournalRenderer.Brier(o.Brier)} (n={o.BrierN})."));
            if (score.SupersededRuns > 0)
                console.WriteLine(string.Create(Inv, $"{score.SupersededRuns} earlier run{(score.SupersededRuns == 1 ? "" : "s")} of an already journaled (date, kind) left out: the latest run per as-of date and kind counts."));
            foreach (var line in JournalRenderer.SkillHeadlines(score))
                console.WriteLine(line);
            if (JournalRenderer.StepHeadlines(score) is { Count: > 0 } steps)
            {
                console.WriteLine("Workflow steps' own answers (each at its horizon, against the base rate of the same days):");
                foreach (var line in steps)
                    console.WriteLine("  " + line);
            }

            Breakdown(console, "By horizon (trading days)", score.ByHorizon);
            Breakdown(console, "By call", score.ByCall);
            Breakdown(console, "By active tier-1 rule", score.ByRule);
            Breakdown(console, "By macro regime", score.ByRegime);
            Breakdown(console, "By workflow conviction", score.ByConviction);
            var cal = new Table().Border(TableBorder.Simple).Title("Calibration of P(up)");
            cal.AddColumn("P(up)");
            cal.AddColumn(new TableColumn("N").RightAligned());
            cal.AddColumn(new TableColumn("Mean P(up)").RightAligned());
            cal.AddColumn(new TableColumn("Up frequency").RightAligned());
            foreach (var b in score.Calibration)
            {
                cal.AddRow(string.Create(Inv, $"{b.Low:0.0}–{b.High:0.0}"), b.N.ToString(Inv), JournalRenderer.Pct(b.MeanPUp), JournalRenderer.Pct(b.UpFrequency));
            }

            console.Write(cal);
            return 0;
        });
        return cmd;
    }

    private static void Breakdown(IAnsiConsole console, string title, IReadOnlyList<ScoreLine> lines)
    {
        if (lines.Count == 0)
            return;
        var t = new Table().Border(TableBorder.Simple).Title(title);
        t.AddColumn("Group");
        t.AddColumn(new TableColumn("N").RightAligned());
        t.AddColumn(new TableColumn("Hit rate").RightAligned());
        t.AddColumn(new TableColumn("Neutral in band").RightAligned());
        t.AddColumn(new TableColumn("Mean return").RightAligned());
        t.AddColumn(new TableColumn("Brier").RightAligned());
        t.AddColumn(new TableColumn("Pending").RightAligned());
        foreach (var l in lines)
        {
            t.AddRow(
                Markup.Escape(l.Key),
                l.N.ToString(Inv),
                l.Directional == 0 ? "n/a" : string.Create(Inv, $"{JournalRenderer.Pct(l.HitRate)} ({l.Hits}/{l.Directional})"),
                l.Neutral == 0 ? "n/a" : string.Create(Inv, $"{JournalRenderer.Pct(l.NeutralHitRate)} ({l.NeutralHits}/{l.Neutral})"),
                JournalRenderer.Ret(l.MeanReturn),
                JournalRenderer.Brier(l.Brier),
                l.Pending.ToString(Inv));
        }

        console.Write(t);
    }

    internal static MarketStore OpenStore(ParseResult parseResult)
    {
        var store = MarketStore.Open(StoreLocator.Resolve(parseResult.GetValue(GlobalOptions.Store)).Path);
        CliDesk.NoteIfStale(store); // a stale store leaves calls pending that have in fact matured
        return store;
    }

    private static Option<string?> AcceptOnlyFromAmongNullable(this Option<string?> option, params string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
