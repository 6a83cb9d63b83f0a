using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// Rolling percentile rank, for IV rank / VIX percentile style readings: over the window of the last <c>window</c>
/// values (the current one included), the fraction of the OTHER <c>window − 1</c> values that are STRICTLY below the
/// current one. 0 = lowest of the window (or tied with the lowest), 1 = strictly highest. First value at index
/// <c>window − 1</c>. O(window) per bar, vectorised. A non-finite value makes every window that contains it NaN.
/// </summary>
public static class PercentileRank
{
    /// <summary>Index of the first defined value: <c>window − 1</c>.</summary>
    public static int Lookback(int window) => window - 1;

    /// <summary>Writes the rolling percentile rank into <paramref name="destination"/>. No heap allocation for windows up to 512.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 2.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(ReadOnlySpan<double> source, int window, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        Guard.Destination(source.Length, destination.Length, nameof(destination));
        var scratch = new Scratch(window, stackalloc double[Scratch.StackLimit]);
        Span<double> ring = scratch.Span;
        var core = new PercentileRankCore(window);
        for (int i = 0; i < source.Length; i++)
            Window.Slot(destination, i) = core.Next(ring, source[i]);
        scratch.Dispose();
    }

    /// <summary>The rolling percentile rank over <paramref name="window"/> values, as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 2.</exception>
    public static double[] Compute(ReadOnlySpan<double> source, int window = 252)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var result = new double[source.Length];
        Compute(source, window, result);
        return result;
    }

    /// <summary>How many of <paramref name="values"/> are strictly below <paramref name="x"/> (NaN counts as not below).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CountBelow(ReadOnlySpan<double> values, double x)
    {
        int i = 0, count = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            ref double start = ref MemoryMarshal.GetReference(values);
            var target = new Vector<double>(x);
            var below = Vector<long>.Zero;
            for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
                below -= Vector.LessThan(Vector.LoadUnsafe(ref start, (nuint)i), target); // true lanes are −1
            count = (int)Vector.Sum(below);
        }
        for (; i < values.Length; i++)
        {
            if (values[i] < x)
                count++;
        }
        return count;
    }
}

/// <summary>The percentile-rank step shared by batch and streaming; the ring holds the window.</summary>
internal struct PercentileRankCore
{
    private readonly int _window;
    private readonly double _others; // window − 1
    private int _pos;
    private int _missing;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public PercentileRankCore(int window)
    {
        _window = window;
        _others = window - 1;
        _missing = window;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(Span<double> ring, double x)
    {
        ref double slot = ref Window.Slot(ring, _pos);
        _missing += (double.IsFinite(x) ? 0 : 1) - (double.IsFinite(slot) ? 0 : 1);
        slot = x;
        _pos = _pos + 1 == _window ? 0 : _pos + 1;
        // The window includes x itself, which is never strictly below itself.
        return _missing == 0 ? PercentileRank.CountBelow(ring, x) / _others : double.NaN;
    }
}

/// <summary>
/// Streaming percentile rank: one value per bar with <see cref="Next"/>; bit-for-bit the batch values.
/// A class because it owns its window buffer.
/// </summary>
public sealed class PercentileRankState
{
    private readonly double[] _ring;
    private PercentileRankCore _core;

    /// <summary>Creates the state for a <paramref name="window"/>-value rank.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 2.</exception>
    public PercentileRankState(int window = 252)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        _ring = Window.NewRing(window);
        _core = new PercentileRankCore(window);
    }

    /// <summary>Adds the next value and returns its percentile rank in the window. O(window).</summary>
    public double Next(double x) => _core.Next(_ring, x);
}
