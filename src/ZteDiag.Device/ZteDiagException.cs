namespace ZteDiag.Device;

/// <summary>
/// Base of every ZteDiag failure. Shells print <see cref="Exception.Message"/> (never a stack trace)
/// and map <see cref="ExitCode"/> to the process exit code. Three kinds derive from it: the modem said
/// no (exit 1), no device / port problem (exit 3), timeout or link failure (exit 4). Caller mistakes
/// use the standard <see cref="ArgumentException"/> instead.
/// </summary>
public abstract class ZteDiagException : Exception
{
    /// <summary>Exit code for "the device said no".</summary>
    public const int ExitDeviceRejected = 1;

    /// <summary>Exit code for "no device, or a port problem".</summary>
    public const int ExitPortProblem = 3;

    /// <summary>Exit code for "timeout or link failure".</summary>
    public const int ExitLinkFailure = 4;

    /// <summary>Creates the exception with a technician-facing message.</summary>
    protected ZteDiagException(string message, int exitCode, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>Suggested process exit code (1 device said no, 3 port problem, 4 timeout/link failure).</summary>
    public int ExitCode { get; }
}
