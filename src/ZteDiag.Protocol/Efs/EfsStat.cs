using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 STAT request: @4 path\0. Stats a path, following links. PROTOCOL.md §3.4.</summary>
public sealed record EfsStatRequest(string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Stat);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a STAT request; no NUL after the header is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsStatRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Stat, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsStatRequest(path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>
/// EFS2 STAT response (32 bytes, full length even on error): @4 i32 errno, @8 i32 mode, @12 i32 size,
/// @16 i32 nlink, @20 u32 atime, @24 u32 mtime, @28 u32 ctime. Also the FSTAT response layout.
/// </summary>
public sealed record EfsStatResponse(EfsErrno Errno, int Mode, int FileSize, int LinkCount, uint AccessTime, uint ModifyTime, uint ChangeTime, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Total packet size.</summary>
    public const int PacketSize = EfsWire.Body + 28;

    /// <summary>The file kind named by <see cref="Mode"/>.</summary>
    public EfsFileKind Kind => EfsMode.KindOf(Mode);

    /// <inheritdoc/>
    public int Size => PacketSize;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Stat);
        EfsStatLayout.Write(ref w, Errno, Mode, FileSize, LinkCount, AccessTime, ModifyTime, ChangeTime);
        return Size;
    }

    /// <summary>Parses a STAT response; with an errno the later fields may be missing (zero).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsStatResponse? value) =>
        EfsStatLayout.TryParse(src, EfsCommand.Stat, out value);
}

/// <summary>Shared STAT / FSTAT response layout.</summary>
internal static class EfsStatLayout
{
    public static void Write(ref EfsWriter w, EfsErrno errno, int mode, int size, int nlink, uint atime, uint mtime, uint ctime)
    {
        w.Errno(errno);
        w.I32(mode);
        w.I32(size);
        w.I32(nlink);
        w.U32(atime);
        w.U32(mtime);
        w.U32(ctime);
    }

    public static DiagStatus TryParse(ReadOnlySpan<byte> src, EfsCommand command, out EfsStatResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, command, 8, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        EfsErrno errno = EfsWire.Errno(src, 4);
        if (errno == EfsErrno.ENOERR && src.Length < EfsStatResponse.PacketSize)
        {
            return DiagStatus.Truncated;
        }

        value = new EfsStatResponse(
            errno, EfsWire.I32(src, 8), EfsWire.I32(src, 12), EfsWire.I32(src, 16), EfsWire.U32(src, 20), EfsWire.U32(src, 24), EfsWire.U32(src, 28), sub);
        return DiagStatus.Ok;
    }
}
