namespace ZteDiag.Protocol.Efs;

/// <summary>READDIR entry_type (i32 on the wire). PROTOCOL.md §3.8.</summary>
public enum EfsDirEntryType
{
    /// <summary>Regular file (also the type of the end-of-directory marker; check the empty name).</summary>
    Regular = 0,
    /// <summary>Directory.</summary>
    Directory = 1,
    /// <summary>Symbolic link.</summary>
    Symlink = 2,
    /// <summary>Immovable file (defined, not produced by the target).</summary>
    Immovable = 3,
    /// <summary>Anything else: item files (S_IFITM), FIFOs, or an entry whose lstat failed.</summary>
    Other = 0x0F,
}
