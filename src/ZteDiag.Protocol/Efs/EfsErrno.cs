namespace ZteDiag.Protocol.Efs;

/// <summary>
/// EFS2 <c>diag_errno</c> values (Qualcomm fs_errno.h, NOT Linux: EEXIST is 6) and the
/// diag-layer codes 0x4000000x. PROTOCOL.md §3.5.
/// </summary>
public enum EfsErrno
{
    /// <summary>Success.</summary>
    ENOERR = 0,
    /// <summary>Operation not permitted.</summary>
    EPERM = 1,
    /// <summary>No such file or directory.</summary>
    ENOENT = 2,
    /// <summary>File exists (Qualcomm value 6; Linux uses 17).</summary>
    EEXIST = 6,
    /// <summary>Bad file descriptor.</summary>
    EBADF = 9,
    /// <summary>Out of memory.</summary>
    ENOMEM = 12,
    /// <summary>Permission denied.</summary>
    EACCES = 13,
    /// <summary>Device or resource busy.</summary>
    EBUSY = 16,
    /// <summary>Cross-device link.</summary>
    EXDEV = 18,
    /// <summary>No such device.</summary>
    ENODEV = 19,
    /// <summary>Not a directory.</summary>
    ENOTDIR = 20,
    /// <summary>Is a directory.</summary>
    EISDIR = 21,
    /// <summary>Invalid argument.</summary>
    EINVAL = 22,
    /// <summary>Too many open files.</summary>
    EMFILE = 24,
    /// <summary>File or directory already open.</summary>
    ETXTBSY = 26,
    /// <summary>No space left on the file system.</summary>
    ENOSPC = 28,
    /// <summary>Illegal seek.</summary>
    ESPIPE = 29,
    /// <summary>Result out of range.</summary>
    FS_ERANGE = 34,
    /// <summary>File name too long.</summary>
    ENAMETOOLONG = 36,
    /// <summary>Directory not empty.</summary>
    ENOTEMPTY = 39,
    /// <summary>Too many symbolic links.</summary>
    ELOOP = 40,
    /// <summary>Illegal byte sequence (in a name).</summary>
    EILSEQ = 92,
    /// <summary>Timed out (newer firmware).</summary>
    ETIMEDOUT = 110,
    /// <summary>Stale handle.</summary>
    ESTALE = 116,
    /// <summary>Quota exceeded.</summary>
    EDQUOT = 122,
    /// <summary>No media card.</summary>
    ENOCARD = 301,
    /// <summary>Bad format on the media.</summary>
    EBADFMT = 302,
    /// <summary>Not an item file.</summary>
    ENOTITM = 303,
    /// <summary>Rollback failed.</summary>
    EROLLBACK = 304,
    /// <summary>Nothing to sync (newer firmware; seen after uploads).</summary>
    ENOTHINGTOSYNC = 306,
    /// <summary>End of file.</summary>
    EEOF = 0x8000,
    /// <summary>Unknown SFAT error.</summary>
    EUNKNOWN_SFAT = 0x8001,
    /// <summary>Unknown HFAT error.</summary>
    EUNKNOWN_HFAT = 0x8002,
    /// <summary>Diag layer: inconsistent state.</summary>
    INCONSISTENT_STATE = 0x40000001,
    /// <summary>Diag layer: READDIR sequence number ≤ 0.</summary>
    INVALID_SEQ_NO = 0x40000002,
    /// <summary>Diag layer: directory handle not open.</summary>
    DIR_NOT_OPEN = 0x40000003,
    /// <summary>Diag layer: directory entry not found.</summary>
    DIRENT_NOT_FOUND = 0x40000004,
    /// <summary>Diag layer: invalid path.</summary>
    INVALID_PATH = 0x40000005,
    /// <summary>Diag layer: path too long.</summary>
    PATH_TOO_LONG = 0x40000006,
    /// <summary>Diag layer: too many open directories (4 slots).</summary>
    TOO_MANY_OPEN_DIRS = 0x40000007,
    /// <summary>Diag layer: invalid directory entry.</summary>
    INVALID_DIR_ENTRY = 0x40000008,
    /// <summary>Diag layer: too many open files (6 slots).</summary>
    TOO_MANY_OPEN_FILES = 0x40000009,
    /// <summary>Diag layer: unknown file type.</summary>
    UNKNOWN_FILETYPE = 0x4000000A,
    /// <summary>Diag layer: not NAND flash.</summary>
    NOT_NAND_FLASH = 0x4000000B,
    /// <summary>Diag layer: information unavailable.</summary>
    UNAVAILABLE_INFO = 0x4000000C,
}

