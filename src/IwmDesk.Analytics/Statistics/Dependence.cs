namespace IwmDesk.Analytics.Statistics;

/// <summary>
/// Dependence-aware statistics of a rule's forward returns in calendar (trading-day) time. The inputs are one entry per
/// trading day of the range: <c>returns[i]</c> the forward return of day i (NaN when its window is not in the data) and
/// <c>signal[i]</c> whether the rule fired that day. Windows of nearby signal days overlap (a 5-day return from Monday
/// and one from Tuesday share four days), so the signal-day returns are not independent; these methods account for it.
/// </summary>
public static class Dependence
{
    /// <summary>
    /// Bartlett lag count used for the Newey–West variance: max(h − 1, ⌊4 (T/100)^(2/9)⌋) with T the trading days in the
    /// range (Newey and West's 1994 rule of thumb, never fewer than the h − 1 lags over which h-day windows overlap).
    /// </summary>
    public static int NeweyWestLags(int horizon, int days) =>
        Math.Max(Math.Max(0, horizon - 1), (int)Math.Floor(4 * Math.Pow(Math.Max(0, days) / 100.0, 2.0 / 9.0)));

    /// <summary>
    /// Newey–West (Bartlett kernel) t-statistic of the mean excess return of the signal days over
    /// <paramref name="baselineMean"/>. With e_i = r_i − baseline on signal days and ē their mean, u_i = e_i − ē on signal
    /// days and 0 elsewhere (calendar time, so the lag between two signal days is their distance in trading days):
    /// S = Σ u_i² + 2 Σ_{l=1..L} (1 − l/(L+1)) Σ_i u_i u_{i−l}, Var(ē) = S / N², t = ē / √Var(ē).
    /// NaN when fewer than two signal days or the variance is not positive. O(T·L), no allocation.
    /// </summary>
    public static double NeweyWestT(ReadOnlySpan<double> returns, ReadOnlySpan<bool> signal, double baselineMean, int lags)
    {
        if (returns.Length != signal.Length)
            throw new ArgumentException("returns and signal must have the same length", nameof(signal));
        ArgumentOutOfRangeException.ThrowIfNegative(lags);
        var n = 0;
        double sum = 0;
        for (var i = 0; i < returns.Length; i++)
        {
            if (signal[i] && !double.IsNaN(returns[i]))
            {
                n++;
                sum += returns[i] - baselineMean;
            }
        }

        if (n < 2 || double.IsNaN(baselineMean))
            return double.NaN;
        var mean = sum / n;
        double s = 0;
        for (var i = 0; i < returns.Length; i++)
        {
            if (!signal[i] || double.IsNaN(returns[i]))
                continue;
            var ui = returns[i] - baselineMean - mean;
            s += ui * ui;
            var maxLag = Math.Min(lags, i);
            for (var l = 1; l <= maxLag; l++)
            {
                var j = i - l;
                if (!signal[j] || double.IsNaN(returns[j]))
                    continue;
                s += 2 * (1 - (l / (lags + 1.0))) * ui * (returns[j] - baselineMean - mean);
            }
        }

        if (!(s > 0))
            return double.NaN;
        return mean / (Math.Sqrt(s) / n);
    }

