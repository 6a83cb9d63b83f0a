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

    /// <summary>The forecast for <paramref name="date"/> (default: the last bar), with the day's gamma flip when a chain is stored.</summary>
    public static ForecastResult Build(MarketStore store, FeaturePanel panel, RuleSet rules, DateOnly? date, ForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.Count == 0)
            return ForecastBuilder.Build(panel, rules, date, null, options); // throws the "no IWM data" error
        var d = date ?? panel.Dates[^1];
        return ForecastBuilder.Build(panel, rules, date, GammaFlip(store, d), options);
    }

    /// <summary>
    /// The journal run of a forecast: payload = <see cref="ForecastRenderer.Json"/>, one deterministic step holding the
    /// rendered analyst prompt, and two calls — <c>tomorrow</c> (horizon 1) and <c>next_5_days</c> (horizon 5) — each
    /// tagged with the tier-1 rules active on the date.
    /// </summary>
    public static JournalRun ToRun(ForecastResult forecast, RuleSet rules, FeaturePanel panel, string dataHash, string mode = JournalModes.Live)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataHash);
        var tier1 = forecast.ActiveSignals.Where(a => a.Tier == 1).Select(a => a.Name).ToList();
        return new JournalRun
        {
            Kind = JournalKinds.Forecast,
            Mode = mode,
            AsOf = forecast.Date,
            DataSource = forecast.DataSource,
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
