using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IwmDesk.Llm;

/// <summary>A number as written in text: its digits, the scale and unit written after it, and whether it is exempt.</summary>
/// <param name="Text">The number as written, with its unit (e.g. <c>2.67%</c>, <c>$1.2B</c>, <c>25 bp</c>).</param>
/// <param name="Mantissa">The absolute value of the digits as written (1.2 in <c>1.2B</c>).</param>
/// <param name="Decimals">Digits written after the decimal point (sets the rounding tolerance).</param>
/// <param name="Scale">Multiplier from a suffix: 1, 1e3 (k, thousand), 1e6 (M, mn, million), 1e9 (B, bn, billion), 1e12.</param>
/// <param name="Unit">Percent, basis points, or none.</param>
/// <param name="Exemption">Why the number need not be grounded (small integer, year, ordinal, window length, identifier), or null.</param>
public sealed record NumberToken(string Text, double Mantissa, int Decimals, double Scale, NumberUnit Unit, string? Exemption)
{
    /// <summary>The absolute value the text states, in its own unit (2.67 for <c>2.67%</c>, 1.2e9 for <c>1.2B</c>).</summary>
    public double Value => Mantissa * Scale;
}

/// <summary>The unit written after a number.</summary>
public enum NumberUnit
{
    /// <summary>A plain number.</summary>
    None,

    /// <summary>Written with <c>%</c> (or "percent").</summary>
    Percent,

    /// <summary>Written with <c>bp</c>/<c>bps</c>/"basis points".</summary>
    BasisPoints,
}

/// <summary>A number (or date) in the answer that matches nothing in the facts.</summary>
/// <param name="Field">Where it was found, e.g. <c>narrative</c> or <c>analogs[0].date</c>.</param>
/// <param name="Text">As written.</param>
public sealed record UngroundedNumber(string Field, string Text);

/// <summary>The outcome of the grounding check of one answer.</summary>
/// <param name="NumbersChecked">Numbers and dates that had to match a fact.</param>
/// <param name="NumbersExempt">Numbers that did not have to (small integers, years, ordinals, window lengths, identifiers).</param>
/// <param name="Ungrounded">Those that matched nothing.</param>
public sealed record GroundingReport(int NumbersChecked, int NumbersExempt, IReadOnlyList<UngroundedNumber> Ungrounded)
{
    /// <summary>True when every checked number matched a fact.</summary>
    public bool IsGrounded => Ungrounded.Count == 0;

    /// <summary>The offending numbers as one line, e.g. <c>3.4% (narrative), 12 (risk)</c>.</summary>
    public string Describe() => string.Join(", ", Ungrounded.Select(u => $"{u.Text} ({u.Field})"));
}

/// <summary>
/// The numbers and dates a step was given (its facts and its prompt), and the matcher that decides whether a number
/// in the model's answer is one of them. Matching rules (see docs/llm.md):
/// <list type="bullet">
/// <item>Signs are ignored (the words carry them: "down 1.5%" for -0.015).</item>
/// <item>A number matches a fact when the fact, rounded or truncated to the decimals written, equals it:
///   1,234.5 matches 1234.46; 1.2B matches 1,234,567,890.</item>
/// <item>Percent and fraction are one: 2.67% (or 2.67) matches 0.0267 and 2.67; 25 bp matches 0.0025.</item>
/// <item>Exempt: integers 0..10 written without unit (counts, ordinals: "3 analogs"), years 1990..2100, ordinals (3rd),
///   window lengths (50-day, 14-period), integers glued to letters or bracketed after a name (SMA200, Q3, 10Y, RSI(14)),
///   dates, clock times and index names (S&amp;P 500, Russell 2000). A number with decimals is always checked.</item>
/// </list>
/// </summary>
public sealed partial class FactIndex
{
    private const double RelativeEpsilon = 1e-9;
    private readonly List<double> _values = [];
    private readonly HashSet<string> _dates = new(StringComparer.Ordinal);

    private FactIndex()
    {
    }

    /// <summary>Distinct fact values held (for tests and diagnostics).</summary>
    public int Count => _values.Count;

    /// <summary>Builds the index from the facts (as JSON) and the rendered prompt text.</summary>
    public static FactIndex Build(JsonNode? facts, string? prompt)
    {
        var index = new FactIndex();
        if (facts is not null)
            index.AddNode(facts);
        if (!string.IsNullOrEmpty(prompt))
            index.AddText(prompt);
        index._values.Sort();
        return index;
    }

    /// <summary>True when <paramref name="isoDate"/> (YYYY-MM-DD) appears in the facts or prompt.</summary>
    public bool HasDate(string isoDate) => _dates.Contains(isoDate);

