using System.Globalization;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>`usb list`, `doctor`, `apn`, `dialer-config`, `udev-rules` and `checklist list/show` as a user runs them.</summary>
public sealed class SetupVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztediag-setup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static string Golden(string name) => File.ReadAllText(ZteDiagProcess.Fixture("golden", name));

    /// <summary>A kernel-shaped device under ROOT/devices, linked from ROOT/bus/usb/devices.</summary>
    private void Device(string name, int devnum, string pid, params (int Number, string Class, string Driver, string? Tty)[] interfaces)
    {
        string rel = $"devices/pci0000:00/0000:00:14.0/usb1/{name}";
        string dir = Path.Combine(_root, rel);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "idVendor"), "19d2\n");
        File.WriteAllText(Path.Combine(dir, "idProduct"), pid + "\n");
        File.WriteAllText(Path.Combine(dir, "busnum"), "1\n");
        File.WriteAllText(Path.Combine(dir, "devnum"), devnum.ToString(CultureInfo.InvariantCulture) + "\n");
        string links = Path.Combine(_root, "bus", "usb", "devices");
        Directory.CreateDirectory(links);
        File.CreateSymbolicLink(Path.Combine(links, name), $"../../../{rel}");
        foreach ((int n, string cls, string driver, string? tty) in interfaces)
        {
            string ifName = $"{name}:1.{n}";
            string ifDir = Path.Combine(dir, ifName);
            Directory.CreateDirectory(ifDir);
            File.WriteAllText(Path.Combine(ifDir, "bInterfaceNumber"), n.ToString("x2", CultureInfo.InvariantCulture) + "\n");
            File.WriteAllText(Path.Combine(ifDir, "bInterfaceClass"), cls + "\n");
            Directory.CreateDirectory(Path.Combine(_root, "bus", "usb", "drivers", driver));
            File.CreateSymbolicLink(Path.Combine(ifDir, "driver"), Path.Combine(_root, "bus", "usb", "drivers", driver));
            File.CreateSymbolicLink(Path.Combine(links, ifName), $"../../../{rel}/{ifName}");
            if (tty is not null) Directory.CreateDirectory(Path.Combine(ifDir, tty, "tty", tty));
        }
    }

    [Fact]
    public async Task Usb_list_names_the_storage_and_download_personalities()
    {
        Device("1-2", 5, "2000", (0, "08", "usb-storage", null));
        Device("1-4", 9, "0016", (0, "ff", "option", "ttyUSB0"), (1, "ff", "option", "ttyUSB1"), (2, "ff", "option", "ttyUSB2"));

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["usb", "list", "--sysfs-root", _root]);
        Assert.True(code == 0, stderr);
        Assert.Contains("storage (ZeroCD)", stdout, StringComparison.Ordinal);
        Assert.Contains("ztediag usb switch", stdout, StringComparison.Ordinal);
        Assert.Contains("download mode", stdout, StringComparison.Ordinal);

        var (jcode, json, _) = await ZteDiagProcess.RunAsync(["usb", "list", "--json", "--sysfs-root", _root]);
        Assert.Equal(0, jcode);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["storage", "download"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("personality").GetString()));
        Assert.Equal(["ttyUSB0"], doc.RootElement[1].GetProperty("interfaces")[0].GetProperty("ttys").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Usb_list_without_devices_exits_3()
    {
        Directory.CreateDirectory(_root);
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["usb", "list", "--sysfs-root", _root]);
        Assert.Equal(3, code);
        Assert.Contains("No ZTE", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_finds_the_emulator_through_its_sysfs_tree()
    {
        await using var emu = await EmulatorProcess.StartAsync("--sysfs", _root);
        // the real /proc: the emulator holds its own pty masters and slaves, and must not count as a holder
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["doctor", "--json", "--sysfs-root", _root]);
        using var doc = JsonDocument.Parse(stdout);
        var verdicts = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("check").GetString()!, e => e.GetProperty("verdict").GetString());
        Assert.True(verdicts["diag"] == "OK", stdout + stderr);
        Assert.Equal("OK", verdicts["at"]);
        Assert.Equal("OK", verdicts["sim"]);
        Assert.Equal("OK", verdicts["ports"]);
        Assert.Equal("OK", verdicts["usb"]);
        Assert.True(verdicts["modemmanager"] == "OK", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Apn_set_on_the_emulator_shows_up_in_cgdcont()
    {
        await using var emu = await EmulatorProcess.StartAsync();
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["apn", "set", "internet.mts.ru", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("+CGDCONT: 1,\"IP\",\"internet.mts.ru\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apn_list_agrees_with_the_field_write_ups_and_cites_no_internal_file()
    {
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["apn", "list"]);
        Assert.Equal(0, code);
        Assert.Matches(@"(?m)^Utel\s+RU\s+internet\.usi\.ru", stdout);
        Assert.Matches(@"(?m)^Three UK\s+GB\s+three\.co\.uk", stdout);
        Assert.Contains("AT+CGDCONT=1,\"IP\",\"three.co.uk\",\"\",0,0", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("DEVICES.md", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wvdial", "dialer-wvdial.conf", "internet.beeline.ru", "beeline", "beeline")]
    [InlineData("pppd", "dialer-pppd.txt", "three.co.uk", null, null)]
    [InlineData("nm", "dialer-nm.sh", "internet.mts.ru", "mts", "mts")]
    public async Task Dialer_config_prints_the_golden_file(string format, string golden, string apn, string? user, string? password)
    {
        string[] cred = user is null ? [] : ["--user", user, "--password", password!];
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["dialer-config", "--apn", apn, "--format", format, "--at-port", "/dev/ttyUSB2", .. cred]);
        Assert.True(code == 0, stderr);
        Assert.Equal(Golden(golden), stdout);
    }

    [Fact]
    public async Task Udev_rules_prints_the_golden_rules()
    {
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["udev-rules", "--exec", "/usr/local/bin/ztediag"]);
        Assert.Equal(0, code);
        Assert.Equal(Golden("60-ztediag.rules"), stdout);
    }

    [Fact]
    public async Task Udev_rules_runs_the_executable_that_printed_them_not_a_path_nothing_installs()
    {
        // started as `dotnet ztediag.dll`, the executable is the apphost beside the assembly
        string apphost = Path.Combine(Path.GetDirectoryName(ZteDiagProcess.Dll)!, "ztediag");
        Assert.True(File.Exists(apphost), apphost);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["udev-rules"]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"RUN+=\"{apphost} usb switch --device $attr{{busnum}}:$attr{{devnum}}\"", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/local/bin/ztediag", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Udev_rules_for_one_model_hold_its_ids_and_the_storage_id_that_switches_to_it()
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["udev-rules", "--model", "mf627", "--exec", "/opt/ztediag/ztediag"]);
        Assert.True(code == 0, stderr);
        string[] rules = [.. stdout.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))];
        Assert.Contains(rules, l => l.Contains("ATTR{idProduct}==\"2000\", RUN+=\"/opt/ztediag/ztediag usb switch", StringComparison.Ordinal));
        Assert.Equal(3, rules.Count(l => l.Contains("ATTRS{idProduct}==\"0031\"", StringComparison.Ordinal))); // diag, at, modem
        Assert.DoesNotContain(rules, l => l.Contains("ATTRS{idProduct}==\"0001\"", StringComparison.Ordinal)); // MF622
        Assert.DoesNotContain(rules, l => l.Contains("ATTRS{idProduct}==\"0037\"", StringComparison.Ordinal)); // MF638
    }

    [Fact]
    public async Task Udev_rules_for_an_unknown_model_or_a_relative_exec_path_is_a_usage_error_in_plain_words()
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["udev-rules", "--model", "mf999"]);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.StartsWith("ztediag: no known stick is a 'mf999'; known models: ", stderr, StringComparison.Ordinal);
        Assert.Contains("MF627", stderr, StringComparison.Ordinal);

        var (code2, _, stderr2) = await ZteDiagProcess.RunAsync(["udev-rules", "--exec", "bin/ztediag"]);
        Assert.Equal(2, code2);
        Assert.StartsWith("ztediag: the tool path must be absolute, without spaces, quotes or '$': 'bin/ztediag'", stderr2, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", stderr2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Udev_rules_install_declined_on_stdin_writes_nothing()
    {
        string path = Path.Combine(_root, "60-ztediag.rules");
        Directory.CreateDirectory(_root);
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["udev-rules", "--install", "--rules-path", path], stdin: "n\n");
        Assert.Equal(0, code);
        Assert.False(File.Exists(path));
        var (code2, stdout2, _) = await ZteDiagProcess.RunAsync(["udev-rules", "--install", "--yes", "--rules-path", path, "--exec", "/usr/local/bin/ztediag"]);
        Assert.Equal(0, code2);
        Assert.Equal(Golden("60-ztediag.rules"), File.ReadAllText(path));
        Assert.Contains("udevadm control --reload-rules", stdout2, StringComparison.Ordinal);
        Assert.Contains("Nothing written", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checklist_list_and_show_print_the_built_ins()
    {
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["checklist", "list"]);
        Assert.Equal(0, code);
        Assert.Contains("mf627-unlock-globe", stdout, StringComparison.Ordinal);
        var (code2, show, _) = await ZteDiagProcess.RunAsync(["checklist", "show", "mf627-unlock-globe"]);
        Assert.Equal(0, code2);
        Assert.Contains("Run the Globe MF626 updater", show, StringComparison.Ordinal);
        var (code3, _, err) = await ZteDiagProcess.RunAsync(["checklist", "show", "nope"]);
        Assert.Equal(2, code3);
        Assert.Contains("mf627-unlock-globe", err, StringComparison.Ordinal);
    }
}
