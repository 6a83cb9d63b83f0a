namespace IwmDesk.Data.Formats;

/// <summary>The file formats <c>iwmdesk data import</c> recognises (from the content, never the extension).</summary>
public enum DataFileFormat
{
    /// <summary>Yahoo-style daily OHLC CSV (header-driven).</summary>
    YahooDaily = 0,

    /// <summary>CBOE index history CSV (<c>DATE,OPEN,HIGH,LOW,CLOSE</c>, MM/DD/YYYY), e.g. VIX_History.csv.</summary>
    CboeIndexHistory = 1,

    /// <summary>FRED CSV: a date column and one value column.</summary>
    FredCsv = 2,

    /// <summary>Panel CSV: a date column and several named numeric columns, one series each.</summary>
    PanelCsv = 3,

    /// <summary>SqueezeMetrics DIX.csv (<c>date,price,dix,gex</c>).</summary>
    SqueezeMetricsDix = 4,

    /// <summary>FINRA Reg SHO short-volume file (pipe-delimited).</summary>
    FinraShortVolume = 5,

    /// <summary>FINRA short volume re-written as CSV (<c>date,ticker,short_vol,exempt_vol,total_vol,...,market</c>).</summary>
    FinraShortVolumeCsv = 6,

    /// <summary>Plain option-chain CSV (<c>as_of,underlying,spot,expiry,type,strike,...</c>).</summary>
    ChainCsv = 7,

    /// <summary>CBOE website "quotedata" CSV (calls left, puts right).</summary>
    CboeQuoteData = 8,

    /// <summary>CBOE delayed-quotes options JSON.</summary>
    CboeDelayedJson = 9,

    /// <summary>Earnings-revisions CSV (<c>date,sector,upgrades,downgrades</c>).</summary>
    EarningsRevisions = 10,

    /// <summary>Yahoo Finance chart API JSON (<c>/v8/finance/chart/SYMBOL</c>): daily bars with adjusted closes.</summary>
    YahooChartJson = 11,

    /// <summary>iShares fund holdings CSV (metadata lines with <c>Fund Holdings as of</c>, then <c>Ticker,Name,Sector,Asset Class,...</c>).</summary>
    IsharesHoldings = 12,

    /// <summary>Alpha Vantage <c>EARNINGS_CALENDAR</c> CSV (<c>symbol,name,reportDate,fiscalDateEnding,estimate,currency</c>): one consensus snapshot.</summary>
    EarningsCalendarCsv = 14,

    /// <summary>The same earnings calendar as a JSON array of objects: one consensus snapshot.</summary>
    EarningsCalendarJson = 15,
}

