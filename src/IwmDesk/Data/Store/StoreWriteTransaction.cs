using System.Data.Common;
using System.Globalization;

namespace IwmDesk.Data.Store;

/// <summary>
/// One write transaction on the store. Upserts compare each incoming row with the stored one and count it as added,
/// updated or unchanged (all values equal, NaN equal to NULL); only added and updated rows are written, through one
/// prepared <c>INSERT ... ON CONFLICT DO UPDATE</c> command per table reused for every row.
/// <para>
/// Sample and real data never mix: the first real write into a store that holds sample rows purges ALL sample rows
/// (every table) inside this transaction (see <see cref="PurgedSampleRows"/>); a sample write into a store that holds
/// real rows is refused. Dispose without <see cref="Commit"/> to roll everything back.
/// </para>
/// </summary>
public sealed class StoreWriteTransaction : IDisposable
{
    private readonly MarketStore _store;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly List<DbCommand> _commands = [];
    private bool _realChecked;
    private bool _sampleChecked;
    private bool _done;

    private DbCommand? _barUpsert;
    private DbCommand? _shortUpsert;
    private DbCommand? _revisionUpsert;
    private DbCommand? _contractUpsert;
    private DbCommand? _contractDelete;

    internal StoreWriteTransaction(MarketStore store, DbTransaction transaction)
    {
        _store = store;
        _connection = store.Connection;
        _transaction = transaction;
    }

    /// <summary>Sample rows deleted by this transaction (by an explicit <see cref="PurgeSample"/> or the first real write).</summary>
    public int PurgedSampleRows { get; private set; }

    /// <summary>Upserts daily bars of <paramref name="series"/>; dates must be unique within <paramref name="bars"/>.</summary>
    public UpsertCounts UpsertBars(string series, IReadOnlyList<DailyBar> bars, DataOrigin origin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(series);
        ThrowIfDone();
        if (bars.Count == 0)
            return default;
        EnsureOrigin(origin);
        var originText = Sql.Text(origin);

        var from = bars[0].Date;
        var to = from;
        for (var i = 1; i < bars.Count; i++)
        {
            var d = bars[i].Date;
            if (d < from)
                from = d;
            if (d > to)
                to = d;
        }

        var existing = new Dictionary<DateOnly, (DailyBar Bar, string Origin)>();
        using (var cmd = Command(
            $"SELECT {Sql.DateKey("date")}, open, high, low, close, adj_close, volume, origin FROM daily_series "
            + "WHERE series = @s AND date >= @from AND date <= @to"))
        {
            Sql.Param(cmd, "@s", series);
            Sql.Param(cmd, "@from", Sql.Text(from));
            Sql.Param(cmd, "@to", Sql.Text(to));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var date = Sql.FromKey(reader.GetInt32(0));
                existing[date] = (new DailyBar(date, Sql.GetDouble(reader, 1), Sql.GetDouble(reader, 2), Sql.GetDouble(reader, 3),
                    Sql.GetDouble(reader, 4), Sql.GetDouble(reader, 5), Sql.GetDouble(reader, 6)), reader.GetString(7));
            }
        }

        var cmdUp = _barUpsert ??= Prepare(
            "INSERT INTO daily_series (series, date, open, high, low, close, adj_close, volume, origin) "
            + "VALUES (@series, @date, @open, @high, @low, @close, @adj, @volume, @origin) "
            + "ON CONFLICT (series, date) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, "
            + "close = excluded.close, adj_close = excluded.adj_close, volume = excluded.volume, origin = excluded.origin",
            "@series", "@date", "@open", "@high", "@low", "@close", "@adj", "@volume", "@origin");
        var p = cmdUp.Parameters;
        p[0].Value = series;
        p[8].Value = originText;

        var seen = new HashSet<DateOnly>();
        var tally = default(Tally);
        foreach (var bar in bars)
        {
            if (!seen.Add(bar.Date))
                throw new ArgumentException($"{series}: date {Sql.Text(bar.Date)} appears twice in one upsert", nameof(bars));
            var exists = existing.TryGetValue(bar.Date, out var old);
            if (!tally.Write(exists, exists && old.Bar == bar && string.Equals(old.Origin, originText, StringComparison.Ordinal)))
                continue;

            p[1].Value = Sql.Text(bar.Date);
            p[2].Value = Sql.Value(bar.Open);
            p[3].Value = Sql.Value(bar.High);
            p[4].Value = Sql.Value(bar.Low);
            p[5].Value = Sql.Value(bar.Close);
            p[6].Value = Sql.Value(bar.AdjClose);
            p[7].Value = Sql.Value(bar.Volume);
            cmdUp.ExecuteNonQuery();
        }

