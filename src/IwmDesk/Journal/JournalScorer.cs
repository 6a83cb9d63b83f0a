namespace IwmDesk.Journal;

/// <summary>Settings of the score.</summary>
public sealed record ScoreOptions
{
    /// <summary>
    /// Neutral band for a one-day horizon: a Neutral call over h days is a hit when |r| &lt; band·√h
    /// (default 0.5%: ±0.5% for tomorrow, ±1.12% over five days).
    /// </summary>
    public double NeutralBand { get; init; } = 0.005;
}

/// <summary>A journaled call with its outcome: the realised return once its horizon has passed in the data, else pending.</summary>
/// <param name="Run">The run that made the call.</param>
/// <param name="Call">The call.</param>
/// <param name="OutcomeDate">The IWM date h trading days after the as-of date (null while pending).</param>
/// <param name="Return">r = adj_close[t+h] / adj_close[t] − 1 (null while pending).</param>
/// <param name="Hit">Bullish: r &gt; 0; Bearish: r &lt; 0; Neutral: |r| &lt; band·√h (null while pending).</param>
public sealed record ScoredCall(JournalEntry Run, JournalCallRow Call, DateOnly? OutcomeDate, double? Return, bool? Hit)
{
    /// <summary>True once the outcome is known.</summary>
    public bool Matured => Return is not null;
}

/// <summary>
/// The score of a group of calls. Rates and returns are fractions; NaN where nothing is there to measure.
/// </summary>
/// <param name="Key">The group (horizon, call, rule, regime or conviction; "all" for the total; "none" for calls without the tag).</param>
/// <param name="N">Matured calls.</param>
/// <param name="Directional">Matured Bullish and Bearish calls (the hit rate's denominator).</param>
/// <param name="Hits">Hits among <paramref name="Directional"/>.</param>
/// <param name="HitRate">Hits / Directional: Neutral calls are left out.</param>
/// <param name="Neutral">Matured Neutral calls.</param>
/// <param name="NeutralHits">Neutral calls whose move stayed inside the band.</param>
/// <param name="NeutralHitRate">NeutralHits / Neutral.</param>
/// <param name="MeanReturn">Mean realised return over the matured calls.</param>
/// <param name="BrierN">Matured calls with a P(up).</param>
/// <param name="Brier">Mean of (p_up − up)² with up = 1 when r &gt; 0, else 0.</param>
/// <param name="Pending">Calls whose horizon has not passed in the data yet.</param>
public sealed record ScoreLine(
    string Key, int N, int Directional, int Hits, double HitRate, int Neutral, int NeutralHits, double NeutralHitRate,
    double MeanReturn, int BrierN, double Brier, int Pending);

/// <summary>One P(up) bucket of the calibration table: [Low, High) (the last bucket includes 1).</summary>
/// <param name="Low">Bucket's lower edge.</param>
/// <param name="High">Bucket's upper edge.</param>
/// <param name="N">Matured calls with P(up) in the bucket.</param>
/// <param name="MeanPUp">Their mean P(up).</param>
/// <param name="UpFrequency">The share of them after which IWM was higher.</param>
public sealed record CalibrationBucket(double Low, double High, int N, double MeanPUp, double UpFrequency);

/// <summary>A call type's hit rate against the rate at which the market went that way over the same kind and horizon.</summary>
/// <param name="Call">Bullish, Bearish or Neutral.</param>
/// <param name="N">Matured calls of this type.</param>
/// <param name="HitRate">Their hit rate.</param>
/// <param name="BaseRate">The share of every scored day (same kind and horizon) on which this call would have hit: up for Bullish, down for Bearish, inside the band for Neutral.</param>
public sealed record CallTypeSkill(string Call, int N, double HitRate, double BaseRate);

