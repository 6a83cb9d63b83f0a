using System.Data.Common;
using System.Globalization;

namespace IwmDesk.Data.Store;

/// <summary>
/// The store: one SQLite file (or one PostgreSQL database) holding daily series, option-chain snapshots, FINRA short
/// volume, earnings revisions, a small key/value table and the journal. <see cref="Open"/> creates the file and applies
/// pending schema migrations; writes go through <see cref="BeginWrite"/>. Not thread-safe: one instance per thread.
/// </summary>
public sealed class MarketStore : IDisposable
{
    private readonly DbConnection _connection;
    private bool _checkedForWrite;

    private MarketStore(DbConnection connection, StoreDialect dialect, string location, int schemaVersion)
    {
        _connection = connection;
        Dialect = dialect;
        Location = location;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The SQLite file path, or the PostgreSQL connection string / URL as given.</summary>
    public string Location { get; }

    /// <summary>The backend: "sqlite" or "postgresql".</summary>
    public string Backend => Dialect.Name;

    /// <summary>The location as shown to a user (a PostgreSQL password is left out).</summary>
    public string DisplayLocation => Dialect.Describe(Location);

    /// <summary>The schema version of the store after opening (always <see cref="LatestSchemaVersion"/>).</summary>
    public int SchemaVersion { get; }

    /// <summary>The schema version this build of iwmdesk writes.</summary>
    public static int LatestSchemaVersion => Migrations.Latest;

    /// <summary>True when no table holds any market data (meta entries do not count).</summary>
    public bool IsEmpty => !Exists(null);

    /// <summary>True when the store holds rows of the bundled sample.</summary>
    public bool HasSample => Exists("sample");

    /// <summary>True when the store holds real (imported or fetched) rows.</summary>
    public bool HasReal => Exists("real");

    internal DbConnection Connection => _connection;

    internal StoreDialect Dialect { get; }

    /// <summary>
    /// Opens the store at <paramref name="location"/> (a SQLite file path, or a PostgreSQL connection string or
    /// <c>postgres://</c> URL), creating the file and migrating its schema as needed.
    /// </summary>
    /// <exception cref="IwmDeskException">The file is not a store, is newer than this tool, or cannot be opened.</exception>
    public static MarketStore Open(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        var dialect = StoreDialect.For(location);
        if (dialect is SqliteDialect && Directory.Exists(location))
            throw new IwmDeskException($"the store {location} is a directory; give the path of a SQLite file");
        var connection = dialect.Open(location);
        try
        {
            var version = Migrate(connection, dialect, dialect.Describe(location));
            return new MarketStore(connection, dialect, location, version);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            connection.Dispose();
            throw new IwmDeskException(StoreHealth.Describe(ex, location)!, ex);
        }
        catch (DbException ex)
        {
            connection.Dispose();
            throw new IwmDeskException($"cannot open the store {dialect.Describe(location)}: {ex.Message}", ex, exitCode: 1);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Starts a write transaction; dispose without <see cref="StoreWriteTransaction.Commit"/> to roll back.</summary>
    public StoreWriteTransaction BeginWrite()
    {
        if (!_checkedForWrite)
        {
            // A damaged file is refused before the first write (a write that misses the damaged page would succeed).
            StoreHealth.RequireSoundForWrite(_connection, Dialect, Location);
            _checkedForWrite = true;
        }

        return new(this, _connection.BeginTransaction());
    }

    /// <summary>Every daily series with its date range, row count and origin, by name.</summary>
    public IReadOnlyList<SeriesInfo> ListSeries()
    {
        using var cmd = Sql.Command(_connection, null,
            "SELECT series, MIN(date), MAX(date), COUNT(*), MAX(origin) FROM daily_series GROUP BY series ORDER BY series");
        using var reader = cmd.ExecuteReader();
        var list = new List<SeriesInfo>();
        while (reader.Read())
        {
            list.Add(new SeriesInfo(
                reader.GetString(0),
                Sql.ParseDate(reader.GetString(1)),
                Sql.ParseDate(reader.GetString(2)),
                reader.GetInt32(3),
                Sql.ParseOrigin(reader.GetString(4))));
        }

        return list;
    }

    /// <summary>
    /// True when <paramref name="name"/> holds price bars (any open, high, low or volume), not only single values.
    /// </summary>
    public bool HasPriceBars(string name) =>
        Sql.Scalar(_connection, null,
            "SELECT COUNT(*) FROM (SELECT 1 FROM daily_series WHERE series = @series AND (open IS NOT NULL OR high IS NOT NULL OR low IS NOT NULL OR volume IS NOT NULL) LIMIT 1) x",
            ("@series", name)) > 0;

    /// <summary>
    /// Loads a series column by column, in date order (empty columns when the series is absent). The reader loop
    /// allocates nothing per row beyond the arrays.
    /// </summary>
    public SeriesColumns LoadSeries(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var n = (int)Sql.Scalar(_connection, null, "SELECT COUNT(*) FROM daily_series WHERE series = @series", ("@series", name));
        var dates = new DateOnly[n];
        var open = new double[n];
        var high = new double[n];
        var low = new double[n];
        var close = new double[n];
        var adj = new double[n];
        var volume = new double[n];
        using (var cmd = Sql.Command(_connection, null,
            $"SELECT {Sql.DateKey("date")}, open, high, low, close, adj_close, volume FROM daily_series WHERE series = @series ORDER BY date"))
        {
            Sql.Param(cmd, "@series", name);
            using var reader = cmd.ExecuteReader();
            var i = 0;
            while (i < n && reader.Read())
            {
                dates[i] = Sql.FromKey(reader.GetInt32(0));
                open[i] = Sql.GetDouble(reader, 1);
                high[i] = Sql.GetDouble(reader, 2);
                low[i] = Sql.GetDouble(reader, 3);
                close[i] = Sql.GetDouble(reader, 4);
                adj[i] = Sql.GetDouble(reader, 5);
                volume[i] = Sql.GetDouble(reader, 6);
                i++;
            }

            if (i != n)
                throw new IwmDeskException($"series {name} changed while it was being read", exitCode: 1);
        }

        return new SeriesColumns(name, dates, open, high, low, close, adj, volume);
    }

    /// <summary>
    /// The dates, closes and adjusted closes of a series from <paramref name="from"/> on (the panel's aligned inputs:
    /// three of the seven columns and none of the decades before IWM's first bar, so a cold command reads a third of the rows).
    /// </summary>
    internal (DateOnly[] Dates, double[] Close, double[] AdjClose) LoadCloses(string name, DateOnly from)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var fromText = Sql.Text(from);
        var n = (int)Sql.Scalar(_connection, null, "SELECT COUNT(*) FROM daily_series WHERE series = @series AND date >= @from", ("@series", name), ("@from", fromText));
        var dates = new DateOnly[n];
        var close = new double[n];
        var adj = new double[n];
        using (var cmd = Sql.Command(_connection, null,
            $"SELECT {Sql.DateKey("date")}, close, adj_close FROM daily_series WHERE series = @series AND date >= @from ORDER BY date"))
        {
            Sql.Param(cmd, "@series", name);
            Sql.Param(cmd, "@from", fromText);
            using var reader = cmd.ExecuteReader();
            var i = 0;
            while (i < n && reader.Read())
            {
                dates[i] = Sql.FromKey(reader.GetInt32(0));
                close[i] = Sql.GetDouble(reader, 1);
                adj[i] = Sql.GetDouble(reader, 2);
                i++;
            }

            if (i != n)
                throw new IwmDeskException($"series {name} changed while it was being read", exitCode: 1);
        }

        return (dates, close, adj);
    }

    /// <summary>The dates of a series, in order (used for gap counts).</summary>
    public DateOnly[] LoadDates(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var cmd = Sql.Command(_connection, null,
            $"SELECT {Sql.DateKey("date")} FROM daily_series WHERE series = @series ORDER BY date");
        Sql.Param(cmd, "@series", name);
        using var reader = cmd.ExecuteReader();
        var list = new List<DateOnly>();
        while (reader.Read())
            list.Add(Sql.FromKey(reader.GetInt32(0)));
        return [.. list];
    }

    /// <summary>
    /// The selected option-chain snapshot of each (underlying, day), for one underlying or all, ordered by underlying
    /// and date: one per day, the one the panel, gex and the report use. <see cref="ListSnapshots"/> lists them all.
    /// </summary>
    public IReadOnlyList<ChainInfo> ListChains(string? underlying = null) => ReadChainInfos(underlying, selectedOnly: true);

    /// <summary>Every stored option-chain snapshot (several per day when several sources were imported), ordered by
    /// underlying, date, then import order.</summary>
    public IReadOnlyList<ChainInfo> ListSnapshots(string? underlying = null) => ReadChainInfos(underlying, selectedOnly: false);

    private List<ChainInfo> ReadChainInfos(string? underlying, bool selectedOnly)
    {
        var where = new List<string>();
        if (underlying is not null)
            where.Add("c.underlying = @underlying");
        if (selectedOnly)
            where.Add("c.selected = 1");
        var sql = "SELECT c.underlying, c.as_of, c.spot, c.source_format, c.origin, "
            + "(SELECT COUNT(*) FROM option_contracts k WHERE k.underlying = c.underlying AND k.as_of = c.as_of AND k.source = c.source), "
            + "c.source, c.snapshot_time, c.selected "
            + "FROM option_chains c "
            + (where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where) + " ")
            + "ORDER BY c.underlying, c.as_of, c.import_seq, c.source";
        using var cmd = Sql.Command(_connection, null, sql);
        if (underlying is not null)
            Sql.Param(cmd, "@underlying", underlying);
        using var reader = cmd.ExecuteReader();
        var list = new List<ChainInfo>();
        while (reader.Read())
        {
            list.Add(new ChainInfo(
                reader.GetString(0),
                Sql.ParseDate(reader.GetString(1)),
                reader.GetDouble(2),
                reader.GetString(3),
                Sql.ParseOrigin(reader.GetString(4)),
                reader.GetInt32(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : TimeOnly.ParseExact(reader.GetString(7), "HH:mm:ss", CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(8), CultureInfo.InvariantCulture) == 1));
        }

        return list;
    }

    /// <summary>The selected snapshot of <paramref name="underlying"/> taken on <paramref name="asOf"/>, or null.</summary>
    public OptionChainSnapshot? LoadChain(string underlying, DateOnly asOf) => LoadChain(underlying, asOf, null);

    /// <summary>
    /// The snapshot of <paramref name="underlying"/> on <paramref name="asOf"/> from <paramref name="source"/>
    /// (null: the selected one), or null.
    /// </summary>
    public OptionChainSnapshot? LoadChain(string underlying, DateOnly asOf, string? source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(underlying);
        double spot;
        string chosen;
        TimeOnly? time;
        using (var head = Sql.Command(_connection, null,
            "SELECT spot, source, snapshot_time FROM option_chains WHERE underlying = @u AND as_of = @d AND "
            + (source is null ? "selected = 1" : "source = @s")))
        {
            Sql.Param(head, "@u", underlying);
            Sql.Param(head, "@d", Sql.Text(asOf));
            if (source is not null)
                Sql.Param(head, "@s", source);
            using var r = head.ExecuteReader();
            if (!r.Read())
                return null;
            spot = r.GetDouble(0);
            chosen = r.GetString(1);
            time = r.IsDBNull(2) ? null : TimeOnly.ParseExact(r.GetString(2), "HH:mm:ss", CultureInfo.InvariantCulture);
        }

        using var cmd = Sql.Command(_connection, null,
            $"SELECT {Sql.DateKey("expiry")}, option_right, strike, open_interest, implied_vol, bid, ask, volume, delta, gamma "
            + "FROM option_contracts WHERE underlying = @u AND as_of = @d AND source = @s ORDER BY expiry, strike, option_right");
        Sql.Param(cmd, "@u", underlying);
        Sql.Param(cmd, "@d", Sql.Text(asOf));
        Sql.Param(cmd, "@s", chosen);
        using var reader = cmd.ExecuteReader();
        var quotes = new List<OptionQuote>();
        while (reader.Read())
        {
            quotes.Add(new OptionQuote(
                Sql.FromKey(reader.GetInt32(0)),
                Sql.ParseRight(reader.GetString(1)),
                reader.GetDouble(2),
                Sql.GetDouble(reader, 3),
                Sql.GetDouble(reader, 4),
                Sql.GetDouble(reader, 5),
                Sql.GetDouble(reader, 6),
                Sql.GetDouble(reader, 7),
                Sql.GetDouble(reader, 8),
                Sql.GetDouble(reader, 9)));
        }

        return new OptionChainSnapshot(underlying, asOf, spot, quotes) { Source = chosen, SnapshotTime = time };
    }

    /// <summary>
    /// The contracts of every selected snapshot of <paramref name="underlying"/>, one day after another (ascending), in
    /// one query and with only what GEX needs (expiry, right, strike, open interest, IV, vendor gamma; bid, ask, volume
    /// and delta are NaN): the fast path of <c>gex --history</c>.
    /// </summary>
    internal IEnumerable<(DateOnly AsOf, List<OptionQuote> Quotes)> StreamSelectedQuotes(string underlying)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(underlying);
        using var cmd = Sql.Command(_connection, null,
            $"SELECT {Sql.DateKey("k.as_of")}, {Sql.DateKey("k.expiry")}, k.option_right, k.strike, k.open_interest, k.implied_vol, k.gamma "
            + "FROM option_contracts k JOIN option_chains c ON c.underlying = k.underlying AND c.as_of = k.as_of AND c.source = k.source "
            + "WHERE k.underlying = @u AND c.selected = 1 ORDER BY k.as_of, k.expiry, k.strike, k.option_right");
        Sql.Param(cmd, "@u", underlying);
        using var reader = cmd.ExecuteReader();
        var day = -1;
        List<OptionQuote>? quotes = null;
        while (reader.Read())
        {
            var key = reader.GetInt32(0);
            if (key != day)
            {
                if (quotes is not null)
                    yield return (Sql.FromKey(day), quotes);
                day = key;
                quotes = new List<OptionQuote>(2048);
            }

            quotes!.Add(new OptionQuote(
                Sql.FromKey(reader.GetInt32(1)),
                Sql.ParseRight(reader.GetString(2)),
                reader.GetDouble(3),
                Sql.GetDouble(reader, 4),
                Sql.GetDouble(reader, 5),
                double.NaN,
                double.NaN,
                double.NaN,
                double.NaN,
                Sql.GetDouble(reader, 6)));
        }

        if (quotes is not null)
            yield return (Sql.FromKey(day), quotes);
    }

    /// <summary>The latest selected snapshot of <paramref name="underlying"/> taken on or before <paramref name="date"/>, or null.</summary>
    public OptionChainSnapshot? LoadLatestChain(string underlying, DateOnly date)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(underlying);
        using var cmd = Sql.Command(_connection, null,
            "SELECT as_of FROM option_chains WHERE underlying = @u AND as_of <= @d AND selected = 1 ORDER BY as_of DESC LIMIT 1");
        Sql.Param(cmd, "@u", underlying);
        Sql.Param(cmd, "@d", Sql.Text(date));
        return cmd.ExecuteScalar() is string asOf ? LoadChain(underlying, Sql.ParseDate(asOf)) : null;
    }