        return tally.Counts;
    }

    /// <summary>
    /// Stores an option-chain snapshot. A snapshot of the same (underlying, as-of, source) is replaced: contracts are
    /// added, updated or left unchanged, and contracts the new snapshot lacks are removed. A snapshot from another
    /// source (or time) of the same day is kept beside it, never silently replaced. Then the day's selected snapshot is
    /// chosen again: the one nearest the 16:00 close (a snapshot without a time of day, or taken at or after the close,
    /// counts as at the close); on a tie the one imported first stays selected.
    /// </summary>
    /// <param name="chain">The snapshot; (expiry, right, strike) must be unique. Its <see cref="OptionChainSnapshot.Source"/>
    /// (default: <paramref name="sourceFormat"/>) identifies it within the day.</param>
    /// <param name="sourceFormat">Format id of the source (e.g. <c>chain-csv</c>).</param>
    /// <param name="origin">Real or sample.</param>
    public ChainUpsertResult UpsertChain(OptionChainSnapshot chain, string sourceFormat, DataOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrWhiteSpace(chain.Underlying, nameof(chain));
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceFormat);
        if (!(chain.Spot > 0) || double.IsInfinity(chain.Spot))
            throw new ArgumentOutOfRangeException(nameof(chain), $"spot must be positive, got {chain.Spot}");
        ThrowIfDone();
        EnsureOrigin(origin);
        var originText = Sql.Text(origin);
        var asOf = Sql.Text(chain.AsOf);
        var source = string.IsNullOrWhiteSpace(chain.Source) ? sourceFormat : chain.Source;
        var timeText = chain.SnapshotTime is { } st ? st.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : null;

        // Values derived from this day's selected snapshot (the cached GEX total) may be stale once the day changes.
        Sql.Execute(_connection, _transaction, "DELETE FROM meta WHERE key = @k", ("@k", MarketStore.DerivedGexKey(chain.Underlying, chain.AsOf)));

        var headerChanged = true;
        var isNew = true;
        using (var cmd = Command("SELECT spot, source_format, origin, snapshot_time FROM option_chains WHERE underlying = @u AND as_of = @d AND source = @s"))
        {
            Sql.Param(cmd, "@u", chain.Underlying);
            Sql.Param(cmd, "@d", asOf);
            Sql.Param(cmd, "@s", source);
            using var reader = cmd.ExecuteReader();
            if (reader.Read())
            {
                isNew = false;
                headerChanged = reader.GetDouble(0) != chain.Spot
                    || !string.Equals(reader.GetString(1), sourceFormat, StringComparison.Ordinal)
                    || !string.Equals(reader.GetString(2), originText, StringComparison.Ordinal)
                    || !string.Equals(reader.IsDBNull(3) ? null : reader.GetString(3), timeText, StringComparison.Ordinal);
            }
        }

        if (isNew)
        {
            long seq;
            using (var cmd = Command("SELECT COALESCE(MAX(import_seq), 0) + 1 FROM option_chains"))
                seq = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            Sql.Execute(_connection, _transaction,
                "INSERT INTO option_chains (underlying, as_of, source, snapshot_time, spot, source_format, origin, selected, import_seq) "
                + "VALUES (@u, @d, @s, @t, @spot, @f, @o, 0, @seq)",
                ("@u", chain.Underlying), ("@d", asOf), ("@s", source), ("@t", (object?)timeText ?? DBNull.Value), ("@spot", chain.Spot),
                ("@f", sourceFormat), ("@o", originText), ("@seq", seq));
        }
        else if (headerChanged)
        {
            Sql.Execute(_connection, _transaction,
                "UPDATE option_chains SET spot = @spot, source_format = @f, origin = @o, snapshot_time = @t WHERE underlying = @u AND as_of = @d AND source = @s",
                ("@u", chain.Underlying), ("@d", asOf), ("@s", source), ("@t", (object?)timeText ?? DBNull.Value), ("@spot", chain.Spot),
                ("@f", sourceFormat), ("@o", originText));
        }

        var existing = new Dictionary<(DateOnly, OptionRight, double), OptionQuote>();
        using (var cmd = Command(
            $"SELECT {Sql.DateKey("expiry")}, option_right, strike, open_interest, implied_vol, bid, ask, volume, delta, gamma "
            + "FROM option_contracts WHERE underlying = @u AND as_of = @d AND source = @s"))
        {
            Sql.Param(cmd, "@u", chain.Underlying);
            Sql.Param(cmd, "@d", asOf);
            Sql.Param(cmd, "@s", source);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var q = new OptionQuote(Sql.FromKey(reader.GetInt32(0)), Sql.ParseRight(reader.GetString(1)), reader.GetDouble(2),
                    Sql.GetDouble(reader, 3), Sql.GetDouble(reader, 4), Sql.GetDouble(reader, 5), Sql.GetDouble(reader, 6),
                    Sql.GetDouble(reader, 7), Sql.GetDouble(reader, 8), Sql.GetDouble(reader, 9));
                existing[(q.Expiry, q.Right, q.Strike)] = q;
            }
        }

        var up = _contractUpsert ??= Prepare(
            "INSERT INTO option_contracts (underlying, as_of, source, expiry, option_right, strike, open_interest, implied_vol, bid, ask, volume, delta, gamma) "
            + "VALUES (@u, @d, @s, @e, @r, @k, @oi, @iv, @bid, @ask, @vol, @delta, @gamma) "
            + "ON CONFLICT (underlying, as_of, source, expiry, option_right, strike) DO UPDATE SET open_interest = excluded.open_interest, "
            + "implied_vol = excluded.implied_vol, bid = excluded.bid, ask = excluded.ask, volume = excluded.volume, "
            + "delta = excluded.delta, gamma = excluded.gamma",
            "@u", "@d", "@e", "@r", "@k", "@oi", "@iv", "@bid", "@ask", "@vol", "@delta", "@gamma", "@s");
        var p = up.Parameters;
        p[0].Value = chain.Underlying;
        p[1].Value = asOf;
        p[12].Value = source;

        var seen = new HashSet<(DateOnly, OptionRight, double)>();
        var tally = default(Tally);
        foreach (var q in chain.Quotes)
        {
            var key = (q.Expiry, q.Right, q.Strike);
            if (!(q.Strike > 0) || double.IsInfinity(q.Strike))
                throw new ArgumentOutOfRangeException(nameof(chain), $"strike must be positive, got {q.Strike}");
            if (!seen.Add(key))
                throw new ArgumentException($"{chain.Underlying} {asOf}: contract {Sql.Text(q.Expiry)} {Sql.Text(q.Right)} {q.Strike} appears twice", nameof(chain));
            var exists = existing.Remove(key, out var old);
            if (!tally.Write(exists, exists && old == q))
                continue;

            p[2].Value = Sql.Text(q.Expiry);
            p[3].Value = Sql.Text(q.Right);
            p[4].Value = q.Strike;
            p[5].Value = Sql.Value(q.OpenInterest);
            p[6].Value = Sql.Value(q.ImpliedVol);
            p[7].Value = Sql.Value(q.Bid);
            p[8].Value = Sql.Value(q.Ask);
            p[9].Value = Sql.Value(q.Volume);
            p[10].Value = Sql.Value(q.Delta);
            p[11].Value = Sql.Value(q.Gamma);
            up.ExecuteNonQuery();
        }

        // What is left in `existing` is not in the new snapshot: the snapshot is replaced, not merged.
        if (existing.Count > 0)
        {
            var del = _contractDelete ??= Prepare(
                "DELETE FROM option_contracts WHERE underlying = @u AND as_of = @d AND expiry = @e AND option_right = @r AND strike = @k AND source = @s",
                "@u", "@d", "@e", "@r", "@k", "@s");
            var dp = del.Parameters;
            dp[0].Value = chain.Underlying;
            dp[1].Value = asOf;
            dp[5].Value = source;
            foreach (var (expiry, right, strike) in existing.Keys)
            {
                dp[2].Value = Sql.Text(expiry);
                dp[3].Value = Sql.Text(right);
                dp[4].Value = strike;
                del.ExecuteNonQuery();
            }
        }

        var (count, selected) = SelectChain(chain.Underlying, asOf);
        return new ChainUpsertResult(tally.Counts, existing.Count, headerChanged, source, count, selected);
    }

    /// <summary>
    /// Marks the day's snapshot nearest the 16:00 close as selected: distance = minutes before 16:00 (0 for no time of
    /// day or a time at or after the close); ties keep the earliest import. Returns the day's snapshot count and the
    /// selected source.
    /// </summary>
    private (int Count, string Selected) SelectChain(string underlying, string asOf)
    {
        var rows = new List<(string Source, int Distance, long Seq)>();
        using (var cmd = Command("SELECT source, snapshot_time, import_seq FROM option_chains WHERE underlying = @u AND as_of = @d"))
        {
            Sql.Param(cmd, "@u", underlying);
            Sql.Param(cmd, "@d", asOf);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var distance = 0;
                if (!reader.IsDBNull(1))
                {
                    var t = TimeOnly.ParseExact(reader.GetString(1), "HH:mm:ss", CultureInfo.InvariantCulture);
                    var close = new TimeOnly(16, 0);
                    distance = t < close ? (int)(close - t).TotalMinutes : 0;
                }

                rows.Add((reader.GetString(0), distance, Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)));
            }
        }

        var best = rows.OrderBy(r => r.Distance).ThenBy(r => r.Seq).ThenBy(r => r.Source, StringComparer.Ordinal).First();
        Sql.Execute(_connection, _transaction,
            "UPDATE option_chains SET selected = CASE WHEN source = @s THEN 1 ELSE 0 END WHERE underlying = @u AND as_of = @d",
            ("@u", underlying), ("@d", asOf), ("@s", best.Source));
        return (rows.Count, best.Source);
    }

    /// <summary>Upserts FINRA short-volume rows; (date, symbol, facility) must be unique within <paramref name="rows"/>.</summary>
    public UpsertCounts UpsertShortVolume(IReadOnlyList<ShortVolumeRecord> rows, DataOrigin origin)
    {
        ThrowIfDone();
        if (rows.Count == 0)
            return default;
        EnsureOrigin(origin);
        var originText = Sql.Text(origin);

        var from = rows[0].Date;
        var to = from;
        string? single = rows[0].Symbol;
        foreach (var r in rows)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(r.Symbol, nameof(rows));
            ArgumentException.ThrowIfNullOrWhiteSpace(r.Facility, nameof(rows));
            if (r.Date < from)
                from = r.Date;
            if (r.Date > to)
                to = r.Date;
            if (single is not null && !string.Equals(single, r.Symbol, StringComparison.Ordinal))
                single = null;
        }

        var existing = new Dictionary<(DateOnly, string, string), (ShortVolumeRecord Row, string Origin)>();
        using (var cmd = Command(
            $"SELECT {Sql.DateKey("date")}, symbol, facility, short_volume, short_exempt_volume, total_volume, market, origin "
            + "FROM short_volume WHERE date >= @from AND date <= @to" + (single is null ? string.Empty : " AND symbol = @s")))
        {
            Sql.Param(cmd, "@from", Sql.Text(from));
            Sql.Param(cmd, "@to", Sql.Text(to));
            if (single is not null)
                Sql.Param(cmd, "@s", single);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var row = new ShortVolumeRecord(Sql.FromKey(reader.GetInt32(0)), reader.GetString(1), reader.GetString(2),
                    reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetString(6));
                existing[(row.Date, row.Symbol, row.Facility)] = (row, reader.GetString(7));
            }
        }

        var up = _shortUpsert ??= Prepare(
            "INSERT INTO short_volume (date, symbol, facility, short_volume, short_exempt_volume, total_volume, market, origin) "
            + "VALUES (@d, @s, @f, @sv, @sev, @tv, @m, @o) "
            + "ON CONFLICT (date, symbol, facility) DO UPDATE SET short_volume = excluded.short_volume, "
            + "short_exempt_volume = excluded.short_exempt_volume, total_volume = excluded.total_volume, "
            + "market = excluded.market, origin = excluded.origin",
            "@d", "@s", "@f", "@sv", "@sev", "@tv", "@m", "@o");
        var p = up.Parameters;
        p[7].Value = originText;

        var seen = new HashSet<(DateOnly, string, string)>();
        var tally = default(Tally);
        foreach (var r in rows)
        {
            var key = (r.Date, r.Symbol, r.Facility);
            if (!seen.Add(key))
                throw new ArgumentException($"short volume {Sql.Text(r.Date)} {r.Symbol} {r.Facility} appears twice in one upsert", nameof(rows));
            var exists = existing.TryGetValue(key, out var old);
            if (!tally.Write(exists, exists && old.Row == r && string.Equals(old.Origin, originText, StringComparison.Ordinal)))
                continue;

            p[0].Value = Sql.Text(r.Date);
            p[1].Value = r.Symbol;
            p[2].Value = r.Facility;
            p[3].Value = r.ShortVolume;
            p[4].Value = r.ShortExemptVolume;
            p[5].Value = r.TotalVolume;
            p[6].Value = r.Market;
            up.ExecuteNonQuery();
        }

        return tally.Counts;
    }

    /// <summary>Upserts earnings-revision rows; (date, sector) must be unique within <paramref name="rows"/>.</summary>
    public UpsertCounts UpsertRevisions(IReadOnlyList<EarningsRevisionRecord> rows, DataOrigin origin)
    {
        ThrowIfDone();
        if (rows.Count == 0)
            return default;
        EnsureOrigin(origin);
        var originText = Sql.Text(origin);

        var existing = new Dictionary<(DateOnly, string), (EarningsRevisionRecord Row, string Origin)>();
        using (var cmd = Command($"SELECT {Sql.DateKey("date")}, sector, upgrades, downgrades, origin FROM earnings_revisions"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                var row = new EarningsRevisionRecord(Sql.FromKey(reader.GetInt32(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3));
                existing[(row.Date, row.Sector)] = (row, reader.GetString(4));
            }
        }

        var up = _revisionUpsert ??= Prepare(
            "INSERT INTO earnings_revisions (date, sector, upgrades, downgrades, origin) VALUES (@d, @s, @u, @dn, @o) "
            + "ON CONFLICT (date, sector) DO UPDATE SET upgrades = excluded.upgrades, downgrades = excluded.downgrades, origin = excluded.origin",
            "@d", "@s", "@u", "@dn", "@o");
        var p = up.Parameters;
        p[4].Value = originText;

        var seen = new HashSet<(DateOnly, string)>();
        var tally = default(Tally);
        foreach (var r in rows)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(r.Sector, nameof(rows));
            if (r.Upgrades < 0 || r.Downgrades < 0)
                throw new ArgumentOutOfRangeException(nameof(rows), $"revision counts must not be negative ({Sql.Text(r.Date)} {r.Sector})");
            var key = (r.Date, r.Sector);
            if (!seen.Add(key))
                throw new ArgumentException($"revisions {Sql.Text(r.Date)} {r.Sector} appear twice in one upsert", nameof(rows));
            var exists = existing.TryGetValue(key, out var old);
            if (!tally.Write(exists, exists && old.Row == r && string.Equals(old.Origin, originText, StringComparison.Ordinal)))
                continue;

            p[0].Value = Sql.Text(r.Date);
            p[1].Value = r.Sector;
            p[2].Value = (long)r.Upgrades;
            p[3].Value = (long)r.Downgrades;
            up.ExecuteNonQuery();
        }

        return tally.Counts;
    }

    /// <summary>
    /// Stores a holdings snapshot, replacing the one of the same (fund, as-of date) if any: re-importing the same file
    /// changes nothing. Rows are compared with the stored ones position by position (equities, then the others).
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="source">Where it came from (file name or URL).</param>
    /// <param name="origin">Real or sample.</param>
    /// <returns>Rows added / updated / unchanged, and the stored rows the new snapshot no longer has (removed).</returns>
    public (UpsertCounts Counts, int Removed) ReplaceHoldings(HoldingsSnapshot snapshot, string source, DataOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshot.Fund, nameof(snapshot));
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ThrowIfDone();
        EnsureOrigin(origin);
        var fund = snapshot.Fund;
        var asOf = Sql.Text(snapshot.AsOf);
        var rows = snapshot.All.ToList();

        var old = new List<Holding>();
        using (var cmd = Command(
            "SELECT ticker, name, sector, asset_class, market_value, weight_pct, quantity, price, location, exchange, currency "
            + "FROM holdings WHERE fund = @f AND as_of = @d ORDER BY position"))
        {
            Sql.Param(cmd, "@f", fund);
            Sql.Param(cmd, "@d", asOf);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                old.Add(new Holding(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    Sql.GetDouble(reader, 4), Sql.GetDouble(reader, 5), Sql.GetDouble(reader, 6), Sql.GetDouble(reader, 7),
                    reader.GetString(8), reader.GetString(9), reader.GetString(10)));
            }
        }

        var tally = default(Tally);
        var changed = old.Count != rows.Count;
        for (var i = 0; i < rows.Count; i++)
        {
            var exists = i < old.Count;
            if (tally.Write(exists, exists && old[i] == rows[i]))
                changed = true;
        }

        var originText = Sql.Text(origin);
        if (!changed)
        {
            Sql.Execute(_connection, _transaction,
                "UPDATE holdings_snapshots SET source = @s, origin = @o WHERE fund = @f AND as_of = @d",
                ("@s", source), ("@o", originText), ("@f", fund), ("@d", asOf));
            return (tally.Counts, 0);
        }

        Sql.Execute(_connection, _transaction, "DELETE FROM holdings WHERE fund = @f AND as_of = @d", ("@f", fund), ("@d", asOf));
        Sql.Execute(_connection, _transaction, "DELETE FROM holdings_snapshots WHERE fund = @f AND as_of = @d", ("@f", fund), ("@d", asOf));
        Sql.Execute(_connection, _transaction,
            "INSERT INTO holdings_snapshots (fund, as_of, source, row_count, origin) VALUES (@f, @d, @s, @n, @o)",
            ("@f", fund), ("@d", asOf), ("@s", source), ("@n", (long)rows.Count), ("@o", originText));
        var insert = Prepare(
            "INSERT INTO holdings (fund, as_of, position, ticker, name, sector, asset_class, market_value, weight_pct, quantity, price, location, exchange, currency) "
            + "VALUES (@f, @d, @pos, @t, @n, @s, @a, @mv, @w, @q, @p, @l, @e, @c)",
            "@f", "@d", "@pos", "@t", "@n", "@s", "@a", "@mv", "@w", "@q", "@p", "@l", "@e", "@c");
        var p = insert.Parameters;
        p[0].Value = fund;
        p[1].Value = asOf;
        for (var i = 0; i < rows.Count; i++)
        {
            var h = rows[i];
            p[2].Value = (long)i;
            p[3].Value = h.Ticker;
            p[4].Value = h.Name;
            p[5].Value = h.Sector;
            p[6].Value = h.AssetClass;
            p[7].Value = Sql.Value(h.MarketValue);
            p[8].Value = Sql.Value(h.WeightPct);
            p[9].Value = Sql.Value(h.Quantity);
            p[10].Value = Sql.Value(h.Price);
            p[11].Value = h.Location;
            p[12].Value = h.Exchange;
            p[13].Value = h.Currency;
            insert.ExecuteNonQuery();
        }

        return (tally.Counts, Math.Max(0, old.Count - rows.Count));
    }

    /// <summary>
    /// Writes one consensus snapshot: its rows are upserted by (symbol, fiscal quarter) and the stored rows of that
    /// date the snapshot no longer holds are deleted, so re-importing the same file changes nothing and a corrected
    /// file replaces the date's snapshot whole.
    /// </summary>
    public (UpsertCounts Counts, int Removed) UpsertConsensusSnapshot(DateOnly date, IReadOnlyList<ConsensusEstimate> rows, DataOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ThrowIfDone();
        EnsureOrigin(origin);
        var originText = Sql.Text(origin);
        var dateText = Sql.Text(date);
        var existing = new Dictionary<(string, DateOnly), ConsensusEstimate>();
        using (var cmd = Command("SELECT symbol, fiscal_date_ending, name, report_date, estimate, currency, origin FROM consensus_estimates WHERE snapshot_date = @d"))
        {
            Sql.Param(cmd, "@d", dateText);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var row = new ConsensusEstimate(date, reader.GetString(0), reader.GetString(2),
                    reader.IsDBNull(3) ? null : Sql.ParseDate(reader.GetString(3)), Sql.ParseDate(reader.GetString(1)),
                    reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetString(5));
                existing[(row.Symbol, row.FiscalDateEnding)] = string.Equals(reader.GetString(6), originText, StringComparison.Ordinal) ? row : row with { Name = "\0" };
            }
        }

        var up = Command(
            "INSERT INTO consensus_estimates (snapshot_date, symbol, fiscal_date_ending, name, report_date, estimate, currency, origin) "
            + "VALUES (@d, @s, @f, @n, @r, @e, @c, @o) ON CONFLICT (snapshot_date, symbol, fiscal_date_ending) DO UPDATE SET "
            + "name = excluded.name, report_date = excluded.report_date, estimate = excluded.estimate, currency = excluded.currency, origin = excluded.origin");
        var names = new[] { "@d", "@s", "@f", "@n", "@r", "@e", "@c", "@o" };
        foreach (var n in names)
            Sql.Param(up, n);
        var p = up.Parameters;
        p[0].Value = dateText;
        p[7].Value = originText;
        var seen = new HashSet<(string, DateOnly)>();
        var tally = default(Tally);
        foreach (var r in rows)
        {
            if (r.SnapshotDate != date)
                throw new ArgumentException($"consensus row {r.Symbol} is dated {Sql.Text(r.SnapshotDate)}, not {dateText}", nameof(rows));
            var key = (r.Symbol, r.FiscalDateEnding);
            if (!seen.Add(key))
                throw new ArgumentException($"consensus row {r.Symbol} {Sql.Text(r.FiscalDateEnding)} appears twice in one snapshot", nameof(rows));
            var exists = existing.TryGetValue(key, out var old);
            if (!tally.Write(exists, exists && old == r))
                continue;
            p[1].Value = r.Symbol;
            p[2].Value = Sql.Text(r.FiscalDateEnding);
            p[3].Value = r.Name;
            p[4].Value = r.ReportDate is { } rd ? Sql.Text(rd) : DBNull.Value;
            p[5].Value = r.Estimate is { } e ? e : DBNull.Value;
            p[6].Value = r.Currency;
            up.ExecuteNonQuery();
        }

        var removed = 0;
        using (var del = Command("DELETE FROM consensus_estimates WHERE snapshot_date = @d AND symbol = @s AND fiscal_date_ending = @f"))
        {
            Sql.Param(del, "@d", dateText);
            var ds = Sql.Param(del, "@s");
            var df = Sql.Param(del, "@f");
            foreach (var key in existing.Keys)
            {
                if (seen.Contains(key))
                    continue;
                ds.Value = key.Item1;
                df.Value = Sql.Text(key.Item2);
                removed += del.ExecuteNonQuery();
            }
        }

        up.Dispose();
        return (tally.Counts, removed);
    }

    /// <summary>Sets a meta value (keys starting with <c>sample.</c> describe the sample and are purged with it).</summary>
    public void SetMeta(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfDone();
        Sql.Execute(_connection, _transaction,
            "INSERT INTO meta (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            ("@k", key), ("@v", value));
    }

    /// <summary>Deletes every sample row from every table (and the <c>sample.*</c> meta keys); returns the rows deleted.</summary>
    public int PurgeSample()
    {
        ThrowIfDone();
        var n = 0;
        n += Sql.Execute(_connection, _transaction,
            "DELETE FROM option_contracts WHERE EXISTS (SELECT 1 FROM option_chains c WHERE c.underlying = option_contracts.underlying "
            + "AND c.as_of = option_contracts.as_of AND c.source = option_contracts.source AND c.origin = 'sample')");
        n += Sql.Execute(_connection, _transaction, "DELETE FROM option_chains WHERE origin = 'sample'");
        n += Sql.Execute(_connection, _transaction, "DELETE FROM daily_series WHERE origin = 'sample'");
        n += Sql.Execute(_connection, _transaction, "DELETE FROM short_volume WHERE origin = 'sample'");
        n += Sql.Execute(_connection, _transaction, "DELETE FROM earnings_revisions WHERE origin = 'sample'");
        n += Sql.Execute(_connection, _transaction,
            "DELETE FROM holdings WHERE EXISTS (SELECT 1 FROM holdings_snapshots s WHERE s.fund = holdings.fund AND s.as_of = holdings.as_of AND s.origin = 'sample')");
        n += Sql.Execute(_connection, _transaction, "DELETE FROM holdings_snapshots WHERE origin = 'sample'");
        n += Sql.Execute(_connection, _transaction, "DELETE FROM consensus_estimates WHERE origin = 'sample'");
        Sql.Execute(_connection, _transaction, "DELETE FROM meta WHERE key LIKE 'sample.%' OR key LIKE 'derived.%'");
        PurgedSampleRows += n;
        return n;
    }

    /// <summary>Commits the transaction.</summary>
    public void Commit()
    {
        ThrowIfDone();
        _transaction.Commit();
        _done = true;
    }

    /// <summary>Rolls back unless committed, and releases the commands.</summary>
    public void Dispose()
    {
        foreach (var cmd in _commands)
            cmd.Dispose();
        _commands.Clear();
        if (!_done)
        {
            _done = true;
            _transaction.Rollback();
        }

        _transaction.Dispose();
    }

    private void EnsureOrigin(DataOrigin origin)
    {
        if (origin == DataOrigin.Real)
        {
            if (_realChecked)
                return;
            if (_store.Exists("sample", _transaction))
                PurgeSample();
            _realChecked = true;
        }
        else
        {
            if (_sampleChecked)
                return;
            if (_store.Exists("real", _transaction))
                throw new IwmDeskException("the store holds real data: the sample is only written into an empty store");
            _sampleChecked = true;
        }
    }

    /// <summary>The bar of <paramref name="series"/> on <paramref name="date"/> as this transaction sees it (null when none).</summary>
    internal DailyBar? ReadBar(string series, DateOnly date)
    {
        ThrowIfDone();
        using var cmd = Command($"SELECT open, high, low, close, adj_close, volume FROM daily_series WHERE series = @s AND date = @d");
        Sql.Param(cmd, "@s", series);
        Sql.Param(cmd, "@d", Sql.Text(date));
        using var reader = cmd.ExecuteReader();
        return reader.Read()
            ? new DailyBar(date, Sql.GetDouble(reader, 0), Sql.GetDouble(reader, 1), Sql.GetDouble(reader, 2), Sql.GetDouble(reader, 3),
                Sql.GetDouble(reader, 4), Sql.GetDouble(reader, 5))
            : null;
    }

    /// <summary>The short-volume row for (date, symbol, facility) as this transaction sees it (null when none).</summary>
    internal ShortVolumeRecord? ReadShortVolume(DateOnly date, string symbol, string facility)
    {
        ThrowIfDone();
        using var cmd = Command("SELECT short_volume, short_exempt_volume, total_volume, market FROM short_volume "
            + "WHERE date = @d AND symbol = @s AND facility = @f");
        Sql.Param(cmd, "@d", Sql.Text(date));
        Sql.Param(cmd, "@s", symbol);
        Sql.Param(cmd, "@f", facility);
        using var reader = cmd.ExecuteReader();
        return reader.Read()
            ? new ShortVolumeRecord(date, symbol, facility, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3))
            : null;
    }

    private DbCommand Command(string sql) => Sql.Command(_connection, _transaction, sql);

    private DbCommand Prepare(string sql, params string[] parameterNames)
    {
        var cmd = Command(sql);
        foreach (var name in parameterNames)
            Sql.Param(cmd, name);
        if (_store.Dialect.PrepareCommands)
            cmd.Prepare();
        _commands.Add(cmd);
        return cmd;
    }

    private void ThrowIfDone() => ObjectDisposedException.ThrowIf(_done, this);

    /// <summary>Counts an upsert's rows as added / updated / unchanged and says which must be written.</summary>
    private struct Tally
    {
        private int _added;
        private int _updated;
        private int _unchanged;

        /// <summary>The counts so far.</summary>
        public readonly UpsertCounts Counts => new(_added, _updated, _unchanged);

        /// <summary>True when the row must be written: it is new, or differs from the stored one.</summary>
        public bool Write(bool exists, bool same)
        {
            if (!exists)
            {
                _added++;
                return true;
            }

            if (same)
            {
                _unchanged++;
                return false;
            }

            _updated++;
            return true;
        }
    }
}
