using ZteDiag.Device;

namespace ZteDiag.Cli;

/// <summary>Process exit codes, a contract with scripts: the rows of <see cref="Failures.Table"/> (documented in --help and README).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The modem said no (EFS errno, NV status, CME error, SPC rejected).</summary>
    public const int DeviceRefused = ZteDiagException.ExitDeviceRejected;

    /// <summary>Bad command line or input, or a local file problem.</summary>
    public const int Usage = ZteDiagException.ExitUsage;

    /// <summary>No modem, or a port problem (missing, busy, not a DIAG port).</summary>
    public const int NoDevice = ZteDiagException.ExitPortProblem;

    /// <summary>Timeout or link failure (unplugged mid-operation, corrupted stream, a read-back that differs).</summary>
    public const int LinkFailure = ZteDiagException.ExitLinkFailure;

    /// <summary>ZteDiag refused (safety rules, restore checks).</summary>
    public const int Refused = ZteDiagException.ExitRefused;

    /// <summary>
    /// A checklist run paused before its end (the user quit, a required step was not confirmed, the answers
    /// on stdin ran out): not done, `ztediag checklist run NAME` resumes it. 75 is sysexits' EX_TEMPFAIL.
    /// </summary>
    public const int ChecklistPaused = 75;

    /// <summary>A bug in ZteDiag; the log has the details.</summary>
    public const int Internal = 70;

    /// <summary>Help text for the root command (from the one table, plus the checklist's paused code).</summary>
    public static string Help => Failures.HelpText.TrimEnd('.') + ", 75 a checklist run paused (not done: `checklist run NAME` resumes it).";
}
