namespace IwmDesk.Data.Sample;

public static partial class SampleGenerator
{
    // FINRA short volume: the FINRA-reported share of consolidated volume and the short share (DPI), both AR(1);
    // DPI leans up in drawdowns (dealers selling short to fill dip buyers).
    private const double FinraShareMean = 0.50, FinraSharePersistence = 0.9, FinraShareNoise = 0.015, FinraShareMin = 0.36, FinraShareMax = 0.66;
    private const double DpiMean = 0.565, DpiPersistence = 0.3, DpiNoise = 0.043, DpiPerDrawdown = -0.12, DpiMin = 0.38, DpiMax = 0.72;
    private const double ExemptShareMean = 0.004, ExemptShareNoise = 0.6;
    private const int DrawdownLookback = 60;

    // Earnings revisions: weekly activity per sector, an earnings-season bump peaking ~5 weeks after quarter end,
    // and an up-share driven by a sector sentiment that tracks the trailing 13-week return of its proxy.
    private const double SeasonBump = 2.5, SeasonPeakDays = 35.0, SeasonWidthDays = 14.0;
    private const double SentimentPersistence = 0.85, SentimentPerReturn = 4.0, SentimentNoise = 0.15;
    private const int SentimentLookback = 63;

    private static readonly (string Name, double WeeklyActivity, double Bias, bool FollowsBanks)[] Sectors =
    [
        ("Financials", 30, -0.10, true),
        ("Industrials", 28, -0.05, false),
        ("Health Care", 26, -0.15, false),
        ("Information Technology", 22, 0.0, false),
        ("Consumer Discretionary", 20, -0.10, false),
        ("Real Estate", 12, -0.15, false),
        ("Energy", 10, -0.05, false),
    ];

    private static ShortVolumeRecord[] ShortVolumes(DateOnly[] dates, IReadOnlyList<DailyBar> iwm, ulong seed)
    {
        var rng = new SampleRandom(seed, StreamShortVolume);
        var n = dates.Length;
        var records = new ShortVolumeRecord[n];
        var share = 0.0;
        var dpiNoise = 0.0;
        for (var t = 0; t < n; t++)
        {
            share = (FinraSharePersistence * share) + (FinraShareNoise * rng.NextNormal());
            dpiNoise = (DpiPersistence * dpiNoise) + (DpiNoise * rng.NextNormal());
            var total = Math.Round(iwm[t].Volume * Math.Clamp(FinraShareMean + share, FinraShareMin, FinraShareMax));
            var dpi = Math.Clamp(DpiMean + dpiNoise + (DpiPerDrawdown * Drawdown(iwm, t)), DpiMin, DpiMax);
            var shortVolume = Math.Round(total * dpi);
            var exempt = Math.Round(shortVolume * ExemptShareMean * Math.Exp((ExemptShareNoise * rng.NextNormal()) - (0.5 * ExemptShareNoise * ExemptShareNoise)));
            records[t] = new ShortVolumeRecord(dates[t], SampleSymbols.Iwm, "CNMS", (long)shortVolume, (long)exempt, (long)total, "B,Q,N");
        }

        return records;
    }

    // Close over the highest close of the last DrawdownLookback days, minus 1 (≤ 0). Uses data up to t only.
    private static double Drawdown(IReadOnlyList<DailyBar> bars, int t)
    {
        var peak = 0.0;
        for (var i = Math.Max(0, t - DrawdownLookback + 1); i <= t; i++)
            peak = Math.Max(peak, bars[i].AdjClose);
        return (bars[t].AdjClose / peak) - 1.0;
    }

    private static EarningsRevisionRecord[] Revisions(DateOnly[] dates, MarketPath m, ulong seed)
    {
        var rng = new SampleRandom(seed, StreamRevisions);
        var n = dates.Length;

        // Cumulative log returns of the two sentiment proxies (IWM for most sectors, KRE for Financials).
        var iwmCum = new double[n + 1];
        var kreCum = new double[n + 1];
        for (var t = 0; t < n; t++)
        {
            iwmCum[t + 1] = iwmCum[t] + m.IwmReturn[t];
            kreCum[t + 1] = kreCum[t] + m.KreReturn[t];
        }

        var sentiment = new double[Sectors.Length];
        var records = new List<EarningsRevisionRecord>(((n / 5) + 2) * Sectors.Length);
        for (var t = 0; t < n; t++)
        {
            // The last trading day of each week carries that week's counts.
            var d = dates[t];
            if (t + 1 < n && WeekStart(dates[t + 1]) == WeekStart(d))
                continue;

            var season = 1.0 + (SeasonBump * SeasonShape(d));
            var from = Math.Max(0, t + 1 - SentimentLookback);
            for (var s = 0; s < Sectors.Length; s++)
            {
                var (name, activity, bias, followsBanks) = Sectors[s];
                var trailing = followsBanks ? kreCum[t + 1] - kreCum[from] : iwmCum[t + 1] - iwmCum[from];
                sentiment[s] = (SentimentPersistence * sentiment[s])
                    + ((1.0 - SentimentPersistence) * SentimentPerReturn * trailing)
                    + (SentimentNoise * rng.NextNormal());
                var upShare = 1.0 / (1.0 + Math.Exp(-(bias + sentiment[s])));
                var lambda = activity * season;
                records.Add(new EarningsRevisionRecord(d, name, rng.NextPoisson(lambda * upShare), rng.NextPoisson(lambda * (1.0 - upShare))));
            }
        }

        return [.. records];
    }

    private static DateOnly WeekStart(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    // A bump peaking SeasonPeakDays after each calendar quarter end (reporting season), 0..1.
    private static double SeasonShape(DateOnly d)
    {
        var quarterEndMonth = ((d.Month - 1) / 3) * 3; // 0, 3, 6, 9: the month before this quarter began
        var quarterEnd = quarterEndMonth == 0
            ? new DateOnly(d.Year - 1, 12, 31)
            : new DateOnly(d.Year, quarterEndMonth, DateTime.DaysInMonth(d.Year, quarterEndMonth));
        var days = d.DayNumber - quarterEnd.DayNumber;
        var x = (days - SeasonPeakDays) / SeasonWidthDays;
        return Math.Exp(-0.5 * x * x);
    }
}
