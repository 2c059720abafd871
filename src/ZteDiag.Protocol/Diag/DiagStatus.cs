namespace ZteDiag.Protocol.Diag;

/// <summary>Outcome of checking or parsing a DIAG packet. Values ≥ 0x100 are local parse failures.</summary>
public enum DiagStatus
{
    /// <summary>Parsed.</summary>
    Ok = 0,
    /// <summary>Device replied BAD_CMD (0x13): unknown or unimplemented command.</summary>
    BadCommand = 0x13,
    /// <summary>Device replied BAD_PARM (0x14): invalid parameter.</summary>
    BadParameter = 0x14,
    /// <summary>Device replied BAD_LEN (0x15): the request had the wrong size.</summary>
    BadLength = 0x15,
    /// <summary>Device replied BAD_DEV (0x16): not accepted.</summary>
    BadDevice = 0x16,
    /// <summary>Device replied BAD_MODE (0x18): not allowed in the current mode.</summary>
    BadMode = 0x18,
    /// <summary>Device replied BAD_SPC_MODE (0x42): SPC not entered.</summary>
    SpcLocked = 0x42,
    /// <summary>Device replied BAD_SEC_MODE (0x47): security password not entered.</summary>
    SecurityLocked = 0x47,
    /// <summary>Device replied BAD_TRANS (0x95).</summary>
    BadTransaction = 0x95,
    /// <summary>Empty packet.</summary>
    Empty = 0x100,
    /// <summary>Packet shorter than its fixed layout.</summary>
    Truncated,
    /// <summary>Packet is for another command or subsystem operation.</summary>
    WrongCommand,
    /// <summary>Packet has the right code but a field is impossible (missing NUL, lying length).</summary>
    Malformed,
}

/// <summary>Helpers for <see cref="DiagStatus"/>.</summary>
public static class DiagStatusExtensions
{
    /// <summary>True when the status is an error reply sent by the device (not a local parse failure).</summary>
    public static bool IsDeviceError(this DiagStatus s) => s is > DiagStatus.Ok and < DiagStatus.Empty;

    /// <summary>A short technician-facing explanation.</summary>
    public static string Describe(this DiagStatus s) => s switch
    {
        DiagStatus.Ok => "ok",
        DiagStatus.BadCommand => "the modem does not know this command (BAD_CMD)",
        DiagStatus.BadParameter => "the modem rejected a parameter (BAD_PARM)",
        DiagStatus.BadLength => "the modem rejected the request size (BAD_LEN)",
        DiagStatus.BadDevice => "the modem did not accept the request (BAD_DEV)",
        DiagStatus.BadMode => "not allowed in the modem's current mode (BAD_MODE)",
        DiagStatus.SpcLocked => "the modem wants the service programming code first (BAD_SPC_MODE)",
        DiagStatus.SecurityLocked => "diag security is locked; the security password is needed (BAD_SEC_MODE)",
        DiagStatus.BadTransaction => "the modem rejected the transaction (BAD_TRANS)",
        DiagStatus.Empty => "empty packet",
        DiagStatus.Truncated => "packet shorter than its layout",
        DiagStatus.WrongCommand => "reply to a different command",
        DiagStatus.Malformed => "malformed packet",
        _ => $"status 0x{(int)s:X}",
    };
}
