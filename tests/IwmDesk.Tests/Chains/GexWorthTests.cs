using IwmDesk.Chains;

namespace IwmDesk.Tests.Chains;

/// <summary>What positioning is worth: the machinery on a planted effect, and "too few cases" on a short history.</summary>
public sealed class GexWorthTests
{
    private static GexHistoryRow Row(DateOnly d, double spot, double? flip, double total) =>
        new(d, "f.csv", null, 1, spot, "", 0.04, 0.01, total, 0, 0, flip, null, null, null, 0, 0, 0, 0, null, 0, 0, 1, null, 1);

    private static (List<DateOnly> Dates, double[] High, double[] Low, double[] Close, List<GexHistoryRow> Rows) World(int days)
    {
        // Regimes of 10 days: below the flip (negative GEX) the next day moves 2%, above it 0.5%; ranges follow.
        var dates = new List<DateOnly>();
        for (var d = new DateOnly(2024, 1, 1); dates.Count < days + 6; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                dates.Add(d);
        }

        var n = dates.Count;
        var close = new double[n];
        var high = new double[n];
        var low = new double[n];
        var rows = new List<GexHistoryRow>();
        close[0] = 100;
        for (var i = 0; i < n; i++)
        {
            var below = i / 10 % 2 == 1;
            if (i > 0)
            {
                var wasBelow = (i - 1) / 10 % 2 == 1;
                close[i] = close[i - 1] * (1 + ((i % 2 == 0 ? 1 : -1) * (wasBelow ? 0.02 : 0.005)));
            }

            high[i] = close[i] * 1.001;
            low[i] = close[i] * 0.999;
            if (i < days)
                rows.Add(Row(dates[i], 100, below ? 101 : 99, below ? -1e9 : 1e9));
        }

        return (dates, high, low, close, rows);
    }

    [Fact]
    public void PlantedEffect_BelowTheFlipMovesMore_IntervalsSeparate_WithNAndBaseline()
    {
        var (dates, high, low, close, rows) = World(200);

        var cells = GexWorth.Measure(dates, high, low, close, rows);

        var above = cells.Single(c => c.Outcome.StartsWith("next-day", StringComparison.Ordinal) && c.Condition == "spot above flip");
        var below = cells.Single(c => c.Outcome.StartsWith("next-day", StringComparison.Ordinal) && c.Condition == "spot below flip");
        (above.N + below.N).ShouldBe(200);
        above.TooFewCases.ShouldBeFalse();
        above.Mean.ShouldBe(0.5, 1e-6);
        below.Mean.ShouldBe(2.0, 1e-6);
        above.BaselineMean.ShouldBe(1.25, 1e-6);
        below.Low.ShouldBeGreaterThan(above.High, "the block-bootstrap intervals separate");
        below.NeweyWestT.ShouldBeGreaterThan(2);
        cells.Single(c => c.Outcome.StartsWith("5-day", StringComparison.Ordinal) && c.Condition == "net GEX <= 0").Mean
            .ShouldBeGreaterThan(cells.Single(c => c.Outcome.StartsWith("5-day", StringComparison.Ordinal) && c.Condition == "net GEX > 0").Mean);
    }

    [Fact]
    public void TwentySevenDays_TooFewCases_NoInterval()
    {
        var (dates, high, low, close, rows) = World(27);

        var cells = GexWorth.Measure(dates, high, low, close, rows);

        cells.Count.ShouldBe(8);
        cells.ShouldAllBe(c => c.TooFewCases && double.IsNaN(c.Low) && double.IsNaN(c.High));
        GexHistoryReport.WorthText(cells).ShouldContain("too few cases");
    }

    [Fact]
    public void Outcomes_UseOnlyBarsAfterTheChainDay()
    {
        // A chain day whose next bar is missing from the data has no next-day outcome (never the same day's move).
        var (dates, high, low, close, rows) = World(40);
        var cut = dates.Count - 7;
        var cells = GexWorth.Measure(dates.Take(cut + 1).ToList(), high[..(cut + 1)], low[..(cut + 1)], close[..(cut + 1)], rows);
        var move = cells.Where(c => c.Outcome.StartsWith("next-day", StringComparison.Ordinal) && c.Condition.Contains("flip", StringComparison.Ordinal)).Sum(c => c.N);
        move.ShouldBe(rows.Count(r => dates.IndexOf(r.AsOf) < cut));
    }
}
