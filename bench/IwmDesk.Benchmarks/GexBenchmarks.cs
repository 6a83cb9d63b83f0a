using BenchmarkDotNet.Attributes;
using IwmDesk.Analytics.Options;

namespace IwmDesk.Benchmarks;

/// <summary>
/// GEX on a seeded synthetic chain of 6,000 contracts (15 expiries × 200 strikes × call/put) with the default
/// 400-level grid. Target (issue 14): full compute — exposures, vanna and charm, buckets, aggregates, the profile and
/// flip with and without the nearest expiry, put/call OI, max pain — ≤ 20 ms on one thread.
/// Run: <c>dotnet run -c Release --project bench/IwmDesk.Benchmarks -- --filter '*Gex*'</c>.
/// </summary>
[MemoryDiagnoser]
public class GexBenchmarks
{
    private const double Spot = 220.0;
    private static readonly DateOnly AsOf = new(2026, 7, 20);

    private OptionContract[] _chain = [];
    private double[] _a = [];
    private double[] _b = [];
    private double[] _c = [];
    private double[] _levels = [];
    private double[] _lnLevels = [];
    private double[] _net = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20260720);
        var chain = new List<OptionContract>(6000);
        int[] days = [0, 1, 2, 3, 4, 7, 14, 21, 30, 45, 60, 90, 120, 180, 365];
        foreach (var d in days)
        {
            for (var s = 0; s < 200; s++)
            {
                var strike = 120.0 + s;
                var moneyness = Math.Log(strike / Spot);
                var iv = 0.20 - (0.25 * moneyness) + (0.8 * moneyness * moneyness) + (0.02 * rng.NextDouble());
                var oi = Math.Round(5000 * Math.Exp(-40 * moneyness * moneyness) * rng.NextDouble());
                chain.Add(new OptionContract(AsOf.AddDays(d), OptionKind.Call, strike, oi + 1, iv));
                chain.Add(new OptionContract(AsOf.AddDays(d), OptionKind.Put, strike, Math.Round(oi * 1.3) + 1, iv + 0.01));
            }
        }

        _chain = [.. chain];

        // Kernel-only inputs, built the way Compute builds them.
        var p = GexParameters.Default;
        _a = new double[_chain.Length];
        _b = new double[_chain.Length];
        _c = new double[_chain.Length];
        for (var i = 0; i < _chain.Length; i++)
        {
            var k = _chain[i];
            var t = ExpiryConvention.YearsToExpiry(AsOf, k.Expiry);
            var inv = 1.0 / (k.ImpliedVol * Math.Sqrt(t));
            _a[i] = inv;
            _b[i] = (((p.Rate - p.DividendYield + (0.5 * k.ImpliedVol * k.ImpliedVol)) * t) - Math.Log(k.Strike)) * inv;
            _c[i] = (k.Kind == OptionKind.Call ? 1 : -1) * Math.Exp(-p.DividendYield * t) * k.OpenInterest * inv;
        }

        _levels = new double[p.GridLevels];
        _lnLevels = new double[p.GridLevels];
        _net = new double[p.GridLevels];
        GammaExposure.FillGrid(Spot, p, _levels, _lnLevels);
    }

    /// <summary>Everything: Γ, vanna, charm per contract, by strike/expiry/bucket, walls, both 400-level profiles and flips, max pain.</summary>
    [Benchmark(Baseline = true)]
    public double ComputeFull() => GammaExposure.Compute(_chain, Spot, AsOf).TotalGexUsdPer1Pct;

    /// <summary>The grid loop alone: 6,000 contracts × 400 levels.</summary>
    [Benchmark]
    public double ProfileKernel()
    {
        GammaExposure.ProfileKernel(_a, _b, _c, _levels, _lnLevels, _net);
        return _net[200];
    }
}
