using System.Globalization;
using System.Text;
using IwmDesk.Data;
using IwmDesk.Data.Fetch;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Reports;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Fetch;

/// <summary>Settings for the loopback server, a small synthetic world for failure tests, and store comparisons.</summary>
internal static class FetchKit
{
    public static FetchSettings Settings(FakeMarketServer server, TimeSpan? timeout = null, int maxTries = 3) =>
        FetchSettings.AllAt(server.BaseUri) with
        {
            MinInterval = TimeSpan.Zero,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxTries = maxTries,
        };

    /// <summary>22:00 UTC: after the close and after FINRA's evening publication, in New York.</summary>
    public static DateTimeOffset Evening(DateOnly day) => new(day.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);

    public static async Task<FetchReport> Fetch(
        MarketStore store, FakeMarketServer server, DateOnly today, FetchSource[]? sources = null, int finraDays = 5,
        string? cacheDir = null, bool offline = false, FetchSettings? settings = null, List<FetchProgress>? progress = null,
        SendLog? sends = null)
    {
        using var fetcher = new DataFetcher(settings ?? Settings(server), sends is null ? null : new RecordingHandler(sends));
        var options = new FetchOptions
        {
            Sources = sources is null ? new HashSet<FetchSource>(FetchSources.All) : new HashSet<FetchSource>(sources),
            FinraDays = finraDays,
            CacheDirectory = cacheDir,
            Offline = offline,
            Now = Evening(today),
        };
        var sink = progress is null ? null : new ListProgress(progress);
        return await fetcher.FetchAsync(store, options, sink);
    }

    public static SourceReport Of(this FetchReport report, FetchSource source) => report.Sources.Single(s => s.Source == source);

    public static string AllMessages(this SourceReport report) =>
        string.Join("\n", report.Failures.Select(f => f.Message).Concat(report.Notes));

    /// <summary>A few weeks of synthetic data for every source, trading days in [from, to].</summary>
    public static void SmallWorld(FakeMarketServer server, DateOnly from, DateOnly to)
    {
        var days = TradingCalendar.Days(from, to).ToList();
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        YahooSeries Series(double start, bool adj, bool volume) => new(
            [.. days.Select((d, i) =>
            {
                var c = start + i;
                return new YahooRow(d, N(c - 0.5), N(c + 1), N(c - 1), N(c), adj ? N(c * 0.99) : null, volume ? N(1_000_000 + i) : null);
            })],
            adj, volume);
        server.Yahoo["IWM"] = Series(200, true, true);
        server.Yahoo["KRE"] = Series(50, true, true);
        server.Yahoo["SPY"] = Series(500, true, true);
        server.Yahoo["HYG"] = Series(77, true, true);
        server.Yahoo["DX-Y.NYB"] = Series(103, false, false);
        server.Yahoo["^VIX"] = Series(14, false, false);
        foreach (var (id, start) in new[] { ("DGS2", 4.5), ("DGS10", 4.2), ("BAMLH0A0HYM2", 3.1), ("DTWEXBGS", 120.0) })
            server.Fred[id] = [.. days.Select((d, i) => (d, N(start + (0.01 * i))))];
        server.Vix = new DatedLines("DATE,OPEN,HIGH,LOW,CLOSE",
            [.. days.Select((d, i) => (d, string.Create(CultureInfo.InvariantCulture, $"{d:MM/dd/yyyy},{14 + i:0.000000},{15 + i:0.000000},{13 + i:0.000000},{14.5 + i:0.000000}")))], "\n");
        server.Dix = new DatedLines("date,price,dix,gex",
            [.. days.Select((d, i) => (d, string.Create(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd},{5000 + i},{0.42 + (0.001 * i)},{(i - 5) * 1e9}")))], "\r\n");
        foreach (var (d, i) in days.Select((d, i) => (d, i)))
            server.Finra[d] = FakeMarketServer.FinraFile(d, ("AAPL", 100, 1, 300), ("IWM", 10_000 + i, 10, 25_000), ("SPY", 20_000, 0, 50_000));
        server.ChainJson = FakeMarketServer.CboeChain(to.ToDateTime(new TimeOnly(16, 15)), 210, to.AddDays(21));
        server.WorldDate = to;
    }

    /// <summary>Rows of one table as text, sorted (origin included), for exact comparisons between stores.</summary>
    public static string DumpTable(MarketStore store, string table, string where = "")
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {table} {where}";
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
                cells[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            rows.Add(string.Join('|', cells));
        }

        rows.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder().Append(table).Append(':').Append(rows.Count).Append('\n');
        foreach (var r in rows)
            sb.Append(r).Append('\n');
        return sb.ToString();
    }

    /// <summary>What <c>iwmdesk indicators --format csv</c> prints for the store.</summary>
    public static string PanelCsv(MarketStore store)
    {
        var panel = PanelBuilder.Build(store, new PanelOptions());
        return PanelExport.Csv(panel, 0, panel.Count - 1);
    }

    /// <summary>Client-side send times (monotonic), by URL: what the rate limiter and retry waits actually did.</summary>
    internal sealed class SendLog
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly List<(string Url, TimeSpan At)> _sends = [];

        public void Add(string url)
        {
            lock (_sends)
                _sends.Add((url, _clock.Elapsed));
        }

        public List<TimeSpan> TimesOf(string match)
        {
            lock (_sends)
                return [.. _sends.Where(s => s.Url.Contains(match, StringComparison.Ordinal)).Select(s => s.At)];
        }
    }

    private sealed class RecordingHandler(SendLog log) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log.Add(request.RequestUri!.ToString());
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class ListProgress(List<FetchProgress> list) : IProgress<FetchProgress>
    {
        public void Report(FetchProgress value)
        {
            lock (list)
                list.Add(value);
        }
    }
}
