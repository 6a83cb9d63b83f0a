using System.Globalization;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Session;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Browser;

/// <summary>
/// The stores the report/serve tests read, each built once per run: the bundled sample and the real files from
/// ../shared/data/real, each with a journal made by <c>iwmdesk forecast --replay</c> so the track record has calls.
/// </summary>
internal static class DeskStores
{
    private static readonly Lazy<Task<string>> SampleStore = new(() => Build(null));
    private static readonly Lazy<Task<string>> RealStore = new(() => Build(RealFiles.Trader().ToList()));

    /// <summary>Trading days journaled by the replay, ending on the last bar.</summary>
    public const int ReplayDays = 80;

    public static Task<string> Sample() => SampleStore.Value;

    public static Task<string> Real() => RealStore.Value;

    private static async Task<string> Build(IReadOnlyList<string>? files)
    {
        var path = Path.Combine(TestData.TempDir(), files is null ? "sample.db" : "real.db");
        if (files is not null)
        {
            using var store = MarketStore.Open(path);
            foreach (var f in files)
                DataImporter.ImportFile(store, f);
        }

        DateOnly from;
        using (var desk = Desk.Open(path)) // fills the sample into an empty store
            from = desk.Panel.Dates[^ReplayDays];
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["--store", path, "forecast", "--replay", "--from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--format", "json"], output, error);
        if (code != 0)
            throw new InvalidOperationException("forecast --replay failed: " + error);
        return path;
    }
}
