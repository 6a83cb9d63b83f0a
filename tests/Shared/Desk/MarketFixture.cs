using System.Globalization;
using System.Text;

namespace IwmDesk.Testing;

/// <summary>
/// Small hand-made market files: IWM, SPY and VIX as Yahoo daily CSVs over 420 weekdays from 2023-01-02, from a
/// seeded random walk (deterministic), so rules with a 200-day warm-up fire in the last year.
/// </summary>
internal static class MarketFixture
{
    public const int Rows = 420;

    /// <summary>Writes IWM.csv, SPY.csv and VIX.csv into <paramref name="dir"/> and returns their paths.</summary>
    public static string[] WriteFiles(string dir)
    {
        var rng = new Random(20240501);
        var dates = new List<DateOnly>();
        for (var d = new DateOnly(2023, 1, 2); dates.Count < Rows; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                dates.Add(d);
        }

        var iwm = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        var spy = new StringBuilder(iwm.ToString());
        var vix = new StringBuilder(iwm.ToString());
        double p = 180, s = 400, v = 18;
        foreach (var d in dates)
        {
            var shock = (rng.NextDouble() - 0.49) * 0.03;
            p *= 1 + shock;
            s *= 1 + (shock * 0.8) + ((rng.NextDouble() - 0.5) * 0.004);
            v = Math.Clamp(v * (1 - (shock * 4)) + ((rng.NextDouble() - 0.5) * 0.8), 10, 60);
            Row(iwm, d, p, 0.995);
            Row(spy, d, s, 0.99);
            Row(vix, d, v, 1);
        }

        var files = new[] { ("IWM.csv", iwm), ("SPY.csv", spy), ("VIX.csv", vix) };
        return [.. files.Select(f =>
        {
            var path = Path.Combine(dir, f.Item1);
            File.WriteAllText(path, f.Item2.ToString());
            return path;
        })];
    }

    private static void Row(StringBuilder sb, DateOnly d, double close, double adj)
    {
        var c = Math.Round(close, 4);
        sb.Append(CultureInfo.InvariantCulture,
            $"{d:yyyy-MM-dd},{Math.Round(c * 0.998, 4)},{Math.Round(c * 1.01, 4)},{Math.Round(c * 0.99, 4)},{c},{Math.Round(c * adj, 4)},{1_000_000 + (int)(c * 100)}\n");
    }
}
