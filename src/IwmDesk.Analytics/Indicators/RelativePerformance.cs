using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// n-day relative performance of A against B, as a fraction: (a[t]/a[t−n] − 1) − (b[t]/b[t−n] − 1)
/// (0.02 = A did 2 percentage points better over n bars). First value at index <c>period</c>. Only the two endpoints
/// matter: a missing (non-finite) price affects the bar itself and the bar <c>period</c> later; a result that is not
/// finite (for example from a zero price) is NaN.
/// </summary>
public static class RelativePerformance
{
    /// <summary>Index of the first defined value: <c>period</c>.</summary>
    public static int Lookback(int period) => period;

    /// <summary>Writes the relative performance into <paramref name="destination"/>. No heap allocation for periods up to 512.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length, or the destination is too short.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(ReadOnlySpan<double> pricesA, ReadOnlySpan<double> pricesB, int period, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Guard.SameLength(pricesA.Length, pricesB.Length, nameof(pricesB));
        Guard.Destination(pricesA.Length, destination.Length, nameof(destination));
        var scratchA = new Scratch(period, stackalloc double[Scratch.StackLimit]);
        var scratchB = new Scratch(period, stackalloc double[Scratch.StackLimit]);
        Span<double> ringA = scratchA.Span, ringB = scratchB.Span;
        var core = new RelativePerformanceCore(period);
        for (int i = 0; i < pricesA.Length; i++)
            Window.Slot(destination, i) = core.Next(ringA, ringB, pricesA[i], Window.At(pricesB, i));
        scratchA.Dispose();
        scratchB.Dispose();
    }

    /// <summary>The <paramref name="period"/>-bar relative performance as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length.</exception>
    public static double[] Compute(ReadOnlySpan<double> pricesA, ReadOnlySpan<double> pricesB, int period = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var result = new double[pricesA.Length];
        Compute(pricesA, pricesB, period, result);
        return result;
    }
}

/// <summary>The relative-performance step shared by batch and streaming: rings hold the last <c>period</c> prices.</summary>
internal struct RelativePerformanceCore
{
    private readonly int _period;
    private int _pos;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public RelativePerformanceCore(int period)
    {
        _period = period;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(Span<double> ringA, Span<double> ringB, double a, double b)
    {
        ref double slotA = ref Window.Slot(ringA, _pos);
        ref double slotB = ref Window.Slot(ringB, _pos);
        double v = ((a / slotA) - 1.0) - ((b / slotB) - 1.0);
        slotA = a;
        slotB = b;
        _pos = _pos + 1 == _period ? 0 : _pos + 1;
        return double.IsFinite(v) ? v : double.NaN;
    }
}

/// <summary>
/// Streaming relative performance: one pair of prices per bar with <see cref="Next"/>; bit-for-bit the batch values.
/// A class because it owns its price buffers.
/// </summary>
public sealed class RelativePerformanceState
{
    private readonly double[] _ringA;
    private readonly double[] _ringB;
    private RelativePerformanceCore _core;

    /// <summary>Creates the state for a <paramref name="period"/>-bar comparison.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    public RelativePerformanceState(int period = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _ringA = Window.NewRing(period);
        _ringB = Window.NewRing(period);
        _core = new RelativePerformanceCore(period);
    }

    /// <summary>Adds the next pair of prices and returns the relative performance at this bar. O(1).</summary>
    public double Next(double priceA, double priceB) => _core.Next(_ringA, _ringB, priceA, priceB);
}
