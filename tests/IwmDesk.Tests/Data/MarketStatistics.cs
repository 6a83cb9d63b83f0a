using System.Globalization;
using System.Text;
using IwmDesk.Data;
using IwmDesk.Data.Sample;

namespace IwmDesk.Tests.Data;

/// <summary>The statistics that compare the sample with real data (docs/sample-data.md), computed the same way on both.</summary>
internal static class MarketStatistics
{
    public const double TradingDays = 252.0;

    public static double[] LogReturns(IReadOnlyList<double> prices)
    {
        var r = new double[prices.Count - 1];
        for (var i = 1; i < prices.Count; i++)
            r[i - 1] = Math.Log(prices[i] / prices[i - 1]);
        return r;
    }

    public static double[] Differences(IReadOnlyList<double> values)
    {
        var d = new double[values.Count - 1];
        for (var i = 1; i < values.Count; i++)
            d[i - 1] = values[i] - values[i - 1];
        return d;
    }

    public static double Mean(IReadOnlyList<double> x)
    {
        var s = 0.0;
        foreach (var v in x)
            s += v;
        return s / x.Count;
    }

    public static double Variance(IReadOnlyList<double> x)
    {
        var m = Mean(x);
        var s = 0.0;
        foreach (var v in x)
            s += (v - m) * (v - m);
        return s / (x.Count - 1);
    }

    public static double AnnualisedVolatility(IReadOnlyList<double> returns) => Math.Sqrt(Variance(returns) * TradingDays);

    /// <summary>Sample excess kurtosis m4 / m2² − 3 (population moments).</summary>
    public static double ExcessKurtosis(IReadOnlyList<double> x)
    {
        var m = Mean(x);
        double m2 = 0, m4 = 0;
        foreach (var v in x)
        {
            var d = (v - m) * (v - m);
            m2 += d;
            m4 += d * d;
        }

        m2 /= x.Count;
        m4 /= x.Count;
        return (m4 / (m2 * m2)) - 3.0;
    }

    public static double Autocorrelation(IReadOnlyList<double> x, int lag)
    {
        var m = Mean(x);
        double num = 0, den = 0;
        for (var i = 0; i < x.Count; i++)
        {
            den += (x[i] - m) * (x[i] - m);
            if (i >= lag)
                num += (x[i] - m) * (x[i - lag] - m);
        }

        return num / den;
    }

