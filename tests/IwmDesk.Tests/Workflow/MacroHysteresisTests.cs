using IwmDesk.Analysts;
using IwmDesk.Session;
using IwmDesk.Tests.Forecast;
using IwmDesk.Testing;
using Xunit.Abstractions;

namespace IwmDesk.Tests.Workflow;

/// <summary>Recovery precedence and hysteresis of the macro classifier, measured on the real files (docs/workflow.md).</summary>
public sealed class MacroHysteresisTests(ITestOutputHelper log)
{
    private sealed record Stats(double SwitchesPerYear, double MedianRun, int Days);

    /// <summary>Regime switches per year and the median run length (trading days) over the rows from 2000 on.</summary>
    private static Stats Measure(DateOnly[] dates, MacroRegime[] regimes)
    {
        var first = Array.FindIndex(dates, d => d >= new DateOnly(2000, 1, 1));
        var runs = new List<int>();
        var switches = 0;
        var run = 0;
        MacroRegime? prev = null;
        var days = 0;
        for (var t = first; t < dates.Length; t++)
        {
            if (regimes[t] == MacroRegime.NotAvailable)
                continue;
            days++;
            if (prev is not null && regimes[t] != prev)
            {
                switches++;
                runs.Add(run);
                run = 0;
            }

            run++;
            prev = regimes[t];
        }

        runs.Add(run);
        runs.Sort();
        var years = (dates[^1].DayNumber - dates[first].DayNumber) / 365.25;
        var median = runs.Count % 2 == 1 ? runs[runs.Count / 2] : (runs[(runs.Count / 2) - 1] + runs[runs.Count / 2]) / 2.0;
        return new Stats(switches / years, median, days);
    }

    private static double Share(DateOnly[] dates, MacroRegime[] regimes, DateOnly from, DateOnly to, MacroRegime regime)
    {
        var idx = Enumerable.Range(0, dates.Length).Where(t => dates[t] >= from && dates[t] <= to).ToList();
        return idx.Count(t => regimes[t] == regime) / (double)idx.Count;
    }

    [RealDataFact]
    public void RealFiles_PrecedenceAndHysteresis_FewerSwitches_2009IsRecovery()
    {
        // Given the real files' panel
        using var desk = Desk.Open(RealStore.Path);
        var panel = desk.Panel;

        // When classified the old way (stress first, switch daily) and the new way (recovery precedence, 5-day hold)
        var old = MacroRegimeAnalyst.RegimeSeries(panel, new MacroOptions { RecoveryFromStressChange = double.NegativeInfinity, HoldDays = 1 });
        var now = MacroRegimeAnalyst.RegimeSeries(panel, new MacroOptions());
        var before = Measure(panel.Dates, old.Raw);
        var after = Measure(panel.Dates, now.Held);
        var rawNew = Measure(panel.Dates, now.Raw);
        log.WriteLine($"before: {before.SwitchesPerYear:0.0} switches a year, median run {before.MedianRun} days ({before.Days} days)");
        log.WriteLine($"precedence only: {rawNew.SwitchesPerYear:0.0} switches a year, median run {rawNew.MedianRun} days");
        log.WriteLine($"after: {after.SwitchesPerYear:0.0} switches a year, median run {after.MedianRun} days");
        var y2009Old = Share(panel.Dates, old.Raw, new(2009, 4, 1), new(2009, 12, 31), MacroRegime.CreditStress);
        var y2009New = Share(panel.Dates, now.Held, new(2009, 4, 1), new(2009, 12, 31), MacroRegime.RecoveryPhase);
        log.WriteLine($"2009-04..12: Credit Stress {y2009Old:0%} of days before; Recovery Phase {y2009New:0%} after");

        // Then the regime changes far less often, runs last at least the hold, and 2009's rebound reads as a recovery
        before.MedianRun.ShouldBeLessThan(5);
        after.SwitchesPerYear.ShouldBeLessThan(before.SwitchesPerYear / 2);
        after.MedianRun.ShouldBeGreaterThanOrEqualTo(new MacroOptions().HoldDays);
        y2009Old.ShouldBeGreaterThan(0.9);
        y2009New.ShouldBeGreaterThan(0.5);

        // and the held regime never changes on a day the rules did not read the new regime
        for (var t = 1; t < panel.Count; t++)
        {
            if (now.Held[t] != now.Held[t - 1] && now.Held[t] != MacroRegime.NotAvailable && now.Held[t - 1] != MacroRegime.NotAvailable)
                now.Raw[t].ShouldBe(now.Held[t]);
        }
    }

    [RealDataFact]
    public void RealFiles_Analyze_ReportsTheHeldRegime_FromRowsUpToTheDate()
    {
        using var desk = Desk.Open(RealStore.Path);
        var series = MacroRegimeAnalyst.RegimeSeries(desk.Panel);
        foreach (var d in new[] { new DateOnly(2009, 6, 1), new DateOnly(2020, 3, 23), new DateOnly(2020, 7, 1), new DateOnly(2023, 3, 17) })
        {
            var i = desk.Panel.IndexOnOrBefore(d);
            var r = MacroRegimeAnalyst.Analyze(desk.Panel, desk.Panel.Dates[i]);
            r.Regime.ShouldBe(series.Held[i], d.ToString());
            r.Facts["regime_today"].ShouldBe(series.Raw[i].Text());
            // the same answer from the panel cut at the date
            MacroRegimeAnalyst.Analyze(desk.Panel.Head(i + 1)).Regime.ShouldBe(r.Regime);
        }
    }
}
