using System.Globalization;

namespace IwmDesk.Text;

/// <summary>Number formatting shared by the analysts' summaries and the prompts' inputs.</summary>
internal static class Fmt
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A fraction as a signed percentage: 0.0123 → "+1.23%".</summary>
    public static string Ret(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00%;-0.00%;0.00%", Inv);

    /// <summary>A fraction as a percentage: 0.5 → "50.0%".</summary>
    public static string Pct(double v, string format = "0.0%") => double.IsNaN(v) ? "n/a" : v.ToString(format, Inv);

    /// <summary>A plain number.</summary>
    public static string N(double v, string format = "0.00") => double.IsNaN(v) ? "n/a" : v.ToString(format, Inv);

    /// <summary>A percent-unit level (yields, spreads): 4.1 → "4.10%".</summary>
    public static string Level(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.00", Inv) + "%";

    /// <summary>A change of a percent-unit level in percentage points: 0.35 → "+0.35 pp".</summary>
    public static string Pp(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00;-0.00;0.00", Inv) + " pp";

    /// <summary>A date.</summary>
    public static string D(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

    /// <summary>US dollars with thousands separators.</summary>
    public static string Usd(double v) => double.IsNaN(v) ? "n/a" : "$" + v.ToString("#,0", Inv);
}
