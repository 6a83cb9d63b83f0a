using System.Globalization;
using IwmDesk.Backtest;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;
using IwmDesk.Tests.Forecast;

namespace IwmDesk.Tests.Backtest;

/// <summary>The dark-pool ratio names its FINRA facility set, and a backtest measures it on one set only.</summary>
public class DarkPoolSetTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static FeaturePanel HandMade(double[] ratio, string[] source, DateOnly[] shortVolumeDates)
    {
        var dates = Enumerable.Range(0, ratio.Length).Select(i => new DateOnly(2021, 7, 12).AddDays(i)).ToArray();
        return new FeaturePanel(dates, new Dictionary<string, double[]> { [PanelColumns.DpRatio] = ratio }, new string[ratio.Length], isSample: false,
            new Dictionary<string, DateOnly[]> { ["IWM short volume"] = shortVolumeDates })
        {
            DpSource = source,
        };
    }

    [Fact]
    public void Of_ConsolidatedFirst_ThenTheTrfPairWithoutFnqc_ElseWhatTheDayHas()
    {
        var d = new DateOnly(2020, 1, 2);
        IwmDesk.Data.ShortVolumeRecord R(string facility, long s, long t) => new(d, "IWM", facility, s, 0, t, facility);
        DarkPoolSets.Of([R("CNMS", 60, 100), R("FNSQ", 1, 10)]).ShouldBe(("CNMS", 60L, 100L));
        DarkPoolSets.Of([R("FNSQ", 30, 50), R("FNYX", 20, 40), R("FNQC", 9, 10)]).ShouldBe((DarkPoolSets.TrfPair, 50L, 90L));
        DarkPoolSets.Of([R("FNYX", 20, 40)]).ShouldBe(("TRF FNYX", 20L, 40L));
    }

    [Fact]
    public void Summarize_CountsEachSet_MarksEveryChange_AndPicksTheSetWithTheMostDays()
    {
        var nan = double.NaN;
        var p = HandMade(
            [nan, 1.1, 1.2, 1.3, nan, 1.4, 1.5, 1.6],
            ["", DarkPoolSets.TrfPair, "TRF FNYX", DarkPoolSets.TrfPair, "", DarkPoolSets.TrfPair, "CNMS", "CNMS"],
            []);
        var s = DarkPoolSets.Summarize(p, 0, p.Count - 1);
        s.BacktestSet.ShouldBe(DarkPoolSets.TrfPair);
        s.DaysBySet.Select(kv => $"{kv.Key}={kv.Value}").ShouldBe(["TRF FNSQ+FNYX=3", "CNMS=2", "TRF FNYX=1"]);
        s.Breaks.Select(b => $"{b.Date:MM-dd} {b.From}>{b.To}").ShouldBe(["07-14 TRF FNSQ+FNYX>TRF FNYX", "07-15 TRF FNYX>TRF FNSQ+FNYX", "07-18 TRF FNSQ+FNYX>CNMS"]);
        s.LeftOut.ShouldBe(3);
        s.Text.ShouldBe("dark-pool ratio measured on TRF FNSQ+FNYX days only (3 days); left out: CNMS 2 days, TRF FNYX 1 day; 3 breaks in the series");

        // A range holding only CNMS days measures them.
        DarkPoolSets.Summarize(p, 6, 7).BacktestSet.ShouldBe("CNMS");
    }

    [Fact]
    public void MissingReason_SaysWhetherTheFilesStop_HaveAGap_OrNeverExisted()
    {
        var nan = double.NaN;
        var stored = new[] { new DateOnly(2021, 7, 13), new DateOnly(2021, 7, 14), new DateOnly(2021, 7, 16) };
        var p = HandMade([nan, nan, 1, nan, nan, 1, nan], new string[7], stored);
        DarkPoolSets.MissingReason(p, 0).ShouldBe("no FINRA short-volume data before 2021-07-13");
        DarkPoolSets.MissingReason(p, 1).ShouldBe("no FINRA short-volume data before 2021-07-13"); // the row of 07-13 carries the file of 07-12
        DarkPoolSets.MissingReason(p, 4).ShouldBe("no FINRA short-volume data for 2021-07-16 (the files stop on 2021-07-14 and start again on 2021-07-16)");
        DarkPoolSets.MissingReason(p, 6).ShouldBe("no FINRA short-volume data after 2021-07-16");
        DarkPoolSets.MissingReason(HandMade([nan], [""], []), 0).ShouldBe("no FINRA short-volume data");
    }

    /// <summary>
    /// On the real files, an independent reading of FINRA's raw rows (the TRF file and the 22 CNMS files of 2021-12) gives
    /// each day's set and ratio; the panel's row for the next IWM day carries exactly that, and the dark-pool rule is
    /// measured on the TRF FNSQ+FNYX days only.
    /// </summary>
    [RealDataFact]
    public void RealFiles_EveryDayNamesItsSet_TheRatioIsThatSets_AndTheBacktestUsesOneSet()
    {
        var dir = Path.Combine(TestData.RealDataDir!, "finra");
        var perDay = new Dictionary<DateOnly, Dictionary<string, (long Short, long Total)>>();
        foreach (var file in Directory.GetFiles(dir, "*.txt"))
        {
            var consolidated = Path.GetFileName(file).StartsWith("CNMS", StringComparison.Ordinal);
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var f = line.TrimEnd('\r').Split('|');
                if (f.Length < 6 || f[1] != "IWM")
                    continue;
                var day = DateOnly.ParseExact(f[0], "yyyyMMdd", Inv);
                var key = consolidated ? "CNMS" : f[5] switch { "Q" => "FNSQ", "N" => "FNYX", "B" => "FNQC", var m => m };
                if (!perDay.TryGetValue(day, out var m2))
                    perDay[day] = m2 = [];
                m2[key] = (long.Parse(f[2], Inv), long.Parse(f[4], Inv));
            }
        }

        using var store = MarketStore.Open(RealStore.Path);
        var panel = PanelBuilder.Build(store);
        var checkedDays = 0;
        var sets = new Dictionary<string, int>();
        foreach (var (day, m) in perDay)
        {
            var (set, s, t) = m.TryGetValue("CNMS", out var c) ? ("CNMS", c.Short, c.Total)
                : m.TryGetValue("FNSQ", out var q) && m.TryGetValue("FNYX", out var ny) ? ("TRF FNSQ+FNYX", q.Short + ny.Short, q.Total + ny.Total)
                : ("TRF " + m.Keys.Single(), m.Values.Single().Short, m.Values.Single().Total);
            sets[set] = sets.GetValueOrDefault(set) + 1;

            // Published after the close of `day`: first on the next IWM row.
            var i = panel.IndexOnOrBefore(day);
            if (i < 0 || i + 1 >= panel.Count || panel.Dates[i] != day)
                continue;
            panel.DpSource[i + 1].ShouldBe(set, $"{day:yyyy-MM-dd}");
            panel[PanelColumns.DpRatio][i + 1].ShouldBe((double)s / (t - s), 1e-12, $"{day:yyyy-MM-dd}");
            checkedDays++;
        }

        checkedDays.ShouldBeGreaterThan(2900);
        sets["TRF FNSQ+FNYX"].ShouldBe(2901);
        sets["CNMS"].ShouldBe(22);

        var rule = RuleSet.Default().Rules.Single(r => r.Name == "DarkPool_Bullish");
        var all = BacktestEngine.Run(panel, RuleSet.Default());
        var stats = all.Where(x => x.Signal == rule.Name).ToList();
        stats.ShouldAllBe(x => x.DpSet == DarkPoolSets.TrfPair);
        all.Where(y => y.DpSet != null).ShouldAllBe(y => y.Signal == rule.Name);

        // Its signal days are TRF-pair rows with a ratio above 1.5 and a closed window: none from the CNMS days.
        var ratio = panel[PanelColumns.DpRatio];
        foreach (var x in stats)
        {
            var pair = Enumerable.Range(0, panel.Count - x.Horizon - 1).Count(t => panel.DpSource[t] == DarkPoolSets.TrfPair && ratio[t] > 1.5);
            var any = Enumerable.Range(0, panel.Count - x.Horizon - 1).Count(t => ratio[t] > 1.5);
            x.N.ShouldBeInRange(pair - 2, pair + 2, $"{x.Horizon}d");
            any.ShouldBeGreaterThan(pair, "the CNMS days would add signal days");
        }

        // The sweep scores a dark-pool variant on the same set: the default threshold's signal days equal the backtest's.
        var five = stats.Single(x => x.Horizon == 5);
        var sweep = SweepEngine.Run(panel, RuleSet.Parse(
            "rules:\n  - name: DarkPool_Bullish\n    tier: 3\n    label: t\n    direction: bullish\n    horizons: [5]\n" +
            "    condition: dp_ratio > $ratio_min\n    params: { ratio_min: 1.5 }\n    sweep: { ratio_min: { from: 1.5, to: 1.5, step: 0.1 } }\n", "test"),
            new BacktestOptions { Horizons = [5], MinCases = 1 }, bestPerRule: 1);
        var v = sweep.Best.ShouldHaveSingleItem();
        (v.IsN + v.OosN).ShouldBe(five.N);
    }
}
