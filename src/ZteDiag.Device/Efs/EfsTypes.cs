using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>Settings of an <see cref="EfsClient"/>.</summary>
public sealed record EfsClientOptions
{
    /// <summary>
    /// READ/WRITE requests kept in flight by <see cref="EfsClient.ReadFileAsync"/> and
    /// <see cref="EfsClient.WriteFileAsync"/> (PROTOCOL.md §3.7). 1 = stop-and-wait, what every peer does.
    /// </summary>
    public int Window { get; init; } = 8;

    /// <summary>Per-request timeout; null = the session default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Force subsystem 19 or 62 instead of probing 19 then 62; null = probe.</summary>
    public byte? Subsystem { get; init; }
}

/// <summary>What STAT / LSTAT said about a path (LSTAT carries no size or link count: both are 0).</summary>
/// <param name="Path">The path asked about.</param>
/// <param name="Mode">st_mode (type bits and permissions).</param>
/// <param name="Kind">The type named by <paramref name="Mode"/>.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LinkCount">st_nlink.</param>
/// <param name="AccessTime">atime, seconds (epoch UNVERIFIED on MSM62xx: see <see cref="EfsTime"/>).</param>
/// <param name="ModifyTime">mtime, seconds.</param>
/// <param name="ChangeTime">ctime, seconds.</param>
public sealed record EfsStat(
    string Path,
    int Mode,
    EfsFileKind Kind,
    long Size,
    int LinkCount,
    uint AccessTime,
    uint ModifyTime,
    uint ChangeTime)
{
    /// <summary>True for a directory.</summary>
    public bool IsDirectory => Kind == EfsFileKind.Directory;

    /// <summary>mtime as a UTC instant, assuming the POSIX epoch.</summary>
    public DateTimeOffset Modified => EfsTime.ToDateTime(ModifyTime);
}

/// <summary>One READDIR entry (never "." or "..").</summary>
/// <param name="Name">The entry name.</param>
/// <param name="Path">Directory + name.</param>
/// <param name="Type">entry_type: 0 regular, 1 directory, 2 symlink, 0x0F item file / other.</param>
/// <param name="Mode">st_mode from the target's lstat.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="AccessTime">atime, seconds.</param>
/// <param name="ModifyTime">mtime, seconds.</param>
/// <param name="ChangeTime">ctime, seconds.</param>
/// <param name="LinkTarget">For symlinks when the listing asked for READLINK, the target; else null.</param>
public sealed record EfsDirEntry(
    string Name,
    string Path,
    EfsDirEntryType Type,
    int Mode,
    long Size,
    uint AccessTime,
    uint ModifyTime,
    uint ChangeTime,
    string? LinkTarget = null)
{
    /// <summary>The type named by the mode bits (tells item files from other 0x0F entries).</summary>
    public EfsFileKind Kind => EfsMode.KindOf(Mode);

    /// <summary>True for a directory.</summary>
    public bool IsDirectory => Type == EfsDirEntryType.Directory;

    /// <summary>True for an item file (S_IFITM).</summary>
    public bool IsItemFile => EfsMode.IsItemFile(Mode);

    /// <summary>mtime as a UTC instant, assuming the POSIX epoch.</summary>
    public DateTimeOffset Modified => EfsTime.ToDateTime(ModifyTime);
}

/// <summary>File system space from STATFS.</summary>
/// <param name="Path">The path asked about.</param>
/// <param name="FileSystemType">fs_type text, e.g. "EFS2".</param>
/// <param name="BlockSize">Bytes per block.</param>
/// <param name="TotalBytes">Total size.</param>
/// <param name="FreeBytes">Free space.</param>
/// <param name="AvailableBytes">Space available to the caller.</param>
/// <param name="FileCount">Files in use.</param>
/// <param name="MaxFileCount">Most files the file system holds.</param>
public sealed record EfsSpace(
    string Path,
    string FileSystemType,
    uint BlockSize,
    long TotalBytes,
    long FreeBytes,
    long AvailableBytes,
    uint FileCount,
    uint MaxFileCount);

/// <summary>EFS timestamps (u32 seconds).</summary>
public static class EfsTime
{
    /// <summary>Seconds since the POSIX epoch as a UTC instant (MSM62xx epoch UNVERIFIED, PROTOCOL.md §3.6).</summary>
    public static DateTimeOffset ToDateTime(uint seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);
}
