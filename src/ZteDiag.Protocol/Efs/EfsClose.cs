using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 CLOSE request (exactly 8 bytes): @4 i32 fd. PROTOCOL.md §3.4.</summary>
public sealed record EfsCloseRequest(int Fd, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* fd */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Close);
        w.I32(Fd);
        return Size;
    }

    /// <summary>Parses a CLOSE request; any size but 8 fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsCloseRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckExactRequest(src, EfsCommand.Close, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsCloseRequest(EfsWire.I32(src, 4), sub);
        }

        return s;
    }
}

/// <summary>EFS2 CLOSE response (8 bytes): @4 i32 errno (EBADF for a closed fd).</summary>
public sealed record EfsCloseResponse(EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Close);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a CLOSE response (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsCloseResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Close, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsCloseResponse(EfsWire.Errno(src, 4), sub);
        }

        return s;
    }
}
