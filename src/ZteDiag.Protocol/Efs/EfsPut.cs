using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>
/// EFS2 PUT request (item file, in-order): @4 u32 data_length, @8 u32 flags, @12 u16 sequence_number,
/// @14 data[data_length], then path\0. The target creates with mode 0777. PROTOCOL.md §3.4.
/// </summary>
public sealed record EfsPutRequest(EfsOpenFlags Flags, ushort SequenceNumber, byte[] Data, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Size of the fixed part before the data.</summary>
    public const int HeaderSize = EfsWire.Body + 10;

    /// <inheritdoc/>
    public int Size => HeaderSize + Data.Length + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Put);
        w.U32((uint)Data.Length);
        w.I32((int)Flags);
        w.U16(SequenceNumber);
        w.Bytes(Data);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a PUT request; a data_length past the end or a path without NUL is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsPutRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Put, HeaderSize, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        uint n = EfsWire.U32(src, 4);
        if (n > (uint)(src.Length - HeaderSize))
        {
            return DiagStatus.Malformed;
        }

        int pathAt = HeaderSize + (int)n;
        if (!EfsWire.TryReadCString(src[pathAt..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsPutRequest((EfsOpenFlags)EfsWire.I32(src, 8), EfsWire.U16(src, 12), src[HeaderSize..pathAt].ToArray(), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 PUT response (10 bytes): @4 u16 sequence_number, @6 i32 errno.</summary>
public sealed record EfsPutResponse(ushort SequenceNumber, EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* seq */ + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Put);
        w.U16(SequenceNumber);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a PUT response (≥ 10 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsPutResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Put, 10, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsPutResponse(EfsWire.U16(src, 4), EfsWire.Errno(src, 6), sub);
        }

        return s;
    }
}
