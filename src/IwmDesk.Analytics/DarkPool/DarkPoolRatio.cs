namespace IwmDesk.Analytics.DarkPool;

/// <summary>
/// Dark-pool short-volume measures from FINRA Reg SHO daily volumes, per day:
/// DPI = ShortVolume / TotalVolume and buy/sell ratio = ShortVolume / (TotalVolume − ShortVolume) = DPI / (1 − DPI).
/// The caller sums ShortVolume and TotalVolume across facilities for the day first. ShortVolume already includes
/// ShortExemptVolume: never add the exempt volume again. See docs/methodology.md, "Dark-pool ratio".
/// <para>
/// Undefined inputs give NaN, never 0 or infinity: DPI is NaN when TotalVolume ≤ 0, either value is NaN or infinite,
/// ShortVolume &lt; 0, or ShortVolume &gt; TotalVolume (impossible in valid data). The ratio is NaN whenever DPI is,
/// and also when TotalVolume − ShortVolume ≤ 0 (all volume short: DPI = 1, ratio undefined).
/// </para>
/// </summary>
public static class DarkPoolRatio
{
    /// <summary>DPI = short / total; NaN when undefined (see the type remarks).</summary>
    /// <param name="shortVolume">Short volume of the day, summed over facilities (exempt volume already inside).</param>
    /// <param name="totalVolume">Total volume reported to FINRA's facilities that day, summed over facilities.</param>
    public static double Dpi(double shortVolume, double totalVolume)
    {
        if (!IsValid(shortVolume, totalVolume))
            return double.NaN;
        return shortVolume / totalVolume;
    }

    /// <summary>Buy/sell ratio = short / (total − short); NaN when undefined, including total − short ≤ 0.</summary>
    /// <inheritdoc cref="Dpi" path="/param"/>
    public static double Ratio(double shortVolume, double totalVolume)
    {
        if (!IsValid(shortVolume, totalVolume))
            return double.NaN;
        var rest = totalVolume - shortVolume;
        return rest > 0 ? shortVolume / rest : double.NaN;
    }

    /// <summary>
    /// DPI and ratio for each day of aligned arrays of daily sums. O(n), no allocation.
    /// </summary>
    /// <param name="shortVolume">Daily short volume (summed over facilities).</param>
    /// <param name="totalVolume">Daily total volume (summed over facilities), same length.</param>
    /// <param name="dpi">Output DPI per day, same length.</param>
    /// <param name="ratio">Output buy/sell ratio per day, same length.</param>
    /// <exception cref="ArgumentOutOfRangeException">The spans differ in length.</exception>
    public static void Compute(ReadOnlySpan<double> shortVolume, ReadOnlySpan<double> totalVolume, Span<double> dpi, Span<double> ratio)
    {
        var n = shortVolume.Length;
        CheckLengths(n, totalVolume.Length, dpi.Length, ratio.Length);
        for (var i = 0; i < n; i++)
        {
            dpi[i] = Dpi(shortVolume[i], totalVolume[i]);
            ratio[i] = Ratio(shortVolume[i], totalVolume[i]);
        }
    }

    /// <summary>
    /// DPI and ratio for each day of aligned arrays of integer daily sums (as FINRA publishes them). O(n), no allocation.
    /// </summary>
    /// <inheritdoc cref="Compute(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})" path="/param"/>
    /// <exception cref="ArgumentOutOfRangeException">The spans differ in length.</exception>
    public static void Compute(ReadOnlySpan<long> shortVolume, ReadOnlySpan<long> totalVolume, Span<double> dpi, Span<double> ratio)
    {
        var n = shortVolume.Length;
        CheckLengths(n, totalVolume.Length, dpi.Length, ratio.Length);
        for (var i = 0; i < n; i++)
        {
            double s = shortVolume[i];
            double t = totalVolume[i];
            dpi[i] = Dpi(s, t);
            ratio[i] = Ratio(s, t);
        }
    }

    private static bool IsValid(double shortVolume, double totalVolume) =>
        double.IsFinite(shortVolume) && double.IsFinite(totalVolume) && totalVolume > 0 && shortVolume >= 0 && shortVolume <= totalVolume;

    // Parameters carry the names of the caller's spans (their lengths) so the exception names the right argument.
    private static void CheckLengths(int shortVolume, int totalVolume, int dpi, int ratio)
    {
        if (totalVolume != shortVolume)
            throw new ArgumentOutOfRangeException(nameof(totalVolume), totalVolume, $"totalVolume must have the same length as shortVolume ({shortVolume})");
        if (dpi != shortVolume)
            throw new ArgumentOutOfRangeException(nameof(dpi), dpi, $"dpi must have the same length as shortVolume ({shortVolume})");
        if (ratio != shortVolume)
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, $"ratio must have the same length as shortVolume ({shortVolume})");
    }
}
