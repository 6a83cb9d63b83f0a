using IwmDesk.Data.Store;

namespace IwmDesk.Data.Formats;

/// <summary>
/// Imports market-data files into the store. Each file is recognised from its content, parsed and checked in full,
/// then written in ONE transaction: a file with any error stores nothing. Real imports into a store holding the
/// sample purge the sample first (same transaction).
/// </summary>
public static class DataImporter
{
    /// <summary>Imports every file; a failing file is reported in its outcome and does not stop the others.</summary>
    public static IReadOnlyList<FileImportOutcome> ImportFiles(MarketStore store, IReadOnlyList<string> files, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(files);
        var outcomes = new List<FileImportOutcome>(files.Count);
        foreach (var file in files)
        {
            try
            {
                outcomes.Add(new FileImportOutcome(file, ImportFile(store, file, options), null));
            }
            catch (DataFormatException ex)
            {
                outcomes.Add(new FileImportOutcome(file, null, ex));
            }
        }

        return outcomes;
    }

    /// <summary>Imports one file.</summary>
    /// <exception cref="DataFormatException">The file is missing, unreadable, of no known format, or has a bad row; nothing was stored.</exception>
    public static FileImportResult ImportFile(MarketStore store, string file, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        options ??= new ImportOptions();
        var ctx = Open(file, options);
        if (ChunkedImport.TryImport(store, file, options, ctx) is { } streamed)
            return streamed;
        var parsed = Parse(ctx, ReadText(ctx, file));
        if (!options.Replace)
            RefuseOverwritingPrices(store, parsed, file);
        return Store(store, parsed, file);
    }

    /// <summary>
    /// A single-value file (panel CSV, FRED, DIX) stores its value in <c>close</c> and nothing in open/high/low/volume,
    /// so writing it into a series of price bars (a panel column named <c>IWM</c>) would wipe those columns: refused,
    /// naming the column and the series, unless <c>--replace</c> (issue 17).
    /// </summary>
    internal static void RefuseOverwritingPrices(MarketStore store, ParsedFile parsed, string file)
    {
        if (parsed.Format is not (DataFileFormat.PanelCsv or DataFileFormat.FredCsv or DataFileFormat.SqueezeMetricsDix))
            return;
        foreach (var (name, _) in parsed.Series)
        {
            if (store.HasPriceBars(name))
            {
                throw new DataFormatException(file, 0,
                    $"column '{name}' would overwrite the price series {name} (its open, high, low, adjusted close and volume) with single values: refused (pass --replace to do it, or rename the column)");
            }
        }
    }