/// <summary>
/// Skill of one kind of call (forecast or workflow) at one horizon, against the baselines a trader gets for free
/// (docs/journal.md): climatology (the expanding base rate known at each call's date) and always long.
/// </summary>
/// <param name="Kind">forecast or workflow.</param>
/// <param name="Horizon">Trading days.</param>
/// <param name="N">Matured calls with a P(up) and a base rate (one per as-of date).</param>
/// <param name="Brier">Mean (p_up − up)².</param>
/// <param name="ClimatologyBrier">Mean (base_t − up)², base_t = the share of h-day windows closed by the call's date that were up.</param>
/// <param name="SkillScore">Brier skill score 1 − Brier / climatology Brier (&gt; 0: better than the base rate).</param>
/// <param name="SkillLow">Block-bootstrap 95% interval of the skill score (2,000 resamples over the calls in date order).</param>
/// <param name="SkillHigh">High end.</param>
/// <param name="Directional">Matured Bullish and Bearish calls.</param>
/// <param name="HitRate">Their hit rate.</param>
/// <param name="AlwaysLongHitRate">The hit rate of a Bullish call on those same days (share of them that were up).</param>
/// <param name="UpRate">Share of every scored day (this kind and horizon) that was up.</param>
/// <param name="ByCall">Each call type against its base rate.</param>
public sealed record SkillLine(
    JournalKind Kind, int Horizon, int N, double Brier, double ClimatologyBrier, double SkillScore, double SkillLow, double SkillHigh,
    int Directional, double HitRate, double AlwaysLongHitRate, double UpRate, IReadOnlyList<CallTypeSkill> ByCall)
{
    /// <summary>
    /// Calls that had a walk-forward calibrated P(up): an isotonic map fitted on the calls of this kind and horizon whose
    /// outcome was known by the call's date, once at least <see cref="Forecast.ForecastCalibration.MinCalls"/> existed.
    /// </summary>
    public int CalibratedN { get; init; }

    /// <summary>Mean (calibrated p_up − up)² over those calls.</summary>
    public double CalibratedBrier { get; init; } = double.NaN;

    /// <summary>Mean (raw p_up − up)² over the same calls, to set beside <see cref="CalibratedBrier"/>.</summary>
    public double RawBrierCalibratedCalls { get; init; } = double.NaN;

    /// <summary>Brier skill score of the calibrated P(up) against climatology over the same calls.</summary>
    public double CalibratedSkillScore { get; init; } = double.NaN;
}

/// <summary>The journal's score: totals, breakdowns and calibration.</summary>
public sealed record JournalScore
{
    /// <summary>Skill against the base rate and always long, per kind and horizon (forecast and workflow apart).</summary>
    public IReadOnlyList<SkillLine> Skill { get; init; } = [];

    /// <summary>Each workflow step's own answers against the base rate (issue 16), one per step and horizon.</summary>
    public IReadOnlyList<StepTrackRecord> Steps { get; init; } = [];

    /// <summary>Runs left out because a later run of the same kind exists for the same as-of date (the latest counts).</summary>
    public int SupersededRuns { get; init; }

    /// <summary>Everything.</summary>
    public required ScoreLine Overall { get; init; }

    /// <summary>By horizon in trading days.</summary>
    public required IReadOnlyList<ScoreLine> ByHorizon { get; init; }

    /// <summary>By call (Bullish, Bearish, Neutral).</summary>
    public required IReadOnlyList<ScoreLine> ByCall { get; init; }

    /// <summary>By active tier-1 rule (a call counts under each of its rules; "none" when no tier-1 rule was active).</summary>
    public required IReadOnlyList<ScoreLine> ByRule { get; init; }

    /// <summary>By macro regime ("none" for calls without one, e.g. forecasts).</summary>
    public required IReadOnlyList<ScoreLine> ByRegime { get; init; }

    /// <summary>By workflow conviction ("none" for calls without one).</summary>
    public required IReadOnlyList<ScoreLine> ByConviction { get; init; }

    /// <summary>P(up) deciles.</summary>
    public required IReadOnlyList<CalibrationBucket> Calibration { get; init; }

    /// <summary>Every call with its outcome.</summary>
    public required IReadOnlyList<ScoredCall> Calls { get; init; }

    /// <summary>The band used for Neutral calls (one-day; scaled by √h).</summary>
    public required double NeutralBand { get; init; }
}

/// <summary>
/// Scores journaled calls against what happened: the IWM adjusted close h trading days after the as-of date (docs/journal.md).
/// Pure: the caller passes the runs and the IWM series.
/// </summary>
public static class JournalScorer
{
    /// <summary>Number of calibration buckets (deciles of P(up)).</summary>
    public const int CalibrationBuckets = 10;