    /// <summary>
    /// <see cref="NeweyWestT(ReadOnlySpan{double}, ReadOnlySpan{bool}, double, int)"/> with the signal given as a tri-state
    /// mask (a day is a signal day when <c>mask[i] == on</c>), as the threshold sweep evaluates its variants. O(T·L).
    /// </summary>
    public static double NeweyWestT(ReadOnlySpan<double> returns, ReadOnlySpan<sbyte> mask, sbyte on, double baselineMean, int lags)
    {
        if (returns.Length != mask.Length)
            throw new ArgumentException("returns and mask must have the same length", nameof(mask));
        ArgumentOutOfRangeException.ThrowIfNegative(lags);
        var n = 0;
        double sum = 0;
        for (var i = 0; i < returns.Length; i++)
        {
            if (mask[i] == on && !double.IsNaN(returns[i]))
            {
                n++;
                sum += returns[i] - baselineMean;
            }
        }

        if (n < 2 || double.IsNaN(baselineMean))
            return double.NaN;
        var mean = sum / n;
        double s = 0;
        for (var i = 0; i < returns.Length; i++)
        {
            if (mask[i] != on || double.IsNaN(returns[i]))
                continue;
            var ui = returns[i] - baselineMean - mean;
            s += ui * ui;
            var maxLag = Math.Min(lags, i);
            for (var l = 1; l <= maxLag; l++)
            {
                var j = i - l;
                if (mask[j] != on || double.IsNaN(returns[j]))
                    continue;
                s += 2 * (1 - (l / (lags + 1.0))) * ui * (returns[j] - baselineMean - mean);
            }
        }

        if (!(s > 0))
            return double.NaN;
        return mean / (Math.Sqrt(s) / n);
    }

    /// <summary>
    /// Effective sample size of the signal days' win rate: with w_i = 1 when r_i &gt; 0 on signal days, p their mean and
    /// S the Newey–West long-run sum of (w_i − p) (Bartlett, <paramref name="lags"/> lags, calendar time as in
    /// <see cref="NeweyWestT(ReadOnlySpan{double}, ReadOnlySpan{bool}, double, int)"/>), n_eff = n² p (1 − p) / S — the size of an independent sample with the same variance of
    /// the win rate — capped at n. n when S ≤ 0 or p is 0 or 1; NaN without signal days. O(T·L), no allocation.
    /// </summary>
    public static double EffectiveN(ReadOnlySpan<double> returns, ReadOnlySpan<bool> signal, int lags)
    {
        if (returns.Length != signal.Length)
            throw new ArgumentException("returns and signal must have the same length", nameof(signal));
        ArgumentOutOfRangeException.ThrowIfNegative(lags);
        var n = 0;
        var wins = 0;
        for (var i = 0; i < returns.Length; i++)
        {
            if (signal[i] && !double.IsNaN(returns[i]))
            {
                n++;
                wins += returns[i] > 0 ? 1 : 0;
            }
        }

        if (n == 0)
            return double.NaN;
        var p = (double)wins / n;
        if (wins == 0 || wins == n)
            return n;
        double s = 0;
        for (var i = 0; i < returns.Length; i++)
        {
            if (!signal[i] || double.IsNaN(returns[i]))
                continue;
            var ui = (returns[i] > 0 ? 1 : 0) - p;
            s += ui * ui;
            var maxLag = Math.Min(lags, i);
            for (var l = 1; l <= maxLag; l++)
            {
                var j = i - l;
                if (!signal[j] || double.IsNaN(returns[j]))
                    continue;
                s += 2 * (1 - (l / (lags + 1.0))) * ui * ((returns[j] > 0 ? 1 : 0) - p);
            }
        }

        return s > 0 ? Math.Min(n, (double)n * n * p * (1 - p) / s) : n;
    }

    /// <summary>
    /// The non-overlapping subsample: signal days with a forward window, taken greedily from the first, each at least
    /// <paramref name="horizon"/> trading days after the previously taken one (so no two windows share a day).
    /// </summary>
    public static (int N, int Wins, double Mean) NonOverlapping(ReadOnlySpan<double> returns, ReadOnlySpan<bool> signal, int horizon)
    {
        if (returns.Length != signal.Length)
            throw new ArgumentException("returns and signal must have the same length", nameof(signal));
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        int n = 0, wins = 0;
        double sum = 0;
        var next = 0;
        for (var i = 0; i < returns.Length; i++)
        {
            if (i < next || !signal[i] || double.IsNaN(returns[i]))
                continue;
            n++;
            sum += returns[i];
            if (returns[i] > 0)
                wins++;
            next = i + horizon;
        }

        return (n, wins, n == 0 ? double.NaN : sum / n);
    }

    /// <summary>One-sided p-value of a t-statistic (standard normal; large-sample HAC inference): P(Z ≥ t).</summary>
    public static double UpperTailP(double t) => double.IsNaN(t) ? double.NaN : 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(t / Math.Sqrt(2));
}

