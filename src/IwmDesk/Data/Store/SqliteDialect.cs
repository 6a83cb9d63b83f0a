using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace IwmDesk.Data.Store;

/// <summary>
/// Everything SQLite-specific lives here: opening a connection and the PRAGMAs. All other SQL in the store is plain
/// enough to run on PostgreSQL unchanged (TEXT dates, DOUBLE PRECISION / BIGINT / TEXT columns, <c>@name</c>
/// parameters, <c>INSERT ... ON CONFLICT (...) DO UPDATE</c>, partial indexes).
/// </summary>
internal static class SqliteDialect
{
    /// <summary>Opens (creating when absent) the SQLite file and applies the connection PRAGMAs.</summary>
    public static DbConnection Open(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 5000;");
            Execute(connection, "PRAGMA foreign_keys = ON;");
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, "PRAGMA synchronous = NORMAL;");
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            var why = ex.SqliteErrorCode is 26 or 11 // SQLITE_NOTADB, SQLITE_CORRUPT
                ? "it is not a SQLite database"
                : ex.Message;
            throw new IwmDeskException($"cannot open the store {path}: {why}", ex, exitCode: 1);
        }

        return connection;
    }

    /// <summary>True when the database has a table named <paramref name="name"/>.</summary>
    public static bool HasTable(DbConnection connection, string name) =>
        Sql.Scalar(connection, null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @n", ("@n", name)) > 0;

    /// <summary>True when the database has any table at all.</summary>
    public static bool HasAnyTable(DbConnection connection) =>
        Sql.Scalar(connection, null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") > 0;

    private static void Execute(DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
