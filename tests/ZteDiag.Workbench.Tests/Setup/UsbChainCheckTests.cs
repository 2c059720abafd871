using ZteDiag.Device.Discovery;
using ZteDiag.Device.Usb;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

[Trait("Issue", "8")]
public sealed class UsbChainCheckTests
{
    private static ListedUsbDevice Listed(ushort vid, ushort pid, int bus, int address, params (int Number, byte Class, string? Driver, string? Tty)[] interfaces)
    {
        KnownUsbDevice model = KnownUsbDevices.Describe(vid, pid)!;
        return new ListedUsbDevice(new UsbDeviceId(bus, address, vid, pid), "1-3", null, null, null, model,
            model.Personality == UsbPersonality.Unknown ? UsbPersonality.Modem : model.Personality,
            [.. interfaces.Select(i => new ListedUsbInterface(i.Number, i.Class, i.Driver,
                i.Class == 0x08 ? UsbPortRole.Storage : model.RoleOf(i.Number), i.Tty is null ? [] : [i.Tty]))]);
    }

    private static ListedUsbDevice Mf627(string? diagDriver = "option", string? atDriver = "option") =>
        Listed(0x19d2, 0x0031, 1, 4, (0, 0xff, diagDriver, "ttyUSB0"), (1, 0xff, atDriver, "ttyUSB1"), (2, 0x08, "usb-storage", null), (3, 0xff, "option", "ttyUSB2"), (4, 0xff, null, null));

    [Fact]
    public void A_modem_mode_stick_is_picked_before_a_storage_one()
    {
        ListedUsbDevice storage = Listed(0x19d2, 0x2000, 1, 5, (0, 0x08, "usb-storage", null));
        Assert.Same(Mf627Instance, UsbChainCheck.PickStick([storage, Mf627Instance]));
        Assert.Same(storage, UsbChainCheck.PickStick([storage]));
        Assert.Null(UsbChainCheck.PickStick([]));
    }

    private static readonly ListedUsbDevice Mf627Instance = Mf627();

    [Fact]
    public void Driver_is_ok_when_every_role_interface_is_bound_even_if_a_reserved_one_is_not()
    {
        DoctorFinding f = UsbChainCheck.Driver(Mf627());
        Assert.Equal(new DoctorFinding("driver", DoctorVerdict.Ok, "option on if00,if01,if03"), f);
    }

    [Fact]
    public void Driver_fails_naming_the_unbound_role_interfaces_and_how_to_bind_them()
    {
        DoctorFinding f = UsbChainCheck.Driver(Mf627(diagDriver: null, atDriver: null));
        Assert.Equal(DoctorVerdict.Fail, f.Verdict);
        Assert.Equal("no driver bound to if00,if01", f.Detail);
        Assert.Equal("load the option driver and give it the id: `sudo modprobe option && echo 19d2 0031 | sudo tee /sys/bus/usb-serial/drivers/option1/new_id`; " +
                     "`dmesg` says why it did not bind", f.Advice);
    }

    [Fact]
    public void Edl_fails_usb_with_the_reflash_advice_and_skips_the_driver()
    {
        ListedUsbDevice edl = Listed(0x05c6, 0x9008, 2, 3);
        DoctorFinding usb = UsbChainCheck.Personality(edl);
        Assert.Equal(DoctorVerdict.Fail, usb.Verdict);
        Assert.Equal("05c6:9008 Qualcomm emergency download (EDL) (bus 2 addr 3): the boot ROM waits for a flasher, the firmware does not run", usb.Detail);
        Assert.Contains("reflashed", usb.Advice, StringComparison.Ordinal);
        Assert.Equal(DoctorVerdict.Skip, UsbChainCheck.Driver(edl).Verdict);
    }

    [Fact]
    public void A_storage_stick_without_bus_numbers_is_named_by_vid_pid_in_the_switch_advice()
    {
        DoctorFinding f = UsbChainCheck.Personality(Listed(0x19d2, 0x2000, 0, 0, (0, 0x08, "usb-storage", null)));
        Assert.StartsWith("switch it: `ztediag usb switch --device 19d2:2000`", f.Advice, StringComparison.Ordinal);
        Assert.Equal("19d2:2000 ZTE ZeroCD (storage mode): storage (ZeroCD) mode, no serial ports until it is switched", f.Detail);
    }

    [Fact]
    public void No_stick_fails_usb_and_skips_the_driver()
    {
        Assert.Equal(DoctorVerdict.Fail, UsbChainCheck.Personality(null).Verdict);
        Assert.Equal(DoctorVerdict.Skip, UsbChainCheck.Driver(null).Verdict);
    }

    [Fact]
    public void Holders_fail_only_on_the_diag_port_and_mix_modemmanager_with_other_advice()
    {
        PortHolder mm = new(812, "ModemManager", "/dev/ttyUSB0");
        PortHolder minicom = new(900, "minicom", "/dev/ttyUSB2");

        DoctorFinding both = UsbChainCheck.Holders([mm, minicom], "/dev/ttyUSB0", "19d2:0031");
        Assert.Equal(DoctorVerdict.Fail, both.Verdict);
        Assert.Equal("ModemManager (pid 812) holds /dev/ttyUSB0 (DIAG), minicom (pid 900) holds /dev/ttyUSB2", both.Detail);
        Assert.Equal("stop ModemManager now: `sudo systemctl stop ModemManager`; for good: `sudo ztediag udev-rules --install` " +
                     "(sets ID_MM_PORT_IGNORE on the DIAG port of 19d2:0031, so ModemManager leaves it alone) " +
                     "minicom (pid 900) holds /dev/ttyUSB2. Close that program first (or `kill 900`).", both.Advice);

        Assert.Equal(DoctorVerdict.Warn, UsbChainCheck.Holders([minicom], "/dev/ttyUSB0", null).Verdict);
        Assert.Equal(DoctorVerdict.Ok, UsbChainCheck.Holders([], "/dev/ttyUSB0", null).Verdict);
    }
}
