using System.Text.Json.Nodes;

namespace IwmDesk.Text;

/// <summary>
/// The documented precisions of numbers in JSON and CSV (docs/formats.md): prices and levels to 4 decimal places,
/// returns, rates and probabilities to 6 significant digits. Every number of every JSON and CSV output goes through
/// <see cref="Round"/> — at least 4 decimal places and at least 6 significant digits, whichever keeps more — so a value
/// stored as a float (279.2799987792969) is written as a trader typed it (279.28) and a sum's binary noise
/// (235.31499999999997) disappears. NaN and infinities are null in JSON and empty in CSV.
/// </summary>
public static class JsonNumbers
{
    /// <summary>Decimal places of a price or level.</summary>
    public const int PriceDecimals = 4;

    /// <summary>Significant digits of a return, rate or probability.</summary>
    public const int RateDigits = 6;

    /// <summary>
    /// The one rounding rule: to max(4, 6 − 1 − ⌊log10 |v|⌋) decimal places (4 for prices from 10 up, 6 significant
    /// digits below), at most 15. O(1); exact for zero and non-finite values (returned as they are).
    /// </summary>
    public static double Round(double v)
    {
        if (!double.IsFinite(v) || v == 0)
            return v;
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        var places = Math.Clamp(RateDigits - 1 - magnitude, PriceDecimals, 15);
        return Math.Round(v, places, MidpointRounding.AwayFromZero);
    }

    /// <summary><see cref="Round"/> as CSV text (shortest round-trip form, invariant); empty when not finite.</summary>
    public static string Csv(double v) => double.IsFinite(v) ? Round(v).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>A number by the one rule (<see cref="Round"/>); null when not finite.</summary>
    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Round(v)) : null;

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
