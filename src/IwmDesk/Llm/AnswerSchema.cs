using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IwmDesk.Llm;

/// <summary>What a field of a step's answer holds, and so how it is validated and grounded.</summary>
public enum FieldKind
{
    /// <summary>Free text; every number in it must be grounded in the facts.</summary>
    Text,

    /// <summary>One of a fixed set of strings (matched case-insensitively, stored in its canonical spelling).</summary>
    Enum,

    /// <summary>A JSON number; its value must be grounded in the facts.</summary>
    Number,

    /// <summary>A JSON integer; its value must be grounded in the facts.</summary>
    Integer,

    /// <summary>A date written <c>YYYY-MM-DD</c>; it must appear among the dates in the facts or the prompt.</summary>
    Date,

    /// <summary>A list of objects of one shape (<see cref="SchemaField.Shape"/>).</summary>
    List,

    /// <summary>A nested object (<see cref="SchemaField.Shape"/>).</summary>
    Object,
}

/// <summary>One field of an <see cref="AnswerSchema"/>. Every field is required and none may be null.</summary>
public sealed class SchemaField
{
    private SchemaField(string name, FieldKind kind, string description, IReadOnlyList<string> allowed, AnswerSchema? shape)
    {
        if (string.IsNullOrWhiteSpace(name) || !AnswerSchema.IsValidName(name))
            throw new ArgumentOutOfRangeException(nameof(name), name, "must be 1-64 letters, digits, underscores or hyphens");
        Name = name;
        Kind = kind;
        Description = description;
        AllowedValues = allowed;
        Shape = shape;
    }

    /// <summary>The JSON property name (snake_case).</summary>
    public string Name { get; }

    /// <summary>What the field holds.</summary>
    public FieldKind Kind { get; }

    /// <summary>What the model should put there (sent with the schema).</summary>
    public string Description { get; }

    /// <summary>The allowed values of an <see cref="FieldKind.Enum"/> field; empty otherwise.</summary>
    public IReadOnlyList<string> AllowedValues { get; }

    /// <summary>The shape of a <see cref="FieldKind.List"/> item or an <see cref="FieldKind.Object"/>; null otherwise.</summary>
    public AnswerSchema? Shape { get; }

    /// <summary>A free-text field.</summary>
    public static SchemaField Text(string name, string description) => new(name, FieldKind.Text, description, [], null);

    /// <summary>A field holding one of <paramref name="values"/>.</summary>
    public static SchemaField Enum(string name, string description, params string[] values)
    {
        if (values.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(values), "an enum field needs at least one value");
        return new(name, FieldKind.Enum, description, [.. values], null);
    }

    /// <summary>A number field.</summary>
    public static SchemaField Number(string name, string description) => new(name, FieldKind.Number, description, [], null);

    /// <summary>An integer field.</summary>
    public static SchemaField Integer(string name, string description) => new(name, FieldKind.Integer, description, [], null);

    /// <summary>A date field (YYYY-MM-DD).</summary>
    public static SchemaField Date(string name, string description) => new(name, FieldKind.Date, description, [], null);

    /// <summary>A list of objects shaped by <paramref name="items"/>.</summary>
    public static SchemaField ListOf(string name, string description, AnswerSchema items) =>
        new(name, FieldKind.List, description, [], items);

    /// <summary>A nested object shaped by <paramref name="shape"/>.</summary>
    public static SchemaField Object(string name, string description, AnswerSchema shape) =>
        new(name, FieldKind.Object, description, [], shape);
}

/// <summary>
/// The answer shape of one workflow step: an object whose fields are all required, with no other properties.
/// It renders to the JSON Schema subset that providers accept in strict structured-output mode (types, enum,
/// required, additionalProperties false, descriptions; no formats, patterns or bounds), and validates a reply.
/// </summary>
public sealed class AnswerSchema
{
    /// <summary>Creates a schema.</summary>
    /// <param name="name">Name sent to the provider (letters, digits, underscores).</param>
    /// <param name="fields">The fields, all required.</param>
    public AnswerSchema(string name, params SchemaField[] fields)
    {
        if (!IsValidName(name))
            throw new ArgumentOutOfRangeException(nameof(name), name, "must be 1-64 letters, digits, underscores or hyphens");
        if (fields.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(fields), "a schema needs at least one field");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (!seen.Add(f.Name))
                throw new ArgumentOutOfRangeException(nameof(fields), f.Name, "duplicate field name");
        }

