using ZteDiag.Device.Usb;

namespace ZteDiag.Device.Tests.Usb;

public class UsbModeSwitcherTests
{
    private static readonly UsbDeviceId Storage = new(1, 5, 0x19d2, 0x2000);
    private static readonly UsbDeviceId Modem = new(1, 6, 0x19d2, 0x0031);
    private static readonly UsbSwitchOptions Fast = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    /// <summary>19d2:2000-shaped config: one mass-storage interface (08/06/50) with bulk OUT 0x02 and IN 0x83.</summary>
    private static readonly byte[] StorageConfig =
    [
        0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xe0, 0xfa,
        0x09, 0x04, 0x00, 0x00, 0x02, 0x08, 0x06, 0x50, 0x00,
        0x07, 0x05, 0x83, 0x02, 0x00, 0x02, 0x00,
        0x07, 0x05, 0x02, 0x02, 0x00, 0x02, 0x00,
    ];

    private static FakeUsbBackend SwitchingStick(byte[]? config = null)
    {
        var usb = new FakeUsbBackend { ConfigDescriptor = config ?? StorageConfig };
        usb.Devices.Add(new UsbDeviceId(1, 1, 0x1d6b, 0x0002));
        usb.Devices.Add(Storage);
        usb.AfterWrite = i =>
        {
            if (i == 2)
            {
                usb.Devices.Remove(Storage);
                usb.Devices.Add(Modem);
            }
        };
        return usb;
    }

    [Fact]
    public async Task Switch_sends_the_three_messages_to_the_descriptor_endpoint_and_reports_the_new_device()
    {
        using FakeUsbBackend usb = SwitchingStick();
        UsbSwitchResult r = await UsbModeSwitcher.SwitchAsync(UsbDeviceSelector.Parse("19d2:2000"), usb, null, Fast, TestContext.Current.CancellationToken);

        Assert.Equal(Storage, r.Before);
        Assert.Equal(Modem, r.After);
        Assert.Equal("ZTE MF626/MF627/MF636", r.AfterModel!.Name);
        Assert.Equal(3, r.MessagesSent);
        Assert.Equal(0x02, r.OutEndpoint);
        Assert.True(r.EndpointFromDescriptor);
        Assert.Equal(
            [.. ModeSwitchMessage.For(KnownUsbDevices.ZeroCdSwitch).Select(m => m.ToArray())],
            usb.Written.Select(w => w.Data).ToArray());
        Assert.All(usb.Written, w => Assert.Equal(0x02, w.Endpoint));
        Assert.Equal(
            ["enumerate", "open 1:5", "get-config", "claim 0",
             "write 0x02 31", "read 0x83 13",
             "write 0x02 31", "read 0x83 13",
             "write 0x02 31", "read 0x83 32", "read 0x83 13",
             "release 0", "close", "enumerate"],
            usb.Calls);
    }

    [Fact]
    public async Task Without_a_readable_descriptor_the_common_endpoint_0x01_is_used()
    {
        using FakeUsbBackend usb = SwitchingStick();
        usb.ConfigDescriptor = null;
        UsbSwitchResult r = await UsbModeSwitcher.SwitchAsync(null, usb, null, Fast, TestContext.Current.CancellationToken);
        Assert.Equal(UsbModeSwitcher.FallbackOutEndpoint, r.OutEndpoint);
        Assert.False(r.EndpointFromDescriptor);
        Assert.All(usb.Written, w => Assert.Equal(0x01, w.Endpoint));
    }

    [Fact]
    public async Task A_device_that_detaches_after_the_eject_counts_as_switching()
    {
        using FakeUsbBackend usb = SwitchingStick();
        usb.WriteErrors[2] = LibUsbErrors.NoDevice;
        usb.AfterWrite = i =>
        {
            if (i == 1)
            {
                usb.Devices.Remove(Storage);
                usb.Devices.Add(Modem);
            }
        };
        UsbSwitchResult r = await UsbModeSwitcher.SwitchAsync(UsbDeviceSelector.Parse("1:5"), usb, null, Fast, TestContext.Current.CancellationToken);
        Assert.Equal(2, r.MessagesSent);
        Assert.Equal(Modem, r.After);
    }

