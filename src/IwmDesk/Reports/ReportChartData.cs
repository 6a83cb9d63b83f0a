using IwmDesk.Data;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IwmDesk.Analytics.Indicators;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Reports;

/// <summary>
/// The chart series of a <see cref="DeskReport"/> as one JSON object, columnar (one array per series, null where the
/// value is missing), written with the default JavaScript encoder so that it is safe inside a &lt;script&gt; element.
/// Keys are documented in docs/report.md.
/// </summary>
public static class ReportChartData
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.Default, Indented = false };

    /// <summary>The JSON the page script draws from.</summary>
    public static string Json(DeskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var p = report.View;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Writer))
        {
            w.WriteStartObject();
            w.WriteString("date", report.Date.ToString("yyyy-MM-dd", Inv));
            w.WriteString("data_source", report.DataSource.Text());
            w.WriteNumber("visible_bars", report.Options.VisibleBars);
            w.WriteStartArray("dates");
            foreach (var d in p.Dates)
                w.WriteStringValue(d.ToString("yyyy-MM-dd", Inv));
            w.WriteEndArray();
            foreach (var c in new[]
            {
                PanelColumns.Open, PanelColumns.High, PanelColumns.Low, PanelColumns.Close, PanelColumns.BbUpper,
                PanelColumns.BbMiddle, PanelColumns.BbLower, PanelColumns.Sma50, PanelColumns.Sma200, PanelColumns.Vix,
            })
            {
                Column(w, c, p.TryGet(c), 4);
            }

            var gex = p.TryGet(PanelColumns.Gex);
            var (scale, unit) = GexScale(gex);
            w.WriteNumber("gex_scale", scale);
            w.WriteString("gex_unit", unit);
            Column(w, "gex", gex is null ? null : Scaled(gex, scale), 4);
            w.WriteString("gex_source", LastSource(p));

            var k = Kre(p, report.Options.KreWindow);
            w.WriteNumber("kre_window", report.Options.KreWindow);
            Column(w, "kre_ratio", k.Ratio, 3);
            Column(w, "kre_gap", k.Gap, 5);
            Column(w, "kre_corr", k.Corr, 4);
            w.WriteString("kre_base_date", k.BaseDate);
            var kreOptions = new Analysts.KreOptions();
            w.WriteNumber("kre_gap_threshold", kreOptions.DivergenceGap);
            w.WriteNumber("kre_corr_threshold", kreOptions.DivergenceCorrelation);

            w.WriteStartArray("markers");
            foreach (var m in report.Markers)
            {
                w.WriteStartObject();
                w.WriteNumber("i", m.Index);
                w.WriteString("rule", m.Rule);
                w.WriteNumber("tier", m.Tier);
                w.WriteString("direction", m.Direction == SignalDirection.Bullish ? "bullish" : "bearish");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A divisor and unit for the GEX pane: bn USD when the largest |GEX| reaches 1 bn, else mn USD.</summary>
    public static (double Scale, string Unit) GexScale(double[]? gex)
    {
        var max = 0.0;
        if (gex is not null)
        {
            foreach (var v in gex)
            {
                if (double.IsFinite(v))
                    max = Math.Max(max, Math.Abs(v));
            }
        }

        return max >= 1e9 ? (1e9, "bn USD per 1% move") : (1e6, "mn USD per 1% move");
    }

    /// <summary>
    /// KRE against IWM (adjusted closes): the KRE/IWM ratio rebased to 100 on the first day both exist, the
    /// <paramref name="window"/>-day performance gap (KRE − IWM) and the rolling correlation of daily returns. NaN where
    /// either series is missing or the window is not yet full.
    /// </summary>
    public static (double[] Ratio, double[] Gap, double[] Corr, string? BaseDate) Kre(FeaturePanel panel, int window)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var n = panel.Count;
        var ratio = new double[n];
        var gap = new double[n];
        var corr = new double[n];
        Array.Fill(ratio, double.NaN);
        Array.Fill(gap, double.NaN);
        Array.Fill(corr, double.NaN);
        var kre = panel.TryGet(PanelColumns.Kre);
        var iwm = panel.TryGet(PanelColumns.AdjClose);
        if (kre is null || iwm is null || n == 0)
            return (ratio, gap, corr, null);
        var baseRatio = double.NaN;
        string? baseDate = null;
        for (var i = 0; i < n; i++)
        {
            if (!(kre[i] > 0) || !(iwm[i] > 0))
                continue;
            var r = kre[i] / iwm[i];
            if (double.IsNaN(baseRatio))
            {
                baseRatio = r;
                baseDate = panel.Dates[i].ToString("yyyy-MM-dd", Inv);
            }

            ratio[i] = 100 * r / baseRatio;
        }

        RelativePerformance.Compute(kre, iwm, window, gap);
        RollingCorrelation.Compute(kre, iwm, window, corr);
        return (ratio, gap, corr, baseDate);
    }

    private static double[] Scaled(double[] values, double scale)
    {
        var r = new double[values.Length];
        for (var i = 0; i < r.Length; i++)
            r[i] = values[i] / scale;
        return r;
    }

    private static string LastSource(FeaturePanel p)
    {
        for (var i = p.Count - 1; i >= 0; i--)
        {
            if (!string.IsNullOrEmpty(p.GexSource[i]))
                return p.GexSource[i];
        }

        return "";
    }

    private static void Column(Utf8JsonWriter w, string name, double[]? values, int decimals)
    {
        w.WriteStartArray(name);
        if (values is not null)
        {
            foreach (var v in values)
            {
                if (double.IsFinite(v))
                    w.WriteNumberValue(Math.Round(v, decimals));
                else
                    w.WriteNullValue();
            }
        }

        w.WriteEndArray();
    }
}
