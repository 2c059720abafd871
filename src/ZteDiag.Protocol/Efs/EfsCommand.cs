namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2_DIAG subsystem command codes (the u16 after <c>4B ss</c>). PROTOCOL.md §3.2.</summary>
public enum EfsCommand : ushort
{
    /// <summary>Parameter negotiation; closes every open file and directory on the target.</summary>
    Hello = 0,
    /// <summary>File-system limits (max name, path, mounts).</summary>
    Query = 1,
    /// <summary>Open a file; returns a descriptor 0..5.</summary>
    Open = 2,
    /// <summary>Close a file descriptor.</summary>
    Close = 3,
    /// <summary>Read up to 1024 bytes at an offset.</summary>
    Read = 4,
    /// <summary>Write bytes at an offset.</summary>
    Write = 5,
    /// <summary>Create a symbolic link.</summary>
    Symlink = 6,
    /// <summary>Read a symbolic link's target.</summary>
    Readlink = 7,
    /// <summary>Remove a file.</summary>
    Unlink = 8,
    /// <summary>Create a directory.</summary>
    Mkdir = 9,
    /// <summary>Remove an empty directory.</summary>
    Rmdir = 10,
    /// <summary>Open a directory; returns a handle 1..4.</summary>
    Opendir = 11,
    /// <summary>Read one directory entry by sequence number (1 = first).</summary>
    Readdir = 12,
    /// <summary>Close a directory handle.</summary>
    Closedir = 13,
    /// <summary>Rename a file or directory.</summary>
    Rename = 14,
    /// <summary>Stat a path (follows links).</summary>
    Stat = 15,
    /// <summary>Stat a path without following links.</summary>
    Lstat = 16,
    /// <summary>Stat an open descriptor.</summary>
    Fstat = 17,
    /// <summary>Change permission bits.</summary>
    Chmod = 18,
    /// <summary>File-system statistics.</summary>
    Statfs = 19,
    /// <summary>Check access permissions.</summary>
    Access = 20,
    /// <summary>Flash device information (was NAND_DEV_INFO).</summary>
    DevInfo = 21,
    /// <summary>Factory image dump: start.</summary>
    FactImageStart = 22,
    /// <summary>Factory image dump: read one page.</summary>
    FactImageRead = 23,
    /// <summary>Factory image dump: end.</summary>
    FactImageEnd = 24,
    /// <summary>Factory image dump: prepare.</summary>
    PrepFactImage = 25,
    /// <summary>Deprecated item-file put.</summary>
    PutDeprecated = 26,
    /// <summary>Deprecated item-file get.</summary>
    GetDeprecated = 27,
    /// <summary>Generic EFS2 error response (errno + echo).</summary>
    Error = 28,
    /// <summary>Extended file-system information.</summary>
    ExtendedInfo = 29,
    /// <summary>Change owner and group.</summary>
    Chown = 30,
    /// <summary>Benchmark: start a test.</summary>
    BenchmarkStartTest = 31,
    /// <summary>Benchmark: fetch results.</summary>
    BenchmarkGetResults = 32,
    /// <summary>Benchmark: initialise.</summary>
    BenchmarkInit = 33,
    /// <summary>Set a group space reservation.</summary>
    SetReservation = 34,
    /// <summary>Set a group quota.</summary>
    SetQuota = 35,
    /// <summary>Read group quota/reservation information.</summary>
    GetGroupInfo = 36,
    /// <summary>Delete a tree (only under /public).</summary>
    Deltree = 37,
    /// <summary>Write a whole item file in one packet (in-order, with sequence number).</summary>
    Put = 38,
    /// <summary>Read a whole item file in one packet (in-order, with sequence number).</summary>
    Get = 39,
    /// <summary>Truncate a path to a length.</summary>
    Truncate = 40,
    /// <summary>Truncate an open descriptor to a length.</summary>
    Ftruncate = 41,
    /// <summary>Extended statfs (version 2).</summary>
    StatvfsV2 = 42,
    /// <summary>MD5 digest of a file.</summary>
    Md5Sum = 43,
    /// <summary>Format a hot-plug device.</summary>
    HotplugFormat = 44,
    /// <summary>Securely erase obsolete data.</summary>
    Shred = 45,
    /// <summary>Set the idle device event duration.</summary>
    SetIdleDevEvtDur = 46,
    /// <summary>Hot-plug device information.</summary>
    HotplugDeviceInfo = 47,
    /// <summary>Start a file-system sync without waiting; returns a token.</summary>
    SyncNoWait = 48,
    /// <summary>Poll the status of a sync token.</summary>
    SyncGetStatus = 49,
    /// <summary>Truncate a path, 64-bit length.</summary>
    Truncate64 = 50,
    /// <summary>Truncate a descriptor, 64-bit length.</summary>
    Ftruncate64 = 51,
    /// <summary>Seek a descriptor, 64-bit offset.</summary>
    Lseek64 = 52,
    /// <summary>Make the golden copy of the file system.</summary>
    MakeGoldenCopy = 53,
    /// <summary>File-system image (TAR/ZIP) stream: open.</summary>
    FilesystemImageOpen = 54,
    /// <summary>File-system image stream: read.</summary>
    FilesystemImageRead = 55,
    /// <summary>File-system image stream: close.</summary>
    FilesystemImageClose = 56,
}

/// <summary>Subsystem ids that carry EFS2_DIAG. PROTOCOL.md §3.1.</summary>
public static class EfsSubsystem
{
    /// <summary>FS / EFS2 (0x13): what QCSuper and EfsTools use.</summary>
    public const byte Standard = 19;

    /// <summary>FS_ALTERNATE (0x3E): probed first by edl and qfenix.</summary>
    public const byte Alternate = 62;

    /// <summary>True for <see cref="Standard"/> or <see cref="Alternate"/>.</summary>
    public static bool IsEfs(byte subsystem) => subsystem is Standard or Alternate;
}
