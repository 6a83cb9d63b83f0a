using System.CommandLine;
using IwmDesk.Analysts;
using IwmDesk.Data.Store;
using IwmDesk.Text;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk holdings [--date D] [--format table|json]</c>: the fund's holdings snapshot in force (docs/holdings.md).</summary>
internal static class HoldingsCommand
{
    /// <summary>The fund whose holdings are summarised.</summary>
    public const string Fund = "IWM";

    public static Command Create()
    {
        var date = CommonOptions.Date("--date", "Date (default: today); the latest holdings snapshot dated on or before it is used");
        var format = CommonOptions.Format("table", "json");
        var cmd = new Command("holdings", "IWM holdings snapshot in force: members, GICS sector weights, top-10 weight, regional-bank share (an estimate)");
        cmd.Options.Add(date);
        cmd.Options.Add(format);
        cmd.SetAction(parseResult =>
        {
            var location = StoreLocator.Resolve(parseResult.GetValue(GlobalOptions.Store));
            using var store = MarketStore.Open(location.Path);
            var day = parseResult.GetValue(date) ?? DateOnly.FromDateTime(CliClock.Current.GetUtcNow().UtcDateTime);
            var snapshot = store.HoldingsInForce(Fund, day);
            if (snapshot is null)
            {
                var dates = store.HoldingsDates(Fund);
                throw new IwmDeskException(dates.Count == 0
                    ? $"no {Fund} holdings in the store: import iShares' holdings file (iwmdesk data import IWM_holdings.csv) or fetch it (iwmdesk data fetch --sources ishares-holdings)"
                    : $"no {Fund} holdings snapshot dated on or before {day:yyyy-MM-dd}: the store's first is {dates[0]:yyyy-MM-dd}");
            }

            var summary = HoldingsSummary.Of(snapshot, parseResult.GetValue(date));
            var output = CliOutput.Out(parseResult);
            if (parseResult.GetValue(format) == "json")
            {
                output.WriteLine(JsonOutput.Serialize(summary));
                return 0;
            }

            output.WriteLine(summary.Headline());
            output.Write(summary.Tables());
            return 0;
        });
        return cmd;
    }
}