/// <summary>
/// A seeded circular moving-block bootstrap plan: <see cref="Resamples"/> resamples of a T-day range, each made of
/// ⌈T/b⌉ blocks of <see cref="BlockLength"/> consecutive days (wrapping at the end), block starts uniform on [0, T).
/// The plan holds 32-bit uniform draws, resample r from its own SplitMix64 stream started at
/// mix(seed + (r + 1) · 0xD1B54A32D192ED03); a start is
/// ⌊draw · T / 2³²⌋, so one plan serves every range up to <see cref="MaxDays"/> days and every rule at a horizon
/// (common random numbers: rules are compared on the same resampled histories). Deterministic: the same (b, B, seed)
/// gives the same resamples.
/// </summary>
public sealed class BlockBootstrapPlan
{
    /// <summary>Resamples used by the backtest (the floor is 2,000).</summary>
    public const int DefaultResamples = 2000;

    /// <summary>The seed the backtest uses, so every run prints the same intervals.</summary>
    public const ulong DefaultSeed = 20_240_613UL;

    private readonly uint[] draws;

    private BlockBootstrapPlan(int maxDays, int blockLength, int resamples, ulong seed, uint[] draws)
    {
        MaxDays = maxDays;
        BlockLength = blockLength;
        Resamples = resamples;
        Seed = seed;
        MaxBlocks = maxDays == 0 ? 0 : (maxDays + blockLength - 1) / blockLength;
        this.draws = draws;
    }

    /// <summary>The longest range (trading days) the plan serves.</summary>
    public int MaxDays { get; }

    /// <summary>b: days per block.</summary>
    public int BlockLength { get; }

    /// <summary>B: resamples.</summary>
    public int Resamples { get; }

    /// <summary>The seed the draws were made from.</summary>
    public ulong Seed { get; }

    /// <summary>Blocks per resample for <see cref="MaxDays"/>.</summary>
    public int MaxBlocks { get; }

    /// <summary>
    /// The block length the backtest uses for horizon h over T days: max(h, 20, round(T^(1/3))) — at least the horizon
    /// (so an h-day window's overlap stays inside a block), at least a trading month (signals cluster in regimes that
    /// last weeks), and growing like T^(1/3) as the block-bootstrap theory asks.
    /// </summary>
    public static int DefaultBlockLength(int horizon, int days) =>
        Math.Max(Math.Max(horizon, 20), (int)Math.Round(Math.Cbrt(Math.Max(0, days))));

    /// <summary>Draws the plan.</summary>
    public static BlockBootstrapPlan Create(int maxDays, int blockLength, int resamples = DefaultResamples, ulong seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var k = maxDays == 0 ? 0 : (maxDays + blockLength - 1) / blockLength;
        var d = new uint[k * resamples];
        for (var r = 0; r < resamples; r++)
        {
            // Each resample has its own stream, so its draws do not depend on how long a range the plan serves.
            var state = Mix(seed + ((ulong)(r + 1) * 0xD1B54A32D192ED03UL));
            for (var j = 0; j < k; j++)
                d[(r * k) + j] = (uint)(Next(ref state) >> 32);
        }
        return new BlockBootstrapPlan(maxDays, blockLength, resamples, seed, d);
    }

    /// <summary>The uniform draws of resample <paramref name="r"/> (the first ⌈T/b⌉ are used for a T-day range).</summary>
    internal ReadOnlySpan<uint> Draws(int r) => draws.AsSpan(r * MaxBlocks, MaxBlocks);

    /// <summary>Block start of a draw in a T-day range.</summary>
    public static int Start(uint draw, int days) => (int)(((ulong)draw * (ulong)days) >> 32);

