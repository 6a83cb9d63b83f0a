using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace IwmDesk.Data.Store;

/// <summary>
/// SQLite: opening a file and the PRAGMAs (WAL, foreign keys, a 5 s busy timeout, synchronous NORMAL), the catalog in
/// <c>sqlite_master</c>, and SQLITE_BUSY / SQLITE_LOCKED as retryable. Write transactions start with
/// <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default), so a writer takes the lock up front and waits for it under
/// the busy timeout instead of failing when it upgrades a read.
/// </summary>
internal sealed class SqliteDialect : StoreDialect
{
    /// <summary>The one instance.</summary>
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    /// <inheritdoc/>
    public override string Name => "sqlite";

    /// <inheritdoc/>
    public override bool PrepareCommands => true;

    /// <summary>Opens (creating when absent) the SQLite file and applies the connection PRAGMAs.</summary>
    public override DbConnection Open(string location)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = location,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
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
            if (ex.SqliteErrorCode is 26 or 11 or 8) // SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_READONLY: one line naming the store, exit 2
                throw new IwmDeskException(StoreHealth.Describe(ex, location)!, ex);
            if (ex.SqliteErrorCode == 14 && StoreHealth.IsReadOnlyPlace(location)) // SQLITE_CANTOPEN in a directory that cannot be written
                throw new IwmDeskException(StoreHealth.ReadOnlyMessage(location), ex);
            throw new IwmDeskException($"cannot open the store {location}: {ex.Message}", ex, exitCode: 1);
        }

        return connection;
    }

    /// <inheritdoc/>
    public override bool HasTable(DbConnection connection, string name) =>
        Sql.Scalar(connection, null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @n", ("@n", name)) > 0;

    /// <inheritdoc/>
    public override bool HasAnyTable(DbConnection connection) =>
        Sql.Scalar(connection, null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") > 0;

    /// <inheritdoc/>
    public override void LockSchema(DbConnection connection, DbTransaction transaction)
    {
        // BEGIN IMMEDIATE already holds the database's write lock.
    }

    /// <inheritdoc/>
    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED

    private static void Execute(DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
