using IwmDesk.Data.Store;

namespace IwmDesk.Data.Sample;

/// <summary>Fills an empty store with the bundled synthetic sample, so every command runs on a fresh machine.</summary>
public static class SampleLoader
{
    /// <summary>
    /// When the store holds nothing at all, generates the sample and writes it in one transaction, every row marked
    /// origin = sample. Returns true when it did. A store with any data is left alone.
    /// </summary>
    public static bool EnsureData(MarketStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.IsEmpty)
            return false;
        var sample = SampleGenerator.Generate();
        using var tx = store.BeginWrite();
        foreach (var series in sample.Series)
            tx.UpsertBars(series.Symbol, series.Bars, DataOrigin.Sample);
        tx.UpsertShortVolume(sample.ShortVolume, DataOrigin.Sample);
        tx.UpsertChain(sample.OptionChain, "sample", DataOrigin.Sample);
        tx.UpsertRevisions(sample.EarningsRevisions, DataOrigin.Sample);
        tx.Commit();
        return true;
    }
}
