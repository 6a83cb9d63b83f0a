using System.Globalization;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data;

/// <summary>Reads the real files in ../shared/data/real into <see cref="MarketInputs"/> for the sample comparison.</summary>
internal static class RealMarketData
{
    /// <summary>
    /// IWM and KRE adjusted closes and the VIX close on IWM's dates in [from, to]; the IWM dark-pool ratio from the
    /// FINRA TRF file (facilities summed per date) and SqueezeMetrics' SPX GEX against the VIX, both on dates in
    /// [from, to] that the files cover.
    /// </summary>
    public static MarketInputs Load(DateOnly from, DateOnly to)
    {
        var iwm = ReadColumn("IWM_daily.csv", 5, "yyyy-MM-dd");
        var kre = ReadColumn("KRE_daily.csv", 5, "yyyy-MM-dd");
        var vix = ReadColumn("VIX_History.csv", 4, "MM/dd/yyyy");
        var gex = ReadColumn("DIX.csv", 3, "yyyy-MM-dd");

        var dates = iwm.Keys.Where(d => d >= from && d <= to && kre.ContainsKey(d) && vix.ContainsKey(d)).Order().ToArray();
        var darkPool = DarkPoolRatios().Where(p => p.Date >= from && p.Date <= to).Select(p => p.Ratio).ToArray();
        var gexVix = gex.Keys.Where(d => d >= from && d <= to && vix.ContainsKey(d) && iwm.ContainsKey(d)).Order()
            .Select(d => (gex[d], vix[d])).ToArray();

        return new MarketInputs(
            dates[0],
            dates[^1],
            dates.Select(d => iwm[d]).ToArray(),
            dates.Select(d => kre[d]).ToArray(),
            dates.Select(d => vix[d]).ToArray(),
            darkPool,
            gexVix);
    }

    /// <summary>Per date: ΣShortVolume / (ΣTotalVolume − ΣShortVolume) over the FINRA facilities (Q, N, B).</summary>
    public static IEnumerable<(DateOnly Date, double Ratio)> DarkPoolRatios()
    {
        var sums = new SortedDictionary<DateOnly, (double Short, double Total)>();
        foreach (var line in File.ReadLines(TestData.Real("finra", "finra_shvol_IWM_TRF_2010-2021.txt")).Skip(1))
        {
            var f = line.Split('|');
            var date = DateOnly.ParseExact(f[0], "yyyyMMdd", CultureInfo.InvariantCulture);
            var s = double.Parse(f[2], CultureInfo.InvariantCulture);
            var t = double.Parse(f[4], CultureInfo.InvariantCulture);
            sums[date] = sums.TryGetValue(date, out var acc) ? (acc.Short + s, acc.Total + t) : (s, t);
        }

        return sums.Select(kv => (kv.Key, MarketStatistics.DarkPoolRatio(kv.Value.Short, kv.Value.Total)));
    }

    private static Dictionary<DateOnly, double> ReadColumn(string file, int column, string dateFormat)
    {
        var result = new Dictionary<DateOnly, double>();
        foreach (var line in File.ReadLines(TestData.Real(file)).Skip(1))
        {
            var f = line.TrimEnd('\r').Split(',');
            result[DateOnly.ParseExact(f[0], dateFormat, CultureInfo.InvariantCulture)] = double.Parse(f[column], CultureInfo.InvariantCulture);
        }

        return result;
    }
}
