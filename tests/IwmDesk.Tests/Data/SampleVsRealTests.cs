using IwmDesk.Data.Sample;
using IwmDesk.Testing;
using Xunit.Abstractions;

namespace IwmDesk.Tests.Data;

/// <summary>
/// Computes the sample-vs-real statistics of docs/sample-data.md from the real files in ../shared/data/real and
/// prints them as a markdown table (scripts/sample-stats.sh runs this and saves the table).
/// </summary>
public class SampleVsRealTests(ITestOutputHelper output)
{
    // How far the sample may sit from the real IWM of the last seven years.
    private const double VolatilityTolerance = 0.06, AutocorrelationTolerance = 0.1, VixCorrelationTolerance = 0.1, KreBetaTolerance = 0.15;

    private static readonly DateOnly RecentFrom = new(2019, 5, 2), RecentTo = new(2026, 5, 1);

    [RealDataFact]
    public void SampleVsReal_Statistics_CloseToRecentIwm()
    {
        var sample = MarketStatistics.Profile(MarketStatistics.SampleInputs(SampleGenerator.Generate()));
        var recent = MarketStatistics.Profile(RealMarketData.Load(RecentFrom, RecentTo));
        var full = MarketStatistics.Profile(RealMarketData.Load(DateOnly.MinValue, DateOnly.MaxValue));

        var table = MarketStatistics.Table(
        [
            ("sample (default seed)", sample),
            ("real, last 7 years", recent),
            ("real, full history", full),
        ]);
        output.WriteLine(table);
        if (Environment.GetEnvironmentVariable("IWMDESK_STATS_OUT") is { Length: > 0 } path)
            File.WriteAllText(path, table);

        // The real files were read as expected: IWM over the whole window, the FINRA and DIX series beside it.
        recent.Days.ShouldBeGreaterThan(1700);
        full.DarkPoolDays.ShouldBe(2904);
        full.GexDays.ShouldBeGreaterThan(3700);

        // The sample behaves like the real IWM of the same length of history.
        sample.AnnualisedVolatility.ShouldBe(recent.AnnualisedVolatility, VolatilityTolerance);
        sample.ExcessKurtosis.ShouldBeGreaterThan(1);
        recent.ExcessKurtosis.ShouldBeGreaterThan(1);
        sample.AbsAutocorrelation1.ShouldBe(recent.AbsAutocorrelation1, AutocorrelationTolerance);
        sample.AbsAutocorrelation20.ShouldBe(recent.AbsAutocorrelation20, AutocorrelationTolerance);
        sample.VixReturnCorrelation.ShouldBe(recent.VixReturnCorrelation, VixCorrelationTolerance);
        sample.KreBeta.ShouldBe(recent.KreBeta, KreBetaTolerance);

        // Negative gamma goes with a high VIX in both (for the real data the SPX GEX of SqueezeMetrics is the proxy).
        recent.MeanVixWhenGexNegative.ShouldBeGreaterThan(recent.MeanVixWhenGexPositive);
        sample.MeanVixWhenGexNegative.ShouldBeGreaterThan(sample.MeanVixWhenGexPositive);
    }
}
