using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// Simple moving average: the mean of the last <c>period</c> values. First value at index <c>period − 1</c>
/// (TA-Lib SMA). O(1) per bar with a running sum that is rebuilt from the window every
/// <see cref="Window.MinResyncInterval"/>+ bars. A non-finite input makes every window that contains it NaN.
/// </summary>
public static class Sma
{
    /// <summary>Index of the first defined value: <c>period − 1</c>.</summary>
    public static int Lookback(int period) => period - 1;

    /// <summary>Writes SMA(<paramref name="period"/>) of <paramref name="source"/> into <paramref name="destination"/>
    /// (NaN before warm-up). No heap allocation for periods up to 512. <paramref name="destination"/> may be
    /// <paramref name="source"/> itself.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Guard.Destination(source.Length, destination.Length, nameof(destination));
        var scratch = new Scratch(period, stackalloc double[Scratch.StackLimit]);
        Span<double> ring = scratch.Span;
        var core = new SmaCore(period);
        for (int i = 0; i < source.Length; i++)
            Window.Slot(destination, i) = core.Next(ring, source[i]);
        scratch.Dispose(); // not in a finally: an exception region around the loop would cost it its registers
    }

    /// <summary>SMA(<paramref name="period"/>) of <paramref name="source"/> as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    public static double[] Compute(ReadOnlySpan<double> source, int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var result = new double[source.Length];
        Compute(source, period, result);
        return result;
    }
}

/// <summary>The SMA step shared by <see cref="Sma"/> and <see cref="SmaState"/>; the window ring is the caller's.</summary>
internal struct SmaCore
{
    private readonly double _invPeriod;
    private SumWindow _window;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public SmaCore(int period)
    {
        _invPeriod = 1.0 / period;
        _window = new SumWindow(period);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(Span<double> ring, double x)
    {
        _window.Push(ring, x);
        return _window.IsFull ? _window.Sum * _invPeriod : double.NaN;
    }
}

/// <summary>
/// Streaming SMA: feed one value per bar with <see cref="Next"/>; gives bit-for-bit the values of
/// <see cref="Sma.Compute(ReadOnlySpan{double}, int)"/>. A class because it owns its window buffer.
/// </summary>
public sealed class SmaState
{
    private readonly double[] _ring;
    private SmaCore _core;

    /// <summary>Creates the state for SMA(<paramref name="period"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    public SmaState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _ring = Window.NewRing(period);
        _core = new SmaCore(period);
    }

    /// <summary>Adds the next value and returns the SMA at this bar (NaN before warm-up). O(1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(double x) => _core.Next(_ring, x);
}