    /// <summary>Scores every call of <paramref name="runs"/> against IWM's dates and adjusted closes.</summary>
    public static JournalScore Score(IReadOnlyList<JournalEntry> runs, DateOnly[] dates, double[] adjClose, ScoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(adjClose);
        if (dates.Length != adjClose.Length)
            throw new ArgumentException("one adjusted close per date is needed", nameof(adjClose));
        options ??= new ScoreOptions();
        if (!(options.NeutralBand >= 0) || double.IsInfinity(options.NeutralBand))
            throw new ArgumentOutOfRangeException(nameof(options), "the neutral band must be a non-negative fraction");

        var latest = Latest(runs);
        var scored = new List<ScoredCall>();
        foreach (var run in latest)
        {
            var i = Array.BinarySearch(dates, run.AsOf);
            var t = i >= 0 ? i : ~i - 1;
            foreach (var c in run.Calls)
            {
                var e = t + c.Horizon;
                if (t < 0 || e >= dates.Length || !(adjClose[t] > 0) || !(adjClose[e] > 0))
                {
                    scored.Add(new ScoredCall(run, c, null, null, null));
                    continue;
                }

                var r = (adjClose[e] / adjClose[t]) - 1;
                var hit = c.Direction switch
                {
                    "Bullish" => r > 0,
                    "Bearish" => r < 0,
                    _ => Math.Abs(r) < options.NeutralBand * Math.Sqrt(c.Horizon),
                };
                scored.Add(new ScoredCall(run, c, dates[e], r, hit));
            }
        }

        // A workflow step's own answers are scored apart (their track records), never mixed into the headlines.
        var steps = scored.Where(s => StepTrackRecords.IsStep(s.Call.Source)).ToList();
        scored = [.. scored.Where(s => !StepTrackRecords.IsStep(s.Call.Source))];
        return new JournalScore
        {
            Steps = StepTrackRecords.Compute(steps),
            Overall = Line("all", scored),
            ByHorizon = [.. scored.GroupBy(s => s.Call.Horizon).OrderBy(g => g.Key).Select(g => Line(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), [.. g]))],
            ByCall = [.. scored.GroupBy(s => s.Call.Direction).OrderBy(g => CallOrder(g.Key)).Select(g => Line(g.Key, [.. g]))],
            ByRule = Tagged(scored, s => s.Call.Rules),
            ByRegime = Tagged(scored, s => s.Call.Regime is null ? [] : [s.Call.Regime]),
            ByConviction = Tagged(scored, s => s.Call.Conviction is null ? [] : [s.Call.Conviction]),
            Calibration = Calibrate(scored),
            Calls = scored,
            NeutralBand = options.NeutralBand,
            Skill = Skill(scored, dates, adjClose, options),
            SupersededRuns = runs.Count - latest.Count,
        };
    }

    /// <summary>
    /// One run per (as-of date, kind): the latest by creation time (then run id), so a day journaled twice (a live run and
    /// a replay, or two replays) counts once, with what the desk said last about it.
    /// </summary>
    public static List<JournalEntry> Latest(IReadOnlyList<JournalEntry> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var keep = new Dictionary<(DateOnly, JournalKind), JournalEntry>();
        foreach (var r in runs)
        {
            var key = (r.AsOf, r.Kind);
            if (!keep.TryGetValue(key, out var other)
                || string.CompareOrdinal(r.CreatedAt, other.CreatedAt) > 0
                || (r.CreatedAt == other.CreatedAt && string.CompareOrdinal(r.RunId, other.RunId) > 0))
            {
                keep[key] = r;
            }
        }

        return [.. runs.Where(r => ReferenceEquals(keep[(r.AsOf, r.Kind)], r))];
    }

    private static List<SkillLine> Skill(List<ScoredCall> scored, DateOnly[] dates, double[] adj, ScoreOptions options)
    {
        var lines = new List<SkillLine>();
        var upPrefix = new Dictionary<int, int[]>();
        foreach (var g in scored.Where(s => s.Matured).GroupBy(s => (s.Run.Kind, s.Call.Horizon)).OrderBy(g => g.Key.Kind.Text(), StringComparer.Ordinal).ThenBy(g => g.Key.Horizon))
        {
            var (kind, h) = g.Key;
            if (!upPrefix.TryGetValue(h, out var prefix))
                upPrefix[h] = prefix = UpPrefix(adj, h);
            var calls = g.OrderBy(s => s.Run.AsOf).ThenBy(s => s.Call.Seq).ToList();
            var loss = new List<double>();
            var reference = new List<double>();
            var (calN, calBrier, rawBrier, calClim) = (0, 0.0, 0.0, 0.0);
            var trainP = new List<double>();
            var trainY = new List<double>();
            var nextTrain = 0;
            var byOutcome = calls.Where(x => x.Call.PUp is not null).OrderBy(x => x.OutcomeDate).ToList();
            Analytics.Statistics.IsotonicMap? map = null;
            int directional = 0, hits = 0, longHits = 0, ups = 0;
            foreach (var s in calls)
            {
                var r = s.Return!.Value;
                var up = r > 0 ? 1.0 : 0.0;
                ups += (int)up;
                if (s.Call.Direction != "Neutral")
                {
                    directional++;
                    hits += s.Hit == true ? 1 : 0;
                    longHits += (int)up;
                }

                var t = Array.BinarySearch(dates, s.Run.AsOf);
                t = t >= 0 ? t : ~t - 1;

                // Windows [u, u + h] closed by t: u ≤ t − h.
                var closed = t - h + 1;
                if (s.Call.PUp is not { } p || closed < 1)
                    continue;
                var climate = (double)prefix[closed] / closed;
                loss.Add((p - up) * (p - up));
                reference.Add((climate - up) * (climate - up));

                // Walk-forward calibration: learn from the calls whose outcome was known by this call's date.
                var grew = false;
                while (nextTrain < byOutcome.Count && byOutcome[nextTrain].OutcomeDate <= s.Run.AsOf)
                {
                    trainP.Add(byOutcome[nextTrain].Call.PUp!.Value);
                    trainY.Add(byOutcome[nextTrain].Return > 0 ? 1 : 0);
                    nextTrain++;
                    grew = true;
                }

                if (trainP.Count < Forecast.ForecastCalibration.MinCalls)
                    continue;
                if (grew || map is null)
                    map = Analytics.Statistics.Isotonic.Fit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(trainP), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(trainY));
                var cp = map.Apply(p);
                calN++;
                calBrier += (cp - up) * (cp - up);
                rawBrier += (p - up) * (p - up);
                calClim += (climate - up) * (climate - up);
            }

            var n = loss.Count;
            var brier = n == 0 ? double.NaN : loss.Sum() / n;
            var clim = n == 0 ? double.NaN : reference.Sum() / n;
            var (lo, hi) = (double.NaN, double.NaN);
            if (n > 0)
            {
                var plan = Analytics.Statistics.BlockBootstrapPlan.Create(n, Analytics.Statistics.BlockBootstrapPlan.DefaultBlockLength(h, n));
                (lo, hi) = Analytics.Statistics.BlockBootstrap.SkillInterval(plan, loss.ToArray(), reference.ToArray(), new Analytics.Statistics.BootstrapWorkspace());
            }

            var byCall = new List<CallTypeSkill>();
            foreach (var c in new[] { "Bullish", "Bearish", "Neutral" })
            {
                var of = calls.Where(x => x.Call.Direction == c).ToList();
                if (of.Count == 0)
                    continue;
                var band = options.NeutralBand * Math.Sqrt(h);
                var baseHits = calls.Count(x => c == "Bullish" ? x.Return > 0 : c == "Bearish" ? x.Return < 0 : Math.Abs(x.Return!.Value) < band);
                byCall.Add(new CallTypeSkill(c, of.Count, (double)of.Count(x => x.Hit == true) / of.Count, (double)baseHits / calls.Count));
            }

            lines.Add(new SkillLine(
                kind, h, n, brier, clim, n == 0 || !(clim > 0) ? double.NaN : 1 - (brier / clim), lo, hi,
                directional, Ratio(hits, directional), Ratio(longHits, directional), Ratio(ups, calls.Count), byCall)
            {
                CalibratedN = calN,
                CalibratedBrier = calN == 0 ? double.NaN : calBrier / calN,
                RawBrierCalibratedCalls = calN == 0 ? double.NaN : rawBrier / calN,
                CalibratedSkillScore = calN == 0 || !(calClim > 0) ? double.NaN : 1 - (calBrier / calClim),
            });
        }

        return lines;
    }

    /// <summary>prefix[k] = number of h-day windows starting at rows 0..k−1 that ended up.</summary>
    private static int[] UpPrefix(double[] adj, int h)
    {
        var prefix = new int[adj.Length + 1];
        for (var u = 0; u < adj.Length; u++)
        {
            var up = u + h < adj.Length && adj[u] > 0 && adj[u + h] > adj[u] ? 1 : 0;
            prefix[u + 1] = prefix[u] + up;
        }

        return prefix;
    }

    /// <summary>The score of one group of calls.</summary>
    public static ScoreLine Line(string key, IReadOnlyList<ScoredCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        int n = 0, directional = 0, hits = 0, neutral = 0, neutralHits = 0, brierN = 0, pending = 0;
        double sumR = 0, sumBrier = 0;
        foreach (var s in calls)
        {
            if (s.Return is not { } r)
            {
                pending++;
                continue;
            }

            n++;
            sumR += r;
            if (s.Call.Direction == "Neutral")
            {
                neutral++;
                neutralHits += s.Hit == true ? 1 : 0;
            }
            else
            {
                directional++;
                hits += s.Hit == true ? 1 : 0;
            }

            if (s.Call.PUp is { } p)
            {
                var up = r > 0 ? 1.0 : 0.0;
                brierN++;
                sumBrier += (p - up) * (p - up);
            }
        }

        return new ScoreLine(
            key, n, directional, hits, Ratio(hits, directional), neutral, neutralHits, Ratio(neutralHits, neutral),
            n == 0 ? double.NaN : sumR / n, brierN, brierN == 0 ? double.NaN : sumBrier / brierN, pending);
    }

    private static List<ScoreLine> Tagged(List<ScoredCall> scored, Func<ScoredCall, IReadOnlyList<string>> tags)
    {
        var groups = new SortedDictionary<string, List<ScoredCall>>(StringComparer.Ordinal);
        var none = new List<ScoredCall>();
        foreach (var s in scored)
        {
            var t = tags(s);
            if (t.Count == 0)
                none.Add(s);
            foreach (var tag in t.Distinct(StringComparer.Ordinal))
            {
                if (!groups.TryGetValue(tag, out var list))
                    groups[tag] = list = [];
                list.Add(s);
            }
        }

        var lines = groups.Select(g => Line(g.Key, g.Value)).ToList();
        if (none.Count > 0)
            lines.Add(Line("none", none));
        return lines;
    }

    private static List<CalibrationBucket> Calibrate(List<ScoredCall> scored)
    {
        var n = new int[CalibrationBuckets];
        var sumP = new double[CalibrationBuckets];
        var ups = new int[CalibrationBuckets];
        foreach (var s in scored)
        {
            if (s.Return is not { } r || s.Call.PUp is not { } p)
                continue;
            var k = Math.Clamp((int)Math.Floor(p * CalibrationBuckets), 0, CalibrationBuckets - 1);
            n[k]++;
            sumP[k] += p;
            ups[k] += r > 0 ? 1 : 0;
        }

        var buckets = new List<CalibrationBucket>(CalibrationBuckets);
        for (var k = 0; k < CalibrationBuckets; k++)
        {
            buckets.Add(new CalibrationBucket(
                (double)k / CalibrationBuckets, (double)(k + 1) / CalibrationBuckets, n[k],
                n[k] == 0 ? double.NaN : sumP[k] / n[k], Ratio(ups[k], n[k])));
        }

        return buckets;
    }

    private static int CallOrder(string call) => call switch
    {
        "Bullish" => 0,
        "Bearish" => 1,
        _ => 2,
    };

    private static double Ratio(int a, int b) => b == 0 ? double.NaN : (double)a / b;
}

