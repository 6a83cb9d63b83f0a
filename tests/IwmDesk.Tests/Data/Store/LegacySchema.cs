using IwmDesk.Data.Store;

namespace IwmDesk.Tests.Data.Store;

/// <summary>A store as a version-5 build left it (before migration 6), for the migration tests of both backends.</summary>
internal static class LegacySchema
{
    /// <summary>The statements of migrations 1..5 with their schema_version rows, and one journal run without a requested date.</summary>
    public static List<string> Version5WithOneRun()
    {
        var sql = new List<string> { Migrations.CreateVersionTable };
        foreach (var m in Migrations.All.Where(m => m.Version <= 5).OrderBy(m => m.Version))
        {
            sql.AddRange(m.Statements);
            sql.Add($"INSERT INTO schema_version (version, description, applied_at) VALUES ({m.Version}, 'x', '2026-01-01T00:00:00Z')");
        }

        sql.Add("INSERT INTO journal_runs (run_id, kind, mode, created_at, as_of, tool_version, data_source, data_hash, rules_hash, payload, step_count, model_call_count, call_count) "
            + "VALUES ('old-run', 'forecast', 'live', '2026-01-02T00:00:00.000Z', '2025-09-05', 'v', 'real', 'dh', 'rh', '{}', 0, 0, 0)");
        return sql;
    }
}
