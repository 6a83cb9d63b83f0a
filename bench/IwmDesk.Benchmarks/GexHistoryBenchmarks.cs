using BenchmarkDotNet.Attributes;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Chains;

namespace IwmDesk.Benchmarks;

/// <summary>
/// <c>gex --history</c> over 250 stored chain days (a year), each a seeded synthetic IWM-like chain of 1,700 contracts
/// (10 expiries × 85 strikes × call/put, the size of the real Yahoo-derived IWM snapshots), in a real SQLite store.
/// Cold: no cached row (every chain loaded and valued, flip grid and all); warm: the rows cached in the store.
/// Target (issue 14): ≤ 1 s. Run: <c>dotnet run -c Release --project bench/IwmDesk.Benchmarks -- --filter '*GexHistory*'</c>.
/// </summary>
[MemoryDiagnoser]
public class GexHistoryBenchmarks
{
    private string _path = "";
    private MarketStore? _store;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"iwmdesk-bench-history-{Environment.ProcessId}.db");
        File.Delete(_path);
        _store = MarketStore.Open(_path);
        var rng = new Random(20260820);
        var day = new DateOnly(2025, 8, 1);
        using var tx = _store.BeginWrite();
        for (var n = 0; n < 250; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                continue;
            var spot = 220 + (10 * Math.Sin(n / 20.0));
            var quotes = new List<OptionQuote>(1700);
            for (var e = 0; e < 10; e++)
            {
                var expiry = day.AddDays(1 + (e * 3));
                for (var s = 0; s < 85; s++)
                {
                    var strike = Math.Round(spot * 0.8) + s;
                    var m = Math.Log(strike / spot);
                    var iv = 0.2 - (0.25 * m) + (0.8 * m * m) + (0.02 * rng.NextDouble());
                    var oi = Math.Round(5000 * Math.Exp(-40 * m * m) * rng.NextDouble()) + 1;
                    quotes.Add(new OptionQuote(expiry, OptionRight.Call, strike, oi, iv, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
                    quotes.Add(new OptionQuote(expiry, OptionRight.Put, strike, oi * 1.3, iv + 0.01, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
                }
            }

            tx.UpsertChain(new OptionChainSnapshot("IWM", day, spot, quotes) { Source = $"IWM_chain_{day:yyyy-MM-dd}.csv" }, "chain-csv", DataOrigin.Real);
            n++;
        }

        tx.Commit();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        File.Delete(_path);
    }

    /// <summary>Every row computed: the cached rows are dropped first.</summary>
    [Benchmark(Baseline = true)]
    public int HistoryCold()
    {
        using (var cmd = _store!.Connection.CreateCommand())
        {
            cmd.CommandText = "DELETE FROM meta WHERE key LIKE 'derived.gex.%'";
            cmd.ExecuteNonQuery();
        }

        return GexHistory.Build(_store, "IWM").Count;
    }

    /// <summary>Only the loading part of a cold run: every selected chain read from the store.</summary>
    [Benchmark]
    public int LoadChainsOnly()
    {
        var n = 0;
        foreach (var info in _store!.ListChains("IWM"))
            n += _store.LoadChain("IWM", info.AsOf)!.Quotes.Count;
        return n;
    }

    /// <summary>The one-query reader a cold run uses (only what GEX needs).</summary>
    [Benchmark]
    public int StreamChainsOnly()
    {
        var n = 0;
        foreach (var (_, quotes) in _store!.StreamSelectedQuotes("IWM"))
            n += quotes.Count;
        return n;
    }

    /// <summary>Every row read from the cache (the second and later runs of the command).</summary>
    [Benchmark]
    public int HistoryWarm() => GexHistory.Build(_store!, "IWM").Count;
}
