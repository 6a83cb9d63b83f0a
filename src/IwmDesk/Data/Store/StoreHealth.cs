using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace IwmDesk.Data.Store;

/// <summary>
/// What a damaged, read-only or unreachable store says, in one line naming it (issue 17): a corrupted SQLite file is
/// described by <c>PRAGMA integrity_check</c>'s own words, and writes into one are refused before they start.
/// </summary>
public static class StoreHealth
{
    /// <summary>SQLite's result codes that mean the file itself is damaged (SQLITE_CORRUPT, SQLITE_NOTADB).</summary>
    private static bool IsDamage(int code) => code is 11 or 26;

    /// <summary>
    /// <c>PRAGMA integrity_check</c> on a SQLite store, its first lines joined with "; " ("ok" when sound); null for a
    /// PostgreSQL store or a file that cannot be opened at all.
    /// </summary>
    public static string? IntegrityCheck(string location)
    {
        if (StoreDialect.For(location) is not SqliteDialect || !File.Exists(location))
            return null;
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = location, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            return Check(connection, "integrity_check");
        }
        catch (SqliteException ex)
        {
            return OneLine(ex.Message);
        }
    }

    /// <summary>One line for a database failure that escaped a command, naming the store; null when it is not the store's fault.</summary>
    public static string? Describe(DbException ex, string location)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var shown = StoreDialect.For(location).Describe(location);
        if (ex is SqliteException sqlite)
        {
            var code = sqlite.SqliteErrorCode;
            if (IsDamage(code))
            {
                var check = IntegrityCheck(location) ?? OneLine(ex.Message);
                var what = code == 26 ? "is not a SQLite database or is damaged" : "is damaged";
                return $"the store {shown} {what}: PRAGMA integrity_check says: {Clip(check)}; restore it from a backup or re-import into a new store (nothing was written)";
            }

            if (code == 8 || (code == 14 && IsReadOnlyPlace(location)))
                return ReadOnlyMessage(location);
            if (code is 14 or 10)
                return $"the store {shown} cannot be opened or written ({OneLine(ex.Message)}): check that its directory exists and is writable";
            if (code is 5 or 6)
                return $"the store {shown} is busy (another process holds its lock): try again";
            if (code == 13)
                return $"the store {shown}: the disk is full: nothing was written";
        }

        return $"the store {shown}: {OneLine(ex.Message)}";
    }

    /// <summary>The one line for a store whose file or directory cannot be written.</summary>
    internal static string ReadOnlyMessage(string location) =>
        $"the store {StoreDialect.For(location).Describe(location)} is read-only (its file or directory cannot be written): nothing was written; check the permissions or give another --store";

    /// <summary>
    /// True when a SQLite store's directory exists but cannot be written (SQLite needs it for the store's journal files),
    /// or the file exists and cannot be opened for writing — tried, not inferred from permission bits (root ignores them).
    /// </summary>
    internal static bool IsReadOnlyPlace(string location)
    {
        var full = Path.GetFullPath(location);
        var dir = Path.GetDirectoryName(full);
        if (dir is null || !Directory.Exists(dir))
            return false;
        try
        {
            var probe = Path.Combine(dir, $".iwmdesk-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            if (File.Exists(full))
            {
                using var f = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }

            return false;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return true;
        }
    }

    /// <summary>Runs <c>PRAGMA quick_check</c> before the first write into a SQLite store; throws when it is not "ok".</summary>
    internal static void RequireSoundForWrite(DbConnection connection, StoreDialect dialect, string location)
    {
        if (dialect is not SqliteDialect || connection is not SqliteConnection sqlite)
            return;
        string result;
        try
        {
            result = Check(sqlite, "quick_check");
        }
        catch (SqliteException ex) when (IsDamage(ex.SqliteErrorCode))
        {
            result = OneLine(ex.Message);
        }

        if (!string.Equals(result, "ok", StringComparison.Ordinal))
        {
            var full = IntegrityCheck(location) ?? result;
            throw new IwmDeskException(
                $"the store {dialect.Describe(location)} is damaged: PRAGMA integrity_check says: {Clip(full)}; writes are refused (restore it from a backup or re-import into a new store)");
        }
    }

    private static string Check(SqliteConnection connection, string pragma)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"PRAGMA {pragma}(5)";
        using var reader = cmd.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
            lines.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        return string.Join("; ", lines.Select(OneLine));
    }

    private static string Clip(string s) => s.Length > 300 ? s[..300] + "..." : s;

    private static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
