using System.Globalization;
using System.Text;

namespace ZteDiag.Tui;

/// <summary>Hex + ASCII dump lines ("0000  41 42 …  AB…") for the details pane.</summary>
public static class HexPreview
{
    /// <summary>Bytes per line that fit in <paramref name="width"/> columns (4, 8, 12 or 16).</summary>
    public static int BytesPerLine(int width)
    {
        int n = (width - 8) / 4;
        return Math.Clamp(n / 4 * 4, 4, 16);
    }

    /// <summary>Formats <paramref name="data"/>, <paramref name="bytesPerLine"/> per line; offsets in hex.</summary>
    public static IReadOnlyList<string> Format(ReadOnlySpan<byte> data, int bytesPerLine = 16)
    {
        bytesPerLine = Math.Clamp(bytesPerLine, 1, 64);
        var lines = new List<string>((data.Length + bytesPerLine - 1) / bytesPerLine);
        var sb = new StringBuilder();
        for (int off = 0; off < data.Length; off += bytesPerLine)
        {
            sb.Clear();
            sb.Append(off.ToString("X4", CultureInfo.InvariantCulture)).Append("  ");
            int n = Math.Min(bytesPerLine, data.Length - off);
            for (int i = 0; i < bytesPerLine; i++)
            {
                sb.Append(i < n ? data[off + i].ToString("X2", CultureInfo.InvariantCulture) + " " : "   ");
            }

            sb.Append(' ');
            for (int i = 0; i < n; i++)
            {
                byte b = data[off + i];
                sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
            }

            lines.Add(sb.ToString());
        }

        return lines;
    }
}
