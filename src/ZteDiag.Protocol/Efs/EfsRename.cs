using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 RENAME request: @4 oldpath\0 newpath\0. Renames OldPath to NewPath. PROTOCOL.md §3.4.</summary>
public sealed record EfsRenameRequest(string OldPath, string NewPath, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(OldPath) + EfsWire.PathSize(NewPath);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Rename);
        w.CString(OldPath);
        w.CString(NewPath);
        return Size;
    }

    /// <summary>Parses a RENAME request; fewer than two NUL-terminated paths is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsRenameRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Rename, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string oldPath, out int used)
            || !EfsWire.TryReadCString(src[(EfsWire.Body + used)..], out string newPath, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsRenameRequest(oldPath, newPath, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 RENAME response (8 bytes): @4 i32 errno. </summary>
public sealed record EfsRenameResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Rename);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a RENAME response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsRenameResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Rename, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsRenameResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
