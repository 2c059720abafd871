using System.Diagnostics;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>A bench of three virtual sticks (`emulate --count 3 --sysfs DIR`) addressed by name, and the port lock between two processes.</summary>
public sealed class FleetVerbTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("ztediag-fleet-").FullName;
    private EmulatorProcess? _bench;

    private string Sys => Path.Combine(_root, "sys");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bench = await EmulatorProcess.StartAsync("--count", "3", "--sysfs", Sys);

    public async ValueTask DisposeAsync()
    {
        if (_bench is not null)
        {
            await _bench.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Ports_lists_the_three_sticks_each_under_its_own_serial_and_USB_path()
    {
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "ports", "--json"]);

        Assert.Equal(0, code);
        var sticks = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["ZTEVIRT000000001", "ZTEVIRT000000002", "ZTEVIRT000000003"], sticks.Select(s => s.GetProperty("device").GetString()));
        Assert.Equal(["1-3", "1-4", "1-5"], sticks.Select(s => s.GetProperty("usb_path").GetString()));
    }

    [Fact]
    public async Task Info_with_device_takes_DIAG_and_AT_from_that_stick_only()
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "info", "--device", "ZTEVIRT000000002", "--json", "--reveal-secrets"]);
        var (code1, stdout1, _) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "info", "--device", "1", "--json", "--reveal-secrets"]);

        Assert.True(code == 0, stderr);
        Assert.Equal(0, code1);
        JsonElement two = JsonDocument.Parse(stdout).RootElement, one = JsonDocument.Parse(stdout1).RootElement;
        Assert.Equal(Path.Combine(Sys, "dev", "ttyUSB3"), two.GetProperty("diag_port").GetString());
        Assert.Equal(Path.Combine(Sys, "dev", "ttyUSB4"), two.GetProperty("at_port").GetString());
        Assert.Equal("354613020012359", two.GetProperty("ati").GetProperty("imei").GetString()); // stick 2's IMEI: serial part + 1, Luhn digit
        Assert.Equal("354613020012342", one.GetProperty("ati").GetProperty("imei").GetString());
    }

    [Fact]
    public async Task A_read_only_verb_without_device_says_which_stick_it_took()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "efs", "df"]);

        Assert.Equal(0, code);
        Assert.Contains("3 modems found; using ZTEVIRT000000001 (usb 1-3)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_all_reads_each_stick_over_its_own_AT_port_and_status_device_picks_one()
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "status", "--all"]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("status --all: 3 of 3 stick(s) OK, 0 failed", stdout, StringComparison.Ordinal);
        for (int k = 1; k <= 3; k++)
        {
            string at = Path.Combine(Sys, "dev", "ttyUSB" + (3 * k - 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(stdout.Split('\n'), l => l.StartsWith("ZTEVIRT00000000" + k, StringComparison.Ordinal) && l.Contains("SIM ready", StringComparison.Ordinal)
                && l.Contains("MTS RUS", StringComparison.Ordinal) && l.EndsWith("AT " + at, StringComparison.Ordinal));
        }

        var (one, oneOut, oneErr) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "--device", "ZTEVIRT000000003", "status", "--json"]);
        Assert.True(one == 0, oneErr);
        Assert.Contains($"\"port\":\"{Path.Combine(Sys, "dev", "ttyUSB7")}\"", oneOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_verb_without_device_refuses_and_lists_the_sticks_and_with_device_it_writes()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "efs", "mkdir", "/fleet"]);
        var (named, _, namedErr) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "--device", "1-4", "efs", "mkdir", "/fleet"]);
        var (ls2, out2, _) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "--device", "2", "efs", "ls", "/"]);
        var (ls1, out1, _) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "--device", "1", "efs", "ls", "/"]);

        Assert.Equal(2, code);
        Assert.Contains("name the one to change with --device", stderr, StringComparison.Ordinal);
        Assert.All(new[] { "ZTEVIRT000000001", "ZTEVIRT000000002", "ZTEVIRT000000003" }, n => Assert.Contains(n, stderr, StringComparison.Ordinal));
        Assert.True(named == 0, namedErr);
        Assert.Equal((0, 0), (ls1, ls2));
        Assert.Contains("fleet", out2, StringComparison.Ordinal);
        Assert.DoesNotContain("fleet", out1, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_all_makes_one_archive_per_stick_and_each_verifies_against_its_own_stick_only()
    {
        string output = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "backup", "--all", "-o", output], timeout: TimeSpan.FromMinutes(3));

        Assert.True(code == 0, stderr);
        Assert.Contains("backup --all: 3 of 3 stick(s) OK, 0 failed", stdout, StringComparison.Ordinal);
        string[] names = ["ZTEVIRT000000001", "ZTEVIRT000000002", "ZTEVIRT000000003"];
        var archives = names.Select(n => Assert.Single(Directory.GetFiles(output, $"MF627-BD_MTSP673A4V1.0.0B01-{n}-*.tar.gz"))).ToList();
        for (int i = 0; i < names.Length; i++)
        {
            var (own, _, ownErr) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "--device", names[i], "verify", archives[i], "--against-device"]);
            Assert.True(own == 0, $"{names[i]}: {ownErr}");
        }

        var (cross, crossOut, _) = await ZteDiagProcess.RunAsync(["--sysfs-root", Sys, "--device", names[1], "verify", archives[0], "--against-device"]);
        Assert.Equal(1, cross); // stick 2's EFS was generated from another seed: stick 1's archive does not match it
        Assert.Contains("difference", crossOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_process_on_a_held_port_exits_3_naming_the_holder()
    {
        string diag = Path.Combine(Sys, "dev", "ttyUSB0");
        string output = Directory.CreateDirectory(Path.Combine(_root, "held")).FullName;
        await using var slow = await EmulatorProcess.StartAsync("--bandwidth", "20000"); // a backup that takes long enough to hold the port
        using var holder = Process.Start(ZteDiagProcess.StartInfo(["--port", slow.DiagPath, "backup", "-o", output]))!;
        try
        {
            await WaitForFlockAsync(holder.Id);

            var (code, _, stderr) = await ZteDiagProcess.RunAsync(["--port", slow.DiagPath, "info"]);

            Assert.Equal(3, code);
            Assert.Contains($"port {slow.DiagPath} in use by PID {holder.Id} (ztediag --port {slow.DiagPath} backup", stderr, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync(Ct);
        }

        Assert.True(File.Exists(diag)); // the bench's own ports were never involved
    }

    /// <summary>Until /proc/locks lists a FLOCK of <paramref name="pid"/> (the holder has the port); 60 s only as a safety net.</summary>
    private static async Task WaitForFlockAsync(int pid)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        while (!File.ReadLines("/proc/locks").Any(l => l.Contains("FLOCK", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(4) == pid.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            await Task.Delay(50, limit.Token);
        }
    }
}