/// <summary>Human-readable text for <see cref="EfsErrno"/>.</summary>
public static class EfsErrnoText
{
    /// <summary>The symbolic name (<c>"ENOENT"</c>), or <c>"errno N"</c> for an unknown value.</summary>
    public static string Name(EfsErrno errno) =>
        Enum.IsDefined(errno) ? errno.ToString() : $"errno {(int)errno}";

    /// <summary>
    /// A message plus the symbolic name, e.g. <c>"no such file or directory (ENOENT)"</c>;
    /// <c>"errno N"</c> for an unknown value.
    /// </summary>
    public static string Describe(EfsErrno errno)
    {
        string? text = Message(errno);
        return text is null ? $"errno {(int)errno}" : $"{text} ({errno})";
    }

    /// <inheritdoc cref="Describe(EfsErrno)"/>
    public static string Describe(int errno) => Describe((EfsErrno)errno);

    private static string? Message(EfsErrno errno) => errno switch
    {
        EfsErrno.ENOERR => "success",
        EfsErrno.EPERM => "operation not permitted",
        EfsErrno.ENOENT => "no such file or directory",
        EfsErrno.EEXIST => "file exists",
        EfsErrno.EBADF => "bad file descriptor",
        EfsErrno.ENOMEM => "out of memory",
        EfsErrno.EACCES => "permission denied",
        EfsErrno.EBUSY => "device or resource busy",
        EfsErrno.EXDEV => "cross-device link",
        EfsErrno.ENODEV => "no such device",
        EfsErrno.ENOTDIR => "not a directory",
        EfsErrno.EISDIR => "is a directory",
        EfsErrno.EINVAL => "invalid argument",
        EfsErrno.EMFILE => "too many open files",
        EfsErrno.ETXTBSY => "file or directory already open",
        EfsErrno.ENOSPC => "no space left on the file system",
        EfsErrno.ESPIPE => "illegal seek",
        EfsErrno.FS_ERANGE => "result out of range",
        EfsErrno.ENAMETOOLONG => "file name too long",
        EfsErrno.ENOTEMPTY => "directory not empty",
        EfsErrno.ELOOP => "too many levels of symbolic links",
        EfsErrno.EILSEQ => "illegal byte sequence in name",
        EfsErrno.ETIMEDOUT => "timed out",
        EfsErrno.ESTALE => "stale handle",
        EfsErrno.EDQUOT => "quota exceeded",
        EfsErrno.ENOCARD => "no media card",
        EfsErrno.EBADFMT => "bad media format",
        EfsErrno.ENOTITM => "not an item file",
        EfsErrno.EROLLBACK => "rollback failed",
        EfsErrno.ENOTHINGTOSYNC => "nothing to sync",
        EfsErrno.EEOF => "end of file",
        EfsErrno.EUNKNOWN_SFAT => "unknown SFAT error",
        EfsErrno.EUNKNOWN_HFAT => "unknown HFAT error",
        EfsErrno.INCONSISTENT_STATE => "inconsistent diag state",
        EfsErrno.INVALID_SEQ_NO => "invalid directory sequence number",
        EfsErrno.DIR_NOT_OPEN => "directory handle not open",
        EfsErrno.DIRENT_NOT_FOUND => "directory entry not found",
        EfsErrno.INVALID_PATH => "invalid path",
        EfsErrno.PATH_TOO_LONG => "path too long",
        EfsErrno.TOO_MANY_OPEN_DIRS => "too many open directories",
        EfsErrno.INVALID_DIR_ENTRY => "invalid directory entry",
        EfsErrno.TOO_MANY_OPEN_FILES => "too many open files (diag)",
        EfsErrno.UNKNOWN_FILETYPE => "unknown file type",
        EfsErrno.NOT_NAND_FLASH => "not NAND flash",
        EfsErrno.UNAVAILABLE_INFO => "information unavailable",
        _ => null,
    };
}
