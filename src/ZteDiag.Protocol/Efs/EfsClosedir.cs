using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 CLOSEDIR request (exactly 8 bytes): @4 i32 dirp. PROTOCOL.md §3.4.</summary>
public sealed record EfsClosedirRequest(int Dirp, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* dirp */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Closedir);
        w.I32(Dirp);
        return Size;
    }

    /// <summary>Parses a CLOSEDIR request; any size but 8 fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsClosedirRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckExactRequest(src, EfsCommand.Closedir, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsClosedirRequest(EfsWire.I32(src, 4), sub);
        }

        return s;
    }
}

/// <summary>EFS2 CLOSEDIR response (8 bytes): @4 i32 errno. </summary>
public sealed record EfsClosedirResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Closedir);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a CLOSEDIR response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsClosedirResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Closedir, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsClosedirResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
