using ZteDiag.Device.Discovery;

namespace ZteDiag.Device.Tests.Discovery;

public sealed class PortDiscoveryTests
{
    /// <summary>MF627 as in DEVICES.md §2: if02 is storage, so ttyUSB2 is if03 (the modem).</summary>
    private static FakeSysfs Mf627(FakeSysfs fs, string usbPath = "1-3") => fs
        .Device(usbPath, "19d2", "0031", "ZTE CDMA Technologies MSM", "1234567890ABCDEF")
        .Interface(usbPath, 0, "ff", "ttyUSB0")
        .Interface(usbPath, 1, "ff", "ttyUSB1")
        .Interface(usbPath, 2, "08")
        .Interface(usbPath, 3, "ff", "ttyUSB2");

    [Fact]
    public void An_MF627_shows_diag_AT_and_modem_ports_by_interface_number()
    {
        using var fs = Mf627(new FakeSysfs()).PlainTty("ttyS0");

        IReadOnlyList<DiscoveredModem> found = new PortDiscovery(fs.Sys, fs.Dev).Discover();

        DiscoveredModem m = Assert.Single(found);
        Assert.Equal("19d2:0031", m.UsbId);
        Assert.Equal("ZTE MF626/MF627/MF636", m.Name);
        Assert.Equal(ModemPersonality.Modem, m.Personality);
        Assert.Equal("1-3", m.UsbPath);
        Assert.Equal("1234567890ABCDEF", m.Serial);
        Assert.Equal("ZTE CDMA Technologies MSM", m.Product);
        Assert.Equal(
            [
                new DiscoveredPort(0, "ttyUSB0", Path.Combine(fs.Dev, "ttyUSB0"), PortRole.Diag),
                new DiscoveredPort(1, "ttyUSB1", Path.Combine(fs.Dev, "ttyUSB1"), PortRole.AtSecondary),
                new DiscoveredPort(3, "ttyUSB2", Path.Combine(fs.Dev, "ttyUSB2"), PortRole.Modem),
            ],
            m.Ports);
        Assert.Equal("ttyUSB0", m.DiagPort?.TtyName);
        Assert.Equal("ttyUSB1", m.AtPort?.TtyName);
    }

    [Fact]
    public void The_four_port_variant_maps_ttyUSB3_to_the_modem_not_by_index()
    {
        using var fs = new FakeSysfs()
            .Device("2-1", "19d2", "0031", "ZTE CDMA Technologies MSM")
            .Interface("2-1", 0, "ff", "ttyUSB4")
            .Interface("2-1", 1, "ff", "ttyUSB5")
            .Interface("2-1", 2, "ff", "ttyUSB6")
            .Interface("2-1", 3, "ff", "ttyUSB7");

        DiscoveredModem m = Assert.Single(new PortDiscovery(fs.Sys, fs.Dev).Discover());

        Assert.Equal(
            [PortRole.Diag, PortRole.AtSecondary, PortRole.Unknown, PortRole.Modem],
            m.Ports.Select(p => p.Role));
        Assert.Equal("ttyUSB7", m.Ports.Single(p => p.Role == PortRole.Modem).TtyName);
        Assert.Equal("ttyUSB4", m.DiagPort?.TtyName);
    }

    [Fact]
    public void A_storage_only_device_is_listed_without_ports_next_to_a_modem()
    {
        using var fs = Mf627(new FakeSysfs())
            .Device("1-4", "19d2", "2000", "ZTE CDMA Technologies MSM", "P673M3BLNMassSto")
            .Interface("1-4", 0, "08");

        IReadOnlyList<DiscoveredModem> found = new PortDiscovery(fs.Sys, fs.Dev).Discover();

        Assert.Equal(["1-3", "1-4"], found.Select(m => m.UsbPath));
        DiscoveredModem storage = found[1];
        Assert.Equal(ModemPersonality.Storage, storage.Personality);
        Assert.Empty(storage.Ports);
        Assert.Null(storage.DiagPort);
    }

    [Fact]
    public void A_cdc_acm_tty_resolves_to_its_interface_and_an_unknown_Qualcomm_device_is_generic()
    {
        using var fs = new FakeSysfs()
            .Device("3-6.4", "05c6", "9025", "Qualcomm CDMA Technologies MSM")
            .Interface("3-6.4", 2, "02", "ttyACM0");

        DiscoveredModem m = Assert.Single(new PortDiscovery(fs.Sys, fs.Dev).Discover());

        Assert.Equal("Qualcomm device 05c6:9025", m.Name);
        Assert.Equal(ModemPersonality.Modem, m.Personality);
        Assert.Equal(new DiscoveredPort(2, "ttyACM0", Path.Combine(fs.Dev, "ttyACM0"), PortRole.Unknown), Assert.Single(m.Ports));
    }

    [Fact]
    public void Other_vendors_and_a_missing_sysfs_give_nothing()
    {
        using var fs = new FakeSysfs()
            .Device("1-2", "1a86", "7523", "USB Serial")
            .Interface("1-2", 0, "ff", "ttyUSB0");

        Assert.Empty(new PortDiscovery(fs.Sys, fs.Dev).Discover());
        Assert.Empty(new PortDiscovery(Path.Combine(fs.Root, "nope"), fs.Dev).Discover());
    }

    [Theory]
    [InlineData("0031", 0, PortRole.Diag)]
    [InlineData("0031", 1, PortRole.AtSecondary)]
    [InlineData("0031", 3, PortRole.Modem)]
    [InlineData("0031", 2, PortRole.Unknown)]
    [InlineData("0001", 0, PortRole.Modem)]
    [InlineData("0001", 2, PortRole.AtSecondary)]
    [InlineData("0063", 3, PortRole.Modem)]
    [InlineData("0063", 0, PortRole.Unknown)] // K3565: no source puts DIAG on if00 (DEVICES.md §1.2 has only RSVD(4))
    [InlineData("0016", 0, PortRole.Diag)]
    [InlineData("0064", 0, PortRole.AtSecondary)]
    public void Discovered_roles_come_from_the_known_devices_table_per_DEVICES_md(string pid, int iface, PortRole role)
    {
        using var fs = new FakeSysfs()
            .Device("1-5", "19d2", pid, "ZTE CDMA Technologies MSM")
            .Interface("1-5", iface, "ff", "ttyUSB0");

        DiscoveredModem m = Assert.Single(new PortDiscovery(fs.Sys, fs.Dev).Discover());

        Assert.Equal(role, Assert.Single(m.Ports).Role);
    }

    [Theory]
    [InlineData("19d2", "2000", ModemPersonality.Storage, "ZTE ZeroCD (storage mode)")]
    [InlineData("19d2", "0016", ModemPersonality.Download, "ZTE download mode")]
    [InlineData("05c6", "9008", ModemPersonality.Download, "Qualcomm emergency download (EDL)")]
    [InlineData("19d2", "0031", ModemPersonality.Modem, "ZTE MF626/MF627/MF636")]
    public void Discovered_personality_and_name_come_from_the_same_table_as_usb_list(string vid, string pid, ModemPersonality personality, string name)
    {
        using var fs = new FakeSysfs().Device("1-6", vid, pid, "Qualcomm CDMA Technologies MSM");

        DiscoveredModem m = Assert.Single(new PortDiscovery(fs.Sys, fs.Dev).Discover());

        Assert.Equal(personality, m.Personality);
        Assert.Equal(name, m.Name);
        Assert.Equal(name, ZteDiag.Device.Usb.KnownUsbDevices.Find(m.Vid, m.Pid)?.Name);
    }
}
