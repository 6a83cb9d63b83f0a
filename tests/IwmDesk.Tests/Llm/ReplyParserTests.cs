using IwmDesk.Llm;

namespace IwmDesk.Tests.Llm;

public class ReplyParserTests
{
    [Theory]
    [InlineData("{\"a\": 1}")]
    [InlineData("```json\n{\"a\": 1}\n```")]
    [InlineData("Here is the answer:\n```\n{\"a\": 1}\n```\nHope it helps.")]
    [InlineData("<think>maybe {\"a\": 2} is better</think>\n{\"a\": 1}")]
    [InlineData("Note {this} first. {\"a\": 1}")]
    public void TryParse_ObjectAnywhere_Found(string reply)
    {
        ReplyParser.TryParse(reply, out var answer, out var error).ShouldBeTrue(error);
        answer!["a"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void TryParse_BracesInsideStrings_Skipped()
    {
        ReplyParser.TryParse("{\"n\": \"a } and { b\", \"m\": {\"x\": \"\\\"}\"}}", out var answer, out _).ShouldBeTrue();
        answer!["n"]!.GetValue<string>().ShouldBe("a } and { b");
    }

    [Theory]
    [InlineData("", "the reply is empty")]
    [InlineData("I cannot answer that.", "the reply holds no JSON object")]
    [InlineData("{\"a\": 1, \"b\": ", "the JSON object in the reply is not closed (was the reply cut off?)")]
    [InlineData("[1, 2]", "the reply holds no JSON object")]
    public void TryParse_NoObject_SaysWhy(string reply, string expected)
    {
        ReplyParser.TryParse(reply, out var answer, out var error).ShouldBeFalse();
        answer.ShouldBeNull();
        error.ShouldBe(expected);
    }

    [Fact]
    public void TryParse_MalformedJson_NamesTheProblem()
    {
        ReplyParser.TryParse("{\"a\": 1,,}", out _, out var error).ShouldBeFalse();
        error!.ShouldStartWith("malformed JSON: ");
    }
}
