using System.Data.Common;

namespace IwmDesk.Data.Store;

/// <summary>
/// What differs between the store's two backends: opening a connection, the catalog queries, DDL details, serialising
/// migrations and which errors are worth a retry. Every other statement in the store is portable SQL run unchanged on
/// both (TEXT dates, DOUBLE PRECISION / BIGINT / TEXT columns, <c>@name</c> parameters,
/// <c>INSERT ... ON CONFLICT (...) DO UPDATE</c>, partial indexes).
/// </summary>
internal abstract class StoreDialect
{
    /// <summary>"sqlite" or "postgresql".</summary>
    public abstract string Name { get; }

    /// <summary>True when commands reused for many rows should be prepared explicitly.</summary>
    public abstract bool PrepareCommands { get; }

    /// <summary>The dialect of a store location: PostgreSQL for a connection string or URL, else SQLite.</summary>
    public static StoreDialect For(string location) =>
        PostgresDialect.IsConnectionString(location) ? PostgresDialect.Instance : SqliteDialect.Instance;

    /// <summary>Opens a connection with the dialect's session settings.</summary>
    public abstract DbConnection Open(string location);

    /// <summary>True when the database (or schema) has a table named <paramref name="name"/>.</summary>
    public abstract bool HasTable(DbConnection connection, string name);

    /// <summary>True when the database (or schema) has any table at all.</summary>
    public abstract bool HasAnyTable(DbConnection connection);

    /// <summary>A migration statement adapted to the dialect (identity for SQLite).</summary>
    public virtual string Ddl(string statement) => statement;

    /// <summary>Inside a migration transaction: makes concurrent migrators wait for each other.</summary>
    public abstract void LockSchema(DbConnection connection, DbTransaction transaction);

    /// <summary>True for errors that a retry of the whole transaction can cure (busy/locked database, serialization failure).</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>The location as shown to a user (no password).</summary>
    public virtual string Describe(string location) => location;
}
