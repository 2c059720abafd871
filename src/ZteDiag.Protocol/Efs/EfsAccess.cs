using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 ACCESS request: @4 char perm_bits, @5 path\0. PROTOCOL.md §3.4.</summary>
public sealed record EfsAccessRequest(byte PermissionBits, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 1 /* perm_bits */ + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Access);
        w.U8(PermissionBits);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses an ACCESS request; no NUL after the permission byte is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsAccessRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Access, 5, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[5..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsAccessRequest(src[4], path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 ACCESS response (8 bytes): @4 i32 errno. </summary>
public sealed record EfsAccessResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Access);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a ACCESS response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsAccessResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Access, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsAccessResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