/// <summary>The score of a store's journal against its own IWM series.</summary>
/// <param name="DataSource">"real" or "sample": the store's data, which the scored runs were made on.</param>
/// <param name="Score">The score.</param>
/// <param name="Runs">Runs scored.</param>
/// <param name="SkippedOtherSource">Runs made on the other kind of data (sample runs in a store that now holds real data), left out.</param>
public sealed record StoreScore(string DataSource, JournalScore Score, int Runs, int SkippedOtherSource);

/// <summary>Scores journal runs against the IWM adjusted closes in the store.</summary>
public static class JournalScoring
{
    /// <summary>
    /// Scores <paramref name="runs"/> against the store's IWM series (adjusted close; the close where the source has no
    /// adjusted close). Runs made on sample data are never scored against real data or the other way round.
    /// With <paramref name="asOf"/>, the score is the one known on that day: runs dated after it are left out and the
    /// IWM series ends on it, so a call whose horizon closes later is still pending.
    /// </summary>
    public static StoreScore ScoreStore(Data.Store.MarketStore store, IReadOnlyList<JournalEntry> runs, ScoreOptions? options = null, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runs);
        var iwm = store.LoadSeries("IWM");
        var source = store.HasReal ? "real" : store.HasSample ? "sample" : null;
        var kept = source is null ? runs : runs.Where(r => r.DataSource == source).ToList();
        var skipped = runs.Count - kept.Count;
        var dates = iwm.Dates;
        var adj = iwm.AdjClose.All(double.IsNaN) ? iwm.Close : iwm.AdjClose;
        if (asOf is { } d)
        {
            kept = kept.Where(r => r.AsOf <= d).ToList();
            var i = Array.BinarySearch(dates, d);
            var rows = i >= 0 ? i + 1 : ~i;
            dates = dates[..rows];
            adj = adj[..rows];
        }

        var score = JournalScorer.Score(kept, dates, adj, options);
        return new StoreScore(source ?? "real", score, kept.Count, skipped);
    }
}
