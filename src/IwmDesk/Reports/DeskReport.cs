using IwmDesk.Analysts;
using IwmDesk.Analytics.Options;
using IwmDesk.Backtest;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Decision;
using IwmDesk.Forecast;
using IwmDesk.Journal;
using IwmDesk.Chains;
using IwmDesk.Panel;
using IwmDesk.Session;
using IwmDesk.Signals;
using IwmDesk.Workflow;

namespace IwmDesk.Reports;

/// <summary>Settings of the report and the dashboard (the defaults are the documented ones, docs/report.md).</summary>
public sealed record ReportOptions
{
    /// <summary>Bars shown when a chart opens (about a year); the rest of the history is a scroll or zoom away.</summary>
    public int VisibleBars { get; init; } = 260;

    /// <summary>The KRE-vs-IWM window in trading days (the KRE pressure test's divergence window).</summary>
    public int KreWindow { get; init; } = new KreOptions().DivergenceWindow;

    /// <summary>Strikes drawn in the GEX profile: within this fraction of spot.</summary>
    public double GexStrikeRange { get; init; } = 0.12;
}

/// <summary>A signal day that starts an episode of a rule (the first of a run of consecutive signal days).</summary>
/// <param name="Index">Row in the report's panel.</param>
/// <param name="Rule">The rule's name.</param>
/// <param name="Tier">The rule's tier (1 strongest).</param>
/// <param name="Direction">The direction the rule claims.</param>
public sealed record RuleMarker(int Index, string Rule, int Tier, SignalDirection Direction);

/// <summary>A rule as the report's legend lists it.</summary>
/// <param name="Name">Rule name.</param>
/// <param name="Tier">Tier.</param>
/// <param name="Label">Short description.</param>
/// <param name="Direction">Claimed direction.</param>
/// <param name="Condition">The condition with its parameters written in.</param>
/// <param name="Episodes">Episodes up to the report date (markers drawn).</param>
/// <param name="SignalDays">Signal days up to the report date.</param>
public sealed record RuleLegend(string Name, int Tier, string Label, SignalDirection Direction, string Condition, int Episodes, int SignalDays);

/// <summary>
/// Everything the HTML report and the dashboard show for one date D, computed from data dated on or before D only:
/// the panel is cut at D (<see cref="FeaturePanel.Head"/>), the backtest counts only forward windows that closed by D,
/// the chain is D's own, and the journal is scored with what was known on D.
/// </summary>
public sealed class DeskReport
{
    /// <summary>The report date (an IWM trading day).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>How the requested date resolved (the as-of rule); null when none was asked for (the last bar).</summary>
    public AsOf? AsOf { get; init; }

    /// <summary>"sample" or "real".</summary>
    public required DataOrigin DataSource { get; init; }

    /// <summary>Where the store is (for the page's footer).</summary>
    public required string StoreLocation { get; init; }

    /// <summary>The feature panel's rows up to and including D.</summary>
    public required FeaturePanel View { get; init; }

    /// <summary>The panel's first and last dates (the date picker's range).</summary>
    public required (DateOnly First, DateOnly Last) PanelRange { get; init; }

    /// <summary>The reconciled decision for D (shown first, docs/decision.md).</summary>
    public required DeskDecision Decision { get; init; }

    /// <summary>What changed since the previous trading day (null on the first day of the data).</summary>
    public required DayChanges? Changes { get; init; }

    /// <summary>The forecast for D.</summary>
    public required ForecastResult Forecast { get; init; }

    /// <summary>Every rule's measured edge as of D.</summary>
    public required IReadOnlyList<RuleHorizonStats> Backtest { get; init; }

    /// <summary>The workflow for D.</summary>
    public required WorkflowResult Workflow { get; init; }

    /// <summary>D's IWM chain, or null when none is stored for D.</summary>
    public required OptionChainSnapshot? Chain { get; init; }

    /// <summary>The GEX of <see cref="Chain"/>, or null.</summary>
    public required GexResult? Gex { get; init; }

    /// <summary>The inputs <see cref="Gex"/> was valued with (spot, r, q and their sources), or null.</summary>
    public GexSetup? GexSetup { get; init; }

    /// <summary>Every stored IWM snapshot of D (the selected one and any other source kept beside it).</summary>
    public IReadOnlyList<ChainInfo> ChainSnapshots { get; init; } = [];

    /// <summary>The GEX history rows of the stored IWM chain days on or before D.</summary>
    public IReadOnlyList<GexHistoryRow> GexHistory { get; init; } = [];

    /// <summary>Dates of the stored IWM chains on or before D (to say which exist when D has none).</summary>
    public required IReadOnlyList<DateOnly> ChainDates { get; init; }

    /// <summary>The journal's score as known on D.</summary>
    public required StoreScore Journal { get; init; }

