using IwmDesk.Data;
using System.Globalization;
using System.Text;
using IwmDesk.Backtest;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Backtest;

/// <summary>
/// The backtest split by GEX source and the sign agreement of IWM's own GEX with the proxy, on the real IWM and DIX files
/// plus a hand-made IWM_GEX column for 2023 (DIX's GEX scaled, its sign flipped on every fourth day); the expected
/// figures are recomputed from the raw files.
/// </summary>
public class GexSourceSplitTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static (string Store, List<(DateOnly Date, double Gex)> Dix, HashSet<DateOnly> Flipped) Build(bool withOwn)
    {
        var dir = TestData.TempDir();
        var path = Path.Combine(dir, "store.db");
        var dix = File.ReadAllLines(TestData.Real("DIX.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(f => (Date: DateOnly.ParseExact(f[0], "yyyy-MM-dd", Inv), Gex: double.Parse(f[3], Inv))).ToList();
        var flipped = new HashSet<DateOnly>();
        using var store = MarketStore.Open(path);
        DataImporter.ImportFile(store, TestData.Real("IWM_daily.csv"));
        DataImporter.ImportFile(store, TestData.Real("DIX.csv"));
        if (withOwn)
        {
            var sb = new StringBuilder("date,IWM_GEX\n");
            var k = 0;
            foreach (var (d, g) in dix.Where(x => x.Date.Year == 2023))
            {
                var flip = k++ % 4 == 0;
                if (flip)
                    flipped.Add(d);
                sb.Append(Inv, $"{d:yyyy-MM-dd},{(flip ? -0.1 : 0.1) * g}\n");
            }

            var own = Path.Combine(dir, "iwm_panel.csv");
            File.WriteAllText(own, sb.ToString());
            DataImporter.ImportFile(store, own);
        }

        return (path, dix, flipped);
    }

    [RealDataFact]
    public void OneSource_NoSplit_NoAgreement()
    {
        var (path, _, _) = Build(withOwn: false);
        using var store = MarketStore.Open(path);
        var panel = PanelBuilder.Build(store);
        GexSourceSplit.Sources(panel, new BacktestOptions()).ShouldBe(["SPX proxy"]);
        GexSourceSplit.Run(panel, RuleSet.Default()).ShouldBeEmpty();
        PanelBuilder.GexAgreement(store, panel.Dates, 0, panel.Count - 1).ShouldBeNull();
        BacktestReport.Json(BacktestEngine.Run(panel, RuleSet.Default()), panel.DataSource.Text(), null, [], null).ShouldNotContain("gex_by_source");
    }

    [RealDataFact]
    public void TwoSources_SplitAddsUpToTheBacktest_AndSignAgreementMatchesTheRawFiles()
    {
        var (path, dix, flipped) = Build(withOwn: true);
        using var store = MarketStore.Open(path);
        var panel = PanelBuilder.Build(store);
        var rules = RuleSet.Default();
        var options = new BacktestOptions();
        GexSourceSplit.Sources(panel, options).ShouldBe([GexSourceSplit.Own, "SPX proxy"]);
        var split = GexSourceSplit.Run(panel, rules, options);
        var stats = BacktestEngine.Run(panel, rules, options);

        // Only the rules that read gex are split, each at every horizon into both sources.
        split.Select(s => s.Signal).Distinct().Order().ShouldBe(rules.Rules.Where(r => GexSources.UsesGex(r, panel)).Select(r => r.Name).Order());
        foreach (var s in stats.Where(s => split.Any(g => g.Signal == s.Signal)))
        {
            var parts = split.Where(g => g.Signal == s.Signal && g.Horizon == s.Horizon).ToList();
            parts.Count.ShouldBe(2);
            parts.Sum(p => p.N).ShouldBe(s.N, $"{s.Signal} {s.Horizon}d");
            parts.Sum(p => p.N == 0 ? 0 : p.WinRate * p.N).ShouldBe(s.N == 0 ? 0 : s.WinRate * s.N, 1e-6);
        }

        // IWM's own days: the rows after each 2023 IWM_GEX date (published after the close); GEX_Negative on them is
        // the hand-made value below 0, i.e. DIX's GEX below 0 xor flipped. Recomputed from the files.
        var iwmDates = File.ReadAllLines(TestData.Real("IWM_daily.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => DateOnly.ParseExact(l[..10], "yyyy-MM-dd", Inv)).ToArray();
        var adj = File.ReadAllLines(TestData.Real("IWM_daily.csv")).Skip(1).Where(l => l.Length > 0).Select(l => double.Parse(l.Split(',')[5], Inv)).ToArray();
        int ownDays = 0, agree = 0, negN = 0, negWins = 0;
        foreach (var (d, g) in dix.Where(x => x.Date.Year == 2023))
        {
            var i = Array.IndexOf(iwmDates, d);
            i.ShouldBeGreaterThanOrEqualTo(0);
            var row = i + 1; // the next trading day's row
            ownDays++;
            var own = (flipped.Contains(d) ? -0.1 : 0.1) * g;
            if (Math.Sign(own) == Math.Sign(g))
                agree++;
            if (own < 0 && row + 5 < iwmDates.Length)
            {
                negN++;
                if (adj[row + 5] > adj[row])
                    negWins++;
            }
        }

        var a = PanelBuilder.GexAgreement(store, panel.Dates, 0, panel.Count - 1).ShouldNotBeNull();
        a.Days.ShouldBe(ownDays);
        a.Agree.ShouldBe(agree);
        a.Agree.ShouldBeLessThan(a.Days); // the flipped days disagree
        a.Proxy.ShouldBe("SPX_GEX proxy");
        var neg = split.Single(g => g.Signal == "GEX_Negative" && g.Horizon == 5 && g.Source == GexSourceSplit.Own);
        neg.N.ShouldBe(negN);
        neg.WinRate.ShouldBe((double)negWins / negN, 1e-12);
        neg.BaselineDays.ShouldBe(ownDays);

        // The JSON adds the split and the agreement beside the old keys.
        var json = BacktestReport.Json(stats, panel.DataSource.Text(), null, split, a);
        json.ShouldContain("\"gex_by_source\"");
        json.ShouldContain("\"verdict\"");
        json.ShouldContain(string.Create(Inv, $"\"gex_sign_agreement_days\": {ownDays}"));
    }
}
