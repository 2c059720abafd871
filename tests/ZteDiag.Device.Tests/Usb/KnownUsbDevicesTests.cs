using ZteDiag.Device.Usb;

namespace ZteDiag.Device.Tests.Usb;

public class KnownUsbDevicesTests
{
    [Fact]
    public void ZeroCd_2000_is_storage_with_the_data_file_target_list()
    {
        KnownUsbDevice d = KnownUsbDevices.Find(0x19d2, 0x2000)!;
        Assert.Equal(UsbPersonality.Storage, d.Personality);
        Assert.NotNull(d.Switch);
        Assert.Equal(0x19d2, d.Switch!.TargetVendor);
        Assert.True(d.Switch.StandardEject);
        Assert.Equal(ModeSwitchMessage.ZteMessageContentHex, d.Switch.MessageContentHex);
        Assert.Equal(
            "0001,0002,0015,0016,0017,0019,0031,0033,0037,0042,0052,0055,0061,0063,0064,0066,0091,0108,0117,0128,0151,0157,0177,1402,2002,2003",
            string.Join(',', d.Switch.TargetProducts.Select(p => p.ToString("x4", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Mf626_0031_has_diag_at_storage_and_modem_interfaces()
    {
        KnownUsbDevice d = KnownUsbDevices.Find(0x19d2, 0x0031)!;
        Assert.Equal(UsbPersonality.Modem, d.Personality);
        Assert.Equal(UsbPortRole.Diag, d.RoleOf(0));
        Assert.Equal(UsbPortRole.At, d.RoleOf(1));
        Assert.Equal(UsbPortRole.Storage, d.RoleOf(2));
        Assert.Equal(UsbPortRole.Modem, d.RoleOf(3));
        Assert.Equal(UsbPortRole.Unknown, d.RoleOf(4));
        Assert.Equal([(0, UsbPortRole.Diag), (1, UsbPortRole.At), (3, UsbPortRole.Modem)], d.SerialPorts());
        Assert.Null(d.Switch);
    }

    [Fact]
    public void Download_mode_0016_is_its_own_personality()
    {
        KnownUsbDevice d = KnownUsbDevices.Find(0x19d2, 0x0016)!;
        Assert.Equal(UsbPersonality.Download, d.Personality);
        Assert.Equal(2, d.ModemInterface);
        Assert.Equal(1, d.AtInterface);
        Assert.Contains("INFERENCE", d.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0001, 0, 2)]
    [InlineData(0x0002, 2, 4)]
    [InlineData(0x0015, 1, 3)]
    [InlineData(0x0017, 2, 1)]
    [InlineData(0x0033, 4, 1)]
    [InlineData(0x0037, 3, 1)]
    [InlineData(0x0043, 3, 2)]
    [InlineData(0x0063, 3, 1)]
    [InlineData(0x0064, 2, 0)]
    [InlineData(0x0125, 5, 1)]
    [InlineData(0x1515, 0, 2)]
    [InlineData(0x2003, 3, 1)]
    public void Modem_and_at_interfaces_follow_the_modemmanager_table(int pid, int modem, int at)
    {
        KnownUsbDevice d = KnownUsbDevices.Find(0x19d2, (ushort)pid)!;
        Assert.Equal(modem, d.ModemInterface);
        Assert.Equal(at, d.AtInterface);
    }

    [Fact]
    public void Every_id_is_listed_once()
    {
        Assert.Equal(KnownUsbDevices.All.Count, KnownUsbDevices.All.Select(d => (d.Vid, d.Pid)).Distinct().Count());
    }

    [Fact]
    public void Every_switch_target_of_2000_except_the_unmapped_ones_is_in_the_table()
    {
        ushort[] missing = [.. KnownUsbDevices.ZeroCdTargets.Where(p => KnownUsbDevices.Find(0x19d2, p) is null)];
        // 0151, 0157, 0177, 1402 are switch targets without a ModemManager port table entry
        Assert.Equal(new ushort[] { 0x0151, 0x0157, 0x0177, 0x1402 }, missing);
    }

    [Fact]
    public void Qualcomm_is_a_known_vendor_with_a_generic_description()
    {
        Assert.True(KnownUsbDevices.IsKnownVendor(0x05c6));
        KnownUsbDevice d = KnownUsbDevices.Describe(0x05c6, 0x9091)!;
        Assert.Equal(UsbPersonality.Unknown, d.Personality);
        Assert.Equal("05c6:9091", d.Id);
        Assert.Null(KnownUsbDevices.Describe(0x1d6b, 0x0002));
    }

    [Fact]
    public void Qualcomm_edl_9008_is_a_download_id_without_ports_or_switch_recipe()
    {
        KnownUsbDevice d = KnownUsbDevices.Find(0x05c6, KnownUsbDevices.EdlPid)!;
        Assert.Equal(UsbPersonality.Download, d.Personality);
        Assert.Empty(d.SerialPorts());
        Assert.Null(d.Switch);
        var ex = Assert.Throws<UsbSwitchException>(() => UsbModeSwitcher.Select(UsbDeviceSelector.Parse("05c6:9008"), [new UsbDeviceId(1, 7, 0x05c6, 0x9008)]));
        Assert.Equal(UsbErrorKind.NotSwitchable, ex.Kind);
        Assert.Equal("bus 1 addr 7 (05c6:9008) (Qualcomm emergency download (EDL)) is already in download mode: nothing to switch", ex.Message);
    }

    [Fact]
    public void K3565_0063_has_no_diag_interface_because_no_source_gives_one()
    {
        KnownUsbDevice d = KnownUsbDevices.Find(0x19d2, 0x0063)!;
        Assert.Null(d.DiagInterface);
        Assert.Equal([(1, UsbPortRole.At), (3, UsbPortRole.Modem)], d.SerialPorts());
    }
}
