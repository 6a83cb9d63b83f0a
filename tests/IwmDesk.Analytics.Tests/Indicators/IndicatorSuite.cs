using IwmDesk.Analytics.Indicators;

namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>Every reference column computed by our kernels from (high, low, close, second close).</summary>
internal static class IndicatorSuite
{
    public static readonly string[] TaLibColumns =
        ["sma_50", "ema_20", "rsi_14", "bb_upper", "bb_middle", "bb_lower", "atr_14", "macd", "macd_signal", "macd_hist"];

    public static readonly string[] StatsColumns = ["bb_percent_b", "bb_bandwidth", "rvol_20", "corr_10", "corr_20", "corr_60", "relperf_20", "pctrank_252"];

    public static double[] Compute(string column, double[] high, double[] low, double[] close, double[] other) => column switch
    {
        "sma_50" => Sma.Compute(close, 50),
        "ema_20" => Ema.Compute(close, 20),
        "rsi_14" => Rsi.Compute(close, 14),
        "bb_upper" => Bollinger.Compute(close, 20, 2.0).Upper,
        "bb_middle" => Bollinger.Compute(close, 20, 2.0).Middle,
        "bb_lower" => Bollinger.Compute(close, 20, 2.0).Lower,
        "bb_percent_b" => Bollinger.Compute(close, 20, 2.0).PercentB,
        "bb_bandwidth" => Bollinger.Compute(close, 20, 2.0).Bandwidth,
        "atr_14" => Atr.Compute(high, low, close, 14),
        "macd" => Macd.Compute(close, 12, 26, 9).Macd,
        "macd_signal" => Macd.Compute(close, 12, 26, 9).Signal,
        "macd_hist" => Macd.Compute(close, 12, 26, 9).Histogram,
        "rvol_20" => RealizedVolatility.Compute(close, 20),
        "corr_10" => RollingCorrelation.Compute(close, other, 10),
        "corr_20" => RollingCorrelation.Compute(close, other, 20),
        "corr_60" => RollingCorrelation.Compute(close, other, 60),
        "relperf_20" => RelativePerformance.Compute(close, other, 20),
        "pctrank_252" => PercentileRank.Compute(close, 252),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "unknown column"),
    };
}
