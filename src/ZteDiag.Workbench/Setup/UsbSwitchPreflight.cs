using System.Globalization;
using System.Runtime.InteropServices;
using ZteDiag.Device.Usb;

namespace ZteDiag.Workbench.Setup;

/// <summary>
/// What <c>ztediag usb switch</c> checks before it loads libusb, so the first thing missing is the one reported:
/// the device (from sysfs, same <see cref="UsbModeSwitcher.Select"/> rules), then its usbfs node
/// (<c>&lt;devRoot&gt;/bus/usb/BBB/DDD</c>, the file libusb opens) and the permission to open it read-write.
/// </summary>
public static partial class UsbSwitchPreflight
{
    /// <summary>The device to switch, as sysfs lists it.</summary>
    /// <param name="selector">BUS:ADDR or VID:PID; null = the first stick in storage mode.</param>
    /// <param name="sysfsRoot">sysfs root (a fake tree in tests).</param>
    /// <param name="devRoot">The /dev that holds bus/usb (ROOT/dev for a fake tree).</param>
    /// <exception cref="UsbSwitchException">NotFound / NotSwitchable (sysfs), DeviceGone (no node), PermissionDenied.</exception>
    public static UsbDeviceId Check(UsbDeviceSelector? selector, string sysfsRoot, string devRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(devRoot);
        (UsbDeviceId device, _, _) = UsbModeSwitcher.Select(selector, UsbDeviceLister.Enumerate(sysfsRoot));
        if (device.Bus <= 0 || device.Address <= 0)
        {
            return device; // sysfs without busnum/devnum: let libusb find it by id
        }

        string node = NodePath(devRoot, device);
        if (!File.Exists(node))
        {
            throw new UsbSwitchException(UsbErrorKind.DeviceGone,
                $"{device} is listed in sysfs but its device node {node} does not exist: it was unplugged meanwhile " +
                "(plug it in and retry), or this is a container/VM without USB passthrough (pass /dev/bus/usb through)");
        }

        if (Access(node, ReadWrite) != 0 && Marshal.GetLastPInvokeError() == EAcces)
        {
            throw new UsbSwitchException(UsbErrorKind.PermissionDenied, $"{UsbSwitchException.PermissionDeniedMessage} (cannot open {node} for {device})");
        }

        return device;
    }

    /// <summary><c>&lt;devRoot&gt;/bus/usb/001/005</c>.</summary>
    public static string NodePath(string devRoot, UsbDeviceId device) =>
        Path.Combine(devRoot, "bus", "usb", device.Bus.ToString("000", CultureInfo.InvariantCulture), device.Address.ToString("000", CultureInfo.InvariantCulture));

    private const int ReadWrite = 2 | 4; // W_OK | R_OK
    private const int EAcces = 13;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
