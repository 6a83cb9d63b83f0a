using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IwmDesk.Text;

/// <summary>The one JSON style of every IwmDesk output: snake_case keys, NaN/∞ as null, ISO dates, indented, stable.</summary>
public static class JsonOutput
{
    /// <summary>Serializer options shared by every command's JSON.</summary>
    public static readonly JsonSerializerOptions Options = Create(indented: true);

    /// <summary>The same, on one line (for storage in the journal).</summary>
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    /// <summary>Serializes <paramref name="value"/> with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        o.Converters.Add(new NanAsNullConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>Writes numbers by the one rounding rule (<see cref="JsonNumbers.Round"/>), NaN and infinities as null (JSON has no NaN); reads null back as NaN.</summary>
    private sealed class NanAsNullConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
                writer.WriteNumberValue(JsonNumbers.Round(value));
            else
                writer.WriteNullValue();
        }
    }
}
