namespace IwmDesk.Data.Store;

/// <summary>Where the store location came from.</summary>
public enum StoreLocationSource
{
    /// <summary>The <c>--store</c> option.</summary>
    Option = 0,

    /// <summary>The <c>IWMDESK_STORE</c> environment variable.</summary>
    Environment = 1,

    /// <summary>The per-user data directory (LocalApplicationData/iwmdesk/iwmdesk.db).</summary>
    UserDataDirectory = 2,
}

/// <summary>A resolved store location: the SQLite file path (or PostgreSQL connection) and where that choice came from.</summary>
/// <param name="Path">Full path of the SQLite file, or the PostgreSQL connection string / URL as given.</param>
/// <param name="Source">Which rule chose it.</param>
public sealed record StoreLocation(string Path, StoreLocationSource Source)
{
    /// <summary>True when the store is a PostgreSQL database.</summary>
    public bool IsPostgres => PostgresDialect.IsConnectionString(Path);

    /// <summary>
    /// One line for status output, e.g. <c>/home/u/.local/share/iwmdesk/iwmdesk.db (per-user data directory)</c>; a
    /// PostgreSQL password is never shown.
    /// </summary>
    public string Description => $"{(IsPostgres ? PostgresDialect.Instance.Describe(Path) : Path)} ({SourceText})";

    /// <summary>Short text naming the rule that chose the location.</summary>
    public string SourceText => Source switch
    {
        StoreLocationSource.Option => "from --store",
        StoreLocationSource.Environment => "from " + StoreLocator.EnvironmentVariable,
        _ => "per-user data directory",
    };
}

/// <summary>
/// Resolves the store: <c>--store PATH</c>, else <c>$IWMDESK_STORE</c>, else
/// <c>LocalApplicationData/iwmdesk/iwmdesk.db</c> (e.g. <c>~/.local/share/iwmdesk/iwmdesk.db</c>).
/// The directory of the chosen file is created when missing. A PostgreSQL connection string
/// (<c>Host=...;Database=...</c>) or URL (<c>postgres://user:pass@host:port/db</c>) is taken as it is.
/// </summary>
public static class StoreLocator
{
    /// <summary>The environment variable naming the store when <c>--store</c> is not given.</summary>
    public const string EnvironmentVariable = "IWMDESK_STORE";

    /// <summary>File name of the store inside the per-user data directory.</summary>
    public const string DefaultFileName = "iwmdesk.db";

    /// <summary>Resolves the store location from the option, the environment and the per-user data directory.</summary>
    /// <param name="storeOption">The <c>--store</c> value, or null when not given.</param>
    public static StoreLocation Resolve(string? storeOption) =>
        Resolve(
            storeOption,
            Environment.GetEnvironmentVariable(EnvironmentVariable),
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify));

    /// <summary>Resolution with explicit inputs (testable without touching the process environment).</summary>
    internal static StoreLocation Resolve(string? storeOption, string? environmentValue, string? userDataDirectory)
    {
        StoreLocation location;
        if (storeOption is not null && string.IsNullOrWhiteSpace(storeOption))
            throw new IwmDeskException("--store is empty: give a SQLite file path or a PostgreSQL connection (or leave --store out for the default store)");
        if (!string.IsNullOrWhiteSpace(storeOption))
        {
            location = new StoreLocation(Check(storeOption, "--store"), StoreLocationSource.Option);
        }
        else if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            location = new StoreLocation(Check(environmentValue, EnvironmentVariable), StoreLocationSource.Environment);
        }
        else
        {
            if (string.IsNullOrEmpty(userDataDirectory))
            {
                throw new IwmDeskException(
                    $"no per-user data directory is known on this system: pass --store PATH or set {EnvironmentVariable}");
            }

            location = new StoreLocation(
                System.IO.Path.GetFullPath(System.IO.Path.Combine(userDataDirectory, "iwmdesk", DefaultFileName)),
                StoreLocationSource.UserDataDirectory);
        }

        if (location.IsPostgres)
            return location;
        var dir = System.IO.Path.GetDirectoryName(location.Path);
        if (!string.IsNullOrEmpty(dir))
        {
            try
            {
                Directory.CreateDirectory(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IwmDeskException($"cannot create the store directory {dir}: {ex.Message}", ex);
            }
        }

        return location;
    }

    private static string Check(string value, string what)
    {
        var v = value.Trim();
        if (PostgresDialect.IsConnectionString(v))
        {
            _ = PostgresDialect.ToConnectionString(v); // a malformed connection is reported here, naming the option
            return v;
        }

        if (Directory.Exists(v))
            throw new IwmDeskException($"{what}: {v} is a directory; give the path of the SQLite file (e.g. {System.IO.Path.Combine(v, DefaultFileName)})");
        return System.IO.Path.GetFullPath(v);
    }
}
