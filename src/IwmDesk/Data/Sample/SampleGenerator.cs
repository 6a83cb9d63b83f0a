namespace IwmDesk.Data.Sample;

/// <summary>
/// Generates the bundled synthetic sample: a deterministic, clearly labelled stand-in for market data so that every
/// IwmDesk command runs on a fresh machine with an empty store and no network. Pure: no I/O, no clock, no store.
/// The model and its parameters are documented in <c>docs/sample-data.md</c>.
/// </summary>
public static partial class SampleGenerator
{
    // Independent random streams, one per component: changing how one series is drawn never shifts another.
    private const ulong StreamIwm = 1, StreamSpy = 2, StreamKre = 3, StreamHyg = 4, StreamVix = 5, StreamRates = 6,
        StreamOas = 7, StreamDollar = 8, StreamGex = 9, StreamShortVolume = 10, StreamRevisions = 11, StreamChain = 12,
        StreamRvx = 13,
        StreamBarsBase = 100;

    /// <summary>The synthetic RVX over the synthetic VIX, before its own wobble.</summary>
    private const double RvxPerVix = 1.15;

    /// <summary>
    /// Generates the sample. Same options → bit-identical output. About 1,760 trading days per 7 years; O(days).
    /// </summary>
    /// <param name="options">Seed, end date and years; null for the bundled defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">Years outside 1..30, or a window starting before 1990.</exception>
    public static SampleDataSet Generate(SampleOptions? options = null)
    {
        options ??= new SampleOptions();
        if (options.Years is < SampleOptions.MinYears or > SampleOptions.MaxYears)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.Years, $"Years must be {SampleOptions.MinYears}..{SampleOptions.MaxYears}");
        }

        if (options.EndDate.Year - options.Years < 1990 || options.EndDate.Year > 2200)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.EndDate, "EndDate minus Years must not reach before 1990, and EndDate must be before 2200");
        }

        var end = TradingCalendar.OnOrBefore(options.EndDate);
        var dates = TradingCalendar.Days(end.AddYears(-options.Years).AddDays(1), end).ToArray();
        var seed = options.Seed;
        var m = MarketPath.Simulate(dates, seed);

        var series = new SampleSeries[]
        {
            new(SampleSymbols.Iwm, "synthetic iShares Russell 2000 ETF, USD", EquityBars(dates, m.IwmReturn, m.IwmSd, Iwm, seed, 0)),
            new(SampleSymbols.Kre, "synthetic SPDR S&P Regional Banking ETF, USD", EquityBars(dates, m.KreReturn, m.KreSd, Kre, seed, 1)),
            new(SampleSymbols.Spy, "synthetic SPDR S&P 500 ETF, USD", EquityBars(dates, m.SpyReturn, m.SpySd, Spy, seed, 2)),
            new(SampleSymbols.Hyg, "synthetic iShares iBoxx High Yield Corporate Bond ETF, USD", EquityBars(dates, m.HygReturn, m.HygSd, Hyg, seed, 3)),
            new(SampleSymbols.Vix, "synthetic CBOE Volatility Index, index points", VixBars(dates, m.LogVix, seed)),
            new(SampleSymbols.Rvx, "synthetic CBOE Russell 2000 Volatility Index (RVX), volatility points", VixBars(dates, LogRvx(m.LogVix, seed), seed, 11)),
            new(SampleSymbols.Dgs2, "synthetic 2-year Treasury yield, percent", ValueBars(dates, m.Dgs2, 2)),
            new(SampleSymbols.Dgs10, "synthetic 10-year Treasury yield, percent", ValueBars(dates, m.Dgs10, 2)),
            new(SampleSymbols.HighYieldOas, "synthetic ICE BofA US High Yield OAS, percent", ValueBars(dates, m.Oas, 2)),
            new(SampleSymbols.Dollar, "synthetic nominal broad US dollar index", ValueBars(dates, m.Dollar, 4)),
            new(SampleSymbols.IwmGex, "synthetic IWM dealer gamma exposure, USD per 1% move (calls +, puts -)", ValueBars(dates, m.Gex, 0)),
        };

        var iwm = series[0].Bars;
        var shortVolume = ShortVolumes(dates, iwm, seed);
        var revisions = Revisions(dates, m, seed);
        var chain = Chain(
            dates[^1],
            iwm[^1].Close,
            Math.Exp(m.LogVix[^1]),
            m.Dgs2[^1] / 100.0,
            m.Gex[^1],
            new SampleRandom(seed, StreamChain));

        return new SampleDataSet(options, dates, series, shortVolume, chain, revisions);
    }

    /// <summary>
    /// The synthetic RVX: the sample's VIX times <see cref="RvxPerVix"/> (small caps' implied vol runs above the S&amp;P's),
    /// times an AR(1) log wobble of its own (persistence 0.9, daily sd 0.03), from its own random stream.
    /// </summary>
    private static double[] LogRvx(double[] logVix, ulong seed)
    {
        var rng = new SampleRandom(seed, StreamRvx);
        var result = new double[logVix.Length];
        var wobble = 0.0;
        var level = Math.Log(RvxPerVix);
        for (var t = 0; t < logVix.Length; t++)
        {
            wobble = (0.9 * wobble) + (0.03 * rng.NextNormal());
            result[t] = logVix[t] + level + wobble;
        }

        return result;
    }

    private static double Round(double x, int digits) => Math.Round(x, digits, MidpointRounding.AwayFromZero);
}
