using System.Runtime.CompilerServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// Annualised close-to-close realised volatility: the SAMPLE standard deviation (divide by n−1) of the last
/// <c>period</c> log returns ln(close[t]/close[t−1]), times √periodsPerYear (252 by default), as a fraction
/// (0.20 = 20%). The first value is at index <c>period</c> (period returns need period+1 closes). O(1) per bar
/// (one logarithm). A close that is non-finite or not positive makes the two returns that touch it missing, and every
/// window containing a missing return is NaN.
/// </summary>
public static class RealizedVolatility
{
    /// <summary>Trading days per year used to annualise by default.</summary>
    public const double TradingDaysPerYear = 252;

    /// <summary>Index of the first defined value: <c>period</c>.</summary>
    public static int Lookback(int period) => period;

    /// <summary>Writes the realised volatility of <paramref name="close"/> into <paramref name="destination"/>.
    /// No heap allocation for periods up to 512.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2, or
    /// <paramref name="periodsPerYear"/> is not positive.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)] // compiled once, alone: docs/performance.md
    public static void Compute(ReadOnlySpan<double> close, int period, Span<double> destination, double periodsPerYear = TradingDaysPerYear)
    {
        Validate(period, periodsPerYear);
        Guard.Destination(close.Length, destination.Length, nameof(destination));
        // Two passes over the same steps the streaming state takes bar by bar: the logarithms first (a call per bar,
        // with nothing else live across it), then the window over those returns, in place. The values pushed and
        // the operations are the same, so the results are bit-for-bit those of RealizedVolatilityState.
        var returns = new LogReturnStep();
        for (int i = 0; i < close.Length; i++)
            Window.Slot(destination, i) = returns.Next(close[i]);
        var scratch = new Scratch(period, stackalloc double[Scratch.StackLimit]);
        Span<double> ring = scratch.Span;
        var core = new RealizedVolatilityCore(period, periodsPerYear);
        for (int i = 0; i < close.Length; i++)
        {
            ref double slot = ref Window.Slot(destination, i);
            slot = core.Next(ring, slot);
        }
        scratch.Dispose();
    }

    /// <summary>Realised volatility of <paramref name="close"/> over <paramref name="period"/> returns, as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2, or
    /// <paramref name="periodsPerYear"/> is not positive.</exception>
    public static double[] Compute(ReadOnlySpan<double> close, int period = 20, double periodsPerYear = TradingDaysPerYear)
    {
        Validate(period, periodsPerYear);
        var result = new double[close.Length];
        Compute(close, period, result, periodsPerYear);
        return result;
    }

    internal static void Validate(int period, double periodsPerYear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        if (!(periodsPerYear > 0) || double.IsInfinity(periodsPerYear))
            throw new ArgumentOutOfRangeException(nameof(periodsPerYear), periodsPerYear, "must be a positive finite number");
    }
}

/// <summary>ln(close/previous close): NaN or ±∞ (a missing return) when either close is missing or not positive.</summary>
internal struct LogReturnStep
{
    private double _previous;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LogReturnStep() => _previous = double.NaN;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(double close)
    {
        double r = Math.Log(close / _previous);
        _previous = close;
        return r;
    }
}

/// <summary>The realised-volatility window over log returns, shared by batch and streaming.</summary>
internal struct RealizedVolatilityCore
{
    private readonly double _scale; // √(periodsPerYear/(period−1))
    private MomentsWindow _window;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public RealizedVolatilityCore(int period, double periodsPerYear)
    {
        _scale = Math.Sqrt(periodsPerYear / (period - 1));
        _window = new MomentsWindow(period);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next(Span<double> ring, double logReturn)
    {
        _window.Push(ring, logReturn);
        return _window.IsFull ? Math.Sqrt(_window.SumSquaredDeviations) * _scale : double.NaN;
    }
}

/// <summary>
/// Streaming realised volatility: one close per bar with <see cref="Next"/>; bit-for-bit the batch values.
/// A class because it owns its window buffer.
/// </summary>
public sealed class RealizedVolatilityState
{
    private readonly double[] _ring;
    private LogReturnStep _returns;
    private RealizedVolatilityCore _core;

    /// <summary>Creates the state for a <paramref name="period"/>-return window.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 2, or
    /// <paramref name="periodsPerYear"/> is not positive.</exception>
    public RealizedVolatilityState(int period = 20, double periodsPerYear = RealizedVolatility.TradingDaysPerYear)
    {
        RealizedVolatility.Validate(period, periodsPerYear);
        _ring = Window.NewRing(period);
        _returns = new LogReturnStep();
        _core = new RealizedVolatilityCore(period, periodsPerYear);
    }

    /// <summary>Adds the next close and returns the annualised volatility at this bar. O(1).</summary>
    public double Next(double close) => _core.Next(_ring, _returns.Next(close));
}
