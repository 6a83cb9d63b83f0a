using System.Globalization;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Forecast;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;
using Microsoft.Data.Sqlite;

namespace IwmDesk.Tests.Forecast;

/// <summary>
/// The forecast for a past date D built from the full store must equal, byte for byte, the one built from a copy of
/// the store with everything dated after D deleted — and every panel value up to D must be identical too.
/// </summary>
public class NoLookAheadTests
{
    private static readonly RuleSet Rules = RuleSet.Default();

    /// <summary>Copies the store and deletes every row dated after <paramref name="d"/> from every table.</summary>
    internal static string TruncatedCopy(string storePath, DateOnly d)
    {
        var copy = Path.Combine(TestData.TempDir(), "truncated.db");
        using (var source = new SqliteConnection($"Data Source={storePath};Pooling=False"))
        using (var target = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            source.Open();
            target.Open();
            source.BackupDatabase(target);
            var day = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var sql in new[]
            {
                "DELETE FROM daily_series WHERE date > $d",
                "DELETE FROM option_contracts WHERE as_of > $d",
                "DELETE FROM option_chains WHERE as_of > $d",
                "DELETE FROM short_volume WHERE date > $d",
                "DELETE FROM earnings_revisions WHERE date > $d",
            })
            {
                using var cmd = target.CreateCommand();
                cmd.CommandText = sql;
                cmd.Parameters.AddWithValue("$d", day);
                cmd.ExecuteNonQuery();
            }
        }

        return copy;
    }

    private static void AssertSameAsTruncated(string storePath, DateOnly d)
    {
        using var full = MarketStore.Open(storePath);
        using var cut = MarketStore.Open(TruncatedCopy(storePath, d));
        var fullPanel = PanelBuilder.Build(full);
        var cutPanel = PanelBuilder.Build(cut);
        cutPanel.Dates[^1].ShouldBe(d);

        // Every value up to D is the same, column by column (NaN equal to NaN).
        var rows = cutPanel.Count;
        foreach (var column in PanelColumns.Numeric)
        {
            var a = fullPanel[column];
            var b = cutPanel[column];
            for (var i = 0; i < rows; i++)
            {
                if (!(double.IsNaN(a[i]) && double.IsNaN(b[i])) && BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i]))
                    throw new ShouldAssertException($"{column} on {cutPanel.Dates[i]:yyyy-MM-dd}: full store {a[i]:R}, truncated {b[i]:R}");
            }
        }

        cutPanel.GexSource.ShouldBe(fullPanel.GexSource[..rows]);
        var fromFull = ForecastBuilder.Build(fullPanel, Rules, d);
        var fromCut = ForecastBuilder.Build(cutPanel, Rules, d);
        ForecastRenderer.Json(fromFull).ShouldBe(ForecastRenderer.Json(fromCut));
        ForecastRenderer.Markdown(fromFull).ShouldBe(ForecastRenderer.Markdown(fromCut));
    }

    [Fact]
    public void Forecast_OnSample_PastDate_EqualsTruncatedStore()
    {
        var path = Path.Combine(TestData.TempDir(), "sample.db");
        using (var store = MarketStore.Open(path))
            SampleLoader.EnsureData(store).ShouldBeTrue();
        var dates = SampleGenerator.Generate().Dates;
        AssertSameAsTruncated(path, dates[^300]);
        AssertSameAsTruncated(path, dates[^1]);
    }

    [RealDataTheory]
    [InlineData("2020-03-23")] // COVID low: negative-GEX, high-VIX regime
    [InlineData("2016-06-24")] // Brexit vote
    [InlineData("2021-12-15")] // inside the CNMS FINRA month: dark-pool ratio present
    public void Forecast_OnRealData_PastDate_EqualsTruncatedStore(string date)
    {
        var path = RealStore.Path;
        AssertSameAsTruncated(path, DateOnly.Parse(date, CultureInfo.InvariantCulture));
    }
}

/// <summary>One store with the real files imported, built once per test run and shared (read-only) by tests.</summary>
internal static class RealStore
{
    private static readonly Lazy<string> Built = new(Build);

    public static string Path => Built.Value;

    /// <summary>The files a trader would import: one IWM history, the macro series, DIX, FINRA and the IWM chains.</summary>
    public static IEnumerable<string> Files() => RealFiles.Trader();

    private static string Build()
    {
        var path = System.IO.Path.Combine(TestData.TempDir(), "real.db");
        using var store = MarketStore.Open(path);
        foreach (var f in Files())
            DataImporter.ImportFile(store, f);
        return path;
    }
}
