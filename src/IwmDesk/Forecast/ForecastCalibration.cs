using IwmDesk.Analytics.Statistics;

namespace IwmDesk.Forecast;

/// <summary>
/// A past forecast call the calibration can learn from: its raw P(up) at a horizon and, once its horizon has closed,
/// whether IWM was higher (adjusted close, as the journal scores it).
/// </summary>
/// <param name="AsOf">The call's date.</param>
/// <param name="Horizon">Trading days.</param>
/// <param name="PUp">The raw P(up) it gave.</param>
/// <param name="OutcomeDate">The IWM date <paramref name="Horizon"/> trading days after <paramref name="AsOf"/>: the close at which the outcome became known.</param>
/// <param name="Up">IWM's adjusted close was higher on <paramref name="OutcomeDate"/> than on <paramref name="AsOf"/>.</param>
public sealed record CalibrationCall(DateOnly AsOf, int Horizon, double PUp, DateOnly OutcomeDate, bool Up);

/// <summary>
/// The calibrated P(up) beside the raw one (docs/forecast.md): an isotonic (pool-adjacent-violators) map from raw P(up)
/// to the observed up frequency, fitted walk-forward — for a forecast dated D only on calls whose horizon closed by D
/// (outcome date ≤ D), so no outcome after D is ever used — and shown once at least <see cref="MinCalls"/> such calls
/// exist at the horizon.
/// </summary>
public static class ForecastCalibration
{
    /// <summary>Matured calls needed before a calibrated P(up) is shown.</summary>
    public const int MinCalls = 250;

    /// <summary>
    /// The calibrated P(up) of <paramref name="raw"/> at <paramref name="horizon"/> for a forecast dated
    /// <paramref name="date"/>, and how many matured calls were available (NaN below <see cref="MinCalls"/>).
    /// </summary>
    public static (double Calibrated, int Matured) At(IReadOnlyList<CalibrationCall>? history, int horizon, DateOnly date, double raw)
    {
        if (history is null)
            return (double.NaN, 0);
        var p = new List<double>();
        var y = new List<double>();
        foreach (var c in history)
        {
            // Only outcomes known by D's close.
            if (c.Horizon != horizon || c.OutcomeDate > date || c.AsOf >= date || double.IsNaN(c.PUp))
                continue;
            p.Add(c.PUp);
            y.Add(c.Up ? 1 : 0);
        }

        if (p.Count < MinCalls || double.IsNaN(raw))
            return (double.NaN, p.Count);
        var map = Isotonic.Fit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(p), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(y));
        return (map.Apply(raw), p.Count);
    }
}
