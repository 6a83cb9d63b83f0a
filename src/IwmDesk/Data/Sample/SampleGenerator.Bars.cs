namespace IwmDesk.Data.Sample;

public static partial class SampleGenerator
{
    // Price level anchors (last close), dividend schedules and volume levels of the four ETFs.
    private static readonly EquitySpec Iwm = new(236.40, 0.012, 4, 10, 27.0e6, RussellReconstitution: true);
    private static readonly EquitySpec Kre = new(61.80, 0.028, 4, 22, 11.0e6, RussellReconstitution: false);
    private static readonly EquitySpec Spy = new(684.20, 0.0125, 4, 20, 68.0e6, RussellReconstitution: false);
    private static readonly EquitySpec Hyg = new(80.30, 0.056, 12, 1, 34.0e6, RussellReconstitution: false);

    // Intraday shape: share of the day's return made overnight, gap noise and range, in units of the daily sd.
    private const double OvernightShare = 0.35, GapNoise = 0.25, RangeScale = 0.55;

    // Volume: AR(1) log noise, elasticity to conditional vol and to the size of the day's move.
    private const double VolumePersistence = 0.8, VolumeNoise = 0.12, VolumeVolElasticity = 0.5, VolumeMoveLoading = 0.15;

    /// <summary>
    /// Turns log total returns into raw OHLC bars with cash dividends: on an ex-date the previous close drops by the
    /// dividend before the day's return applies. The path is anchored so the last close is the spec's price, rounded
    /// to cents with High ≥ max(Open, Close) and Low ≤ min(Open, Close); AdjClose is Close times the product of
    /// (1 − dividend / previous close) over later ex-dates (Yahoo's method), so it is 1 × Close on the last day.
    /// </summary>
    private static DailyBar[] EquityBars(DateOnly[] dates, double[] logReturn, double[] sd, EquitySpec spec, ulong seed, int index)
    {
        var n = dates.Length;
        var rng = new SampleRandom(seed, StreamBarsBase + (ulong)index);
        var close = new double[n];
        var open = new double[n];
        var high = new double[n];
        var low = new double[n];
        var dividendYield = new double[n];
        var previousClose = 1.0;
        var perPayment = spec.DividendYield / spec.PaymentsPerYear;
        var previousMonth = dates[0].Month;
        var paidThisPeriod = true;
        for (var t = 0; t < n; t++)
        {
            var d = dates[t];
            if (d.Month != previousMonth)
            {
                previousMonth = d.Month;
                paidThisPeriod = false;
            }

            if (!paidThisPeriod && d.Day >= spec.ExDividendDay && (spec.PaymentsPerYear == 12 || d.Month % 3 == 0))
            {
                dividendYield[t] = perPayment;
                paidThisPeriod = true;
            }

            var basis = previousClose * (1.0 - dividendYield[t]);
            var gap = (OvernightShare * logReturn[t]) + (GapNoise * sd[t] * rng.NextNormal());
            open[t] = basis * Math.Exp(gap);
            close[t] = basis * Math.Exp(logReturn[t]);
            high[t] = Math.Max(open[t], close[t]) * Math.Exp(RangeScale * sd[t] * Math.Abs(rng.NextNormal()));
            low[t] = Math.Min(open[t], close[t]) * Math.Exp(-RangeScale * sd[t] * Math.Abs(rng.NextNormal()));
            previousClose = close[t];
        }

        var scale = spec.EndPrice / close[^1];
        var volume = Volumes(dates, logReturn, sd, spec, rng);
        var bars = new DailyBar[n];
        var factor = 1.0;
        for (var t = n - 1; t >= 0; t--)
        {
            var c = Round(close[t] * scale, 2);
            var o = Round(open[t] * scale, 2);
            var hi = Math.Max(Round(high[t] * scale, 2), Math.Max(o, c));
            var lo = Math.Min(Round(low[t] * scale, 2), Math.Min(o, c));
            bars[t] = new DailyBar(dates[t], o, hi, lo, c, Round(c * factor, 4), volume[t]);

            // The factor for earlier days includes this day's dividend: (1 − D / previous close).
            if (dividendYield[t] > 0 && t > 0)
            {
                var prior = Round(close[t - 1] * scale, 2);
                var dividend = Round(close[t - 1] * scale * dividendYield[t], 4);
                factor *= 1.0 - (dividend / prior);
            }
        }

        return bars;
    }