    /// <summary>Every short-volume row of <paramref name="symbol"/>, by date then facility.</summary>
    public IReadOnlyList<ShortVolumeRecord> LoadShortVolume(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        using var cmd = Sql.Command(_connection, null,
            $"SELECT {Sql.DateKey("date")}, symbol, facility, short_volume, short_exempt_volume, total_volume, market "
            + "FROM short_volume WHERE symbol = @s ORDER BY date, facility");
        Sql.Param(cmd, "@s", symbol);
        using var reader = cmd.ExecuteReader();
        var list = new List<ShortVolumeRecord>();
        while (reader.Read())
        {
            list.Add(new ShortVolumeRecord(
                Sql.FromKey(reader.GetInt32(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                reader.GetString(6)));
        }

        return list;
    }

    /// <summary>Counts of what the short-volume table holds.</summary>
    public ShortVolumeSummary SummarizeShortVolume()
    {
        int rows, symbols, dates;
        DateOnly? first = null, last = null;
        using (var cmd = Sql.Command(_connection, null,
            "SELECT COUNT(*), COUNT(DISTINCT symbol), COUNT(DISTINCT date), MIN(date), MAX(date) FROM short_volume"))
        using (var reader = cmd.ExecuteReader())
        {
            reader.Read();
            rows = reader.GetInt32(0);
            symbols = reader.GetInt32(1);
            dates = reader.GetInt32(2);
            if (!reader.IsDBNull(3))
            {
                first = Sql.ParseDate(reader.GetString(3));
                last = Sql.ParseDate(reader.GetString(4));
            }
        }

        var facilities = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using (var cmd = Sql.Command(_connection, null, "SELECT facility, COUNT(*) FROM short_volume GROUP BY facility"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                facilities[reader.GetString(0)] = reader.GetInt32(1);
        }

        return new ShortVolumeSummary(rows, symbols, dates, first, last, facilities);
    }

    /// <summary>Every earnings-revision row, by date then sector.</summary>
    public IReadOnlyList<EarningsRevisionRecord> LoadRevisions()
    {
        using var cmd = Sql.Command(_connection, null,
            $"SELECT {Sql.DateKey("date")}, sector, upgrades, downgrades FROM earnings_revisions ORDER BY date, sector");
        using var reader = cmd.ExecuteReader();
        var list = new List<EarningsRevisionRecord>();
        while (reader.Read())
        {
            list.Add(new EarningsRevisionRecord(
                Sql.FromKey(reader.GetInt32(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        return list;
    }

    /// <summary>The dates of the stored consensus snapshots, oldest first.</summary>
    public IReadOnlyList<DateOnly> ConsensusSnapshotDates()
    {
        using var cmd = Sql.Command(_connection, null, $"SELECT DISTINCT {Sql.DateKey("snapshot_date")} FROM consensus_estimates ORDER BY 1");
        using var reader = cmd.ExecuteReader();
        var list = new List<DateOnly>();
        while (reader.Read())
            list.Add(Sql.FromKey(reader.GetInt32(0)));
        return list;
    }

    /// <summary>The consensus-estimate rows of the snapshots dated <paramref name="from"/>..<paramref name="to"/> (inclusive), by date then symbol.</summary>
    public IReadOnlyList<ConsensusEstimate> LoadConsensusEstimates(DateOnly from, DateOnly to)
    {
        using var cmd = Sql.Command(_connection, null,
            $"SELECT {Sql.DateKey("snapshot_date")}, symbol, name, report_date, {Sql.DateKey("fiscal_date_ending")}, estimate, currency FROM consensus_estimates "
            + "WHERE snapshot_date >= @a AND snapshot_date <= @b ORDER BY snapshot_date, symbol, fiscal_date_ending");
        Sql.Param(cmd, "@a", Sql.Text(from));
        Sql.Param(cmd, "@b", Sql.Text(to));
        using var reader = cmd.ExecuteReader();
        var list = new List<ConsensusEstimate>();
        while (reader.Read())
        {
            list.Add(new ConsensusEstimate(Sql.FromKey(reader.GetInt32(0)), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : Sql.ParseDate(reader.GetString(3)), Sql.FromKey(reader.GetInt32(4)),
                reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.GetString(6)));
        }

        return list;
    }

    /// <summary>Counts of what the consensus-estimates table holds.</summary>
    public ConsensusSummary SummarizeConsensus()
    {
        using var cmd = Sql.Command(_connection, null,
            "SELECT COUNT(DISTINCT snapshot_date), COUNT(*), COUNT(DISTINCT symbol), MIN(snapshot_date), MAX(snapshot_date) FROM consensus_estimates");
        using var reader = cmd.ExecuteReader();
        reader.Read();
        var rows = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        return rows == 0
            ? new ConsensusSummary(0, 0, 0, null, null)
            : new ConsensusSummary(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), rows,
                Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture), Sql.ParseDate(reader.GetString(3)), Sql.ParseDate(reader.GetString(4)));
    }

    /// <summary>Counts of what the earnings-revisions table holds.</summary>
    public RevisionsSummary SummarizeRevisions()
    {
        using var cmd = Sql.Command(_connection, null,
            "SELECT COUNT(*), COUNT(DISTINCT sector), MIN(date), MAX(date) FROM earnings_revisions");
        using var reader = cmd.ExecuteReader();
        reader.Read();
        var rows = reader.GetInt32(0);
        return rows == 0
            ? new RevisionsSummary(0, 0, null, null)
            : new RevisionsSummary(rows, reader.GetInt32(1), Sql.ParseDate(reader.GetString(2)), Sql.ParseDate(reader.GetString(3)));
    }

    /// <summary>
    /// The holdings snapshot of <paramref name="fund"/> in force on <paramref name="date"/>: the latest one with an
    /// as-of date on or before it, or null when there is none.
    /// </summary>
    public HoldingsSnapshot? HoldingsInForce(string fund, DateOnly date)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fund);
        string asOf;
        string source;
        using (var head = Sql.Command(_connection, null,
            "SELECT as_of, source FROM holdings_snapshots WHERE fund = @f AND as_of <= @d ORDER BY as_of DESC LIMIT 1"))
        {
            Sql.Param(head, "@f", fund);
            Sql.Param(head, "@d", Sql.Text(date));
            using var r = head.ExecuteReader();
            if (!r.Read())
                return null;
            asOf = r.GetString(0);
            source = r.GetString(1);
        }

        using var cmd = Sql.Command(_connection, null,
            "SELECT ticker, name, sector, asset_class, market_value, weight_pct, quantity, price, location, exchange, currency "
            + "FROM holdings WHERE fund = @f AND as_of = @d ORDER BY position");
        Sql.Param(cmd, "@f", fund);
        Sql.Param(cmd, "@d", asOf);
        using var reader = cmd.ExecuteReader();
        var equities = new List<Holding>();
        var other = new List<Holding>();
        while (reader.Read())
        {
            var h = new Holding(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                Sql.GetDouble(reader, 4),
                Sql.GetDouble(reader, 5),
                Sql.GetDouble(reader, 6),
                Sql.GetDouble(reader, 7),
                reader.GetString(8),
                reader.GetString(9),
                reader.GetString(10));
            (h.IsEquity ? equities : other).Add(h);
        }

        return new HoldingsSnapshot(fund, Sql.ParseDate(asOf), equities, other) { Source = source };
    }

    /// <summary>The as-of dates of every stored holdings snapshot of <paramref name="fund"/>, ascending.</summary>
    public IReadOnlyList<DateOnly> HoldingsDates(string fund)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fund);
        using var cmd = Sql.Command(_connection, null, "SELECT as_of FROM holdings_snapshots WHERE fund = @f ORDER BY as_of");
        Sql.Param(cmd, "@f", fund);
        using var reader = cmd.ExecuteReader();
        var list = new List<DateOnly>();
        while (reader.Read())
            list.Add(Sql.ParseDate(reader.GetString(0)));
        return list;
    }

    /// <summary>What the holdings tables hold, one entry per fund, by name.</summary>
    public IReadOnlyList<HoldingsStatus> SummarizeHoldings()
    {
        var heads = new List<(string Fund, int Snapshots, string First, string Last)>();
        using (var cmd = Sql.Command(_connection, null,
            "SELECT fund, COUNT(*), MIN(as_of), MAX(as_of) FROM holdings_snapshots GROUP BY fund ORDER BY fund"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                heads.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
        }

        var list = new List<HoldingsStatus>(heads.Count);
        foreach (var (fund, snapshots, first, last) in heads)
        {
            var equities = Sql.Scalar(_connection, null,
                "SELECT COUNT(*) FROM holdings WHERE fund = @f AND as_of = @d AND asset_class = 'Equity'", ("@f", fund), ("@d", last));
            var all = Sql.Scalar(_connection, null, "SELECT COUNT(*) FROM holdings WHERE fund = @f AND as_of = @d", ("@f", fund), ("@d", last));
            list.Add(new HoldingsStatus(fund, snapshots, Sql.ParseDate(first), Sql.ParseDate(last), (int)equities, (int)(all - equities)));
        }

        return list;
    }

    /// <summary>The funds with at least one stored holdings snapshot, by name.</summary>
    public IReadOnlyList<string> HoldingsFunds()
    {
        using var cmd = Sql.Command(_connection, null, "SELECT DISTINCT fund FROM holdings_snapshots ORDER BY fund");
        using var reader = cmd.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
            list.Add(reader.GetString(0));
        return list;
    }

    /// <summary>A value from the meta table, or null.</summary>
    public string? GetMeta(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        using var cmd = Sql.Command(_connection, null, "SELECT value FROM meta WHERE key = @k");
        Sql.Param(cmd, "@k", key);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>The meta key under which a chain snapshot's derived GEX total is cached.</summary>
    public static string DerivedGexKey(string underlying, DateOnly asOf) =>
        string.Create(CultureInfo.InvariantCulture, $"derived.gex.{underlying}.{asOf:yyyy-MM-dd}");

    /// <summary>Every meta key/value whose key starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyDictionary<string, string> GetMetaByPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        using var cmd = Sql.Command(_connection, null, "SELECT key, value FROM meta WHERE key >= @lo AND key < @hi");
        Sql.Param(cmd, "@lo", prefix);
        Sql.Param(cmd, "@hi", prefix + '\uffff');
        using var reader = cmd.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
            result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    internal bool Exists(string? origin, DbTransaction? transaction = null)
    {
        var where = origin is null ? string.Empty : " WHERE origin = @o";
        var sql = "SELECT CASE WHEN "
            + $"EXISTS (SELECT 1 FROM daily_series{where}) "
            + $"OR EXISTS (SELECT 1 FROM option_chains{where}) "
            + $"OR EXISTS (SELECT 1 FROM short_volume{where}) "
            + $"OR EXISTS (SELECT 1 FROM earnings_revisions{where}) "
            + $"OR EXISTS (SELECT 1 FROM holdings_snapshots{where}) "
            + $"OR EXISTS (SELECT 1 FROM consensus_estimates{where}) "
            + "THEN 1 ELSE 0 END";
        return origin is null
            ? Sql.Scalar(_connection, transaction, sql) == 1
            : Sql.Scalar(_connection, transaction, sql, ("@o", origin)) == 1;
    }

    private static int Migrate(DbConnection connection, StoreDialect dialect, string location)
    {
        if (!dialect.HasTable(connection, "schema_version") && dialect.HasAnyTable(connection))
            throw new IwmDeskException($"{location} is a {(dialect is SqliteDialect ? "SQLite" : "PostgreSQL")} database but not an iwmdesk store (it has no schema_version table)");

        // Every schema change runs under the dialect's lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock) and
        // re-reads the version inside it, so two processes opening a new store at once do not both apply a step.
        using (var tx = connection.BeginTransaction())
        {
            dialect.LockSchema(connection, tx);
            Sql.Execute(connection, tx, Migrations.CreateVersionTable);
            tx.Commit();
        }

        var current = CurrentVersion(connection, null);
        if (current > Migrations.Latest)
        {
            throw new IwmDeskException(
                $"the store {location} has schema version {current}, newer than this iwmdesk understands ({Migrations.Latest}): upgrade iwmdesk",
                exitCode: 1);
        }

        // Every missing step is applied, not only those above the highest applied one: steps are numbered by feature and
        // may be released out of order (a store at version 5 can still lack step 3).
        foreach (var step in Migrations.All.OrderBy(m => m.Version))
        {
            if (IsApplied(connection, null, step.Version))
                continue;
            using var tx = connection.BeginTransaction();
            dialect.LockSchema(connection, tx);
            if (IsApplied(connection, tx, step.Version))
                continue;
            foreach (var statement in step.Statements)
                Sql.Execute(connection, tx, dialect.Ddl(statement));
            Sql.Execute(connection, tx,
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @t)",
                ("@v", (long)step.Version),
                ("@d", step.Description),
                ("@t", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            tx.Commit();
        }

        return CurrentVersion(connection, null);
    }

    private static bool IsApplied(DbConnection connection, DbTransaction? tx, int version) =>
        Sql.Scalar(connection, tx, "SELECT COUNT(*) FROM schema_version WHERE version = @v", ("@v", (long)version)) > 0;

    private static int CurrentVersion(DbConnection connection, DbTransaction? tx) =>
        (int)Sql.Scalar(connection, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
}
