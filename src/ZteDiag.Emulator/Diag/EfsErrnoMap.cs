using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Diag;

/// <summary>Maps <see cref="EfsStoreError"/> to the <c>diag_errno</c> a Qualcomm target reports (PROTOCOL.md §3.5).</summary>
public static class EfsErrnoMap
{
    /// <summary>
    /// The errno for <paramref name="error"/>. File-slot exhaustion is EMFILE (24), directory-slot exhaustion
    /// TOO_MANY_OPEN_DIRS (0x40000007), a rejected path INVALID_PATH (0x40000005).
    /// </summary>
    public static EfsErrno ToErrno(EfsStoreError error) => error switch
    {
        EfsStoreError.None => EfsErrno.ENOERR,
        EfsStoreError.NotFound => EfsErrno.ENOENT,
        EfsStoreError.Exists => EfsErrno.EEXIST,
        EfsStoreError.NotDirectory => EfsErrno.ENOTDIR,
        EfsStoreError.IsDirectory => EfsErrno.EISDIR,
        EfsStoreError.NotEmpty => EfsErrno.ENOTEMPTY,
        EfsStoreError.NoSpace => EfsErrno.ENOSPC,
        EfsStoreError.BadHandle => EfsErrno.EBADF,
        EfsStoreError.TooManyOpenFiles => EfsErrno.EMFILE,
        EfsStoreError.TooManyOpenDirs => EfsErrno.TOO_MANY_OPEN_DIRS,
        EfsStoreError.InvalidPath => EfsErrno.INVALID_PATH,
        EfsStoreError.NameTooLong => EfsErrno.ENAMETOOLONG,
        EfsStoreError.NotItemFile => EfsErrno.ENOTITM,
        EfsStoreError.Loop => EfsErrno.ELOOP,
        EfsStoreError.Access => EfsErrno.EACCES,
        EfsStoreError.Invalid => EfsErrno.EINVAL,
        _ => EfsErrno.EINVAL,
    };
}
