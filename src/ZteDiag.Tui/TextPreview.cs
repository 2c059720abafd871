using System.Text;

namespace ZteDiag.Tui;

/// <summary>Text lines of a file for the details pane: decoded, control characters shown as '.', long lines folded.</summary>
public static class TextPreview
{
    /// <summary>True when <paramref name="data"/> reads as text: no NUL and at most 1 in 20 other control bytes.</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return true;
        int control = 0;
        foreach (byte b in data)
        {
            if (b == 0) return false;
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t') control++;
        }

        return control * 20 <= data.Length;
    }

    /// <summary>The lines of <paramref name="data"/> (UTF-8 when valid, else Latin-1), each at most <paramref name="width"/> columns.</summary>
    public static IReadOnlyList<string> Format(ReadOnlySpan<byte> data, int width)
    {
        width = Math.Max(8, width);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(data);
        }

        var lines = new List<string>();
        var sb = new StringBuilder();
        foreach (string raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            sb.Clear();
            foreach (char c in raw)
            {
                if (c == '\t') sb.Append("    ");
                else sb.Append(char.IsControl(c) ? '.' : c);
            }

            string line = sb.ToString();
            do
            {
                lines.Add(line.Length > width ? line[..width] : line);
                line = line.Length > width ? line[width..] : "";
            }
            while (line.Length > 0);
        }

        if (lines.Count > 1 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1); // the final newline
        return lines;
    }
}
