using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace IwmDesk.Data.Store;

/// <summary>
/// PostgreSQL (Npgsql), for a team sharing one store: the location is a connection string
/// (<c>Host=...;Database=...;Username=...;Password=...</c>) or a URL (<c>postgres://user:pass@host:port/db?sslmode=require</c>).
/// Text columns are created with <c>COLLATE "C"</c> so ORDER BY sorts byte-wise exactly as SQLite does, whatever the
/// database's locale; migrations are serialised with a transaction-scoped advisory lock.
/// </summary>
internal sealed partial class PostgresDialect : StoreDialect
{
    /// <summary>The one instance.</summary>
    public static readonly PostgresDialect Instance = new();

    /// <summary>Advisory-lock key taken by every migration transaction ("iwmdesk" in ASCII, truncated).</summary>
    private const long MigrationLockKey = 0x69776d6465736b;

    private PostgresDialect()
    {
    }

    /// <inheritdoc/>
    public override string Name => "postgresql";

    /// <inheritdoc/>
    public override bool PrepareCommands => false;

    /// <summary>True when <paramref name="location"/> is a PostgreSQL URL or key=value connection string rather than a file path.</summary>
    public static bool IsConnectionString(string location)
    {
        var v = location.Trim();
        return v.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || v.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || HostKey().IsMatch(v);
    }

    /// <summary>
    /// The Npgsql connection string for a URL or key=value location. URL parts map to Host, Port, Username, Password
    /// (percent-decoded) and Database; query parameters are passed on as keywords (<c>sslmode</c> → SSL Mode).
    /// </summary>
    /// <exception cref="IwmDeskException">The location cannot be read as a PostgreSQL connection.</exception>
    public static string ToConnectionString(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        var v = location.Trim();
        try
        {
            if (!v.Contains("://", StringComparison.Ordinal))
            {
                var kv = new NpgsqlConnectionStringBuilder(v);
                Security.SecretRedactor.Shared.Register(kv.Password, "store password");
                return kv.ConnectionString;
            }
            if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
                throw new IwmDeskException($"--store: '{Redact(v)}' is not a postgres://user:password@host:port/database URL");
            var b = new NpgsqlConnectionStringBuilder { Host = Uri.UnescapeDataString(uri.Host) };
            if (!uri.IsDefaultPort && uri.Port > 0)
                b.Port = uri.Port;
            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
                if (colon >= 0)
                {
                    b.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
                    Security.SecretRedactor.Shared.Register(b.Password, "store password");
                }
            }

            var db = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (db.Length > 0)
                b.Database = db;
            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                b[string.Equals(key, "sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }

            return b.ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new IwmDeskException($"--store: cannot read the PostgreSQL connection '{Redact(v)}': {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public override DbConnection Open(string location)
    {
        var connection = new NpgsqlConnection(ToConnectionString(location));
        try
        {
            connection.Open();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            connection.Dispose();
            throw new IwmDeskException($"cannot open the store {Describe(location)}: {ex.Message}", ex, exitCode: 1);
        }

        return connection;
    }

    /// <inheritdoc/>
    public override bool HasTable(DbConnection connection, string name) =>
        Sql.Scalar(connection, null,
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @n", ("@n", name)) > 0;

    /// <inheritdoc/>
    public override bool HasAnyTable(DbConnection connection) =>
        Sql.Scalar(connection, null, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()") > 0;

    /// <summary>CREATE TABLE statements get byte-wise (C) collation on every TEXT column.</summary>
    public override string Ddl(string statement) =>
        statement.TrimStart().StartsWith("CREATE TABLE", StringComparison.OrdinalIgnoreCase)
            ? TextType().Replace(statement, "TEXT COLLATE \"C\"")
            : statement;

    /// <inheritdoc/>
    public override void LockSchema(DbConnection connection, DbTransaction transaction) =>
        Sql.Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@k)", ("@k", MigrationLockKey));

    /// <inheritdoc/>
    public override bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is "40001" or "40P01" or "55P03" || pg.IsTransient,
        NpgsqlException n => n.IsTransient,
        _ => false,
    };

    /// <summary>"postgresql Host=...;Database=...;Username=..." without the password.</summary>
    public override string Describe(string location)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(ToConnectionString(location));
            b.Remove("Password");
            return "postgresql " + b.ConnectionString;
        }
        catch (IwmDeskException)
        {
            return "postgresql " + Redact(location);
        }
    }

    /// <summary>The location with any password replaced by ***.</summary>
    public static string Redact(string location) =>
        PasswordInUrl().Replace(PasswordKey().Replace(location, "${k}***"), "${u}:***@");

    [GeneratedRegex(@"(^|;)\s*(Host|Server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex HostKey();

    [GeneratedRegex(@"\bTEXT\b", RegexOptions.CultureInvariant)]
    private static partial Regex TextType();

    [GeneratedRegex(@"(?<k>(Password|Pwd)\s*=\s*)[^;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PasswordKey();

    [GeneratedRegex(@"(?<u>//[^:/@]*):[^@/]*@", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordInUrl();
}
