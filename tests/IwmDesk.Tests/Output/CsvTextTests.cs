using IwmDesk.Text;

namespace IwmDesk.Tests.Output;

public class CsvTextTests
{
    [Theory]
    [InlineData("IWM chain", "IWM chain")]
    [InlineData("SPX_GEX proxy, stale", "\"SPX_GEX proxy, stale\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("", "")]
    public void Field_QuotesOnlyWhenNeeded(string value, string expected) => CsvText.Field(value).ShouldBe(expected);
}
