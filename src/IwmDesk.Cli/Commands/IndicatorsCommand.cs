using System.CommandLine;
using System.Globalization;
using IwmDesk.Panel;
using IwmDesk.Reports;
using Spectre.Console;

namespace IwmDesk.Cli.Commands;

/// <summary><c>iwmdesk indicators [--from D] [--to D] [--format table|csv|json]</c>: the daily feature panel.</summary>
internal static class IndicatorsCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] TableColumns =
    [
        PanelColumns.Close, PanelColumns.Sma50, PanelColumns.Sma200, PanelColumns.Rsi14, PanelColumns.BbLower, PanelColumns.BbUpper,
        PanelColumns.Atr14, PanelColumns.Vix, PanelColumns.Kre, PanelColumns.Slope10y2y, PanelColumns.HySpread, PanelColumns.Gex, PanelColumns.DpRatio,
    ];

    public static Command Create()
    {
        var from = CommonOptions.Date("--from", "First date (default: all for csv/json, the last 20 rows for the table)");
        var to = CommonOptions.Date("--to", "Last date (default: the last IWM bar)");
        var format = CommonOptions.Format("table", "csv", "json");
        var proxy = CommonOptions.GexProxy();
        var cmd = new Command("indicators", "The daily feature panel: IWM bars, indicators, aligned macro series, GEX and dark-pool ratio");
        foreach (var o in new Option[] { from, to, format, proxy })
            cmd.Options.Add(o);
        cmd.SetAction(parseResult =>
        {
            using var desk = CliDesk.Open(parseResult, new PanelOptions { GexProxy = parseResult.GetValue(proxy)! });
            var panel = desk.Panel;
            var fmt = parseResult.GetValue(format)!;
            var last = parseResult.GetValue(to) is { } t ? panel.IndexOnOrBefore(t) : panel.Count - 1;
            int first;
            if (parseResult.GetValue(from) is { } f)
            {
                first = Array.BinarySearch(panel.Dates, f);
                if (first < 0)
                    first = ~first;
            }
            else
            {
                first = fmt == "table" ? Math.Max(0, last - 19) : 0;
            }

            if (last < first)
                throw new IwmDeskException("no IWM trading days in the requested range");
            var output = CliOutput.Out(parseResult);
            switch (fmt)
            {
                case "csv": output.Write(PanelExport.Csv(panel, first, last)); break;
                case "json": output.WriteLine(PanelExport.Json(panel, first, last)); break;
                default: RenderTable(parseResult, panel, first, last); break;
            }

            return 0;
        });
        return cmd;
    }

    private static string? Meaning(string column) => column switch
    {
        PanelColumns.Sma50 => "50-day average",
        PanelColumns.Sma200 => "200-day average",
        PanelColumns.Rsi14 => "RSI(14)",
        PanelColumns.BbLower => "lower Bollinger(20, 2)",
        PanelColumns.BbUpper => "upper Bollinger(20, 2)",
        PanelColumns.Atr14 => "ATR(14)",
        PanelColumns.Kre => "KRE adjusted close",
        PanelColumns.Slope10y2y => "10y − 2y yield in pp",
        PanelColumns.HySpread => "high-yield spread in %",
        PanelColumns.Gex => "dealer gamma, USD per 1% move",
        PanelColumns.DpRatio => "dark-pool buy/sell ratio",
        _ => null,
    };

    private static void RenderTable(ParseResult parseResult, FeaturePanel panel, int first, int last)
    {
        SampleBanner.WriteIfSample(CliOutput.Out(parseResult), panel.IsSample);
        var console = CliOutput.Console(parseResult);
        // Keep priorities: price and trend first, then volatility and macro; the GEX source last (docs/terminal.md).
        var table = new CliTable().Add("date", numeric: true, keep: CliTable.Always);
        var keep = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [PanelColumns.Close] = CliTable.Always, [PanelColumns.Sma50] = 90, [PanelColumns.Sma200] = 85, [PanelColumns.Rsi14] = 80,
            [PanelColumns.BbLower] = 40, [PanelColumns.BbUpper] = 39, [PanelColumns.Atr14] = 45, [PanelColumns.Vix] = 75,
            [PanelColumns.Kre] = 50, [PanelColumns.Slope10y2y] = 55, [PanelColumns.HySpread] = 60, [PanelColumns.Gex] = 70, [PanelColumns.DpRatio] = 35,
        };
        foreach (var c in TableColumns)
            table.Add(c, keep: keep.GetValueOrDefault(c, 50), meaning: Meaning(c));
        table.Add("gex_source", numeric: false, keep: 10);
        for (var i = first; i <= last; i++)
        {
            var cells = new List<string> { panel.Dates[i].ToString("yyyy-MM-dd", Inv) };
            foreach (var c in TableColumns)
            {
                var v = panel.TryGet(c) is { } col ? col[i] : double.NaN;
                cells.Add(double.IsNaN(v) ? "" : c == PanelColumns.Gex ? Chains.GexReport.Usd(v) : v.ToString(Math.Abs(v) >= 1000 ? "0" : "0.00", Inv));
            }

            cells.Add(panel.GexSource[i]);
            table.Row([.. cells]);
        }

        table.Write(console);
        console.WriteLine("All columns: iwmdesk indicators --format csv (docs/indicators.md).");
    }
}
