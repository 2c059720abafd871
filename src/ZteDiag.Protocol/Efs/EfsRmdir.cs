using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 RMDIR request: @4 path\0. Removes an empty directory (trailing '/' stripped; missing path reports success). PROTOCOL.md §3.4.</summary>
public sealed record EfsRmdirRequest(string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Rmdir);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a RMDIR request; no NUL after the header is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsRmdirRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Rmdir, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsRmdirRequest(path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 RMDIR response (8 bytes): @4 i32 errno. </summary>
public sealed record EfsRmdirResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Rmdir);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a RMDIR response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsRmdirResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Rmdir, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsRmdirResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
