namespace IwmDesk.Panel;

/// <summary>Names of the feature panel's columns, in output order (snake_case, as in CSV/JSON).</summary>
public static class PanelColumns
{
    /// <summary>IWM's daily opening price in USD, from its bars as the source file gives it (not dividend-adjusted).</summary>
    public const string Open = "open";

    /// <summary>IWM's daily high in USD, from its bars (not dividend-adjusted); an input of atr14.</summary>
    public const string High = "high";

    /// <summary>IWM's daily low in USD, from its bars (not dividend-adjusted); an input of atr14.</summary>
    public const string Low = "low";

    /// <summary>IWM's daily close in USD (not dividend-adjusted): the price every moving average, RSI, Bollinger, ATR and MACD column is computed from.</summary>
    public const string Close = "close";

    /// <summary>IWM's split- and dividend-adjusted close in USD (the raw close when the source has no Adj Close): the price rv20 and forward returns use.</summary>
    public const string AdjClose = "adj_close";

    /// <summary>IWM's daily traded volume, in shares, from its bars.</summary>
    public const string Volume = "volume";

    /// <summary>Simple 20-day moving average of IWM's close (not adj_close), in USD; NaN on the first 19 rows.</summary>
    public const string Sma20 = "sma20";

    /// <summary>Simple 50-day moving average of IWM's close (not adj_close), in USD; NaN on the first 49 rows.</summary>
    public const string Sma50 = "sma50";

    /// <summary>Simple 200-day moving average of IWM's close (not adj_close), in USD; NaN on the first 199 rows.</summary>
    public const string Sma200 = "sma200";

    /// <summary>20-day exponential moving average of IWM's close (α = 2/21, seeded with the 20-day SMA, TA-Lib style), in USD.</summary>
    public const string Ema20 = "ema20";

    /// <summary>Wilder's 14-day RSI of IWM's close-to-close changes, 0–100 (0 also while nothing has moved yet; docs/indicators.md).</summary>
    public const string Rsi14 = "rsi14";

    /// <summary>Upper Bollinger band: IWM's 20-day SMA of the close + 2 population standard deviations of the same window, in USD.</summary>
    public const string BbUpper = "bb_upper";

    /// <summary>Middle Bollinger band: the 20-day SMA of IWM's close (the same values as sma20), in USD.</summary>
    public const string BbMiddle = "bb_middle";

    /// <summary>Lower Bollinger band: IWM's 20-day SMA of the close − 2 population standard deviations of the same window, in USD.</summary>
    public const string BbLower = "bb_lower";

    /// <summary>Bollinger %B of IWM's close, (close − bb_lower) / (bb_upper − bb_lower): a fraction, 0 on the lower band, 1 on the upper (NaN on a flat window).</summary>
    public const string BbPercentB = "bb_percent_b";

    /// <summary>Wilder's 14-day average true range of IWM's high, low and previous close, in USD (price units, not a percent).</summary>
    public const string Atr14 = "atr14";

    /// <summary>MACD line of IWM's close: EMA(12) − EMA(26) with TA-Lib seeding, in USD; defined from row 25.</summary>
    public const string Macd = "macd";

    /// <summary>MACD signal: the 9-day EMA of the macd line, in USD; defined from row 33.</summary>
    public const string MacdSignal = "macd_signal";

    /// <summary>IWM's 20-day close-to-close realised volatility from adjusted closes, annualised, in volatility points (18.5 = 18.5%).</summary>
    public const string Rv20 = "rv20";

    /// <summary>CBOE's VIX close (S&amp;P 500 30-day implied volatility), in volatility points (18.5 = 18.5%); known at the close, carried up to the staleness limit.</summary>
    public const string Vix = "vix";

    /// <summary>CBOE's RVX close (Russell 2000 30-day implied volatility), volatility points; known at the close (as VIX).</summary>
    public const string Rvx = "rvx";

    /// <summary>RVX's percentile rank over the last 252 trading days, today included, 0–100 (docs/methodology.md); n/a until 252 values.</summary>
    public const string IvRank = "iv_rank";

    /// <summary>rvx − rv20, volatility points: implied over realised (docs/methodology.md, thresholds).</summary>
    public const string IvRvSpread = "iv_rv_spread";

    /// <summary>KRE's (regional-bank ETF) adjusted close in USD (raw close without Adj Close) on IWM's dates; known at the close, carried up to the staleness limit.</summary>
    public const string Kre = "kre";

