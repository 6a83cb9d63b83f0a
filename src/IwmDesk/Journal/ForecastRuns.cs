using IwmDesk.Data;
using IwmDesk.Prompts;
using IwmDesk.Data.Store;
using IwmDesk.Forecast;
using IwmDesk.Chains;
using IwmDesk.Panel;
using IwmDesk.Signals;

namespace IwmDesk.Journal;

/// <summary>Builds forecasts as the CLI does and turns them into journal runs.</summary>
public static class ForecastRuns
{
    /// <summary>The step name of a forecast's one (deterministic) step.</summary>
    public const string Step = "forecast";

    /// <summary>The gamma flip of the IWM chain stored for <paramref name="date"/>, or null when none is stored.</summary>
    public static double? GammaFlip(MarketStore store, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.LoadChain("IWM", date) is { } chain ? ChainGex.Compute(chain, store).ZeroGammaLevel : null;
    }

    /// <summary>
    /// The forecast for <paramref name="date"/> (default: the last bar), with the day's gamma flip when a chain is stored
    /// and the calibrated P(up) learnt from the journal's matured forecast calls (<see cref="CalibrationHistory"/>).
    /// </summary>
    public static ForecastResult Build(MarketStore store, FeaturePanel panel, RuleSet rules, DateOnly? date, ForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.Count == 0)
            return ForecastBuilder.Build(panel, rules, date, null, options); // throws the "no IWM data" error
        var d = date ?? panel.Dates[^1];
        options ??= new ForecastOptions();
        if (options.CalibrationHistory is null)
            options = options with { CalibrationHistory = CalibrationHistory(store, panel) };
        return ForecastBuilder.Build(panel, rules, date, GammaFlip(store, d), options);
    }

    /// <summary>
    /// The journal's forecast calls as calibration history: the latest forecast run per as-of date made on the panel's
    /// kind of data (real or sample), each call with a P(up) whose outcome date lies in the panel (the outcome: IWM's
    /// adjusted close h rows later above the as-of close). The forecast uses only those matured by its own date.
    /// </summary>
    public static List<CalibrationCall> CalibrationHistory(MarketStore store, FeaturePanel panel)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(panel);
        var runs = new JournalStore(store).List(kind: JournalKind.Forecast).Where(r => r.DataSource == panel.DataSource.Text()).ToList();
        var list = new List<CalibrationCall>();
        foreach (var run in JournalScorer.Latest(runs))
            list.AddRange(Matured(panel, run.AsOf, run.Calls.Select(c => (c.Horizon, c.PUp))));
        return list;
    }

    /// <summary>The calls of one date as calibration history (those with a P(up) and an outcome date in the panel).</summary>
    internal static IEnumerable<CalibrationCall> Matured(FeaturePanel panel, DateOnly asOf, IEnumerable<(int Horizon, double? PUp)> calls)
    {
        var t = Array.BinarySearch(panel.Dates, asOf);
        if (t < 0)
            yield break;
        var adj = panel[PanelColumns.AdjClose];
        foreach (var (h, p) in calls)
        {
            var e = t + h;
            if (p is not { } pUp || h < 1 || e >= panel.Count || !(adj[t] > 0) || !(adj[e] > 0))
                continue;
            yield return new CalibrationCall(asOf, h, pUp, panel.Dates[e], adj[e] > adj[t]);
        }
    }

    /// <summary>
    /// The journal run of one asked-for forecast (<c>iwmdesk forecast</c>): <see cref="ToRun(ForecastResult, RuleSet, FeaturePanel, string, JournalMode)"/>
    /// over the data up to its date, with the date that was asked for, and — when a chat model reviewed it — the
    /// review in the payload (<c>model_review</c>) and the model's step in place of the deterministic one.
    /// </summary>
    public static JournalRun ToRun(ForecastResult forecast, RuleSet rules, FeaturePanel panel, DateOnly? requested, Llm.ModelReview? review, string promptText)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(panel);
        var run = ToRun(forecast, rules, panel, PanelHash.UpTo(panel, panel.IndexOnOrBefore(forecast.Date))) with { RequestedDate = requested };
        if (review is null)
            return run;
        var payload = System.Text.Json.Nodes.JsonNode.Parse(run.Payload)!.AsObject();
        payload["model_review"] = review.ToJson(includeCalls: false);
        return run with { Payload = payload.ToJsonString(Text.JsonOutput.Options), Steps = [JournalStep.From(review.Steps[0].Result, promptText)] };
    }

    /// <summary>
    /// The journal run of a forecast: payload = <see cref="ForecastRenderer.Json"/>, one deterministic step holding the
    /// rendered analyst prompt, and two calls — <c>tomorrow</c> (horizon 1) and <c>next_5_days</c> (horizon 5) — each
    /// tagged with the tier-1 rules active on the date.
    /// </summary>
    public static JournalRun ToRun(ForecastResult forecast, RuleSet rules, FeaturePanel panel, string dataHash, JournalMode mode = JournalMode.Live)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataHash);
        var tier1 = forecast.ActiveSignals.Where(a => a.Tier == 1).Select(a => a.Name).ToList();
        return new JournalRun
        {
            Kind = JournalKind.Forecast,
            Mode = mode,
            AsOf = forecast.Date,
            DataSource = forecast.DataSource.Text(),
            DataHash = dataHash,
            RulesHash = forecast.RulesHash,
            Payload = ForecastRenderer.Json(forecast),
            Steps =
            [
                new JournalStep { Step = Step, Prompt = PromptLibrary.RenderQuant(panel, forecast, rules).Text, Status = JournalStepStatus.Deterministic },
            ],
            Calls =
            [
                Call("tomorrow", forecast.Tomorrow, tier1),
                Call("next_5_days", forecast.Next5Days, tier1),
            ],
        };
    }

    private static JournalCall Call(string source, HorizonCall c, IReadOnlyList<string> tier1) => new()
    {
        Source = source,
        Direction = c.Call,
        Probability = double.IsFinite(c.Probability) ? c.Probability : null,
        PUp = double.IsFinite(c.PUp) ? c.PUp : null,
        Horizon = c.Horizon,
        Rules = tier1,
    };
}
