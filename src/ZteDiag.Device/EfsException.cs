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
        Errno = errno;
        ErrnoName = errnoName;
        Path = path;
        Operation = operation;
    }

    /// <summary>The raw errno.</summary>
    public int Errno { get; }

    /// <summary>Symbolic errno name.</summary>
    public string ErrnoName { get; }

    /// <summary>The EFS path.</summary>
    public string Path { get; }

    /// <summary>The failed operation.</summary>
    public string Operation { get; }
}
