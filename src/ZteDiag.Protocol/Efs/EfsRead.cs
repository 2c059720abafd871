using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 READ request (exactly 16 bytes): @4 i32 fd, @8 u32 nbyte (target caps at 1024), @12 u32 offset. PROTOCOL.md §3.4, §3.9.</summary>
public sealed record EfsReadRequest(int Fd, uint Count, uint Offset, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>The target's per-request cap (FS_DIAG_MAX_READ_REQ).</summary>
    public const int MaxCount = 1024;

    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* fd */ + 4 /* nbyte */ + 4 /* offset */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Read);
        w.I32(Fd);
        w.U32(Count);
        w.U32(Offset);
        return Size;
    }

    /// <summary>Parses a READ request; any size but 16 fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsReadRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckExactRequest(src, EfsCommand.Read, 16, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsReadRequest(EfsWire.I32(src, 4), EfsWire.U32(src, 8), EfsWire.U32(src, 12), sub);
        }

        return s;
    }
}

/// <summary>
/// EFS2 READ response: @4 i32 fd, @8 u32 offset, @12 i32 bytes_read (−1 on error), @16 i32 errno,
/// @20 data[bytes_read]. A short read (fewer bytes than asked) means end of file.
/// </summary>
public sealed record EfsReadResponse(int Fd, uint Offset, int BytesRead, EfsErrno Errno, byte[] Data, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Size of the fixed part before the data.</summary>
    public const int HeaderSize = EfsWire.Body + 16;

    /// <summary>A successful read of <paramref name="data"/>.</summary>
    public static EfsReadResponse Success(int fd, uint offset, byte[] data, byte subsystem = EfsSubsystem.Standard)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(fd, offset, data.Length, EfsErrno.ENOERR, data, subsystem);
    }

    /// <inheritdoc/>
    public int Size => HeaderSize + Data.Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Read);
        w.I32(Fd);
        w.U32(Offset);
        w.I32(BytesRead);
        w.Errno(Errno);
        w.Bytes(Data);
        return Size;
    }

    /// <summary>
    /// Parses a READ response (≥ 20 bytes). With errno 0, a bytes_read larger than the data present is
    /// <see cref="DiagStatus.Malformed"/>; with an errno the data is empty.
    /// </summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsReadResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Read, HeaderSize, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        int n = EfsWire.I32(src, 12);
        EfsErrno errno = EfsWire.Errno(src, 16);
        byte[] data = [];
        if (n > 0)
        {
            if (n <= src.Length - HeaderSize)
            {
                data = src.Slice(HeaderSize, n).ToArray();
            }
            else if (errno == EfsErrno.ENOERR)
            {
                return DiagStatus.Malformed;
            }
        }

        value = new EfsReadResponse(EfsWire.I32(src, 4), EfsWire.U32(src, 8), n, errno, data, sub);
        return DiagStatus.Ok;
    }
}