    private static ulong Next(ref ulong state) => Mix(state += 0x9E3779B97F4A7C15UL);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>Percentile intervals from a block bootstrap (fractions), with the bootstrap variance of the win rate.</summary>
/// <param name="WinLow">2.5th percentile of the signal days' win rate.</param>
/// <param name="WinHigh">97.5th percentile of the win rate.</param>
/// <param name="MeanLow">2.5th percentile of the signal days' mean return.</param>
/// <param name="MeanHigh">97.5th percentile of the mean return.</param>
/// <param name="LiftLow">2.5th percentile of win rate − baseline win rate (both recomputed in each resample).</param>
/// <param name="LiftHigh">97.5th percentile of the lift.</param>
/// <param name="WinVariance">Variance of the resampled win rate.</param>
/// <param name="Used">Resamples that held at least one signal day (the others have no win rate and are left out).</param>
public readonly record struct BootstrapIntervals(
    double WinLow, double WinHigh, double MeanLow, double MeanHigh, double LiftLow, double LiftHigh, double WinVariance, int Used)
{
    /// <summary>No interval (every figure NaN, no resample used): a range without signal days.</summary>
    public static readonly BootstrapIntervals None = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
}

/// <summary>
/// Reusable scratch space for <see cref="BlockBootstrap"/>: the block-sum table of the range and one value per resample,
/// so a run over every rule and horizon allocates nothing after the first call of each size.
/// </summary>
public sealed class BootstrapWorkspace
{
    internal SignalCell[] Cells = [];
    internal double[] Prefix = [], Prefix2 = [];
    internal double[] Win = [], Mean = [], Lift = [];

    internal void Ensure(int days, int resamples)
    {
        if (Cells.Length < days)
        {
            Cells = new SignalCell[days];
            Prefix = new double[days + 1];
            Prefix2 = new double[days + 1];
        }

        if (Win.Length < resamples)
        {
            Win = new double[resamples];
            Mean = new double[resamples];
            Lift = new double[resamples];
        }
    }
}

/// <summary>Sums over the block that starts on one day: signal days, their wins and their returns.</summary>
internal struct SignalCell
{
    public int N;
    public int W;
    public double S;
}

/// <summary>
/// The baseline's side of a block bootstrap over one range and plan: in each resample, the days with a forward window
/// and how many of them were up. It depends only on the returns, not on the rule, so a backtest computes it once per
/// horizon and every rule's <see cref="BlockBootstrap.Run(BlockBootstrapPlan, ReadOnlySpan{double}, ReadOnlySpan{bool}, BootstrapWorkspace, BootstrapBaseline?)"/>
/// reuses it (the resamples are the same: common random numbers).
/// </summary>
public sealed class BootstrapBaseline
{
    internal BootstrapBaseline(BlockBootstrapPlan plan, int days, int[] n, int[] w)
    {
        Plan = plan;
        Days = days;
        N = n;
        W = w;
    }

    /// <summary>The plan the resamples come from.</summary>
    public BlockBootstrapPlan Plan { get; }

    /// <summary>T: days in the range.</summary>
    public int Days { get; }

    internal int[] N { get; }

    internal int[] W { get; }
}

/// <summary>
/// Block bootstrap of a rule's win rate, mean and lift over the baseline. Each resample strings together whole blocks
/// of consecutive trading days (signal and non-signal days alike), so overlapping windows and clusters of signal days
/// travel together; the signal days' win rate and mean and the baseline's win rate over all days are recomputed in
/// the resample. The sums over the block starting on each day are tabulated once (O(T), wrapping at the end), so a
/// resample costs one table read per block: O(T/b).
/// </summary>
public static class BlockBootstrap
{
    /// <summary>
    /// The baseline's resample sums for <paramref name="returns"/> (T = its length ≤ plan.MaxDays): pass it to
    /// <see cref="Run(BlockBootstrapPlan, ReadOnlySpan{double}, ReadOnlySpan{bool}, BootstrapWorkspace, BootstrapBaseline?)"/>
    /// for every rule over the same returns.
    /// </summary>
    public static BootstrapBaseline Baseline(BlockBootstrapPlan plan, ReadOnlySpan<double> returns, BootstrapWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workspace);
        var t = returns.Length;
        if (t > plan.MaxDays)
            throw new ArgumentException($"the plan serves at most {plan.MaxDays} days; got {t}", nameof(returns));
        var n = new int[plan.Resamples];
        var w = new int[plan.Resamples];
        if (t == 0)
            return new BootstrapBaseline(plan, 0, n, w);
        workspace.Ensure(t, plan.Resamples);
        var pn = workspace.Prefix;
        var pw = workspace.Prefix2;
        pn[0] = pw[0] = 0;
        for (var i = 0; i < t; i++)
        {
            var valid = !double.IsNaN(returns[i]);
            pn[i + 1] = pn[i] + (valid ? 1 : 0);
            pw[i + 1] = pw[i] + (valid && returns[i] > 0 ? 1 : 0);
        }

