using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 TRUNCATE request: @4 u16 sequence_number, @6 u32 length, @10 path\0. PROTOCOL.md §3.4.</summary>
public sealed record EfsTruncateRequest(ushort SequenceNumber, uint Length, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* seq */ + 4 /* length */ + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Truncate);
        w.U16(SequenceNumber);
        w.U32(Length);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a TRUNCATE request; a path without NUL is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsTruncateRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Truncate, 10, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[10..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsTruncateRequest(EfsWire.U16(src, 4), EfsWire.U32(src, 6), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 TRUNCATE response (10 bytes): @4 u16 sequence_number, @6 i32 errno.</summary>
public sealed record EfsTruncateResponse(ushort SequenceNumber, EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* seq */ + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Truncate);
        w.U16(SequenceNumber);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a TRUNCATE response (≥ 10 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsTruncateResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Truncate, 10, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsTruncateResponse(EfsWire.U16(src, 4), EfsWire.Errno(src, 6), sub);
        }

        return s;
    }
}
