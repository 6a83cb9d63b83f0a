using IwmDesk.Testing;
using Xunit.Abstractions;

namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>Our kernels against values from independent implementations (TA-Lib C for *_talib.csv; two-pass C,
/// long double for Bollinger %B and bandwidth, for *_stats.csv), stored in Reference/ by
/// scripts/reference/generate.sh.</summary>
public sealed class ReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> TaLibColumns => new(IndicatorSuite.TaLibColumns);

    public static TheoryData<string> StatsColumns => new(IndicatorSuite.StatsColumns);

    private static readonly Lazy<ReferenceFiles.Table> SyntheticInput = new(() => ReferenceFiles.Read("synthetic_input.csv"));

    [Theory]
    [MemberData(nameof(TaLibColumns))]
    public void Synthetic_TaLibColumn_MatchesReference(string column) => CheckSynthetic("synthetic_talib.csv", column);

    [Theory]
    [MemberData(nameof(StatsColumns))]
    public void Synthetic_StatsColumn_MatchesReference(string column) => CheckSynthetic("synthetic_stats.csv", column);

    [RealDataTheory]
    [MemberData(nameof(TaLibColumns))]
    public void Iwm_TaLibColumn_MatchesReference(string column) => CheckReal("iwm_talib.csv", column);

    [RealDataTheory]
    [MemberData(nameof(StatsColumns))]
    public void IwmSpy_StatsColumn_MatchesReference(string column) => CheckReal("iwm_spy_stats.csv", column);

    [Fact]
    public void SyntheticReference_HasDefinedValuesInEveryColumn()
    {
        // Guards against a reference column that is all NaN (a comparison that could not fail).
        foreach (var file in new[] { "synthetic_talib.csv", "synthetic_stats.csv" })
        {
            var table = ReferenceFiles.Read(file);
            foreach (var (name, values) in table.Columns)
                values.Count(double.IsFinite).ShouldBeGreaterThan(100, $"{file}:{name}");
        }
    }

    private void CheckSynthetic(string file, string column)
    {
        var input = SyntheticInput.Value;
        var expected = ReferenceFiles.Read(file)[column];
        var actual = IndicatorSuite.Compute(column, input["high"], input["low"], input["close"], input["b_close"]);
        output.WriteLine($"{column}: max scaled error {Tolerance.MaxError(actual, expected, column):G3}");
        Tolerance.AssertClose(actual, expected, column);
    }

    private void CheckReal(string file, string column)
    {
        var iwm = ReferenceFiles.ReadDaily("IWM_daily.csv");
        var spy = ReferenceFiles.ReadDaily("SPY_daily.csv");
        spy.Dates.ShouldBe(iwm.Dates, "IWM and SPY must share dates");
        var table = ReferenceFiles.Read(file);
        table.Dates.ShouldBe(iwm.Dates, $"{file} was generated from a different IWM_daily.csv");
        var expected = table[column];
        var actual = IndicatorSuite.Compute(column, iwm.High, iwm.Low, iwm.Close, spy.Close);
        output.WriteLine($"{column}: max scaled error {Tolerance.MaxError(actual, expected, column):G3}");
        Tolerance.AssertClose(actual, expected, column);
    }
}
