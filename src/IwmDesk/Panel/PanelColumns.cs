namespace IwmDesk.Panel;

/// <summary>Names of the feature panel's columns, in output order (snake_case, as in CSV/JSON).</summary>
public static class PanelColumns
{
    public const string Open = "open";
    public const string High = "high";
    public const string Low = "low";
    public const string Close = "close";
    public const string AdjClose = "adj_close";
    public const string Volume = "volume";
    public const string Sma20 = "sma20";
    public const string Sma50 = "sma50";
    public const string Sma200 = "sma200";
    public const string Ema20 = "ema20";
    public const string Rsi14 = "rsi14";
    public const string BbUpper = "bb_upper";
    public const string BbMiddle = "bb_middle";
    public const string BbLower = "bb_lower";
    public const string BbPercentB = "bb_percent_b";
    public const string Atr14 = "atr14";
    public const string Macd = "macd";
    public const string MacdSignal = "macd_signal";
    /// <summary>IWM's 20-day close-to-close realised volatility from adjusted closes, annualised, in volatility points (18.5 = 18.5%).</summary>
    public const string Rv20 = "rv20";

    public const string Vix = "vix";

    /// <summary>CBOE's RVX close (Russell 2000 30-day implied volatility), volatility points; known at the close (as VIX).</summary>
    public const string Rvx = "rvx";

    /// <summary>RVX's percentile rank over the last 252 trading days, today included, 0–100 (docs/methodology.md); n/a until 252 values.</summary>
    public const string IvRank = "iv_rank";

    /// <summary>rvx − rv20, volatility points: implied over realised (docs/methodology.md, thresholds).</summary>
    public const string IvRvSpread = "iv_rv_spread";
    public const string Kre = "kre";
    public const string Spy = "spy";
    public const string Hyg = "hyg";
    public const string Dgs2 = "dgs2";
    public const string Dgs10 = "dgs10";
    public const string Slope10y2y = "slope_10y2y";
    public const string HySpread = "hy_spread";
    public const string Dxy = "dxy";
    public const string Gex = "gex";
    public const string GexSource = "gex_source";
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
