namespace IwmDesk.Data.Fetch;

/// <summary>The free sources <c>iwmdesk data fetch</c> brings up to date.</summary>
public enum FetchSource
{
    /// <summary>Yahoo Finance chart API: IWM, KRE, SPY, HYG and DX-Y.NYB (stored as DXY) daily bars with adjusted closes.</summary>
    Yahoo = 0,

    /// <summary>FRED CSV downloads: DGS2, DGS10, BAMLH0A0HYM2, DTWEXBGS, DTB3 (3-month T-bill, the GEX rate).</summary>
    Fred = 1,

    /// <summary>CBOE's VIX history (VIX_History.csv), stored as series VIX.</summary>
    CboeVix = 2,

    /// <summary>CBOE delayed-quotes option chain of IWM, stored as the day's chain snapshot.</summary>
    CboeChain = 3,

    /// <summary>FINRA consolidated (CNMS) daily short-volume files, IWM rows only.</summary>
    Finra = 4,

    /// <summary>SqueezeMetrics DIX.csv (SPX_PRICE, SPX_DIX, SPX_GEX).</summary>
    Dix = 5,

    /// <summary>CBOE's RVX history (RVX_History.csv, the Russell 2000 implied volatility), stored as series RVX; FRED RVXCLS is the fallback.</summary>
    CboeRvx = 6,

    /// <summary>
    /// iShares' IWM holdings CSV (the fund page's "Detailed Holdings and Analytics" download), stored as the holdings
    /// snapshot of its as-of date. Fetched only when named (<c>--sources ishares-holdings</c>): not one of the daily
    /// sources of <see cref="FetchSources.All"/>.
    /// </summary>
    IsharesHoldings = 7,

    /// <summary>
    /// Alpha Vantage EARNINGS_CALENDAR (3-month horizon, CSV) with the user's key, stored as today's consensus snapshot;
    /// skipped with one line when no key is configured.
    /// </summary>
    AlphaVantage = 8,
}

/// <summary>Names of the sources as <c>--sources</c> takes them.</summary>
public static class FetchSources
{
    /// <summary>Every daily source, in the order they are reported: what a fetch with no <c>--sources</c> (or <c>all</c>) brings up to date.</summary>
    public static IReadOnlyList<FetchSource> All { get; } =
        [FetchSource.Yahoo, FetchSource.Fred, FetchSource.CboeVix, FetchSource.CboeRvx, FetchSource.CboeChain, FetchSource.Finra, FetchSource.Dix, FetchSource.AlphaVantage];

    /// <summary>Sources fetched only when named: the iShares holdings (they change slowly, and the issuer's site is not a data API).</summary>
    public static IReadOnlyList<FetchSource> OnRequest { get; } = [FetchSource.IsharesHoldings];

    /// <summary>Every source there is, daily ones first, in the order they are reported.</summary>
    public static IReadOnlyList<FetchSource> Known { get; } = [.. All, .. OnRequest];

    /// <summary>The name on the command line and in reports: yahoo, fred, cboe-vix, cboe-rvx, cboe-chain, finra, dix, alphavantage, ishares-holdings.</summary>
    public static string Name(this FetchSource source) => source switch
    {
        FetchSource.Yahoo => "yahoo",
        FetchSource.Fred => "fred",
        FetchSource.CboeVix => "cboe-vix",
        FetchSource.CboeRvx => "cboe-rvx",
        FetchSource.CboeChain => "cboe-chain",
        FetchSource.Finra => "finra",
        FetchSource.Dix => "dix",
        FetchSource.IsharesHoldings => "ishares-holdings",
        FetchSource.AlphaVantage => "alphavantage",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown source"),
    };

    /// <summary>
    /// Parses a comma-separated list of source names (case-insensitive; <c>cboe</c> means every CBOE source, <c>all</c>
    /// every source). Null or empty: every source.
    /// </summary>
    /// <exception cref="IwmDeskException">A name is not a source.</exception>
    public static IReadOnlySet<FetchSource> Parse(IEnumerable<string>? names)
    {
        var set = new HashSet<FetchSource>();
        foreach (var raw in names ?? [])
        {
            foreach (var part in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var name = part.ToLowerInvariant();
                switch (name)
                {
                    case "all":
                        set.UnionWith(All);
                        continue;
                    case "cboe":
                        set.Add(FetchSource.CboeVix);
                        set.Add(FetchSource.CboeRvx);
                        set.Add(FetchSource.CboeChain);
                        continue;
                }

                var match = Known.Where(s => string.Equals(s.Name(), name, StringComparison.Ordinal)).ToList();
                if (match.Count == 0)
                {
                    throw new IwmDeskException(
                        $"--sources: unknown source '{part}' (known: {string.Join(", ", Known.Select(s => s.Name()))}, cboe, all)");
                }

                set.Add(match[0]);
            }
        }

        return set.Count == 0 ? new HashSet<FetchSource>(All) : set;
    }
}
