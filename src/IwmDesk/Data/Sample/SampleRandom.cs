namespace IwmDesk.Data.Sample;

/// <summary>
/// The sample's own pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64,
/// with Marsaglia's polar method for normals. Written here rather than using <see cref="Random"/> so that a seed
/// gives the same sample on every .NET version (Random's algorithms are an implementation detail). Only IEEE
/// arithmetic, <see cref="Math.Sqrt"/> (exact) and <see cref="Math.Log(double)"/> are used on the draw path.
/// </summary>
internal sealed class SampleRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>Creates a generator for one named stream of a seed; streams of one seed are independent.</summary>
    public SampleRandom(ulong seed, ulong stream)
    {
        // SplitMix64 expands (seed, stream) into the 256-bit state; it never yields an all-zero state in practice,
        // and the guard below makes that certain.
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
            _s0 = 0x9E3779B97F4A7C15UL;
    }

    /// <summary>Creates a generator from a raw xoshiro256** state (for checking against the reference vectors).</summary>
    internal SampleRandom(ulong s0, ulong s1, ulong s2, ulong s3) => (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Marsaglia polar method; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }

        double u, v, s;
        do
        {
            u = (2.0 * NextDouble()) - 1.0;
            v = (2.0 * NextDouble()) - 1.0;
            s = (u * u) + (v * v);
        }
        while (s >= 1.0 || s == 0.0);

        var factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>
    /// A Student-t draw with integer <paramref name="degreesOfFreedom"/> (≥ 3), rescaled to unit variance:
    /// t = Z / √(χ²ᵥ/ν) · √((ν−2)/ν), with χ²ᵥ the sum of ν squared normals.
    /// </summary>
    public double NextStudentT(int degreesOfFreedom)
    {
        var z = NextNormal();
        var chi2 = 0.0;
        for (var i = 0; i < degreesOfFreedom; i++)
        {
            var n = NextNormal();
            chi2 += n * n;
        }

        return z / Math.Sqrt(chi2 / degreesOfFreedom) * Math.Sqrt((degreesOfFreedom - 2.0) / degreesOfFreedom);
    }

    /// <summary>
    /// A Poisson draw with mean <paramref name="mean"/>: Knuth's product method below 30, a rounded normal
    /// N(λ, λ) clipped at 0 above (the two agree closely there and the normal keeps the cost O(1)).
    /// </summary>
    public int NextPoisson(double mean)
    {
        if (mean <= 0)
            return 0;
        if (mean >= 30)
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * NextNormal()), MidpointRounding.AwayFromZero));

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }

        return k;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>One SplitMix64 step (Steele, Lea and Flood, 2014): advances <paramref name="x"/> and returns the mixed value.</summary>
    internal static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