        var b = plan.BlockLength;
        var cells = workspace.Cells;
        for (var s = 0; s < t; s++)
        {
            cells[s].N = (int)BlockSum(pn, s, b, t);
            cells[s].W = (int)BlockSum(pw, s, b, t);
        }

        var blocks = (t + b - 1) / b;
        for (var k = 0; k < plan.Resamples; k++)
        {
            int sn = 0, sw = 0;
            foreach (var draw in plan.Draws(k)[..blocks])
            {
                ref readonly var c = ref cells[BlockBootstrapPlan.Start(draw, t)];
                sn += c.N;
                sw += c.W;
            }

            n[k] = sn;
            w[k] = sw;
        }

        return new BootstrapBaseline(plan, t, n, w);
    }

    /// <summary>
    /// Runs the plan over a T-day range (T = <paramref name="returns"/>.Length ≤ plan.MaxDays; <paramref name="signal"/>
    /// the same length). <paramref name="baseline"/>: the range's <see cref="Baseline"/> with the same plan (computed
    /// here when null).
    /// </summary>
    public static BootstrapIntervals Run(
        BlockBootstrapPlan plan, ReadOnlySpan<double> returns, ReadOnlySpan<bool> signal, BootstrapWorkspace workspace, BootstrapBaseline? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workspace);
        var t = returns.Length;
        if (signal.Length != t)
            throw new ArgumentException($"{returns.Length} returns but {signal.Length} signal flags", nameof(signal));
        if (t > plan.MaxDays)
            throw new ArgumentException($"the plan serves at most {plan.MaxDays} days; got {t}", nameof(returns));
        if (t == 0)
            return BootstrapIntervals.None;
        if (baseline is not null && (!ReferenceEquals(baseline.Plan, plan) || baseline.Days != t))
            throw new ArgumentException("the baseline was computed with another plan or range", nameof(baseline));
        baseline ??= Baseline(plan, returns, workspace);
        workspace.Ensure(t, plan.Resamples);

        // Block-sum table of the signal days: one prefix pass per quantity, then one difference per start.
        var b = plan.BlockLength;
        var cells = workspace.Cells;
        var pn = workspace.Prefix;
        var pw = workspace.Prefix2;
        pn[0] = pw[0] = 0;
        for (var i = 0; i < t; i++)
        {
            var isSig = signal[i] && !double.IsNaN(returns[i]);
            pn[i + 1] = pn[i] + (isSig ? 1 : 0);
            pw[i + 1] = pw[i] + (isSig && returns[i] > 0 ? 1 : 0);
        }

        for (var s = 0; s < t; s++)
        {
            cells[s].N = (int)BlockSum(pn, s, b, t);
            cells[s].W = (int)BlockSum(pw, s, b, t);
        }

        pn[0] = 0;
        for (var i = 0; i < t; i++)
            pn[i + 1] = pn[i] + (signal[i] && !double.IsNaN(returns[i]) ? returns[i] : 0);
        for (var s = 0; s < t; s++)
            cells[s].S = BlockSum(pn, s, b, t);

