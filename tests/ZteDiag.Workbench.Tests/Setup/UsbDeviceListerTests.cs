using ZteDiag.Device.Usb;
using ZteDiag.Emulator.Host;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

public sealed class UsbDeviceListerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ztediag-sysfs-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Writes a kernel-shaped device: /sys/devices/…/usbB/NAME with interfaces, linked from /sys/bus/usb/devices.</summary>
    private void Device(string name, int bus, int devnum, string vid, string pid, string? serial, params (int Number, string Class, string Driver, string? Tty)[] interfaces)
    {
        string rel = $"devices/pci0000:00/0000:00:14.0/usb{bus}/{name}";
        string dir = Path.Combine(root, rel);
        Directory.CreateDirectory(dir);
        Attr(dir, "idVendor", vid);
        Attr(dir, "idProduct", pid);
        Attr(dir, "busnum", bus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Attr(dir, "devnum", devnum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Attr(dir, "manufacturer", "ZTE,Incorporated");
        Attr(dir, "product", "ZTE CDMA Technologies MSM");
        if (serial is not null)
        {
            Attr(dir, "serial", serial);
        }

        string links = Path.Combine(root, "bus", "usb", "devices");
        Directory.CreateDirectory(links);
        File.CreateSymbolicLink(Path.Combine(links, name), $"../../../{rel}");
        foreach ((int number, string cls, string driver, string? tty) in interfaces)
        {
            string ifName = $"{name}:1.{number}";
            string ifDir = Path.Combine(dir, ifName);
            Directory.CreateDirectory(ifDir);
            Attr(ifDir, "bInterfaceNumber", number.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            Attr(ifDir, "bInterfaceClass", cls);
            Directory.CreateDirectory(Path.Combine(root, "bus", "usb", "drivers", driver));
            File.CreateSymbolicLink(Path.Combine(ifDir, "driver"), Path.Combine(root, "bus", "usb", "drivers", driver));
            File.CreateSymbolicLink(Path.Combine(links, ifName), $"../../../{rel}/{ifName}");
            if (tty is not null)
            {
                Directory.CreateDirectory(Path.Combine(ifDir, tty, "tty", tty));
            }
        }
    }

    private static void Attr(string dir, string name, string value) => File.WriteAllText(Path.Combine(dir, name), value + "\n");

    private void ThreeSticksAndAHub()
    {
        Device("usb1", 1, 1, "1d6b", "0002", "0000:00:14.0");
        Device("1-2", 1, 5, "19d2", "2000", "P673M3BLNMassSto", (0, "08", "usb-storage", null));
        Device("1-3", 1, 7, "19d2", "0031", "1234567890ABCDEF",
            (0, "ff", "option", "ttyUSB0"), (1, "ff", "option", "ttyUSB1"), (2, "08", "usb-storage", null), (3, "ff", "option", "ttyUSB2"));
        Device("2-1", 2, 3, "19d2", "0016", null,
            (0, "ff", "option", "ttyUSB3"), (1, "ff", "option", "ttyUSB4"), (2, "ff", "option", "ttyUSB5"));
    }

    [Fact]
    public void Lists_only_known_vendors_with_their_personality()
    {
        ThreeSticksAndAHub();
        IReadOnlyList<ListedUsbDevice> list = UsbDeviceLister.List(root);
        Assert.Equal(["1-2", "1-3", "2-1"], list.Select(d => d.SysName));
        Assert.Equal([UsbPersonality.Storage, UsbPersonality.Modem, UsbPersonality.Download], list.Select(d => d.Personality));
        Assert.Equal(new UsbDeviceId(1, 5, 0x19d2, 0x2000), list[0].Id);
        Assert.Equal("P673M3BLNMassSto", list[0].Serial);
        Assert.Equal("ZTE,Incorporated", list[0].Manufacturer);
        Assert.Null(list[2].Serial);
    }

    [Fact]
    public void Storage_mode_has_one_storage_interface_and_no_ttys()
    {
        ThreeSticksAndAHub();
        ListedUsbInterface i = Assert.Single(UsbDeviceLister.List(root)[0].Interfaces);
        Assert.Equal(new ListedUsbInterface(0, 0x08, "usb-storage", UsbPortRole.Storage, []), i with { Ttys = [] });
        Assert.Empty(i.Ttys);
    }

    [Fact]
    public void Modem_mode_maps_interfaces_to_ttys_skipping_storage()
    {
        ThreeSticksAndAHub();
        ListedUsbDevice mf626 = UsbDeviceLister.List(root)[1];
        Assert.Equal(
            ["00 Diag ttyUSB0 option", "01 At ttyUSB1 option", "02 Storage - usb-storage", "03 Modem ttyUSB2 option"],
            mf626.Interfaces.Select(i => $"{i.Number:x2} {i.Role} {(i.Ttys.Count > 0 ? i.Ttys[0] : "-")} {i.Driver}"));
        Assert.Equal("ttyUSB0", mf626.TtyOf(UsbPortRole.Diag));
        Assert.Equal("ttyUSB1", mf626.TtyOf(UsbPortRole.At));
        Assert.Equal("ttyUSB2", mf626.TtyOf(UsbPortRole.Modem));
    }

    [Fact]
    public void Download_mode_shows_its_three_ports()
    {
        ThreeSticksAndAHub();
        ListedUsbDevice dl = UsbDeviceLister.List(root)[2];
        Assert.Equal(["ttyUSB3", "ttyUSB4", "ttyUSB5"], dl.Interfaces.Select(i => i.Ttys[0]));
        Assert.Equal("ttyUSB5", dl.TtyOf(UsbPortRole.Modem));
    }

    [Fact]
    public void Enumerate_gives_ids_for_switch_rediscovery()
    {
        ThreeSticksAndAHub();
        Assert.Equal([0x2000, 0x0031, 0x0016], UsbDeviceLister.Enumerate(root).Select(d => (int)d.Pid));
    }

    [Fact]
    public void An_unlisted_qualcomm_id_guesses_its_personality_from_the_interfaces()
    {
        Device("3-1", 3, 2, "05c6", "9091", null, (0, "ff", "qcserial", "ttyUSB0"), (1, "ff", "option", "ttyUSB1"));
        ListedUsbDevice d = Assert.Single(UsbDeviceLister.List(root));
        Assert.Equal(UsbPersonality.Modem, d.Personality);
        Assert.All(d.Interfaces, i => Assert.Equal(UsbPortRole.Unknown, i.Role));
    }

    [Fact]
    public void A_missing_root_lists_nothing()
    {
        Assert.Empty(UsbDeviceLister.List(Path.Combine(root, "nope")));
    }

    [Fact]
    public void The_emulator_sysfs_tree_is_found_through_bus_links_and_by_walking_devices_without_them()
    {
        SysfsWriter.Write(root, new SysfsDevice(0x19d2, 0x0031, "ZTE, Incorporated", "ZTE CDMA Technologies MSM", "1234567890ABCDEF"),
        [
            new SysfsInterface(0, 0xff, "diag", null), new SysfsInterface(1, 0xff, "at", null),
            new SysfsInterface(2, 0x08, null, null), new SysfsInterface(3, 0xff, "modem", null),
        ]);
        ListedUsbDevice d = Assert.Single(UsbDeviceLister.List(root));
        Assert.Equal("1-3", d.SysName);
        Assert.Equal((1, 2), (d.Id.Bus, d.Id.Address));
        Assert.Equal(["ttyUSB0", "ttyUSB1", null, "ttyUSB2"], d.Interfaces.Select(i => i.Ttys.FirstOrDefault()));
        Assert.Equal("ttyUSB2", d.TtyOf(UsbPortRole.Modem));

        Directory.Delete(Path.Combine(root, "bus", "usb", "devices"), recursive: true);
        ListedUsbDevice walked = Assert.Single(UsbDeviceLister.List(root));
        Assert.Equal(d with { Interfaces = walked.Interfaces }, walked);
        Assert.Equal(d.Interfaces.Select(i => (i.Number, i.Role, i.Ttys.FirstOrDefault())), walked.Interfaces.Select(i => (i.Number, i.Role, i.Ttys.FirstOrDefault())));
    }
}
