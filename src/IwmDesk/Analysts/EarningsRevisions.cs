using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using IwmDesk.Data;
using IwmDesk.Text;

namespace IwmDesk.Analysts;

/// <summary>One sector of the Russell 2000 with its approximate weight (percent) and its rate/cycle group.</summary>
public sealed record SectorWeight(string Sector, double Weight, string Group, IReadOnlyList<string> Aliases);

/// <summary>Sector groups used for the concentration reading.</summary>
public static class SectorGroups
{
    /// <summary>Financials, Real Estate, Utilities.</summary>
    public const string RateSensitive = "rate-sensitive";

    /// <summary>Industrials, Consumer Discretionary, Energy, Materials.</summary>
    public const string Cyclical = "cyclical";

    /// <summary>A sector in neither group (not counted in the concentration reading).</summary>
    public const string Other = "other";
}

/// <summary>The shipped table of approximate IWM sector weights (embedded <c>Analysts/Data/iwm-sector-weights.csv</c>).</summary>
public sealed class SectorWeights
{
    private static readonly Lazy<SectorWeights> Shipped = new(() =>
    {
        using var stream = typeof(SectorWeights).Assembly.GetManifestResourceStream("IwmDesk.iwm-sector-weights.csv")
            ?? throw new InvalidOperationException("sector weights resource missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), "iwm-sector-weights.csv");
    });

    private SectorWeights(IReadOnlyList<SectorWeight> sectors) => Sectors = sectors;

    /// <summary>The sectors, heaviest first.</summary>
    public IReadOnlyList<SectorWeight> Sectors { get; }

    /// <summary>The shipped table.</summary>
    public static SectorWeights Default => Shipped.Value;

    /// <summary>The <paramref name="n"/> heaviest sectors.</summary>
    public IReadOnlyList<SectorWeight> Top(int n) => Sectors.Take(n).ToList();

    /// <summary>The sector a name (or alias) refers to, case-insensitively; null when unknown.</summary>
    public SectorWeight? Find(string name)
    {
        var key = name.Trim();
        foreach (var s in Sectors)
        {
            if (string.Equals(s.Sector, key, StringComparison.OrdinalIgnoreCase) || s.Aliases.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)))
                return s;
        }

        return null;
    }

    /// <summary>Parses <c>sector,weight,group,aliases</c> (aliases separated by '|'); '#' lines are comments.</summary>
    public static SectorWeights Parse(string text, string source)
    {
        var list = new List<SectorWeight>();
        var header = false;
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (!header)
            {
                header = true;
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != 4 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !(w > 0))
                throw new DataFormatException(source, lineNo, "expected sector,weight,group,aliases with a weight > 0");
            var group = parts[2].Trim();
            if (group is not (SectorGroups.RateSensitive or SectorGroups.Cyclical or SectorGroups.Other))
                throw new DataFormatException(source, lineNo, $"group must be rate-sensitive, cyclical or other (got '{group}')");
            var aliases = parts[3].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            list.Add(new SectorWeight(parts[0].Trim(), w, group, aliases));
        }

        list.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        return new SectorWeights(list);
    }
}

/// <summary>Settings of the earnings-revisions step (docs/workflow.md).</summary>
public sealed record EarningsRevisionOptions
{
    /// <summary>How many of the heaviest IWM sectors are scored.</summary>
    public int TopSectors { get; init; } = 5;

    /// <summary>The same week of the prior earnings cycles lies this many weeks earlier (one quarter, two quarters).</summary>
    public IReadOnlyList<int> PriorCycleWeeks { get; init; } = [13, 26];

    /// <summary>A stored week within this many days of the prior-cycle target counts as that week.</summary>
    public int MatchToleranceDays { get; init; } = 3;

    /// <summary>Downgrades more than this many times the upgrades are flagged.</summary>
    public double DowngradeFlagRatio { get; init; } = 2.0;