        var blocks = (t + b - 1) / b;
        var used = 0;
        var winV = workspace.Win.AsSpan(0, plan.Resamples);
        var meanV = workspace.Mean.AsSpan(0, plan.Resamples);
        var liftV = workspace.Lift.AsSpan(0, plan.Resamples);
        var baseN = baseline.N;
        var baseW = baseline.W;
        var tu = (ulong)t;
        for (var k = 0; k < plan.Resamples; k++)
        {
            // Two accumulators, so the floating-point adds of consecutive blocks do not wait on each other.
            int sn = 0, sw = 0;
            double ss0 = 0, ss1 = 0;
            var draws = plan.Draws(k)[..blocks];
            var j = 0;
            for (; j + 1 < draws.Length; j += 2)
            {
                ref readonly var c0 = ref cells[(int)((draws[j] * tu) >> 32)];
                ref readonly var c1 = ref cells[(int)((draws[j + 1] * tu) >> 32)];
                sn += c0.N + c1.N;
                sw += c0.W + c1.W;
                ss0 += c0.S;
                ss1 += c1.S;
            }

            if (j < draws.Length)
            {
                ref readonly var c = ref cells[(int)((draws[j] * tu) >> 32)];
                sn += c.N;
                sw += c.W;
                ss0 += c.S;
            }

            var ss = ss0 + ss1;

            if (sn < 1 || baseN[k] < 1)
                continue;
            var win = (double)sw / sn;
            winV[used] = win;
            meanV[used] = ss / sn;
            liftV[used] = win - ((double)baseW[k] / baseN[k]);
            used++;
        }

