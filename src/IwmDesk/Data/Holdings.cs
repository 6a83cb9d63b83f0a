namespace IwmDesk.Data;

/// <summary>
/// One position of a fund's holdings file (iShares "Detailed Holdings and Analytics" CSV), as the issuer gives it.
/// Missing numbers (the file's <c>-</c>) are NaN; text fields keep the file's spelling (<c>-</c> included).
/// </summary>
/// <param name="Ticker">The issuer's ticker (not unique: <c>-</c> for unlisted rights, one ticker for a stock and its CVR).</param>
/// <param name="Name">The security name, upper case as iShares prints it.</param>
/// <param name="Sector">The GICS sector (<c>Cash and/or Derivatives</c> for the non-equity rows).</param>
/// <param name="AssetClass"><c>Equity</c>, <c>Cash</c>, <c>Money Market</c>, <c>Futures</c>, <c>Cash Collateral and Margins</c>, ...</param>
/// <param name="MarketValue">Market value in the fund's currency.</param>
/// <param name="WeightPct">Weight in the fund, in percent (1.06 = 1.06%), as the file rounds it (two decimals).</param>
/// <param name="Quantity">Shares (or contracts) held.</param>
/// <param name="Price">The vendor price.</param>
/// <param name="Location">Country of the issuer.</param>
/// <param name="Exchange">Listing exchange.</param>
/// <param name="Currency">Currency of the market value.</param>
public sealed record Holding(
    string Ticker,
    string Name,
    string Sector,
    string AssetClass,
    double MarketValue,
    double WeightPct,
    double Quantity,
    double Price,
    string Location,
    string Exchange,
    string Currency)
{
    /// <summary>The asset class of an equity row.</summary>
    public const string EquityClass = "Equity";

    /// <summary>True for an equity row (<see cref="AssetClass"/> is <c>Equity</c>).</summary>
    public bool IsEquity => string.Equals(AssetClass, EquityClass, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A fund's holdings on one as-of date: the equity members, and the other rows (cash, money-market fund, futures)
/// kept apart, both in the file's order. One snapshot per (fund, as-of date) in the store.
/// </summary>
/// <param name="Fund">The fund's ticker, e.g. <c>IWM</c>.</param>
/// <param name="AsOf">The file's "Fund Holdings as of" date.</param>
/// <param name="Equities">Rows whose asset class is <c>Equity</c>.</param>
/// <param name="Other">Every other row (cash, money market, futures, collateral).</param>
public sealed record HoldingsSnapshot(string Fund, DateOnly AsOf, IReadOnlyList<Holding> Equities, IReadOnlyList<Holding> Other)
{
    /// <summary>Where the snapshot came from (the file name or URL); null when unknown.</summary>
    public string? Source { get; init; }

    /// <summary>Every row, equities first, then the others.</summary>
    public IEnumerable<Holding> All => Equities.Concat(Other);
}
