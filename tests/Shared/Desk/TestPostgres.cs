using Npgsql;

namespace IwmDesk.Testing;

/// <summary>
/// The test PostgreSQL server named by IWMDESK_TEST_PG (scripts/postgres-up.sh starts one and prints it; scripts/test.sh
/// exports it). Each test works in a schema of its own, dropped when disposed.
/// </summary>
internal static class TestPostgres
{
    public const string EnvironmentVariable = "IWMDESK_TEST_PG";

    private static readonly Lazy<string?> Reason = new(FindSkipReason);

    public static string? ConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } v ? v : null;

    /// <summary>Why PostgreSQL tests are skipped, or null when a server is there.</summary>
    public static string? SkipReason => Reason.Value;

    /// <summary>A new empty schema; the returned connection string has it as its search path.</summary>
    public static TestSchema NewSchema()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        using (var conn = new NpgsqlConnection(ConnectionString))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"CREATE SCHEMA {name}";
            cmd.ExecuteNonQuery();
        }

        var b = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = name };
        return new TestSchema(name, b.ConnectionString);
    }

    private static string? FindSkipReason()
    {
        if (ConnectionString is null)
        {
            return $"PostgreSQL not available: {EnvironmentVariable} is not set (scripts/postgres-up.sh starts a local server; "
                + "scripts/test.sh exports it)";
        }

        // In CI a configured server must work: let the tests run and fail rather than skip.
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            using var conn = new NpgsqlConnection(ConnectionString);
            conn.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            return $"PostgreSQL not available: cannot connect with {EnvironmentVariable} ({ex.Message})";
        }
    }
}

/// <summary>A per-test schema; dropping it removes everything the test wrote.</summary>
internal sealed class TestSchema(string name, string connectionString) : IDisposable
{
    public string Name { get; } = name;

    /// <summary>Connection string with Search Path = the schema: pass it as the store location.</summary>
    public string ConnectionString { get; } = connectionString;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var conn = new NpgsqlConnection(TestPostgres.ConnectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"DROP SCHEMA IF EXISTS {Name} CASCADE";
        cmd.ExecuteNonQuery();
    }
}

/// <summary>A fact that is skipped, with the reason, when no PostgreSQL server is available (IWMDESK_TEST_PG).</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.SkipReason is { } reason)
            Skip = reason;
    }
}
