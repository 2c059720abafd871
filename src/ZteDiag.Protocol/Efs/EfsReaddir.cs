using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 READDIR request (exactly 12 bytes): @4 u32 dirp, @8 i32 seqno (1 = first entry). PROTOCOL.md §3.4, §3.8.</summary>
public sealed record EfsReaddirRequest(uint Dirp, int SequenceNumber, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* dirp */ + 4 /* seqno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Readdir);
        w.U32(Dirp);
        w.I32(SequenceNumber);
        return Size;
    }

    /// <summary>Parses a READDIR request; any size but 12 fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsReaddirRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckExactRequest(src, EfsCommand.Readdir, 12, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsReaddirRequest(EfsWire.U32(src, 4), EfsWire.I32(src, 8), sub);
        }

        return s;
    }
}

/// <summary>
/// EFS2 READDIR response: @4 u32 dirp, @8 i32 seqno, @12 i32 errno, @16 i32 entry_type, @20 i32 mode,
/// @24 i32 size, @28 u32 atime, @32 u32 mtime, @36 u32 ctime, @40 entry_name\0 (name only).
/// End of directory = errno 0 and an empty name (41 bytes).
/// </summary>
public sealed record EfsReaddirResponse(
    uint Dirp,
    int SequenceNumber,
    EfsErrno Errno,
    EfsDirEntryType EntryType,
    int Mode,
    int FileSize,
    uint AccessTime,
    uint ModifyTime,
    uint ChangeTime,
    string Name,
    byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Size of the fixed part before the name.</summary>
    public const int HeaderSize = EfsWire.Body + 36;

    /// <summary>The end-of-directory marker the target sends for <paramref name="dirp"/> / <paramref name="seqno"/>.</summary>
    public static EfsReaddirResponse EndOfDirectory(uint dirp, int seqno, byte subsystem = EfsSubsystem.Standard) =>
        new(dirp, seqno, EfsErrno.ENOERR, EfsDirEntryType.Regular, 0, 0, 0, 0, 0, string.Empty, subsystem);

    /// <summary>True for the end marker: errno 0 and an empty name (type 0 alone is a regular file).</summary>
    public bool IsEndOfDirectory => Errno == EfsErrno.ENOERR && Name.Length == 0;

    /// <summary>The file kind named by <see cref="Mode"/> (item files have entry type 0x0F and S_IFITM).</summary>
    public EfsFileKind Kind => EfsMode.KindOf(Mode);

    /// <inheritdoc/>
    public int Size => HeaderSize + EfsWire.PathSize(Name);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Readdir);
        w.U32(Dirp);
        w.I32(SequenceNumber);
        w.Errno(Errno);
        w.I32((int)EntryType);
        w.I32(Mode);
        w.I32(FileSize);
        w.U32(AccessTime);
        w.U32(ModifyTime);
        w.U32(ChangeTime);
        w.CString(Name);
        return Size;
    }

    /// <summary>
    /// Parses a READDIR response (≥ 16 bytes). With errno 0 all fields and a NUL-terminated name are
    /// required; after an errno missing fields read as zero and a missing name as "".
    /// </summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsReaddirResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Readdir, 16, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        EfsErrno errno = EfsWire.Errno(src, 12);
        string name = string.Empty;
        if (errno == EfsErrno.ENOERR)
        {
            if (src.Length < HeaderSize)
            {
                return DiagStatus.Truncated;
            }

            if (!EfsWire.TryReadCString(src[HeaderSize..], out name, out _))
            {
                return DiagStatus.Malformed;
            }
        }
        else if (src.Length > HeaderSize)
        {
            name = EfsWire.ReadOptionalCString(src[HeaderSize..]);
        }

        value = new EfsReaddirResponse(
            EfsWire.U32(src, 4), EfsWire.I32(src, 8), errno, (EfsDirEntryType)EfsWire.I32(src, 16), EfsWire.I32(src, 20), EfsWire.I32(src, 24),
            EfsWire.U32(src, 28), EfsWire.U32(src, 32), EfsWire.U32(src, 36), name, sub);
        return DiagStatus.Ok;
    }
}
