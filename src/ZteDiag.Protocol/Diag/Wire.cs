using System.Text;

namespace ZteDiag.Protocol.Diag;

/// <summary>Small shared helpers for the fixed layouts of the core DIAG packets.</summary>
internal static class Wire
{
    /// <summary>
    /// Checks an incoming request: empty → <see cref="DiagStatus.Empty"/>; another code →
    /// <see cref="DiagStatus.WrongCommand"/>; shorter than <paramref name="size"/> → <see cref="DiagStatus.Truncated"/>;
    /// longer → <see cref="DiagStatus.Malformed"/> (a target answers BAD_LEN to both).
    /// </summary>
    public static DiagStatus CheckRequest(ReadOnlySpan<byte> src, DiagCommand command, int size)
    {
        if (src.IsEmpty)
        {
            return DiagStatus.Empty;
        }

        if (src[0] != (byte)command)
        {
            return DiagStatus.WrongCommand;
        }

        if (src.Length < size)
        {
            return DiagStatus.Truncated;
        }

        return src.Length > size ? DiagStatus.Malformed : DiagStatus.Ok;
    }

    /// <summary>Decodes a fixed-width Latin-1 field, dropping trailing NULs.</summary>
    public static string ReadFixed(ReadOnlySpan<byte> field) => Encoding.Latin1.GetString(field.TrimEnd((byte)0));

    /// <summary>Writes <paramref name="value"/> as Latin-1 into a fixed-width field padded with NULs.</summary>
    /// <exception cref="ArgumentException">The text does not fit the field (a caller bug).</exception>
    public static void WriteFixed(string value, Span<byte> field, string name)
    {
        int n = Encoding.Latin1.GetByteCount(value);
        if (n > field.Length)
        {
            throw new ArgumentException($"{name} holds at most {field.Length} characters, got {n}", name);
        }

        field.Clear();
        Encoding.Latin1.GetBytes(value, field);
    }

    /// <summary>Bytes <paramref name="value"/> takes as a NUL-terminated Latin-1 string.</summary>
    public static int CStringSize(string value) => Encoding.Latin1.GetByteCount(value) + 1;

    /// <summary>Writes a NUL-terminated Latin-1 string; returns bytes written.</summary>
    public static int WriteCString(string value, Span<byte> dst)
    {
        int n = Encoding.Latin1.GetBytes(value, dst);
        dst[n] = 0;
        return n + 1;
    }

    /// <summary>Reads a NUL-terminated Latin-1 string; false when no NUL is present.</summary>
    public static bool TryReadCString(ReadOnlySpan<byte> src, out string value, out int consumed)
    {
        int nul = src.IndexOf((byte)0);
        if (nul < 0)
        {
            value = string.Empty;
            consumed = 0;
            return false;
        }

        value = Encoding.Latin1.GetString(src[..nul]);
        consumed = nul + 1;
        return true;
    }
}
