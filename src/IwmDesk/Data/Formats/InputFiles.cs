using System.Globalization;
using System.Runtime.InteropServices;

namespace IwmDesk.Data.Formats;

/// <summary>
/// What an input file must be before it is read (issue 17): a regular file (not a FIFO, a device such as /dev/zero or
/// /dev/urandom, or a socket), no larger than <see cref="MaxFileBytes"/>, text without NUL bytes, and no line longer
/// than <see cref="MaxLineBytes"/>. The checks stream through the file with a small buffer, so a hostile file is
/// refused in one line within seconds and without reading it into memory.
/// </summary>
public static class InputFiles
{
    /// <summary>Environment variable overriding <see cref="MaxFileBytes"/>, in MiB.</summary>
    public const string MaxFileVariable = "IWMDESK_MAX_IMPORT_MB";

    /// <summary>Environment variable overriding <see cref="MaxLineBytes"/>, in KiB.</summary>
    public const string MaxLineVariable = "IWMDESK_MAX_LINE_KB";

    /// <summary>The largest file accepted (default 512 MiB; the real files are under 2 MB).</summary>
    public static long MaxFileBytes => Limit(MaxFileVariable, 512, 1L << 20, 1L << 20, 16L << 30);

    /// <summary>The longest line of a CSV/text file accepted (default 1 MiB; JSON files, often one long line, are bounded by the file limit only).</summary>
    public static long MaxLineBytes => Limit(MaxLineVariable, 1024, 1L << 10, 1L << 10, 1L << 30);

    /// <summary>Checks <paramref name="file"/>; throws naming it and what is wrong.</summary>
    /// <exception cref="DataFormatException">Not a regular file, too large, binary, or a line too long.</exception>
    internal static void Check(string file)
    {
        if (Kind(file) is { } kind)
            throw new DataFormatException(file, 0, $"is {kind}, not a regular file: refused (import reads regular files only)");
        var max = MaxFileBytes;
        var length = new FileInfo(file).Length;
        if (length > max)
        {
            throw new DataFormatException(file, 0, string.Create(CultureInfo.InvariantCulture,
                $"is {length} bytes, larger than the import limit of {max >> 20} MiB: refused ({MaxFileVariable} raises it)"));
        }

        ScanLines(file, MaxLineBytes);
    }

    private static void ScanLines(string file, long maxLine)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        long run = 0;
        var line = 1L;
        var jsonLike = false;
        var first = true;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var span = buffer.AsSpan(0, n);
            if (first)
            {
                var t = span.TrimStart((byte)' ').TrimStart("\xEF\xBB\xBF"u8);
                jsonLike = t.Length > 0 && t[0] is (byte)'{' or (byte)'[';
                first = false;
            }

            if (span.IndexOf((byte)0) is var nul and >= 0)
            {
                throw new DataFormatException(file, (int)Math.Min(line + span[..nul].Count((byte)'\n'), int.MaxValue),
                    "holds a NUL byte: this is a binary file, not a text data file: refused");
            }

            while (true)
            {
                var nl = span.IndexOf((byte)'\n');
                var take = nl < 0 ? span.Length : nl;
                run += take;
                if (run > maxLine && !jsonLike)
                {
                    throw new DataFormatException(file, (int)Math.Min(line, int.MaxValue), string.Create(CultureInfo.InvariantCulture,
                        $"the line is longer than the limit of {maxLine >> 10} KiB: refused ({MaxLineVariable} raises it)"));
                }

                if (nl < 0)
                    break;
                run = 0;
                line++;
                span = span[(nl + 1)..];
            }
        }
    }

    /// <summary>"a FIFO (named pipe)", "a character device", ... for a file that is not regular; null for a regular file or when it cannot be told.</summary>
    internal static string? Kind(string file)
    {
        if (OperatingSystem.IsWindows())
            return null;
        try
        {
            if (NativeStat(file, out var status) != 0)
                return null;
            return (status.Mode & 0xF000) switch
            {
                0x1000 => "a FIFO (named pipe)",
                0x2000 => "a character device",
                0x6000 => "a block device",
                0xC000 => "a socket",
                _ => null,
            };
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    internal static long Limit(string variable, long fallback, long unit, long min, long max)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
            return fallback * unit;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v * unit < min || v * unit > max)
            throw new IwmDeskException($"{variable}: '{text}' is not a size between {min / unit} and {max / unit}");
        return (long)(v * unit);
    }

    // The runtime's own portable stat (the shim .NET's File APIs use): Flags, Mode (S_IFMT bits as in POSIX), then more.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int NativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;

        // The rest of the runtime's struct (uid, gid, size, times, dev, ino, ...), with room to spare.
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 32)]
        public long[] Rest;
    }
}
