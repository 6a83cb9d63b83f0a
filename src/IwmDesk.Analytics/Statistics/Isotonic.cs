namespace IwmDesk.Analytics.Statistics;

/// <summary>
/// A fitted isotonic (monotone non-decreasing) calibration map from a raw probability to the observed frequency:
/// <see cref="Upper"/>[k] is the largest raw probability of block k and <see cref="Value"/>[k] the share of outcomes
/// that were 1 in it; blocks ascend in both. Built by <see cref="Isotonic.Fit"/>.
/// </summary>
public sealed class IsotonicMap
{
    internal IsotonicMap(double[] upper, double[] value, int n)
    {
        Upper = upper;
        Value = value;
        N = n;
    }

    /// <summary>Largest raw probability in each block, ascending.</summary>
    public IReadOnlyList<double> Upper { get; }

    /// <summary>Fitted frequency of each block, non-decreasing.</summary>
    public IReadOnlyList<double> Value { get; }

    /// <summary>Pairs the map was fitted on.</summary>
    public int N { get; }

    /// <summary>
    /// The calibrated probability of raw probability <paramref name="p"/>: the value of the first block whose largest
    /// raw probability is ≥ p (the last block's above them all). A step function, so monotone in p. NaN for NaN.
    /// </summary>
    public double Apply(double p)
    {
        if (double.IsNaN(p) || Value.Count == 0)
            return double.NaN;
        int lo = 0, hi = Upper.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Upper[mid] >= p)
                hi = mid;
            else
                lo = mid + 1;
        }

        return Value[lo];
    }
}

/// <summary>
/// Isotonic regression by pool-adjacent-violators (PAV): the non-decreasing step function of the raw probability that
/// minimises the squared error to 0/1 outcomes (the Brier score) over the fitted pairs. O(n log n) for the sort, O(n)
/// for the pooling.
/// </summary>
public static class Isotonic
{
    /// <summary>
    /// Fits the map to pairs (raw probability, outcome in {0, 1}); pairs with a NaN probability are skipped. Equal raw
    /// probabilities fall into one block.
    /// </summary>
    public static IsotonicMap Fit(ReadOnlySpan<double> raw, ReadOnlySpan<double> outcome)
    {
        if (raw.Length != outcome.Length)
            throw new ArgumentException($"{raw.Length} probabilities but {outcome.Length} outcomes", nameof(outcome));
        var idx = new List<int>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (!double.IsNaN(raw[i]))
                idx.Add(i);
        }

        var keys = new double[idx.Count];
        var ys = new double[idx.Count];
        for (var k = 0; k < idx.Count; k++)
        {
            keys[k] = raw[idx[k]];
            ys[k] = outcome[idx[k]];
        }

        Array.Sort(keys, ys);

        // Blocks as a stack: sum of outcomes, weight, largest raw probability.
        var sum = new double[keys.Length];
        var weight = new double[keys.Length];
        var upper = new double[keys.Length];
        var top = -1;
        for (var k = 0; k < keys.Length; k++)
        {
            if (top >= 0 && upper[top] == keys[k])
            {
                sum[top] += ys[k];
                weight[top] += 1;
            }
            else
            {
                top++;
                sum[top] = ys[k];
                weight[top] = 1;
                upper[top] = keys[k];
            }

            // Pool while the previous block's mean is not below the last one's (ties pooled: the coarsest monotone map; compared without dividing).
            while (top > 0 && sum[top - 1] * weight[top] >= sum[top] * weight[top - 1])
            {
                sum[top - 1] += sum[top];
                weight[top - 1] += weight[top];
                upper[top - 1] = upper[top];
                top--;
            }
        }

        var n = top + 1;
        var u = new double[n];
        var v = new double[n];
        for (var k = 0; k < n; k++)
        {
            u[k] = upper[k];
            v[k] = sum[k] / weight[k];
        }

        return new IsotonicMap(u, v, keys.Length);
    }
}
