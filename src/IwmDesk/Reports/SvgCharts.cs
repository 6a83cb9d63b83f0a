using System.Globalization;
using System.Net;
using System.Text;
using IwmDesk.Analytics.Options;
using IwmDesk.Journal;

namespace IwmDesk.Reports;

/// <summary>
/// The two charts the candle library does not draw well, as inline SVG written here: the GEX profile by strike (net
/// GEX bars with spot, gamma flip and call/put walls) and the journal's calibration (mean P(up) against the share of
/// up outcomes per bucket). Every label is HTML-escaped.
/// </summary>
public static class SvgCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Colour of positive (dealers long gamma) bars.</summary>
    public const string Positive = "#26a69a";

    /// <summary>Colour of negative bars.</summary>
    public const string Negative = "#ef5350";

    /// <summary>
    /// Net GEX by strike for strikes within <paramref name="range"/> (a fraction) of spot, in mn or bn USD per 1% move,
    /// with vertical lines at spot, the gamma flip and the call and put walls (those outside the drawn strikes widen it,
    /// up to twice the range).
    /// </summary>
    public static string GexProfile(GexResult gex, double range)
    {
        ArgumentNullException.ThrowIfNull(gex);
        const double W = 960, L = 70, R = 20, B = 44, PlotHeight = 262, LabelRow = 13, CharWidth = 6.4;
        var spot = gex.Spot;
        var strikes = gex.ByStrike.Where(s => Math.Abs(s.Strike - spot) <= range * spot).OrderBy(s => s.Strike).ToList();
        if (strikes.Count == 0)
            return "<p class=\"note\">No strikes within " + WebUtility.HtmlEncode((range * 100).ToString("0", Inv)) + "% of spot.</p>";

        var lines = new List<(string Label, double Level, string Css, string Colour)> { ("spot", spot, "spot", "#0969da") };
        if (gex.ZeroGammaLevel is { } flip)
            lines.Add(("flip", flip, "flip", "#e36209"));
        if (gex.CallWall is { } cw)
            lines.Add(("call wall", cw, "callwall", "#1a7f5a"));
        if (gex.PutWall is { } pw)
            lines.Add(("put wall", pw, "putwall", "#c62828"));
        var drawn = lines.Where(l => Math.Abs(l.Level - spot) <= 2 * range * spot).ToList();

        var step = double.PositiveInfinity;
        for (var i = 1; i < strikes.Count; i++)
            step = Math.Min(step, strikes[i].Strike - strikes[i - 1].Strike);
        if (!double.IsFinite(step) || step <= 0)
            step = Math.Max(1, spot * 0.01);
        var xMin = Math.Min(strikes[0].Strike, drawn.Min(l => l.Level)) - step;
        var xMax = Math.Max(strikes[^1].Strike, drawn.Max(l => l.Level)) + step;
        // Level labels go in rows above the plot: each in the first row where it does not overprint the one before.
        double Xp(double v) => L + ((v - xMin) / (xMax - xMin) * (W - L - R));
        var rowEnds = new List<double>();
        var labelRows = new List<int>();
        foreach (var l in drawn.OrderBy(l => l.Level))
        {
            var x = Xp(l.Level);
            var width = (LabelText(l.Label, l.Level).Length * CharWidth) + 6;
            var r = rowEnds.FindIndex(end => end < x);
            if (r < 0)
            {
                rowEnds.Add(0);
                r = rowEnds.Count - 1;
            }

            rowEnds[r] = x + width;
            labelRows.Add(r);
        }

        var T = 10 + (LabelRow * Math.Max(1, rowEnds.Count)) + 6;
        var H = T + PlotHeight + B;
        var maxAbs = strikes.Max(s => Math.Abs(s.NetGexUsdPer1Pct));
        var (scale, unit) = maxAbs >= 1e9 ? (1e9, "bn") : (1e6, "mn");
        var yMax = Nice(Math.Max(maxAbs / scale, 1e-9));
        double X(double v) => Xp(v);
        double Y(double v) => T + ((yMax - v) / (2 * yMax) * (H - T - B));
        var barWidth = Math.Max(1.5, Math.Min(18, (X(xMin + step) - X(xMin)) * 0.8));

        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg id=\"gex-profile\" class=\"chart-svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Net GEX by strike\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append("<title>Net GEX by strike (").Append(Esc(unit)).Append(" USD per 1% move)</title>");
        // y grid and labels
        for (var k = -2; k <= 2; k++)
        {
            var v = yMax * k / 2;
            var y = Y(v);
            sb.Append(Inv, $"<line class=\"{(k == 0 ? "axis" : "grid")}\" stroke=\"{(k == 0 ? "#8c959f" : "#eaeef2")}\" x1=\"{L}\" x2=\"{W - R}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            sb.Append(Inv, $"<text class=\"tick\" x=\"{L - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Esc(v.ToString("+0.##;-0.##;0", Inv))}</text>");
        }

        sb.Append(Inv, $"<text class=\"axis-label\" transform=\"translate(14 {(T + H - B) / 2:0.#}) rotate(-90)\" text-anchor=\"middle\">{Esc(unit)} USD per 1% move</text>");
        // bars
        foreach (var s in strikes)
        {
            var net = s.NetGexUsdPer1Pct / scale;
            var y0 = Y(0);
            var y1 = Y(net);
            var top = Math.Min(y0, y1);
            var h = Math.Max(0.5, Math.Abs(y1 - y0));
            var css = net >= 0 ? "bar pos" : "bar neg";
            var fill = net >= 0 ? Positive : Negative;
            sb.Append(Inv, $"<rect class=\"{css}\" fill=\"{fill}\" x=\"{X(s.Strike) - (barWidth / 2):0.##}\" y=\"{top:0.##}\" width=\"{barWidth:0.##}\" height=\"{h:0.##}\">");
            sb.Append("<title>").Append(Esc(string.Create(Inv,
                $"strike {s.Strike:0.##}: net {M(s.NetGexUsdPer1Pct, scale)} (calls {M(s.CallGexUsdPer1Pct, scale)}, puts {M(s.PutGexUsdPer1Pct, scale)}) {unit} USD per 1% move"))).Append("</title></rect>");
        }

        // x labels at round strikes, about ten of them
        var tick = Nice((xMax - xMin) / 10);
        for (var v = Math.Ceiling(xMin / tick) * tick; v <= xMax; v += tick)
        {
            var x = X(v);
            sb.Append(Inv, $"<line class=\"grid\" stroke=\"#8c959f\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{H - B}\" y2=\"{H - B + 4}\"/>");
            sb.Append(Inv, $"<text class=\"tick\" x=\"{x:0.#}\" y=\"{H - B + 16}\" text-anchor=\"middle\">{Esc(Math.Round(v, 6).ToString("0.##", Inv))}</text>");
        }

        sb.Append(Inv, $"<text class=\"axis-label\" x=\"{(L + W - R) / 2:0.#}\" y=\"{H - 6}\" text-anchor=\"middle\">strike</text>");
        // level lines, labels staggered so that close levels do not overprint
        var k2 = 0;
        foreach (var l in drawn.OrderBy(l => l.Level))
        {
            var x = X(l.Level);
            var y = 10 + (LabelRow * (labelRows[k2] + 1));
            sb.Append(Inv, $"<line class=\"level {l.Css}\" stroke=\"{l.Colour}\" stroke-dasharray=\"5 4\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{y + 3}\" y2=\"{H - B}\"/>");
            sb.Append(Inv, $"<text class=\"level-label {l.Css}\" fill=\"{l.Colour}\" x=\"{x + 3:0.#}\" y=\"{y}\">{Esc(LabelText(l.Label, l.Level))}</text>");
            k2++;
        }

        sb.Append("</svg>");
        var outside = lines.Except(drawn).ToList();
        if (outside.Count > 0)
        {
            sb.Append("<p class=\"note\">Outside the drawn strikes: ")
                .Append(Esc(string.Join(", ", outside.Select(l => string.Create(Inv, $"{l.Label} {l.Level:0.##}")))))
                .Append(".</p>");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Calibration of P(up): one dot per bucket with matured calls at (mean P(up), share of up outcomes), its area by
    /// the number of calls, against the diagonal of perfect calibration. Null when no bucket has a call.
    /// </summary>
    public static string? Calibration(IReadOnlyList<CalibrationBucket> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var used = buckets.Where(b => b.N > 0 && double.IsFinite(b.MeanPUp) && double.IsFinite(b.UpFrequency)).ToList();
        if (used.Count == 0)
            return null;
        const double S = 360, L = 52, R = 16, T = 16, B = 44;
        double X(double v) => L + (v * (S - L - R));
        double Y(double v) => T + ((1 - v) * (S - T - B));
        var maxN = used.Max(b => b.N);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg id=\"calibration\" class=\"chart-svg calibration\" viewBox=\"0 0 {S} {S}\" role=\"img\" aria-label=\"Calibration of P(up)\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append("<title>Calibration: forecast P(up) against how often IWM was higher</title>");
        for (var k = 0; k <= 10; k += 2)
        {
            var v = k / 10.0;
            sb.Append(Inv, $"<line class=\"grid\" x1=\"{X(0):0.#}\" x2=\"{X(1):0.#}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\"/>");
            sb.Append(Inv, $"<line class=\"grid\" x1=\"{X(v):0.#}\" x2=\"{X(v):0.#}\" y1=\"{Y(0):0.#}\" y2=\"{Y(1):0.#}\"/>");
            sb.Append(Inv, $"<text class=\"tick\" x=\"{X(0) - 6:0.#}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:0.0}</text>");
            sb.Append(Inv, $"<text class=\"tick\" x=\"{X(v):0.#}\" y=\"{Y(0) + 16:0.#}\" text-anchor=\"middle\">{v:0.0}</text>");
        }

        sb.Append(Inv, $"<line class=\"diagonal\" x1=\"{X(0):0.#}\" y1=\"{Y(0):0.#}\" x2=\"{X(1):0.#}\" y2=\"{Y(1):0.#}\"/>");
        sb.Append(Inv, $"<text class=\"axis-label\" x=\"{(L + S - R) / 2:0.#}\" y=\"{S - 8}\" text-anchor=\"middle\">forecast P(up)</text>");
        sb.Append(Inv, $"<text class=\"axis-label\" transform=\"translate(14 {(T + S - B) / 2:0.#}) rotate(-90)\" text-anchor=\"middle\">share of up outcomes</text>");
        foreach (var b in used)
        {
            var r = 4 + (10 * Math.Sqrt((double)b.N / maxN));
            sb.Append(Inv, $"<circle class=\"bucket\" cx=\"{X(b.MeanPUp):0.##}\" cy=\"{Y(b.UpFrequency):0.##}\" r=\"{r:0.#}\">");
            sb.Append("<title>").Append(Esc(string.Create(Inv,
                $"P(up) {b.Low:0.0}–{b.High:0.0}: {b.N} calls, mean P(up) {b.MeanPUp:0.0%}, up {b.UpFrequency:0.0%}"))).Append("</title></circle>");
            sb.Append(Inv, $"<text class=\"bucket-n\" x=\"{X(b.MeanPUp) + r + 2:0.#}\" y=\"{Y(b.UpFrequency) + 4:0.#}\">{b.N.ToString(Inv)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A round number at or above <paramref name="v"/> (1, 2, 2.5, 5 × 10^k).</summary>
    public static double Nice(double v)
    {
        if (!(v > 0) || !double.IsFinite(v))
            return 1;
        var p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * p >= v * 0.999999)
                return m * p;
        }

        return 10 * p;
    }

    private static string LabelText(string label, double level) => string.Create(Inv, $"{label} {level:0.##}");

    private static string M(double v, double scale) => (v / scale).ToString("+0.0##;-0.0##;0", Inv);

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
