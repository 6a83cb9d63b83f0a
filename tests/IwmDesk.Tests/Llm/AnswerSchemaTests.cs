using System.Text.Json.Nodes;
using IwmDesk.Llm;

namespace IwmDesk.Tests.Llm;

public class AnswerSchemaTests
{
    public static TheoryData<string> Steps => new() { "regime", "kre", "flow", "earnings", "forecast" };

    [Theory]
    [MemberData(nameof(Steps))]
    public void ToJsonSchema_EveryObject_StrictSubset(string step)
    {
        var schema = StepSchemas.ForStep(step).ShouldNotBeNull();
        AssertStrict(schema.ToJsonSchema(), step);
    }

    [Fact]
    public void ToJsonSchema_Regime_EnumsAndNestedList()
    {
        var json = StepSchemas.Regime.ToJsonSchema();
        json["properties"]!["bias"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["bullish", "bearish", "neutral"]);
        json["properties"]!["regime"]!["enum"]!.AsArray().Count.ShouldBe(5);
        json["properties"]!["analogs"]!["type"]!.GetValue<string>().ShouldBe("array");
        json["properties"]!["analogs"]!["items"]!["required"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["date", "catalyst"]);
    }

    [Fact]
    public void Validate_EnumInOtherCase_NormalisedWithNote()
    {
        var check = StepSchemas.Kre.Validate(new JsonObject { ["verdict"] = "Bullish Confirmation", ["bias"] = "BULLISH", ["narrative"] = "ok" });
        check.IsValid.ShouldBeTrue();
        check.Answer["verdict"]!.GetValue<string>().ShouldBe("bullish confirmation");
        check.Answer["bias"]!.GetValue<string>().ShouldBe("bullish");
        check.Notes.Count.ShouldBe(2);
    }

    [Fact]
    public void Validate_UnknownProperty_DroppedWithNote()
    {
        var check = StepSchemas.Kre.Validate(new JsonObject { ["verdict"] = "bullish confirmation", ["bias"] = "bullish", ["narrative"] = "ok", ["confidence"] = 0.9 });
        check.IsValid.ShouldBeTrue();
        check.Answer.ContainsKey("confidence").ShouldBeFalse();
        check.Notes.ShouldBe(["ignored unknown property confidence"]);
    }

    [Fact]
    public void Validate_BadAnswer_ListsEveryProblem()
    {
        var answer = new JsonObject
        {
            ["tomorrow"] = new JsonObject { ["call"] = "up", ["probability"] = "0.6" },
            ["next_5_days"] = null,
            ["strategy"] = "",
        };
        var check = StepSchemas.Forecast.Validate(answer);
        check.Problems.ShouldBe(
        [
            "tomorrow.call is \"up\", not one of bullish, bearish, neutral",
            "tomorrow.probability must be a JSON number",
            "next_5_days is null",
            "strategy is empty",
            "narrative is missing",
        ]);
    }

    [Fact]
    public void Validate_DateAndInteger_Checked()
    {
        var schema = new AnswerSchema("t", SchemaField.Date("d", ""), SchemaField.Integer("n", ""));
        schema.Validate(new JsonObject { ["d"] = "2024-3-5", ["n"] = 2.5 }).Problems
            .ShouldBe(["d must be a date written YYYY-MM-DD", "n must be an integer"]);
        schema.Validate(new JsonObject { ["d"] = "2024-03-05", ["n"] = 2 }).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Constructor_DuplicateOrBadNames_Rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new AnswerSchema("x", SchemaField.Text("a", ""), SchemaField.Text("a", "")));
        Should.Throw<ArgumentOutOfRangeException>(() => new AnswerSchema("bad name", SchemaField.Text("a", "")));
        Should.Throw<ArgumentOutOfRangeException>(() => SchemaField.Enum("e", ""));
    }

    private static void AssertStrict(JsonNode node, string path)
    {
        if (node is JsonObject o)
        {
            o.ContainsKey("format").ShouldBeFalse(path);
            o.ContainsKey("pattern").ShouldBeFalse(path);
            o.ContainsKey("minimum").ShouldBeFalse(path);
            if ((string?)o["type"] == "object")
            {
                o["additionalProperties"]!.GetValue<bool>().ShouldBeFalse(path);
                var props = o["properties"]!.AsObject().Select(p => p.Key).ToList();
                o["required"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(props, path);
            }

            foreach (var (key, child) in o)
            {
                if (child is not null)
                    AssertStrict(child, path + "." + key);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a)
            {
                if (child is not null)
                    AssertStrict(child, path + "[]");
            }
        }
    }
}
