using System.Globalization;
using IwmDesk.Analytics.Options;
using IwmDesk.Data;
using IwmDesk.Data.Store;

namespace IwmDesk.Chains;

/// <summary>What the user fixed on the command line (<c>gex --spot --rate --dividend-yield --as-of-time</c>); null = resolve.</summary>
/// <param name="Spot">Spot to value at.</param>
/// <param name="Rate">Risk-free rate, continuous annualised fraction.</param>
/// <param name="DividendYield">Dividend yield, continuous annualised fraction.</param>
/// <param name="AsOfTime">Valuation time of day (ET) on the snapshot date.</param>
public sealed record GexOverrides(double? Spot = null, double? Rate = null, double? DividendYield = null, TimeOnly? AsOfTime = null);

/// <summary>
/// The inputs a GEX calculation used, each with where it came from, so every output can name them.
/// </summary>
/// <param name="Parameters">The engine parameters (rate, dividend yield, valuation time, ...).</param>
/// <param name="Spot">Spot the exposures are computed at.</param>
/// <param name="SpotSource">Where the spot came from, e.g. "official close from the store (SPY 2025-05-16)".</param>
/// <param name="ValuationNote">How the valuation moment was chosen, e.g. "snapshot 19:23 ET, after the close: valued at the 16:00 close".</param>
/// <param name="RateSource">Where r came from.</param>
/// <param name="DividendSource">Where q came from.</param>
public sealed record GexSetup(
    GexParameters Parameters,
    double Spot,
    string SpotSource,
    string ValuationNote,
    string RateSource,
    string DividendSource)
{
    /// <summary>The time-to-expiry convention in words.</summary>
    public const string TimeConvention =
        "calendar time from the valuation moment to settlement (16:00 ET; 09:30 ET for AM-settled index options) / 365 days, floored at 15 minutes";

    /// <summary>A stable tag of every input (for caches derived from a snapshot).</summary>
    public string Tag => string.Create(CultureInfo.InvariantCulture,
        $"v3;S={Spot:R};r={Parameters.Rate:R};q={Parameters.DividendYield:R};t={Parameters.ValuationTime:HH\\:mm};floor={Parameters.MinYearsToExpiry:R};grid={Parameters.GridLevels}");
}

/// <summary>
/// Resolves the spot, valuation moment, rate and dividend yield of a chain snapshot from the store (docs/methodology.md,
/// "Gamma exposure: conventions"). Loads the series it needs once, so one instance serves a whole history.
/// </summary>
public sealed class GexInputs
{
    /// <summary>Fallback rate when the store has no DTB3: 4% (short US Treasury bills in 2025–26).</summary>
    public const double FallbackRate = 0.04;

    /// <summary>Fallback dividend yield for IWM when the store has no year of its prices: 1.0% (its trailing yield 2025–26).</summary>
    public const double FallbackIwmDividendYield = 0.010;

    /// <summary>Indices whose standard (third-Friday) options settle AM, at the 09:30 open.</summary>
    private static readonly HashSet<string> AmSettledIndices = new(StringComparer.OrdinalIgnoreCase) { "SPX", "RUT", "NDX", "^SPX", "^RUT", "^NDX" };

    private readonly Dictionary<string, SeriesColumns?> _bars = new(StringComparer.Ordinal);
    private readonly MarketStore? _store;
    private SeriesColumns? _dtb3;
    private bool _dtb3Loaded;

    private GexInputs(MarketStore? store) => _store = store;

    /// <summary>Resolves from <paramref name="store"/>; null: no store (file spot, fallback r and q).</summary>
    public static GexInputs From(MarketStore? store) => new(store);

    /// <summary>True for AM-settled contracts: the third-Friday expiries of SPX, RUT and NDX (weeklies settle PM).</summary>
    public static bool IsAmSettled(string underlying, DateOnly expiry) =>
        AmSettledIndices.Contains(underlying) && expiry.DayOfWeek == DayOfWeek.Friday && expiry.Day is >= 15 and <= 21;

    /// <summary>
    /// The inputs for <paramref name="chain"/>: valuation at the snapshot's time (after the close, or no time: at the
    /// 16:00 close); spot = the store's official close when valued at the close and the store has the day's bar, else
    /// the file's spot; r from the latest DTB3 published before the snapshot date; q = trailing 12-month distributions
    /// over the price, from the store's close and adjusted close. Overrides win.
    /// </summary>
    public GexSetup Resolve(OptionChainSnapshot chain, GexOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        overrides ??= new GexOverrides();
        var close = ExpiryConvention.Close;
        var time = overrides.AsOfTime ?? chain.SnapshotTime;
        string valuationNote;
        TimeOnly valuation;
        if (time is { } t && t < close)
        {
            valuation = t;
            valuationNote = overrides.AsOfTime is not null ? $"--as-of-time {t:HH:mm} ET" : $"snapshot time {t:HH:mm} ET";
        }
        else
        {
            valuation = close;
            valuationNote = time is { } after
                ? $"snapshot {after:HH:mm} ET, at or after the close: valued at the 16:00 close"
                : "no time of day in the snapshot: valued at the 16:00 close";
        }

        double spot;
        string spotSource;
        if (overrides.Spot is { } s)
        {
            spot = s;
            spotSource = "--spot";
        }
        else if (valuation == close && CloseOn(chain.Underlying, chain.AsOf) is { } official)
        {
            spot = official;
            spotSource = string.Create(CultureInfo.InvariantCulture, $"official close of {chain.AsOf:yyyy-MM-dd} from the store; the file says {chain.Spot:0.00}");
        }
        else
        {
            spot = chain.Spot;
            spotSource = valuation == close
                ? $"the file's spot; the store has no {chain.Underlying} bar for {chain.AsOf:yyyy-MM-dd}"
                : "the file's spot at the snapshot time";
        }

        var (rate, rateSource) = overrides.Rate is { } r ? (r, "--rate") : Rate(chain.AsOf);
        var (q, qSource) = overrides.DividendYield is { } dq ? (dq, "--dividend-yield") : DividendYield(chain.Underlying, chain.AsOf);
        var p = GexParameters.Default with { Rate = rate, DividendYield = q, ValuationTime = valuation };
        return new GexSetup(p, spot, spotSource, valuationNote, rateSource, qSource);
    }

