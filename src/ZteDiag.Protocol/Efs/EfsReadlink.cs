using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 READLINK request: @4 path\0. Reads a symbolic link. PROTOCOL.md §3.4.</summary>
public sealed record EfsReadlinkRequest(string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Readlink);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a READLINK request; no NUL after the header is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsReadlinkRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Readlink, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsReadlinkRequest(path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 READLINK response: @4 i32 errno, @8 name\0 (may be missing after an errno).</summary>
public sealed record EfsReadlinkResponse(EfsErrno Errno, string Target, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */ + EfsWire.PathSize(Target);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Readlink);
        w.Errno(Errno);
        w.CString(Target);
        return Size;
    }

    /// <summary>Parses a READLINK response; with errno 0 the name must be NUL-terminated, otherwise it may be missing ("").</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsReadlinkResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Readlink, 8, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        EfsErrno errno = EfsWire.Errno(src, 4);
        string target;
        if (!EfsWire.TryReadCString(src[8..], out target, out _))
        {
            if (errno == EfsErrno.ENOERR)
            {
                return DiagStatus.Malformed;
            }

            target = string.Empty;
        }

        value = new EfsReadlinkResponse(errno, target, sub);
        return DiagStatus.Ok;
    }
}
