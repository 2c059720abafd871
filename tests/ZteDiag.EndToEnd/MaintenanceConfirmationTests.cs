namespace ZteDiag.EndToEnd;

/// <summary>Maintenance writes ask y/N; with stdin not a terminal (as here: always piped) they refuse unless --yes.</summary>
public sealed class MaintenanceConfirmationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-maint-e2e-" + Guid.NewGuid().ToString("N"));

    public MaintenanceConfirmationTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task Every_maintenance_write_with_piped_stdin_and_no_yes_is_refused_and_the_modem_is_untouched()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--state", Path.Combine(_dir, "state"));
        string archive = Path.Combine(_dir, "b.tar.gz");
        var (bcode, _, berr) = await ZteDiagProcess.RunAsync(["backup", "--nv", "--spc", "000000", "-o", archive, .. emu.PortArgs], timeout: TimeSpan.FromMinutes(3));
        Assert.True(bcode == 0, berr);
        string id = Path.Combine(_dir, "id");
        await File.WriteAllTextAsync(id, "NEVER_WRITTEN", TestContext.Current.CancellationToken);
        var before = EfsHostTree.Hashes(emu.StateDirectory);

        string[][] verbs =
        [
            ["cd-emulation", "off"], ["cd-emulation", "off", "--via-at"], ["cd-emulation", "on"],
            ["autorun", "off"], ["autorun", "on"], ["download-mode", "exit"], ["identifier", "swap", id],
        ];
        foreach (string[] verb in verbs)
        {
            // "y" on a pipe is not a person answering: it must not count
            var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. verb, "--backup", archive, .. emu.PortArgs], stdin: "y\n");
            string what = string.Join(' ', verb);
            Assert.True(code == 2, $"{what}: exit {code}, {stdout}{stderr}");
            Assert.Contains("refusing to write without confirmation: stdin is not a terminal; pass --yes", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("verified", stdout, StringComparison.Ordinal);
        }

        // nv restore follows the same rule (a file with one changed item, so there is something to write)
        string nvJson = Path.Combine(_dir, "nv.json");
        Assert.Equal(0, (await ZteDiagProcess.RunAsync(["nv", "backup", "-o", nvJson, "--last", "600", "--spc", "000000", .. emu.PortArgs])).ExitCode);
        var file = ZteDiag.Workbench.Nv.NvBackupFile.Parse(File.ReadAllBytes(nvJson));
        var item = file.Items.First(i => i.Status == "done" && i.Id != 550);
        string changed = (item.Data[..1] == "f" ? "0" : "f") + item.Data[1..];
        File.WriteAllBytes(nvJson, (file with { Items = [item with { Data = changed }] }).ToJson());
        string nvState = Path.Combine(emu.StateDirectory, "nv.json");
        byte[] nvBefore = File.ReadAllBytes(nvState);
        var (nvCode, _, nvErr) = await ZteDiagProcess.RunAsync(["nv", "restore", nvJson, "--backup", archive, .. emu.PortArgs], stdin: "y\n");
        Assert.Equal(2, nvCode);
        Assert.Contains("refusing to write without confirmation: stdin is not a terminal; pass --yes", nvErr, StringComparison.Ordinal);
        Assert.Equal(nvBefore, File.ReadAllBytes(nvState));

        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
        var (st, stOut, _) = await ZteDiagProcess.RunAsync(["cd-emulation", "status", .. emu.PortArgs]);
        Assert.Equal(0, st);
        Assert.Contains("/CD_STARTUP_FLAG  present", stOut, StringComparison.Ordinal);
        Assert.Contains("/AUTORUN.FLG      present", stOut, StringComparison.Ordinal);
        Assert.Contains("AT+ZCDRUN=4       1 (autorun on)", stOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_never_asks_and_yes_lets_the_write_through()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--state", Path.Combine(_dir, "state"));
        string archive = Path.Combine(_dir, "b.tar.gz");
        Assert.Equal(0, (await ZteDiagProcess.RunAsync(["backup", "-o", archive, .. emu.PortArgs], timeout: TimeSpan.FromMinutes(3))).ExitCode);

        var (dry, dryOut, dryErr) = await ZteDiagProcess.RunAsync(["cd-emulation", "off", "--dry-run", .. emu.PortArgs]);
        Assert.True(dry == 0, dryErr);
        Assert.Contains("dry run: nothing written", dryOut, StringComparison.Ordinal);
        Assert.DoesNotContain("[y/N]", dryOut + dryErr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(emu.StateDirectory, "efs", "CD_STARTUP_FLAG")));

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["cd-emulation", "off", "--backup", archive, "--yes", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        Assert.DoesNotContain("[y/N]", stdout + stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(emu.StateDirectory, "efs", "CD_STARTUP_FLAG")));
    }
}
