using System.Diagnostics;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `ztediag usb switch` up to the libusb boundary (no USB hardware here): every way it can stop says what is
/// missing and how to fix it, with exit code 3 (no device or port problem) and nothing on stdout.
/// </summary>
[Trait("Issue", "8")]
public sealed class UsbSwitchVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztediag-switch-" + Guid.NewGuid().ToString("N"));

    public UsbSwitchVerbTests()
    {
        Directory.CreateDirectory(_root);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string Node => Path.Combine(_root, "dev", "bus", "usb", "001", "005");

    private Task<(int ExitCode, string Stdout, string Stderr)> SwitchAsync(string? device, IReadOnlyDictionary<string, string>? environment = null) =>
        ZteDiagProcess.RunAsync(["usb", "switch", .. device is null ? Array.Empty<string>() : ["--device", device], "--sysfs-root", _root],
            environment: environment);

    [Theory]
    [InlineData("1:6", "ztediag: no USB device 1:6 is attached: check `lsusb` (BUS:ADDR changes on every replug)")]
    [InlineData("19d2:0031", "ztediag: no USB device 19d2:0031 is attached: check `lsusb` (BUS:ADDR changes on every replug)")]
    [InlineData(null, "ztediag: no USB devices are visible: plug the stick in (in a container or VM, pass the USB device through; /dev/bus/usb must exist)")]
    public async Task A_device_that_sysfs_does_not_list_is_not_found(string? device, string message)
    {
        var (code, stdout, stderr) = await SwitchAsync(device);
        Assert.Equal(3, code);
        Assert.Equal(message, stderr.TrimEnd());
        Assert.Empty(stdout);
    }

    [Theory]
    [InlineData("19d2", "2000", "19d2:2000")]
    [InlineData("0x19D2", "0x0031", "19d2:0031")]
    public async Task The_usb_modeswitch_spelling_v_and_p_names_the_same_device_as_device_vid_pid(string vendor, string product, string id)
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["usb", "switch", "-v", vendor, "-p", product, "--sysfs-root", _root]);
        Assert.Equal(3, code);
        Assert.Equal($"ztediag: no USB device {id} is attached: check `lsusb` (BUS:ADDR changes on every replug)", stderr.TrimEnd());
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_vendor_without_a_product_is_a_usage_error_with_the_device_hint()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["usb", "switch", "-v", "19d2", "--sysfs-root", _root]);
        Assert.Equal(2, code);
        Assert.Equal("ztediag: usb_modeswitch's -v VENDOR needs -p PRODUCT too (or use --device VID:PID, e.g. --device 19d2:2000)", stderr.TrimEnd());
    }

    [Fact]
    public async Task A_stick_already_in_modem_mode_is_not_switched()
    {
        await using var emu = await EmulatorProcess.StartAsync("--sysfs", _root);
        var (code, _, stderr) = await SwitchAsync("1:2");
        Assert.Equal(3, code);
        Assert.Equal("ztediag: bus 1 addr 2 (19d2:0031) (ZTE MF626/MF627/MF636) is already in modem mode: nothing to switch", stderr.TrimEnd());
    }

    [Fact]
    public async Task Without_libusb_it_says_which_package_to_install()
    {
        FakeUsbTrees.Storage(_root);
        var (code, stdout, stderr) = await SwitchAsync("19d2:2000",
            new Dictionary<string, string> { ["ZTEDIAG_LIBUSB"] = "libusb-ztediag-test-missing.so.0" });
        Assert.Equal(3, code);
        Assert.Equal("ztediag: libusb-1.0 is not installed: `sudo apt-get install libusb-1.0-0`", stderr.TrimEnd());
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_device_whose_usbfs_node_is_gone_is_reported_as_unplugged()
    {
        FakeUsbTrees.Storage(_root);
        File.Delete(Node);
        var (code, _, stderr) = await SwitchAsync("1:5");
        Assert.Equal(3, code);
        Assert.Equal($"ztediag: bus 1 addr 5 (19d2:2000) is listed in sysfs but its device node {Node} does not exist: it was unplugged meanwhile " +
                     "(plug it in and retry), or this is a container/VM without USB passthrough (pass /dev/bus/usb through)", stderr.TrimEnd());
    }

    [Fact]
    public async Task A_device_sysfs_lists_but_libusb_cannot_see_is_reported_as_gone()
    {
        // the fake tree's stick is not on this machine's buses, which is what libusb sees after an unplug
        FakeUsbTrees.Storage(_root);
        var (code, stdout, stderr) = await SwitchAsync("1:5");
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        if (stderr.Contains("libusb_init", StringComparison.Ordinal))
        {
            Assert.Skip($"libusb could not start here: {stderr}");
        }

        Assert.Equal("ztediag: bus 1 addr 5 (19d2:2000) is listed in sysfs but libusb cannot see it: it was unplugged meanwhile (plug it in and retry), " +
                     "or this is a container/VM without USB passthrough (pass /dev/bus/usb through)", stderr.TrimEnd());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Without_write_access_to_the_usbfs_node_it_asks_for_root_or_the_udev_rules()
    {
        // root may open anything, so the check runs as nobody (setpriv), as a technician's own account would
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv"))
        {
            Assert.Skip("needs root and setpriv to run ztediag as an unprivileged user");
        }

        FakeUsbTrees.Storage(_root);
        File.SetUnixFileMode(Node, UnixFileMode.UserRead | UnixFileMode.UserWrite); // 0600 root:root, as without the udev rules
        string state = Path.Combine(_root, "state");
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, (UnixFileMode)0x1ff);
        var psi = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (string a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", ZteDiagProcess.Dll, "usb", "switch", "--device", "1:5", "--sysfs-root", _root])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["HOME"] = state;
        psi.Environment["XDG_STATE_HOME"] = state;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);

        Assert.Equal($"ztediag: permission denied: run as root or install the udev rules (`ztediag udev-rules --install`) (cannot open {Node} for bus 1 addr 5 (19d2:2000))",
            (await stderr).TrimEnd());
        Assert.Equal(3, p.ExitCode);
        Assert.Empty(await stdout);
    }
}
