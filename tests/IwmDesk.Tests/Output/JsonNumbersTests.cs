using IwmDesk.Text;

namespace IwmDesk.Tests.Output;

/// <summary>The documented precisions of JSON and CSV numbers (docs/formats.md).</summary>
public class JsonNumbersTests
{
    [Theory]
    [InlineData(279.2799987792969, 279.28)] // a float-stored close: 4 decimal places
    [InlineData(235.31499999999997, 235.315)] // binary noise of a sum
    [InlineData(0.5046728971962616, 0.504673)] // a rate: 6 significant digits
    [InlineData(-4.772382003496935E-05, -4.77238E-05)] // a small return: 6 significant digits
    [InlineData(714225198.123456, 714225198.1235)] // a large level: 4 decimal places
    [InlineData(5.123456789, 5.12346)] // 6 significant digits keep more than 4 places here
    [InlineData(0, 0)]
    public void Round_AtLeastFourPlacesAndSixSignificantDigits(double value, double expected) =>
        JsonNumbers.Round(value).ShouldBe(expected);

    [Fact]
    public void Round_IsIdempotent_AndCsvHasNoNoise()
    {
        foreach (var v in new[] { 279.2799987792969, 0.1 + 0.2, 1.0 / 3, -2.0 / 3e5, 123456.789012 })
        {
            JsonNumbers.Round(JsonNumbers.Round(v)).ShouldBe(JsonNumbers.Round(v));
            JsonNumbers.Csv(v).Length.ShouldBeLessThanOrEqualTo(13, JsonNumbers.Csv(v));
        }

        JsonNumbers.Csv(0.1 + 0.2).ShouldBe("0.3");
        JsonNumbers.Csv(double.NaN).ShouldBe("");
    }

    [Fact]
    public void Serializer_RoundsEveryDouble()
    {
        var json = JsonOutput.Serialize(new { close = 279.2799987792969, rate = 0.5046728971962616, missing = double.NaN });
        json.ShouldContain("\"close\": 279.28");
        json.ShouldContain("\"rate\": 0.504673");
        json.ShouldContain("\"missing\": null");
    }
}
