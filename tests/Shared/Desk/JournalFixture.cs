using System.Globalization;
using System.Text;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Journal;

namespace IwmDesk.Testing;

/// <summary>
/// A hand-computed scoring case: ten IWM closes and six runs whose calls have known outcomes (see
/// JournalScorerTests for the arithmetic).
/// </summary>
internal static class JournalFixture
{
    /// <summary>Adjusted closes of d0..d9.</summary>
    public static readonly double[] Closes = [100, 101, 99, 102, 102, 98, 100, 103, 104, 101];

    /// <summary>d0..d9: consecutive weekdays from 2024-01-02.</summary>
    public static readonly DateOnly[] Dates = MakeDates();

    /// <summary>The runs (as-of date index, calls).</summary>
    public static IReadOnlyList<JournalRun> Runs() =>
    [
        Run(0, Call("a", "Bullish", 1, 0.7, rules: ["X"]), Call("b", "Bearish", 5, 0.4)),
        Run(2, Call("c", "bullish", 1, 0.6, rules: ["X", "Y"]), Call("d", "Neutral", 5, 0.55)),
        Run(4, Call("e", "Bearish", 1, 0.45, regime: "crisis", conviction: "high"), Call("f", "Bullish", 5, 0.65, regime: "crisis", conviction: "high")),
        Run(3, Call("g", "Neutral", 1, null), Call("h", "Bullish", 7, 0.8)),
        Run(8, Call("i", "Bearish", 1, 0.3), Call("j", "NEUTRAL", 1, 0.52)),
        Run(9, Call("k", "Bullish", 1, 0.6)),
    ];

    /// <summary>The IWM bars (real origin).</summary>
    public static List<DailyBar> Bars() =>
        [.. Dates.Select((d, i) => new DailyBar(d, Closes[i], Closes[i], Closes[i], Closes[i], Closes[i], 1000))];

    /// <summary>Writes the IWM bars and the runs into <paramref name="store"/>.</summary>
    public static void Fill(MarketStore store)
    {
        using (var tx = store.BeginWrite())
        {
            tx.UpsertBars("IWM", Bars(), DataOrigin.Real);
            tx.Commit();
        }

        var journal = new JournalStore(store);
        foreach (var run in Runs())
            journal.Write(run);
    }

    /// <summary>A Yahoo CSV of the IWM bars.</summary>
    public static string Csv()
    {
        var sb = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        for (var i = 0; i < Dates.Length; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{Dates[i]:yyyy-MM-dd},{Closes[i]},{Closes[i]},{Closes[i]},{Closes[i]},{Closes[i]},1000\n");
        return sb.ToString();
    }

    private static JournalRun Run(int asOf, params JournalCall[] calls) => new()
    {
        Kind = calls.Any(c => c.Regime is not null) ? JournalKind.Workflow : JournalKind.Forecast,
        AsOf = Dates[asOf],
        DataSource = "real",
        DataHash = "hash" + asOf.ToString(CultureInfo.InvariantCulture),
        RulesHash = "rules",
        Payload = "{\"as_of_index\":" + asOf.ToString(CultureInfo.InvariantCulture) + "}",
        Calls = calls,
    };

    private static JournalCall Call(string source, string direction, int horizon, double? pUp, string[]? rules = null, string? regime = null, string? conviction = null) => new()
    {
        Source = source,
        Direction = direction,
        Horizon = horizon,
        PUp = pUp,
        Probability = pUp is { } p ? (direction.StartsWith("Bear", StringComparison.OrdinalIgnoreCase) ? 1 - p : p) : null,
        Rules = rules ?? [],
        Regime = regime,
        Conviction = conviction,
    };

    private static DateOnly[] MakeDates()
    {
        var list = new List<DateOnly>();
        for (var d = new DateOnly(2024, 1, 2); list.Count < 10; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                list.Add(d);
        }

        return [.. list];
    }
}
