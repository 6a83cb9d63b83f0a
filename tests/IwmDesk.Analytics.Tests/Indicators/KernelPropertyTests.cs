namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>Properties every indicator must have: batch equals streaming exactly, no look-ahead, NaN before warm-up.</summary>
public sealed class KernelPropertyTests
{
    // Longer than the running-sum rebuild interval (1024, or 4 windows), so rebuilds happen in both paths.
    private const int Length = 3400;

    public static TheoryData<string> Cases => new(IndicatorCase.All.Select(c => c.Name));

    private static IndicatorCase Get(string name) => IndicatorCase.All.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchAndStreaming_CleanInput_AgreeBitForBit(string name)
    {
        var c = Get(name);
        var bars = Bars.RandomWalk(Length);
        AssertIdentical(c.Batch(bars), c.Streaming(bars), name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchAndStreaming_InputWithNaNAndInfinity_AgreeBitForBit(string name)
    {
        var c = Get(name);
        var bars = Bars.WithGaps(Length);
        AssertIdentical(c.Batch(bars), c.Streaming(bars), name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_DataAppendedAfterD_NeverChange(string name)
    {
        var c = Get(name);
        var bars = Bars.WithGaps(Length);
        var full = c.Batch(bars);
        foreach (int d in new[] { 1, 30, 257, 1023, 1024, 1025, 2047, 3399 })
        {
            var prefix = c.Batch(bars.Prefix(d));
            for (int k = 0; k < full.Length; k++)
                AssertIdentical([prefix[k]], [full[k][..d]], $"{name} output {k}, first {d} bars");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_BeforeWarmUp_AreNaNAndDefinedFromLookback(string name)
    {
        var c = Get(name);
        var outputs = c.Batch(Bars.RandomWalk(Length));
        var first = outputs[0];
        for (int i = 0; i < c.Lookback; i++)
            first[i].ShouldBe(double.NaN, $"{name}[{i}]");
        double.IsFinite(first[c.Lookback]).ShouldBeTrue($"{name}[{c.Lookback}] should be the first value");
        foreach (var o in outputs)
            o.Count(double.IsFinite).ShouldBeGreaterThan(Length / 2, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_AfterAGap_RecoverToFiniteValues(string name)
    {
        var c = Get(name);
        var outputs = c.Batch(Bars.WithGaps(Length));
        // The last gap is at 2600; every window (≤ 700 bars) is clear of it by bar 3300.
        foreach (var o in outputs)
            double.IsFinite(o[^1]).ShouldBeTrue(name);
    }

    internal static void AssertIdentical(double[][] a, double[][] b, string what)
    {
        a.Length.ShouldBe(b.Length, what);
        for (int k = 0; k < a.Length; k++)
        {
            a[k].Length.ShouldBe(b[k].Length, what);
            for (int i = 0; i < a[k].Length; i++)
            {
                double x = a[k][i], y = b[k][i];
                bool same = double.IsNaN(x) ? double.IsNaN(y) : BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);
                if (!same)
                    throw new ShouldAssertException($"{what}: output {k}[{i}] differs: {x:R} vs {y:R}");
            }
        }
    }
}