    /// <summary>Net score at or above this is positive.</summary>
    public double PositiveAt { get; init; } = 0.10;

    /// <summary>Net score at or below this is negative.</summary>
    public double NegativeAt { get; init; } = -0.10;

    /// <summary>A neutral score this far below the prior cycles' mean is "deteriorating neutral".</summary>
    public double DeterioratingBy { get; init; } = 0.05;

    /// <summary>A latest week older than this many calendar days before D makes the step n/a (stale).</summary>
    public int StaleDays { get; init; } = 35;

    /// <summary>From consensus snapshots: revisions are counted over this many trading days up to D.</summary>
    public int WindowTradingDays { get; init; } = 20;

    /// <summary>
    /// From consensus snapshots: a sector group holds the downgrade pressure when its share of the members' downgrades is
    /// at least this many times its share of the members' index weight (and more so than the other group).
    /// </summary>
    public double ConcentrationAt { get; init; } = 1.10;
}

/// <summary>One sector's revisions in the latest week and the same week of the prior cycles. Net = (up − down) / (up + down).</summary>
public sealed record SectorRevisionRow(
    string Sector,
    double Weight,
    string Group,
    int Upgrades,
    int Downgrades,
    double Ratio,
    double Net,
    IReadOnlyList<double> PriorNets,
    bool DowngradeFlag);

/// <summary>The net-score labels (printed and serialised with their words: "positive", "deteriorating neutral", "n/a", ...).</summary>
public enum RevisionLabel
{
    /// <summary>The net score is at least the positive threshold.</summary>
    [JsonStringEnumMemberName("positive")]
    Positive,

    /// <summary>The net score is at most the negative threshold.</summary>
    [JsonStringEnumMemberName("negative")]
    Negative,

    /// <summary>Between the thresholds and not deteriorating.</summary>
    [JsonStringEnumMemberName("neutral")]
    Neutral,

    /// <summary>Between the thresholds, but below the comparison (the prior cycles' mean or the window's first half) by more than the deterioration margin.</summary>
    [JsonStringEnumMemberName("deteriorating neutral")]
    DeterioratingNeutral,

    /// <summary>No revisions to score.</summary>
    [JsonStringEnumMemberName("n/a")]
    NotAvailable,
}

/// <summary>The words each net-score label is printed with (the same as its JSON value).</summary>
public static class RevisionLabelText
{
    /// <summary>The label's text: "positive", "negative", "neutral", "deteriorating neutral" or "n/a".</summary>
    public static string Text(this RevisionLabel l) => l switch
    {
        RevisionLabel.Positive => "positive",
        RevisionLabel.Negative => "negative",
        RevisionLabel.Neutral => "neutral",
        RevisionLabel.DeterioratingNeutral => "deteriorating neutral",
        RevisionLabel.NotAvailable => "n/a",
        _ => throw new ArgumentOutOfRangeException(nameof(l)),
    };
}

/// <summary>The earnings-revisions step's answer for a date.</summary>
public sealed record EarningsRevisionResult : IStepResult
{
    /// <summary>The trading day D the step answers for (only revisions known by then are read).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The latest stored week on or before D; null without data.</summary>
    public required DateOnly? LatestWeek { get; init; }

    /// <summary>The matched week of each prior cycle (null when none was stored).</summary>
    public required IReadOnlyList<DateOnly?> PriorWeeks { get; init; }

    /// <summary>The top sectors by IWM weight, heaviest first.</summary>
    public required IReadOnlyList<SectorRevisionRow> Rows { get; init; }

    /// <summary>Weight-weighted net score of the top sectors present in the latest week.</summary>
    public required double NetScore { get; init; }

    /// <summary>The same score for each prior cycle's week (NaN when not stored).</summary>
    public required IReadOnlyList<double> PriorNetScores { get; init; }

