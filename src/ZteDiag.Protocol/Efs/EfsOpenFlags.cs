namespace ZteDiag.Protocol.Efs;

/// <summary>
/// OPEN / PUT oflag bits. The target's constants are octal (fs_fcntl.h); treating them as hex
/// (O_CREAT = 0x100) breaks file creation. PROTOCOL.md §3.6.
/// </summary>
[Flags]
public enum EfsOpenFlags
{
    /// <summary>O_RDONLY (00).</summary>
    ReadOnly = 0x0,
    /// <summary>O_WRONLY (01).</summary>
    WriteOnly = 0x1,
    /// <summary>O_RDWR (02).</summary>
    ReadWrite = 0x2,
    /// <summary>O_ACCMODE (03): mask of the access mode.</summary>
    AccessMode = 0x3,
    /// <summary>O_CREAT (0100).</summary>
    Create = 0x40,
    /// <summary>O_EXCL (0200).</summary>
    Exclusive = 0x80,
    /// <summary>O_NOCTTY (0400).</summary>
    NoCtty = 0x100,
    /// <summary>O_TRUNC (01000).</summary>
    Truncate = 0x200,
    /// <summary>O_APPEND (02000).</summary>
    Append = 0x400,
    /// <summary>O_NONBLOCK (04000).</summary>
    NonBlock = 0x800,
    /// <summary>O_SYNC (010000).</summary>
    Sync = 0x1000,
    /// <summary>FASYNC (020000).</summary>
    Async = 0x2000,
    /// <summary>O_DIRECT (040000).</summary>
    Direct = 0x4000,
    /// <summary>O_LARGEFILE (0100000).</summary>
    LargeFile = 0x8000,
    /// <summary>O_DIRECTORY (0200000).</summary>
    Directory = 0x10000,
    /// <summary>O_NOFOLLOW (0400000).</summary>
    NoFollow = 0x20000,
    /// <summary>O_ITEMFILE (01000000): create an item file.</summary>
    ItemFile = 0x40000,
    /// <summary>O_AUTODIR (02000000, newer firmware): create missing parent directories.</summary>
    AutoDir = 0x80000,
    /// <summary>O_SFS_RSVD (04000000): reserved for secure FS.</summary>
    SfsReserved = 0x100000,
}
