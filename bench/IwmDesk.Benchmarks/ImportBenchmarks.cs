using BenchmarkDotNet.Attributes;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Benchmarks;

/// <summary>
/// Import and load speed on the real public files (../shared/data/real beside the repository, or IWMDESK_SHARED_DATA).
/// Targets: the 5,366-row IWM file well under a second; the 22 CNMS files (~225k rows) in a few seconds; loading IWM
/// for the feature panel in about a millisecond.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class ImportBenchmarks
{
    private string _realDir = string.Empty;
    private string _dir = string.Empty;
    private string[] _cnms = [];
    private MarketStore? _store;

    [GlobalSetup]
    public void Setup()
    {
        _realDir = Environment.GetEnvironmentVariable("IWMDESK_SHARED_DATA") is { Length: > 0 } env ? env : FindRealDir();
        _cnms = Directory.GetFiles(Path.Combine(_realDir, "finra"), "CNMSshvol*.txt");
        Array.Sort(_cnms, StringComparer.Ordinal);
    }

    [IterationSetup]
    public void NewStore()
    {
        _dir = Path.Combine(Path.GetTempPath(), "iwmdesk-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _store = MarketStore.Open(Path.Combine(_dir, "bench.db"));
        DataImporter.ImportFile(_store, Path.Combine(_realDir, "SPY_daily.csv")); // something to load in LoadSeries
    }

    [IterationCleanup]
    public void DropStore()
    {
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark]
    public int ImportIwmDaily() => DataImporter.ImportFile(_store!, Path.Combine(_realDir, "IWM_daily.csv")).Counts.Total;

    [Benchmark]
    public int ImportCnmsDecember2021() => DataImporter.ImportFiles(_store!, _cnms).Sum(o => o.Result!.Counts.Total);

    [Benchmark]
    public int ParseOnlyCnmsDecember2021() => _cnms.Sum(f => DataImporter.Parse(f, new ImportOptions()).ShortVolume.Count);

    [Benchmark]
    public int LoadSeriesSpy() => _store!.LoadSeries("SPY").Count;

    private static string FindRealDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "real");
            if (Directory.Exists(candidate))
                return candidate;
            dir = dir.Parent;
        }

        throw new InvalidOperationException("real data not found: set IWMDESK_SHARED_DATA to the shared/data/real folder");
    }
}
