using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace IwmDesk.Security;

/// <summary>
/// The one redaction step (issue 17): every configured secret (the model API key, a store password, an SMTP
/// password, a webhook token, a data vendor's key...) is registered here once, and every boundary where text leaves
/// the process — the CLI's stdout/stderr writers, error messages, journal and store writes, the report and the
/// dashboard's responses, the fetch cache — passes its text through <see cref="Redact(string)"/>. A secret is
/// replaced whole by <c>[redacted]</c>, wherever it appears (a model's reply that echoes it included), also in its
/// JSON-escaped and URL-encoded spellings, and a server's partial echo of it (<c>sk-ab...T123</c>) is replaced whole too.
/// Thread-safe; registering is idempotent.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "[redacted]";

    /// <summary>Secrets shorter than this are not registered: too short to be a credential, too likely to be ordinary text.</summary>
    public const int MinLength = 4;

    private readonly Lock _gate = new();
    private volatile Entry[] _entries = [];

    /// <summary>The process-wide redactor every boundary uses.</summary>
    public static SecretRedactor Shared { get; } = new();

    /// <summary>True when nothing is registered (then <see cref="Redact(string)"/> returns its input).</summary>
    public bool IsEmpty => _entries.Length == 0;

    /// <summary>Registers a secret (null, empty or shorter than <see cref="MinLength"/> is ignored).</summary>
    /// <param name="secret">The secret's exact text.</param>
    /// <param name="name">What it is (for diagnostics only; never printed with the secret).</param>
    public void Register(string? secret, string name = "secret")
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinLength)
            return;
        lock (_gate)
        {
            if (_entries.Any(e => e.Secret == secret))
                return;
            var forms = new HashSet<string>(StringComparer.Ordinal) { secret };
            forms.Add(JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(secret));
            forms.Add(JavaScriptEncoder.Default.Encode(secret));
            forms.Add(Uri.EscapeDataString(secret));
            forms.Add(System.Net.WebUtility.HtmlEncode(secret));
            var ordered = forms.Where(f => f.Length >= MinLength).OrderByDescending(f => f.Length).ToArray();
            var entry = new Entry(secret, name, ordered, PartialEcho(secret));
            _entries = [.. _entries, entry];
        }
    }

    /// <summary>Forgets every secret (tests).</summary>
    internal void Clear()
    {
        lock (_gate)
            _entries = [];
    }

    /// <summary>The text with every registered secret (and a partial echo of one) replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        var entries = _entries;
        if (entries.Length == 0 || string.IsNullOrEmpty(text))
            return text;
        foreach (var e in entries)
        {
            foreach (var form in e.Forms)
            {
                if (text.Contains(form, StringComparison.Ordinal))
                    text = text.Replace(form, Mask, StringComparison.Ordinal);
            }

            if (e.Partial is { } partial && text.Contains(e.Tail, StringComparison.Ordinal))
                text = partial.Replace(text, Mask);
        }

        return text;
    }

    /// <summary>Redacts a nullable text.</summary>
    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>True when <paramref name="text"/> holds a registered secret (in any spelling <see cref="Redact(string)"/> removes).</summary>
    public bool Contains(string text) => !string.Equals(Redact(text), text, StringComparison.Ordinal);

    /// <summary>A writer that redacts everything written through it, line by line, before it reaches <paramref name="inner"/>.</summary>
    public TextWriter Wrap(TextWriter inner) => inner is RedactingWriter r && ReferenceEquals(r.Redactor, this) ? inner : new RedactingWriter(inner, this);

    /// <summary>
    /// The shapes in which services echo a key partially, e.g. OpenAI's <c>sk-abc1...T123</c> or <c>sk-****T123</c>: a
    /// run starting with the key's first 3 characters, an ellipsis or asterisks, and ending with its last 4.
    /// Only for keys of 12 characters or more (shorter ones give too little to match on).
    /// </summary>
    private static Regex? PartialEcho(string secret)
    {
        if (secret.Length < 12)
            return null;
        var head = Regex.Escape(secret[..3]);
        var tail = Regex.Escape(secret[^4..]);
        return new Regex(head + @"[^\s""'<>]{0,64}?(?:\.{2,}|…|\*{2,})[^\s""'<>]{0,64}?" + tail, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private sealed record Entry(string Secret, string Name, string[] Forms, Regex? Partial)
    {
        public string Tail { get; } = Secret[^4..];
    }
}

/// <summary>
/// Redacts what is written through it. Text is held until a line ends (or the writer is flushed), so a secret written
/// in pieces is still seen whole within its line.
/// </summary>
internal sealed class RedactingWriter(TextWriter inner, SecretRedactor redactor) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public SecretRedactor Redactor => redactor;

    public TextWriter Inner => inner;

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // the base property allows null
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n')
                Emit();
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        lock (_gate)
        {
            _line.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal))
                EmitCompleteLines();
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            _line.Append(value).Append(inner.NewLine);
            Emit();
        }
    }

    public override void WriteLine() => WriteLine((string?)null);

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        WriteLine(new string(buffer.Span));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        lock (_gate)
        {
            Emit();
            inner.Flush();
        }
    }

    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public override string ToString() => inner.ToString() ?? "";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }

    private void EmitCompleteLines()
    {
        var s = _line.ToString();
        var last = s.LastIndexOf('\n');
        inner.Write(TerminalText.EscapeControls(redactor.Redact(s[..(last + 1)])));
        _line.Clear().Append(s, last + 1, s.Length - last - 1);
    }

    private void Emit()
    {
        if (_line.Length == 0)
            return;
        inner.Write(TerminalText.EscapeControls(redactor.Redact(_line.ToString())));
        _line.Clear();
    }
}

