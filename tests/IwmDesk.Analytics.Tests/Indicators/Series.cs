namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>Series comparison where NaN matches NaN (Shouldly's array tolerance treats NaN as unequal).</summary>
internal static class Series
{
    /// <summary>Hand-checked values: equal up to rounding, relative to max(|expected|, 1).</summary>
    public const double HandTolerance = 1e-12;

    public static void ShouldMatch(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double relative = HandTolerance)
    {
        actual.Length.ShouldBe(expected.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double a = actual[i], e = expected[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(a) : Math.Abs(a - e) <= relative * Math.Max(1, Math.Abs(e));
            if (!ok)
                throw new ShouldAssertException($"[{i}]: expected {e:R}, got {a:R}");
        }
    }
}
