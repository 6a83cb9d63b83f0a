using System.Buffers;

namespace IwmDesk.Analytics.Indicators;

/// <summary>
/// A window buffer for a batch kernel, filled with NaN (an empty window): the caller's stack memory when the
/// window fits, else an array rented from <see cref="ArrayPool{T}.Shared"/> and returned on dispose, so batch
/// kernels do not allocate.
/// Usage: <c>var scratch = new Scratch(period, stackalloc double[Scratch.StackLimit]);</c> ... <c>scratch.Dispose();</c>
/// after the loop (not <c>using</c>: the try/finally would keep the loop's state out of registers; if the loop threw,
/// a rented array would merely not go back to the pool).
/// </summary>
internal ref struct Scratch
{
    /// <summary>Largest window (in doubles) kept on the stack: 4 KiB.</summary>
    public const int StackLimit = 512;

    private double[]? _rented;

    public Scratch(int length, Span<double> stack)
    {
        if (length <= stack.Length)
        {
            Span = stack[..length];
        }
        else
        {
            _rented = ArrayPool<double>.Shared.Rent(length);
            Span = _rented.AsSpan(0, length);
        }
        Span.Fill(double.NaN);
    }

    /// <summary>The buffer, exactly the requested length, filled with NaN (an empty window).</summary>
    public Span<double> Span { get; }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<double>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
