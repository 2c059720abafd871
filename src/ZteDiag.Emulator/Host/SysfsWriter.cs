using System.Globalization;

namespace ZteDiag.Emulator.Host;

/// <summary>USB device attributes written by <see cref="SysfsWriter"/>.</summary>
/// <param name="VendorId">idVendor, e.g. 0x19d2.</param>
/// <param name="ProductId">idProduct, e.g. 0x0031.</param>
/// <param name="Manufacturer">iManufacturer string, e.g. "ZTE, Incorporated".</param>
/// <param name="Product">iProduct string, e.g. "ZTE CDMA Technologies MSM".</param>
/// <param name="Serial">iSerial string.</param>
/// <param name="BusPort">Device directory name <c>&lt;bus&gt;-&lt;port&gt;</c>, e.g. "1-3"; its bus number is busnum.</param>
/// <param name="DeviceNumber">devnum, the address on the bus (what lsusb prints as "Device 002").</param>
public sealed record SysfsDevice(
    ushort VendorId, ushort ProductId, string Manufacturer, string Product, string Serial, string BusPort = "1-3", int DeviceNumber = 2);

/// <summary>One USB interface written by <see cref="SysfsWriter"/>.</summary>
/// <param name="Number">bInterfaceNumber.</param>
/// <param name="InterfaceClass">bInterfaceClass: 0xff vendor (serial), 0x08 mass storage (no tty).</param>
/// <param name="Role">Informational role, e.g. "diag"; null for storage.</param>
/// <param name="SlavePath">The pty slave serving it, linked from <c>&lt;root&gt;/dev/ttyUSBn</c>; null = no dev link.</param>
public sealed record SysfsInterface(int Number, byte InterfaceClass, string? Role, string? SlavePath);

/// <summary>A tty the writer created.</summary>
/// <param name="TtyName">ttyUSBn.</param>
/// <param name="InterfaceNumber">The interface it hangs off.</param>
/// <param name="Role">The interface's role.</param>
/// <param name="DevPath"><c>&lt;root&gt;/dev/ttyUSBn</c> (a symlink to the slave), or null.</param>
public sealed record SysfsTty(string TtyName, int InterfaceNumber, string? Role, string? DevPath);

/// <summary>
/// Writes a Linux-like sysfs tree for one USB modem under a root directory, shaped like the kernel's
/// (DEVICES.md §2), so port discovery can be tested against the virtual modem:
/// <code>
/// ROOT/class/tty/ttyUSB0 -> ../../devices/pci0000:00/0000:00:1d.7/usb1/1-3/1-3:1.0/ttyUSB0/tty/ttyUSB0
/// ROOT/bus/usb/devices/1-3 -> ../../../devices/pci0000:00/0000:00:1d.7/usb1/1-3   (and 1-3:1.N for each interface)
/// ROOT/devices/…/1-3/                    idVendor idProduct manufacturer product serial busnum devnum
/// ROOT/devices/…/1-3/1-3:1.0/            bInterfaceNumber ("00") bInterfaceClass ("ff") … driver -> option
/// ROOT/devices/…/1-3/1-3:1.0/ttyUSB0/    driver -> option1, port_number; tty/ttyUSB0/device -> ../../../ttyUSB0
/// ROOT/dev/ttyUSB0 -> /dev/pts/N
/// ROOT/dev/bus/usb/001/002               stand-in for the usbfs node libusb opens (an empty file)
/// </code>
/// ttyUSB numbers follow interface order and skip mass-storage interfaces (the option driver never
/// binds them). Dev-root convention: real discovery opens <c>/dev/ttyUSBn</c>; with <c>--sysfs ROOT</c>
/// the dev root is <c>ROOT/dev</c>, whose <c>ttyUSBn</c> entries are symlinks to the pty slaves, so the
/// same "tty name → openable path" mapping works for both. Attribute files end with a newline, as in sysfs.
/// </summary>
public static class SysfsWriter
{
    /// <summary>bInterfaceClass of a mass-storage interface.</summary>
    public const byte MassStorageClass = 0x08;

    /// <summary>The fixed host-controller path above the usb bus directory.</summary>
    public const string ControllerPath = "devices/pci0000:00/0000:00:1d.7";