    [Fact]
    public async Task The_rediscovery_callback_is_polled_until_a_target_id_appears()
    {
        using FakeUsbBackend usb = SwitchingStick();
        usb.AfterWrite = null;
        int polls = 0;
        ValueTask<IReadOnlyList<UsbDeviceId>> Rediscover(CancellationToken ct) =>
            ValueTask.FromResult<IReadOnlyList<UsbDeviceId>>(++polls < 3 ? [] : [new UsbDeviceId(2, 9, 0x19d2, 0x0063)]);

        UsbSwitchResult r = await UsbModeSwitcher.SwitchAsync(null, usb, Rediscover, Fast, TestContext.Current.CancellationToken);
        Assert.Equal(3, polls);
        Assert.Equal(0x0063, r.After.Pid);
    }

    [Fact]
    public async Task A_stick_that_never_comes_back_times_out_saying_it_is_still_in_storage_mode()
    {
        using FakeUsbBackend usb = SwitchingStick();
        usb.AfterWrite = null;
        var ex = await Assert.ThrowsAsync<UsbSwitchException>(() =>
            UsbModeSwitcher.SwitchAsync(null, usb, null, Fast, TestContext.Current.CancellationToken));
        Assert.Equal(UsbErrorKind.Timeout, ex.Kind);
        Assert.Equal(ZteDiagException.ExitLinkFailure, ex.ExitCode);
        Assert.Contains("still there in storage mode", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0031", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permission_denied_on_open_says_how_to_fix_it()
    {
        using FakeUsbBackend usb = SwitchingStick();
        usb.OpenError = LibUsbErrors.Access;
        var ex = await Assert.ThrowsAsync<UsbSwitchException>(() =>
            UsbModeSwitcher.SwitchAsync(null, usb, null, Fast, TestContext.Current.CancellationToken));
        Assert.Equal(UsbErrorKind.PermissionDenied, ex.Kind);
        Assert.StartsWith("permission denied: run as root or install the udev rules (`ztediag udev-rules --install`)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ZteDiagException.ExitPortProblem, ex.ExitCode);
    }

    [Theory]
    [InlineData(LibUsbErrors.NoDevice)]
    [InlineData(LibUsbErrors.NotFound)]
    public async Task A_device_gone_before_the_first_message_is_reported_as_gone(int code)
    {
        using FakeUsbBackend usb = SwitchingStick();
        usb.WriteErrors[0] = code;
        var ex = await Assert.ThrowsAsync<UsbSwitchException>(() =>
            UsbModeSwitcher.SwitchAsync(null, usb, null, Fast, TestContext.Current.CancellationToken));
        Assert.Equal(UsbErrorKind.DeviceGone, ex.Kind);
        Assert.Contains("the device is gone", ex.Message, StringComparison.Ordinal);
        Assert.Contains("release 0", usb.Calls);
        Assert.Equal("close", usb.Calls[^1]);
    }

    [Fact]
    public async Task A_busy_interface_names_the_likely_culprits()
    {
        using FakeUsbBackend usb = SwitchingStick();
        usb.ClaimError = LibUsbErrors.Busy;
        var ex = await Assert.ThrowsAsync<UsbSwitchException>(() =>
            UsbModeSwitcher.SwitchAsync(null, usb, null, Fast, TestContext.Current.CancellationToken));
        Assert.Equal(UsbErrorKind.UsbError, ex.Kind);
        Assert.Contains("busy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_devices_at_all_is_not_found_with_a_passthrough_hint()
    {
        var ex = Assert.Throws<UsbSwitchException>(() => UsbModeSwitcher.Select(null, []));
        Assert.Equal(UsbErrorKind.NotFound, ex.Kind);
        Assert.Contains("no USB devices are visible", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_modem_mode_stick_is_not_switchable()
    {
        var ex = Assert.Throws<UsbSwitchException>(() => UsbModeSwitcher.Select(UsbDeviceSelector.Parse("19d2:0031"), [Modem]));
        Assert.Equal(UsbErrorKind.NotSwitchable, ex.Kind);
        Assert.Contains("already in modem mode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_selector_only_a_modem_mode_stick_attached_is_not_found_and_listed()
    {
        var ex = Assert.Throws<UsbSwitchException>(() => UsbModeSwitcher.Select(null, [Modem]));
        Assert.Equal(UsbErrorKind.NotFound, ex.Kind);
        Assert.Contains("bus 1 addr 6 (19d2:0031)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_id_is_not_switchable()
    {
        var other = new UsbDeviceId(3, 2, 0x0bda, 0x1a2b);
        var ex = Assert.Throws<UsbSwitchException>(() => UsbModeSwitcher.Select(UsbDeviceSelector.Parse("3:2"), [other]));
        Assert.Equal(UsbErrorKind.NotSwitchable, ex.Kind);
    }

    [Fact]
    public void A_selector_matching_nothing_is_not_found()
    {
        var ex = Assert.Throws<UsbSwitchException>(() => UsbModeSwitcher.Select(UsbDeviceSelector.Parse("001:009"), [Storage]));
        Assert.Equal(UsbErrorKind.NotFound, ex.Kind);
        Assert.Contains("1:9", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("19d2:2000", null, null, 0x19d2, 0x2000)]
    [InlineData("19D2:0031", null, null, 0x19d2, 0x0031)]
    [InlineData("1:5", 1, 5, null, null)]
    [InlineData("001:005", 1, 5, null, null)]
    public void Selectors_parse_both_forms(string text, int? bus, int? address, int? vid, int? pid)
    {
        UsbDeviceSelector s = UsbDeviceSelector.Parse(text);
        Assert.Equal(bus, s.Bus);
        Assert.Equal(address, s.Address);
        Assert.Equal(vid, s.Vid);
        Assert.Equal(pid, s.Pid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("19d2")]
    [InlineData("19d2:20000")]
    [InlineData("0:5")]
    [InlineData("1:x")]
    [InlineData("1:2:3")]
    public void Bad_selectors_are_caller_mistakes(string text)
    {
        Assert.Throws<ArgumentException>(() => UsbDeviceSelector.Parse(text));
    }

    [Fact]
    public void Storage_endpoints_come_from_the_mass_storage_interface()
    {
        Assert.Equal((0, (byte)0x02, (byte)0x83), UsbModeSwitcher.FindStorageEndpoints(StorageConfig));
    }

    [Fact]
    public void The_config_parser_reads_interfaces_and_skips_unknown_descriptors()
    {
        byte[] config =
        [
            0x09, 0x02, 0x2e, 0x00, 0x02, 0x01, 0x00, 0xe0, 0xfa,
            0x09, 0x04, 0x00, 0x00, 0x02, 0xff, 0xff, 0xff, 0x00,
            0x05, 0x24, 0x00, 0x10, 0x01, // class-specific, skipped
            0x07, 0x05, 0x81, 0x02, 0x00, 0x02, 0x00,
            0x07, 0x05, 0x01, 0x02, 0x00, 0x02, 0x00,
            0x09, 0x04, 0x02, 0x00, 0x00, 0x08, 0x06, 0x50, 0x00,
            0x00, 0x00, 0x00, // trailing garbage beyond wTotalLength
        ];
        IReadOnlyList<UsbInterfaceDescriptor> ifs = UsbConfigDescriptor.Parse(config);
        Assert.Equal(2, ifs.Count);
        Assert.Equal(0xff, ifs[0].Class);
        Assert.Equal(0x01, ifs[0].BulkOut!.Value.Address);
        Assert.Equal(0x81, ifs[0].BulkIn!.Value.Address);
        Assert.Equal(512, ifs[0].Endpoints[0].MaxPacketSize);
        Assert.Equal(2, ifs[1].Number);
        Assert.Empty(ifs[1].Endpoints);
        // no mass-storage interface with endpoints: the first one with a bulk OUT is used
        Assert.Equal((0, (byte)0x01, (byte)0x81), UsbModeSwitcher.FindStorageEndpoints(config));
        Assert.Null(UsbModeSwitcher.FindStorageEndpoints([0x09, 0x02]));
    }

    [Fact]
    public void Libusb_error_codes_map_to_kinds()
    {
        Assert.Equal(UsbErrorKind.PermissionDenied, UsbSwitchException.FromLibusb(-3, "x").Kind);
        Assert.Equal(UsbErrorKind.DeviceGone, UsbSwitchException.FromLibusb(-4, "x").Kind);
        Assert.Equal(UsbErrorKind.DeviceGone, UsbSwitchException.FromLibusb(-5, "x").Kind);
        Assert.Equal(UsbErrorKind.Timeout, UsbSwitchException.FromLibusb(-7, "x").Kind);
        UsbSwitchException pipe = UsbSwitchException.FromLibusb(-9, "bulk OUT");
        Assert.Equal(UsbErrorKind.UsbError, pipe.Kind);
        Assert.Equal("bulk OUT failed: LIBUSB_ERROR_PIPE (-9)", pipe.Message);
        Assert.Equal("libusb-1.0 is not installed: `sudo apt-get install libusb-1.0-0`", UsbSwitchException.NoLibusb().Message);
    }
}
