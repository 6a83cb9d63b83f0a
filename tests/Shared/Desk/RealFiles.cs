namespace IwmDesk.Testing;

/// <summary>The real files a trader would import (README): one IWM history, the macro series, DIX, FINRA and the IWM chains.</summary>
internal static class RealFiles
{
    /// <summary>Paths under ../shared/data/real, in import order.</summary>
    public static IEnumerable<string> Trader()
    {
        string[] root = ["IWM_daily.csv", "KRE_daily.csv", "SPY_daily.csv", "HYG_daily.csv", "VIX_History.csv", "RVX_History.csv", "DXY_daily.csv",
            "FRED_DGS2.csv", "FRED_DGS10.csv", "FRED_BAMLH0A0HYM2.csv", "FRED_DTWEXBGS.csv", "DIX.csv"];
        foreach (var f in root)
            yield return TestData.Real(f);
        yield return TestData.Real("finra", "finra_shvol_IWM_TRF_2010-2021.txt");
        foreach (var f in Directory.GetFiles(TestData.Real("finra"), "CNMSshvol*.txt").Order(StringComparer.Ordinal))
            yield return f;
        foreach (var f in Directory.GetFiles(TestData.Real("options", "chains_csv"), "IWM_chain_????-??-??.csv").Order(StringComparer.Ordinal))
            yield return f;
    }
}
