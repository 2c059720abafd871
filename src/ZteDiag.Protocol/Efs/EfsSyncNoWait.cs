using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 SYNC_NO_WAIT request: @4 u16 sequence_number, @6 path\0. PROTOCOL.md §3.4.</summary>
public sealed record EfsSyncNoWaitRequest(ushort SequenceNumber, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* seq */ + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.SyncNoWait);
        w.U16(SequenceNumber);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a SYNC_NO_WAIT request; a path without NUL is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsSyncNoWaitRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.SyncNoWait, 6, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[6..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsSyncNoWaitRequest(EfsWire.U16(src, 4), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 SYNC_NO_WAIT response (14 bytes): @4 u16 sequence_number, @6 u32 sync_token, @10 i32 errno (306 = nothing to sync).</summary>
public sealed record EfsSyncNoWaitResponse(ushort SequenceNumber, uint SyncToken, EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 2 /* seq */ + 4 /* token */ + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.SyncNoWait);
        w.U16(SequenceNumber);
        w.U32(SyncToken);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a SYNC_NO_WAIT response (≥ 14 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsSyncNoWaitResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.SyncNoWait, 14, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsSyncNoWaitResponse(EfsWire.U16(src, 4), EfsWire.U32(src, 6), EfsWire.Errno(src, 10), sub);
        }

        return s;
    }
}
