using BenchmarkDotNet.Attributes;
using IwmDesk.Backtest;
using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Forecast;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Benchmarks;

/// <summary>
/// The quantitative analyst over 25 years of daily data (the synthetic sample generated for 25 years, ~6,300 rows):
/// a backtest of every shipped rule at 1 and 5 days, the forecast for the last day (which re-runs those statistics as of
/// that day), and a 10,000-variant threshold sweep (the most one rule may
/// sweep, RuleSet.MaxSweepPoints). Targets (issues 13 and earlier): every rule × horizon with the block bootstrap
/// &lt; 50 ms after load; the sweep ≤ 1 s on 2 cores (was 100,000 variants ≤ 10 s before the grid limit). Results: docs/performance.md.
/// </summary>
[MemoryDiagnoser]
public class QuantBenchmarks
{
    private const string SweepRules = """
        rules:
          - name: Grid
            tier: 1
            horizons: [5]
            condition: close > sma50 and rsi14 >= $lo and rsi14 <= $hi and vix < $v
            params: { lo: 50, hi: 70, v: 20 }
            sweep:
              lo: { from: 30, to: 69, step: 1 }
              hi: { from: 60, to: 96, step: 4 }
              v: { from: 10, to: 34, step: 1 }
        """;

    private FeaturePanel _panel = null!;
    private RuleSet _rules = null!;
    private RuleSet _sweep = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwmdesk-bench-{Guid.NewGuid():N}.db");
        using var store = MarketStore.Open(path);
        var sample = SampleGenerator.Generate(new SampleOptions { Years = 25 });
        using (var tx = store.BeginWrite())
        {
            foreach (var s in sample.Series)
                tx.UpsertBars(s.Symbol, s.Bars, IwmDesk.Data.DataOrigin.Sample);
            tx.UpsertShortVolume(sample.ShortVolume, IwmDesk.Data.DataOrigin.Sample);
            tx.Commit();
        }

        _panel = PanelBuilder.Build(store);
        _rules = RuleSet.Default();
        _sweep = RuleSet.Parse(SweepRules, "bench");
        if (SweepEngine.Grid(_sweep.Rules[0]).Count != 10_000)
            throw new InvalidOperationException("sweep grid size changed");
    }

    /// <summary>Rows in the panel (reported in the docs).</summary>
    public int Rows => _panel.Count;

    [Benchmark]
    public int BacktestAllRules25y() => BacktestEngine.Run(_panel, _rules).Count;

    [Benchmark]
    public string ForecastLastDay25y() => ForecastBuilder.Build(_panel, _rules).Tomorrow.Call;

    [Benchmark]
    public int Sweep10kVariants() => SweepEngine.Run(_panel, _sweep, new BacktestOptions { Horizons = [5] }).VariantsTried;
}
