using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IwmDesk.Panel;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IwmDesk.Signals;

/// <summary>The direction a rule claims.</summary>
public enum SignalDirection
{
    /// <summary>Expects IWM higher over the horizon.</summary>
    Bullish = 0,

    /// <summary>Expects IWM lower over the horizon.</summary>
    Bearish = 1,
}

/// <summary>The figures a rule is quoted with (fractions), for one horizon.</summary>
public sealed record ClaimedFigures(int Horizon, double? WinRate, double? Mean);

/// <summary>One threshold grid of a sweep: from, to (inclusive), step.</summary>
public sealed record SweepRange(double From, double To, double Step)
{
    /// <summary>The grid's values in order.</summary>
    public double[] Values()
    {
        var n = (int)Math.Floor(((To - From) / Step) + 1e-9) + 1;
        var v = new double[n];
        for (var i = 0; i < n; i++)
            v[i] = Math.Round(From + (i * Step), 10);
        return v;
    }
}

/// <summary>A signal rule: tiered, with its claimed direction, horizons and figures, and a parsed condition.</summary>
public sealed record SignalRule(
    string Name,
    int Tier,
    string Label,
    SignalDirection Direction,
    IReadOnlyList<int> Horizons,
    ClaimedFigures? Claimed,
    string ConditionText,
    ConditionNode Condition,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, SweepRange> Sweep)
{
    /// <summary>
    /// A rule the desk added to measure a hypothesis (<c>candidate: true</c> in the rules file), not one the source
    /// material states: measured like the others, but not a claim for the claims audit.
    /// </summary>
    public bool Candidate { get; init; }

    /// <summary>The condition with its parameters written in (e.g. <c>gex &lt; 0 and vix &gt;= 20</c>).</summary>
    public string BoundConditionText => BindText(Parameters);

    /// <summary>The condition text with the given parameter values written in.</summary>
    public string BindText(IReadOnlyDictionary<string, double> values) =>
        Regex.Replace(ConditionText, @"\$([A-Za-z_][A-Za-z0-9_]*)", m =>
            values.TryGetValue(m.Groups[1].Value, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : m.Value);
}

/// <summary>A loaded set of rules (the shipped defaults or the user's --rules file).</summary>
public sealed class RuleSet
{
    private RuleSet(IReadOnlyList<SignalRule> rules, string source, string hash)
    {
        Rules = rules;
        Source = source;
        Hash = hash;
    }

    /// <summary>The rules in file order.</summary>
    public IReadOnlyList<SignalRule> Rules { get; }

    /// <summary>Where the rules came from ("built-in" or the file path).</summary>
    public string Source { get; }

    /// <summary>SHA-256 (hex) of the rules text, for the journal.</summary>
    public string Hash { get; }

    /// <summary>The most grid points one rule's sweep may have (the product of its parameters' grid sizes).</summary>
    public const int MaxSweepPoints = 10_000;

    /// <summary>The rules shipped with the tool.</summary>
    public static RuleSet Default()
    {
        using var stream = typeof(RuleSet).Assembly.GetManifestResourceStream("IwmDesk.default-rules.yaml")
            ?? throw new InvalidOperationException("default rules resource missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), "built-in rules");
    }

    /// <summary>The rules in <paramref name="path"/>, or the defaults when null.</summary>
    public static RuleSet Load(string? path)
    {
        if (path is null)
            return Default();
        if (!File.Exists(path))
            throw new IwmDeskException($"{path}: rules file not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses rules YAML; every problem names the source, the rule and what is wrong.</summary>
    public static RuleSet Parse(string yaml, string source)
    {
        RulesFile? file;
        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build();
            file = deserializer.Deserialize<RulesFile>(yaml);
        }
        catch (YamlException ex)
        {
            throw new IwmDeskException($"{source}:{ex.Start.Line}: {FirstLine(ex.InnerException?.Message ?? ex.Message)}", ex);
        }

        if (file?.Rules is not { Count: > 0 })
            throw new IwmDeskException($"{source}: no rules (expected a top-level 'rules:' list)");
        var columns = new HashSet<string>(PanelColumns.Numeric, StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var rules = new List<SignalRule>(file.Rules.Count);
        for (var i = 0; i < file.Rules.Count; i++)
        {
            var r = file.Rules[i];
            var name = string.IsNullOrWhiteSpace(r.Name) ? $"#{i + 1}" : r.Name.Trim();
            string Where(string what) => $"{source}: rule '{name}': {what}";
            if (string.IsNullOrWhiteSpace(r.Name))
                throw new IwmDeskException(Where("missing 'name'"));
            if (!names.Add(name))
                throw new IwmDeskException(Where("duplicate rule name"));
            foreach (var ch in r.Name + r.Label)
            {
                if (char.IsControl(ch))
                    throw new IwmDeskException(string.Create(CultureInfo.InvariantCulture, $"{source}: rule #{i + 1}: the name or label holds the control character U+{(int)ch:X4}: refused (it would reach the terminal raw)"));
            }
            if (r.Tier is < 1 or > 3)
                throw new IwmDeskException(Where($"tier must be 1, 2 or 3 (found {r.Tier})"));
            var direction = (r.Direction ?? "bullish").Trim().ToLowerInvariant() switch
            {
                "bullish" => SignalDirection.Bullish,
                "bearish" => SignalDirection.Bearish,
                var d => throw new IwmDeskException(Where($"direction must be bullish or bearish (found '{d}')")),
            };
            var horizons = r.Horizons is { Count: > 0 } ? r.Horizons : [5];
            foreach (var h in horizons)
            {
                if (h is < 1 or > 252)
                    throw new IwmDeskException(Where($"horizon {h} must be 1..252 trading days"));
            }

            if (string.IsNullOrWhiteSpace(r.Condition))
                throw new IwmDeskException(Where("missing 'condition'"));
            ConditionNode node;
            try
            {
                node = ConditionParser.Parse(r.Condition, columns);
            }
            catch (ConditionSyntaxException ex)
            {
                throw new IwmDeskException(Where($"condition {ex.Message}"), ex);
            }

            var parameters = new Dictionary<string, double>(r.Params ?? [], StringComparer.Ordinal);
            foreach (var p in Regex.Matches(r.Condition, @"\$([A-Za-z_][A-Za-z0-9_]*)").Select(m => m.Groups[1].Value))
            {
                if (!parameters.ContainsKey(p))
                    throw new IwmDeskException(Where($"condition uses ${p} but 'params' gives it no value"));
            }

            var sweep = new Dictionary<string, SweepRange>(StringComparer.Ordinal);
            var points = 1.0;
            foreach (var (p, g) in r.Sweep ?? [])
            {
                if (!parameters.ContainsKey(p))
                    throw new IwmDeskException(Where($"sweep names ${p}, which the condition does not use"));
                if (g is null || !(g.Step > 0) || g.To < g.From || !double.IsFinite(g.From) || !double.IsFinite(g.To) || !double.IsFinite(g.Step))
                    throw new IwmDeskException(Where($"sweep for ${p} needs finite numbers with from ≤ to and step > 0"));
                points *= Math.Floor(((g.To - g.From) / g.Step) + 1e-9) + 1;
                if (!(points <= MaxSweepPoints))
                {
                    throw new IwmDeskException(Where(string.Create(CultureInfo.InvariantCulture,
                        $"the sweep grid has {points:G4} points; at most {MaxSweepPoints} per rule are tried (use a larger step or a narrower range)")));
                }

                sweep[p] = new SweepRange(g.From, g.To, g.Step);
            }

            ClaimedFigures? claimed = null;
            if (r.Claimed is { } c)
            {
                if (c.WinRate is < 0 or > 1)
                    throw new IwmDeskException(Where("claimed win_rate must be a fraction between 0 and 1"));
                claimed = new ClaimedFigures(c.Horizon ?? horizons[0], c.WinRate, c.Mean);
            }

            rules.Add(new SignalRule(name, r.Tier, r.Label ?? "", direction, horizons, claimed, r.Condition.Trim(), node, parameters, sweep) { Candidate = r.Candidate });
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        return new RuleSet(rules, source, hash);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    // YAML shape (snake_case keys).
    private sealed class RulesFile
    {
        public List<RuleDto>? Rules { get; set; }
    }

    private sealed class RuleDto
    {
        public string? Name { get; set; }

        public int Tier { get; set; }

        public string? Label { get; set; }

        public string? Direction { get; set; }

        public List<int>? Horizons { get; set; }

        public ClaimedDto? Claimed { get; set; }

        public bool Candidate { get; set; }

        public string? Condition { get; set; }

        public Dictionary<string, double>? Params { get; set; }

        public Dictionary<string, SweepDto?>? Sweep { get; set; }
    }

    private sealed class ClaimedDto
    {
        public int? Horizon { get; set; }

        public double? WinRate { get; set; }

        public double? Mean { get; set; }
    }

    private sealed class SweepDto
    {
        public double From { get; set; }

        public double To { get; set; }

        public double Step { get; set; }
    }
}
