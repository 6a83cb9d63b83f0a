using System.Text;
using IwmDesk.Data;
using IwmDesk.Text;

namespace IwmDesk.Analysts;

/// <summary>One member of the index: its ticker, GICS sector and index weight (percent), from the holdings in force.</summary>
/// <param name="Ticker">The ticker as the holdings file spells it.</param>
/// <param name="Sector">The GICS sector.</param>
/// <param name="WeightPct">The index weight in percent.</param>
public sealed record IndexMember(string Ticker, string Sector, double WeightPct);

/// <summary>Upgrades and downgrades counted together.</summary>
/// <param name="Upgrades">Upward revisions.</param>
/// <param name="Downgrades">Downward revisions.</param>
public readonly record struct RevisionCount(int Upgrades, int Downgrades)
{
    /// <summary>(up − down) / (up + down); NaN without revisions.</summary>
    public double Net => Upgrades + Downgrades == 0 ? double.NaN : (double)(Upgrades - Downgrades) / (Upgrades + Downgrades);

    /// <summary>up / down; NaN without downgrades.</summary>
    public double Ratio => Downgrades == 0 ? double.NaN : (double)Upgrades / Downgrades;
}

/// <summary>What the consensus-revisions step reads for a date D: the snapshots and revisions up to D and the index's members.</summary>
public sealed record ConsensusRevisionInput
{
    /// <summary>The dates of the stored consensus snapshots on or before D, oldest first.</summary>
    public required IReadOnlyList<DateOnly> Snapshots { get; init; }

    /// <summary>The revisions between consecutive snapshots, dated on or before D.</summary>
    public required IReadOnlyList<ConsensusRevision> Revisions { get; init; }

    /// <summary>The equities of the holdings snapshot in force at D; null when none is stored.</summary>
    public IReadOnlyList<IndexMember>? Members { get; init; }

    /// <summary>The fund whose holdings give the members (IWM).</summary>
    public string Fund { get; init; } = "IWM";

    /// <summary>The as-of date of the holdings snapshot the members come from.</summary>
    public DateOnly? HoldingsAsOf { get; init; }

    /// <summary>The members of a holdings snapshot's equities (a ticker listed twice keeps its first sector and the summed weight; '-' and empty tickers are left out).</summary>
    public static IReadOnlyList<IndexMember> MembersOf(HoldingsSnapshot holdings)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        var byTicker = new Dictionary<string, IndexMember>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var h in holdings.Equities)
        {
            var t = ConsensusRevisionAnalyst.Normalize(h.Ticker);
            if (t.Length == 0 || t == "-")
                continue;
            var w = double.IsFinite(h.WeightPct) ? h.WeightPct : 0;
            if (byTicker.TryGetValue(t, out var m))
            {
                byTicker[t] = m with { WeightPct = m.WeightPct + w };
                continue;
            }

            byTicker[t] = new IndexMember(t, string.IsNullOrWhiteSpace(h.Sector) ? "Other" : h.Sector.Trim(), w);
            order.Add(t);
        }

        return order.Select(t => byTicker[t]).ToList();
    }
}

/// <summary>
/// Step 4 from consensus snapshots (docs/methodology.md): per GICS sector of IWM, the upward and downward consensus
/// revisions of its members over the last 20 trading days up to D, their ratio, the 2:1 downgrade flag, where the
/// downgrades concentrate, an IWM-weight-weighted net score, the same counts for the non-members (large caps) beside
/// them, and the same window of the prior two earnings cycles when the snapshots reach back that far.
/// </summary>
public static class ConsensusRevisionAnalyst
{
    /// <summary>The data source named in the step's answer and prompt.</summary>
    public const string Source = "consensus snapshots";

    /// <summary>A ticker as both sides are matched: trimmed, upper-case, '.' and '/' read as '-' (BRK.B = BRK-B = BRK/B).</summary>
    public static string Normalize(string ticker) =>
        ticker.Trim().ToUpperInvariant().Replace('.', '-').Replace('/', '-');

    /// <summary>The first trading day of the <paramref name="days"/> trading days ending on (or just before) <paramref name="end"/>.</summary>
    public static DateOnly WindowStart(DateOnly end, int days)
    {
        var s = TradingCalendar.OnOrBefore(end);
        for (var k = 1; k < days; k++)
            s = TradingCalendar.Previous(s);
        return s;
    }

