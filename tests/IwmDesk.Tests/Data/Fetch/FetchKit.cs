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

    /// <summary>A few weeks of synthetic data for every source, trading days in [from, to] (a range without holidays).</summary>
    public static void SmallWorld(FakeMarketServer server, DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                TradingCalendar.IsTradingDay(d).ShouldBeTrue($"{d:yyyy-MM-dd}: the synthetic world serves weekdays; pick a range without holidays");
        }

        MarketWorld.Synthetic(server, from, to);
    }

    /// <summary>Rows of one table as text, sorted (origin included), for exact comparisons between stores.</summary>
    public static string DumpTable(MarketStore store, string table, string where = "", string columns = "*")
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT {columns} FROM {table} {where}";
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
