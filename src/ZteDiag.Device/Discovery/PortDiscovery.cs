using System.Globalization;
using System.Runtime.InteropServices;
using ZteDiag.Device.Usb;

namespace ZteDiag.Device.Discovery;

/// <summary>
/// Finds ZTE/Qualcomm modems and their serial ports from sysfs (DEVICES.md §2): for each
/// <c>class/tty/ttyUSB*</c> / <c>ttyACM*</c>, realpath(device) → the usb-serial port dir (its parent is
/// the interface) or, for cdc-acm, the interface itself; the interface's parent is the USB device.
/// Roles come from bInterfaceNumber and the known-devices table (<see cref="KnownUsbDevices"/>), never from the ttyUSB index.
/// Storage-only devices (no tty) are found through <c>bus/usb/devices</c>.
/// </summary>
public sealed partial class PortDiscovery
{
    private readonly string _sysRoot;
    private readonly string _devRoot;

    /// <summary>Creates a discovery over <paramref name="sysRoot"/> (a fake tree in tests) and <paramref name="devRoot"/>.</summary>
    public PortDiscovery(string sysRoot = "/sys", string devRoot = "/dev")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sysRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(devRoot);
        _sysRoot = sysRoot;
        _devRoot = devRoot;
    }

    /// <summary>Every ZTE/Qualcomm device present, ordered by USB path; ports ordered by interface.</summary>
    public IReadOnlyList<DiscoveredModem> Discover()
    {
        var devices = new Dictionary<string, List<DiscoveredPortRaw>>(StringComparer.Ordinal);

        string busDevices = Path.Combine(_sysRoot, "bus", "usb", "devices");
        foreach (string entry in SafeEntries(busDevices))
        {
            string? real = RealPath(entry);
            if (real is not null && ReadHex(real, "idVendor") is { } vid && KnownUsbDevices.IsKnownVendor(vid))
            {
                devices.TryAdd(real, []);
            }
        }

        string classTty = Path.Combine(_sysRoot, "class", "tty");
        foreach (string tty in SafeEntries(classTty))
        {
            string name = Path.GetFileName(tty);
            bool usb = name.StartsWith("ttyUSB", StringComparison.Ordinal);
            bool acm = name.StartsWith("ttyACM", StringComparison.Ordinal);
            if (!usb && !acm)
            {
                continue;
            }

            string? device = RealPath(Path.Combine(tty, "device"));
            string? iface = device is null ? null : usb ? Path.GetDirectoryName(device) : device;
            if (iface is null || ReadHex(iface, "bInterfaceNumber") is not { } ifNum)
            {
                continue;
            }

            string? usbDevice = Path.GetDirectoryName(iface);
            if (usbDevice is null || ReadHex(usbDevice, "idVendor") is not { } vid || !KnownUsbDevices.IsKnownVendor(vid))
            {
                continue;
            }

            if (!devices.TryGetValue(usbDevice, out List<DiscoveredPortRaw>? ports))
            {
                devices[usbDevice] = ports = [];
            }

            ports.Add(new DiscoveredPortRaw(ifNum, name));
        }

        var result = new List<DiscoveredModem>();
        foreach ((string dir, List<DiscoveredPortRaw> ports) in devices)
        {
            ushort vid = ReadHex(dir, "idVendor") ?? 0;
            ushort pid = ReadHex(dir, "idProduct") ?? 0;
            KnownUsbDevice known = KnownUsbDevices.Describe(vid, pid)!;
            ModemPersonality personality = known.Personality == UsbPersonality.Unknown
                ? (ports.Count > 0 ? ModemPersonality.Modem : ModemPersonality.Unknown)
                : ToPersonality(known.Personality);
            var discovered = ports
                .OrderBy(p => p.Interface)
                .ThenBy(p => p.TtyName, StringComparer.Ordinal)
                .Select(p => new DiscoveredPort(p.Interface, p.TtyName, Path.Combine(_devRoot, p.TtyName), ToPortRole(known.RoleOf(p.Interface))))
                .ToList();
            result.Add(new DiscoveredModem(
                vid, pid, known.Name, personality, Path.GetFileName(dir),
                ReadText(dir, "serial"), ReadText(dir, "manufacturer"), ReadText(dir, "product"), discovered));
        }

        return [.. result.OrderBy(m => m.UsbPath, StringComparer.Ordinal)];
    }

    /// <summary>The discovery view of a table personality.</summary>
    private static ModemPersonality ToPersonality(UsbPersonality p) => p switch
    {
        UsbPersonality.Storage => ModemPersonality.Storage,
        UsbPersonality.Modem => ModemPersonality.Modem,
        UsbPersonality.Download => ModemPersonality.Download,
        _ => ModemPersonality.Unknown,
    };

    /// <summary>The discovery view of a table role: storage interfaces have no tty, so they are Unknown here.</summary>
    private static PortRole ToPortRole(UsbPortRole role) => role switch
    {
        UsbPortRole.Diag => PortRole.Diag,
        UsbPortRole.At => PortRole.AtSecondary,
        UsbPortRole.Modem => PortRole.Modem,
        _ => PortRole.Unknown,
    };

    private static IEnumerable<string> SafeEntries(string dir)
    {
        try
        {
            return Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? ReadText(string dir, string attribute)
    {
        try
        {
            string path = Path.Combine(dir, attribute);
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ushort? ReadHex(string dir, string attribute) =>
        ushort.TryParse(ReadText(dir, attribute), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort v) ? v : null;

    /// <summary>realpath(3): resolves every symlink component; null if the path does not exist.</summary>
    internal static string? RealPath(string path)
    {
        nint p = NativeRealPath(path, 0);
        if (p == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(p);
        }
        finally
        {
            NativeFree(p);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint NativeRealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void NativeFree(nint p);

    private readonly record struct DiscoveredPortRaw(int Interface, string TtyName);
}
