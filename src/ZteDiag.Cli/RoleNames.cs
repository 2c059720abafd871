using ZteDiag.Device.Discovery;
using ZteDiag.Device.Usb;

namespace ZteDiag.Cli;

/// <summary>
/// The one vocabulary for port roles in every output (`ports`, `usb list`, their --json, the emulator's
/// ready line): <c>diag</c>, <c>at</c> (the secondary AT port), <c>modem</c> (AT/PPP), <c>storage</c>, <c>unknown</c>.
/// </summary>
internal static class RoleNames
{
    public static string Of(PortRole role) => role switch
    {
        PortRole.Diag => "diag",
        PortRole.AtSecondary => "at",
        PortRole.Modem => "modem",
        _ => "unknown",
    };

    public static string Of(UsbPortRole role) => role switch
    {
        UsbPortRole.Diag => "diag",
        UsbPortRole.At => "at",
        UsbPortRole.Modem => "modem",
        UsbPortRole.Storage => "storage",
        _ => "unknown",
    };

    /// <summary>For --help texts.</summary>
    public const string Help = "Roles: diag (Qualcomm DIAG), at (secondary AT port), modem (AT/PPP), storage (CD/microSD), unknown.";
}
