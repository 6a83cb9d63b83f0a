using System.CommandLine;
using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Chains;
using IwmDesk.Session;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk gex [FILE] [--date D] [--source S] [--spot X] [--rate R] [--dividend-yield Q] [--as-of-time HH:mm]
/// [--compare-vendor] [--history] [--format table|json|csv]</c>: dealer gamma exposure of an option chain.
/// </summary>
internal static class GexCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "A chain file (chain CSV, CBOE quotedata CSV or CBOE delayed-quotes JSON); default: the store's IWM chain", Arity = ArgumentArity.ZeroOrOne };
        var date = CommonOptions.Date("--date", "Chain date in the store (default: the latest IWM chain)");
        var source = new Option<string?>("--source") { Description = "Which of the day's stored snapshots (its source, see data status); default: the one the panel uses (nearest the close)" };
        var format = CommonOptions.Format("table", "json", "csv");
        var strikes = new Option<int>("--strikes") { Description = "Strikes shown around spot in the table", DefaultValueFactory = _ => 15 };
        var spot = new Option<double?>("--spot") { Description = "Value at this spot (default: the store's official close when valued at the close, else the file's spot)" };
        var rate = new Option<double?>("--rate") { Description = "Risk-free rate, continuous, as a fraction (default: DTB3 from the store, else 0.04)" };
        var dividend = new Option<double?>("--dividend-yield") { Description = "Dividend yield, continuous, as a fraction (default: trailing 12-month distributions / price from the store)" };
        var asOfTime = new Option<string?>("--as-of-time") { Description = "Valuation time of day, HH:mm ET (default: the snapshot's time; after the close or none: 16:00)" };
        var compare = new Option<bool>("--compare-vendor") { Description = "Per expiry: our GEX vs GEX from the file's own vendor gammas (same OI, same spot)" };
        var history = new Option<bool>("--history") { Description = "One row per stored IWM chain day (total, flip, distance to flip, walls, buckets, snapshot) and what positioning is worth" };
        var cmd = new Command("gex", "Dealer gamma exposure (USD per 1% move): total, buckets, gamma flip (also without the nearest expiry), walls, vanna, charm, put/call OI, max pain");
        cmd.Arguments.Add(file);
        foreach (var o in new Option[] { date, source, format, strikes, spot, rate, dividend, asOfTime, compare, history })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            var fmt = parseResult.GetValue(format)!;
            if (parseResult.GetValue(history))
                return History(parseResult, fmt);
            if (fmt == "csv")
                throw new IwmDeskException("--format csv is for gex --history; use table or json for one chain");

            var overrides = new GexOverrides(
                Positive(parseResult.GetValue(spot), "--spot"),
                Finite(parseResult.GetValue(rate), "--rate"),
                Finite(parseResult.GetValue(dividend), "--dividend-yield"),
                Time(parseResult.GetValue(asOfTime)));

            OptionChainSnapshot chain;
            string dataSource = "real";
            IReadOnlyList<ChainInfo>? daySnapshots = null;
            GexSetup setup;
            AsOf? asOf = null;
            if (parseResult.GetValue(file) is { } path)
            {
                chain = DataImporter.ReadChain(path);
                // The store's close, DTB3 and dividends are used when it holds real data (never the sample's).
                using var desk = Desk.Open(parseResult.GetValue(GlobalOptions.Store), null, fillSampleWhenEmpty: false, CliClock.Current);
                setup = GexInputs.From(desk.Store.HasSample ? null : desk.Store).Resolve(chain, overrides);
            }
            else
            {
                using var desk = CliDesk.Open(parseResult);
                (chain, asOf) = DeskContext.Chain(desk, parseResult.GetValue(date), parseResult.GetValue(source));
                CliDesk.WriteNotice(parseResult, asOf);
                daySnapshots = desk.Store.ListSnapshots("IWM").Where(s => s.AsOf == chain.AsOf).ToList();
                dataSource = desk.Store.HasSample ? "sample" : "real";
                setup = GexInputs.From(desk.Store).Resolve(chain, overrides);
            }

            var result = ChainGex.Compute(chain, setup);
            var compareVendor = parseResult.GetValue(compare);
            if (compareVendor && result.VendorComparison is null)
                throw new IwmDeskException($"{chain.Source ?? "the chain"} carries no vendor gammas to compare with (CBOE quotedata CSV or CBOE delayed-quotes JSON do)");
            var atImplied = compareVendor ? ChainGex.AtImpliedSpot(chain, setup) : null;
            var output = CliOutput.Out(parseResult);
            if (fmt == "json")
            {
                output.WriteLine(AsOf.Annotate(GexReport.Json(chain, result, setup, dataSource, daySnapshots, compareVendor, atImplied), asOf));
                return 0;
            }

            SampleBanner.WriteIfSample(output, dataSource == "sample");
            output.Write(GexReport.Summary(chain, result, setup, daySnapshots));
            if (compareVendor)
            {
                output.WriteLine();
                output.Write(GexReport.VendorSection(result, setup, atImplied));
                return 0;
            }

            var near = result.ByStrike.OrderBy(s => Math.Abs(s.Strike - setup.Spot)).Take(Math.Max(1, parseResult.GetValue(strikes))).OrderBy(s => s.Strike).ToList();
            var table = new Table().Border(TableBorder.Rounded).Title("GEX near spot, mn USD / 1%");
            foreach (var h in new[] { "strike", "call", "put", "net" })
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var s in near)
                table.AddRow(s.Strike.ToString("0.##", Inv), M(s.CallGexUsdPer1Pct), M(s.PutGexUsdPer1Pct), M(s.NetGexUsdPer1Pct));
            CliOutput.Console(parseResult).Write(table);
            return 0;
        });
        return cmd;
    }

    private static int History(ParseResult parseResult, string fmt)
    {
        if (parseResult.GetValue<string?>("file") is not null)
            throw new IwmDeskException("gex --history reads the store's chains; import the files first (iwmdesk data import ...) instead of naming one");
        using var desk = CliDesk.Open(parseResult);
        var rows = GexHistory.Build(desk.Store, "IWM");
        var worth = GexWorth.Measure(desk.Store, rows, "IWM");
        var output = CliOutput.Out(parseResult);
        switch (fmt)
        {
            case "csv":
                output.Write(GexHistoryReport.Csv(rows));
                return 0;
            case "json":
                output.WriteLine(GexHistoryReport.Json("IWM", rows, worth));
                return 0;
        }

        SampleBanner.WriteIfSample(output, desk.Store.HasSample);
        output.WriteLine(rows.Count == 0 ? "No IWM chain in the store: import some (iwmdesk data import IWM_chain_….csv)." : $"IWM chain history: {rows.Count} days (the snapshot nearest the close of each day; GEX in mn USD per 1% move)");
        if (rows.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var h in new[] { "date", "snapshot", "spot", "total", "flip", "to flip %", "call wall", "put wall", "same day", "1-7 d", "8-30 d", ">30 d", "flip ex-nearest" })
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in rows)
            {
                table.AddRow(
                    r.AsOf.ToString("yyyy-MM-dd", Inv),
                    Markup.Escape(r.Source + (r.SnapshotTime is { } t ? " " + t.ToString("HH:mm", Inv) : "") + (r.Snapshots > 1 ? $" (1 of {r.Snapshots})" : "")),
                    r.Spot.ToString("0.00", Inv), M(r.TotalGex), L(r.Flip),
                    r.DistToFlipPct is { } dd ? dd.ToString("+0.00;-0.00;0.00", Inv) : "n/a", L(r.CallWall), L(r.PutWall),
                    M(r.SameDay), M(r.UpTo7Days), M(r.UpTo30Days), M(r.Beyond30Days), L(r.FlipExNearest));
            }

            CliOutput.Console(parseResult).Write(table);
        }

        output.Write(GexHistoryReport.WorthText(worth));
        return 0;
    }

    private static double? Positive(double? v, string name) =>
        v is { } x && !(x > 0 && double.IsFinite(x)) ? throw new IwmDeskException($"{name} {x.ToString(Inv)} is not a positive price") : v;

    private static double? Finite(double? v, string name) =>
        v is { } x && !(double.IsFinite(x) && Math.Abs(x) < 1) ? throw new IwmDeskException($"{name} {x.ToString(Inv)} is not a fraction between -1 and 1 (e.g. 0.043 for 4.3%)") : v;

    private static TimeOnly? Time(string? s)
    {
        if (s is null)
            return null;
        return TimeOnly.TryParseExact(s, "HH:mm", Inv, DateTimeStyles.None, out var t)
            ? t
            : throw new IwmDeskException($"--as-of-time '{s}' is not a time of day like 15:30 (HH:mm, ET)");
    }

    private static string M(double v) => (v / 1e6).ToString("+0.0;-0.0;0.0", Inv);

    private static string L(double? v) => v is { } x ? x.ToString("0.##", Inv) : "n/a";
}
