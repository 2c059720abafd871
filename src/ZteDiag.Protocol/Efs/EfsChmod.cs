using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 CHMOD request: @4 i16 mode, @6 path\0. Changes permission bits. PROTOCOL.md §3.4.</summary>
public sealed record EfsChmodRequest(short Mode, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* mode */ + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Chmod);
        w.I16(Mode);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a CHMOD request; no NUL after the mode is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsChmodRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Chmod, 6, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[6..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsChmodRequest(EfsWire.I16(src, 4), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 CHMOD response (8 bytes): @4 i32 errno. </summary>
public sealed record EfsChmodResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Chmod);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a CHMOD response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsChmodResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Chmod, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsChmodResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
