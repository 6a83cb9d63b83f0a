namespace IwmDesk.Text;

/// <summary>The one CSV quoting rule of every IwmDesk CSV output (RFC 4180).</summary>
public static class CsvText
{
    /// <summary>The field as written: quoted, with inner quotes doubled, when it holds a comma, a quote or a line break.</summary>
    public static string Field(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}
