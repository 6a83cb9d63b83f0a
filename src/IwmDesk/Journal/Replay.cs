using System.Diagnostics;
using IwmDesk.Data.Store;
using IwmDesk.Forecast;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Journal;

/// <summary>Where a replay is.</summary>
/// <param name="Done">Days finished.</param>
/// <param name="Total">Days in the replay.</param>
/// <param name="Date">The day just finished.</param>
public sealed record ReplayProgress(int Done, int Total, DateOnly Date);

/// <summary>What a replay did.</summary>
/// <param name="Kind">forecast or workflow.</param>
/// <param name="Days">Trading days replayed.</param>
/// <param name="Journaled">Runs written (0 with --no-journal).</param>
/// <param name="First">First day.</param>
/// <param name="Last">Last day.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Calls">Calls made, by horizon and direction (e.g. "1d Bullish").</param>
/// <param name="Retries">Transactions retried because the store was busy.</param>
public sealed record ReplaySummary(
    JournalKind Kind, int Days, int Journaled, DateOnly? First, DateOnly? Last, TimeSpan Elapsed, IReadOnlyDictionary<string, int> Calls, int Retries);

/// <summary>
/// The replay loop: for each trading day, produce the run from data up to that day alone and journal it in its own
/// transaction. The producer is the hook: <see cref="ForecastReplay.Produce"/> for forecasts; a workflow replay passes
/// its own <c>Func&lt;DateOnly, JournalRun&gt;</c> (kind = workflow) and reuses everything else.
/// </summary>
public static class ReplayEngine
{
    /// <summary>The IWM trading days of <paramref name="panel"/> in [from, to].</summary>
    public static IReadOnlyList<DateOnly> Days(FeaturePanel panel, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (to < from)
            throw new IwmDeskException($"--to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");
        var days = panel.Dates.Where(d => d >= from && d <= to).ToList();
        if (days.Count == 0)
        {
            throw new IwmDeskException(panel.Count == 0
                ? "no IWM data in the store: import IWM first (iwmdesk data import IWM_daily.csv)"
                : $"no IWM trading day between {from:yyyy-MM-dd} and {to:yyyy-MM-dd} (data covers {panel.Dates[0]:yyyy-MM-dd} to {panel.Dates[^1]:yyyy-MM-dd})");
        }

        return days;
    }

    /// <summary>
    /// Produces a run for each day and writes it to <paramref name="journal"/> (null: produce only). Runs are written in
    /// day order, one transaction each; a cancelled replay stops after the run in hand, leaving every written run whole.
    /// </summary>
    public static ReplaySummary Run(
        JournalKind kind, IReadOnlyList<DateOnly> days, Func<DateOnly, JournalRun> produce, JournalStore? journal,
        IProgress<ReplayProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(produce);
        var watch = Stopwatch.StartNew();
        var calls = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var written = 0;
        var retriesBefore = journal?.Retries ?? 0;
        for (var i = 0; i < days.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var run = produce(days[i]);
            // The run's headline calls (a workflow's checklist, a forecast's horizons); the steps' own answers are journaled
            // too but scored apart (StepTrackRecords), so they are not counted here.
            foreach (var c in run.Calls.Where(c => !StepTrackRecords.IsStep(c.Source)))
            {
                var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Horizon}d {JournalCall.NormalizeDirection(c.Direction)}");
                calls[key] = calls.GetValueOrDefault(key) + 1;
            }

            if (journal is not null)
            {
                journal.Write(run);
                written++;
            }

            progress?.Report(new ReplayProgress(i + 1, days.Count, days[i]));
        }

        return new ReplaySummary(kind, days.Count, written, days.Count > 0 ? days[0] : null, days.Count > 0 ? days[^1] : null,
            watch.Elapsed, calls, (journal?.Retries ?? 0) - retriesBefore);
    }
}

/// <summary>
/// Forecast replay: the forecast for each day from the panel rows up to that day (<see cref="ForecastBuilder.Build"/>
/// with that date, which works on a copy of the rows up to it), the data hash from one pass over the panel
/// (<see cref="PanelHash.Chain"/>), and the gamma flip of the day's IWM chain when one is stored.
/// </summary>
public sealed class ForecastReplay
{
    private readonly FeaturePanel _panel;
    private readonly RuleSet _rules;
    private readonly ForecastOptions? _options;
    private readonly string[] _hashes;
    private readonly Dictionary<DateOnly, double?> _flips = [];
    private readonly SortedDictionary<(DateOnly AsOf, int Horizon), CalibrationCall> _history = [];

    /// <summary>Prepares a replay over <paramref name="days"/> (gamma flips are read from the store here, once).</summary>
    public ForecastReplay(MarketStore store, FeaturePanel panel, RuleSet rules, IReadOnlyList<DateOnly> days, ForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(days);
        _panel = panel;
        _rules = rules;
        _options = options;

        // The calibration learns from the journal's forecast calls and, as the replay goes, from its own: a run for a
        // date replaces an older one (the latest counts, as in the score); a forecast uses only outcomes known by its date.
        foreach (var c in ForecastRuns.CalibrationHistory(store, panel))
            _history[(c.AsOf, c.Horizon)] = c;
        _hashes = PanelHash.Chain(panel);
        var chainDates = store.ListChains("IWM").Select(c => c.AsOf).ToHashSet();
        foreach (var d in days)
        {
            if (chainDates.Contains(d))
                _flips[d] = ForecastRuns.GammaFlip(store, d);
        }
    }

    /// <summary>The journal run of the forecast for <paramref name="date"/> (an IWM trading day of the panel).</summary>
    public JournalRun Produce(DateOnly date)
    {
        var idx = _panel.IndexOnOrBefore(date);
        var options = (_options ?? new ForecastOptions()) with { CalibrationHistory = [.. _history.Values] };
        var f = ForecastBuilder.Build(_panel, _rules, date, _flips.GetValueOrDefault(date), options);
        var run = ForecastRuns.ToRun(f, _rules, _panel, _hashes[idx], JournalMode.Replay);
        foreach (var c in ForecastRuns.Matured(_panel, f.Date, run.Calls.Select(c => (c.Horizon, c.PUp))))
            _history[(c.AsOf, c.Horizon)] = c;
        return run;
    }
}