    /// <summary>
    /// Writes a parsed file (or fetched response) in ONE transaction: everything or, on any error, nothing.
    /// Used by <see cref="ImportFile"/> and by the fetcher, so both store the same way.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="parsed">What to write.</param>
    /// <param name="file">The file (or URL) it came from.</param>
    /// <param name="perTarget">When given, receives the counts per target (<c>series IWM</c>, <c>chain IWM 2026-08-21</c>, ...).</param>
    internal static FileImportResult Store(MarketStore store, ParsedFile parsed, string file, List<(string Target, UpsertCounts Counts, int Removed)>? perTarget = null)
    {
        InputLimits.Check(parsed, file);
        using var tx = store.BeginWrite();
        var counts = default(UpsertCounts);
        var removed = 0;
        var chainNotes = new List<string>();
        foreach (var (name, bars) in parsed.Series)
        {
            var c = tx.UpsertBars(name, bars, DataOrigin.Real);
            counts += c;
            perTarget?.Add(("series " + name, c, 0));
        }

        foreach (var chain in parsed.Chains)
        {
            var r = tx.UpsertChain(chain, parsed.Format.Id(), DataOrigin.Real);
            counts += r.Contracts;
            removed += r.Removed;
            if (r.SnapshotsThatDay > 1)
            {
                chainNotes.Add($"{chain.Underlying} {chain.AsOf:yyyy-MM-dd}: {r.SnapshotsThatDay} snapshots kept (this one as '{r.Source}'); the panel uses "
                    + (r.SelectedSource == r.Source ? "this one" : $"'{r.SelectedSource}'") + " (nearest the 16:00 close; ties: the first imported)");
            }
            perTarget?.Add(($"chain {chain.Underlying} {chain.AsOf:yyyy-MM-dd}", r.Contracts, r.Removed));
        }

        if (parsed.ShortVolume.Count > 0)
        {
            var c = tx.UpsertShortVolume(parsed.ShortVolume, DataOrigin.Real);
            counts += c;
            if (perTarget is not null)
            {
                var symbols = string.Join("/", parsed.ShortVolume.Select(r => r.Symbol).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(3));
                var facilities = string.Join("/", parsed.ShortVolume.Select(r => r.Facility).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                perTarget.Add(($"short volume {symbols} {facilities}", c, 0));
            }
        }

        if (parsed.Revisions.Count > 0)
        {
            var c = tx.UpsertRevisions(parsed.Revisions, DataOrigin.Real);
            counts += c;
            perTarget?.Add(("earnings revisions", c, 0));
        }

        foreach (var h in parsed.Holdings)
        {
            var (c, gone) = tx.ReplaceHoldings(h, h.Source ?? Path.GetFileName(file), DataOrigin.Real);
            counts += c;
            removed += gone;
            perTarget?.Add(($"holdings {h.Fund} {h.AsOf:yyyy-MM-dd}", c, gone));
        }

        if (parsed.ConsensusDate is { } snapshot)
        {
            var r = tx.UpsertConsensusSnapshot(snapshot, parsed.Consensus, DataOrigin.Real);
            counts += r.Counts;
            removed += r.Removed;
            perTarget?.Add(($"consensus snapshot {snapshot:yyyy-MM-dd}", r.Counts, r.Removed));
        }

        tx.Commit();
        return new FileImportResult(file, parsed.Format, Describe(parsed), counts, removed, parsed.Skipped.ToList(), tx.PurgedSampleRows) { ChainNotes = chainNotes };
    }

    /// <summary>Reads an option-chain file (any supported chain format) without storing it.</summary>
    /// <exception cref="DataFormatException">The file is missing, unreadable, not a chain, or has a bad row.</exception>
    public static OptionChainSnapshot ReadChain(string file, string? underlying = null)
    {
        var parsed = Parse(file, new ImportOptions(underlying));
        if (parsed.Chains.Count == 1)
            InputLimits.Check(parsed.Chains[0], file);
        return parsed.Chains.Count switch
        {
            1 => parsed.Chains[0],
            0 => throw new DataFormatException(file, 0, $"is {parsed.Format.DisplayName()}, not an option chain"),
            _ => throw new DataFormatException(file, 0, $"holds {parsed.Chains.Count} chain snapshots; give one"),
        };
    }

    /// <summary>Reads, recognises and parses a file without touching any store.</summary>
    internal static ParsedFile Parse(string file, ImportOptions options)
    {
        var ctx = Open(file, options);
        return Parse(ctx, ReadText(ctx, file));
    }

    // The checks every file passes before it is read: the --symbol, a regular readable file, the size and line limits.
    private static ParseContext Open(string file, ImportOptions options)
    {
        var ctx = new ParseContext(file, options.Symbol) { SnapshotDate = options.SnapshotDate };
        if (options.Symbol is { } symbol && InputLimits.SymbolProblem(symbol) is { } bad)
            throw ctx.Fail(0, $"--symbol '{symbol}' {bad}");
        if (Directory.Exists(file))
            throw ctx.Fail(0, "is a directory, not a file");
        if (!File.Exists(file))
            throw ctx.Fail(0, "no such file");
        try
        {
            InputFiles.Check(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ctx.Fail(0, "cannot read: " + ex.Message);
        }

        return ctx;
    }

    private static string ReadText(ParseContext ctx, string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ctx.Fail(0, "cannot read: " + ex.Message);
        }
    }

    /// <summary>Recognises and parses file content (the name is used for messages and series naming).</summary>
    internal static ParsedFile Parse(ParseContext ctx, string text) => FormatDetector.Detect(ctx, text) switch
    {
        DataFileFormat.YahooDaily => DailyParsers.ParseOhlc(ctx, text, DataFileFormat.YahooDaily),
        DataFileFormat.CboeIndexHistory => DailyParsers.ParseOhlc(ctx, text, DataFileFormat.CboeIndexHistory),
        DataFileFormat.FredCsv => DailyParsers.ParseValueColumns(ctx, text, DataFileFormat.FredCsv),
        DataFileFormat.PanelCsv => DailyParsers.ParseValueColumns(ctx, text, DataFileFormat.PanelCsv),
        DataFileFormat.SqueezeMetricsDix => DailyParsers.ParseValueColumns(ctx, text, DataFileFormat.SqueezeMetricsDix),
        DataFileFormat.FinraShortVolume => FinraParsers.ParsePipe(ctx, text),
        DataFileFormat.FinraShortVolumeCsv => FinraParsers.ParseCsv(ctx, text),
        DataFileFormat.ChainCsv => ChainParsers.ParseChainCsv(ctx, text),
        DataFileFormat.CboeQuoteData => ChainParsers.ParseQuoteData(ctx, text),
        DataFileFormat.CboeDelayedJson => ChainParsers.ParseCboeJson(ctx, text),
        DataFileFormat.EarningsRevisions => RevisionsParser.Parse(ctx, text),
        DataFileFormat.YahooChartJson => YahooChartParser.Parse(ctx, text),
        DataFileFormat.IsharesHoldings => HoldingsParser.Parse(ctx, text),
        DataFileFormat.EarningsCalendarCsv => EarningsCalendarParser.ParseCsv(ctx, text),
        DataFileFormat.EarningsCalendarJson => EarningsCalendarParser.ParseJson(ctx, text),
        var other => throw new InvalidOperationException("no parser for " + other),
    };

    internal static string Describe(ParsedFile parsed)
    {
        var parts = new List<string>();
        if (parsed.Series.Count > 0)
            parts.Add("series " + string.Join(", ", parsed.Series.Select(s => s.Name)));
        foreach (var c in parsed.Chains)
            parts.Add($"chain {c.Underlying} {c.AsOf:yyyy-MM-dd}");
        if (parsed.ShortVolume.Count > 0)
        {
            var facilities = string.Join("/", parsed.ShortVolume.Select(r => r.Facility).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            var first = parsed.ShortVolume.Min(r => r.Date);
            var last = parsed.ShortVolume.Max(r => r.Date);
            parts.Add($"short volume {facilities} " + (first == last ? $"{first:yyyy-MM-dd}" : $"{first:yyyy-MM-dd}..{last:yyyy-MM-dd}"));
        }

        foreach (var h in parsed.Holdings)
            parts.Add($"holdings {h.Fund} {h.AsOf:yyyy-MM-dd} ({h.Equities.Count} equities, {h.Other.Count} other)");
        if (parsed.Revisions.Count > 0)
            parts.Add($"earnings revisions {parsed.Revisions.Min(r => r.Date):yyyy-MM-dd}..{parsed.Revisions.Max(r => r.Date):yyyy-MM-dd}");
        if (parsed.ConsensusDate is { } cd)
            parts.Add($"consensus snapshot {cd:yyyy-MM-dd} ({parsed.Consensus.Count} estimates)");
        return parts.Count == 0 ? "nothing" : string.Join("; ", parts);
    }
}