        if (used == 0)
            return BootstrapIntervals.None;
        var w = winV[..used];
        var m = meanV[..used];
        var l = liftV[..used];
        double avg = 0;
        foreach (var x in w)
            avg += x;
        avg /= used;
        double v = 0;
        foreach (var x in w)
            v += (x - avg) * (x - avg);
        v = used > 1 ? v / (used - 1) : double.NaN;
        var (wl, wh) = Interval95(w);
        var (ml, mh) = Interval95(m);
        var (ll, lh) = Interval95(l);
        return new BootstrapIntervals(wl, wh, ml, mh, ll, lh, v, used);
    }

    /// <summary>Sum of the b values from day s on, wrapping at T (a block longer than T wraps whole turns), from prefix sums.</summary>
    private static double BlockSum(double[] prefix, int s, int b, int t)
    {
        var e = s + b;
        if (e <= t)
            return prefix[e] - prefix[s];
        var turns = (e - 1) / t;
        var rest = e - (turns * t);
        return prefix[t] - prefix[s] + ((turns - 1) * prefix[t]) + prefix[rest];
    }

    /// <summary>
    /// Block-bootstrap 95% percentile interval of a skill score 1 − Σ loss / Σ reference over a time-ordered series
    /// (e.g. a forecast's Brier terms against climatology's): whole blocks of consecutive entries are resampled, so
    /// overlapping outcome windows of nearby calls stay together. (NaN, NaN) when the series is empty.
    /// </summary>
    public static (double Low, double High) SkillInterval(BlockBootstrapPlan plan, ReadOnlySpan<double> loss, ReadOnlySpan<double> reference, BootstrapWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workspace);
        var t = loss.Length;
        if (reference.Length != t)
            throw new ArgumentException($"{t} loss terms but {reference.Length} reference terms", nameof(reference));
        if (t > plan.MaxDays)
            throw new ArgumentException($"the plan serves at most {plan.MaxDays} entries; got {t}", nameof(loss));
        if (t == 0)
            return (double.NaN, double.NaN);
        workspace.Ensure(t, plan.Resamples);
        var pl = workspace.Prefix;
        var pr = workspace.Prefix2;
        pl[0] = pr[0] = 0;
        for (var i = 0; i < t; i++)
        {
            pl[i + 1] = pl[i] + loss[i];
            pr[i + 1] = pr[i] + reference[i];
        }

        var b = plan.BlockLength;
        var blocks = (t + b - 1) / b;
        var values = workspace.Win.AsSpan(0, plan.Resamples);
        var used = 0;
        for (var k = 0; k < plan.Resamples; k++)
        {
            double sl = 0, sr = 0;
            foreach (var draw in plan.Draws(k)[..blocks])
            {
                var s = BlockBootstrapPlan.Start(draw, t);
                var e = s + b;
                if (e <= t)
                {
                    sl += pl[e] - pl[s];
                    sr += pr[e] - pr[s];
                }
                else
                {
                    var turns = (e - 1) / t;
                    var rest = e - (turns * t);
                    sl += pl[t] - pl[s] + ((turns - 1) * pl[t]) + pl[rest];
                    sr += pr[t] - pr[s] + ((turns - 1) * pr[t]) + pr[rest];
                }
            }

            if (!(sr > 0))
                continue;
            values[used++] = 1 - (sl / sr);
        }

        if (used == 0)
            return (double.NaN, double.NaN);
        var v = values[..used];
        v.Sort();
        return (Quantile(v, 0.025), Quantile(v, 0.975));
    }

    /// <summary>
    /// The 2.5th and 97.5th percentiles (type 7, as <see cref="Quantile"/> of the sorted values) by selection: the four
    /// order statistics they interpolate between are placed in O(n) instead of sorting. Reorders <paramref name="values"/>.
    /// </summary>
    public static (double Low, double High) Interval95(Span<double> values)
    {
        var n = values.Length;
        if (n == 0)
            return (double.NaN, double.NaN);
        return (SelectQuantile(values, 0.025), SelectQuantile(values, 0.975));
    }

    /// <summary>Type-7 quantile by selection (Hoare's quickselect with median-of-three pivots); reorders the values.</summary>
    private static double SelectQuantile(Span<double> values, double q)
    {
        var h = (values.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var a = Select(values, lo);
        if (lo + 1 >= values.Length)
            return a;

        // After selection everything right of lo is ≥ a: the next order statistic is their minimum.
        var b = double.PositiveInfinity;
        foreach (var x in values[(lo + 1)..])
            b = Math.Min(b, x);
        return a + ((h - lo) * (b - a));
    }

    /// <summary>Places the k-th smallest value at index k (smaller ones before it, larger ones after) and returns it.</summary>
    private static double Select(Span<double> v, int k)
    {
        int left = 0, right = v.Length - 1;
        while (right > left)
        {
            var mid = left + ((right - left) / 2);
            if (v[mid] < v[left])
                (v[mid], v[left]) = (v[left], v[mid]);
            if (v[right] < v[left])
                (v[right], v[left]) = (v[left], v[right]);
            if (v[right] < v[mid])
                (v[right], v[mid]) = (v[mid], v[right]);
            var pivot = v[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (v[i] < pivot)
                    i++;
                while (v[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (v[i], v[j]) = (v[j], v[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
                right = j;
            else if (k >= i)
                left = i;
            else
                break;
        }

        return v[k];
    }

    /// <summary>
    /// Block-bootstrap 95% percentile interval of the mean of a time-ordered series (e.g. a step's per-call excess hit
    /// over its base rate): the mean over whole resampled blocks, as <see cref="SkillInterval"/> resamples (it is that
    /// interval for loss = −x and reference = 1, shifted by one). (NaN, NaN) when the series is empty.
    /// </summary>
    public static (double Low, double High) MeanInterval(BlockBootstrapPlan plan, ReadOnlySpan<double> values, BootstrapWorkspace workspace)
    {
        var loss = new double[values.Length];
        var reference = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            loss[i] = -values[i];
            reference[i] = 1;
        }

        var (low, high) = SkillInterval(plan, loss, reference, workspace);
        return (low - 1, high - 1);
    }

    /// <summary>Linear-interpolated quantile (type 7) of sorted values.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
            return double.NaN;
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>
    /// Effective sample size of a win rate p with bootstrap variance v: p(1 − p) / v (the n an independent sample would
    /// need for the same precision), capped at the actual n. NaN when undefined.
    /// </summary>
    public static double EffectiveN(double winRate, double variance, int n)
    {
        if (n == 0 || double.IsNaN(variance) || double.IsNaN(winRate))
            return double.NaN;
        if (!(variance > 0))
            return n;
        return Math.Min(n, winRate * (1 - winRate) / variance);
    }
}
