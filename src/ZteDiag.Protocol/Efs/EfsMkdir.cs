using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 MKDIR request: @4 i16 mode, @6 path\0. Peers send 0777 or S_IFDIR|0777; the target first rmdir()s the path. PROTOCOL.md §3.4.</summary>
public sealed record EfsMkdirRequest(short Mode, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* mode */ + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Mkdir);
        w.I16(Mode);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a MKDIR request; no NUL after the mode is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsMkdirRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Mkdir, 6, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[6..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsMkdirRequest(EfsWire.I16(src, 4), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 MKDIR response (8 bytes): @4 i32 errno. EEXIST is 6.</summary>
public sealed record EfsMkdirResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Mkdir);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a MKDIR response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsMkdirResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Mkdir, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsMkdirResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
