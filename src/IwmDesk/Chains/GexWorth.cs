using IwmDesk.Analytics.Statistics;
using IwmDesk.Data.Store;

namespace IwmDesk.Chains;

/// <summary>One group of chain days (e.g. spot above the flip) and what the underlying did next.</summary>
/// <param name="Condition">The split, e.g. "spot above flip".</param>
/// <param name="Outcome">"next-day |move| %" or "5-day range %".</param>
/// <param name="N">Days in the group with a known outcome.</param>
/// <param name="Mean">Mean outcome (%); NaN when N = 0.</param>
/// <param name="Low">2.5th percentile of the block-bootstrap mean (%); NaN with too few cases.</param>
/// <param name="High">97.5th percentile (%).</param>
/// <param name="BaselineN">All chain days with a known outcome.</param>
/// <param name="BaselineMean">Their mean (%): the baseline the group is compared with.</param>
/// <param name="NeweyWestT">Newey–West t of the group mean minus the baseline (lags max(h − 1, 4(T/100)^(2/9))), NaN with too few cases.</param>
/// <param name="TooFewCases">True when the group or its complement has fewer than <see cref="GexWorth.MinCases"/> days.</param>
public sealed record GexWorthCell(
    string Condition,
    string Outcome,
    int N,
    double Mean,
    double Low,
    double High,
    int BaselineN,
    double BaselineMean,
    double NeweyWestT,
    bool TooFewCases);

/// <summary>
/// What positioning is worth, measured on the GEX history: the next-day absolute move and the realised 5-day range of
/// the underlying (high − low over the next 5 bars over the chain day's close) when spot is above vs below the flip and
/// when net GEX is positive vs negative. Each group's mean comes with n, the all-days baseline and a 95% circular
/// block-bootstrap interval (Dependence.cs: blocks of max(5, 20, T^(1/3)) days, 2,000 resamples, fixed seed; the
/// 5-day windows overlap, so the blocks keep them together) and the Newey–West t of the difference. Fewer than
/// <see cref="MinCases"/> days in a group or its complement: "too few cases", no interval.
/// </summary>
public static class GexWorth
{
    /// <summary>Fewest days in each side of a split before an interval is shown.</summary>
    public const int MinCases = 30;

    /// <summary>Horizon of the range outcome, trading days.</summary>
    public const int RangeDays = 5;

    /// <summary>Measures the splits over <paramref name="history"/> with the bars of <paramref name="underlying"/> from the store.</summary>
    public static IReadOnlyList<GexWorthCell> Measure(MarketStore store, IReadOnlyList<GexHistoryRow> history, string underlying = "IWM")
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(history);
        var bars = store.LoadSeries(underlying);
        return Measure(bars.Dates, bars.High, bars.Low, bars.Close, history);
    }

    /// <summary>The same over given bars (dates ascending).</summary>
    public static IReadOnlyList<GexWorthCell> Measure(
        IReadOnlyList<DateOnly> dates, IReadOnlyList<double> high, IReadOnlyList<double> low, IReadOnlyList<double> close, IReadOnlyList<GexHistoryRow> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var index = new Dictionary<DateOnly, int>();
        for (var i = 0; i < dates.Count; i++)
            index[dates[i]] = i;

        // Per chain day: the outcomes, known only from the bars after the chain day's close.
        var move = new List<double>();
        var range = new List<double>();
        var aboveFlipMove = new List<bool?>();
        var aboveFlipRange = new List<bool?>();
        var positiveMove = new List<bool>();
        var positiveRange = new List<bool>();
        foreach (var row in history.OrderBy(r => r.AsOf))
        {
            if (!index.TryGetValue(row.AsOf, out var i) || !(close[i] > 0))
                continue;
            bool? above = row.Flip is { } f ? row.Spot > f : null;
            if (i + 1 < dates.Count && close[i + 1] > 0)
            {
                move.Add(Math.Abs((close[i + 1] / close[i]) - 1) * 100);
                aboveFlipMove.Add(above);
                positiveMove.Add(row.TotalGex > 0);
            }

            if (i + RangeDays < dates.Count)
            {
                double hi = double.NegativeInfinity, lo = double.PositiveInfinity;
                for (var k = i + 1; k <= i + RangeDays; k++)
                {
                    hi = Math.Max(hi, high[k]);
                    lo = Math.Min(lo, low[k]);
                }

                range.Add((hi - lo) / close[i] * 100);
                aboveFlipRange.Add(above);
                positiveRange.Add(row.TotalGex > 0);
            }
        }

        var cells = new List<GexWorthCell>();
        void Split(string outcome, List<double> values, int horizon, IReadOnlyList<bool?> flags, string yes, string no)
        {
            // Days without a flip are left out of the flip split.
            var v = new List<double>();
            var f = new List<bool>();
            for (var i = 0; i < values.Count; i++)
            {
                if (flags[i] is { } b)
                {
                    v.Add(values[i]);
                    f.Add(b);
                }
            }

            cells.Add(Cell(yes, outcome, v, f, true, horizon));
            cells.Add(Cell(no, outcome, v, f, false, horizon));
        }

        const string Move = "next-day |move| %", Range = "5-day range %";
        Split(Move, move, 1, aboveFlipMove, "spot above flip", "spot below flip");
        Split(Move, move, 1, positiveMove.Select(b => (bool?)b).ToList(), "net GEX > 0", "net GEX <= 0");
        Split(Range, range, RangeDays, aboveFlipRange, "spot above flip", "spot below flip");
        Split(Range, range, RangeDays, positiveRange.Select(b => (bool?)b).ToList(), "net GEX > 0", "net GEX <= 0");
        return cells;
    }

    private static GexWorthCell Cell(string condition, string outcome, List<double> values, List<bool> flags, bool side, int horizon)
    {
        var t = values.Count;
        var signal = new bool[t];
        var n = 0;
        double sum = 0, all = 0;
        for (var i = 0; i < t; i++)
        {
            signal[i] = flags[i] == side;
            all += values[i];
            if (signal[i])
            {
                n++;
                sum += values[i];
            }
        }

        var mean = n == 0 ? double.NaN : sum / n;
        var baseline = t == 0 ? double.NaN : all / t;
        var tooFew = n < MinCases || t - n < MinCases;
        if (tooFew)
            return new GexWorthCell(condition, outcome, n, mean, double.NaN, double.NaN, t, baseline, double.NaN, true);

        var block = BlockBootstrapPlan.DefaultBlockLength(horizon, t);
        var plan = BlockBootstrapPlan.Create(t, block);
        var intervals = BlockBootstrap.Run(plan, values.ToArray(), signal, new BootstrapWorkspace());
        var nwT = Dependence.NeweyWestT(values.ToArray(), signal, baseline, Dependence.NeweyWestLags(horizon, t));
        return new GexWorthCell(condition, outcome, n, mean, intervals.MeanLow, intervals.MeanHigh, t, baseline, nwT, false);
    }
}