    /// <summary>True when the number as written matches a fact (see the class remarks for the rules).</summary>
    public bool Matches(NumberToken token)
    {
        var unit = Math.Pow(10, -token.Decimals) * token.Scale;
        var v = token.Value;
        foreach (var f in _values)
        {
            if (token.Unit == NumberUnit.BasisPoints)
            {
                if (Near(f * 10_000, v, unit))
                    return true;
                continue;
            }

            // A fraction may be written as a percent and a percent-unit fact as it is, with or without the % sign.
            if (Near(f, v, unit) || Near(f * 100, v, unit))
                return true;
        }

        return false;
    }

    /// <summary>Finds the numbers written in <paramref name="text"/>, with their exemptions. Dates and times are skipped.</summary>
    public static IReadOnlyList<NumberToken> ExtractNumbers(string text)
    {
        var tokens = new List<NumberToken>();
        var masked = MaskDates(text, null);
        foreach (Match m in NumberRegex().Matches(masked))
        {
            var token = ReadToken(masked, m);
            if (token is not null)
                tokens.Add(token);
        }

        return tokens;
    }

    /// <summary>Checks an answer's free-text, number and date fields against the facts.</summary>
    public GroundingReport Check(JsonObject answer, AnswerSchema schema)
    {
        var ungrounded = new List<UngroundedNumber>();
        var counts = new int[2];
        CheckObject(answer, schema, "", ungrounded, counts);
        return new GroundingReport(counts[0], counts[1], ungrounded);
    }

