using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// Rolling Pearson correlation of the daily SIMPLE returns (p[t]/p[t−1] − 1) of two price series over the last
/// <c>window</c> returns. The first value is at index <c>window</c>. O(1) per bar from running sums of deviations
/// from a shift, rebuilt from the window periodically (see <c>docs/indicators.md</c>); clamped to [−1, 1]. NaN while
/// a window holds a missing return (a non-finite price, or a zero one) and when either side's returns have zero
/// variance (TA-Lib's CORREL gives 0 there).
/// </summary>
public static class RollingCorrelation
{
    /// <summary>Index of the first defined value: <c>window</c>.</summary>
    public static int Lookback(int window) => window;

    /// <summary>Writes the rolling return correlation of <paramref name="pricesA"/> and <paramref name="pricesB"/> into
    /// <paramref name="destination"/>. No heap allocation for windows up to 512.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length, or the destination is too short.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(ReadOnlySpan<double> pricesA, ReadOnlySpan<double> pricesB, int window, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        Guard.SameLength(pricesA.Length, pricesB.Length, nameof(pricesB));
        Guard.Destination(pricesA.Length, destination.Length, nameof(destination));
        var scratchA = new Scratch(window, stackalloc double[Scratch.StackLimit]);
        var scratchB = new Scratch(window, stackalloc double[Scratch.StackLimit]);
        Span<double> ringA = scratchA.Span, ringB = scratchB.Span;
        var core = new RollingCorrelationCore(window);
        for (int i = 0; i < pricesA.Length; i++)
            Window.Slot(destination, i) = core.Next(ringA, ringB, pricesA[i], Window.At(pricesB, i));
        scratchA.Dispose();
        scratchB.Dispose();
    }

    /// <summary>The rolling return correlation over <paramref name="window"/> returns, as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length.</exception>
    public static double[] Compute(ReadOnlySpan<double> pricesA, ReadOnlySpan<double> pricesB, int window = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var result = new double[pricesA.Length];
        Compute(pricesA, pricesB, window, result);
        return result;
    }
}

/// <summary>The return-correlation step shared by batch and streaming.</summary>
internal struct RollingCorrelationCore
{
    private double _previousA;
    private double _previousB;
    private PairMomentsWindow _window;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public RollingCorrelationCore(int window)
    {
        _previousA = _previousB = double.NaN;
        _window = new PairMomentsWindow(window);
    }

    // Three divisions and a square root per bar, independent from bar to bar, so they overlap. Measured and
    // rejected: sharing one division for 1/a and 1/b (no gain); deriving them from the correlation's
    // 1/(a·b·√(vx·vy)) (chains the square root and the division across bars: 70% slower); blocks of 256 bars with
    // vectorised returns (more live values than registers: 60% slower). docs/performance.md.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(Span<double> ringA, Span<double> ringB, double a, double b)
    {
        double ra = (a / _previousA) - 1.0, rb = (b / _previousB) - 1.0;
        _previousA = a;
        _previousB = b;
        _window.Push(ringA, ringB, ra, rb);
        return _window.Correlation;
    }
}

/// <summary>
/// Streaming rolling return correlation: one pair of prices per bar with <see cref="Next"/>; bit-for-bit the batch
/// values. A class because it owns its window buffers.
/// </summary>
public sealed class RollingCorrelationState
{
    private readonly double[] _ringA;
    private readonly double[] _ringB;
    private RollingCorrelationCore _core;

    /// <summary>Creates the state for a <paramref name="window"/>-return correlation.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is below 2.</exception>
    public RollingCorrelationState(int window = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        _ringA = Window.NewRing(window);
        _ringB = Window.NewRing(window);
        _core = new RollingCorrelationCore(window);
    }

    /// <summary>Adds the next pair of prices and returns the correlation at this bar. O(1).</summary>
    public double Next(double priceA, double priceB) => _core.Next(_ringA, _ringB, priceA, priceB);
}
