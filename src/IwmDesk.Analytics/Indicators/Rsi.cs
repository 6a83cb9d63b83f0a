using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// Relative strength index with Wilder smoothing (TA-Lib RSI): the first value is at index <c>period</c>, seeded
/// with the simple averages of the first <c>period</c> gains and losses; then avg' = (avg·(period−1) + x)/period.
/// RSI = 100·avgGain/(avgGain+avgLoss). When both averages are exactly 0 (every change in the seed window was 0)
/// the value is 0, as TA-Lib gives (Tulip gives NaN). A non-finite close restarts the warm-up.
/// </summary>
public static class Rsi
{
    /// <summary>Index of the first defined value: <c>period</c>.</summary>
    public static int Lookback(int period) => period;

    /// <summary>Writes RSI(<paramref name="period"/>) of <paramref name="source"/> into <paramref name="destination"/>.
    /// No allocation; <paramref name="destination"/> may be <paramref name="source"/> itself.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        Guard.Destination(source.Length, destination.Length, nameof(destination));
        var state = new RsiState(period); // after every call: state that lives across a call is kept in memory
        for (int i = 0; i < source.Length; i++)
            Window.Slot(destination, i) = state.Next(source[i]);
    }

    /// <summary>RSI(<paramref name="period"/>) of <paramref name="source"/> as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2.</exception>
    public static double[] Compute(ReadOnlySpan<double> source, int period = 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        var result = new double[source.Length];
        Compute(source, period, result);
        return result;
    }
}

/// <summary>
/// The RSI kernel, used by <see cref="Rsi"/> (batch) and directly for streaming: bit-for-bit the same values.
/// A plain value (copying takes a snapshot). Use the constructor; <c>default</c> is not usable.
/// </summary>
public struct RsiState
{
    private readonly int _period;
    private readonly double _keep;   // (period−1)/period
    private readonly double _weight; // 1/period
    private int _count;              // finite closes seen since the last (re)start, capped at period+1
    private double _previous;
    private double _gain;            // sum of gains during warm-up, then the Wilder average
    private double _loss;

    /// <summary>Creates the state for RSI(<paramref name="period"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public RsiState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _period = period;
        _keep = (period - 1) / (double)period;
        _weight = 1.0 / period;
    }

    /// <summary>Adds the next close and returns the RSI at this bar (NaN before warm-up). O(1), one division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(double close)
    {
        if (_count > _period && double.IsFinite(close))
        {
            double change = close - _previous;
            _previous = close;
            _gain = Math.FusedMultiplyAdd(_gain, _keep, double.MaxNative(change, 0.0) * _weight);
            _loss = Math.FusedMultiplyAdd(_loss, _keep, double.MaxNative(-change, 0.0) * _weight);
            return Value(_gain, _loss);
        }
        return WarmUp(close);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Value(double gain, double loss)
    {
        double total = gain + loss;
        return total != 0 ? 100.0 * gain / total : 0.0;
    }

    // Inlined as well: a call that takes the state would keep the JIT from holding its fields in registers in the
    // batch loop (see docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double WarmUp(double close)
    {
        if (!double.IsFinite(close))
        {
            _count = 0;
            return double.NaN;
        }
        if (_count == 0)
        {
            _gain = _loss = 0;
            _previous = close;
            _count = 1;
            return double.NaN;
        }
        double change = close - _previous;
        _previous = close;
        if (change < 0)
            _loss -= change;
        else
            _gain += change;
        if (++_count <= _period)
            return double.NaN;
        _gain /= _period;
        _loss /= _period;
        return Value(_gain, _loss);
    }
}
