using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// Average true range with Wilder smoothing (TA-Lib ATR). True range TR[t] = max(high−low, |high−close[t−1]|,
/// |low−close[t−1]|) needs the previous close, so it starts at index 1; the first ATR, at index <c>period</c>, is the
/// mean of TR[1..period]; then ATR' = (ATR·(period−1) + TR)/period. A non-finite high, low or close restarts the warm-up.
/// </summary>
public static class Atr
{
    /// <summary>Index of the first defined value: <c>period</c>.</summary>
    public static int Lookback(int period) => period;

    /// <summary>Writes ATR(<paramref name="period"/>) into <paramref name="destination"/>. No allocation.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length, or the destination is too short.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int period, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Guard.SameLength(high.Length, low.Length, nameof(low));
        Guard.SameLength(high.Length, close.Length, nameof(close));
        Guard.Destination(high.Length, destination.Length, nameof(destination));
        var state = new AtrState(period); // after every call: state that lives across a call is kept in memory
        for (int i = 0; i < high.Length; i++)
            Window.Slot(destination, i) = state.Next(high[i], Window.At(low, i), Window.At(close, i));
    }

    /// <summary>ATR(<paramref name="period"/>) as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length.</exception>
    public static double[] Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int period = 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var result = new double[high.Length];
        Compute(high, low, close, period, result);
        return result;
    }
}

/// <summary>
/// The ATR kernel, used by <see cref="Atr"/> (batch) and directly for streaming: bit-for-bit the same values.
/// A plain value (copying takes a snapshot). Use the constructor; <c>default</c> is not usable.
/// </summary>
public struct AtrState
{
    private readonly int _period;
    private readonly double _keep;   // (period−1)/period
    private readonly double _weight; // 1/period
    private int _count;              // bars with finite data since the last (re)start, capped at period+1
    private double _previousClose;
    private double _value;           // sum of TRs during warm-up, then the ATR

    /// <summary>Creates the state for ATR(<paramref name="period"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public AtrState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        _keep = (period - 1) / (double)period;
        _weight = 1.0 / period;
    }

    /// <summary>Adds the next bar and returns the ATR at this bar (NaN before warm-up). O(1), no division after warm-up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(double high, double low, double close)
    {
        if (_count > _period && double.IsFinite(high + low + close))
        {
            double tr = TrueRange(high, low, _previousClose);
            _previousClose = close;
            _value = Math.FusedMultiplyAdd(_value, _keep, tr * _weight);
            return _value;
        }
        return WarmUp(high, low, close);
    }

    /// <summary>max(high − low, |high − previous close|, |low − previous close|), as TA-Lib TRANGE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double TrueRange(double high, double low, double previousClose) =>
        double.MaxNative(high - low, double.MaxNative(Math.Abs(high - previousClose), Math.Abs(low - previousClose)));

    // Inlined as well: a call that takes the state would keep the JIT from holding its fields in registers in the
    // batch loop (see docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double WarmUp(double high, double low, double close)
    {
        if (!double.IsFinite(high + low + close))
        {
            _count = 0;
            return double.NaN;
        }
        if (_count == 0)
        {
            _value = 0;
            _previousClose = close;
            _count = 1;
            return double.NaN;
        }
        _value += TrueRange(high, low, _previousClose);
        _previousClose = close;
        if (++_count <= _period)
            return double.NaN;
        _value /= _period; // seed: the mean of the first period true ranges
        return _value;
    }
}
