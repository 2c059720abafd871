using ZteDiag.Protocol.Diag;

namespace ZteDiag.Device;

/// <summary>The modem answered a DIAG request with an error reply (0x13–0x18, 0x42, 0x47, 0x95).</summary>
public sealed class DiagRejectedException : ZteDiagException
{
    /// <summary>Creates the exception for <paramref name="status"/> returned to <paramref name="requestName"/>.</summary>
    /// <param name="status">The device error status.</param>
    /// <param name="requestName">Human name of the request, e.g. "EFS2 READ" or "NV_READ".</param>
    /// <param name="echo">The request prefix the device echoed, if any.</param>
    public DiagRejectedException(DiagStatus status, string requestName, ReadOnlyMemory<byte> echo = default)
        : base($"{requestName}: {status.Describe()}", ExitDeviceRejected)
    {
        Status = status;
        RequestName = requestName;
        Echo = echo.ToArray();
    }

    /// <summary>
    /// Creates the exception with a specific explanation instead of the generic one, e.g.
    /// "EFS stat /nv: diag security is locked; run `ztediag spc` / a password is needed (BAD_SEC_MODE)".
    /// </summary>
    /// <param name="status">The device error status.</param>
    /// <param name="requestName">Human name of the request.</param>
    /// <param name="explanation">What it means and what to do; replaces <see cref="DiagStatusExtensions.Describe"/> in the message.</param>
    /// <param name="echo">The request prefix the device echoed, if any.</param>
    public DiagRejectedException(DiagStatus status, string requestName, string explanation, ReadOnlyMemory<byte> echo)
        : base($"{requestName}: {explanation}", ExitDeviceRejected)
    {
        Status = status;
        RequestName = requestName;
        Echo = echo.ToArray();
    }

    /// <summary>The device error status.</summary>
    public DiagStatus Status { get; }

    /// <summary>Human name of the rejected request.</summary>
    public string RequestName { get; }

    /// <summary>The echoed request prefix (may be empty).</summary>
    public IReadOnlyList<byte> Echo { get; }
}