    /// <summary>Writes the tree; returns the ttys created, in ttyUSB order.</summary>
    /// <param name="root">Directory to write under (created if missing).</param>
    /// <param name="device">Device attributes.</param>
    /// <param name="interfaces">Interfaces (any order).</param>
    /// <param name="interfaceDriver">USB interface driver name for serial interfaces (the kernel: "option").</param>
    /// <param name="serialDriver">usb-serial driver name of the port devices (the kernel: "option1").</param>
    /// <param name="firstTty">Number of the first ttyUSB (the kernel numbers on across devices).</param>
    public static IReadOnlyList<SysfsTty> Write(string root, SysfsDevice device, IEnumerable<SysfsInterface> interfaces,
        string interfaceDriver = "option", string serialDriver = "option1", int firstTty = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(interfaces);

        string bus = "usb" + device.BusPort.Split('-')[0];
        string deviceRel = $"{ControllerPath}/{bus}/{device.BusPort}";
        string deviceDir = Path.Combine(root, deviceRel);
        Directory.CreateDirectory(deviceDir);
        WriteAttr(deviceDir, "idVendor", device.VendorId.ToString("x4", CultureInfo.InvariantCulture));
        WriteAttr(deviceDir, "idProduct", device.ProductId.ToString("x4", CultureInfo.InvariantCulture));
        WriteAttr(deviceDir, "manufacturer", device.Manufacturer);
        WriteAttr(deviceDir, "product", device.Product);
        WriteAttr(deviceDir, "serial", device.Serial);
        int busNumber = int.Parse(device.BusPort.Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture);
        WriteAttr(deviceDir, "busnum", busNumber.ToString(CultureInfo.InvariantCulture));
        WriteAttr(deviceDir, "devnum", device.DeviceNumber.ToString(CultureInfo.InvariantCulture));
        string busDevices = Path.Combine(root, "bus", "usb", "devices");
        Directory.CreateDirectory(busDevices);
        Link(Path.Combine(busDevices, device.BusPort), $"../../../{deviceRel}");

        string classTty = Path.Combine(root, "class", "tty");
        string devRoot = Path.Combine(root, "dev");
        Directory.CreateDirectory(classTty);
        Directory.CreateDirectory(devRoot);
        string usbfs = Path.Combine(devRoot, "bus", "usb", busNumber.ToString("000", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(usbfs);
        File.WriteAllBytes(Path.Combine(usbfs, device.DeviceNumber.ToString("000", CultureInfo.InvariantCulture)), []);
        Directory.CreateDirectory(Path.Combine(root, "bus", "usb", "drivers", interfaceDriver));
        Directory.CreateDirectory(Path.Combine(root, "bus", "usb", "drivers", "usb-storage"));
        Directory.CreateDirectory(Path.Combine(root, "bus", "usb-serial", "drivers", serialDriver));

        // from <root>/devices/pci0000:00/0000:00:1d.7/usbN/B-P/B-P:1.N up to <root>
        string ifaceUp = string.Concat(Enumerable.Repeat("../", deviceRel.Split('/').Length + 1));
        var ttys = new List<SysfsTty>();
        int ttyIndex = firstTty;
        foreach (SysfsInterface iface in interfaces.OrderBy(i => i.Number))
        {
            string ifName = $"{device.BusPort}:1.{iface.Number.ToString(CultureInfo.InvariantCulture)}";
            string ifDir = Path.Combine(deviceDir, ifName);
            Directory.CreateDirectory(ifDir);
            bool storage = iface.InterfaceClass == MassStorageClass;
            WriteAttr(ifDir, "bInterfaceNumber", iface.Number.ToString("x2", CultureInfo.InvariantCulture));
            WriteAttr(ifDir, "bInterfaceClass", iface.InterfaceClass.ToString("x2", CultureInfo.InvariantCulture));
            WriteAttr(ifDir, "bInterfaceSubClass", storage ? "06" : "ff");
            WriteAttr(ifDir, "bInterfaceProtocol", storage ? "50" : "ff");
            WriteAttr(ifDir, "bNumEndpoints", storage ? "02" : "03");
            Link(Path.Combine(ifDir, "driver"), $"{ifaceUp}bus/usb/drivers/{(storage ? "usb-storage" : interfaceDriver)}");
            Link(Path.Combine(busDevices, ifName), $"../../../{deviceRel}/{ifName}");
            if (storage)
            {
                continue; // the option driver never binds mass storage: no ttyUSB, numbering skips it
            }

            string tty = "ttyUSB" + ttyIndex.ToString(CultureInfo.InvariantCulture);
            string portDir = Path.Combine(ifDir, tty);
            string ttyDir = Path.Combine(portDir, "tty", tty);
            Directory.CreateDirectory(ttyDir);
            WriteAttr(portDir, "port_number", "0");
            Link(Path.Combine(portDir, "driver"), $"../{ifaceUp}bus/usb-serial/drivers/{serialDriver}");
            WriteAttr(ttyDir, "dev", "188:" + ttyIndex.ToString(CultureInfo.InvariantCulture));
            Link(Path.Combine(ttyDir, "device"), "../../../" + tty);
            Link(Path.Combine(classTty, tty), $"../../{deviceRel}/{ifName}/{tty}/tty/{tty}");

            string? devPath = null;
            if (iface.SlavePath is { } slave)
            {
                devPath = Path.Combine(devRoot, tty);
                Link(devPath, slave);
            }

            ttys.Add(new SysfsTty(tty, iface.Number, iface.Role, devPath));
            ttyIndex++;
        }

        return ttys;
    }

    /// <summary>
    /// Removes what <see cref="Write"/> made for the device <paramref name="busPort"/> (an unplug): its directory, its
    /// bus/usb/devices links, and the class/tty and dev links of <paramref name="ttys"/>. Shared directories stay.
    /// </summary>
    public static void Remove(string root, string busPort, IEnumerable<SysfsTty> ttys)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(busPort);
        ArgumentNullException.ThrowIfNull(ttys);
        foreach (SysfsTty tty in ttys)
        {
            DeleteLink(Path.Combine(root, "class", "tty", tty.TtyName));
            DeleteLink(Path.Combine(root, "dev", tty.TtyName));
        }

        string busDevices = Path.Combine(root, "bus", "usb", "devices");
        foreach (string link in Directory.Exists(busDevices) ? Directory.GetFileSystemEntries(busDevices) : [])
        {
            string name = Path.GetFileName(link);
            if (name == busPort || name.StartsWith(busPort + ":", StringComparison.Ordinal))
            {
                DeleteLink(link);
            }
        }

        string deviceDir = Path.Combine(root, ControllerPath, "usb" + busPort.Split('-')[0], busPort);
        if (Directory.Exists(deviceDir))
        {
            Directory.Delete(deviceDir, recursive: true);
        }
    }

    private static void DeleteLink(string path)
    {
        if (new FileInfo(path).LinkTarget is not null || File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static void WriteAttr(string dir, string name, string value) =>
        File.WriteAllText(Path.Combine(dir, name), value + "\n");

    private static void Link(string path, string target)
    {
        if (new FileInfo(path).LinkTarget is not null || File.Exists(path))
        {
            File.Delete(path);
        }

        File.CreateSymbolicLink(path, target);
    }
}
