using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IwmDesk.Llm;

/// <summary>
/// Reads the answer object out of a model's reply: the first well-formed JSON object in it, wherever it stands
/// (bare, inside a ```json fence, after prose, after a reasoning model's &lt;think&gt; block).
/// </summary>
public static partial class ReplyParser
{
    private const int MaxCandidates = 32;

    /// <summary>Finds the first JSON object in <paramref name="reply"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? reply, out JsonObject? answer, out string? error)
    {
        answer = null;
        if (string.IsNullOrWhiteSpace(reply))
        {
            error = "the reply is empty";
            return false;
        }

        var text = ThinkBlock().Replace(reply, " ");
        string? firstError = null;
        var candidates = 0;
        for (var start = text.IndexOf('{', StringComparison.Ordinal); start >= 0 && candidates < MaxCandidates;
             start = text.IndexOf('{', start + 1))
        {
            candidates++;
            var end = MatchingBrace(text, start);
            if (end < 0)
            {
                firstError ??= "the JSON object in the reply is not closed (was the reply cut off?)";
                continue;
            }

            try
            {
                if (JsonNode.Parse(text.AsSpan(start, end - start + 1).ToString()) is JsonObject obj)
                {
                    answer = obj;
                    error = null;
                    return true;
                }
            }
            catch (JsonException ex)
            {
                firstError ??= "malformed JSON: " + FirstLine(ex.Message);
            }
        }

        error = firstError ?? "the reply holds no JSON object";
        return false;
    }

    /// <summary>Index of the brace closing the object opened at <paramref name="start"/>, skipping strings; -1 when unclosed.</summary>
    private static int MatchingBrace(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                    i++;
                else if (c == '"')
                    inString = false;
                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                        return i;
                    break;
            }
        }

        return -1;
    }

    private static string FirstLine(string s)
    {
        var nl = s.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? s : s[..nl].TrimEnd();
    }

    [GeneratedRegex(@"<think>.*?(?:</think>|$)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ThinkBlock();
}
