namespace ZteDiag.Device;

/// <summary>The link to the modem failed (I/O error, lost sync, closed). A broken session stays broken.</summary>
public class DiagLinkException : ZteDiagException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, for a technician.</param>
    /// <param name="innerException">The underlying cause.</param>
    /// <param name="isTransient">True when trying again (maybe after reopening) may succeed.</param>
    public DiagLinkException(string message, Exception? innerException = null, bool isTransient = false)
        : base(message, ExitLinkFailure, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when a retry may succeed.</summary>
    public bool IsTransient { get; }
}

/// <summary>No matching reply arrived in time (after all allowed retries).</summary>
public sealed class DiagTimeoutException : DiagLinkException
{
    /// <summary>Creates the exception.</summary>
    public DiagTimeoutException(string message, TimeSpan timeout, int attempts)
        : base(message, null, isTransient: true)
    {
        Timeout = timeout;
        Attempts = attempts;
    }

    /// <summary>Timeout per attempt.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many times the request was sent.</summary>
    public int Attempts { get; }
}

/// <summary>
/// The session saw that a request's reply was lost (a later reply came first, or a bad frame took it) and the
/// request asked not to be re-sent on the timer (<see cref="Diag.DiagRequestOptions.GiveUpOnLoss"/>).
/// </summary>
public sealed class DiagReplyLostException : DiagLinkException
{
    /// <summary>Creates the exception.</summary>
    public DiagReplyLostException(string message)
        : base(message, null, isTransient: true)
    {
    }
}
