using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IwmDesk.Analytics.Indicators;

/// <summary>Shared constants and helpers of the rolling-window kernels.</summary>
internal static class Window
{
    /// <summary>
    /// Running sums are rebuilt from the window after at least this many bars (or 4 windows, if longer), which bounds
    /// the rounding drift that add-new/subtract-old accumulates. The rebuild costs one pass over the window, so it adds
    /// at most a quarter of a pass per bar (a few percent for short windows).
    /// </summary>
    public const int MinResyncInterval = 1024;

    /// <summary>
    /// Relative accuracy the moment windows keep for Σ(x − mean)². After m updates the rounding error of the running
    /// sums is at most about m·u·max(x − K)² (u the unit roundoff), so a window whose sum of squared deviations falls
    /// below (interval + period)·u/TargetRelativeError times the largest squared deviation seen since the last
    /// rebuild is rebuilt at once. That happens after a regime change (wild values leave, calm ones remain) or when
    /// the series has drifted far from the shift; on ordinary data it rarely fires.
    /// </summary>
    public const double TargetRelativeError = 1e-11;

    /// <summary>2⁻⁵³, the largest relative rounding error of one double operation.</summary>
    private const double UnitRoundoff = 1.1102230246251565e-16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ResyncInterval(int period) => Math.Max(MinResyncInterval, 4 * period);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ResyncRatio(int period) => (ResyncInterval(period) + period) * UnitRoundoff / TargetRelativeError;

    /// <summary>A window buffer for a streaming state: <paramref name="length"/> NaNs, i.e. an empty window.</summary>
    public static double[] NewRing(int length)
    {
        var ring = new double[length];
        ring.AsSpan().Fill(double.NaN);
        return ring;
    }

    /// <summary>The slot at <paramref name="index"/> without a bounds check; callers keep index in [0, ring.Length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref double Slot(Span<double> ring, int index) => ref Unsafe.Add(ref MemoryMarshal.GetReference(ring), index);

    /// <summary>The element at <paramref name="index"/> without a bounds check; callers have checked the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double At(ReadOnlySpan<double> values, int index) => Unsafe.Add(ref MemoryMarshal.GetReference(values), index);
}

// Performance note for the window structs below and the recursive states (EmaState, ...): every method a batch loop
// reaches is inlined, including the rare paths (missing values, rebuilds). A call that took the struct by reference
// would make the JIT keep its fields in memory for the whole loop, several times slower (docs/performance.md).

/// <summary>
/// Running sum over the last <c>period</c> values, kept in a ring the owner supplies (a batch kernel's scratch or a
/// streaming state's array), so batch and streaming run exactly the same arithmetic. Non-finite values are missing:
/// they are stored, counted, and keep <see cref="IsFull"/> false while in the window. The ring must start full of NaN
/// (<see cref="Scratch"/>, <see cref="Window.NewRing"/>), which makes warm-up the same thing as a window with missing
/// values. The ring is not filled here: a call in the constructor would pin the state in memory.
/// </summary>
internal struct SumWindow
{
    private readonly int _period;
    private readonly int _resyncInterval;
    private int _pos;
    private int _missing;
    private int _sinceResync;
    private double _sum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public SumWindow(int period)
    {
        _period = period;
        _resyncInterval = Window.ResyncInterval(period);
        _missing = period;
    }

