using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>Outcome of an <see cref="EfsStore"/> operation (the DIAG layer maps these to EFS2 errno values).</summary>
public enum EfsStoreError
{
    /// <summary>Success.</summary>
    None,
    /// <summary>ENOENT.</summary>
    NotFound,
    /// <summary>EEXIST.</summary>
    Exists,
    /// <summary>ENOTDIR.</summary>
    NotDirectory,
    /// <summary>EISDIR.</summary>
    IsDirectory,
    /// <summary>ENOTEMPTY.</summary>
    NotEmpty,
    /// <summary>ENOSPC (capacity exhausted or the fault hook fired).</summary>
    NoSpace,
    /// <summary>EBADF / DIR_NOT_OPEN: bad handle, or write on a read-only handle.</summary>
    BadHandle,
    /// <summary>All 6 file slots in use (TOO_MANY_OPEN_FILES / EMFILE).</summary>
    TooManyOpenFiles,
    /// <summary>All 4 directory slots in use (TOO_MANY_OPEN_DIRS).</summary>
    TooManyOpenDirs,
    /// <summary>Not absolute, empty, contains NUL, or escapes the root with '..' (INVALID_PATH).</summary>
    InvalidPath,
    /// <summary>Component or path too long (ENAMETOOLONG / PATH_TOO_LONG).</summary>
    NameTooLong,
    /// <summary>GET on something that is not an item file (ENOTITM).</summary>
    NotItemFile,
    /// <summary>Too many symlinks while resolving (ELOOP).</summary>
    Loop,
    /// <summary>EACCES (e.g. removing the root).</summary>
    Access,
    /// <summary>EINVAL (bad flags, bad seqno, item too large, readlink on a non-link…).</summary>
    Invalid,
}

/// <summary>Kind of an EFS entry.</summary>
public enum EfsEntryKind
{
    /// <summary>Regular file.</summary>
    File,
    /// <summary>Directory.</summary>
    Directory,
    /// <summary>Symbolic link (stored as data inside the state dir, never as a host symlink).</summary>
    Symlink,
    /// <summary>Item file (small, written atomically with PUT).</summary>
    Item,
}

/// <summary>What the virtual modem's store answers to Stat/Lstat/Fstat (the client side has its own EfsStat in ZteDiag.Device.Efs).</summary>
/// <param name="Mode">Type bits | permission bits.</param>
/// <param name="Size">Bytes (0 for directories, target length for links).</param>
/// <param name="Nlink">Link count (1 files, 2 directories).</param>
/// <param name="Atime">POSIX seconds.</param>
/// <param name="Mtime">POSIX seconds.</param>
/// <param name="Ctime">POSIX seconds.</param>
public readonly record struct StoredStat(int Mode, uint Size, int Nlink, uint Atime, uint Mtime, uint Ctime)
{
    /// <summary>Entry kind decoded from the type bits.</summary>
    public EfsEntryKind Kind => EfsMode.KindOf(Mode) switch
    {
        EfsFileKind.Directory => EfsEntryKind.Directory,
        EfsFileKind.Symlink => EfsEntryKind.Symlink,
        EfsFileKind.ItemFile => EfsEntryKind.Item,
        _ => EfsEntryKind.File,
    };
}

/// <summary>One READDIR answer. An empty <see cref="Name"/> marks the end of the directory.</summary>
/// <param name="Seqno">Echoed sequence number.</param>
/// <param name="Name">Entry name (not a path), "" at the end.</param>
/// <param name="EntryType">Regular, Directory, Symlink, or Other (item files); Regular at the end.</param>
/// <param name="Stat">lstat of the entry, all zero at the end.</param>
public readonly record struct StoredDirEntry(int Seqno, string Name, EfsDirEntryType EntryType, StoredStat Stat)
{
    /// <summary>True for the end-of-directory marker.</summary>
    public bool IsEnd => Name.Length == 0;
}

/// <summary>STATFS answer.</summary>
/// <param name="FsId">File system id.</param>
/// <param name="FsType">File system type name (8 bytes on the wire).</param>
/// <param name="BlockSize">Bytes per block.</param>
/// <param name="TotalBlocks">Capacity in blocks.</param>
/// <param name="AvailBlocks">Blocks available.</param>
/// <param name="FreeBlocks">Blocks free.</param>
/// <param name="MaxFileSize">Largest file.</param>
/// <param name="Nfiles">Entries in use.</param>
/// <param name="MaxNfiles">Maximum entries.</param>
public readonly record struct EfsStatfs(
    uint FsId, string FsType, uint BlockSize, uint TotalBlocks, uint AvailBlocks, uint FreeBlocks,
    uint MaxFileSize, uint Nfiles, uint MaxNfiles);

/// <summary>Places where a test can make the store "crash" (throw from <see cref="EfsStore.CrashHook"/>).</summary>
public enum EfsCrashPoint
{
    /// <summary>A metadata record is durable, the host-side change has not happened yet.</summary>
    AfterJournal,
    /// <summary>Item/link content is staged in the temp dir, nothing journaled yet.</summary>
    AfterStaging,
    /// <summary>A new snapshot has been renamed in, the old journal not yet replaced.</summary>
    MidCheckpoint,
    /// <summary>Part of a write's data is on disk, the rest is not.</summary>
    MidWrite,
}

/// <summary>Options for <see cref="EfsStore.Open"/>.</summary>
public sealed record EfsStoreOptions
{
    /// <summary>Capacity for NoSpace and STATFS.</summary>
    public long CapacityBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>Block size reported by STATFS.</summary>
    public int BlockSize { get; init; } = 512;
    /// <summary>Clock for timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
