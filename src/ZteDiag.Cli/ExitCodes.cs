namespace ZteDiag.Cli;

/// <summary>Process exit codes, a contract with scripts (documented in --help).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The modem said no (EFS errno, NV status, CME error, SPC rejected).</summary>
    public const int DeviceRefused = 1;

    /// <summary>Bad command line or input.</summary>
    public const int Usage = 2;

    /// <summary>No modem, or a port problem (missing, busy, not a DIAG port).</summary>
    public const int NoDevice = 3;

    /// <summary>Timeout or link failure (unplugged mid-operation, corrupted stream).</summary>
    public const int LinkFailure = 4;

    /// <summary>
    /// A checklist run paused before its end (the user quit, a required step was not confirmed, the answers
    /// on stdin ran out): not done, `ztediag checklist run NAME` resumes it. 75 is sysexits' EX_TEMPFAIL.
    /// </summary>
    public const int ChecklistPaused = 75;

    /// <summary>A bug in ZteDiag; the log has the details.</summary>
    public const int Internal = 70;

    /// <summary>Help text for the root command.</summary>
    public const string Help =
        "Exit codes: 0 ok, 1 the modem said no (errno, NV status, CME error), 2 usage, " +
        "3 no device or port problem, 4 timeout or link failure, " +
        "75 a checklist run paused (not done: `checklist run NAME` resumes it).";
}