    /// <summary>True when the window holds <c>period</c> finite values.</summary>
    public readonly bool IsFull
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _missing == 0;
    }

    /// <summary>Sum of the window (meaningful when <see cref="IsFull"/>).</summary>
    public readonly double Sum
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(Span<double> ring, double x)
    {
        ref double slot = ref Window.Slot(ring, _pos);
        double old = slot;
        slot = x;
        _pos = _pos + 1 == _period ? 0 : _pos + 1;
        double d = x - old; // non-finite exactly when x or old is (values are assumed below 1e300 in magnitude)
        if (double.IsFinite(d))
        {
            _sum += d;
        }
        else
        {
            if (double.IsFinite(old))
                _sum -= old;
            else
                _missing--;
            if (double.IsFinite(x))
                _sum += x;
            else
                _missing++;
        }
        if (++_sinceResync >= _resyncInterval)
            Rebuild(ring);
    }

    /// <summary>Recomputes the sum from the window, oldest value first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Rebuild(Span<double> ring)
    {
        double sum = 0;
        int missing = 0;
        for (int k = 0, j = _pos; k < _period; k++, j = j + 1 == _period ? 0 : j + 1)
        {
            double v = Window.Slot(ring, j);
            if (double.IsFinite(v))
                sum += v;
            else
                missing++;
        }
        _sum = sum;
        _missing = missing;
        _sinceResync = 0;
    }
}

/// <summary>
/// Running first and second moments over the last <c>period</c> values, in a ring the owner supplies.
/// Numerics: the sums are of deviations from a shift K (s1 = Σ(x−K), s2 = Σ(x−K)²), K being a recent value, so
/// s2 − s1²/n does not cancel catastrophically when the mean is large against the spread (prices). The sums are
/// rebuilt from the window, with K moved to the newest value, every <see cref="Window.ResyncInterval"/> bars and
/// whenever their rounding could exceed <see cref="Window.TargetRelativeError"/> of Σ(x − mean)². A window whose
/// values are all equal (tracked by a run length) has exactly zero variance. Non-finite values are missing.
/// </summary>
internal struct MomentsWindow
{
    private readonly int _period;
    private readonly double _invPeriod;
    private readonly int _resyncInterval;
    private readonly double _resyncRatio;
    private int _pos;
    private int _missing;
    private int _sinceResync;
    private int _flatRun;
    private double _last;
    private double _shift;
    private double _s1;
    private double _s2;
    private double _maxSq; // largest (x − shift)² entered since the last rebuild (or present at it)

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public MomentsWindow(int period)
    {
        _period = period;
        _invPeriod = 1.0 / period;
        _resyncInterval = Window.ResyncInterval(period);
        _resyncRatio = Window.ResyncRatio(period);
        _missing = period;
        _last = double.NaN;
        _shift = double.NaN; // set by the first finite value
    }

    /// <summary>True when the window holds <c>period</c> finite values.</summary>
    public readonly bool IsFull
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _missing == 0;
    }

    /// <summary>Mean of the window (meaningful when <see cref="IsFull"/>).</summary>
    public readonly double Mean
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _flatRun >= _period ? _last : _shift + (_s1 * _invPeriod);
    }

    /// <summary>Σ(x − mean)² over the window, never negative; exactly 0 for a window of equal values.</summary>
    public readonly double SumSquaredDeviations
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _flatRun >= _period ? 0.0 : Math.Max(0.0, _s2 - (_s1 * _s1 * _invPeriod));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(Span<double> ring, double x)
    {
        ref double slot = ref Window.Slot(ring, _pos);
        double old = slot;
        slot = x;
        _pos = _pos + 1 == _period ? 0 : _pos + 1;
        double dIn = x - _shift, dOut = old - _shift;
        double d = dIn - dOut;
        if (double.IsFinite(d))
        {
            _s1 += d;
            _s2 += d * (dIn + dOut); // dIn² − dOut², factored so it does not cancel
            _maxSq = double.MaxNative(_maxSq, dIn * dIn);
        }
        else
        {
            AddMissing(x, old);
        }
        _flatRun = x == _last ? _flatRun + 1 : 1;
        _last = x;
        if (++_sinceResync >= _resyncInterval || LosingDigits())
            Rebuild(ring, x);
    }

    /// <summary>True when rounding in the running sums may exceed <see cref="Window.TargetRelativeError"/> of Σ(x − mean)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool LosingDigits() =>
        _s2 - (_s1 * _s1 * _invPeriod) < _maxSq * _resyncRatio && _missing == 0 && _flatRun < _period;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddMissing(double x, double old)
    {
        if (double.IsNaN(_shift) && double.IsFinite(x))
            _shift = x; // nothing has been summed yet, so the shift can still be chosen
        if (double.IsFinite(old))
        {
            double dOut = old - _shift;
            _s1 -= dOut;
            _s2 -= dOut * dOut;
        }
        else
        {
            _missing--;
        }
        if (double.IsFinite(x))
        {
            double dIn = x - _shift;
            _s1 += dIn;
            _s2 += dIn * dIn;
            _maxSq = double.MaxNative(_maxSq, dIn * dIn);
        }
        else
        {
            _missing++;
        }
    }

    /// <summary>Rebuilds the sums from the window, oldest first, about the newest value as the new shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Rebuild(Span<double> ring, double newest)
    {
        if (double.IsFinite(newest))
            _shift = newest;
        double s1 = 0, s2 = 0, maxSq = 0;
        int missing = 0;
        for (int k = 0, j = _pos; k < _period; k++, j = j + 1 == _period ? 0 : j + 1)
        {
            double v = Window.Slot(ring, j);
            if (double.IsFinite(v))
            {
                double d = v - _shift;
                s1 += d;
                s2 += d * d;
                maxSq = double.MaxNative(maxSq, d * d);
            }
            else
            {
                missing++;
            }
        }
        _s1 = s1;
        _s2 = s2;
        _maxSq = maxSq;
        _missing = missing;
        _sinceResync = 0;
    }
}