    private static double[] Volumes(DateOnly[] dates, double[] logReturn, double[] sd, EquitySpec spec, SampleRandom rng)
    {
        var n = dates.Length;
        var meanVariance = 0.0;
        var meanReturn = 0.0;
        for (var t = 0; t < n; t++)
        {
            meanVariance += sd[t] * sd[t];
            meanReturn += logReturn[t];
        }

        var sdRef = Math.Sqrt(meanVariance / n);
        meanReturn /= n;
        var volume = new double[n];
        var u = 0.0;
        for (var t = 0; t < n; t++)
        {
            u = (VolumePersistence * u) + (VolumeNoise * rng.NextNormal());
            var move = Math.Abs(logReturn[t] - meanReturn) / sd[t];
            var log = Math.Log(spec.VolumeBase) + u + (VolumeVolElasticity * Math.Log(sd[t] / sdRef)) + (VolumeMoveLoading * (move - 0.8));
            volume[t] = Round(Math.Exp(log) * CalendarVolumeFactor(dates[t], spec.RussellReconstitution) / 100.0, 0) * 100.0;
        }

        return volume;
    }

    // Calendar effects on volume: quarterly triple witching, IWM's June reconstitution, the two half days.
    private static double CalendarVolumeFactor(DateOnly d, bool reconstitution)
    {
        if (d.DayOfWeek == DayOfWeek.Friday && d.Month == 6 && reconstitution && d.AddDays(7).Month != 6)
            return 2.6;
        if (d.DayOfWeek == DayOfWeek.Friday && d.Month % 3 == 0 && d.Day is >= 15 and <= 21)
            return 1.4;
        if ((d.Month == 11 && d.DayOfWeek == DayOfWeek.Friday && d.Day is >= 23 and <= 29) || (d.Month == 12 && d.Day == 24))
            return 0.45;
        return 1.0;
    }

    /// <summary>VIX (and RVX) bars: Close from the log path, Open part-way from the previous close, a small range; AdjClose and Volume NaN (as CBOE's file).</summary>
    private static DailyBar[] VixBars(DateOnly[] dates, double[] logVix, ulong seed, ulong stream = 10)
    {
        var rng = new SampleRandom(seed, StreamBarsBase + stream);
        var bars = new DailyBar[dates.Length];
        var previous = logVix[0];
        for (var t = 0; t < dates.Length; t++)
        {
            var c = Round(Math.Exp(logVix[t]), 2);
            var o = Round(Math.Exp(previous + (0.4 * (logVix[t] - previous)) + (0.01 * rng.NextNormal())), 2);
            var hi = Math.Max(Round(Math.Max(o, c) * Math.Exp(0.03 * Math.Abs(rng.NextNormal())), 2), Math.Max(o, c));
            var lo = Math.Min(Round(Math.Min(o, c) * Math.Exp(-0.025 * Math.Abs(rng.NextNormal())), 2), Math.Min(o, c));
            bars[t] = new DailyBar(dates[t], o, hi, lo, c, double.NaN, double.NaN);
            previous = logVix[t];
        }

        return bars;
    }

    private static DailyBar[] ValueBars(DateOnly[] dates, double[] values, int digits)
    {
        var bars = new DailyBar[dates.Length];
        for (var t = 0; t < dates.Length; t++)
            bars[t] = DailyBar.Value(dates[t], Round(values[t], digits));
        return bars;
    }

    private sealed record EquitySpec(
        double EndPrice,
        double DividendYield,
        int PaymentsPerYear,
        int ExDividendDay,
        double VolumeBase,
        bool RussellReconstitution);
}