    /// <summary>The claims audit on the data up to <see cref="Date"/> (docs/methodology.md, "Claims audit"); null when not built.</summary>
    public Claims.ClaimsAudit? Claims { get; init; }

    /// <summary>Rule episode starts up to D, oldest first.</summary>
    public required IReadOnlyList<RuleMarker> Markers { get; init; }

    /// <summary>The rules with their episode counts.</summary>
    public required IReadOnlyList<RuleLegend> Rules { get; init; }

    /// <summary>The settings used.</summary>
    public required ReportOptions Options { get; init; }
}

/// <summary>Builds a <see cref="DeskReport"/> from a desk session.</summary>
public static class DeskReportBuilder
{
    /// <summary>
    /// The report for <paramref name="date"/> (default: the last IWM bar), resolved by the as-of rule
    /// (<see cref="Desk.ResolveDate"/>): a weekend, a holiday or a weekday missing from the store shows the trading day
    /// before it, and <see cref="DeskReport.AsOf"/> carries the notice the page shows. A date outside the store's bars is refused.
    /// </summary>
    public static DeskReport Build(Desk desk, RuleSet rules, DateOnly? date = null, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(rules);
        options ??= new ReportOptions();
        var panel = desk.Panel;
        var asOf = desk.ResolveDate(date);
        var forecast = ForecastRuns.Build(desk.Store, panel, rules, asOf?.Date);
        var d = forecast.Date;
        var idx = panel.IndexOnOrBefore(d);
        var view = idx == panel.Count - 1 ? panel : panel.Head(idx + 1);
        var backtest = BacktestEngine.Run(view, rules);
        var workflow = WorkflowRunner.Run(DeskContext.Build(desk, d, rules));
        var today = DecisionRuns.Build(desk, forecast, workflow, date);
        var decision = today.Decision;
        var changes = idx > 0 ? DayChanges.Between(DecisionRuns.Build(desk, rules, panel.Dates[idx - 1]), today) : null;
        var chain = desk.Store.LoadChain("IWM", d);
        var gexSetup = chain is null ? null : GexInputs.From(desk.Store).Resolve(chain);
        var gex = chain is null ? null : ChainGex.Compute(chain, gexSetup!);
        var gexHistory = Chains.GexHistory.Build(desk.Store, "IWM").Where(h => h.AsOf <= d).ToList();
        var chainDates = desk.Store.ListChains("IWM").Select(c => c.AsOf).Where(a => a <= d).Order().ToList();
        var runs = new JournalStore(desk.Store).List(to: d);
        var journal = JournalScoring.ScoreStore(desk.Store, runs, asOf: d);
        var (markers, legend) = Markers(view, rules);
        return new DeskReport
        {
            Date = d,
            AsOf = asOf,
            DataSource = view.DataSource,
            StoreLocation = desk.Store.DisplayLocation,
            View = view,
            PanelRange = (panel.Dates[0], panel.Dates[^1]),
            Decision = decision,
            Changes = changes,
            Forecast = forecast,
            Backtest = backtest,
            Workflow = workflow,
            Chain = chain,
            Gex = gex,
            GexSetup = gexSetup,
            ChainSnapshots = desk.Store.ListSnapshots("IWM").Where(c => c.AsOf == d).ToList(),
            GexHistory = gexHistory,
            ChainDates = chainDates,
            Journal = journal,
            Claims = IwmDesk.Claims.ClaimsAuditor.Run(desk.Store, view, rules, backtest),
            Markers = markers,
            Rules = legend,
            Options = options,
        };
    }

    /// <summary>Each rule's episode starts (first day of each run of signal days) over the panel, and the legend.</summary>
    public static (IReadOnlyList<RuleMarker> Markers, IReadOnlyList<RuleLegend> Legend) Markers(FeaturePanel view, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(rules);
        var markers = new List<RuleMarker>();
        var legend = new List<RuleLegend>();
        foreach (var rule in rules.Rules)
        {
            var mask = CompiledCondition.Compile(rule.Condition, view).Evaluate(rule.Parameters);
            int episodes = 0, days = 0;
            for (var i = 0; i < mask.Length; i++)
            {
                if (mask[i] != CompiledCondition.True)
                    continue;
                days++;
                if (i == 0 || mask[i - 1] != CompiledCondition.True)
                {
                    episodes++;
                    markers.Add(new RuleMarker(i, rule.Name, rule.Tier, rule.Direction));
                }
            }

            legend.Add(new RuleLegend(rule.Name, rule.Tier, rule.Label, rule.Direction, rule.BoundConditionText, episodes, days));
        }

        markers.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Tier != b.Tier ? a.Tier.CompareTo(b.Tier) : string.CompareOrdinal(a.Rule, b.Rule));
        return (markers, legend);
    }
}
