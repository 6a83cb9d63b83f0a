using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk data import FILE... [--symbol SYM]</c> and <c>iwmdesk data status [--format table|json]</c>.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var data = new Command("data", "Market data: import files, fetch the free sources, show what the store holds");
        data.Subcommands.Add(CreateImport());
        data.Subcommands.Add(CreateStatus());
        data.Subcommands.Add(FetchCommand.Create());
        return data;
    }

    private static Command CreateImport()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Files to import; the format is recognised from the content (see docs/formats.md)",
            Arity = ArgumentArity.OneOrMore,
        };
        var symbol = new Option<string?>("--symbol")
        {
            Description = "Series name for single-series files (Yahoo, CBOE index, FRED) or underlying for CBOE chains; default from the file",
        };
        var replace = new Option<bool>("--replace")
        {
            Description = "Let a panel, FRED or DIX column write into a series of price bars (e.g. a column named IWM); refused without it",
        };
        var date = new Option<string?>("--date")
        {
            Description = "Date (YYYY-MM-DD) of a consensus snapshot (earnings calendar CSV/JSON); default: the file name's _YYYY-MM-DD",
        };
        var cmd = new Command("import", "Import market-data files (each file in one transaction: a bad file stores nothing)");
        cmd.Arguments.Add(files);
        cmd.Options.Add(symbol);
        cmd.Options.Add(replace);
        cmd.Options.Add(date);
        cmd.SetAction(parseResult =>
        {
            DateOnly? snapshot = null;
            if (parseResult.GetValue(date) is { } dateText)
            {
                snapshot = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d
                    : throw new IwmDeskException($"--date: '{dateText}' is not a date (YYYY-MM-DD)");
            }

            var location = StoreLocator.Resolve(parseResult.GetValue(GlobalOptions.Store));
            using var store = MarketStore.Open(location.Path);
            var outcomes = ImportWithProgress(parseResult, store, parseResult.GetValue(files) ?? [], new ImportOptions(parseResult.GetValue(symbol), parseResult.GetValue(replace)) { SnapshotDate = snapshot });
            RenderImport(parseResult, outcomes);
            // Value the IWM chain days now (their gex --history rows are cached in the store), so the next panel, gex
            // --history or report does not pay for hundreds of chains at once; the rows follow any new close, DTB3 or
            // dividend imported here too (their inputs are part of the cache tag).
            if (outcomes.Any(o => o.Succeeded) && store.ListChains("IWM").Count > 0)
                IwmDesk.Chains.GexHistory.Build(store, "IWM");
            CliDesk.NoteIfStale(store); // after the import: is the newest IWM bar still behind?
            var failed = outcomes.Where(o => !o.Succeeded).ToList();
            var error = CliOutput.Error(parseResult);
            foreach (var o in failed)
                error.WriteLine("error: " + o.Error!.Message);
            return failed.Count == 0 ? 0 : failed.Max(o => o.Error!.ExitCode);
        });
        return cmd;
    }

    /// <summary>
    /// Imports the files one after another; on an interactive terminal with several files, under a progress bar (file
    /// name, share done, time left) that clears itself before the summary table (docs/terminal.md). Redirected output
    /// never carries it.
    /// </summary>
    private static IReadOnlyList<FileImportOutcome> ImportWithProgress(ParseResult parseResult, MarketStore store, IReadOnlyList<string> files, ImportOptions options)
    {
        var console = CliOutput.Console(parseResult);
        if (files.Count < 2 || !console.Profile.Capabilities.Interactive)
            return DataImporter.ImportFiles(store, files, options);
        var outcomes = new List<FileImportOutcome>(files.Count);
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape($"Importing {files.Count} files"), maxValue: files.Count);
                foreach (var file in files)
                {
                    task.Description = Markup.Escape($"Importing {Path.GetFileName(file)}");
                    outcomes.AddRange(DataImporter.ImportFiles(store, [file], options));
                    task.Increment(1);
                }
            });
        return outcomes;
    }

    private static Command CreateStatus()
    {
        var format = new Option<string>("--format")
        {
            Description = "Output format: table or json",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("status", "Show where the store lives and what it holds: series with gaps and lag behind IWM, chains, short volume");
        cmd.Options.Add(format);
        cmd.SetAction(parseResult =>
        {
            // Like every reading command, an empty store is filled with the labelled sample first (docs/sample-data.md).
            using var desk = CliDesk.Open(parseResult);
            var status = StoreStatus.Build(desk.Store, desk.Location);
            if (string.Equals(parseResult.GetValue(format), "json", StringComparison.Ordinal))
                CliOutput.Out(parseResult).WriteLine(JsonSerializer.Serialize(ToJson(status), IwmDesk.Text.JsonOutput.Options));
            else
                RenderStatus(CliOutput.Console(parseResult), status);
            return 0;
        });
        return cmd;
    }

    private static void RenderImport(ParseResult parseResult, IReadOnlyList<FileImportOutcome> outcomes)
    {
        var ok = outcomes.Where(o => o.Succeeded).Select(o => o.Result!).ToList();
        if (ok.Count == 0)
            return;
        var console = CliOutput.Console(parseResult);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("File");
        table.AddColumn("Format");
        table.AddColumn("Stored as");
        table.AddColumn(new TableColumn("Added").RightAligned());
        table.AddColumn(new TableColumn("Updated").RightAligned());
        table.AddColumn(new TableColumn("Unchanged").RightAligned());
        table.AddColumn(new TableColumn("Skipped").RightAligned());
        foreach (var r in ok)
        {
            table.AddRow(
                Markup.Escape(Path.GetFileName(r.File)),
                Markup.Escape(r.Format.DisplayName()),
                Markup.Escape(r.StoredAs),
                N(r.Counts.Added),
                N(r.Counts.Updated),
                N(r.Counts.Unchanged),
                N(r.SkippedTotal));
        }

        console.Write(table);
        foreach (var r in ok)
        {
            foreach (var s in r.Skipped)
                console.WriteLine($"{Path.GetFileName(r.File)}: skipped {N(s.Count)} ({s.Reason}{(s.FirstLine > 0 ? $"; first on line {s.FirstLine}" : "")})");
            if (r.Removed > 0)
                console.WriteLine($"{Path.GetFileName(r.File)}: removed {N(r.Removed)} contracts the replaced snapshot no longer has");
            foreach (var note in r.ChainNotes)
                console.WriteLine($"{Path.GetFileName(r.File)}: {note}");
            if (r.PurgedSampleRows > 0)
                console.WriteLine($"{Path.GetFileName(r.File)}: first real import: the sample data ({N(r.PurgedSampleRows)} rows) was removed");
        }
    }

    private static void RenderStatus(IAnsiConsole console, StoreStatus status)
    {
        console.WriteLine($"Store: {status.Location.Description}");
        console.WriteLine($"Schema version: {status.SchemaVersion}");
        console.WriteLine("Sample data: " + (status.HoldsSample ? "yes (synthetic sample; importing real data replaces it)" : "no"));
        if (status.IsEmpty)
        {
            console.WriteLine("The store is empty: import files with `iwmdesk data import FILE...`.");
            return;
        }

        if (status.Series.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title("Daily series");
            table.AddColumn("Series");
            table.AddColumn("Origin");
            table.AddColumn("First");
            table.AddColumn("Last");
            table.AddColumn(new TableColumn("Rows").RightAligned());
            table.AddColumn(new TableColumn("Gaps").RightAligned());
            table.AddColumn(new TableColumn("Lag vs IWM").RightAligned());
            foreach (var s in status.Series)
            {
                table.AddRow(
                    Markup.Escape(s.Name), Origin(s.Origin), D(s.First), D(s.Last), N(s.Rows), N(s.Gaps),
                    s.LagBehindIwm is { } lag ? lag.ToString(CultureInfo.InvariantCulture) : "-");
            }

            console.Write(table);
            console.WriteLine("Gaps: NYSE trading days (from 1990) missing between first and last. Lag: NYSE trading days behind IWM's last bar (negative = ahead).");
        }

        if (status.Chains.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title("Option chains");
            table.AddColumn("Underlying");
            table.AddColumn(new TableColumn("Days").RightAligned());
            table.AddColumn(new TableColumn("Snapshots").RightAligned());
            table.AddColumn("First as-of");
            table.AddColumn("Last as-of");
            table.AddColumn(new TableColumn("Contracts").RightAligned());
            foreach (var c in status.Chains)
                table.AddRow(Markup.Escape(c.Underlying), N(c.Days), N(c.Snapshots), D(c.First), D(c.Last), N(c.Contracts));
            console.Write(table);
            foreach (var c in status.Chains)
            {
                foreach (var choice in c.Choices)
                    console.WriteLine($"{c.Underlying} {choice}");
            }
        }

        var sv = status.ShortVolume;
        if (sv.Rows > 0)
        {
            var facilities = string.Join(", ", sv.Facilities.Select(kv => $"{kv.Key} {N(kv.Value)}"));
            console.WriteLine($"Short volume: {N(sv.Rows)} rows, {N(sv.Symbols)} symbols, {N(sv.Dates)} dates, {D(sv.First!.Value)} to {D(sv.Last!.Value)} ({facilities})");
        }

        var rv = status.Revisions;
        if (rv.Rows > 0)
            console.WriteLine($"Earnings revisions: {N(rv.Rows)} rows, {N(rv.Sectors)} sectors, {D(rv.First!.Value)} to {D(rv.Last!.Value)}");
        var cs = status.Consensus;
        if (cs.Snapshots > 0)
            console.WriteLine($"Consensus snapshots (earnings calendar): {N(cs.Snapshots)} dates, {D(cs.First!.Value)} to {D(cs.Last!.Value)}, {N(cs.Rows)} estimates, {N(cs.Symbols)} symbols (workflow step 4)");
        foreach (var h in status.Holdings)
        {
            console.WriteLine($"Holdings {h.Fund}: {N(h.Snapshots)} snapshot(s), {D(h.First)} to {D(h.Last)}; the last has {N(h.LastEquities)} equities and {N(h.LastOther)} other rows (iwmdesk holdings)");
        }
    }

    private static object ToJson(StoreStatus s) => new
    {
        Store = new
        {
            s.Location.Path,
            Source = s.Location.Source switch
            {
                StoreLocationSource.Option => "option",
                StoreLocationSource.Environment => "environment",
                _ => "user_data_directory",
            },
            s.Location.Description,
        },
        s.SchemaVersion,
        s.IsEmpty,
        s.HoldsSample,
        Series = s.Series.Select(x => new { x.Name, Origin = Origin(x.Origin), First = D(x.First), Last = D(x.Last), x.Rows, x.Gaps, x.LagBehindIwm }),
        Chains = s.Chains.Select(c => new { c.Underlying, c.Days, c.Snapshots, First = D(c.First), Last = D(c.Last), c.Contracts, c.Choices }),
        ShortVolume = new
        {
            s.ShortVolume.Rows,
            s.ShortVolume.Symbols,
            s.ShortVolume.Dates,
            First = s.ShortVolume.First is { } f ? D(f) : null,
            Last = s.ShortVolume.Last is { } l ? D(l) : null,
            s.ShortVolume.Facilities,
        },
        EarningsRevisions = new
        {
            s.Revisions.Rows,
            s.Revisions.Sectors,
            First = s.Revisions.First is { } rf ? D(rf) : null,
            Last = s.Revisions.Last is { } rl ? D(rl) : null,
        },
        Holdings = s.Holdings.Select(h => new { h.Fund, h.Snapshots, First = D(h.First), Last = D(h.Last), h.LastEquities, h.LastOther }),
        ConsensusSnapshots = new
        {
            s.Consensus.Snapshots,
            s.Consensus.Rows,
            s.Consensus.Symbols,
            First = s.Consensus.First is { } cf ? D(cf) : null,
            Last = s.Consensus.Last is { } cl ? D(cl) : null,
        },
    };

    private static string Origin(DataOrigin origin) => origin == DataOrigin.Sample ? "sample" : "real";

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
