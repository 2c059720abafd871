using ZteDiag.Device;

namespace ZteDiag.Workbench.Safety;

/// <summary>
/// A write was refused or did not verify: no verified backup of this device, a read-back that
/// differs, a backup of another device. ZteDiag refused: exit 5 (nothing or only a temporary file was written).
/// </summary>
public sealed class SafetyException : ZteDiagException
{
    /// <summary>Creates the exception with a technician-facing message.</summary>
    public SafetyException(string message, Exception? innerException = null)
        : base(message, FailureKind.Refused, innerException)
    {
    }
}