/// <summary>Names of the formats: a stable id (stored with option chains) and a display name.</summary>
public static class DataFileFormats
{
    /// <summary>Stable lower-case id, e.g. <c>yahoo-daily</c>, <c>chain-csv</c>.</summary>
    public static string Id(this DataFileFormat format) => format switch
    {
        DataFileFormat.YahooDaily => "yahoo-daily",
        DataFileFormat.CboeIndexHistory => "cboe-index-history",
        DataFileFormat.FredCsv => "fred-csv",
        DataFileFormat.PanelCsv => "panel-csv",
        DataFileFormat.SqueezeMetricsDix => "squeezemetrics-dix",
        DataFileFormat.FinraShortVolume => "finra-short-volume",
        DataFileFormat.FinraShortVolumeCsv => "finra-short-volume-csv",
        DataFileFormat.ChainCsv => "chain-csv",
        DataFileFormat.CboeQuoteData => "cboe-quotedata",
        DataFileFormat.CboeDelayedJson => "cboe-json",
        DataFileFormat.EarningsRevisions => "earnings-revisions",
        DataFileFormat.YahooChartJson => "yahoo-chart-json",
        DataFileFormat.IsharesHoldings => "ishares-holdings",
        DataFileFormat.EarningsCalendarCsv => "earnings-calendar-csv",
        DataFileFormat.EarningsCalendarJson => "earnings-calendar-json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };

    /// <summary>Human-readable name, e.g. "Yahoo daily CSV".</summary>
    public static string DisplayName(this DataFileFormat format) => format switch
    {
        DataFileFormat.YahooDaily => "Yahoo daily CSV",
        DataFileFormat.CboeIndexHistory => "CBOE index history CSV",
        DataFileFormat.FredCsv => "FRED CSV",
        DataFileFormat.PanelCsv => "panel CSV",
        DataFileFormat.SqueezeMetricsDix => "SqueezeMetrics DIX CSV",
        DataFileFormat.FinraShortVolume => "FINRA short volume",
        DataFileFormat.FinraShortVolumeCsv => "FINRA short volume CSV",
        DataFileFormat.ChainCsv => "option chain CSV",
        DataFileFormat.CboeQuoteData => "CBOE quotedata CSV",
        DataFileFormat.CboeDelayedJson => "CBOE delayed-quotes JSON",
        DataFileFormat.EarningsRevisions => "earnings revisions CSV",
        DataFileFormat.YahooChartJson => "Yahoo chart JSON",
        DataFileFormat.IsharesHoldings => "iShares holdings CSV",
        DataFileFormat.EarningsCalendarCsv => "earnings calendar CSV (Alpha Vantage)",
        DataFileFormat.EarningsCalendarJson => "earnings calendar JSON",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };
}

/// <summary>Rows of a file that were not stored, and why (e.g. FRED '.' for a missing observation).</summary>
/// <param name="Reason">Why they were left out.</param>
/// <param name="Count">How many rows (or cells, for multi-column files).</param>
/// <param name="FirstLine">First line where it happened.</param>
public sealed record SkippedRows(string Reason, int Count, int FirstLine);

/// <summary>Options for an import.</summary>
/// <param name="Symbol">
/// <c>--symbol</c>: the series name for single-series files (Yahoo, CBOE index history, FRED) and the underlying for
/// CBOE quotedata/JSON chains, the fund of a holdings file; ignored by formats that name their own series or symbols.
/// </param>
/// <param name="Replace">
/// <c>--replace</c>: let a single-value file (panel CSV, FRED, DIX) write into a series that holds price bars
/// (open/high/low/volume), replacing those bars' other columns; without it that is refused.
/// </param>
public sealed record ImportOptions(string? Symbol = null, bool Replace = false)
{
    /// <summary>
    /// <c>--date</c>: the date of a consensus snapshot (earnings calendar CSV/JSON); without it the date comes from the
    /// file name's <c>_YYYY-MM-DD</c>.
    /// </summary>
    public DateOnly? SnapshotDate { get; init; }
}

/// <summary>What importing one file did.</summary>
/// <param name="File">The file as the user named it.</param>
/// <param name="Format">The format recognised.</param>
/// <param name="StoredAs">Where the rows went, e.g. "series IWM", "chain IWM 2026-07-16", "short volume CNMS 2021-12-01".</param>
/// <param name="Counts">Rows added / updated / unchanged (contracts for chains).</param>
/// <param name="Removed">Option contracts removed because a replaced snapshot no longer has them.</param>
/// <param name="Skipped">Rows left out, by reason.</param>
/// <param name="PurgedSampleRows">Sample rows purged because this was the first real import into a sample store.</param>
public sealed record FileImportResult(
    string File,
    DataFileFormat Format,
    string StoredAs,
    UpsertCounts Counts,
    int Removed,
    IReadOnlyList<SkippedRows> Skipped,
    int PurgedSampleRows)
{
    /// <summary>Total rows skipped.</summary>
    public int SkippedTotal => Skipped.Sum(s => s.Count);

    /// <summary>
    /// For each imported chain whose day now holds several snapshots: which one the panel uses and which are kept
    /// beside it, e.g. "IWM 2026-07-20: 2 snapshots kept; the panel uses IWM_chain_2026-07-20.csv (nearest the close)".
    /// </summary>
    public IReadOnlyList<string> ChainNotes { get; init; } = [];
}

/// <summary>The outcome of one file in a multi-file import: a result, or the error that kept the whole file out.</summary>
/// <param name="File">The file as the user named it.</param>
/// <param name="Result">What was stored, when the file imported.</param>
/// <param name="Error">Why nothing from the file was stored, when it failed.</param>
public sealed record FileImportOutcome(string File, FileImportResult? Result, IwmDeskException? Error)
{
    /// <summary>True when the file imported.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>A parsed file, not yet stored.</summary>
internal sealed class ParsedFile(DataFileFormat format)
{
    public DataFileFormat Format { get; } = format;

    public List<(string Name, DailyBar[] Bars)> Series { get; } = [];

    public List<OptionChainSnapshot> Chains { get; } = [];

    public List<ShortVolumeRecord> ShortVolume { get; } = [];

    public List<EarningsRevisionRecord> Revisions { get; } = [];

    public List<HoldingsSnapshot> Holdings { get; } = [];

    /// <summary>The rows of one consensus snapshot (earnings calendar), all dated <see cref="ConsensusDate"/>.</summary>
    public List<ConsensusEstimate> Consensus { get; } = [];

    /// <summary>The consensus snapshot's date, when the file is one.</summary>
    public DateOnly? ConsensusDate { get; init; }

    /// <summary>For a holdings file: true when the rows ended at a blank line (iShares puts its legal text below it), false when the text just stopped.</summary>
    public bool HoldingsEndedAtBlankLine { get; set; }

    public SkipTally Skipped { get; } = new();

    /// <summary>The symbol the content says it is for, where the format carries one (Yahoo chart <c>meta.symbol</c>).</summary>
    public string? DeclaredSymbol { get; set; }
}
