using ZteDiag.Device.Discovery;

namespace ZteDiag.Device.Tests.Discovery;

public sealed class ModemManagerCheckTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("ztediag-proc-").FullName;

    private void Process(int pid, string comm, params string[] fdTargets)
    {
        string dir = Path.Combine(_proc, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(dir, "fd"));
        Directory.CreateDirectory(Path.Combine(dir, "fdinfo"));
        File.WriteAllText(Path.Combine(dir, "comm"), comm + "\n");
        for (int i = 0; i < fdTargets.Length; i++)
        {
            File.CreateSymbolicLink(Path.Combine(dir, "fd", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), fdTargets[i]);
        }
    }

    [Fact]
    public void ModemManager_holding_the_diag_port_is_found_and_advice_names_the_fix()
    {
        Process(1, "systemd", "/dev/null");
        Process(812, "ModemManager", "/dev/null", "/dev/ttyUSB0", "socket:[123]");
        Process(900, "minicom", "/dev/ttyUSB2");
        Directory.CreateDirectory(Path.Combine(_proc, "self"));
        var check = new ModemManagerCheck(_proc, ignorePid: -1);

        IReadOnlyList<PortHolder> holders = check.FindHolders("/dev/ttyUSB0");

        Assert.Equal([new PortHolder(812, "ModemManager", "/dev/ttyUSB0")], holders);
        string? advice = ModemManagerCheck.Advice(holders, "19d2:0031");
        Assert.NotNull(advice);
        Assert.StartsWith("ModemManager (pid 812) holds /dev/ttyUSB0. Stop it: `sudo systemctl stop ModemManager`, or permanently: `sudo ztediag udev-rules --install`", advice, StringComparison.Ordinal);
        Assert.Contains("ID_MM_PORT_IGNORE on the DIAG port of 19d2:0031", advice, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_programs_get_generic_advice_and_a_free_port_gets_none()
    {
        Process(900, "minicom", "/dev/ttyUSB2");
        var check = new ModemManagerCheck(_proc, ignorePid: -1);

        IReadOnlyList<PortHolder> holders = check.FindHolders("/dev/ttyUSB2");

        Assert.Equal("minicom (pid 900) holds /dev/ttyUSB2. Close that program first (or `kill 900`).", ModemManagerCheck.Advice(holders));
        Assert.Empty(check.FindHolders("/dev/ttyUSB1"));
        Assert.Null(ModemManagerCheck.Advice([]));
    }

    [Fact]
    public void Our_own_process_is_not_reported()
    {
        Process(4242, "ztediag", "/dev/ttyUSB0");

        Assert.Empty(new ModemManagerCheck(_proc, ignorePid: 4242).FindHolders("/dev/ttyUSB0"));
    }

    [Fact]
    public void The_process_holding_the_pty_master_is_the_other_end_not_a_holder()
    {
        // ztediag emulate: master of pts/3 on fd 0 (fdinfo tty-index 3) and the slave on fd 1
        Process(500, "dotnet", "/dev/ptmx", "/dev/pts/3");
        File.WriteAllLines(Path.Combine(_proc, "500", "fdinfo", "0"), ["pos:\t0", "flags:\t0100002", "mnt_id:\t25", "ino:\t2", "tty-index:\t3"]);
        // a client on the same slave that owns the master of another pty (pts/4) still counts
        Process(600, "minicom", "/dev/ptmx", "/dev/pts/3");
        File.WriteAllLines(Path.Combine(_proc, "600", "fdinfo", "0"), ["pos:\t0", "tty-index:\t4"]);
        var check = new ModemManagerCheck(_proc, ignorePid: -1);

        Assert.Equal([new PortHolder(600, "minicom", "/dev/pts/3")], check.FindHolders("/dev/pts/3"));
    }

    public void Dispose() => Directory.Delete(_proc, recursive: true);
}