    public static double AbsAutocorrelation(IReadOnlyList<double> returns, int lag) =>
        Autocorrelation(returns.Select(Math.Abs).ToArray(), lag);

    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var mx = Mean(x);
        var my = Mean(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>OLS slope of y on x.</summary>
    public static double Beta(IReadOnlyList<double> y, IReadOnlyList<double> x)
    {
        var mx = Mean(x);
        var my = Mean(y);
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        return sxy / sxx;
    }

    public static double ShareWithin(IReadOnlyList<double> x, double low, double high) =>
        (double)x.Count(v => v >= low && v <= high) / x.Count;

    public static double ShareAbove(IReadOnlyList<double> x, double threshold) => (double)x.Count(v => v > threshold) / x.Count;

    /// <summary>The buy/sell ("dark-pool") ratio ShortVolume / (TotalVolume − ShortVolume).</summary>
    public static double DarkPoolRatio(double shortVolume, double totalVolume) => shortVolume / (totalVolume - shortVolume);

    /// <summary>Computes every statistic from aligned daily inputs (prices and levels on the same dates).</summary>
    public static MarketProfile Profile(MarketInputs m)
    {
        var iwm = LogReturns(m.IwmAdjClose);
        var kre = LogReturns(m.KreAdjClose);
        var dVix = Differences(m.VixClose);
        var gexNegative = new List<double>();
        var gexPositive = new List<double>();
        for (var i = 0; i < m.GexVix.Count; i++)
            (m.GexVix[i].Gex < 0 ? gexNegative : gexPositive).Add(m.GexVix[i].Vix);
        var highVix = m.GexVix.Where(p => p.Vix > 25).ToList();
        var lowVix = m.GexVix.Where(p => p.Vix < 15).ToList();

        return new MarketProfile(
            Days: iwm.Length,
            From: m.From,
            To: m.To,
            AnnualisedVolatility: AnnualisedVolatility(iwm),
            ExcessKurtosis: ExcessKurtosis(iwm),
            AbsAutocorrelation1: AbsAutocorrelation(iwm, 1),
            AbsAutocorrelation5: AbsAutocorrelation(iwm, 5),
            AbsAutocorrelation20: AbsAutocorrelation(iwm, 20),
            VixReturnCorrelation: Correlation(iwm, dVix),
            VixMean: Mean(m.VixClose),
            VixShareAbove30: ShareAbove(m.VixClose, 30),
            KreBeta: Beta(kre, iwm),
            KreCorrelation: Correlation(kre, iwm),
            DarkPoolDays: m.DarkPoolRatios.Count,
            DarkPoolShare10To16: ShareWithin(m.DarkPoolRatios, 1.0, 1.6),
            DarkPoolShareAbove15: ShareAbove(m.DarkPoolRatios, 1.5),
            DarkPoolMedian: m.DarkPoolRatios.Order().ElementAt(m.DarkPoolRatios.Count / 2),
            GexDays: m.GexVix.Count,
            GexNegativeShare: (double)gexNegative.Count / m.GexVix.Count,
            MeanVixWhenGexNegative: gexNegative.Count > 0 ? Mean(gexNegative) : double.NaN,
            MeanVixWhenGexPositive: gexPositive.Count > 0 ? Mean(gexPositive) : double.NaN,
            GexNegativeShareVixAbove25: highVix.Count > 0 ? (double)highVix.Count(p => p.Gex < 0) / highVix.Count : double.NaN,
            GexNegativeShareVixBelow15: lowVix.Count > 0 ? (double)lowVix.Count(p => p.Gex < 0) / lowVix.Count : double.NaN);
    }

    /// <summary>The sample's inputs: every series is already on one calendar.</summary>
    public static MarketInputs SampleInputs(SampleDataSet s)
    {
        var gex = s.Bars(SampleSymbols.IwmGex);
        var vix = s.Bars(SampleSymbols.Vix);
        return new MarketInputs(
            s.StartDate,
            s.EndDate,
            s.Bars(SampleSymbols.Iwm).Select(b => b.AdjClose).ToArray(),
            s.Bars(SampleSymbols.Kre).Select(b => b.AdjClose).ToArray(),
            vix.Select(b => b.Close).ToArray(),
            s.ShortVolume.Select(r => DarkPoolRatio(r.ShortVolume, r.TotalVolume)).ToArray(),
            gex.Select((b, i) => (b.Close, vix[i].Close)).ToArray());
    }

    /// <summary>A markdown table of the profiles side by side, with the target each statistic is held to.</summary>
    public static string Table(IReadOnlyList<(string Name, MarketProfile Profile)> columns)
    {
        var rows = new (string Label, string Target, Func<MarketProfile, string> Value)[]
        {
            ("IWM window", "", p => $"{p.From:yyyy-MM-dd}..{p.To:yyyy-MM-dd} ({p.Days} returns)"),
            ("IWM annualised volatility", "20–25%", p => Pct(p.AnnualisedVolatility)),
            ("IWM excess kurtosis", "> 1", p => F(p.ExcessKurtosis, 2)),
            ("\\|r\\| autocorrelation lag 1", "> 0.1", p => F(p.AbsAutocorrelation1, 3)),
            ("\\|r\\| autocorrelation lag 5", "> 0", p => F(p.AbsAutocorrelation5, 3)),
            ("\\|r\\| autocorrelation lag 20", "> 0", p => F(p.AbsAutocorrelation20, 3)),
            ("corr(IWM return, VIX change)", "< −0.5", p => F(p.VixReturnCorrelation, 3)),
            ("VIX mean", "", p => F(p.VixMean, 2)),
            ("VIX > 30 share of days", "", p => Pct(p.VixShareAbove30)),
            ("KRE beta to IWM", "1.1–1.3", p => F(p.KreBeta, 3)),
            ("KRE correlation to IWM", "", p => F(p.KreCorrelation, 3)),
            ("dark-pool ratio: days", "", p => p.DarkPoolDays.ToString(CultureInfo.InvariantCulture)),
            ("dark-pool ratio in 1.0–1.6", "mostly", p => Pct(p.DarkPoolShare10To16)),
            ("dark-pool ratio > 1.5", "occasionally", p => Pct(p.DarkPoolShareAbove15)),
            ("dark-pool ratio median", "", p => F(p.DarkPoolMedian, 3)),
            ("GEX: days", "", p => p.GexDays.ToString(CultureInfo.InvariantCulture)),
            ("GEX negative share", "", p => Pct(p.GexNegativeShare)),
            ("mean VIX when GEX < 0", "> when GEX > 0", p => F(p.MeanVixWhenGexNegative, 2)),
            ("mean VIX when GEX > 0", "", p => F(p.MeanVixWhenGexPositive, 2)),
            ("GEX < 0 share when VIX > 25", "", p => Pct(p.GexNegativeShareVixAbove25)),
            ("GEX < 0 share when VIX < 15", "", p => Pct(p.GexNegativeShareVixBelow15)),
        };

        var sb = new StringBuilder();
        sb.Append("| statistic | target |");
        foreach (var (name, _) in columns)
            sb.Append(' ').Append(name).Append(" |");
        sb.AppendLine();
        sb.Append("|---|---|");
        foreach (var _ in columns)
            sb.Append("---|");
        sb.AppendLine();
        foreach (var (label, target, value) in rows)
        {
            sb.Append("| ").Append(label).Append(" | ").Append(target).Append(" |");
            foreach (var (_, profile) in columns)
                sb.Append(' ').Append(value(profile)).Append(" |");
            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static string Pct(double x) => double.IsNaN(x) ? "n/a" : (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string F(double x, int digits) =>
        double.IsNaN(x) ? "n/a" : x.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

/// <summary>Aligned inputs of the statistics. Dark-pool ratios and GEX/VIX pairs may cover other windows than the prices.</summary>
internal sealed record MarketInputs(
    DateOnly From,
    DateOnly To,
    IReadOnlyList<double> IwmAdjClose,
    IReadOnlyList<double> KreAdjClose,
    IReadOnlyList<double> VixClose,
    IReadOnlyList<double> DarkPoolRatios,
    IReadOnlyList<(double Gex, double Vix)> GexVix);

/// <summary>The statistics of one data set.</summary>
internal sealed record MarketProfile(
    int Days,
    DateOnly From,
    DateOnly To,
    double AnnualisedVolatility,
    double ExcessKurtosis,
    double AbsAutocorrelation1,
    double AbsAutocorrelation5,
    double AbsAutocorrelation20,
    double VixReturnCorrelation,
    double VixMean,
    double VixShareAbove30,
    double KreBeta,
    double KreCorrelation,
    int DarkPoolDays,
    double DarkPoolShare10To16,
    double DarkPoolShareAbove15,
    double DarkPoolMedian,
    int GexDays,
    double GexNegativeShare,
    double MeanVixWhenGexNegative,
    double MeanVixWhenGexPositive,
    double GexNegativeShareVixAbove25,
    double GexNegativeShareVixBelow15);