    /// <summary>Analyses the snapshots for <paramref name="date"/>; nothing dated after D is read.</summary>
    public static EarningsRevisionResult Analyze(ConsensusRevisionInput input, DateOnly date, EarningsRevisionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = options ?? new EarningsRevisionOptions();
        var snapshots = input.Snapshots.Where(d => d <= date).Order().ToList();
        var start = WindowStart(date, o.WindowTradingDays);
        if (snapshots.Count == 0)
            return NotAvailable(date, o, $"no consensus snapshot on or before {Fmt.D(date)}");
        var first = snapshots[0];
        var latest = snapshots[^1];
        if (input.Members is not { Count: > 0 } members)
            return NotAvailable(date, o, $"no {input.Fund} holdings snapshot in force at {Fmt.D(date)} (import an iShares holdings file: docs/formats.md)", latest);
        if (latest < start)
            return NotAvailable(date, o, $"the latest consensus snapshot ({Fmt.D(latest)}) is before the {o.WindowTradingDays}-trading-day window starting {Fmt.D(start)}", latest);
        if (snapshots.Count < 2)
            return NotAvailable(date, o, $"one consensus snapshot only ({Fmt.D(first)}): a revision needs two", latest);

        var memberOf = members.ToDictionary(m => m.Ticker, StringComparer.Ordinal);
        var sectorWeight = members.GroupBy(m => m.Sector, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(m => m.WeightPct), StringComparer.Ordinal);
        var totalWeight = sectorWeight.Values.Sum();
        var revisions = input.Revisions.Where(r => r.Date <= date).ToList();

        Window Count(DateOnly from, DateOnly to)
        {
            var bySector = new Dictionary<string, (int Up, int Down)>(StringComparer.Ordinal);
            int nu = 0, nd = 0;
            foreach (var r in revisions)
            {
                if (r.Date < from || r.Date > to)
                    continue;
                if (memberOf.TryGetValue(Normalize(r.Symbol), out var m))
                {
                    bySector.TryGetValue(m.Sector, out var c);
                    bySector[m.Sector] = r.Direction > 0 ? (c.Up + 1, c.Down) : (c.Up, c.Down + 1);
                }
                else if (r.Direction > 0)
                {
                    nu++;
                }
                else
                {
                    nd++;
                }
            }

            return new Window(bySector, new RevisionCount(nu, nd), Score(bySector, sectorWeight));
        }

        var now = Count(start, date);
        var priorEnds = new List<DateOnly?>();
        var priors = new List<Window?>();
        foreach (var weeks in o.PriorCycleWeeks)
        {
            var end = TradingCalendar.OnOrBefore(date.AddDays(-7 * weeks));
            var ps = WindowStart(end, o.WindowTradingDays);
            var comparable = first < ps;
            priorEnds.Add(comparable ? end : null);
            priors.Add(comparable ? Count(ps, end) : null);
        }

        var priorScores = priors.Select(p => p?.Score ?? double.NaN).ToList();
        var priorFinite = priorScores.Where(double.IsFinite).ToList();
        var half = WindowStart(date, Math.Max(1, o.WindowTradingDays / 2));
        var recent = Count(half, date).Score;
        var earlier = Count(start, half.AddDays(-1)).Score;

        var rows = new List<SectorRevisionRow>();
        foreach (var (sector, w) in sectorWeight.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            now.BySector.TryGetValue(sector, out var c);
            var count = new RevisionCount(c.Up, c.Down);
            var priorNets = priors.Select(p => p is { } pw && pw.BySector.TryGetValue(sector, out var pc) ? new RevisionCount(pc.Up, pc.Down).Net : double.NaN).ToList();
            rows.Add(new SectorRevisionRow(sector, w, GroupOf(sector), c.Up, c.Down, count.Ratio, count.Net, priorNets,
                c.Down > 0 && c.Down > o.DowngradeFlagRatio * c.Up));
        }

        var memberTotal = new RevisionCount(rows.Sum(r => r.Upgrades), rows.Sum(r => r.Downgrades));
        var net = now.Score;

        // Concentration: each group's share of the members' downgrades against its share of the members' weight.
        double rateDown = 0, cycDown = 0, rateW = 0, cycW = 0;
        foreach (var r in rows)
        {
            if (r.Group == SectorGroups.RateSensitive)
            {
                rateDown += r.Downgrades;
                rateW += r.Weight;
            }
            else if (r.Group == SectorGroups.Cyclical)
            {
                cycDown += r.Downgrades;
                cycW += r.Weight;
            }
        }

        var totalDown = memberTotal.Downgrades;
        var rateShare = totalDown > 0 ? rateDown / totalDown : double.NaN;
        var cycShare = totalDown > 0 ? cycDown / totalDown : double.NaN;
        var rateRel = rateW > 0 && totalWeight > 0 ? rateShare / (rateW / totalWeight) : double.NaN;
        var cycRel = cycW > 0 && totalWeight > 0 ? cycShare / (cycW / totalWeight) : double.NaN;
        var concentration = totalDown == 0 ? "n/a"
            : !(Math.Max(Nz(rateRel), Nz(cycRel)) >= o.ConcentrationAt) ? "balanced"
            : Nz(rateRel) > Nz(cycRel) ? SectorGroups.RateSensitive
            : Nz(cycRel) > Nz(rateRel) ? SectorGroups.Cyclical
            : "balanced";

        RevisionLabel label;
        string? deteriorationBasis = null;
        if (double.IsNaN(net))
        {
            label = RevisionLabel.NotAvailable;
        }
        else if (net >= o.PositiveAt)
        {
            label = RevisionLabel.Positive;
        }
        else if (net <= o.NegativeAt)
        {
            label = RevisionLabel.Negative;
        }
        else if (priorFinite.Count > 0)
        {
            label = net < priorFinite.Average() - o.DeterioratingBy ? RevisionLabel.DeterioratingNeutral : RevisionLabel.Neutral;
            deteriorationBasis = "the prior cycles' mean";
        }
        else if (double.IsFinite(recent) && double.IsFinite(earlier))
        {
            label = recent < earlier - o.DeterioratingBy ? RevisionLabel.DeterioratingNeutral : RevisionLabel.Neutral;
            deteriorationBasis = "the window's first half";
        }
        else
        {
            label = RevisionLabel.Neutral;
        }

        var bias = label switch
        {
            RevisionLabel.Positive => Bias.Bullish,
            RevisionLabel.Negative => Bias.Bearish,
            RevisionLabel.NotAvailable => Bias.NotAvailable,
            _ => Bias.Neutral,
        };

        var notes = new List<string>();
        if (first >= start)
            notes.Add($"the window is covered from {Fmt.D(snapshots[1])} only (the first revision after the first snapshot)");
        if (priorFinite.Count == 0)
            notes.Add($"snapshots start {Fmt.D(first)}: no prior cycle to compare");
        else
        {
            for (var k = 0; k < priorEnds.Count; k++)
            {
                if (priorEnds[k] is null)
                    notes.Add($"snapshots start {Fmt.D(first)}: no cycle {o.PriorCycleWeeks[k]} weeks earlier to compare");
            }
        }

        var flagged = rows.Where(r => r.DowngradeFlag).Select(r => r.Sector).ToList();
        var nonMembers = now.NonMembers;
        var sb = new StringBuilder();
        sb.Append(Fmt.Inv, $"Consensus revisions over the {o.WindowTradingDays} trading days {Fmt.D(start)}..{Fmt.D(date)} (snapshots {Fmt.D(first)}..{Fmt.D(latest)}; {input.Fund} members and weights from the holdings of {(input.HoldingsAsOf is { } ha ? Fmt.D(ha) : "n/a")}): ");
        sb.AppendJoin("; ", rows.Where(r => r.Upgrades + r.Downgrades > 0).Select(r => string.Create(Fmt.Inv, $"{r.Sector} {r.Upgrades} up / {r.Downgrades} down")));
        sb.Append(Fmt.Inv, $". {input.Fund} members {memberTotal.Upgrades} up / {memberTotal.Downgrades} down against non-members (large caps) {nonMembers.Upgrades} up / {nonMembers.Downgrades} down (net {Fmt.N(nonMembers.Net, "+0.00;-0.00;0.00")}). ");
        sb.Append(Fmt.Inv, $"Weighted net score {Fmt.N(net, "+0.00;-0.00;0.00")}");
        if (priorFinite.Count > 0)
        {
            sb.Append(" against ");
            sb.AppendJoin(" and ", priorScores.Select((p, k) => string.Create(Fmt.Inv,
                $"{Fmt.N(p, "+0.00;-0.00;0.00")} {o.PriorCycleWeeks[k]} weeks earlier{(priorEnds[k] is { } d ? $" (to {Fmt.D(d)})" : " (not covered)")}")));
        }

        sb.Append(Fmt.Inv, $": {label.Text()}");
        if (label == RevisionLabel.DeterioratingNeutral && deteriorationBasis is not null)
            sb.Append(Fmt.Inv, $" (below {deteriorationBasis} by more than {Fmt.N(o.DeterioratingBy)})");
        sb.Append(". ");
        sb.Append(flagged.Count == 0 ? "No sector has downgrades above 2:1. " : $"Downgrades above 2:1 in {string.Join(", ", flagged)}. ");
        if (totalDown > 0)
        {
            sb.Append(concentration switch
            {
                SectorGroups.RateSensitive => string.Create(Fmt.Inv, $"Downgrades lean rate-sensitive: {Fmt.Pct(rateShare)} of them in Financials, Real Estate and Utilities ({Fmt.Pct(rateW / totalWeight)} of the weight) against {Fmt.Pct(cycShare)} in cyclicals ({Fmt.Pct(cycW / totalWeight)})."),
                SectorGroups.Cyclical => string.Create(Fmt.Inv, $"Downgrades lean cyclical: {Fmt.Pct(cycShare)} of them in Industrials, Consumer Discretionary, Energy and Materials ({Fmt.Pct(cycW / totalWeight)} of the weight) against {Fmt.Pct(rateShare)} in rate-sensitive sectors ({Fmt.Pct(rateW / totalWeight)})."),
                _ => string.Create(Fmt.Inv, $"Downgrades are not concentrated: {Fmt.Pct(rateShare)} rate-sensitive ({Fmt.Pct(rateW / totalWeight)} of the weight), {Fmt.Pct(cycShare)} cyclical ({Fmt.Pct(cycW / totalWeight)})."),
            });
        }

        foreach (var n in notes)
            sb.Append(Fmt.Inv, $" {char.ToUpperInvariant(n[0])}{n[1..]}.");

        var facts = new FactsBuilder().Text("source", Source).Text("label", label.Text()).Date("window_start", start).Date("latest_snapshot", latest)
            .Date("first_snapshot", first).Date("holdings_as_of", input.HoldingsAsOf).Num("net_score", net, 4)
            .Num("net_score_recent_half", recent, 4).Num("net_score_earlier_half", earlier, 4);
        for (var k = 0; k < priorEnds.Count; k++)
            facts.Date($"prior_window_end_{o.PriorCycleWeeks[k]}w", priorEnds[k]).Num($"net_score_{o.PriorCycleWeeks[k]}w_earlier", priorScores[k], 4);
        foreach (var r in rows)
        {
            var key = r.Sector.ToLowerInvariant().Replace(' ', '_');
            facts.Int(key + "_upgrades", r.Upgrades).Int(key + "_downgrades", r.Downgrades).Num(key + "_net", r.Net, 4);
        }

        facts.Int("members_upgrades", memberTotal.Upgrades).Int("members_downgrades", memberTotal.Downgrades).Num("members_net", memberTotal.Net, 4)
            .Int("non_members_upgrades", nonMembers.Upgrades).Int("non_members_downgrades", nonMembers.Downgrades).Num("non_members_net", nonMembers.Net, 4)
            .Text("downgrade_flags", flagged.Count == 0 ? "none" : string.Join(", ", flagged))
            .Num("rate_sensitive_downgrade_share", rateShare, 4).Num("cyclical_downgrade_share", cycShare, 4).Text("concentration", concentration)
            .Text("notes", notes.Count == 0 ? "none" : string.Join("; ", notes));
        return new EarningsRevisionResult
        {
            Date = date,
            LatestWeek = latest,
            PriorWeeks = priorEnds,
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
            Source = Source,
            WindowStart = start,
            Members = memberTotal,
            NonMembers = nonMembers,
            Notes = notes,
        };
    }

