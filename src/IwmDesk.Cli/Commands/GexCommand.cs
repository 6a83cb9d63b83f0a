using System.CommandLine;
using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Options;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk gex [FILE] [--date D] [--format table|json]</c>: dealer gamma exposure of an option chain.</summary>
internal static class GexCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "A chain file (chain CSV, CBOE quotedata CSV or CBOE delayed-quotes JSON); default: the store's IWM chain", Arity = ArgumentArity.ZeroOrOne };
        var date = CommonOptions.Date("--date", "Chain date in the store (default: the latest IWM chain)");
        var format = CommonOptions.Format("table", "json");
        var strikes = new Option<int>("--strikes") { Description = "Strikes shown around spot in the table", DefaultValueFactory = _ => 15 };
        var cmd = new Command("gex", "Dealer gamma exposure (USD per 1% move): total, gamma flip, call/put walls, profile by strike");
        cmd.Arguments.Add(file);
        cmd.Options.Add(date);
        cmd.Options.Add(format);
        cmd.Options.Add(strikes);
        cmd.SetAction(parseResult =>
        {
            OptionChainSnapshot chain;
            string dataSource = "real";
            if (parseResult.GetValue(file) is { } path)
            {
                chain = DataImporter.ReadChain(path);
            }
            else
            {
                using var desk = CliDesk.Open(parseResult);
                var d = parseResult.GetValue(date);
                chain = (d is { } day ? desk.Store.LoadChain("IWM", day) : desk.Store.ListChains("IWM").OrderBy(c => c.AsOf).LastOrDefault() is { } latest ? desk.Store.LoadChain("IWM", latest.AsOf) : null)
                    ?? throw new IwmDeskException(d is { } dd ? $"no IWM chain stored for {dd:yyyy-MM-dd} (see iwmdesk data status)" : "no IWM chain in the store: import one (iwmdesk data import IWM_chain_….csv)");
                dataSource = desk.Store.HasSample ? "sample" : "real";
            }

            var result = ChainGex.Compute(chain);
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(format) == "json")
            {
                output.WriteLine(GexReport.Json(chain, result, dataSource));
                return 0;
            }

            SampleBanner.WriteIfSample(output, dataSource == "sample");
            output.Write(GexReport.Summary(chain, result));
            var near = result.ByStrike.OrderBy(s => Math.Abs(s.Strike - chain.Spot)).Take(Math.Max(1, parseResult.GetValue(strikes))).OrderBy(s => s.Strike).ToList();
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

    private static string M(double v) => (v / 1e6).ToString("+0.0;-0.0;0.0", Inv);
}
