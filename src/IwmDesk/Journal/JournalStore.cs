using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using IwmDesk.Data.Store;
using IwmDesk.Text;

namespace IwmDesk.Journal;

/// <summary>
/// The journal in the store (same file or database as the market data; tables <c>journal_*</c>, schema version 2).
/// <see cref="Write"/> stores a run with its steps, model calls, calls and tags in ONE transaction, so a process killed
/// mid-write leaves no partial run; a busy store (another writer) is waited for and the transaction retried.
/// Not thread-safe, like <see cref="MarketStore"/>.
/// </summary>
public sealed class JournalStore
{
    /// <summary>Attempts of one run's transaction before a busy store is reported.</summary>
    public const int MaxAttempts = 8;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly MarketStore _store;

    /// <summary>The journal of <paramref name="store"/>.</summary>
    public JournalStore(MarketStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Transactions retried after a transient error (busy store), since this instance was made.</summary>
    public int Retries { get; private set; }

    /// <summary>Writes <paramref name="run"/> in one transaction and returns its run id.</summary>
    /// <exception cref="ArgumentException">The run is malformed (unknown kind, a call without direction, ...).</exception>
    /// <exception cref="IwmDeskException">The store stayed busy through every retry, or refused the write.</exception>
    public string Write(JournalRun run) => WriteRun(run, replace: false);

    /// <summary>
    /// Writes <paramref name="run"/> (which must carry its <see cref="JournalRun.RunId"/>) in one transaction, replacing the
    /// run journaled under that id, if any, with all its steps, calls and tags: the daily run's way of updating its entries.
    /// </summary>
    /// <returns>The run id and whether an earlier run with that id was replaced.</returns>
    public (string RunId, bool Replaced) WriteReplacing(JournalRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.RunId, nameof(run));
        var existed = Sql.Scalar(_store.Connection, null, "SELECT COUNT(*) FROM journal_runs WHERE run_id = @id", ("@id", run.RunId)) > 0;
        return (WriteRun(run, replace: true), existed);
    }

