using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 MD5SUM request: @4 u16 sequence_number, @6 path\0. PROTOCOL.md §3.4.</summary>
public sealed record EfsMd5SumRequest(ushort SequenceNumber, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* seq */ + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Md5Sum);
        w.U16(SequenceNumber);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses an MD5SUM request; a path without NUL is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsMd5SumRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Md5Sum, 6, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[6..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsMd5SumRequest(EfsWire.U16(src, 4), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 MD5SUM response (26 bytes): @4 u16 sequence_number, @6 i32 errno, @10 u8[16] md5.</summary>
public sealed record EfsMd5SumResponse(ushort SequenceNumber, EfsErrno Errno, byte[] Hash, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Digest length.</summary>
    public const int HashLength = 16;

    /// <inheritdoc/>
    public int Size => EfsWire.Body + 6 + HashLength;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Md5Sum);
        w.U16(SequenceNumber);
        w.Errno(Errno);
        w.Fixed(Hash, HashLength);
        return Size;
    }

    /// <summary>Parses an MD5SUM response; with an errno the digest may be missing (zeros).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsMd5SumResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Md5Sum, 10, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        EfsErrno errno = EfsWire.Errno(src, 6);
        if (errno == EfsErrno.ENOERR && src.Length < 10 + HashLength)
        {
            return DiagStatus.Truncated;
        }

        byte[] hash = new byte[HashLength];
        EfsWire.Bytes(src, 10, HashLength).CopyTo(hash, 0);
        value = new EfsMd5SumResponse(EfsWire.U16(src, 4), errno, hash, sub);
        return DiagStatus.Ok;
    }
}
