using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 SYNC_GET_STATUS request: @4 u16 sequence_number, @6 u32 sync_token, @10 path\0. PROTOCOL.md §3.4.</summary>
public sealed record EfsSyncGetStatusRequest(ushort SequenceNumber, uint SyncToken, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* seq */ + 4 /* token */ + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.SyncGetStatus);
        w.U16(SequenceNumber);
        w.U32(SyncToken);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a SYNC_GET_STATUS request; a path without NUL is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsSyncGetStatusRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.SyncGetStatus, 10, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[10..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsSyncGetStatusRequest(EfsWire.U16(src, 4), EfsWire.U32(src, 6), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 SYNC_GET_STATUS response (11 bytes): @4 u16 sequence_number, @6 u8 sync_status (0 = done per qfenix), @7 i32 errno.</summary>
public sealed record EfsSyncGetStatusResponse(ushort SequenceNumber, byte SyncStatus, EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* seq */ + 1 /* status */ + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.SyncGetStatus);
        w.U16(SequenceNumber);
        w.U8(SyncStatus);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a SYNC_GET_STATUS response (≥ 11 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsSyncGetStatusResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.SyncGetStatus, 11, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsSyncGetStatusResponse(EfsWire.U16(src, 4), src[6], EfsWire.Errno(src, 7), sub);
        }

        return s;
    }
}