    /// <summary>Share of all downgrades in the latest week falling in rate-sensitive sectors.</summary>
    public required double RateSensitiveDowngradeShare { get; init; }

    /// <summary>Share of all downgrades in the latest week falling in cyclical sectors.</summary>
    public required double CyclicalDowngradeShare { get; init; }

    /// <summary>"rate-sensitive", "cyclical", "balanced" or "n/a".</summary>
    public required string Concentration { get; init; }

    /// <summary>The net score's label.</summary>
    public required RevisionLabel Label { get; init; }

    /// <summary>The label as a bias: positive → bullish, negative → bearish, n/a → n/a, otherwise neutral (<see cref="Biases"/>).</summary>
    public required Bias Bias { get; init; }

    /// <summary>One paragraph: the net score against the prior cycles, its label, the downgrade flags and the concentration.</summary>
    public required string Summary { get; init; }

    /// <summary>The net score, its label, the per-sector counts and the downgrade shares, in a stable order.</summary>
    public required IReadOnlyDictionary<string, object?> Facts { get; init; }

    /// <summary>Where the answer comes from: "revisions CSV" (weekly sector counts) or "consensus snapshots".</summary>
    public string Source { get; init; } = "revisions CSV";

    /// <summary>
    /// The step unanswered: no rows, every figure NaN, label and bias n/a, with <paramref name="summary"/> saying why
    /// (shared by the revisions-CSV and the consensus-snapshot analysts).
    /// </summary>
    internal static EarningsRevisionResult NotAvailable(DateOnly date, EarningsRevisionOptions o, string summary, IReadOnlyDictionary<string, object?> facts, string? source = null) => new()
    {
        Date = date,
        LatestWeek = null,
        PriorWeeks = o.PriorCycleWeeks.Select(_ => (DateOnly?)null).ToList(),
        Rows = [],
        NetScore = double.NaN,
        PriorNetScores = o.PriorCycleWeeks.Select(_ => double.NaN).ToList(),
        RateSensitiveDowngradeShare = double.NaN,
        CyclicalDowngradeShare = double.NaN,
        Concentration = "n/a",
        Label = RevisionLabel.NotAvailable,
        Bias = Bias.NotAvailable,
        Summary = summary,
        Facts = facts,
        Source = source ?? "revisions CSV",
    };

    /// <summary>From consensus snapshots: the first trading day of the counting window (null for the revisions CSV).</summary>
    public DateOnly? WindowStart { get; init; }

    /// <summary>From consensus snapshots: the index members' revisions over the window, all sectors together.</summary>
    public RevisionCount? Members { get; init; }

    /// <summary>From consensus snapshots: the revisions of the snapshot symbols that are not index members (large caps).</summary>
    public RevisionCount? NonMembers { get; init; }

    /// <summary>Plain statements about what the data cannot show (coverage of the window, prior cycles not reached).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The sector table as Markdown.</summary>
    public string Table()
    {
        if (LatestWeek is null)
            return "No earnings-revision data.\n";
        var priors = NonMembers is null || PriorWeeks.Any(w => w is not null);
        var sb = new StringBuilder();
        sb.Append("| Sector | IWM weight | Up | Down | Up/Down | Net |");
        if (priors)
        {
            foreach (var (w, k) in PriorWeeks.Select((w, k) => (w, k)))
                sb.Append(Fmt.Inv, $" Net {(w is { } d ? (NonMembers is null ? Fmt.D(d) : "to " + Fmt.D(d)) : $"cycle −{k + 1}")} |");
        }

        sb.Append(" Flag |\n|---|---:|---:|---:|---:|---:|");
        if (priors)
        {
            foreach (var _ in PriorWeeks)
                sb.Append("---:|");
        }

        sb.Append("---|\n");
        foreach (var r in Rows)
        {
            sb.Append(Fmt.Inv, $"| {r.Sector} | {r.Weight:0.0}% | {r.Upgrades} | {r.Downgrades} | {RatioText(r)} | {Fmt.N(r.Net)} |");
            if (priors)
            {
                foreach (var p in r.PriorNets)
                    sb.Append(Fmt.Inv, $" {Fmt.N(p)} |");
            }

            sb.Append(r.DowngradeFlag ? " downgrades > 2:1 |\n" : " |\n");
        }

        if (Members is { } m && NonMembers is { } n)
        {
            var blanks = priors ? string.Concat(PriorWeeks.Select(_ => " |")) : string.Empty;
            sb.Append(Fmt.Inv, $"| **IWM members** | {Rows.Sum(r => r.Weight):0.0}% | {m.Upgrades} | {m.Downgrades} | {CountRatio(m)} | {Fmt.N(m.Net)} |{blanks} |\n");
            sb.Append(Fmt.Inv, $"| Non-members (large caps) | — | {n.Upgrades} | {n.Downgrades} | {CountRatio(n)} | {Fmt.N(n.Net)} |{blanks} |\n");
        }

        return sb.ToString();
    }

