using System.Buffers.Binary;
using System.Text;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>
/// Shared checks for EFS2 packets. Request parsers report what the target would answer:
/// <see cref="DiagStatus.Truncated"/> (too short) and <see cref="DiagStatus.BadLength"/> (longer
/// than an exact-size layout, or GET data_length &gt; 1024) both mean BAD_LEN;
/// <see cref="DiagStatus.Malformed"/> (missing NUL, lying length) means BAD_PARM.
/// </summary>
internal static class EfsWire
{
    /// <summary>Offset of the first field after the 4-byte subsystem header.</summary>
    public const int Body = SubsysHeader.Size;

    /// <summary>Checks a request header: 0x4B, an EFS subsystem, the command, ≥ minLength.</summary>
    public static DiagStatus CheckRequest(ReadOnlySpan<byte> src, EfsCommand command, int minLength, out byte subsystem)
    {
        subsystem = 0;
        if (src.IsEmpty)
        {
            return DiagStatus.Empty;
        }

        if (src[0] != (byte)DiagCommand.SubsysCmd)
        {
            return DiagStatus.WrongCommand;
        }

        return CheckHeader(src, command, minLength, out subsystem);
    }

    /// <summary>Like <see cref="CheckRequest"/> but exactly <paramref name="size"/> bytes (the target compares pkt_len != sizeof).</summary>
    public static DiagStatus CheckExactRequest(ReadOnlySpan<byte> src, EfsCommand command, int size, out byte subsystem)
    {
        DiagStatus s = CheckRequest(src, command, size, out subsystem);
        if (s == DiagStatus.Ok && src.Length != size)
        {
            subsystem = 0;
            return DiagStatus.BadLength;
        }

        return s;
    }

    /// <summary>Checks a response: DIAG error replies map to their status, then subsystem and command.</summary>
    public static DiagStatus CheckResponse(ReadOnlySpan<byte> src, EfsCommand command, int minLength, out byte subsystem)
    {
        subsystem = 0;
        DiagStatus s = DiagReply.Check(src, DiagCommand.SubsysCmd, 1);
        return s != DiagStatus.Ok ? s : CheckHeader(src, command, minLength, out subsystem);
    }

    private static DiagStatus CheckHeader(ReadOnlySpan<byte> src, EfsCommand command, int minLength, out byte subsystem)
    {
        subsystem = 0;
        if (src.Length < SubsysHeader.Size)
        {
            return DiagStatus.Truncated;
        }

        var h = SubsysHeader.Read(src);
        if (!EfsSubsystem.IsEfs(h.Subsystem) || h.Command != (ushort)command)
        {
            return DiagStatus.WrongCommand;
        }

        if (src.Length < minLength)
        {
            return DiagStatus.Truncated;
        }

        subsystem = h.Subsystem;
        return DiagStatus.Ok;
    }

    /// <summary>Wire size of a path: Latin-1 bytes plus the NUL.</summary>
    public static int PathSize(string path) => Encoding.Latin1.GetByteCount(path) + 1;

    /// <summary>Reads a NUL-terminated Latin-1 string at the start of <paramref name="src"/>.</summary>
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

    /// <summary>Reads a string field that may be missing (tolerant response): no NUL → the rest, empty if nothing.</summary>
    public static string ReadOptionalCString(ReadOnlySpan<byte> src)
    {
        int nul = src.IndexOf((byte)0);
        return Encoding.Latin1.GetString(nul < 0 ? src : src[..nul]);
    }

    /// <summary>i32 at <paramref name="offset"/>, or 0 when the packet is shorter (tolerant reads).</summary>
    public static int I32(ReadOnlySpan<byte> src, int offset) =>
        src.Length >= offset + 4 ? BinaryPrimitives.ReadInt32LittleEndian(src[offset..]) : 0;

    /// <summary>u32 at <paramref name="offset"/>, or 0 when missing.</summary>
    public static uint U32(ReadOnlySpan<byte> src, int offset) =>
        src.Length >= offset + 4 ? BinaryPrimitives.ReadUInt32LittleEndian(src[offset..]) : 0;

    /// <summary>u16 at <paramref name="offset"/>, or 0 when missing.</summary>
    public static ushort U16(ReadOnlySpan<byte> src, int offset) =>
        src.Length >= offset + 2 ? BinaryPrimitives.ReadUInt16LittleEndian(src[offset..]) : (ushort)0;

    /// <summary>i16 at <paramref name="offset"/>, or 0 when missing.</summary>
    public static short I16(ReadOnlySpan<byte> src, int offset) =>
        src.Length >= offset + 2 ? BinaryPrimitives.ReadInt16LittleEndian(src[offset..]) : (short)0;

    /// <summary>Errno at <paramref name="offset"/>, or ENOERR when missing.</summary>
    public static EfsErrno Errno(ReadOnlySpan<byte> src, int offset) => (EfsErrno)I32(src, offset);

    /// <summary>Copies at most <paramref name="count"/> bytes from <paramref name="offset"/>; fewer if missing.</summary>
    public static byte[] Bytes(ReadOnlySpan<byte> src, int offset, int count)
    {
        if (offset >= src.Length || count <= 0)
        {
            return [];
        }

        return src.Slice(offset, Math.Min(count, src.Length - offset)).ToArray();
    }
}

/// <summary>Sequential little-endian writer over a destination span.</summary>
internal ref struct EfsWriter
{
    private readonly Span<byte> _dst;
    private int _pos;

    /// <summary>Starts a packet with the subsystem header.</summary>
    public EfsWriter(Span<byte> destination, byte subsystem, EfsCommand command)
    {
        _dst = destination;
        new SubsysHeader(subsystem, (ushort)command).WriteTo(destination);
        _pos = SubsysHeader.Size;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _pos;

    public void I32(int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_dst[_pos..], v);
        _pos += 4;
    }

    public void U32(uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_dst[_pos..], v);
        _pos += 4;
    }

    public void U16(ushort v)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_dst[_pos..], v);
        _pos += 2;
    }

    public void I16(short v)
    {
        BinaryPrimitives.WriteInt16LittleEndian(_dst[_pos..], v);
        _pos += 2;
    }

    public void U8(byte v) => _dst[_pos++] = v;

    public void Errno(EfsErrno e) => I32((int)e);

    public void Bytes(ReadOnlySpan<byte> data)
    {
        data.CopyTo(_dst[_pos..]);
        _pos += data.Length;
    }

    /// <summary>Writes exactly <paramref name="size"/> bytes: <paramref name="data"/> truncated or zero-padded.</summary>
    public void Fixed(ReadOnlySpan<byte> data, int size)
    {
        Span<byte> d = _dst.Slice(_pos, size);
        d.Clear();
        data[..Math.Min(size, data.Length)].CopyTo(d);
        _pos += size;
    }

    /// <summary>Writes Latin-1 bytes and a NUL; throws <see cref="ArgumentException"/> for a NUL inside the string.</summary>
    public void CString(string s)
    {
        EfsPath.Validate(s);
        _pos += Encoding.Latin1.GetBytes(s, _dst[_pos..]);
        _dst[_pos++] = 0;
    }
}
