namespace ZteDiag.Protocol.Hdlc;

/// <summary>
/// Encodes one DIAG packet as an async-HDLC frame: escape(payload || CRC16 LE) || 0x7E.
/// Only 0x7E and 0x7D are escaped (0x7D, b ^ 0x20). PROTOCOL.md §1.1.
/// </summary>
public static class HdlcFramer
{
    /// <summary>Frame delimiter.</summary>
    public const byte Flag = 0x7E;

    /// <summary>Escape byte; the next byte is XOR 0x20.</summary>
    public const byte Escape = 0x7D;

    /// <summary>XOR applied to an escaped byte.</summary>
    public const byte EscapeXor = 0x20;

    /// <summary>Worst case encoded size: every byte escaped, plus CRC, trailing and optional leading flag.</summary>
    public static int MaxEncodedLength(int payloadLength) => (2 * (payloadLength + 2)) + 2;

    /// <summary>Frames <paramref name="payload"/> into <paramref name="destination"/>; returns bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is smaller than <see cref="MaxEncodedLength"/> needs.</exception>
    public static int Encode(ReadOnlySpan<byte> payload, Span<byte> destination, bool leadingFlag = false)
    {
        // The exact length costs a second pass; only compute it when the worst case does not fit.
        if (destination.Length < MaxEncodedLength(payload.Length) && destination.Length < EncodedLength(payload, leadingFlag))
        {
            throw new ArgumentException("destination too small for the framed packet", nameof(destination));
        }

        int o = 0;
        if (leadingFlag)
        {
            destination[o++] = Flag;
        }

        ushort crc = Crc16X25.Compute(payload);
        o += EscapeInto(payload, destination[o..]);
        Span<byte> crcBytes = [(byte)crc, (byte)(crc >> 8)];
        o += EscapeInto(crcBytes, destination[o..]);
        destination[o++] = Flag;
        return o;
    }

    /// <summary>Frames <paramref name="payload"/> into a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload, bool leadingFlag = false)
    {
        var buf = new byte[EncodedLength(payload, leadingFlag)];
        Encode(payload, buf, leadingFlag);
        return buf;
    }

    /// <summary>Exact framed length of <paramref name="payload"/>.</summary>
    public static int EncodedLength(ReadOnlySpan<byte> payload, bool leadingFlag = false)
    {
        ushort crc = Crc16X25.Compute(payload);
        int n = payload.Length + 2 + 1 + (leadingFlag ? 1 : 0);
        n += payload.Count(Flag) + payload.Count(Escape);
        n += NeedsEscape((byte)crc) ? 1 : 0;
        n += NeedsEscape((byte)(crc >> 8)) ? 1 : 0;
        return n;
    }

    private static bool NeedsEscape(byte b) => b is Flag or Escape;

    private static int EscapeInto(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int o = 0;
        while (!src.IsEmpty)
        {
            int i = src.IndexOfAny(Flag, Escape);
            if (i < 0)
            {
                src.CopyTo(dst[o..]);
                return o + src.Length;
            }

            src[..i].CopyTo(dst[o..]);
            o += i;
            dst[o++] = Escape;
            dst[o++] = (byte)(src[i] ^ EscapeXor);
            src = src[(i + 1)..];
        }

        return o;
    }
}
