using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 DEV_INFO request: the header alone. PROTOCOL.md §3.4.</summary>
public sealed record EfsDevInfoRequest(byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        _ = new EfsWriter(destination, Subsystem, EfsCommand.DevInfo);
        return Size;
    }

    /// <summary>Parses a DEV_INFO request (≥ 4 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsDevInfoRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.DevInfo, EfsWire.Body, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsDevInfoRequest(sub);
        }

        return s;
    }
}

/// <summary>
/// EFS2 DEV_INFO response: @4 errno, @8 total_no_of_blocks, @12 pages_per_block, @16 page_size,
/// @20 total_page_size, @24 maker_id, @28 device_id (contiguous), @32 u8 device_type (0 NOR, 1 NAND), @33 device_name\0.
/// </summary>
public sealed record EfsDevInfoResponse(
    EfsErrno Errno,
    uint TotalBlocks,
    uint PagesPerBlock,
    uint PageSize,
    uint TotalPageSize,
    uint MakerId,
    uint DeviceId,
    byte DeviceType,
    string DeviceName,
    byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Size of the fixed part before the name.</summary>
    public const int HeaderSize = EfsWire.Body + 29;

    /// <inheritdoc/>
    public int Size => HeaderSize + EfsWire.PathSize(DeviceName);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.DevInfo);
        w.Errno(Errno);
        w.U32(TotalBlocks);
        w.U32(PagesPerBlock);
        w.U32(PageSize);
        w.U32(TotalPageSize);
        w.U32(MakerId);
        w.U32(DeviceId);
        w.U8(DeviceType);
        w.CString(DeviceName);
        return Size;
    }

    /// <summary>Parses a DEV_INFO response; with an errno the later fields may be missing; a name without NUL is taken to the end.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsDevInfoResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.DevInfo, 8, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        EfsErrno errno = EfsWire.Errno(src, 4);
        if (errno == EfsErrno.ENOERR && src.Length < HeaderSize)
        {
            return DiagStatus.Truncated;
        }

        string name = src.Length > HeaderSize ? EfsWire.ReadOptionalCString(src[HeaderSize..]) : string.Empty;
        value = new EfsDevInfoResponse(
            errno, EfsWire.U32(src, 8), EfsWire.U32(src, 12), EfsWire.U32(src, 16), EfsWire.U32(src, 20), EfsWire.U32(src, 24), EfsWire.U32(src, 28),
            src.Length > 32 ? src[32] : (byte)0, name, sub);
        return DiagStatus.Ok;
    }
}