    /// <summary>
    /// r from FRED DTB3 (3-month T-bill, discount basis, percent): the latest observation dated before
    /// <paramref name="asOf"/> (H.15 publishes a day's rate the next business day), converted to a continuous rate
    /// r = −ln(1 − d·91/360)·365/91. Fallback <see cref="FallbackRate"/>.
    /// </summary>
    public (double Rate, string Source) Rate(DateOnly asOf)
    {
        if (!_dtb3Loaded)
        {
            _dtb3 = _store?.LoadSeries("DTB3") is { Dates.Length: > 0 } d ? d : null;
            _dtb3Loaded = true;
        }

        if (_dtb3 is { } series)
        {
            var i = Array.BinarySearch(series.Dates, asOf);
            var j = (i >= 0 ? i : ~i) - 1; // strictly before asOf
            while (j >= 0 && !double.IsFinite(series.Close[j]))
                j--;
            if (j >= 0 && asOf.DayNumber - series.Dates[j].DayNumber <= 10)
            {
                var discount = series.Close[j] / 100.0;
                var rate = -Math.Log(1 - (discount * 91 / 360)) * 365 / 91;
                return (rate, string.Create(CultureInfo.InvariantCulture,
                    $"DTB3 of {series.Dates[j]:yyyy-MM-dd}, {series.Close[j]:0.00}% discount basis, as a continuous rate"));
            }

            return (FallbackRate, string.Create(CultureInfo.InvariantCulture, $"fallback: no DTB3 in the 10 days before {asOf:yyyy-MM-dd}"));
        }

        return (FallbackRate, "fallback: no DTB3 in the store; import FRED_DTB3.csv or run iwmdesk data fetch");
    }

    /// <summary>
    /// q = the underlying's cash distributions with ex-date in the 365 days up to <paramref name="asOf"/>, over its
    /// close on the last bar on or before it. Distributions are read from the store's bars: on an ex-date the ratio
    /// adjusted close / close steps up, and the step gives the amount, div = close(D−1)·(1 − f(D−1)/f(D)),
    /// f = adj/close. Needs bars covering the whole year; fallback 1.0% for IWM, 0 for others.
    /// </summary>
    public (double Yield, string Source) DividendYield(string underlying, DateOnly asOf)
    {
        if (Bars(underlying) is { } b)
        {
            var i = Array.BinarySearch(b.Dates, asOf);
            var last = i >= 0 ? i : ~i - 1;
            if (last >= 1 && b.Dates[0].DayNumber <= asOf.DayNumber - 365 && asOf.DayNumber - b.Dates[last].DayNumber <= 31)
            {
                double sum = 0;
                var count = 0;
                var from = asOf.DayNumber - 365;
                for (var k = last; k >= 1 && b.Dates[k].DayNumber > from; k--)
                {
                    var f0 = b.AdjClose[k - 1] / b.Close[k - 1];
                    var f1 = b.AdjClose[k] / b.Close[k];
                    if (!double.IsFinite(f0) || !double.IsFinite(f1) || f1 <= 0)
                        continue;
                    var ratio = 1 - (f0 / f1);
                    if (ratio > 5e-5)
                    {
                        sum += b.Close[k - 1] * ratio;
                        count++;
                    }
                }

                if (count > 0)
                {
                    var price = b.Close[last];
                    var q = sum / price;
                    return (q, string.Create(CultureInfo.InvariantCulture,
                        $"trailing 12-month distributions {sum:0.000} USD ({count} ex-dates) / close {price:0.00} of {b.Dates[last]:yyyy-MM-dd}"));
                }
            }
        }

        var fallback = string.Equals(underlying, "IWM", StringComparison.OrdinalIgnoreCase) ? FallbackIwmDividendYield : 0.0;
        return (fallback, string.Create(CultureInfo.InvariantCulture,
            $"fallback: no year of {underlying} prices with adjusted closes up to {asOf:yyyy-MM-dd} in the store"));
    }

    private double? CloseOn(string underlying, DateOnly date)
    {
        if (Bars(underlying) is not { } b)
            return null;
        var i = Array.BinarySearch(b.Dates, date);
        return i >= 0 && b.Close[i] > 0 ? b.Close[i] : null;
    }

    private SeriesColumns? Bars(string underlying)
    {
        if (_store is null)
            return null;
        if (!_bars.TryGetValue(underlying, out var s))
        {
            s = _store.LoadSeries(underlying) is { Dates.Length: > 0 } loaded ? loaded : null;
            _bars[underlying] = s;
        }

        return s;
    }
}
