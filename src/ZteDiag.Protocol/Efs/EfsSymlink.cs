using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 SYMLINK request: @4 oldpath\0 newpath\0. OldPath is the link target, NewPath the link to create. PROTOCOL.md §3.4.</summary>
public sealed record EfsSymlinkRequest(string OldPath, string NewPath, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(OldPath) + EfsWire.PathSize(NewPath);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Symlink);
        w.CString(OldPath);
        w.CString(NewPath);
        return Size;
    }

    /// <summary>Parses a SYMLINK request; fewer than two NUL-terminated paths is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsSymlinkRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Symlink, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string oldPath, out int used)
            || !EfsWire.TryReadCString(src[(EfsWire.Body + used)..], out string newPath, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsSymlinkRequest(oldPath, newPath, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 SYMLINK response (8 bytes): @4 i32 errno. </summary>
public sealed record EfsSymlinkResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Symlink);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a SYMLINK response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsSymlinkResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Symlink, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsSymlinkResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
