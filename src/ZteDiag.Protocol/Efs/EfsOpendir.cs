using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 OPENDIR request: @4 path\0. Opens a directory. PROTOCOL.md §3.4.</summary>
public sealed record EfsOpendirRequest(string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Opendir);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a OPENDIR request; no NUL after the header is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsOpendirRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Opendir, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsOpendirRequest(path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 OPENDIR response (12 bytes): @4 u32 dirp (1..4; 0 on error), @8 i32 errno.</summary>
public sealed record EfsOpendirResponse(uint Dirp, EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* dirp */ + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Opendir);
        w.U32(Dirp);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses an OPENDIR response (≥ 12 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsOpendirResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Opendir, 12, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsOpendirResponse(EfsWire.U32(src, 4), EfsWire.Errno(src, 8), sub);
        }

        return s;
    }
}
