using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 UNLINK request: @4 path\0. Removes a file (a missing path reports success on the target). PROTOCOL.md §3.4.</summary>
public sealed record EfsUnlinkRequest(string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Unlink);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a UNLINK request; no NUL after the header is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsUnlinkRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Unlink, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsUnlinkRequest(path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 UNLINK response (8 bytes): @4 i32 errno. </summary>
public sealed record EfsUnlinkResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Unlink);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a UNLINK response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsUnlinkResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Unlink, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsUnlinkResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
