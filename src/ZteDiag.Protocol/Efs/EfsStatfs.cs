using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 STATFS request: @4 path\0. File-system statistics for the volume holding the path. PROTOCOL.md §3.4.</summary>
public sealed record EfsStatfsRequest(string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Statfs);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses a STATFS request; no NUL after the header is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsStatfsRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Statfs, EfsWire.Body, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[EfsWire.Body..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsStatfsRequest(path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>
/// EFS2 STATFS response (48 bytes): @4 errno, @8 fs_id, @12 u8[8] fs_type, @20 block_size,
/// @24 total_blocks, @28 avail_blocks, @32 free_blocks, @36 max_file_size, @40 nfiles, @44 max_nfiles.
/// </summary>
public sealed record EfsStatfsResponse(
    EfsErrno Errno,
    uint FsId,
    byte[] FsType,
    uint BlockSize,
    uint TotalBlocks,
    uint AvailableBlocks,
    uint FreeBlocks,
    uint MaxFileSize,
    uint FileCount,
    uint MaxFileCount,
    byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Width of the fs_type field.</summary>
    public const int FsTypeLength = 8;

    /// <summary><see cref="FsType"/> as text up to the first NUL.</summary>
    public string FsTypeName => EfsWire.ReadOptionalCString(FsType);

    /// <inheritdoc/>
    public int Size => EfsWire.Body + 44;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Statfs);
        w.Errno(Errno);
        w.U32(FsId);
        w.Fixed(FsType, FsTypeLength);
        w.U32(BlockSize);
        w.U32(TotalBlocks);
        w.U32(AvailableBlocks);
        w.U32(FreeBlocks);
        w.U32(MaxFileSize);
        w.U32(FileCount);
        w.U32(MaxFileCount);
        return Size;
    }

    /// <summary>Parses a STATFS response; with an errno the later fields may be missing (zero).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsStatfsResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Statfs, 8, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        EfsErrno errno = EfsWire.Errno(src, 4);
        if (errno == EfsErrno.ENOERR && src.Length < 48)
        {
            return DiagStatus.Truncated;
        }

        byte[] type = new byte[FsTypeLength];
        EfsWire.Bytes(src, 12, FsTypeLength).CopyTo(type, 0);
        value = new EfsStatfsResponse(
            errno, EfsWire.U32(src, 8), type, EfsWire.U32(src, 20), EfsWire.U32(src, 24), EfsWire.U32(src, 28),
            EfsWire.U32(src, 32), EfsWire.U32(src, 36), EfsWire.U32(src, 40), EfsWire.U32(src, 44), sub);
        return DiagStatus.Ok;
    }
}
