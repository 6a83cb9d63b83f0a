using System.Globalization;
using System.Text.Json.Serialization;
using IwmDesk.Panel;

namespace IwmDesk.Analysts;

/// <summary>The direction a workflow step leans (printed and serialised as "bullish", "bearish", "neutral" and "n/a").</summary>
public enum Bias
{
    /// <summary>The step leans toward IWM higher.</summary>
    Bullish,

    /// <summary>The step leans toward IWM lower.</summary>
    Bearish,

    /// <summary>The step was answered but leans neither way.</summary>
    Neutral,

    /// <summary>The step could not be answered from the data (said plainly in its summary).</summary>
    [JsonStringEnumMemberName("n/a")]
    NotAvailable,
}

/// <summary>The words a bias is printed with (the same as its JSON value), its sign, and the parse of a direction's text.</summary>
public static class Biases
{
    /// <summary>The bias's text: "bullish", "bearish", "neutral" or "n/a".</summary>
    public static string Text(this Bias b) => b switch
    {
        Bias.Bullish => "bullish",
        Bias.Bearish => "bearish",
        Bias.Neutral => "neutral",
        Bias.NotAvailable => "n/a",
        _ => throw new ArgumentOutOfRangeException(nameof(b)),
    };

    /// <summary>+1 for bullish, −1 for bearish, 0 otherwise.</summary>
    public static int Sign(this Bias b) => b switch
    {
        Bias.Bullish => 1,
        Bias.Bearish => -1,
        _ => 0,
    };

    /// <summary>
    /// A direction's text read in any case, surrounding blanks ignored: bullish, bearish, neutral (the journal's
    /// "Bullish", the workflow's "bullish"), or null for anything else (the checklist's "none", "n/a").
    /// </summary>
    public static Bias? ParseDirection(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "BULLISH" => Bias.Bullish,
        "BEARISH" => Bias.Bearish,
        "NEUTRAL" => Bias.Neutral,
        _ => null,
    };

    /// <summary>+1 for a bullish direction's text, −1 for a bearish one, 0 otherwise ("none", "neutral", ...).</summary>
    public static int Sign(string? direction) => ParseDirection(direction)?.Sign() ?? 0;
}

/// <summary>What every analyst returns besides its typed details: a bias, a one-paragraph summary and the facts behind it.</summary>
public interface IStepResult
{
    /// <summary>bullish, bearish, neutral or n/a.</summary>
    Bias Bias { get; }

    /// <summary>One paragraph in plain words, quoting the numbers.</summary>
    string Summary { get; }

    /// <summary>The numbers (and labels) a reader or a chat model may quote, in a stable order. NaN means missing.</summary>
    IReadOnlyDictionary<string, object?> Facts { get; }
}

/// <summary>An ordered facts dictionary with rounding helpers (numbers are rounded so the JSON stays readable).</summary>
internal sealed class FactsBuilder
{
    private readonly OrderedDictionary<string, object?> _facts = new(StringComparer.Ordinal);

    public FactsBuilder Num(string name, double value, int digits = 6)
    {
        _facts[name] = double.IsFinite(value) ? Math.Round(value, digits) : double.NaN;
        return this;
    }

    public FactsBuilder Int(string name, int value)
    {
        _facts[name] = value;
        return this;
    }

    public FactsBuilder Text(string name, string? value)
    {
        _facts[name] = value;
        return this;
    }

    public FactsBuilder Date(string name, DateOnly? value)
    {
        _facts[name] = value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return this;
    }

    public IReadOnlyDictionary<string, object?> Build() => _facts;
}

/// <summary>Resolves "the panel as of D": the rows up to D only, so nothing after D can be read.</summary>
internal static class PanelAsOf
{
    /// <summary>
    /// The view holding rows 0..idx where idx is D's row; throws a user error when D is not in the data. A guard, not a
    /// rule: a requested date is resolved to a day with data first (Session's as-of rule, docs/architecture.md).
    /// </summary>
    public static (FeaturePanel View, int Index) Resolve(FeaturePanel panel, DateOnly? date)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.Count == 0)
            throw new IwmDeskException("no IWM data in the store: import IWM first (iwmdesk data import IWM_daily.csv)");
        var d = date ?? panel.Dates[^1];
        var idx = panel.IndexOnOrBefore(d);
        if (idx < 0)
            throw new IwmDeskException($"no IWM bar on or before {d:yyyy-MM-dd} (data starts {panel.Dates[0]:yyyy-MM-dd})");
        if (panel.Dates[idx] != d)
            throw new IwmDeskException($"{d:yyyy-MM-dd} is not a trading day in the data (nearest earlier bar: {panel.Dates[idx]:yyyy-MM-dd})");
        var view = idx == panel.Count - 1 ? panel : panel.Head(idx + 1);
        return (view, idx);
    }

    /// <summary>The column's value at row i, NaN when the column is absent.</summary>
    public static double Value(FeaturePanel p, string column, int i) => p.TryGet(column) is { } c ? c[i] : double.NaN;

    /// <summary>"uptrend" (close above both averages), "downtrend" (below both), "mixed", or "n/a" (as the forecast's state).</summary>
    public static string Trend(FeaturePanel p, int i)
    {
        var close = Value(p, PanelColumns.Close, i);
        var sma50 = Value(p, PanelColumns.Sma50, i);
        var sma200 = Value(p, PanelColumns.Sma200, i);
        if (double.IsNaN(close) || double.IsNaN(sma50) || double.IsNaN(sma200))
            return "n/a";
        return close > sma50 && close > sma200 ? "uptrend" : close < sma50 && close < sma200 ? "downtrend" : "mixed";
    }
}