    private string WriteRun(JournalRun run, bool replace)
    {
        ArgumentNullException.ThrowIfNull(run);
        Validate(run);
        var created = (run.CreatedAt ?? DateTimeOffset.UtcNow).ToUniversalTime();
        var id = run.RunId ?? NewRunId(created);
        var calls = run.Calls.Select(c => c with { Direction = JournalCall.NormalizeDirection(c.Direction) }).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                WriteOnce(run, id, created, calls, replace);
                return id;
            }
            catch (Exception ex) when (_store.Dialect.IsTransient(ex))
            {
                if (attempt >= MaxAttempts)
                    throw new IwmDeskException($"the store {_store.DisplayLocation} stayed busy: run {id} not journaled ({ex.Message})", ex, exitCode: 1);
                Retries++;
                Thread.Sleep((25 * attempt * attempt) + RandomNumberGenerator.GetInt32(25));
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
            {
                throw new IwmDeskException(StoreHealth.Describe(ex, _store.Location)!, ex);
            }
            catch (DbException ex)
            {
                throw new IwmDeskException($"cannot journal run {id} in {_store.DisplayLocation}: {ex.Message}", ex, exitCode: 1);
            }
        }
    }

    /// <summary>A new time-ordered run id: <c>yyyyMMddTHHmmssfff-</c> and 6 random hex digits.</summary>
    public static string NewRunId(DateTimeOffset createdAt) =>
        createdAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", Inv) + "-" + RandomNumberGenerator.GetHexString(6, lowercase: true);

    /// <summary>Runs whose as-of date lies in [from, to] (either bound optional), by as-of date then creation time.</summary>
    public IReadOnlyList<JournalEntry> List(DateOnly? from = null, DateOnly? to = null, JournalKind? kind = null)
    {
        var where = new List<string>();
        var args = new List<(string, object)>();
        if (from is { } f)
        {
            where.Add("r.as_of >= @from");
            args.Add(("@from", Sql.Text(f)));
        }

        if (to is { } t)
        {
            where.Add("r.as_of <= @to");
            args.Add(("@to", Sql.Text(t)));
        }

        if (kind is not null)
        {
            where.Add("r.kind = @kind");
            args.Add(("@kind", kind.Value.Text()));
        }

        return Load(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where), args);
    }

    /// <summary>The run with id <paramref name="runId"/>, or the one run whose id starts with it.</summary>
    /// <exception cref="IwmDeskException">No run, or several runs, match.</exception>
    public JournalEntryDetail Show(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var id = Resolve(runId.Trim());
        var entry = Load(" WHERE r.run_id = @id", [("@id", id)]).Single();
        JsonNode? payload;
        using (var cmd = Sql.Command(_store.Connection, null, "SELECT payload FROM journal_runs WHERE run_id = @id"))
        {
            Sql.Param(cmd, "@id", id);
            payload = Parse(cmd.ExecuteScalar() as string);
        }

        var modelCalls = new Dictionary<int, List<JournalModelCallRow>>();
        using (var cmd = Sql.Command(_store.Connection, null,
            "SELECT seq, step_seq, step, attempt, model, base_url, started_at, latency_ms, raw_reply, parsed_answer, grounding, "
            + "prompt_tokens, completion_tokens, error, record FROM journal_model_calls WHERE run_id = @id ORDER BY seq"))
        {
            Sql.Param(cmd, "@id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var stepSeq = (int)r.GetInt64(1);
                if (!modelCalls.TryGetValue(stepSeq, out var list))
                    modelCalls[stepSeq] = list = [];
                list.Add(new JournalModelCallRow(
                    (int)r.GetInt64(0), r.GetString(2), (int)r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetDouble(7),
                    Text(r, 8), Parse(Text(r, 9)), Parse(Text(r, 10)), (int)r.GetInt64(11), (int)r.GetInt64(12), Text(r, 13), Parse(Text(r, 14))));
            }
        }

        var steps = new List<JournalStepRow>();
        using (var cmd = Sql.Command(_store.Connection, null,
            "SELECT seq, step, prompt, status, reason, answer, model_answer, ungrounded, prompt_tokens, completion_tokens "
            + "FROM journal_steps WHERE run_id = @id ORDER BY seq"))
        {
            Sql.Param(cmd, "@id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var seq = (int)r.GetInt64(0);
                steps.Add(new JournalStepRow(
                    seq, r.GetString(1), Text(r, 2), r.GetString(3), Text(r, 4), Parse(Text(r, 5)), Parse(Text(r, 6)), Parse(Text(r, 7)),
                    (int)r.GetInt64(8), (int)r.GetInt64(9), modelCalls.TryGetValue(seq, out var calls) ? calls : []));
            }
        }

        return new JournalEntryDetail(entry, payload, steps);
    }

    /// <summary>Number of runs journaled.</summary>
    public int Count() => (int)Sql.Scalar(_store.Connection, null, "SELECT COUNT(*) FROM journal_runs");

    private string Resolve(string runId)
    {
        if (!runId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new IwmDeskException($"'{runId}' is not a run id (letters, digits and '-'; iwmdesk journal list shows the runs)");
        var ids = new List<string>();
        using var cmd = Sql.Command(_store.Connection, null,
            "SELECT run_id FROM journal_runs WHERE run_id LIKE @prefix ORDER BY run_id LIMIT 3");
        Sql.Param(cmd, "@prefix", runId + "%");
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                ids.Add(r.GetString(0));
        }

        if (ids.Contains(runId, StringComparer.Ordinal))
            return runId;
        return ids.Count switch
        {
            0 => throw new IwmDeskException($"no journaled run '{runId}' (iwmdesk journal list shows the runs)"),
            1 => ids[0],
            _ => throw new IwmDeskException($"'{runId}' matches several runs ({string.Join(", ", ids)}, ...): give more of the id"),
        };
    }

    private List<JournalEntry> Load(string where, List<(string Name, object Value)> args)
    {
        var conn = _store.Connection;
        var tags = new Dictionary<(string, int), (List<string> Rules, string? Regime, string? Conviction)>();
        using (var cmd = Sql.Command(conn, null,
            "SELECT t.run_id, t.call_seq, t.kind, t.value FROM journal_call_tags t JOIN journal_runs r ON r.run_id = t.run_id"
            + where + " ORDER BY t.run_id, t.call_seq, t.kind, t.value"))
        {
            foreach (var (n, v) in args)
                Sql.Param(cmd, n, v);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var key = (r.GetString(0), (int)r.GetInt64(1));
                if (!tags.TryGetValue(key, out var t))
                    t = ([], null, null);
                var value = r.GetString(3);
                switch (r.GetString(2))
                {
                    case "rule":
                        t.Rules.Add(value);
                        break;
                    case "regime":
                        t.Regime = value;
                        break;
                    default:
                        t.Conviction = value;
                        break;
                }

                tags[key] = t;
            }
        }

        var calls = new Dictionary<string, List<JournalCallRow>>(StringComparer.Ordinal);
        using (var cmd = Sql.Command(conn, null,
            "SELECT c.run_id, c.seq, c.source, c.direction, c.probability, c.p_up, c.horizon FROM journal_calls c "
            + "JOIN journal_runs r ON r.run_id = c.run_id" + where + " ORDER BY c.run_id, c.seq"))
        {
            foreach (var (n, v) in args)
                Sql.Param(cmd, n, v);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var runId = r.GetString(0);
                var seq = (int)r.GetInt64(1);
                tags.TryGetValue((runId, seq), out var t);
                if (!calls.TryGetValue(runId, out var list))
                    calls[runId] = list = [];
                list.Add(new JournalCallRow(seq, r.GetString(2), r.GetString(3), Nullable(r, 4), Nullable(r, 5), (int)r.GetInt64(6),
                    t.Rules ?? [], t.Regime, t.Conviction));
            }
        }

        var entries = new List<JournalEntry>();
        using (var cmd = Sql.Command(conn, null,
            "SELECT r.run_id, r.kind, r.mode, r.created_at, r.as_of, r.tool_version, r.data_source, r.data_hash, r.rules_hash, "
            + "r.step_count, r.model_call_count, r.requested_date FROM journal_runs r" + where + " ORDER BY r.as_of, r.created_at, r.run_id"))
        {
            foreach (var (n, v) in args)
                Sql.Param(cmd, n, v);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var runId = r.GetString(0);
                var kind = JournalVocabulary.ParseKind(r.GetString(1))
                    ?? throw new IwmDeskException($"journal run {runId}: kind '{r.GetString(1)}' is neither forecast nor workflow");
                var mode = JournalVocabulary.ParseMode(r.GetString(2))
                    ?? throw new IwmDeskException($"journal run {runId}: mode '{r.GetString(2)}' is neither live nor replay");
                entries.Add(new JournalEntry(runId, kind, mode, r.GetString(3), Sql.ParseDate(r.GetString(4)),
                    r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8), (int)r.GetInt64(9), (int)r.GetInt64(10),
                    calls.TryGetValue(runId, out var list) ? list : [], r.IsDBNull(11) ? null : Sql.ParseDate(r.GetString(11))));
            }
        }

        return entries;
    }

    private void WriteOnce(JournalRun run, string id, DateTimeOffset created, List<JournalCall> calls, bool replace)
    {
        var conn = _store.Connection;
        using var tx = conn.BeginTransaction();
        if (replace)
        {
            // Children first (no reliance on ON DELETE CASCADE being enabled on the connection).
            foreach (var table in new[] { "journal_call_tags", "journal_calls", "journal_model_calls", "journal_steps", "journal_runs" })
                Sql.Execute(conn, tx, $"DELETE FROM {table} WHERE run_id = @id", ("@id", id));
        }

        Sql.Execute(conn, tx,
            "INSERT INTO journal_runs (run_id, kind, mode, created_at, as_of, requested_date, tool_version, data_source, data_hash, rules_hash, payload, "
            + "step_count, model_call_count, call_count) VALUES (@id, @kind, @mode, @created, @asof, @requested, @version, @source, @dh, @rh, @payload, @sc, @mc, @cc)",
            ("@id", id),
            ("@kind", run.Kind.Text()),
            ("@mode", run.Mode.Text()),
            ("@created", created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv)),
            ("@asof", Sql.Text(run.AsOf)),
            ("@requested", Sql.Text(run.RequestedDate ?? run.AsOf)), // always both dates (migration 6)
            ("@version", run.ToolVersion),
            ("@source", run.DataSource),
            ("@dh", run.DataHash),
            ("@rh", run.RulesHash),
            ("@payload", run.Payload),
            ("@sc", (long)run.Steps.Count),
            ("@mc", (long)run.Steps.Sum(s => s.ModelCalls.Count)),
            ("@cc", (long)calls.Count));

        var callSeq = 0;
        for (var s = 0; s < run.Steps.Count; s++)
        {
            var step = run.Steps[s];
            Sql.Execute(conn, tx,
                "INSERT INTO journal_steps (run_id, seq, step, prompt, status, reason, answer, model_answer, ungrounded, prompt_tokens, completion_tokens) "
                + "VALUES (@id, @seq, @step, @prompt, @status, @reason, @answer, @model, @ungrounded, @pt, @ct)",
                ("@id", id),
                ("@seq", (long)s + 1),
                ("@step", step.Step),
                ("@prompt", (object?)step.Prompt ?? DBNull.Value),
                ("@status", step.Status),
                ("@reason", (object?)step.Reason ?? DBNull.Value),
                ("@answer", Json(step.Answer)),
                ("@model", Json(step.ModelAnswer)),
                ("@ungrounded", step.Ungrounded.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(step.Ungrounded, JsonOutput.Compact)),
                ("@pt", (long)step.PromptTokens),
                ("@ct", (long)step.CompletionTokens));
            foreach (var mc in step.ModelCalls)
            {
                callSeq++;
                Sql.Execute(conn, tx,
                    "INSERT INTO journal_model_calls (run_id, seq, step_seq, step, attempt, model, base_url, started_at, latency_ms, raw_reply, "
                    + "parsed_answer, grounding, prompt_tokens, completion_tokens, error, record) "
                    + "VALUES (@id, @seq, @ss, @step, @attempt, @model, @url, @started, @latency, @raw, @parsed, @grounding, @pt, @ct, @error, @record)",
                    ("@id", id),
                    ("@seq", (long)callSeq),
                    ("@ss", (long)s + 1),
                    ("@step", mc.Step),
                    ("@attempt", (long)mc.Attempt),
                    ("@model", mc.Model),
                    ("@url", mc.BaseUrl),
                    ("@started", mc.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv)),
                    ("@latency", mc.LatencyMs),
                    ("@raw", (object?)mc.RawReply ?? DBNull.Value),
                    ("@parsed", Json(mc.ParsedAnswer)),
                    ("@grounding", mc.Grounding is null ? DBNull.Value : JsonSerializer.Serialize(mc.Grounding, JsonOutput.Compact)),
                    ("@pt", (long)mc.PromptTokens),
                    ("@ct", (long)mc.CompletionTokens),
                    ("@error", (object?)mc.Error ?? DBNull.Value),
                    ("@record", JsonSerializer.Serialize(mc, JsonOutput.Compact)));
            }
        }

        for (var i = 0; i < calls.Count; i++)
        {
            var c = calls[i];
            var seq = (long)i + 1;
            Sql.Execute(conn, tx,
                "INSERT INTO journal_calls (run_id, seq, source, direction, probability, p_up, horizon) VALUES (@id, @seq, @source, @dir, @p, @pup, @h)",
                ("@id", id),
                ("@seq", seq),
                ("@source", c.Source),
                ("@dir", c.Direction),
                ("@p", Value(c.Probability)),
                ("@pup", Value(c.PUp)),
                ("@h", (long)c.Horizon));
            var tagList = c.Rules.Distinct(StringComparer.Ordinal).Select(r => ("rule", r)).ToList();
            if (!string.IsNullOrWhiteSpace(c.Regime))
                tagList.Add(("regime", c.Regime.Trim()));
            if (!string.IsNullOrWhiteSpace(c.Conviction))
                tagList.Add(("conviction", c.Conviction.Trim()));
            foreach (var (kind, value) in tagList)
            {
                Sql.Execute(conn, tx,
                    "INSERT INTO journal_call_tags (run_id, call_seq, kind, value) VALUES (@id, @seq, @kind, @value)",
                    ("@id", id), ("@seq", seq), ("@kind", kind), ("@value", value));
            }
        }

        tx.Commit();
    }

    private static void Validate(JournalRun run)
    {
        if (!Enum.IsDefined(run.Kind))
            throw new ArgumentException($"a journal run is a forecast or a workflow, not '{run.Kind}'", nameof(run));
        if (!Enum.IsDefined(run.Mode))
            throw new ArgumentException($"a journal run is live or replay, not '{run.Mode}'", nameof(run));
        if (run.DataSource is not ("real" or "sample"))
            throw new ArgumentException($"data source must be real or sample, not '{run.DataSource}'", nameof(run));
        ArgumentException.ThrowIfNullOrWhiteSpace(run.Payload, nameof(run));
        foreach (var c in run.Calls)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(c.Source, nameof(run));
            JournalCall.NormalizeDirection(c.Direction);
            if (c.Horizon < 1)
                throw new ArgumentOutOfRangeException(nameof(run), $"call '{c.Source}': horizon must be at least 1 trading day, got {c.Horizon}");
            foreach (var (name, p) in new[] { ("probability", c.Probability), ("p_up", c.PUp) })
            {
                if (p is { } v && double.IsFinite(v) && v is < 0 or > 1)
                    throw new ArgumentOutOfRangeException(nameof(run), $"call '{c.Source}': {name} must be a fraction in [0, 1], got {v.ToString("R", Inv)}");
            }
        }
    }

    /// <summary>A probability for the store: NaN or absent is NULL.</summary>
    private static object Value(double? v) => v is { } d && double.IsFinite(d) ? d : DBNull.Value;

    private static object Json(JsonNode? node) => node is null ? DBNull.Value : node.ToJsonString(JsonOutput.Compact);

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static double? Nullable(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
