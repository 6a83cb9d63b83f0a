using IwmDesk.Security;

namespace IwmDesk.Tests.Security;

/// <summary>Control characters are printed as visible escapes; the console's own colour sequences and plain text pass unchanged.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text, tabs\tand\r\nlines", "plain text, tabs\tand\r\nlines")]
    [InlineData("\u001b[31mred\u001b[0m", "\u001b[31mred\u001b[0m")]
    [InlineData("\u001b[1;38;5;196mbold\u001b[m", "\u001b[1;38;5;196mbold\u001b[m")]
    [InlineData("title \u001b]0;owned\u0007", "title \\x1B]0;owned\\x07")]
    [InlineData("clear \u001b[2J home \u001b[H", "clear \\x1B[2J home \\x1B[H")]
    [InlineData("c1 csi \u009b6n, del \u007f, nul \0", "c1 csi \\x9B6n, del \\x7F, nul \\x00")]
    [InlineData("bidi \u202Egnp.exe\u202C \u2066x\u2069", "bidi \\u202Egnp.exe\\u202C \\u2066x\\u2069")]
    [InlineData("unterminated \u001b[31", "unterminated \\x1B[31")]
    [InlineData("\u001b[?25lbar\r\u001b[2K\u001b[1A\u001b[2K\u001b[?25h", "\u001b[?25lbar\r\u001b[2K\u001b[1A\u001b[2K\u001b[?25h")]
    [InlineData("\u001b[2J\u001b[3J\u001b[1;1Hredraw", "\u001b[2J\u001b[3J\u001b[1;1Hredraw")]
    [InlineData("query \u001b[6n, link \u001b]8;;http://x\u001b\\", "query \\x1B[6n, link \\x1B]8;;http://x\\x1B\\")]
    public void EscapeControls_EscapesEverythingButColourAndLayout(string text, string expected)
    {
        TerminalText.EscapeControls(text).ShouldBe(expected);
    }

    [Fact]
    public void EscapeControls_NoControl_ReturnsTheSameInstance()
    {
        var text = "IWM 2026-05-01: Neutral";

        TerminalText.EscapeControls(text).ShouldBeSameAs(text);
    }

    [Fact]
    public void RedactingWriter_EscapesWhatIsWrittenThroughIt()
    {
        var inner = new StringWriter();
        using (var writer = new SecretRedactor().Wrap(inner))
        {
            writer.Write("a \u001b]0;");
            writer.WriteLine("x\u0007 b");
        }

        inner.ToString().ShouldBe("a \\x1B]0;x\\x07 b" + Environment.NewLine);
    }
}
