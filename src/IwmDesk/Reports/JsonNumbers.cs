using System.Text.Json.Nodes;

namespace IwmDesk.Reports;

/// <summary>
/// The documented precisions of numbers in JSON and CSV (docs/formats.md): prices and levels to 4 decimal places,
/// returns, rates and probabilities to 6 significant digits. Rounding goes through the decimal string, so a value stored
/// as a float (279.2799987792969) is written as a trader typed it (279.28). NaN and infinities are null.
/// </summary>
public static class JsonNumbers
{
    /// <summary>Decimal places of a price or level.</summary>
    public const int PriceDecimals = 4;

    /// <summary>Significant digits of a return, rate or probability.</summary>
    public const int RateDigits = 6;

    /// <summary>A price or level rounded to <see cref="PriceDecimals"/> places; null when not finite.</summary>
    public static JsonNode? Price(double v) => double.IsFinite(v) ? JsonValue.Create(RoundPrice(v)) : null;

    /// <summary>A return, rate or probability to <see cref="RateDigits"/> significant digits; null when not finite.</summary>
    public static JsonNode? Rate(double v) => double.IsFinite(v) ? JsonValue.Create(RoundRate(v)) : null;

    /// <summary><paramref name="v"/> rounded to 4 decimal places (away from zero at the half).</summary>
    public static double RoundPrice(double v) => double.IsFinite(v) ? Math.Round(v, PriceDecimals, MidpointRounding.AwayFromZero) : v;

    /// <summary><paramref name="v"/> rounded to 6 significant digits, via its "G6" text (no binary noise left).</summary>
    public static double RoundRate(double v) =>
        double.IsFinite(v) ? double.Parse(v.ToString("G" + RateDigits, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : v;
}
