using System.Globalization;

namespace ZteDiag.Device.Usb;

/// <summary>
/// A usb_modeswitch-style switch recipe for a storage-mode id (DEVICES.md §1.1).
/// </summary>
/// <param name="TargetVendor">Vendor id after the switch.</param>
/// <param name="TargetProducts">Product ids the device may come back as (TargetProductList).</param>
/// <param name="StandardEject">Send "allow medium removal" + SCSI eject first.</param>
/// <param name="MessageContentHex">Extra CBW (hex), sent after the standard eject; null = none.</param>
public sealed record ModeSwitchData(ushort TargetVendor, IReadOnlyList<ushort> TargetProducts, bool StandardEject, string? MessageContentHex)
{
    /// <summary>True when <paramref name="vid"/>:<paramref name="pid"/> is a target of this recipe.</summary>
    public bool IsTarget(ushort vid, ushort pid) => vid == TargetVendor && TargetProducts.Contains(pid);

    /// <summary>The messages to send, in order (<see cref="ModeSwitchMessage.For"/>).</summary>
    public IReadOnlyList<BulkOnlyCbw> Messages() => ModeSwitchMessage.For(this);
}

/// <summary>
/// One USB id of the known-devices table: name, personality and the interface number of each port role.
/// </summary>
/// <param name="Vid">idVendor.</param>
/// <param name="Pid">idProduct.</param>
/// <param name="Name">Model name(s).</param>
/// <param name="Personality">What this id is.</param>
/// <param name="DiagInterface">bInterfaceNumber of the DIAG port, when known.</param>
/// <param name="AtInterface">bInterfaceNumber of the secondary AT port (ModemManager "secondary").</param>
/// <param name="ModemInterface">bInterfaceNumber of the modem / primary AT port (ModemManager "primary").</param>
/// <param name="StorageInterface">bInterfaceNumber of a mass-storage interface, when known.</param>
/// <param name="Switch">Mode-switch recipe for storage ids; null otherwise.</param>
/// <param name="Note">Where the facts come from and what is only inferred.</param>
public sealed record KnownUsbDevice(
    ushort Vid,
    ushort Pid,
    string Name,
    UsbPersonality Personality,
    int? DiagInterface = null,
    int? AtInterface = null,
    int? ModemInterface = null,
    int? StorageInterface = null,
    ModeSwitchData? Switch = null,
    string? Note = null)
{
    /// <summary>"19d2:0031".</summary>
    public string Id => FormatId(Vid, Pid);

    /// <summary>The role of interface <paramref name="bInterfaceNumber"/>.</summary>
    public UsbPortRole RoleOf(int bInterfaceNumber) =>
        bInterfaceNumber == DiagInterface ? UsbPortRole.Diag
        : bInterfaceNumber == ModemInterface ? UsbPortRole.Modem
        : bInterfaceNumber == AtInterface ? UsbPortRole.At
        : bInterfaceNumber == StorageInterface ? UsbPortRole.Storage
        : UsbPortRole.Unknown;

    /// <summary>The serial port roles with a known interface number, in interface order.</summary>
    public IReadOnlyList<(int Interface, UsbPortRole Role)> SerialPorts()
    {
        var list = new List<(int, UsbPortRole)>();
        if (DiagInterface is int d)
        {
            list.Add((d, UsbPortRole.Diag));
        }

        if (AtInterface is int a)
        {
            list.Add((a, UsbPortRole.At));
        }

        if (ModemInterface is int m)
        {
            list.Add((m, UsbPortRole.Modem));
        }

        return [.. list.OrderBy(p => p.Item1)];
    }

    /// <summary>Formats an id as "vvvv:pppp" (lower-case hex).</summary>
    public static string FormatId(ushort vid, ushort pid) =>
        string.Create(CultureInfo.InvariantCulture, $"{vid:x4}:{pid:x4}");
}