/// <summary>
/// Control characters never reach a terminal raw (issue 17): every C0 control except tab, line feed and carriage
/// return, DEL, the C1 controls (U+0080..U+009F, U+009B is a CSI) and the bidirectional overrides and isolates
/// (U+202A..U+202E, U+2066..U+2069) are printed as visible escapes (<c>\x1B</c>, <c>\u202E</c>). The exceptions are
/// the sequences the CLI's own console writes on a terminal — colour (SGR) and the cursor-up/erase-line/cursor-hide
/// sequences of its live progress bar — kept so colour and progress work; titles, clipboard and hyperlink sequences
/// (OSC), device queries, screen clears and the rest are escaped.
/// </summary>
public static class TerminalText
{
    /// <summary>The text with every control character escaped (see the type); the same instance when there is none.</summary>
    public static string EscapeControls(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length)
        {
            if (!IsControl(text[i]))
            {
                i++;
                continue;
            }

            var n = SgrLength(text, i);
            if (n == 0)
                break;
            i += n;
        }

        if (i >= text.Length)
            return text;
        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsControl(c))
            {
                sb.Append(c);
                continue;
            }

            if (SgrLength(text, i) is var n and > 0)
            {
                sb.Append(text, i, n);
                i += n - 1;
                continue;
            }

            sb.Append(c < 0x100 ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
        }

        return sb.ToString();
    }

    private static bool IsControl(char c) =>
        (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    // The length of a sequence the CLI's own console writes, starting at i, else 0: colour (SGR, ESC [ digits ; m) and
    // what Spectre's live progress display uses — cursor up/down/forward/back/column (A B C D G), erase in line (K),
    // cursor hide/show (ESC [ ?25 l/h), and its reset after the terminal shrank, exactly ESC[2J ESC[3J ESC[1;1H.
    private static int SgrLength(string text, int i)
    {
        const string Reset = "\u001B[2J\u001B[3J\u001B[1;1H";
        if (text[i] != '\u001B' || i + 2 >= text.Length || text[i + 1] != '[')
            return 0;
        if (string.CompareOrdinal(text, i, Reset, 0, Reset.Length) == 0)
            return Reset.Length;
        if (string.CompareOrdinal(text, i + 2, "?25", 0, 3) == 0 && i + 5 < text.Length && text[i + 5] is 'h' or 'l')
            return 6;
        for (var k = i + 2; k < text.Length && k < i + 32; k++)
        {
            var c = text[k];
            if (c is 'm' or 'A' or 'B' or 'C' or 'D' or 'G' or 'K')
                return k - i + 1;
            if (c is not ((>= '0' and <= '9') or ';'))
                return 0;
        }

        return 0;
    }
}
