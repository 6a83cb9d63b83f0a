namespace IwmDesk.Data.Fetch;

/// <summary>What one fetch run does.</summary>
public sealed record FetchOptions
{
    /// <summary>The default FINRA window: the last 60 trading days.</summary>
    public const int DefaultFinraDays = 60;

    /// <summary>The sources to bring up to date (default: all).</summary>
    public IReadOnlySet<FetchSource> Sources { get; init; } = new HashSet<FetchSource>(FetchSources.All);

    /// <summary>Use only the on-disk cache: re-import every cached response of the selected sources, in the order fetched.</summary>
    public bool Offline { get; init; }

    /// <summary>FINRA window: the trading days (ending today) whose files are fetched when the store lacks them.</summary>
    public int FinraDays { get; init; } = DefaultFinraDays;

    /// <summary>The cache folder; null for <c>cache/</c> beside the store file.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The time of the run (tests pin it); null for the system clock.</summary>
    public DateTimeOffset? Now { get; init; }
}
