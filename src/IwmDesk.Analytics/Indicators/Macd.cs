using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>MACD as arrays, one element per input bar (NaN before warm-up).</summary>
/// <param name="Macd">Fast EMA − slow EMA (price units); from index <c>slow − 1</c>.</param>
/// <param name="Signal">EMA(signal) of the MACD line; from index <c>slow + signal − 2</c>.</param>
/// <param name="Histogram">MACD − signal; from index <c>slow + signal − 2</c>.</param>
public sealed record MacdResult(double[] Macd, double[] Signal, double[] Histogram);

/// <summary>MACD at one bar (NaN where not yet warmed up).</summary>
/// <param name="Macd">Fast EMA − slow EMA.</param>
/// <param name="Signal">EMA of the MACD line.</param>
/// <param name="Histogram">MACD − signal.</param>
public readonly record struct MacdPoint(double Macd, double Signal, double Histogram);

/// <summary>
/// MACD with TA-Lib semantics (TA_MACD with fast 12, slow 26, signal 9 by default). Both EMAs use α = 2/(n+1) and an
/// SMA seed, and both are seeded at index <c>slow − 1</c>: the slow EMA with the SMA of the first <c>slow</c> values,
/// the fast EMA with the SMA of the <c>fast</c> values ending there (TA-Lib starts the fast EMA late so the two align;
/// Tulip instead seeds both with the first value). The signal is an SMA-seeded EMA of the MACD line, first at index
/// <c>slow + signal − 2</c>. TA-Lib also leaves the MACD line empty until that index; here it starts at <c>slow − 1</c>
/// with the same values. A non-finite close restarts the warm-up.
/// </summary>
public static class Macd
{
    /// <summary>Index of the first MACD-line value: <c>slowPeriod − 1</c>.</summary>
    public static int LineLookback(int slowPeriod) => slowPeriod - 1;

    /// <summary>Index of the first signal and histogram value: <c>slowPeriod + signalPeriod − 2</c>.</summary>
    public static int SignalLookback(int slowPeriod, int signalPeriod) => slowPeriod + signalPeriod - 2;

    /// <summary>Writes the MACD line, signal and histogram of <paramref name="close"/>. No allocation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is below 1, or <paramref name="slowPeriod"/> is not
    /// above <paramref name="fastPeriod"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(
        ReadOnlySpan<double> close, int fastPeriod, int slowPeriod, int signalPeriod,
        Span<double> macd, Span<double> signal, Span<double> histogram)
    {
        MacdState.Validate(fastPeriod, slowPeriod, signalPeriod);
        Guard.Destination(close.Length, macd.Length, nameof(macd));
        Guard.Destination(close.Length, signal.Length, nameof(signal));
        Guard.Destination(close.Length, histogram.Length, nameof(histogram));
        var state = new MacdState(fastPeriod, slowPeriod, signalPeriod); // after every call (see Ema.Compute)
        for (int i = 0; i < close.Length; i++)
        {
            var p = state.Next(close[i]);
            Window.Slot(macd, i) = p.Macd;
            Window.Slot(signal, i) = p.Signal;
            Window.Slot(histogram, i) = p.Histogram;
        }
    }

    /// <summary>MACD(<paramref name="fastPeriod"/>, <paramref name="slowPeriod"/>, <paramref name="signalPeriod"/>)
    /// of <paramref name="close"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is below 1, or <paramref name="slowPeriod"/> is not
    /// above <paramref name="fastPeriod"/>.</exception>
    public static MacdResult Compute(ReadOnlySpan<double> close, int fastPeriod = 12, int slowPeriod = 26, int signalPeriod = 9)
    {
        MacdState.Validate(fastPeriod, slowPeriod, signalPeriod);
        int n = close.Length;
        var r = new MacdResult(new double[n], new double[n], new double[n]);
        Compute(close, fastPeriod, slowPeriod, signalPeriod, r.Macd, r.Signal, r.Histogram);
        return r;
    }
}

/// <summary>
/// The MACD kernel (three <see cref="EmaState"/>s), used by <see cref="Macd"/> (batch) and directly for streaming:
/// bit-for-bit the same values. A plain value (copying takes a snapshot). Use the constructor.
/// </summary>
public struct MacdState
{
    private readonly int _fastStart; // bars after a (re)start before the fast EMA starts taking values: slow − fast
    private int _count;
    private EmaState _fast;
    private EmaState _slow;
    private EmaState _signal;

    /// <summary>Creates the state for MACD(<paramref name="fastPeriod"/>, <paramref name="slowPeriod"/>, <paramref name="signalPeriod"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is below 1, or <paramref name="slowPeriod"/> is not
    /// above <paramref name="fastPeriod"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public MacdState(int fastPeriod = 12, int slowPeriod = 26, int signalPeriod = 9)
    {
        Validate(fastPeriod, slowPeriod, signalPeriod);
        _fastStart = slowPeriod - fastPeriod;
        _fast = new EmaState(fastPeriod);
        _slow = new EmaState(slowPeriod);
        _signal = new EmaState(signalPeriod);
    }

    internal static void Validate(int fastPeriod, int slowPeriod, int signalPeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fastPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slowPeriod, fastPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThan(signalPeriod, 1);
    }

    /// <summary>Adds the next close and returns MACD, signal and histogram at this bar. O(1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MacdPoint Next(double close)
    {
        if (!double.IsFinite(close))
            return Restart();
        double slow = _slow.Next(close);
        double fast = _count >= _fastStart ? _fast.Next(close) : double.NaN;
        _count = _count < _fastStart ? _count + 1 : _count;
        if (double.IsNaN(slow))
            return new MacdPoint(double.NaN, double.NaN, double.NaN);
        double line = fast - slow;
        double signal = _signal.Next(line);
        return new MacdPoint(line, signal, line - signal);
    }

    // Inlined as well: a call that takes the state would keep the JIT from holding its fields in registers in the
    // batch loop (see docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MacdPoint Restart()
    {
        _count = 0;
        _fast.Next(double.NaN);
        _slow.Next(double.NaN);
        _signal.Next(double.NaN);
        return new MacdPoint(double.NaN, double.NaN, double.NaN);
    }
}
