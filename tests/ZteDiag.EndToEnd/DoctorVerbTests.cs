using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>`ztediag doctor` against fake sysfs trees of each personality and against the virtual modem.</summary>
[Trait("Issue", "8")]
public sealed class DoctorVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztediag-doctor-" + Guid.NewGuid().ToString("N"));

    public DoctorVerbTests()
    {
        Directory.CreateDirectory(Proc);
    }

    private string Sys => Path.Combine(_root, "sys");

    /// <summary>A /proc with no processes, unless a test adds one: the real one would show the emulator holding its own ptys.</summary>
    private string Proc => Path.Combine(_root, "proc");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private async Task<(int Code, Dictionary<string, (string Verdict, string Detail, string? Advice)> Links, string Raw)> DoctorAsync()
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["doctor", "--json", "--timeout", "15000", "--sysfs-root", Sys, "--proc-root", Proc]);
        Assert.True(stderr.Length == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var links = doc.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("check").GetString()!,
            e => (e.GetProperty("verdict").GetString()!, e.GetProperty("detail").GetString()!, e.GetProperty("advice").GetString()));
        return (code, links, stdout);
    }

    private static readonly string[] Chain = ["usb", "driver", "ports", "permissions", "modemmanager", "diag", "at", "sim", "registration", "signal", "apn"];

    [Fact]
    public async Task The_emulator_with_its_sysfs_tree_is_green_on_every_link_and_exits_0()
    {
        await using var emu = await EmulatorProcess.StartAsync("--sysfs", Sys);

        var (code, links, raw) = await DoctorAsync();

        Assert.Equal(Chain, links.Keys);
        Assert.All(links, l => Assert.True(l.Value.Verdict == "OK", $"{l.Key}: {raw}"));
        Assert.Equal(0, code);
        Assert.Equal("19d2:0031 ZTE MF626/MF627/MF636: modem mode (bus 1 addr 2)", links["usb"].Detail);
        Assert.Equal("option on if00,if01,if03", links["driver"].Detail);
        Assert.Equal($"DIAG {Path.Combine(Sys, "dev", "ttyUSB0")}, AT {Path.Combine(Sys, "dev", "ttyUSB1")}", links["ports"].Detail);
        Assert.StartsWith("registered, home network", links["registration"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stick_in_storage_mode_fails_usb_with_the_switch_command_for_that_stick_and_skips_the_rest()
    {
        FakeUsbTrees.Storage(Sys);

        var (code, links, raw) = await DoctorAsync();

        Assert.Equal(1, code);
        Assert.Equal(Chain, links.Keys);
        Assert.Equal(("FAIL", "19d2:2000 ZTE ZeroCD (storage mode): storage (ZeroCD) mode (bus 1 addr 5), no serial ports until it is switched"),
            (links["usb"].Verdict, links["usb"].Detail));
        Assert.Equal("switch it: `ztediag usb switch --device 1:5`; to switch on every plug-in: `sudo ztediag udev-rules --install`", links["usb"].Advice);
        Assert.Equal("SKIP", links["driver"].Verdict);
        Assert.Equal(("FAIL", "switch it first (see the usb line)"), (links["ports"].Verdict, links["ports"].Advice));
        Assert.Equal("OK", links["modemmanager"].Verdict);
        Assert.All(["permissions", "diag", "at", "sim", "registration", "signal", "apn"], k => Assert.True(links[k].Verdict == "SKIP", $"{k}: {raw}"));
    }

    [Fact]
    public async Task A_stick_in_download_mode_fails_usb_with_the_ZCDRUN_F_remedy_while_its_ports_still_answer()
    {
        // download mode still has DIAG and command ports (DEVICES.md §1.1): the emulator serves them
        await using var emu = await EmulatorProcess.StartAsync();
        FakeUsbTrees.Download(Sys, emu.DiagPath, emu.AtPath, emu.ModemPath);

        var (code, links, raw) = await DoctorAsync();

        Assert.Equal(1, code);
        Assert.Equal(("FAIL", "19d2:0016 ZTE download mode (bus 1 addr 9): DIAG and command ports only, no modem service"),
            (links["usb"].Verdict, links["usb"].Detail));
        Assert.Equal("leave download mode with AT+ZCDRUN=F on the AT port: `ztediag checklist run recover-download-mode`, then re-plug the stick",
            links["usb"].Advice);
        Assert.Equal(("OK", "option on if00,if01,if02"), (links["driver"].Verdict, links["driver"].Detail));
        Assert.Equal($"DIAG {Path.Combine(Sys, "dev", "ttyUSB0")}, AT {Path.Combine(Sys, "dev", "ttyUSB1")}", links["ports"].Detail);
        Assert.True(links["diag"].Verdict == "OK", raw);
        Assert.Equal("OK", links["at"].Verdict);
        Assert.Equal(["usb"], links.Where(l => l.Value.Verdict == "FAIL").Select(l => l.Key));
    }

    [Fact]
    public async Task ModemManager_holding_the_DIAG_tty_fails_naming_the_process_with_the_udev_advice()
    {
        await using var emu = await EmulatorProcess.StartAsync("--sysfs", Sys);
        string diag = Path.Combine(Sys, "dev", "ttyUSB0");
        // the kernel shows an fd as a link to the node that was opened: here the pty slave behind ttyUSB0
        FakeUsbTrees.ProcessHolding(Proc, 4242, "ModemManager", new FileInfo(diag).LinkTarget!);

        var (code, links, _) = await DoctorAsync();

        Assert.Equal(1, code);
        Assert.Equal(("FAIL", $"ModemManager (pid 4242) holds {diag} (DIAG)"), (links["modemmanager"].Verdict, links["modemmanager"].Detail));
        string advice = links["modemmanager"].Advice!;
        Assert.Contains("`sudo systemctl stop ModemManager`", advice, StringComparison.Ordinal);
        Assert.Contains("`sudo ztediag udev-rules --install` (sets ID_MM_PORT_IGNORE on the DIAG port of 19d2:0031", advice, StringComparison.Ordinal);
        Assert.Equal(["modemmanager"], links.Where(l => l.Value.Verdict == "FAIL").Select(l => l.Key));
    }

    [Fact]
    public async Task Another_program_on_the_AT_port_only_warns_and_the_exit_code_stays_0()
    {
        await using var emu = await EmulatorProcess.StartAsync("--sysfs", Sys);
        FakeUsbTrees.ProcessHolding(Proc, 900, "minicom", new FileInfo(Path.Combine(Sys, "dev", "ttyUSB1")).LinkTarget!);

        var (code, links, raw) = await DoctorAsync();

        Assert.Equal(("WARN", $"minicom (pid 900) holds {Path.Combine(Sys, "dev", "ttyUSB1")}"), (links["modemmanager"].Verdict, links["modemmanager"].Detail));
        Assert.Contains("`kill 900`", links["modemmanager"].Advice, StringComparison.Ordinal);
        Assert.True(code == 0, raw);
    }

    [Fact]
    public async Task The_text_output_prints_advice_under_failures_and_proc_root_stays_out_of_help()
    {
        FakeUsbTrees.Storage(Sys);
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["doctor", "--sysfs-root", Sys, "--proc-root", Proc]);
        Assert.Equal(1, code);
        Assert.Contains("FAIL  usb            19d2:2000", stdout, StringComparison.Ordinal);
        Assert.Contains("      → switch it: `ztediag usb switch --device 1:5`", stdout, StringComparison.Ordinal);
        Assert.Contains("SKIP  diag", stdout, StringComparison.Ordinal);

        var (_, help, _) = await ZteDiagProcess.RunAsync(["doctor", "--help"]);
        Assert.Contains("Exit 0 when no link fails (warnings allowed), 1 when any link fails.", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--proc-root", help, StringComparison.Ordinal);
    }
}