    private static string CountRatio(RevisionCount c) =>
        c.Upgrades + c.Downgrades == 0 ? "no revisions" : c.Downgrades == 0 ? "no downgrades" : Fmt.N(c.Ratio);

    internal static string RatioText(SectorRevisionRow r) =>
        r.Upgrades + r.Downgrades == 0 ? "no revisions" : r.Downgrades == 0 ? "no downgrades" : Fmt.N(r.Ratio);
}

/// <summary>
/// Step 4 of the workflow: analyst earnings revisions for IWM's heaviest sectors — the latest week on or before D against
/// the same week of the prior two earnings cycles, flags, concentration, and a net score (docs/workflow.md).
/// </summary>
public static class EarningsRevisionAnalyst
{
    /// <summary>Analyses the revision records for <paramref name="date"/>; records dated after D are ignored.</summary>
    public static EarningsRevisionResult Analyze(
        IReadOnlyList<EarningsRevisionRecord>? records, DateOnly date, SectorWeights? weights = null, EarningsRevisionOptions? options = null)
    {
        var o = options ?? new EarningsRevisionOptions();
        var table = weights ?? SectorWeights.Default;
        var asOf = records?.Where(r => r.Date <= date).ToList() ?? [];
        if (asOf.Count == 0)
        {
            return NotAvailable(date, o, records is null || records.Count == 0
                ? "no earnings-revision data loaded"
                : $"no earnings-revision week on or before {Fmt.D(date)}");
        }

        var latest = asOf.Max(r => r.Date);
        if (date.DayNumber - latest.DayNumber > o.StaleDays)
            return NotAvailable(date, o, $"the latest revision week ({Fmt.D(latest)}) is more than {o.StaleDays} days before {Fmt.D(date)}");

        var weeks = asOf.Select(r => r.Date).Distinct().Order().ToList();
        var priorWeeks = o.PriorCycleWeeks.Select(w => Match(weeks, latest.AddDays(-7 * w), o.MatchToleranceDays)).ToList();
        var byWeek = asOf.GroupBy(r => r.Date).ToDictionary(g => g.Key, g => Sum(g, table));
        var top = table.Top(o.TopSectors);
        var latestTotals = byWeek[latest];
        var rows = new List<SectorRevisionRow>();
        var missing = new List<string>();
        foreach (var s in top)
        {
            if (!latestTotals.TryGetValue(s.Sector, out var c))
            {
                missing.Add(s.Sector);
                c = (0, 0);
            }

            var priorNets = priorWeeks.Select(w => w is { } d && byWeek[d].TryGetValue(s.Sector, out var pc) ? Net(pc.Up, pc.Down) : double.NaN).ToList();
            rows.Add(new SectorRevisionRow(
                s.Sector, s.Weight, s.Group, c.Up, c.Down,
                c.Down == 0 ? double.NaN : (double)c.Up / c.Down,
                Net(c.Up, c.Down),
                priorNets,
                c.Down > o.DowngradeFlagRatio * c.Up));
        }

        var net = Score(top, latestTotals);
        var priorScores = priorWeeks.Select(w => w is { } d ? Score(top, byWeek[d]) : double.NaN).ToList();
        var priorFinite = priorScores.Where(double.IsFinite).ToList();
        var priorMean = priorFinite.Count == 0 ? double.NaN : priorFinite.Average();

        // Concentration over every sector of the latest week that maps to a group.
        double totalDown = 0, rateDown = 0, cycDown = 0;
        foreach (var (sector, c) in latestTotals)
        {
            totalDown += c.Down;
            var g = table.Find(sector)?.Group;
            if (g == SectorGroups.RateSensitive)
                rateDown += c.Down;
            else if (g == SectorGroups.Cyclical)
                cycDown += c.Down;
        }

        var rateShare = totalDown > 0 ? rateDown / totalDown : double.NaN;
        var cycShare = totalDown > 0 ? cycDown / totalDown : double.NaN;
        var concentration = totalDown == 0 ? "n/a" : rateDown > cycDown ? SectorGroups.RateSensitive : cycDown > rateDown ? SectorGroups.Cyclical : "balanced";

        var label = double.IsNaN(net) ? RevisionLabel.NotAvailable
            : net >= o.PositiveAt ? RevisionLabel.Positive
            : net <= o.NegativeAt ? RevisionLabel.Negative
            : net < priorMean - o.DeterioratingBy ? RevisionLabel.DeterioratingNeutral
            : RevisionLabel.Neutral;
        var bias = label switch
        {
            RevisionLabel.Positive => Bias.Bullish,
            RevisionLabel.Negative => Bias.Bearish,
            RevisionLabel.NotAvailable => Bias.NotAvailable,
            _ => Bias.Neutral,
        };

        var flagged = rows.Where(r => r.DowngradeFlag).Select(r => r.Sector).ToList();
        var sb = new StringBuilder();
        sb.Append(Fmt.Inv, $"Earnings revisions, week of {Fmt.D(latest)} (top {top.Count} IWM sectors by weight): ");
        sb.AppendJoin("; ", rows.Select(r => string.Create(Fmt.Inv, $"{r.Sector} {r.Upgrades} up / {r.Downgrades} down")));
        sb.Append(Fmt.Inv, $". Weighted net score {Fmt.N(net, "+0.00;-0.00;0.00")}");
        if (priorFinite.Count > 0)
        {
            sb.Append(" against ");
            sb.AppendJoin(" and ", priorScores.Select((p, k) => string.Create(Fmt.Inv,
                $"{Fmt.N(p, "+0.00;-0.00;0.00")} {o.PriorCycleWeeks[k]} weeks earlier{(priorWeeks[k] is { } d ? $" ({Fmt.D(d)})" : " (not stored)")}")));
        }
        else
        {
            sb.Append(" (no prior-cycle week stored to compare)");
        }

        sb.Append(Fmt.Inv, $": {label.Text()}. ");
        sb.Append(flagged.Count == 0 ? "No top sector has downgrades above 2:1. " : $"Downgrades above 2:1 in {string.Join(", ", flagged)}. ");
        if (totalDown > 0)
        {
            sb.Append(concentration switch
            {
                SectorGroups.RateSensitive => string.Create(Fmt.Inv, $"Downgrades lean rate-sensitive: {Fmt.Pct(rateShare)} of them in Financials, Real Estate and Utilities against {Fmt.Pct(cycShare)} in cyclicals."),
                SectorGroups.Cyclical => string.Create(Fmt.Inv, $"Downgrades lean cyclical: {Fmt.Pct(cycShare)} of them in Industrials, Consumer Discretionary, Energy and Materials against {Fmt.Pct(rateShare)} in rate-sensitive sectors."),
                _ => string.Create(Fmt.Inv, $"Downgrades are balanced: {Fmt.Pct(rateShare)} rate-sensitive, {Fmt.Pct(cycShare)} cyclical."),
            });
        }
        if (missing.Count > 0)
            sb.Append(Fmt.Inv, $" No rows this week for: {string.Join(", ", missing)}.");

        var facts = new FactsBuilder().Text("label", label.Text()).Date("latest_week", latest).Num("net_score", net, 4);
        for (var k = 0; k < priorWeeks.Count; k++)
            facts.Date($"prior_week_{o.PriorCycleWeeks[k]}w", priorWeeks[k]).Num($"net_score_{o.PriorCycleWeeks[k]}w_earlier", priorScores[k], 4);
        foreach (var r in rows)
        {
            var key = r.Sector.ToLowerInvariant().Replace(' ', '_');
            facts.Int(key + "_upgrades", r.Upgrades).Int(key + "_downgrades", r.Downgrades).Num(key + "_net", r.Net, 4);
        }

        facts.Text("downgrade_flags", flagged.Count == 0 ? "none" : string.Join(", ", flagged))
            .Num("rate_sensitive_downgrade_share", rateShare, 4).Num("cyclical_downgrade_share", cycShare, 4).Text("concentration", concentration);
        return new EarningsRevisionResult
        {
            Date = date,
            LatestWeek = latest,
            PriorWeeks = priorWeeks,
            Rows = rows,
            NetScore = net,
            PriorNetScores = priorScores,
            RateSensitiveDowngradeShare = rateShare,
            CyclicalDowngradeShare = cycShare,
            Concentration = concentration,
            Label = label,
            Bias = bias,
            Summary = sb.ToString(),
            Facts = facts.Build(),
        };
    }

