using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>Bollinger Bands as arrays, one element per input bar (NaN before warm-up).</summary>
/// <param name="Upper">Middle + k·σ.</param>
/// <param name="Middle">SMA(period) of the close.</param>
/// <param name="Lower">Middle − k·σ.</param>
/// <param name="PercentB">(close − lower)/(upper − lower): 0 at the lower band, 1 at the upper; NaN on a zero-width band.</param>
/// <param name="Bandwidth">(upper − lower)/middle, a fraction (0.1 = bands 10% of the middle apart).</param>
public sealed record BollingerResult(double[] Upper, double[] Middle, double[] Lower, double[] PercentB, double[] Bandwidth);

/// <summary>Bollinger Bands at one bar (all NaN before warm-up).</summary>
/// <param name="Upper">Middle + k·σ.</param>
/// <param name="Middle">SMA(period) of the close.</param>
/// <param name="Lower">Middle − k·σ.</param>
/// <param name="PercentB">(close − lower)/(upper − lower); NaN on a zero-width band.</param>
/// <param name="Bandwidth">(upper − lower)/middle, a fraction.</param>
public readonly record struct BollingerPoint(double Upper, double Middle, double Lower, double PercentB, double Bandwidth);

/// <summary>
/// Bollinger Bands (TA-Lib BBANDS with an SMA middle): middle = SMA(period), σ = POPULATION standard deviation of
/// the same window (divide by period), bands = middle ± k·σ; plus %B and bandwidth. First value at index
/// <c>period − 1</c>. O(1) per bar (shifted running moments, see <c>docs/indicators.md</c>). A non-finite close makes
/// every window that contains it NaN.
/// </summary>
public static class Bollinger
{
    /// <summary>Index of the first defined value: <c>period − 1</c>.</summary>
    public static int Lookback(int period) => period - 1;

    /// <summary>Writes the five Bollinger series of <paramref name="close"/>; each destination must be at least as long
    /// as <paramref name="close"/>. No heap allocation for periods up to 512.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2, or
    /// <paramref name="multiplier"/> is not a positive finite number.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(
        ReadOnlySpan<double> close, int period, double multiplier,
        Span<double> upper, Span<double> middle, Span<double> lower, Span<double> percentB, Span<double> bandwidth)
    {
        Validate(period, multiplier);
        Guard.Destination(close.Length, upper.Length, nameof(upper));
        Guard.Destination(close.Length, middle.Length, nameof(middle));
        Guard.Destination(close.Length, lower.Length, nameof(lower));
        Guard.Destination(close.Length, percentB.Length, nameof(percentB));
        Guard.Destination(close.Length, bandwidth.Length, nameof(bandwidth));
        var scratch = new Scratch(period, stackalloc double[Scratch.StackLimit]);
        Span<double> ring = scratch.Span;
        var core = new BollingerCore(period, multiplier);
        for (int i = 0; i < close.Length; i++)
        {
            var p = core.Next(ring, close[i]);
            Window.Slot(upper, i) = p.Upper;
            Window.Slot(middle, i) = p.Middle;
            Window.Slot(lower, i) = p.Lower;
            Window.Slot(percentB, i) = p.PercentB;
            Window.Slot(bandwidth, i) = p.Bandwidth;
        }
        scratch.Dispose();
    }

    /// <summary>Bollinger(<paramref name="period"/>, <paramref name="multiplier"/>) of <paramref name="close"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2, or
    /// <paramref name="multiplier"/> is not a positive finite number.</exception>
    public static BollingerResult Compute(ReadOnlySpan<double> close, int period = 20, double multiplier = 2.0)
    {
        Validate(period, multiplier);
        int n = close.Length;
        var r = new BollingerResult(new double[n], new double[n], new double[n], new double[n], new double[n]);
        Compute(close, period, multiplier, r.Upper, r.Middle, r.Lower, r.PercentB, r.Bandwidth);
        return r;
    }

    internal static void Validate(int period, double multiplier)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        if (!double.IsFinite(multiplier) || multiplier <= 0)
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "must be a positive finite number of standard deviations");
    }
}

/// <summary>The Bollinger step shared by <see cref="Bollinger"/> and <see cref="BollingerState"/>.</summary>
internal struct BollingerCore
{
    private readonly double _multiplier;
    private readonly double _invPeriod;
    private MomentsWindow _window;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public BollingerCore(int period, double multiplier)
    {
        _multiplier = multiplier;
        _invPeriod = 1.0 / period;
        _window = new MomentsWindow(period);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public BollingerPoint Next(Span<double> ring, double close)
    {
        _window.Push(ring, close);
        if (!_window.IsFull)
            return new BollingerPoint(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double middle = _window.Mean;
        double half = _multiplier * Math.Sqrt(_window.SumSquaredDeviations * _invPeriod);
        // %B and bandwidth from the half-width itself rather than from the rounded bands: (close − lower)/(upper −
        // lower) equals 0.5 + (close − middle)/(2·half) and keeps its digits when the price level dwarfs the spread.
        double width = 2 * half;
        double percentB = half > 0 ? 0.5 + ((close - middle) / width) : double.NaN;
        return new BollingerPoint(middle + half, middle, middle - half, percentB, width / middle);
    }
}

/// <summary>
/// Streaming Bollinger Bands: one close per bar with <see cref="Next"/>; bit-for-bit the batch values.
/// A class because it owns its window buffer.
/// </summary>
public sealed class BollingerState
{
    private readonly double[] _ring;
    private BollingerCore _core;

    /// <summary>Creates the state for Bollinger(<paramref name="period"/>, <paramref name="multiplier"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2, or
    /// <paramref name="multiplier"/> is not a positive finite number.</exception>
    public BollingerState(int period = 20, double multiplier = 2.0)
    {
        Bollinger.Validate(period, multiplier);
        _ring = Window.NewRing(period);
        _core = new BollingerCore(period, multiplier);
    }

    /// <summary>Adds the next close and returns the bands at this bar. O(1).</summary>
    public BollingerPoint Next(double close) => _core.Next(_ring, close);
}
