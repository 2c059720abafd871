using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device;

/// <summary>The modem's EFS2 layer reported a non-zero <c>diag_errno</c> for an operation on a path.</summary>
public sealed class EfsException : ZteDiagException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errno">The raw errno the modem returned.</param>
    /// <param name="errnoName">Its symbolic name (ENOENT, ENOSPC…), or a hex rendering when unknown.</param>
    /// <param name="path">The EFS path the operation was about.</param>
    /// <param name="operation">The operation, e.g. "open", "read", "mkdir".</param>
    public EfsException(int errno, string errnoName, string path, string operation)
        : base($"EFS {operation} {path}: {errnoName} ({errno})", ExitDeviceRejected)
    {
        Errno = (EfsErrno)errno;
        ErrnoName = errnoName;
        Path = path;
        Operation = operation;
    }

    /// <summary>
    /// Creates the exception from a typed errno; the message reads like
    /// <c>EFS mkdir /nv/x: file exists (EEXIST)</c>, plus <paramref name="detail"/> after a semicolon.
    /// </summary>
    /// <param name="errno">The errno the modem returned.</param>
    /// <param name="path">The EFS path the operation was about.</param>
    /// <param name="operation">The operation, e.g. "open", "read", "mkdir".</param>
    /// <param name="detail">Extra context (e.g. "wrote 512 of 1024 bytes at offset 4096"), or null.</param>
    public EfsException(EfsErrno errno, string path, string operation, string? detail = null)
        : base(
            $"EFS {operation} {path}: {EfsErrnoText.Describe(errno)}" + (detail is null ? string.Empty : "; " + detail),
            ExitDeviceRejected)
    {
        Errno = errno;
        ErrnoName = EfsErrnoText.Name(errno);
        Path = path;
        Operation = operation;
    }

    /// <summary>The errno, typed (values the enum does not name are kept as they are).</summary>
    public EfsErrno Errno { get; }

    /// <summary>Symbolic errno name.</summary>
    public string ErrnoName { get; }

    /// <summary>The EFS path.</summary>
    public string Path { get; }

    /// <summary>The failed operation.</summary>
    public string Operation { get; }
}
