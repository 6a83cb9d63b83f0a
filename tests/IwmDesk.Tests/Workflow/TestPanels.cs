using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Panel;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Workflow;

/// <summary>Hand-made panels for the workflow tests, and a minimal real-data panel (IWM, KRE, FRED, DXY, VIX).</summary>
internal static class TestPanels
{
    public static DateOnly[] Dates(int n, DateOnly? start = null) =>
        TradingCalendar.Days(start ?? new DateOnly(2001, 1, 2), new DateOnly(2060, 1, 1)).Take(n).ToArray();

    public static double[] Const(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    public static double[] Series(int n, Func<int, double> f) => Enumerable.Range(0, n).Select(f).ToArray();

    public static FeaturePanel Make(DateOnly[] dates, Dictionary<string, double[]> cols, bool sample = false, string gexSource = "test") =>
        new(dates, cols, Enumerable.Repeat(gexSource, dates.Length).ToArray(), sample);

    /// <summary>
    /// A panel with every column the workflow and the prompts read, all present: a gently rising IWM, KRE moving with it,
    /// calm macro inputs with small deterministic wiggles, VIX around 18, GEX alternating sign every 7 rows.
    /// </summary>
    public static FeaturePanel Full(int n = 700, bool sample = false, DateOnly? start = null)
    {
        var adj = Series(n, t => 100 * Math.Exp((0.0004 * t) + (0.01 * Math.Sin(t * 0.37))));
        var kre = Series(n, t => 50 * Math.Exp((0.0003 * t) + (0.012 * Math.Sin(t * 0.37)) + (0.002 * Math.Cos(t * 1.1))));
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.AdjClose] = adj,
            [PanelColumns.Close] = adj,
            [PanelColumns.Kre] = kre,
            [PanelColumns.Sma50] = Rolling(adj, 50),
            [PanelColumns.Sma200] = Rolling(adj, 200),
            [PanelColumns.Rsi14] = Series(n, t => 50 + (10 * Math.Sin(t * 0.2))),
            [PanelColumns.BbLower] = Series(n, t => adj[t] * 0.95),
            [PanelColumns.BbUpper] = Series(n, t => adj[t] * 1.05),
            [PanelColumns.Atr14] = Const(n, 2),
            [PanelColumns.Vix] = Series(n, t => 18 + (3 * Math.Sin(t * 0.05))),
            [PanelColumns.Rvx] = Series(n, t => 22 + (3 * Math.Sin(t * 0.05))),
            [PanelColumns.Rv20] = Series(n, t => 17 + (2 * Math.Cos(t * 0.07))),
            [PanelColumns.Gex] = Series(n, t => t / 7 % 2 == 0 ? 1e9 : -1e9),
            [PanelColumns.DpRatio] = Series(n, t => 1.2 + (0.4 * Math.Sin(t * 0.3))),
            [PanelColumns.Dgs2] = Series(n, t => 3 + (0.3 * Math.Sin(t * 0.01))),
            [PanelColumns.Dgs10] = Series(n, t => 4 + (0.2 * Math.Sin(t * 0.013))),
            [PanelColumns.HySpread] = Series(n, t => 3.5 + (0.3 * Math.Sin(t * 0.017))),
            [PanelColumns.Dxy] = Series(n, t => 100 + (2 * Math.Sin(t * 0.011))),
        };
        cols[PanelColumns.Slope10y2y] = Series(n, t => cols[PanelColumns.Dgs10][t] - cols[PanelColumns.Dgs2][t]);
        cols[PanelColumns.IvRvSpread] = Series(n, t => cols[PanelColumns.Rvx][t] - cols[PanelColumns.Rv20][t]);
        return Make(Dates(n, start), cols, sample);
    }

    /// <summary>Trailing mean over w rows (NaN before w rows).</summary>
    public static double[] Rolling(double[] v, int w)
    {
        var r = new double[v.Length];
        double sum = 0;
        for (var t = 0; t < v.Length; t++)
        {
            sum += v[t];
            if (t >= w)
                sum -= v[t - w];
            r[t] = t >= w - 1 ? sum / w : double.NaN;
        }

        return r;
    }

    /// <summary>The same panel with every value after row <paramref name="last"/> replaced by nonsense (for look-ahead tests).</summary>
    public static FeaturePanel CorruptAfter(FeaturePanel p, int last)
    {
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var name in p.ColumnNames)
        {
            var c = (double[])p[name].Clone();
            for (var t = last + 1; t < c.Length; t++)
                c[t] = name is PanelColumns.Gex ? -c[t] * 7 : c[t] * 3.7 + 11;
            cols[name] = c;
        }

        return new FeaturePanel(p.Dates, cols, p.GexSource, p.IsSample);
    }

    private static readonly Lazy<FeaturePanel> RealPanel = new(LoadReal);

    /// <summary>
    /// A minimal real panel for the workflow: IWM (close, adj_close, sma50/200 of close), KRE adjusted close, FRED DGS2,
    /// DGS10, T10Y2Y, HY OAS, DXY and VIX, each aligned to IWM's dates with the last value on or before the date.
    /// </summary>
    public static FeaturePanel Real() => RealPanel.Value;

    private static FeaturePanel LoadReal()
    {
        var iwm = Csv(TestData.Real("IWM_daily.csv"), "yyyy-MM-dd");
        var dates = iwm.Select(r => r.Date).ToArray();
        var close = iwm.Select(r => r.Values[3]).ToArray();
        var adj = iwm.Select(r => r.Values[4]).ToArray();
        var cols = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [PanelColumns.Close] = close,
            [PanelColumns.AdjClose] = adj,
            [PanelColumns.Sma50] = Rolling(close, 50),
            [PanelColumns.Sma200] = Rolling(close, 200),
            [PanelColumns.Kre] = Align(dates, Csv(TestData.Real("KRE_daily.csv"), "yyyy-MM-dd"), 4),
            [PanelColumns.Dgs2] = Align(dates, Csv(TestData.Real("FRED_DGS2.csv"), "yyyy-MM-dd"), 0),
            [PanelColumns.Dgs10] = Align(dates, Csv(TestData.Real("FRED_DGS10.csv"), "yyyy-MM-dd"), 0),
            [PanelColumns.Slope10y2y] = Align(dates, Csv(TestData.Real("FRED_T10Y2Y.csv"), "yyyy-MM-dd"), 0),
            [PanelColumns.HySpread] = Align(dates, Csv(TestData.Real("FRED_BAMLH0A0HYM2.csv"), "yyyy-MM-dd"), 0),
            [PanelColumns.Dxy] = Align(dates, Csv(TestData.Real("DXY_daily.csv"), "yyyy-MM-dd"), 0),
            [PanelColumns.Vix] = Align(dates, Csv(TestData.Real("VIX_History.csv"), "MM/dd/yyyy"), 3),
        };
        return new FeaturePanel(dates, cols, Enumerable.Repeat("", dates.Length).ToArray(), isSample: false);
    }

    private static List<(DateOnly Date, double[] Values)> Csv(string path, string dateFormat)
    {
        var rows = new List<(DateOnly, double[])>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.TrimEnd('\r').Split(',');
            if (f.Length < 2 || !DateOnly.TryParseExact(f[0], dateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                continue;
            rows.Add((d, f.Skip(1).Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray()));
        }

        return rows;
    }

    private static double[] Align(DateOnly[] dates, List<(DateOnly Date, double[] Values)> rows, int column)
    {
        var r = new double[dates.Length];
        var j = -1;
        for (var t = 0; t < dates.Length; t++)
        {
            while (j + 1 < rows.Count && rows[j + 1].Date <= dates[t])
                j++;
            r[t] = j >= 0 ? rows[j].Values[column] : double.NaN;
        }

        return r;
    }
}
