using System.Globalization;
using System.Text;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data;

/// <summary>Temp stores, fixture files and a full dump of every table for before/after comparisons.</summary>
internal static class StoreTestKit
{
    private static readonly string[] Tables = ["daily_series", "option_chains", "option_contracts", "short_volume", "earnings_revisions", "meta"];

    public static MarketStore NewStore(out string dir)
    {
        dir = TestData.TempDir();
        return MarketStore.Open(Path.Combine(dir, "store.db"));
    }

    public static string Write(string dir, string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Every row of every table as text, ordered: equal dumps mean an unchanged store.</summary>
    public static string Dump(MarketStore store)
    {
        var sb = new StringBuilder();
        foreach (var table in Tables)
        {
            using var cmd = store.Connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table}";
            using var reader = cmd.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                    cells[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                rows.Add(string.Join('|', cells));
            }

            rows.Sort(StringComparer.Ordinal);
            sb.Append(table).Append(':').Append(rows.Count).AppendLine();
            foreach (var r in rows)
                sb.AppendLine(r);
        }

        return sb.ToString();
    }

    public static long Count(MarketStore store, string table)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