        Name = name;
        Fields = fields;
    }

    /// <summary>The schema's name.</summary>
    public string Name { get; }

    /// <summary>The fields, in order.</summary>
    public IReadOnlyList<SchemaField> Fields { get; }

    /// <summary>The JSON Schema (strict subset) of the answer.</summary>
    public JsonObject ToJsonSchema()
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var f in Fields)
        {
            properties[f.Name] = FieldSchema(f);
            required.Add(f.Name);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
            ["additionalProperties"] = false,
        };
    }

    /// <summary>A compact one-line description of the fields for the instructions (used in every response mode).</summary>
    public string Describe()
    {
        var parts = new List<string>(Fields.Count);
        foreach (var f in Fields)
            parts.Add(DescribeField(f));
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>
    /// Checks <paramref name="answer"/> against the schema. Returns the normalised answer (enum values in canonical
    /// spelling, unknown properties dropped), the problems that make it invalid, and notes about what was changed.
    /// </summary>
    public SchemaCheck Validate(JsonObject answer)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        var normalised = ValidateObject(answer, "", problems, notes);
        return new SchemaCheck(normalised, problems, notes);
    }

    internal static bool IsValidName(string name)
    {
        if (name.Length == 0 || name.Length > 64)
            return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
                return false;
        }

        return true;
    }

    private static JsonObject FieldSchema(SchemaField f)
    {
        var o = f.Kind switch
        {
            FieldKind.Text => new JsonObject { ["type"] = "string" },
            FieldKind.Enum => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. f.AllowedValues.Select(v => (JsonNode)v)]) },
            FieldKind.Number => new JsonObject { ["type"] = "number" },
            FieldKind.Integer => new JsonObject { ["type"] = "integer" },
            FieldKind.Date => new JsonObject { ["type"] = "string" },
            FieldKind.List => new JsonObject { ["type"] = "array", ["items"] = f.Shape!.ToJsonSchema() },
            FieldKind.Object => f.Shape!.ToJsonSchema(),
            _ => throw new InvalidOperationException("unknown field kind " + f.Kind),
        };
        var description = f.Kind == FieldKind.Date ? Join(f.Description, "date as YYYY-MM-DD") : f.Description;
        if (!string.IsNullOrEmpty(description))
            o["description"] = description;
        return o;
    }

    private static string Join(string a, string b) => string.IsNullOrEmpty(a) ? b : a + " (" + b + ")";

    private static string DescribeField(SchemaField f) => f.Kind switch
    {
        FieldKind.Enum => $"\"{f.Name}\": one of {string.Join(" | ", f.AllowedValues.Select(v => "\"" + v + "\""))}",
        FieldKind.Number => $"\"{f.Name}\": number ({f.Description})",
        FieldKind.Integer => $"\"{f.Name}\": integer ({f.Description})",
        FieldKind.Date => $"\"{f.Name}\": \"YYYY-MM-DD\" ({f.Description})",
        FieldKind.List => $"\"{f.Name}\": [{f.Shape!.Describe()}, ...] ({f.Description})",
        FieldKind.Object => $"\"{f.Name}\": {f.Shape!.Describe()}",
        _ => $"\"{f.Name}\": string ({f.Description})",
    };

    private JsonObject ValidateObject(JsonObject answer, string path, List<string> problems, List<string> notes)
    {
        var result = new JsonObject();
        foreach (var f in Fields)
        {
            var fieldPath = path.Length == 0 ? f.Name : path + "." + f.Name;
            if (!answer.TryGetPropertyValue(f.Name, out var node))
            {
                problems.Add($"{fieldPath} is missing");
                continue;
            }

            if (node is null)
            {
                problems.Add($"{fieldPath} is null");
                continue;
            }

            var value = ValidateField(f, node, fieldPath, problems, notes);
            if (value is not null)
                result[f.Name] = value;
        }

        foreach (var (key, _) in answer)
        {
            if (!Fields.Any(f => f.Name == key))
                notes.Add($"ignored unknown property {(path.Length == 0 ? key : path + "." + key)}");
        }

        return result;
    }

    private static JsonNode? ValidateField(SchemaField f, JsonNode node, string path, List<string> problems, List<string> notes)
    {
        switch (f.Kind)
        {
            case FieldKind.Text:
                if (!TryString(node, out var text))
                    return Fail(problems, $"{path} must be a string");
                if (string.IsNullOrWhiteSpace(text))
                    return Fail(problems, $"{path} is empty");
                return JsonValue.Create(text);

            case FieldKind.Enum:
                if (!TryString(node, out var raw))
                    return Fail(problems, $"{path} must be a string, one of {string.Join(", ", f.AllowedValues)}");
                var trimmed = raw.Trim();
                var canonical = f.AllowedValues.FirstOrDefault(v => string.Equals(v, trimmed, StringComparison.OrdinalIgnoreCase));
                if (canonical is null)
                    return Fail(problems, $"{path} is \"{raw}\", not one of {string.Join(", ", f.AllowedValues)}");
                if (!string.Equals(canonical, raw, StringComparison.Ordinal))
                    notes.Add($"{path}: \"{raw}\" read as \"{canonical}\"");
                return JsonValue.Create(canonical);

            case FieldKind.Number:
            case FieldKind.Integer:
                if (node is not JsonValue nv || nv.GetValueKind() != JsonValueKind.Number)
                    return Fail(problems, $"{path} must be a JSON number");
                if (!TryNumber(nv, out var d) || !double.IsFinite(d))
                    return Fail(problems, $"{path} is not a finite number");
                if (f.Kind == FieldKind.Integer && d != Math.Floor(d))
                    return Fail(problems, $"{path} must be an integer");
                return node.DeepClone();

            case FieldKind.Date:
                if (!TryString(node, out var ds) || !DateOnly.TryParseExact(ds.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    return Fail(problems, $"{path} must be a date written YYYY-MM-DD");
                return JsonValue.Create(ds.Trim());

            case FieldKind.List:
                if (node is not JsonArray array)
                    return Fail(problems, $"{path} must be a list");
                var list = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var itemPath = $"{path}[{i}]";
                    if (array[i] is not JsonObject item)
                    {
                        problems.Add($"{itemPath} must be an object");
                        continue;
                    }

                    list.Add(f.Shape!.ValidateObject(item, itemPath, problems, notes));
                }

                return list;

            case FieldKind.Object:
                if (node is not JsonObject obj)
                    return Fail(problems, $"{path} must be an object");
                return f.Shape!.ValidateObject(obj, path, problems, notes);

            default:
                throw new InvalidOperationException("unknown field kind " + f.Kind);
        }
    }

    /// <summary>The value of a JSON number node, whatever CLR type backs it.</summary>
    internal static bool TryNumber(JsonValue value, out double number) =>
        double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    private static bool TryString(JsonNode node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = "";
        return false;
    }

    private static JsonNode? Fail(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }
}

/// <summary>The result of <see cref="AnswerSchema.Validate"/>.</summary>
/// <param name="Answer">The normalised answer (valid only when <paramref name="Problems"/> is empty).</param>
/// <param name="Problems">Why the answer is invalid (empty when valid).</param>
/// <param name="Notes">What normalisation changed (an enum's spelling, an unknown property dropped).</param>
public sealed record SchemaCheck(JsonObject Answer, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    /// <summary>True when the answer fits the schema.</summary>
    public bool IsValid => Problems.Count == 0;
}
