using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 LSTAT request: @4 path\0. Stats a path without following links. PROTOCOL.md §3.4.</summary>
public sealed record EfsLstatRequest(string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Lstat);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a LSTAT request; no NUL after the header is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsLstatRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Lstat, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsLstatRequest(path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 LSTAT response (24 bytes): @4 i32 errno, @8 i32 mode, @12 u32 atime, @16 u32 mtime, @20 u32 ctime.</summary>
public sealed record EfsLstatResponse(EfsErrno Errno, int Mode, uint AccessTime, uint ModifyTime, uint ChangeTime, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>The file kind named by <see cref="Mode"/>.</summary>
    public EfsFileKind Kind => EfsMode.KindOf(Mode);

    /// <inheritdoc/>
    public int Size => EfsWire.Body + 20;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Lstat);
        w.Errno(Errno);
        w.I32(Mode);
        w.U32(AccessTime);
        w.U32(ModifyTime);
        w.U32(ChangeTime);
        return Size;
    }

    /// <summary>Parses an LSTAT response; with an errno the later fields may be missing (zero).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsLstatResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Lstat, 8, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        EfsErrno errno = EfsWire.Errno(src, 4);
        if (errno == EfsErrno.ENOERR && src.Length < 24)
        {
            return DiagStatus.Truncated;
        }

        value = new EfsLstatResponse(errno, EfsWire.I32(src, 8), EfsWire.U32(src, 12), EfsWire.U32(src, 16), EfsWire.U32(src, 20), sub);
        return DiagStatus.Ok;
    }
}