/// <summary>
/// Running moments of pairs (x, y) over the last <c>period</c> pairs, in two rings the owner supplies: the sums
/// needed for Pearson correlation. Same numerics as <see cref="MomentsWindow"/> (shifted sums, periodic and
/// on-demand rebuilds, exact zero variance for a constant window). A pair is missing when either value is non-finite.
/// </summary>
internal struct PairMomentsWindow
{
    private readonly int _period;
    private readonly double _invPeriod;
    private readonly int _resyncInterval;
    private readonly double _resyncRatio;
    private int _pos;
    private int _missing;
    private int _sinceResync;
    private int _flatRunX;
    private int _flatRunY;
    private double _lastX;
    private double _lastY;
    private double _shiftX;
    private double _shiftY;
    private double _sx;
    private double _sy;
    private double _sxx;
    private double _syy;
    private double _sxy;
    private double _maxSqX; // largest (x − shift)² entered since the last rebuild (or present at it)
    private double _maxSqY;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // an out-of-line constructor would pin the state in memory
    public PairMomentsWindow(int period)
    {
        _period = period;
        _invPeriod = 1.0 / period;
        _resyncInterval = Window.ResyncInterval(period);
        _resyncRatio = Window.ResyncRatio(period);
        _missing = period;
        _lastX = _lastY = double.NaN;
        _shiftX = _shiftY = double.NaN;
    }

