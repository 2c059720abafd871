using ZteDiag.Emulator.Host;

namespace ZteDiag.Emulator.Tests.Host;

public sealed class SysfsWriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztediag-sysfs-" + Guid.NewGuid().ToString("N"));

    private static readonly SysfsDevice Mf627 = new(0x19d2, 0x0031, "ZTE, Incorporated", "ZTE CDMA Technologies MSM", "1234567890ABCDEF");

    private static readonly SysfsInterface[] Interfaces =
    [
        new(3, 0xff, "modem", "/dev/pts/7"),
        new(0, 0xff, "diag", "/dev/pts/5"),
        new(1, 0xff, "at", "/dev/pts/6"),
        new(2, SysfsWriter.MassStorageClass, null, null),
    ];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void TtyUSB_numbers_follow_interfaces_and_skip_the_storage_interface()
    {
        IReadOnlyList<SysfsTty> ttys = SysfsWriter.Write(_root, Mf627, Interfaces);
        Assert.Equal(
            [("ttyUSB0", 0, "diag"), ("ttyUSB1", 1, "at"), ("ttyUSB2", 3, "modem")],
            ttys.Select(t => (t.TtyName, t.InterfaceNumber, t.Role)));
        Assert.False(Directory.Exists(Path.Combine(_root, "class", "tty", "ttyUSB3")));
    }

    [Fact]
    public void Discovery_walks_from_class_tty_to_interface_and_device_attributes()
    {
        SysfsWriter.Write(_root, Mf627, Interfaces);
        var found = new Dictionary<string, (string IfNum, string Vid, string Pid)>();
        foreach (string entry in Directory.GetFileSystemEntries(Path.Combine(_root, "class", "tty"), "ttyUSB*"))
        {
            // the algorithm of DEVICES.md §2: p = realpath(device); iface = dirname(p); usbdev = dirname(iface)
            string port = RealPath(Path.Combine(entry, "device"));
            Assert.Equal(Path.GetFileName(entry), Path.GetFileName(port));
            string iface = Path.GetDirectoryName(port)!;
            string usbdev = Path.GetDirectoryName(iface)!;
            found[Path.GetFileName(entry)] = (
                File.ReadAllText(Path.Combine(iface, "bInterfaceNumber")).TrimEnd(),
                File.ReadAllText(Path.Combine(usbdev, "idVendor")).TrimEnd(),
                File.ReadAllText(Path.Combine(usbdev, "idProduct")).TrimEnd());
        }

        Assert.Equal(("00", "19d2", "0031"), found["ttyUSB0"]);
        Assert.Equal(("01", "19d2", "0031"), found["ttyUSB1"]);
        Assert.Equal(("03", "19d2", "0031"), found["ttyUSB2"]);
    }

    [Fact]
    public void The_tree_has_the_kernel_shape_and_attribute_values()
    {
        SysfsWriter.Write(_root, Mf627, Interfaces);
        string dev = Path.Combine(_root, "devices/pci0000:00/0000:00:1d.7/usb1/1-3");
        Assert.Equal("../../devices/pci0000:00/0000:00:1d.7/usb1/1-3/1-3:1.0/ttyUSB0/tty/ttyUSB0",
            new FileInfo(Path.Combine(_root, "class/tty/ttyUSB0")).LinkTarget);
        Assert.Equal("../../../ttyUSB0", new FileInfo(Path.Combine(dev, "1-3:1.0/ttyUSB0/tty/ttyUSB0/device")).LinkTarget);
        Assert.Equal("19d2\n", File.ReadAllText(Path.Combine(dev, "idVendor")));
        Assert.Equal("ZTE, Incorporated\n", File.ReadAllText(Path.Combine(dev, "manufacturer")));
        Assert.Equal("ZTE CDMA Technologies MSM\n", File.ReadAllText(Path.Combine(dev, "product")));
        Assert.Equal("1234567890ABCDEF\n", File.ReadAllText(Path.Combine(dev, "serial")));
        Assert.Equal("ff\n", File.ReadAllText(Path.Combine(dev, "1-3:1.3/bInterfaceClass")));
        Assert.Equal("08\n", File.ReadAllText(Path.Combine(dev, "1-3:1.2/bInterfaceClass")));
        Assert.Equal("02\n", File.ReadAllText(Path.Combine(dev, "1-3:1.2/bInterfaceNumber")));
        Assert.Equal("option", Path.GetFileName(RealPath(Path.Combine(dev, "1-3:1.0/driver"))));
        Assert.Equal("usb-storage", Path.GetFileName(RealPath(Path.Combine(dev, "1-3:1.2/driver"))));
        Assert.Equal("option1", Path.GetFileName(RealPath(Path.Combine(dev, "1-3:1.0/ttyUSB0/driver"))));
        Assert.StartsWith(Path.GetFullPath(_root), RealPath(Path.Combine(dev, "1-3:1.0/ttyUSB0/driver")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(Path.Combine(dev, "1-3:1.2"), "tty*"));
    }

    [Fact]
    public void Bus_usb_devices_lists_the_device_and_its_interfaces_with_bus_and_address()
    {
        SysfsWriter.Write(_root, Mf627 with { BusPort = "2-1", DeviceNumber = 7 }, Interfaces);
        string links = Path.Combine(_root, "bus", "usb", "devices");
        string dev = Path.Combine(Path.GetFullPath(_root), "devices/pci0000:00/0000:00:1d.7/usb2/2-1");
        Assert.Equal(dev, RealPath(Path.Combine(links, "2-1")));
        Assert.Equal(Path.Combine(dev, "2-1:1.2"), RealPath(Path.Combine(links, "2-1:1.2")));
        Assert.Equal(["2-1", "2-1:1.0", "2-1:1.1", "2-1:1.2", "2-1:1.3"],
            Directory.GetFileSystemEntries(links).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("2\n", File.ReadAllText(Path.Combine(dev, "busnum")));
        Assert.Equal("7\n", File.ReadAllText(Path.Combine(dev, "devnum")));
        Assert.True(File.Exists(Path.Combine(_root, "dev", "bus", "usb", "002", "007")), "usbfs stand-in node");
    }

    [Fact]
    public void The_dev_root_maps_tty_names_to_the_pty_slaves()
    {
        IReadOnlyList<SysfsTty> ttys = SysfsWriter.Write(_root, Mf627, Interfaces);
        Assert.Equal("/dev/pts/5", new FileInfo(Path.Combine(_root, "dev", "ttyUSB0")).LinkTarget);
        Assert.Equal("/dev/pts/7", new FileInfo(Path.Combine(_root, "dev", "ttyUSB2")).LinkTarget);
        Assert.Equal(Path.Combine(_root, "dev", "ttyUSB1"), ttys[1].DevPath);
    }

    [Fact]
    public void Writing_twice_replaces_the_tree()
    {
        SysfsWriter.Write(_root, Mf627, Interfaces);
        SysfsWriter.Write(_root, Mf627 with { ProductId = 0x0016 }, Interfaces);
        Assert.Equal("0016\n", File.ReadAllText(Path.Combine(_root, "devices/pci0000:00/0000:00:1d.7/usb1/1-3/idProduct")));
    }

    /// <summary>realpath(3): resolves every symlink component, relative targets against their own directory.</summary>
    private static string RealPath(string path) => Canonical(Path.GetFullPath(path));

    private static string Canonical(string path)
    {
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string current = "/";
        foreach (string part in parts)
        {
            string next = Path.Combine(current, part);
            string? link = new FileInfo(next).LinkTarget;
            current = link is null ? next : Canonical(Path.GetFullPath(link, current));
        }

        return current;
    }
}
