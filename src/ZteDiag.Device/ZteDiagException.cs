namespace ZteDiag.Device;

/// <summary>
/// Base of every ZteDiag failure, Device and Workbench alike. Shells print <see cref="Exception.Message"/> (never
/// a stack trace) and map <see cref="Failure"/> to the exit code through the one table (<see cref="Failures"/>).
/// </summary>
public abstract class ZteDiagException : Exception
{
    /// <summary>Exit code for "the device said no".</summary>
    public const int ExitDeviceRejected = 1;

    /// <summary>Exit code for "usage, bad input or a local file problem".</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit code for "no device, or a port problem".</summary>
    public const int ExitPortProblem = 3;

    /// <summary>Exit code for "timeout or link failure".</summary>
    public const int ExitLinkFailure = 4;

    /// <summary>Exit code for "ZteDiag refused" (safety rules, restore checks).</summary>
    public const int ExitRefused = 5;

    /// <summary>Creates the exception with a technician-facing message and its kind.</summary>
    protected ZteDiagException(string message, FailureKind kind, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = kind;
    }

    /// <summary>Creates the exception from an exit code of <see cref="Failures.Table"/>.</summary>
    protected ZteDiagException(string message, int exitCode, Exception? innerException = null)
        : this(message, Failures.KindOf(exitCode), innerException)
    {
    }

    /// <summary>Which failure this is.</summary>
    public FailureKind Failure { get; }

    /// <summary>The process exit code of <see cref="Failure"/> (see <see cref="Failures.Table"/>).</summary>
    public int ExitCode => Failures.ExitCode(Failure);
}
