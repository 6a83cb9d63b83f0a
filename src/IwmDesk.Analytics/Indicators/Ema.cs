using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// Exponential moving average with α = 2/(period+1), seeded with the SMA of the first <c>period</c> values, so the
/// first value is at index <c>period − 1</c> (TA-Lib EMA, default compatibility). A non-finite input restarts the
/// warm-up: NaN at that bar and until <c>period</c> new values have been seen.
/// </summary>
public static class Ema
{
    /// <summary>Index of the first defined value: <c>period − 1</c>.</summary>
    public static int Lookback(int period) => period - 1;

    /// <summary>Writes EMA(<paramref name="period"/>) of <paramref name="source"/> into <paramref name="destination"/>.
    /// No allocation; <paramref name="destination"/> may be <paramref name="source"/> itself.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Guard.Destination(source.Length, destination.Length, nameof(destination));
        var state = new EmaState(period); // after every call: state that lives across a call is kept in memory
        for (int i = 0; i < source.Length; i++)
            Window.Slot(destination, i) = state.Next(source[i]);
    }

    /// <summary>EMA(<paramref name="period"/>) of <paramref name="source"/> as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    public static double[] Compute(ReadOnlySpan<double> source, int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var result = new double[source.Length];
        Compute(source, period, result);
        return result;
    }
}

/// <summary>
/// The EMA kernel, used by <see cref="Ema"/> (batch) and directly for streaming: bit-for-bit the same values.
/// A plain value (no buffers): copying it takes a snapshot. Use the constructor; <c>default</c> is not usable.
/// </summary>
public struct EmaState
{
    private readonly int _period;
    private readonly double _alpha;
    private readonly double _oneMinusAlpha;
    private int _count;   // finite values seen since the last (re)start, capped at period
    private double _value; // running sum during warm-up, then the EMA

    /// <summary>Creates the state for EMA(<paramref name="period"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public EmaState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        _alpha = 2.0 / (period + 1);
        _oneMinusAlpha = 1.0 - _alpha;
    }

    /// <summary>The current EMA (NaN before warm-up).</summary>
    public readonly double Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _count >= _period ? _value : double.NaN;
    }

    /// <summary>Adds the next value and returns the EMA at this bar. O(1), no division after warm-up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(double x)
    {
        if (_count >= _period && double.IsFinite(x))
        {
            // EMA' = (1−α)·EMA + α·x with one fused multiply-add on the dependency chain.
            _value = Math.FusedMultiplyAdd(_value, _oneMinusAlpha, _alpha * x);
            return _value;
        }
        return WarmUp(x);
    }

    // Inlined as well: a call that takes the state would keep the JIT from holding its fields in registers in the
    // batch loop (see docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double WarmUp(double x)
    {
        if (!double.IsFinite(x))
        {
            _count = 0;
            _value = 0;
            return double.NaN;
        }
        _value += x;
        if (++_count < _period)
            return double.NaN;
        _value /= _period; // seed: the SMA of the first period values
        return _value;
    }
}