    private static EarningsRevisionResult NotAvailable(DateOnly date, EarningsRevisionOptions o, string why) =>
        EarningsRevisionResult.NotAvailable(date, o, $"Earnings revisions: n/a — {why} (the revisions CSV format is in docs/workflow.md).",
            new FactsBuilder().Text("label", RevisionLabel.NotAvailable.Text()).Text("reason", why).Build());

    private static DateOnly? Match(List<DateOnly> weeks, DateOnly target, int tolerance)
    {
        DateOnly? best = null;
        var bestDays = int.MaxValue;
        foreach (var w in weeks)
        {
            var d = Math.Abs(w.DayNumber - target.DayNumber);
            if (d <= tolerance && d < bestDays)
            {
                best = w;
                bestDays = d;
            }
        }

        return best;
    }

    /// <summary>Upgrades and downgrades per canonical sector (rows naming an unknown sector keep their own name).</summary>
    private static Dictionary<string, (int Up, int Down)> Sum(IEnumerable<EarningsRevisionRecord> rows, SectorWeights table)
    {
        var d = new Dictionary<string, (int Up, int Down)>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in rows)
        {
            var key = table.Find(r.Sector)?.Sector ?? r.Sector.Trim();
            d.TryGetValue(key, out var c);
            d[key] = (c.Up + r.Upgrades, c.Down + r.Downgrades);
        }

        return d;
    }

    private static double Net(int up, int down) => up + down == 0 ? double.NaN : (double)(up - down) / (up + down);

    /// <summary>Σ weight·net / Σ weight over the top sectors with revisions that week.</summary>
    private static double Score(IReadOnlyList<SectorWeight> top, Dictionary<string, (int Up, int Down)> totals)
    {
        double sw = 0, swn = 0;
        foreach (var s in top)
        {
            if (!totals.TryGetValue(s.Sector, out var c))
                continue;
            var n = Net(c.Up, c.Down);
            if (double.IsNaN(n))
                continue;
            sw += s.Weight;
            swn += s.Weight * n;
        }

        return sw > 0 ? swn / sw : double.NaN;
    }
}
