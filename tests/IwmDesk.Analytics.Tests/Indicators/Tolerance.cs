namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>How closely our values must match the independent reference.</summary>
internal static class Tolerance
{
    /// <summary>Relative tolerance against the reference implementation.</summary>
    public const double Relative = 1e-9;

    /// <summary>
    /// The magnitude below which a column is compared absolutely (|ours − reference| ≤ Relative·floor) rather than
    /// relatively. Unit-scale quantities that cross zero (correlation, %B, the MACD family, relative performance) are
    /// judged against the scale they live on: relative error is meaningless at a zero crossing. Zero means purely
    /// relative.
    /// </summary>
    public static double Floor(string column) => column switch
    {
        "bb_percent_b" or "corr_10" or "corr_20" or "corr_60" => 1.0, // bounded, O(1) quantities
        "macd" or "macd_signal" or "macd_hist" => 1.0,                 // price units; prices here are 10–1000
        "relperf_20" => 0.01,                                            // a fraction: 1% of the typical 20-day move
        _ => 0.0,
    };

    public static void AssertClose(double[] actual, double[] expected, string column)
    {
        actual.Length.ShouldBe(expected.Length, column);
        double floor = Floor(column);
        for (int i = 0; i < expected.Length; i++)
        {
            double a = actual[i], e = expected[i];
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                if (double.IsNaN(e) != double.IsNaN(a))
                    throw new ShouldAssertException($"{column}[{i}]: ours {a:R}, reference {e:R} (one is NaN)");
                continue;
            }
            double allowed = Relative * Math.Max(Math.Abs(e), floor);
            if (!(Math.Abs(a - e) <= allowed))
                throw new ShouldAssertException($"{column}[{i}]: ours {a:R}, reference {e:R}, difference {Math.Abs(a - e):G3} > {allowed:G3}");
        }
    }

    /// <summary>Largest |ours − reference| / max(|reference|, floor) over the defined values (for diagnostics).</summary>
    public static double MaxError(double[] actual, double[] expected, string column)
    {
        double floor = Floor(column), worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]) || double.IsNaN(actual[i]) || actual[i] == expected[i])
                continue;
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), floor));
        }
        return worst;
    }
}
