namespace IwmDesk.Data.Sample;

/// <summary>The names of the series in the sample (the same names real data is stored under).</summary>
public static class SampleSymbols
{
    /// <summary>iShares Russell 2000 ETF: OHLC, AdjClose, Volume.</summary>
    public const string Iwm = "IWM";

    /// <summary>SPDR S&amp;P Regional Banking ETF: OHLC, AdjClose, Volume.</summary>
    public const string Kre = "KRE";

    /// <summary>SPDR S&amp;P 500 ETF: OHLC, AdjClose, Volume.</summary>
    public const string Spy = "SPY";

    /// <summary>iShares iBoxx High Yield Corporate Bond ETF: OHLC, AdjClose, Volume.</summary>
    public const string Hyg = "HYG";

    /// <summary>CBOE Volatility Index, index points: OHLC (AdjClose and Volume NaN, as in CBOE's file).</summary>
    public const string Vix = "VIX";

    /// <summary>CBOE Russell 2000 Volatility Index (RVX), volatility points: OHLC (AdjClose and Volume NaN, as in CBOE's file).</summary>
    public const string Rvx = "RVX";

    /// <summary>2-year Treasury constant-maturity yield, percent (FRED DGS2): value in Close.</summary>
    public const string Dgs2 = "DGS2";

    /// <summary>10-year Treasury constant-maturity yield, percent (FRED DGS10): value in Close.</summary>
    public const string Dgs10 = "DGS10";

    /// <summary>ICE BofA US High Yield option-adjusted spread, percent (FRED BAMLH0A0HYM2): value in Close.</summary>
    public const string HighYieldOas = "BAMLH0A0HYM2";

    /// <summary>Nominal broad US dollar index (FRED DTWEXBGS): value in Close.</summary>
    public const string Dollar = "DTWEXBGS";

    /// <summary>IWM dealer gamma exposure, USD per 1% move of IWM (naive convention: calls +, puts −): value in Close.</summary>
    public const string IwmGex = "IWM_GEX";

    /// <summary>Every daily series in the order the data set holds them.</summary>
    public static IReadOnlyList<string> All { get; } = [Iwm, Kre, Spy, Hyg, Vix, Rvx, Dgs2, Dgs10, HighYieldOas, Dollar, IwmGex];
}
