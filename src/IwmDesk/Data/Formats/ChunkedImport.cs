using System.Globalization;
using System.Text;
using IwmDesk.Data.Store;

namespace IwmDesk.Data.Formats;

/// <summary>
/// Imports a large line-oriented file (daily series, FRED, DIX, panel CSV, FINRA short volume) as a stream, in chunks
/// of about <see cref="ChunkBytes"/>, inside ONE write transaction: peak memory is a chunk plus a small index of the
/// keys already seen, not the file (issue 17; docs/reliability.md). Each chunk is the file's header plus the next
/// lines, parsed by the same parser as a whole file, with the file's own line numbers in every message; any error
/// rolls the whole file back, so a file still stores everything or nothing.
/// <para>
/// What a chunk cannot see is settled across chunks: a key (date; for short volume date, symbol and facility) seen in
/// an earlier chunk is compared with what this import already wrote — identical is skipped as an identical duplicate
/// row, different is refused with both lines named, as a whole-file parse does; FINRA's record-count line and whether
/// the file is consolidated are read in a first pass.
/// </para>
/// </summary>
internal static class ChunkedImport
{
    /// <summary>Environment variable overriding <see cref="ChunkBytes"/>, in KiB (tests set it small).</summary>
    public const string ChunkVariable = "IWMDESK_IMPORT_CHUNK_KB";

    private static readonly AsyncLocal<long?> Scoped = new();

    /// <summary>Files larger than this are imported in chunks of about this size (default 4 MiB).</summary>
    public static long ChunkBytes => Scoped.Value ?? InputFiles.Limit(ChunkVariable, 4096, 1L << 10, 1L << 10, 1L << 30);

    /// <summary>How many chunks the last chunked import on this thread wrote (tests prove the chunked path ran).</summary>
    [ThreadStatic]
    internal static int ChunksOfLastImport;

