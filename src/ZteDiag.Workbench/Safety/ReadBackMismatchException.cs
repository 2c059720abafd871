using ZteDiag.Device;

namespace ZteDiag.Workbench.Safety;

/// <summary>
/// What was written to the modem reads back different (the link or the flash corrupted it). The one
/// mismatch error of every write path (<see cref="EfsReplacer"/>, NV writes): exit 4 like any other
/// corruption on the link, whoever wrote.
/// </summary>
public sealed class ReadBackMismatchException : ZteDiagException
{
    /// <summary>Creates the exception with a technician-facing message.</summary>
    public ReadBackMismatchException(string message)
        : base(message, ExitLinkFailure)
    {
    }
}
