using IwmDesk.Analytics.Statistics;

namespace IwmDesk.Journal;

/// <summary>
/// One workflow step's measured track record (issue 16): its own journaled directional answers at their horizon against
/// the base rate of the same days.
/// </summary>
/// <param name="Step">The step (macro-regime, kre-pressure, options-flow, earnings-revisions).</param>
/// <param name="Horizon">Trading days the answer is scored at (the macro step's analog bias: 90, the analogs' own forward window; the others: 5).</param>
/// <param name="N">Matured Bullish and Bearish answers.</param>
/// <param name="Hits">Those the market followed.</param>
/// <param name="HitRate">Hits / N.</param>
/// <param name="BaseRate">What calling the same directions blindly on the same days would have hit: up-share for each Bullish answer, down-share for each Bearish one, over every matured answer of the step (Neutral ones included).</param>
/// <param name="Lift">HitRate − BaseRate.</param>
/// <param name="LiftLow">Block-bootstrap 95% interval of the lift (calls in date order, blocks at least the horizon long).</param>
/// <param name="LiftHigh">High end.</param>
/// <param name="Neutral">Matured Neutral answers (not in the hit rate).</param>
/// <param name="Pending">Answers whose horizon has not passed in the data yet.</param>
/// <param name="Verdict">too few cases (N &lt; 30), worse than the base rate (interval below 0), better than the base rate (interval above 0), no better than the base rate (otherwise).</param>
public sealed record StepTrackRecord(
    string Step, int Horizon, int N, int Hits, double HitRate, double BaseRate, double Lift, double LiftLow, double LiftHigh,
    int Neutral, int Pending, string Verdict)
{
    /// <summary>One line for the workflow and the journal: "hit 39.5% vs 54.9% base (−15.4 pp [−28.0, −2.1], n=43): worse than the base rate".</summary>
    public string Line() => N == 0
        ? (Neutral > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"only Neutral answers so far ({Neutral} matured, {Pending} pending): no directional record")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no matured directional answer yet ({Pending} pending)"))
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"hit {JournalRenderer.Pct(HitRate)} vs {JournalRenderer.Pct(BaseRate)} base ({Pp(Lift)} [{Pp(LiftLow)}, {Pp(LiftHigh)}], n={N}, {Horizon}d): {Verdict}");

    private static string Pp(double v) => double.IsFinite(v) ? (v * 100).ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture) + " pp" : "n/a";
}

/// <summary>The journal calls of workflow steps and their track records.</summary>
public static class StepTrackRecords
{
    /// <summary>The source of a step's own call: <c>step:</c> + the step name.</summary>
    public const string SourcePrefix = "step:";

    /// <summary>Fewer matured directional answers than this: "too few cases".</summary>
    public const int MinCases = 30;

    /// <summary>True for a workflow step's own call (kept out of the forecast/checklist headlines).</summary>
    public static bool IsStep(string source) => source.StartsWith(SourcePrefix, StringComparison.Ordinal);

    /// <summary>Track records of every step in <paramref name="stepCalls"/>, one per (step, horizon), in step order of first appearance.</summary>
    public static IReadOnlyList<StepTrackRecord> Compute(IReadOnlyList<ScoredCall> stepCalls)
    {
        ArgumentNullException.ThrowIfNull(stepCalls);
        var result = new List<StepTrackRecord>();
        foreach (var g in stepCalls.GroupBy(c => (c.Call.Source, c.Call.Horizon)))
        {
            var calls = g.OrderBy(c => c.Run.AsOf).ThenBy(c => c.Call.Seq).ToList();
            var matured = calls.Where(c => c.Matured).ToList();
            var pending = calls.Count - matured.Count;
            var up = matured.Count == 0 ? double.NaN : (double)matured.Count(c => c.Return > 0) / matured.Count;
            var down = matured.Count == 0 ? double.NaN : (double)matured.Count(c => c.Return < 0) / matured.Count;
            var excess = new List<double>();
            int hits = 0, neutral = 0;
            double baseSum = 0;
            foreach (var c in matured)
            {
                if (c.Call.Direction is not ("Bullish" or "Bearish"))
                {
                    neutral++;
                    continue;
                }

                var hit = c.Hit == true ? 1.0 : 0.0;
                var b = c.Call.Direction == "Bullish" ? up : down;
                hits += (int)hit;
                baseSum += b;
                excess.Add(hit - b);
            }

            var n = excess.Count;
            var hitRate = n == 0 ? double.NaN : (double)hits / n;
            var baseRate = n == 0 ? double.NaN : baseSum / n;
            var (lo, hi) = (double.NaN, double.NaN);
            if (n > 0)
            {
                var plan = BlockBootstrapPlan.Create(n, BlockBootstrapPlan.DefaultBlockLength(g.Key.Horizon, n));
                (lo, hi) = BlockBootstrap.MeanInterval(plan, excess.ToArray(), new BootstrapWorkspace());
            }

            var verdict = n < MinCases ? "too few cases"
                : hi < 0 ? "worse than the base rate"
                : lo > 0 ? "better than the base rate"
                : "no better than the base rate";
            result.Add(new StepTrackRecord(g.Key.Source[SourcePrefix.Length..], g.Key.Horizon, n, hits, hitRate, baseRate,
                hitRate - baseRate, lo, hi, neutral, pending, verdict));
        }

        return result;
    }
}
