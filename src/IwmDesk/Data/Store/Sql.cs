using System.Data.Common;
using System.Globalization;

namespace IwmDesk.Data.Store;

/// <summary>Small portable helpers for commands, parameters and the store's value conventions.</summary>
internal static class Sql
{
    /// <summary>
    /// The date column as an integer yyyyMMdd, computed by the database, so a reader loop gets dates with
    /// <c>GetInt32</c> and allocates no string per row. Portable (SUBSTR and CAST exist in SQLite and PostgreSQL).
    /// </summary>
    public static string DateKey(string column) =>
        $"(CAST(SUBSTR({column}, 1, 4) AS INTEGER) * 10000 + CAST(SUBSTR({column}, 6, 2) AS INTEGER) * 100 + CAST(SUBSTR({column}, 9, 2) AS INTEGER))";

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly FromKey(int key) => new(key / 10000, key / 100 % 100, key % 100);

    public static DateOnly ParseDate(string text) =>
        DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Text(DataOrigin origin) => origin == DataOrigin.Sample ? "sample" : "real";

    public static DataOrigin ParseOrigin(string text) =>
        string.Equals(text, "sample", StringComparison.Ordinal) ? DataOrigin.Sample : DataOrigin.Real;

    public static string Text(OptionRight right) => right == OptionRight.Put ? "P" : "C";

    public static OptionRight ParseRight(string text) =>
        string.Equals(text, "P", StringComparison.Ordinal) ? OptionRight.Put : OptionRight.Call;

    /// <summary>NaN (missing) becomes NULL.</summary>
    public static object Value(double v) => double.IsNaN(v) ? DBNull.Value : v;

    /// <summary>NULL becomes NaN.</summary>
    public static double GetDouble(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        return cmd;
    }

    public static DbParameter Param(DbCommand cmd, string name, object? value = null)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        // The store boundary of the one redaction step: no configured secret is ever written to the store.
        p.Value = value is string text ? Security.SecretRedactor.Shared.Redact(text) : value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }

    public static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(connection, transaction, sql);
        foreach (var (name, value) in parameters)
            Param(cmd, name, value);
        return cmd.ExecuteNonQuery();
    }

    public static long Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(connection, transaction, sql);
        foreach (var (name, value) in parameters)
            Param(cmd, name, value);
        var result = cmd.ExecuteScalar();
        return result is null or DBNull ? 0 : Convert.ToInt64(result, CultureInfo.InvariantCulture);
    }
}
