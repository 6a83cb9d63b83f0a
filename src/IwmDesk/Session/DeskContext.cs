using IwmDesk.Analysts;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Forecast;
using IwmDesk.Chains;
using IwmDesk.Prompts;
using IwmDesk.Signals;
using IwmDesk.Workflow;

namespace IwmDesk.Session;

/// <summary>Builds the prompt/workflow context for a date from a desk session: panel, rules, chain positioning, revisions.</summary>
public static class DeskContext
{
    /// <summary>
    /// The context for <paramref name="date"/> (default: the last IWM bar), resolved by the as-of rule
    /// (<see cref="Desk.ResolveDate"/>: a day without a bar uses the trading day before it). Chain positioning comes from the IWM chain
    /// stored for that very date (none → the workflow reads the panel's GEX); revisions are those dated on or before it.
    /// </summary>
    public static PromptContext Build(Desk desk, DateOnly? date, RuleSet rules, string? templatesDir = null, FlowPrint? print = null)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var panel = desk.Panel;
        if (panel.Count == 0)
            throw new IwmDeskException("no IWM data in the store: import IWM first (iwmdesk data import IWM_daily.csv)");
        var asOf = desk.ResolveDate(date)?.Date ?? panel.Dates[^1];
        return new PromptContext
        {
            Panel = panel,
            Date = asOf,
            Rules = rules,
            Positioning = Positioning(desk.Store.LoadChain("IWM", asOf), desk.Store),
            Print = print,
            Revisions = desk.Store.LoadRevisions().Where(r => r.Date <= asOf).ToList(),
            Consensus = Consensus(desk.Store, asOf),
            Templates = templatesDir is null ? null : TemplateSource.FromDirectory(templatesDir),
        };
    }

    /// <summary>
    /// The contexts of a replay over many trading days (each from the data up to that day alone, as <see cref="Build"/>
    /// gives for one): the store's revisions, chain days and templates are read once, each day's chain when it has one.
    /// The days must be days with an IWM bar (<see cref="Journal.ReplayEngine.Days"/>).
    /// </summary>
    public static Func<DateOnly, PromptContext> ForReplay(Desk desk, RuleSet rules, string? templatesDir = null)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(rules);
        var panel = desk.Panel;
        var revisions = desk.Store.LoadRevisions();
        var chainDays = desk.Store.ListChains("IWM").Select(c => c.AsOf).ToHashSet();
        var templates = templatesDir is null ? null : TemplateSource.FromDirectory(templatesDir);
        return d => new PromptContext
        {
            Panel = panel,
            Date = d,
            Rules = rules,
            Positioning = chainDays.Contains(d) ? Positioning(desk.Store.LoadChain("IWM", d), desk.Store) : null,
            Revisions = revisions.Where(r => r.Date <= d).ToList(),
            Templates = templates,
        };
    }

    /// <summary>
    /// Prompt <paramref name="name"/> for the context's date, rendered from the workflow's results (the four step
    /// prompts) or from the forecast (quant-analyst): the prompt quotes exactly the figures those answers hold, and the
    /// analysts run once, in the workflow.
    /// </summary>
    public static RenderedPrompt RenderPrompt(string name, PromptContext ctx)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(ctx);
        if (PromptLibrary.List().All(p => p.Name != name))
            throw new IwmDeskException($"unknown prompt '{name}' (known: {string.Join(", ", PromptLibrary.List().Select(p => p.Name))})");
        if (name == PromptLibrary.QuantAnalyst)
        {
            var rules = ctx.Rules ?? RuleSet.Default();
            var (view, i) = PanelAsOf.Resolve(ctx.Panel, ctx.Date);
            var flip = ctx.Positioning is { } p && double.IsFinite(p.Flip) ? p.Flip : (double?)null;
            var forecast = ForecastBuilder.Build(view, rules, view.Dates[i], flip);
            return PromptLibrary.RenderQuant(view, forecast, rules, ctx.Templates);
        }

        return WorkflowRunner.Run(ctx).Steps.First(s => s.Name.Text() == name).Prompt;
    }

    /// <summary>
    /// The stored IWM chain <c>gex</c> reads for <paramref name="date"/>: the latest chain when no date is given;
    /// otherwise the as-of rule (<see cref="AsOf.Resolve"/>) over the stored chain days (of <paramref name="source"/>
    /// when given): the chain of that very day, else of the last chain day before a weekend, holiday or day without a
    /// chain, with the notice in the answer. Chain days are their own data: a chain dated after the last IWM bar is read.
    /// </summary>
    /// <exception cref="IwmDeskException">No chain at all (of the source), or a date outside the stored chain days.</exception>
    public static (OptionChainSnapshot Chain, AsOf? AsOf) Chain(Desk desk, DateOnly? date, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var days = (source is null ? desk.Store.ListChains("IWM") : desk.Store.ListSnapshots("IWM").Where(c => c.Source == source))
            .Select(c => c.AsOf).Distinct().Order().ToList();
        if (days.Count == 0)
        {
            throw new IwmDeskException(source is null
                ? "no IWM chain in the store: import one (iwmdesk data import IWM_chain_….csv)"
                : $"no IWM chain from source '{source}' in the store (see iwmdesk data status)");
        }

        var asOf = date is { } requested ? AsOf.Resolve(days, requested, "IWM chain", "IWM chains" + (source is null ? "" : $" from source '{source}'")) : null;
        var day = asOf?.Date ?? days[^1];
        var chain = desk.Store.LoadChain("IWM", day, source)
            ?? throw new IwmDeskException($"no IWM chain stored for {day:yyyy-MM-dd}" + (source is null ? "" : $" from source '{source}'") + " (see iwmdesk data status)");
        return (chain, asOf);
    }

    /// <summary>
    /// What <c>flow classify</c> reads about the market on <paramref name="date"/> (a trading day with a bar, from
    /// <see cref="Desk.ResolveDate"/>): close, trend, the macro regime and the gamma flip of that day's chain, if stored.
    /// </summary>
    public static FlowContext Flow(Desk desk, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var panel = desk.Panel;
        var macro = MacroRegimeAnalyst.Analyze(panel, date);
        var flip = Positioning(desk.Store.LoadChain("IWM", date), desk.Store)?.Flip;
        return FlowContext.FromPanel(panel, date, macro.Regime, flip is { } f && double.IsFinite(f) ? f : null);
    }

    /// <summary>
    /// The consensus snapshots dated on or before <paramref name="asOf"/> (a snapshot dated D is built before D's open,
    /// so it is known at D's close), the revisions between them back to the earliest window step 4 compares (the same
    /// window of the prior cycles), and the IWM holdings in force at D; null when no snapshot is dated on or before D.
    /// </summary>
    public static ConsensusRevisionInput? Consensus(MarketStore store, DateOnly asOf, WorkflowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var o = (options ?? new WorkflowOptions()).Earnings;
        var dates = store.ConsensusSnapshotDates().Where(d => d <= asOf).ToList();
        if (dates.Count == 0)
            return null;
        var holdings = store.HoldingsInForce("IWM", asOf);

        // Snapshots that all end before the step's window give an n/a without reading a revision (the analyst checks
        // that first): a forecast long after the last snapshot does not load and diff tens of thousands of rows.
        IReadOnlyList<ConsensusRevision> revisions = [];
        if (dates[^1] >= ConsensusRevisionAnalyst.WindowStart(asOf, o.WindowTradingDays))
        {
            var back = o.PriorCycleWeeks.Count == 0 ? 0 : o.PriorCycleWeeks.Max();
            var earliest = ConsensusRevisionAnalyst.WindowStart(asOf.AddDays(-7 * back), o.WindowTradingDays);
            var from = dates.LastOrDefault(d => d < earliest, dates[0]);
            revisions = ConsensusRevisions.Compute(store.LoadConsensusEstimates(from, asOf));
        }

        return new ConsensusRevisionInput
        {
            Snapshots = dates,
            Revisions = revisions,
            Members = holdings is null ? null : ConsensusRevisionInput.MembersOf(holdings),
            Fund = "IWM",
            HoldingsAsOf = holdings?.AsOf,
        };
    }

    /// <summary>Put/call open interest, total GEX, flip and walls of a chain snapshot; null without a chain.</summary>
    /// <param name="chain">The snapshot, or null.</param>
    /// <param name="store">Where spot, rate and dividend yield are resolved from (<see cref="GexInputs"/>); null: the file's spot and the fallbacks.</param>
    public static ChainPositioning? Positioning(OptionChainSnapshot? chain, MarketStore? store = null)
    {
        if (chain is null)
            return null;
        var gex = ChainGex.Compute(chain, store);
        double callOi = 0, putOi = 0;
        foreach (var q in chain.Quotes)
        {
            if (!(q.OpenInterest > 0))
                continue;
            if (q.Right == OptionRight.Call)
                callOi += q.OpenInterest;
            else
                putOi += q.OpenInterest;
        }

        return new ChainPositioning(
            chain.Spot,
            callOi > 0 ? putOi / callOi : double.NaN,
            gex.TotalGexUsdPer1Pct,
            gex.ZeroGammaLevel ?? double.NaN,
            gex.CallWall ?? double.NaN,
            gex.PutWall ?? double.NaN,
            $"IWM chain {chain.AsOf:yyyy-MM-dd}");
    }
}
