namespace ZteDiag.Device;

/// <summary>What is wrong with a port.</summary>
public enum PortErrorKind
{
    /// <summary>The path does not exist (unplugged, wrong name, still in storage mode).</summary>
    NotFound,

    /// <summary>Another process holds the port (often ModemManager).</summary>
    Busy,

    /// <summary>No permission (user not in the dialout group).</summary>
    AccessDenied,

    /// <summary>The port answered, but not with DIAG (an AT/modem port).</summary>
    NotDiag,

    /// <summary>The port disappeared while in use (unplugged, re-enumerated).</summary>
    Vanished,

    /// <summary>Any other open/setup failure.</summary>
    Other,
}

/// <summary>No such port, busy, not a DIAG port, or the port vanished.</summary>
public sealed class PortException : ZteDiagException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What is wrong.</param>
    /// <param name="portPath">The port path.</param>
    /// <param name="message">Technician-facing message.</param>
    /// <param name="innerException">The OS-level cause.</param>
    /// <param name="textSeen">For <see cref="PortErrorKind.NotDiag"/>: the text the port answered.</param>
    public PortException(PortErrorKind kind, string portPath, string message, Exception? innerException = null, string? textSeen = null)
        : base(message, kind == PortErrorKind.Vanished ? ExitLinkFailure : ExitPortProblem, innerException)
    {
        Kind = kind;
        PortPath = portPath;
        TextSeen = textSeen;
    }

    /// <summary>What is wrong.</summary>
    public PortErrorKind Kind { get; }

    /// <summary>The port path.</summary>
    public string PortPath { get; }

    /// <summary>The text a non-DIAG port answered (for <see cref="PortErrorKind.NotDiag"/>).</summary>
    public string? TextSeen { get; }
}