    private void CheckObject(JsonObject answer, AnswerSchema schema, string path, List<UngroundedNumber> ungrounded, int[] counts)
    {
        foreach (var f in schema.Fields)
        {
            var fieldPath = path.Length == 0 ? f.Name : path + "." + f.Name;
            if (!answer.TryGetPropertyValue(f.Name, out var node) || node is null)
                continue;
            switch (f.Kind)
            {
                case FieldKind.Text when node is JsonValue v && v.TryGetValue<string>(out var text):
                    foreach (var token in ExtractNumbers(text))
                    {
                        if (token.Exemption is not null)
                        {
                            counts[1]++;
                            continue;
                        }

                        counts[0]++;
                        if (!Matches(token))
                            ungrounded.Add(new UngroundedNumber(fieldPath, token.Text));
                    }

                    break;

                case FieldKind.Number or FieldKind.Integer when node is JsonValue:
                    counts[0]++;
                    var raw = node.ToJsonString();
                    var numberToken = TokenFromJsonNumber(raw);
                    if (numberToken is null || !Matches(numberToken))
                        ungrounded.Add(new UngroundedNumber(fieldPath, raw));
                    break;

                case FieldKind.Date when node is JsonValue d && d.TryGetValue<string>(out var date):
                    counts[0]++;
                    if (!HasDate(date))
                        ungrounded.Add(new UngroundedNumber(fieldPath, date));
                    break;

                case FieldKind.List when node is JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonObject item)
                            CheckObject(item, f.Shape!, $"{fieldPath}[{i}]", ungrounded, counts);
                    }

                    break;

                case FieldKind.Object when node is JsonObject obj:
                    CheckObject(obj, f.Shape!, fieldPath, ungrounded, counts);
                    break;
            }
        }
    }

    private static NumberToken? TokenFromJsonNumber(string raw)
    {
        // JSON numbers may use exponents (1.5e-3); the decimals that matter are those of the plain form.
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            return null;
        var plain = Math.Abs(value).ToString("0.##########", CultureInfo.InvariantCulture);
        var dot = plain.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : plain.Length - dot - 1;
        return new NumberToken(raw, Math.Abs(value), decimals, 1, NumberUnit.None, null);
    }

    private static bool Near(double fact, double written, double unit)
    {
        var eps = RelativeEpsilon * Math.Max(1, Math.Abs(fact));
        var diff = fact - written;
        // Rounded to the written precision, or truncated to it.
        return Math.Abs(diff) <= (unit / 2) + eps || (diff >= -eps && diff < unit - eps);
    }

    private void AddNode(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (child is not null)
                        AddNode(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                        AddNode(child);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                if (AnswerSchema.TryNumber(v, out var d) && double.IsFinite(d))
                    _values.Add(Math.Abs(d));
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                AddText(v.GetValue<string>());
                break;
        }
    }

    private void AddText(string text)
    {
        MaskDates(text, _dates);
        foreach (var token in ExtractNumbers(text))
        {
            _values.Add(token.Value);
            if (token.Unit == NumberUnit.Percent)
                _values.Add(token.Value / 100);
            else if (token.Unit == NumberUnit.BasisPoints)
                _values.Add(token.Value / 10_000);
        }
    }

    /// <summary>Replaces dates, clock times and index names (S&amp;P 500, Russell 2000) with spaces (so their digits are not read as numbers), collecting ISO dates.</summary>
    private static string MaskDates(string text, HashSet<string>? dates)
    {
        var chars = text.ToCharArray();
        foreach (Match m in DateRegex().Matches(text))
        {
            if (dates is not null && m.Groups["iso"].Success)
                dates.Add(m.Groups["iso"].Value);
            for (var i = m.Index; i < m.Index + m.Length; i++)
                chars[i] = ' ';
        }

        return new string(chars);
    }

    private static NumberToken? ReadToken(string text, Match m)
    {
        var digits = m.Groups["num"].Value;
        var start = m.Index;
        var end = m.Index + m.Length;
        var plain = digits.Replace(",", "", StringComparison.Ordinal);
        if (!double.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mantissa))
            return null;
        var dot = plain.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : plain.Length - dot - 1;
        var hasComma = digits.Contains(',', StringComparison.Ordinal);

        // An integer glued to a letter before it, or in brackets after a name: an identifier (SMA200, Q3, RSI(14)).
        // A number with decimals is a measurement wherever it stands, and is always checked.
        string? exemption = null;
        if (decimals == 0 && start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '_'
                                           || (text[start - 1] == '(' && start > 1 && char.IsLetter(text[start - 2]))))
            exemption = "identifier";

        // What follows: a unit, a scale word, an ordinal, a window length, or letters glued on (10Y, 5d).
        var rest = text.AsSpan(end);
        var written = end;
        var unit = NumberUnit.None;
        var scale = 1.0;
        var suffix = SuffixRegex().Match(text, end);
        if (suffix.Success && suffix.Index == end)
        {
            var s = suffix.Groups["s"].Value;
            switch (s.ToUpperInvariant().Trim())
            {
                case "%":
                case "PERCENT":
                case "PCT":
                    unit = NumberUnit.Percent;
                    break;
                case "BP":
                case "BPS":
                case "BASIS POINTS":
                case "BASIS POINT":
                    unit = NumberUnit.BasisPoints;
                    break;
                case "K":
                case "THOUSAND":
                    scale = 1e3;
                    break;
                case "MN":
                case "MILLION":
                    scale = 1e6;
                    break;
                case "M" when s.Trim() == "M":
                    scale = 1e6;
                    break;
                case "B":
                case "BN":
                case "BILLION":
                    scale = 1e9;
                    break;
                case "T" when s.Trim() == "T":
                case "TRILLION":
                    scale = 1e12;
                    break;
                case "X":
                case "×":
                case "PP":
                case "PT":
                case "PTS":
                case "POINT":
                case "POINTS":
                    break;
                case "ST":
                case "ND":
                case "RD":
                case "TH":
                    exemption ??= "ordinal";
                    break;
                default:
                    if (s.StartsWith('-'))
                        exemption ??= "window length";
                    else if (decimals == 0)
                        exemption ??= "identifier"; // 10Y, 5d, 2Q; 1.7q is still checked
                    break;
            }

            written = end + suffix.Length;
        }
        else if (decimals == 0 && rest.Length > 0 && char.IsLetter(rest[0]))
        {
            exemption ??= "identifier";
        }

        if (exemption is null && unit == NumberUnit.None && scale == 1 && decimals == 0)
        {
            if (mantissa <= 10)
                exemption = "small integer";
            else if (!hasComma && mantissa >= 1990 && mantissa <= 2100)
                exemption = "year";
        }

        var shownStart = start;
        if (shownStart > 0 && text[shownStart - 1] is '$' or '€' or '£')
            shownStart--;
        var shown = text[shownStart..written].Trim();
        return new NumberToken(shown, mantissa, decimals, scale, unit, exemption);
    }

    [GeneratedRegex(@"(?<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();

    // Units and scale words directly after a number; window lengths (-day); ordinals; glued letters (10Y).
    [GeneratedRegex(
        @"\G(?<s>\s?%|\s?(?:percent|pct|bps|bp|basis points?|pp|pts?|points?|thousand|million|billion|trillion)\b|(?:k|K|M|mn|B|bn|T|x|×)(?![A-Za-z])|(?:st|nd|rd|th)(?![A-Za-z])|-(?:day|week|month|year|period|bar|session|minute|hour|d|w|m|y)s?\b|[A-Za-z]+)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SuffixRegex();

    [GeneratedRegex(
        @"(?<iso>\b\d{4}-\d{2}-\d{2}\b)(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?" +
        @"|\b\d{1,2}/\d{1,2}/\d{2,4}\b" +
        @"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?" +
        @"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b(?:,?\s+\d{4}\b)?" +
        @"|\b\d{1,2}:\d{2}(?::\d{2})?\b" +
        @"|(?:\bS&P|\bSPX|\bRussell|\bNasdaq|\bNDX|\bDow|\bDJIA)\s?\d{2,4}\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();
}
