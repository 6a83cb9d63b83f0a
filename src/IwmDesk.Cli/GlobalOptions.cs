using System.CommandLine;

namespace IwmDesk.Cli;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    /// <summary>--store PATH: the SQLite file (or a PostgreSQL connection string). Else IWMDESK_STORE, else the per-user data directory.</summary>
    public static readonly Option<string?> Store = new("--store")
    {
        Description = "Store: a SQLite file path, or a PostgreSQL connection string (Host=...;Database=...) or postgres://user:pass@host:port/db URL (default: $IWMDESK_STORE, else the per-user data directory)",
        Recursive = true,
    };

    /// <summary>--no-color: plain text even on a colour terminal (as NO_COLOR).</summary>
    public static readonly Option<bool> NoColor = new("--no-color")
    {
        Description = "No colour in terminal output (also: the NO_COLOR environment variable)",
        Recursive = true,
    };
}