    private static double Nz(double v) => double.IsNaN(v) ? 0 : v;

    private static string GroupOf(string sector) => SectorWeights.Default.Find(sector)?.Group ?? SectorGroups.Other;

    /// <summary>Σ weight·net / Σ weight over the member sectors with at least one revision in the window.</summary>
    private static double Score(Dictionary<string, (int Up, int Down)> bySector, Dictionary<string, double> weights)
    {
        double sw = 0, swn = 0;
        foreach (var (sector, c) in bySector)
        {
            if (c.Up + c.Down == 0 || !weights.TryGetValue(sector, out var w) || !(w > 0))
                continue;
            sw += w;
            swn += w * (c.Up - c.Down) / (c.Up + c.Down);
        }

        return sw > 0 ? swn / sw : double.NaN;
    }

    private static EarningsRevisionResult NotAvailable(DateOnly date, EarningsRevisionOptions o, string why, DateOnly? latest = null) =>
        EarningsRevisionResult.NotAvailable(date, o, $"Earnings revisions: n/a — {why}.",
            new FactsBuilder().Text("source", Source).Text("label", RevisionLabel.NotAvailable.Text()).Text("reason", why).Date("latest_snapshot", latest).Build(), Source);

    private sealed record Window(Dictionary<string, (int Up, int Down)> BySector, RevisionCount NonMembers, double Score);
}
