using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Panel;

namespace IwmDesk.Session;

/// <summary>
/// One session of the desk: the store (opened where --store, IWMDESK_STORE or the per-user directory say, and filled
/// with the sample when empty) and the feature panel built from it once.
/// </summary>
public sealed class Desk : IDisposable
{
    private FeaturePanel? _panel;
    private DateOnly[]? _iwmDates;

    private Desk(MarketStore store, StoreLocation location, bool filledWithSample, PanelOptions panelOptions, TimeProvider clock)
    {
        Clock = clock;
        Store = store;
        Location = location;
        FilledWithSample = filledWithSample;
        PanelOptions = panelOptions;
    }

    /// <summary>The open store.</summary>
    public MarketStore Store { get; }

    /// <summary>Where the store lives and why.</summary>
    public StoreLocation Location { get; }

    /// <summary>True when this session found the store empty and wrote the sample into it.</summary>
    public bool FilledWithSample { get; }

    /// <summary>Panel choices (GEX proxy, staleness).</summary>
    public PanelOptions PanelOptions { get; }

    /// <summary>The clock freshness is judged by (the system clock unless a test or the CLI injects one).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The feature panel, built on first use.</summary>
    public FeaturePanel Panel => _panel ??= PanelBuilder.Build(Store, PanelOptions);

    /// <summary>
    /// The as-of rule for <paramref name="requested"/> (<see cref="Session.AsOf.Resolve"/>) over the store's IWM bars;
    /// null when no date was asked for (the caller uses the last bar). Every command, the report, the dashboard and the
    /// journal resolve a requested date here, so they all answer the same trading day for it.
    /// </summary>
    /// <exception cref="IwmDeskException">No IWM bars, or the date lies before the first or after the last.</exception>
    public AsOf? ResolveDate(DateOnly? requested) =>
        requested is { } d ? Session.AsOf.Resolve(_panel?.Dates ?? (_iwmDates ??= Store.LoadDates("IWM")), d) : null;

    /// <summary>Opens the store for reading commands, filling an empty one with the sample.</summary>
    public static Desk Open(string? storeOption, PanelOptions? panelOptions = null, bool fillSampleWhenEmpty = true, TimeProvider? clock = null)
    {
        var location = StoreLocator.Resolve(storeOption);
        var store = MarketStore.Open(location.Path);
        try
        {
            var filled = fillSampleWhenEmpty && SampleLoader.EnsureData(store);
            return new Desk(store, location, filled, panelOptions ?? new PanelOptions(), clock ?? TimeProvider.System);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Store.Dispose();
}
