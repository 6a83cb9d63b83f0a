namespace IwmDesk.Data.Store;

/// <summary>One schema step: applied once, in its own transaction, and recorded in <c>schema_version</c>.</summary>
/// <param name="Version">1, 2, 3, ... in order; the store's version is the highest applied.</param>
/// <param name="Description">What the step does.</param>
/// <param name="Statements">The DDL/DML statements, portable SQL.</param>
internal sealed record Migration(int Version, string Description, IReadOnlyList<string> Statements);

/// <summary>
/// The ordered schema steps. Never edit a released step: add a new one at the end. The SQL is portable to PostgreSQL
/// (dates are TEXT 'yyyy-MM-dd'; money and ratios DOUBLE PRECISION; counts BIGINT; NULL for missing values).
/// </summary>
internal static class Migrations
{
    /// <summary>Bootstrap: the version table must exist before any step can be recorded.</summary>
    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

    public static readonly IReadOnlyList<Migration> All =
    [
        new Migration(1, "market data: daily series, option chains, FINRA short volume, earnings revisions, meta",
        [
            "CREATE TABLE meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE daily_series (
                series TEXT NOT NULL,
                date TEXT NOT NULL,
                open DOUBLE PRECISION,
                high DOUBLE PRECISION,
                low DOUBLE PRECISION,
                close DOUBLE PRECISION,
                adj_close DOUBLE PRECISION,
                volume DOUBLE PRECISION,
                origin TEXT NOT NULL CHECK (origin IN ('real', 'sample')),
                PRIMARY KEY (series, date))
            """,
            """
            CREATE TABLE option_chains (
                underlying TEXT NOT NULL,
                as_of TEXT NOT NULL,
                spot DOUBLE PRECISION NOT NULL,
                source_format TEXT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('real', 'sample')),
                PRIMARY KEY (underlying, as_of))
            """,
            """
            CREATE TABLE option_contracts (
                underlying TEXT NOT NULL,
                as_of TEXT NOT NULL,
                expiry TEXT NOT NULL,
                option_right TEXT NOT NULL CHECK (option_right IN ('C', 'P')),
                strike DOUBLE PRECISION NOT NULL,
                open_interest DOUBLE PRECISION,
                implied_vol DOUBLE PRECISION,
                bid DOUBLE PRECISION,
                ask DOUBLE PRECISION,
                volume DOUBLE PRECISION,
                delta DOUBLE PRECISION,
                gamma DOUBLE PRECISION,
                PRIMARY KEY (underlying, as_of, expiry, option_right, strike),
                FOREIGN KEY (underlying, as_of) REFERENCES option_chains (underlying, as_of) ON DELETE CASCADE)
            """,
            """
            CREATE TABLE short_volume (
                date TEXT NOT NULL,
                symbol TEXT NOT NULL,
                facility TEXT NOT NULL,
                short_volume BIGINT NOT NULL,
                short_exempt_volume BIGINT NOT NULL,
                total_volume BIGINT NOT NULL,
                market TEXT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('real', 'sample')),
                PRIMARY KEY (date, symbol, facility))
            """,
            "CREATE INDEX ix_short_volume_symbol ON short_volume (symbol, date)",
            """
            CREATE TABLE earnings_revisions (
                date TEXT NOT NULL,
                sector TEXT NOT NULL,
                upgrades BIGINT NOT NULL,
                downgrades BIGINT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('real', 'sample')),
                PRIMARY KEY (date, sector))
            """,
            // Partial indexes: empty for real data (no write cost), and make "does the store hold sample rows?" O(1).
            "CREATE INDEX ix_daily_series_sample ON daily_series (origin) WHERE origin = 'sample'",
            "CREATE INDEX ix_option_chains_sample ON option_chains (origin) WHERE origin = 'sample'",
            "CREATE INDEX ix_short_volume_sample ON short_volume (origin) WHERE origin = 'sample'",
            "CREATE INDEX ix_earnings_revisions_sample ON earnings_revisions (origin) WHERE origin = 'sample'",
        ]),
        new Migration(2, "journal: runs, steps with prompts, model calls, directional calls and their tags",
        [
            """
            CREATE TABLE journal_runs (
                run_id TEXT NOT NULL PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('forecast', 'workflow')),
                mode TEXT NOT NULL CHECK (mode IN ('live', 'replay')),
                created_at TEXT NOT NULL,
                as_of TEXT NOT NULL,
                tool_version TEXT NOT NULL,
                data_source TEXT NOT NULL CHECK (data_source IN ('real', 'sample')),
                data_hash TEXT NOT NULL,
                rules_hash TEXT NOT NULL,
                payload TEXT NOT NULL,
                step_count BIGINT NOT NULL,
                model_call_count BIGINT NOT NULL,
                call_count BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_journal_runs_as_of ON journal_runs (as_of, created_at)",
            """
            CREATE TABLE journal_steps (
                run_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                step TEXT NOT NULL,
                prompt TEXT,
                status TEXT NOT NULL CHECK (status IN ('ok', 'ungrounded', 'fallback', 'deterministic')),
                reason TEXT,
                answer TEXT,
                model_answer TEXT,
                ungrounded TEXT,
                prompt_tokens BIGINT NOT NULL,
                completion_tokens BIGINT NOT NULL,
                PRIMARY KEY (run_id, seq),
                FOREIGN KEY (run_id) REFERENCES journal_runs (run_id) ON DELETE CASCADE)
            """,
            """
            CREATE TABLE journal_model_calls (
                run_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                step_seq BIGINT NOT NULL,
                step TEXT NOT NULL,
                attempt BIGINT NOT NULL,
                model TEXT NOT NULL,
                base_url TEXT NOT NULL,
                started_at TEXT NOT NULL,
                latency_ms DOUBLE PRECISION NOT NULL,
                raw_reply TEXT,
                parsed_answer TEXT,
                grounding TEXT,
                prompt_tokens BIGINT NOT NULL,
                completion_tokens BIGINT NOT NULL,
                error TEXT,
                record TEXT NOT NULL,
                PRIMARY KEY (run_id, seq),
                FOREIGN KEY (run_id, step_seq) REFERENCES journal_steps (run_id, seq) ON DELETE CASCADE)
            """,
            """
            CREATE TABLE journal_calls (
                run_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                source TEXT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('Bullish', 'Bearish', 'Neutral')),
                probability DOUBLE PRECISION,
                p_up DOUBLE PRECISION,
                horizon BIGINT NOT NULL CHECK (horizon >= 1),
                PRIMARY KEY (run_id, seq),
                FOREIGN KEY (run_id) REFERENCES journal_runs (run_id) ON DELETE CASCADE)
            """,
            """
            CREATE TABLE journal_call_tags (
                run_id TEXT NOT NULL,
                call_seq BIGINT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('rule', 'regime', 'conviction')),
                value TEXT NOT NULL,
                PRIMARY KEY (run_id, call_seq, kind, value),
                FOREIGN KEY (run_id, call_seq) REFERENCES journal_calls (run_id, seq) ON DELETE CASCADE)
            """,
        ]),
        new Migration(3, "option chains: several snapshots per underlying and day (source, time of day), one selected for the panel",
        [
            // The key gains the snapshot's source, so a second file for the same day is kept beside the first instead of
            // replacing it; `selected` marks the one the panel, gex and the report use (nearest the close, see
            // StoreWriteTransaction.UpsertChain). Existing rows keep their format id as source and stay selected.
            """
            CREATE TABLE option_chains_v3 (
                underlying TEXT NOT NULL,
                as_of TEXT NOT NULL,
                source TEXT NOT NULL,
                snapshot_time TEXT,
                spot DOUBLE PRECISION NOT NULL,
                source_format TEXT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('real', 'sample')),
                selected BIGINT NOT NULL CHECK (selected IN (0, 1)),
                import_seq BIGINT NOT NULL,
                PRIMARY KEY (underlying, as_of, source))
            """,
            """
            CREATE TABLE option_contracts_v3 (
                underlying TEXT NOT NULL,
                as_of TEXT NOT NULL,
                source TEXT NOT NULL,
                expiry TEXT NOT NULL,
                option_right TEXT NOT NULL CHECK (option_right IN ('C', 'P')),
                strike DOUBLE PRECISION NOT NULL,
                open_interest DOUBLE PRECISION,
                implied_vol DOUBLE PRECISION,
                bid DOUBLE PRECISION,
                ask DOUBLE PRECISION,
                volume DOUBLE PRECISION,
                delta DOUBLE PRECISION,
                gamma DOUBLE PRECISION,
                PRIMARY KEY (underlying, as_of, source, expiry, option_right, strike),
                FOREIGN KEY (underlying, as_of, source) REFERENCES option_chains_v3 (underlying, as_of, source) ON DELETE CASCADE)
            """,
            "INSERT INTO option_chains_v3 (underlying, as_of, source, snapshot_time, spot, source_format, origin, selected, import_seq) "
                + "SELECT underlying, as_of, source_format, NULL, spot, source_format, origin, 1, 0 FROM option_chains",
            "INSERT INTO option_contracts_v3 (underlying, as_of, source, expiry, option_right, strike, open_interest, implied_vol, bid, ask, volume, delta, gamma) "
                + "SELECT k.underlying, k.as_of, c.source_format, k.expiry, k.option_right, k.strike, k.open_interest, k.implied_vol, k.bid, k.ask, k.volume, k.delta, k.gamma "
                + "FROM option_contracts k JOIN option_chains c ON c.underlying = k.underlying AND c.as_of = k.as_of",
            "DROP TABLE option_contracts",
            "DROP TABLE option_chains",
            "ALTER TABLE option_chains_v3 RENAME TO option_chains",
            "ALTER TABLE option_contracts_v3 RENAME TO option_contracts",
            "CREATE INDEX ix_option_chains_sample ON option_chains (origin) WHERE origin = 'sample'",
            "CREATE INDEX ix_option_chains_selected ON option_chains (underlying, selected, as_of)",
        ]),
        new Migration(5, "alerts: every alert the daily run fired, per delivery channel, with its status",
        [
            // One row per (trading day, alert, channel): a second daily run the same day updates the row (attempts,
            // status) instead of adding one. Secrets never reach this table (messages and errors are scrubbed).
            """
            CREATE TABLE journal_alerts (
                trading_day TEXT NOT NULL,
                alert TEXT NOT NULL,
                channel TEXT NOT NULL,
                event TEXT NOT NULL,
                as_of TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'cooldown', 'shown')),
                attempts BIGINT NOT NULL,
                first_at TEXT NOT NULL,
                last_at TEXT NOT NULL,
                message TEXT NOT NULL,
                record TEXT,
                error TEXT,
                PRIMARY KEY (trading_day, alert, channel))
            """,
            "CREATE INDEX ix_journal_alerts_alert ON journal_alerts (alert, status, trading_day)",
        ]),
        new Migration(6, "journal: the date each run was asked for beside the trading day it answers (the as-of rule)",
        [
            // Nullable: runs journaled before this step keep NULL (their requested date was not recorded); every run
            // written since carries it, equal to as_of when the requested date was a trading day with data.
            "ALTER TABLE journal_runs ADD COLUMN requested_date TEXT",
        ]),
        new Migration(7, "holdings: one snapshot of a fund's holdings per (fund, as-of date), its rows in file order",
        [
            // A re-import of the same (fund, as_of) replaces the snapshot's rows. Rows are keyed by their position in
            // the file: the issuer's ticker is not unique within a file (IWM 2025-11-05 lists '-' twice and ADRO for
            // both a stock and its CVR).
            """
            CREATE TABLE holdings_snapshots (
                fund TEXT NOT NULL,
                as_of TEXT NOT NULL,
                source TEXT NOT NULL,
                row_count BIGINT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('real', 'sample')),
                PRIMARY KEY (fund, as_of))
            """,
            """
            CREATE TABLE holdings (
                fund TEXT NOT NULL,
                as_of TEXT NOT NULL,
                position BIGINT NOT NULL,
                ticker TEXT NOT NULL,
                name TEXT NOT NULL,
                sector TEXT NOT NULL,
                asset_class TEXT NOT NULL,
                market_value DOUBLE PRECISION,
                weight_pct DOUBLE PRECISION,
                quantity DOUBLE PRECISION,
                price DOUBLE PRECISION,
                location TEXT NOT NULL,
                exchange TEXT NOT NULL,
                currency TEXT NOT NULL,
                PRIMARY KEY (fund, as_of, position),
                FOREIGN KEY (fund, as_of) REFERENCES holdings_snapshots (fund, as_of) ON DELETE CASCADE)
            """,
            "CREATE INDEX ix_holdings_ticker ON holdings (ticker, fund, as_of)",
            "CREATE INDEX ix_holdings_snapshots_sample ON holdings_snapshots (origin) WHERE origin = 'sample'",
        ]),
        new Migration(8, "consensus estimates: one row per earnings-calendar snapshot, symbol and fiscal quarter (revisions are computed from consecutive snapshots)",
        [
            // One snapshot per date: re-importing a date replaces its rows (rows no longer in the file are deleted).
            // estimate is NULL where the source had none; a NULL is never a revision.
            """
            CREATE TABLE consensus_estimates (
                snapshot_date TEXT NOT NULL,
                symbol TEXT NOT NULL,
                fiscal_date_ending TEXT NOT NULL,
                name TEXT NOT NULL,
                report_date TEXT,
                estimate DOUBLE PRECISION,
                currency TEXT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('real', 'sample')),
                PRIMARY KEY (snapshot_date, symbol, fiscal_date_ending))
            """,
            "CREATE INDEX ix_consensus_estimates_symbol ON consensus_estimates (symbol, fiscal_date_ending, snapshot_date)",
        ]),
    ];

    /// <summary>The schema version this build of the tool writes (the highest step; steps may land out of order).</summary>
    public static int Latest => All.Max(m => m.Version);
}