    /// <summary>Uses <paramref name="bytes"/> as the chunk size in this async flow until disposed (tests).</summary>
    public static IDisposable Use(long bytes)
    {
        var before = Scoped.Value;
        Scoped.Value = bytes;
        return new Restore(() => Scoped.Value = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>The formats that can be imported in chunks: one header line, then independent rows.</summary>
    public static bool Applies(DataFileFormat format) => format is DataFileFormat.YahooDaily or DataFileFormat.CboeIndexHistory
        or DataFileFormat.FredCsv or DataFileFormat.PanelCsv or DataFileFormat.SqueezeMetricsDix
        or DataFileFormat.FinraShortVolume or DataFileFormat.FinraShortVolumeCsv;

    /// <summary>
    /// Imports <paramref name="file"/> in chunks when it is larger than <see cref="ChunkBytes"/> and of a chunkable format;
    /// null when it is not (the caller then parses it whole). The file has passed <see cref="InputFiles.Check"/>.
    /// </summary>
    public static FileImportResult? TryImport(MarketStore store, string file, ImportOptions options, ParseContext ctx)
    {
        var chunk = ChunkBytes;
        if (new FileInfo(file).Length <= chunk)
            return null;
        var head = ReadHead(file);
        if (head is null || head.AsSpan().TrimStart() is { IsEmpty: false } h && h[0] is '{' or '[')
            return null;
        var format = FormatDetector.Detect(ctx, head);
        if (!Applies(format))
            return null;
        // A value column may not overwrite a price series: settled from the first lines, before the transaction opens.
        if (!options.Replace && format is DataFileFormat.PanelCsv or DataFileFormat.FredCsv or DataFileFormat.SqueezeMetricsDix)
            DataImporter.RefuseOverwritingPrices(store, DataImporter.Parse(ctx, head), file);
        try
        {
            return new Run(store, file, ctx, format, chunk).Execute();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ctx.Fail(0, "cannot read: " + ex.Message);
        }
    }

    // The first lines of the file (whole lines, at most 1 MiB), or null when the first MiB holds no line end.
    private static string? ReadHead(string file)
    {
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[1 << 20];
        var n = reader.ReadBlock(buffer, 0, buffer.Length);
        var text = new string(buffer, 0, n);
        var cut = text.AsSpan().LastIndexOfAny('\n', '\r');
        return cut < 0 ? null : text[..cut];
    }

    private sealed class Run(MarketStore store, string file, ParseContext ctx, DataFileFormat format, long chunkBytes)
    {
        private readonly Dictionary<string, int> _dailyFirst = new(StringComparer.Ordinal);
        private readonly Dictionary<ulong, int> _shortFirst = [];
        private readonly SkipTally _skipped = new();
        private readonly List<string> _series = [];
        private readonly SortedSet<string> _facilities = new(StringComparer.Ordinal);
        private readonly StringBuilder _chunk = new();
        private readonly CsvFields _fields = new();
        private StoreWriteTransaction? _tx;
        private UpsertCounts _counts;
        private DateOnly? _svFirst;
        private DateOnly? _svLast;
        private string _header = string.Empty;
        private int _headerLine;
        private int _chunkFirstLine;
        private bool _chunkHasData;
        private bool _wrote;
        private int _iDate = -1;
        private int _iSymbol = -1;
        private int _iMarket = -1;
        private string? _nameFacility;
        private int _trailerLine;

        private bool IsShortVolume => format is DataFileFormat.FinraShortVolume or DataFileFormat.FinraShortVolumeCsv;

        private char Delimiter => format == DataFileFormat.FinraShortVolume ? '|' : ',';

        public FileImportResult Execute()
        {
            ChunksOfLastImport = 0;
            if (format == DataFileFormat.FinraShortVolume)
                FirstPass();
            using var tx = store.BeginWrite();
            _tx = tx;
            using (var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            {
                var lineNo = 0;
                string? line;
                while ((line = reader.ReadLine()) is not null)
                {
                    lineNo++;
                    if (_headerLine == 0)
                    {
                        if (line.AsSpan().IsWhiteSpace())
                            continue;
                        ReadHeader(line, lineNo);
                        continue;
                    }

                    if (lineNo == _trailerLine)
                        continue;
                    if (line.AsSpan().IsWhiteSpace())
                    {
                        Append(line, lineNo);
                        continue;
                    }

                    Row(line, lineNo);
                    if (_chunk.Length >= chunkBytes)
                        Flush();
                }
            }

            Flush();
            if (!_wrote && _counts == default && _skipped.ToList().Count == 0)
                throw ctx.Fail(_headerLine, "no data rows after the header");
            var purged = tx.PurgedSampleRows;
            tx.Commit();
            return new FileImportResult(file, format, Describe(), _counts, 0, _skipped.ToList(), purged);
        }

        // FINRA pipe files: the record-count line (which must match and end the file) and whether any row is
        // consolidated (a market list such as "B,Q,N") decide how every chunk is read.
        private void FirstPass()
        {
            using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var lineNo = 0;
            var header = 0;
            var rows = 0;
            var lastLine = 0;
            int? trailer = null;
            var consolidated = false;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNo++;
                var span = line.AsSpan();
                if (span.IsWhiteSpace())
                    continue;
                if (header == 0)
                {
                    header = lineNo;
                    continue;
                }

                lastLine = lineNo;
                if (trailer is not null)
                    throw ctx.Fail(lineNo, $"data after the record-count line {_trailerLine}");
                if (!span.Contains('|') && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    trailer = count;
                    _trailerLine = lineNo;
                    continue;
                }

                rows++;
                consolidated |= span.Contains(',');
            }

            if (trailer is { } n && n != rows)
                throw ctx.Fail(_trailerLine, $"the record-count line says {n} records but the file has {rows}");
            if (trailer is null && FinraParsers.IsRawDailyName(ctx.FileName))
                throw ctx.Fail(lastLine, "the record-count line that ends every raw FINRA file is missing (truncated download?)");
            ctx.WholeFileConsolidated = consolidated;
        }

        private void ReadHeader(string line, int lineNo)
        {
            _header = line;
            _headerLine = lineNo;
            CsvReading.Split(ctx, line, 0, line.Length, lineNo, _fields, Delimiter);
            var header = new Header(_fields, lineNo, ctx);
            _iDate = header.Find("date", "observationdate");
            if (IsShortVolume)
            {
                _iSymbol = header.Find("symbol", "ticker");
                _iMarket = header.Find("market");
                _nameFacility = FinraParsers.FacilityFromName(ctx.FileName);
            }

            _chunkFirstLine = lineNo + 1;
        }

        private void Append(string line, int lineNo)
        {
            if (_chunk.Length == 0)
            {
                _chunkFirstLine = lineNo;
                _chunk.Append(_header);
            }

            _chunk.Append('\n').Append(line);
        }

        private void Row(string line, int lineNo)
        {
            if (IsShortVolume ? SeenShortVolume(line, lineNo) : SeenDaily(line, lineNo))
                return;
            Append(line, lineNo);
            _chunkHasData = true;
        }

        // True when the row repeats a date of an earlier chunk and was settled here.
        private bool SeenDaily(string line, int lineNo)
        {
            if (_iDate < 0 || _fields.Split(line, 0, line.Length, ',') is not null || _iDate >= _fields.Count)
                return false;
            var key = _fields[_iDate].Trim().ToString();
            if (!_dailyFirst.TryGetValue(key, out var first))
            {
                _dailyFirst[key] = lineNo;
                return false;
            }

            if (first >= _chunkFirstLine && _chunk.Length > 0)
                return false;
            var parsed = ParseLines(line, lineNo);
            InputLimits.Check(parsed, file);
            var fresh = new List<(string Name, DailyBar[] Bars)>();
            foreach (var (name, bars) in parsed.Series)
            {
                foreach (var bar in bars)
                {
                    var stored = _tx!.ReadBar(name, bar.Date);
                    if (stored is null)
                    {
                        fresh.Add((name, [bar]));
                        continue;
                    }

                    if (stored.Value != bar)
                    {
                        throw ctx.Fail(lineNo, string.Create(CultureInfo.InvariantCulture,
                            $"date {bar.Date:yyyy-MM-dd} appears again with different values (first on line {first}) in series {name}"));
                    }

                    _skipped.Add("identical duplicate row", lineNo);
                }
            }

            foreach (var (name, bars) in fresh)
                _counts += _tx!.UpsertBars(name, bars, DataOrigin.Real);
            return true;
        }

        private bool SeenShortVolume(string line, int lineNo)
        {
            if (_fields.Split(line, 0, line.Length, Delimiter) is not null || _iDate < 0 || _iSymbol < 0
                || _iDate >= _fields.Count || _iSymbol >= _fields.Count)
            {
                return false;
            }

            var facility = _nameFacility ?? (format == DataFileFormat.FinraShortVolumeCsv ? "CNMS"
                : ctx.WholeFileConsolidated is true ? "CNMS" : _iMarket >= 0 && _iMarket < _fields.Count ? _fields[_iMarket].Trim().ToString() : string.Empty);
            var key = Hash(_fields[_iDate].Trim(), _fields[_iSymbol].Trim(), facility);
            if (!_shortFirst.TryGetValue(key, out var first))
            {
                _shortFirst[key] = lineNo;
                return false;
            }

            if (first >= _chunkFirstLine && _chunk.Length > 0)
                return false;
            var parsed = ParseLines(line, lineNo);
            InputLimits.Check(parsed, file);
            foreach (var row in parsed.ShortVolume)
            {
                var stored = _tx!.ReadShortVolume(row.Date, row.Symbol, row.Facility);
                if (stored is null)
                {
                    // Not a repeat after all (two keys with one hash): store it with the next chunk.
                    Append(line, lineNo);
                    _chunkHasData = true;
                    return true;
                }

                if (stored.Value != row)
                {
                    throw ctx.Fail(lineNo, string.Create(CultureInfo.InvariantCulture,
                        $"{row.Symbol} on {row.Date:yyyy-MM-dd} ({row.Facility}) appears again with different values (first on line {first})"));
                }

                _skipped.Add("identical duplicate row", lineNo);
            }

            return true;
        }

        private ParsedFile ParseLines(string lines, int firstLine)
        {
            ctx.Chunk = (_headerLine, firstLine);
            try
            {
                return DataImporter.Parse(ctx, _header + "\n" + lines);
            }
            finally
            {
                ctx.Chunk = null;
            }
        }

        private void Flush()
        {
            if (!_chunkHasData)
            {
                _chunk.Clear();
                return;
            }

            var parsed = ParseLines(_chunk.ToString(_header.Length + 1, _chunk.Length - _header.Length - 1), _chunkFirstLine);
            _chunk.Clear();
            _chunkHasData = false;
            InputLimits.Check(parsed, file);
            foreach (var s in parsed.Skipped.ToList())
                _skipped.Add(s.Reason, s.FirstLine, s.Count);
            foreach (var (name, bars) in parsed.Series)
            {
                if (!_series.Contains(name, StringComparer.Ordinal))
                    _series.Add(name);
                _counts += _tx!.UpsertBars(name, bars, DataOrigin.Real);
            }

            if (parsed.ShortVolume.Count > 0)
            {
                _counts += _tx!.UpsertShortVolume(parsed.ShortVolume, DataOrigin.Real);
                foreach (var r in parsed.ShortVolume)
                {
                    _facilities.Add(r.Facility);
                    _svFirst = _svFirst is { } a && a <= r.Date ? a : r.Date;
                    _svLast = _svLast is { } b && b >= r.Date ? b : r.Date;
                }
            }

            _wrote = true;
            ChunksOfLastImport++;
        }

        private string Describe()
        {
            var parts = new List<string>();
            if (_series.Count > 0)
                parts.Add("series " + string.Join(", ", _series));
            if (_svFirst is { } first && _svLast is { } last)
            {
                parts.Add($"short volume {string.Join("/", _facilities)} "
                    + (first == last ? $"{first:yyyy-MM-dd}" : $"{first:yyyy-MM-dd}..{last:yyyy-MM-dd}"));
            }

            return parts.Count == 0 ? "nothing" : string.Join("; ", parts);
        }

        // FNV-1a over the key's parts: an index of 8 bytes a row instead of the row; a collision only costs a lookup.
        private static ulong Hash(ReadOnlySpan<char> date, ReadOnlySpan<char> symbol, ReadOnlySpan<char> facility)
        {
            var h = 14695981039346656037UL;
            static ulong Mix(ulong h, ReadOnlySpan<char> s)
            {
                foreach (var c in s)
                    h = (h ^ c) * 1099511628211UL;
                return (h ^ '|') * 1099511628211UL;
            }

            return Mix(Mix(Mix(h, date), symbol), facility);
        }
    }
}