    /// <summary>SPY's (S&amp;P 500 ETF) adjusted close in USD (raw close without Adj Close) on IWM's dates; known at the close, carried up to the staleness limit.</summary>
    public const string Spy = "spy";

    /// <summary>HYG's (high-yield corporate bond ETF) adjusted close in USD (raw close without Adj Close) on IWM's dates; known at the close.</summary>
    public const string Hyg = "hyg";

    /// <summary>FRED DGS2, the 2-year Treasury constant-maturity yield, in percent (4.26 = 4.26%); a value is first used two trading days after its date.</summary>
    public const string Dgs2 = "dgs2";

    /// <summary>FRED DGS10, the 10-year Treasury constant-maturity yield, in percent (4.26 = 4.26%); a value is first used two trading days after its date.</summary>
    public const string Dgs10 = "dgs10";

    /// <summary>dgs10 − dgs2 on the same row, in percentage points (negative = inverted curve); missing when either yield is.</summary>
    public const string Slope10y2y = "slope_10y2y";

    /// <summary>FRED BAMLH0A0HYM2, the ICE BofA US High Yield option-adjusted spread, in percent (3.21 = 321 bp); first used two trading days after its date.</summary>
    public const string HySpread = "hy_spread";

    /// <summary>The ICE US dollar index (DXY) close when DXY is imported (known at the close), else FRED's weekly broad dollar index DTWEXBGS; an index level.</summary>
    public const string Dxy = "dxy";

    /// <summary>Net gamma exposure: IWM's own (previous trading day's end-of-day chain, USD per 1% move; else a vendor IWM_GEX series), else the GEX proxy (default SqueezeMetrics' SPX_GEX from DIX.csv, on its own scale); gex_source names which.</summary>
    public const string Gex = "gex";

    /// <summary>Text column beside gex naming each row's source: "IWM chain", "IWM_GEX" or "&lt;proxy&gt; proxy" (e.g. "SPX_GEX proxy"); empty when gex is missing. Not in <see cref="Numeric"/>.</summary>
    public const string GexSource = "gex_source";

    /// <summary>IWM's dark-pool buy/sell ratio, ShortVolume / (TotalVolume − ShortVolume), from the FINRA short-volume file of the previous trading day (one facility set, dp_source), else a vendor IWM_DP_RATIO; a ratio (1.5 = DPI 0.60).</summary>
    public const string DpRatio = "dp_ratio";

    /// <summary>The FINRA facility set of dp_ratio (a text column, exported after it; <see cref="DarkPoolSets"/>).</summary>
    public const string DpSource = "dp_source";

    /// <summary>Net GEX of IWM's own previous end-of-day chain (USD per 1% move); never the vendor series or a proxy.</summary>
    public const string IwmGex = "iwm_gex";

    /// <summary>Zero-gamma level of that chain.</summary>
    public const string GexFlip = "gex_flip";

    /// <summary>(chain spot / flip − 1) × 100: how far spot stood above (+) or below (−) the flip, in %.</summary>
    public const string DistToFlip = "dist_to_flip";

    /// <summary>Call wall strike of that chain.</summary>
    public const string CallWall = "call_wall";

    /// <summary>Put wall strike of that chain.</summary>
    public const string PutWall = "put_wall";

    /// <summary>Trading days to the next monthly option expiration, 0 on the day (docs/methodology.md, event calendar).</summary>
    public const string DaysToOpex = "days_to_opex";

    /// <summary>1 in the Monday-to-Friday week of the monthly expiration, up to and including it; else 0.</summary>
    public const string OpexWeek = "opex_week";

    /// <summary>1 on the 5 trading days up to and including a Russell reconstitution day; else 0.</summary>
    public const string ReconWindow = "recon_window";

    /// <summary>The numeric columns of `iwmdesk indicators`, in order (gex_source, a text column, follows gex).</summary>
    public static readonly string[] Numeric =
    [
        Open, High, Low, Close, AdjClose, Volume, Sma20, Sma50, Sma200, Ema20, Rsi14, BbUpper, BbMiddle, BbLower,
        BbPercentB, Atr14, Macd, MacdSignal, Rv20, Vix, Rvx, IvRank, IvRvSpread, Kre, Spy, Hyg, Dgs2, Dgs10, Slope10y2y, HySpread, Dxy, Gex, DpRatio,
        IwmGex, GexFlip, DistToFlip, CallWall, PutWall, DaysToOpex, OpexWeek, ReconWindow,
    ];
}