    /// <summary>Pearson correlation of the window, clamped to [−1, 1]; NaN while any pair is missing or when
    /// either side has zero variance.</summary>
    public readonly double Correlation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TryMoments(out double cov, out double product) ? Math.Clamp(cov / Math.Sqrt(product), -1.0, 1.0) : double.NaN;
    }

    /// <summary>The co-moment Σ(x−x̄)(y−ȳ) and the product Σ(x−x̄)²·Σ(y−ȳ)² of the window, when the correlation is
    /// defined: no missing pair and both sides with positive variance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool TryMoments(out double coMoment, out double varianceProduct)
    {
        double vx = _sxx - (_sx * _sx * _invPeriod);
        double vy = _syy - (_sy * _sy * _invPeriod);
        coMoment = _sxy - (_sx * _sy * _invPeriod);
        varianceProduct = vx * vy;
        return _missing == 0 && _flatRunX < _period && _flatRunY < _period && vx > 0 && vy > 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(Span<double> ringX, Span<double> ringY, double x, double y)
    {
        ref double slotX = ref Window.Slot(ringX, _pos);
        ref double slotY = ref Window.Slot(ringY, _pos);
        double oldX = slotX, oldY = slotY;
        slotX = x;
        slotY = y;
        _pos = _pos + 1 == _period ? 0 : _pos + 1;
        double dxIn = x - _shiftX, dxOut = oldX - _shiftX;
        double dyIn = y - _shiftY, dyOut = oldY - _shiftY;
        double ax = dxIn - dxOut, ay = dyIn - dyOut;
        if (double.IsFinite(ax + ay))
        {
            _sx += ax;
            _sy += ay;
            _sxx += ax * (dxIn + dxOut);
            _syy += ay * (dyIn + dyOut);
            _sxy += Math.FusedMultiplyAdd(dxIn, dyIn, -(dxOut * dyOut));
            _maxSqX = double.MaxNative(_maxSqX, dxIn * dxIn);
            _maxSqY = double.MaxNative(_maxSqY, dyIn * dyIn);
        }
        else
        {
            AddMissing(x, y, oldX, oldY);
        }
        _flatRunX = x == _lastX ? _flatRunX + 1 : 1;
        _flatRunY = y == _lastY ? _flatRunY + 1 : 1;
        _lastX = x;
        _lastY = y;
        if (++_sinceResync >= _resyncInterval || LosingDigits())
            Rebuild(ringX, ringY, x, y);
    }

    /// <summary>True when rounding in the running sums may exceed <see cref="Window.TargetRelativeError"/> of either
    /// side's Σ(v − mean)² (see <see cref="MomentsWindow"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool LosingDigits() =>
        (_sxx - (_sx * _sx * _invPeriod) < _maxSqX * _resyncRatio || _syy - (_sy * _sy * _invPeriod) < _maxSqY * _resyncRatio)
        && _missing == 0 && _flatRunX < _period && _flatRunY < _period;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddMissing(double x, double y, double oldX, double oldY)
    {
        bool inOk = double.IsFinite(x) && double.IsFinite(y);
        if (double.IsNaN(_shiftX) && inOk)
        {
            _shiftX = x;
            _shiftY = y;
        }
        if (double.IsFinite(oldX) && double.IsFinite(oldY))
        {
            double dx = oldX - _shiftX, dy = oldY - _shiftY;
            _sx -= dx;
            _sy -= dy;
            _sxx -= dx * dx;
            _syy -= dy * dy;
            _sxy -= dx * dy;
        }
        else
        {
            _missing--;
        }
        if (inOk)
        {
            double dx = x - _shiftX, dy = y - _shiftY;
            _sx += dx;
            _sy += dy;
            _sxx += dx * dx;
            _syy += dy * dy;
            _sxy += dx * dy;
            _maxSqX = double.MaxNative(_maxSqX, dx * dx);
            _maxSqY = double.MaxNative(_maxSqY, dy * dy);
        }
        else
        {
            _missing++;
        }
    }

    /// <summary>Rebuilds the sums from the windows, oldest first, about the newest pair as the new shifts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Rebuild(Span<double> ringX, Span<double> ringY, double newestX, double newestY)
    {
        if (double.IsFinite(newestX) && double.IsFinite(newestY))
        {
            _shiftX = newestX;
            _shiftY = newestY;
        }
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, maxSqX = 0, maxSqY = 0;
        int missing = 0;
        for (int k = 0, j = _pos; k < _period; k++, j = j + 1 == _period ? 0 : j + 1)
        {
            double x = Window.Slot(ringX, j), y = Window.Slot(ringY, j);
            if (double.IsFinite(x) && double.IsFinite(y))
            {
                double dx = x - _shiftX, dy = y - _shiftY;
                sx += dx;
                sy += dy;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
                maxSqX = double.MaxNative(maxSqX, dx * dx);
                maxSqY = double.MaxNative(maxSqY, dy * dy);
            }
            else
            {
                missing++;
            }
        }
        (_sx, _sy, _sxx, _syy, _sxy, _maxSqX, _maxSqY) = (sx, sy, sxx, syy, sxy, maxSqX, maxSqY);
        _missing = missing;
        _sinceResync = 0;
    }
}
