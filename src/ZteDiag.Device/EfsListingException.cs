namespace ZteDiag.Device;

/// <summary>
/// The modem listed a directory in a way no EFS2 target can (an entry named <c>.</c> or <c>..</c>, more entries than
/// a directory can hold, a name or path beyond the limits its own QUERY declared): the listing stops here
/// instead of running without end. Exit 1, like any answer of the modem that is not what was asked.
/// </summary>
public sealed class EfsListingException : ZteDiagException
{
    /// <summary>Creates the exception for the directory <paramref name="path"/>.</summary>
    public EfsListingException(string path, string reason)
        : base($"EFS readdir {path}: {reason}; the listing was stopped", ExitDeviceRejected)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The directory whose listing was stopped.</summary>
    public string Path { get; }

    /// <summary>What the modem did wrong.</summary>
    public string Reason { get; }
}
