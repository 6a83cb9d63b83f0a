using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using IwmDesk.Panel;

namespace IwmDesk.Journal;

/// <summary>
/// The journal's input-data hash: a SHA-256 chain over the feature-panel rows up to the as-of date, so the hash for
/// every date of a replay costs one pass over the panel (O(n)) and a single forecast O(rows up to D).
/// <code>
/// H(-1) = SHA-256("iwmdesk-panel-v1\n" + column names in ordinal order joined by "\n")
/// H(i)  = SHA-256(H(i-1) ‖ row i)
/// row i = date as yyyyMMdd (int32, little-endian)
///       ‖ each numeric column's value in that order (IEEE-754 binary64 bits, little-endian; every NaN as 0x7FF8000000000000)
///       ‖ the GEX source label (UTF-8, prefixed by its byte length as int32 little-endian)
/// </code>
/// <c>data_hash</c> = lower-case hex of H(index of the as-of date). The panel row for D depends only on data dated up to
/// D, so the hash is the same whether the store holds later data or not; any change to an input value on or before D
/// (a re-import with revised prices, a different GEX proxy) changes it.
/// </summary>
public static class PanelHash
{
    /// <summary>The hash of rows 0..<paramref name="asOfIndex"/>.</summary>
    public static string UpTo(FeaturePanel panel, int asOfIndex)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentOutOfRangeException.ThrowIfNegative(asOfIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(asOfIndex, panel.Count);
        string? last = null;
        Walk(panel, asOfIndex, (_, h) => last = h);
        return last!;
    }

    /// <summary>The hash of every prefix: element i is the hash of rows 0..i.</summary>
    public static string[] Chain(FeaturePanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var result = new string[panel.Count];
        if (panel.Count > 0)
            Walk(panel, panel.Count - 1, (i, h) => result[i] = h);
        return result;
    }

    private static void Walk(FeaturePanel panel, int last, Action<int, string> emit)
    {
        var names = panel.ColumnNames.Order(StringComparer.Ordinal).ToArray();
        var columns = names.Select(n => panel[n]).ToArray();
        Span<byte> h = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("iwmdesk-panel-v1\n" + string.Join('\n', names)), h);
        var row = new byte[32 + 4 + (8 * columns.Length) + 4 + 256];
        for (var i = 0; i <= last; i++)
        {
            h.CopyTo(row);
            var d = panel.Dates[i];
            var pos = 32;
            BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(pos), (d.Year * 10000) + (d.Month * 100) + d.Day);
            pos += 4;
            foreach (var c in columns)
            {
                var v = c[i];
                BinaryPrimitives.WriteInt64LittleEndian(row.AsSpan(pos), double.IsNaN(v) ? 0x7FF8000000000000 : BitConverter.DoubleToInt64Bits(v));
                pos += 8;
            }

            var source = panel.GexSource[i] ?? "";
            var needed = pos + 4 + Encoding.UTF8.GetByteCount(source);
            if (needed > row.Length)
                Array.Resize(ref row, needed);
            var n = Encoding.UTF8.GetBytes(source, row.AsSpan(pos + 4));
            BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(pos), n);
            pos += 4 + n;
            SHA256.HashData(row.AsSpan(0, pos), h);
            emit(i, Convert.ToHexStringLower(h));
        }
    }
}
