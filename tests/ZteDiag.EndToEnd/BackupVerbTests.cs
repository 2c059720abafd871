using System.Diagnostics;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

public class BackupVerbTests
{
    private static async Task<(int Code, string Out, string Err)> Run(string stateHome, params string[] args)
    {
        _ = stateHome; // ZteDiagProcess points XDG_STATE_HOME at its own scratch directory
        return await ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3));
    }

    private static string Scratch()
    {
        string d = Path.Combine(Path.GetTempPath(), "ztediag-e2e-backup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    private static async Task<string[]> TarList(string archive)
    {
        var psi = new ProcessStartInfo("tar", ["tzf", archive]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string all = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        return all.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Backup_is_listable_by_tar_verifies_and_verify_against_device_reports_a_put_file()
    {
        string dir = Scratch();
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = Path.Combine(dir, "b.tar.gz");
        var (code, stdout, stderr) = await Run(dir, ["backup", "-o", archive, "--json", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.True(doc.RootElement.GetProperty("verified").GetBoolean());
            Assert.Equal(0, doc.RootElement.GetProperty("unreadable").GetArrayLength());
        }

        string[] names = await TarList(archive);
        Assert.Contains("manifest.json", names);
        Assert.Contains("efs/PCUI.VN", names);
        Assert.Contains("efs/nv/item_files/modem/mmode/band_pref", names);
        Assert.True(File.Exists(Path.Combine(Path.GetTempPath(), "ztediag-tests-state", "ztediag", "backups.json")));

        Assert.Equal(0, (await Run(dir, "verify", archive)).Code);
        Assert.Equal(0, (await Run(dir, ["verify", archive, "--against-device", .. emu.PortArgs])).Code);

        // change a file in the emulator's state directly (`ztediag efs put` is not on this branch)
        await File.WriteAllTextAsync(Path.Combine(emu.StateDirectory, "efs", "PCUI.VN"), "XX_CHANGED_XX", TestContext.Current.CancellationToken);
        var (vcode, vout, _) = await Run(dir, ["verify", archive, "--against-device", "--json", .. emu.PortArgs]);
        Assert.Equal(1, vcode);
        using var v = JsonDocument.Parse(vout);
        var diffs = v.RootElement.GetProperty("differences").EnumerateArray().Select(d => (d.GetProperty("path").GetString(), d.GetProperty("kind").GetString())).ToList();
        Assert.Equal([("/PCUI.VN", "changed")], diffs);
    }

    [Fact]
    public async Task Cd_emulation_off_refuses_without_backup_then_works_with_one_and_is_verified()
    {
        string dir = Scratch();
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, _, err) = await Run(dir, ["cd-emulation", "off", "--yes", .. emu.PortArgs]);
        Assert.Equal(5, code); // ZteDiag refused, not the modem
        Assert.Contains("no verified backup", err, StringComparison.Ordinal);

        string archive = Path.Combine(dir, "b.tar.gz");
        Assert.Equal(0, (await Run(dir, ["backup", "-o", archive, .. emu.PortArgs])).Code);
        var (offCode, offOut, offErr) = await Run(dir, ["cd-emulation", "off", "--backup", archive, "--yes", .. emu.PortArgs]);
        Assert.True(offCode == 0, offOut + offErr);
        Assert.Contains("verified: /CD_STARTUP_FLAG absent (read back over EFS)", offOut, StringComparison.Ordinal);
        Assert.DoesNotContain("ZCDRUN=8", offOut, StringComparison.Ordinal); // CD emulation is the CD_STARTUP_FLAG file, not autorun
        Assert.False(File.Exists(Path.Combine(emu.StateDirectory, "efs", "CD_STARTUP_FLAG")));
        Assert.True(File.Exists(Path.Combine(emu.StateDirectory, "efs", "AUTORUN.FLG")));

        var (atCode, atOut, _) = await Run(dir, ["autorun", "off", "--backup", archive, "--yes", .. emu.PortArgs]);
        Assert.Equal(0, atCode);
        Assert.Contains("send AT+ZCDRUN=8", atOut, StringComparison.Ordinal);
        Assert.Contains("verified: /AUTORUN.FLG absent (read back over EFS)", atOut, StringComparison.Ordinal);
        Assert.Contains("verified: AT+ZCDRUN=4 answers 0", atOut, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(emu.StateDirectory, "efs", "AUTORUN.FLG")));
        var (st, stOut, _) = await Run(dir, ["cd-emulation", "status", .. emu.PortArgs]);
        Assert.Equal(0, st);
        Assert.Matches(@"/CD_STARTUP_FLAG\s+absent", stOut);
        Assert.Matches(@"/AUTORUN.FLG\s+absent", stOut);
        Assert.Matches(@"AT\+ZCDRUN=4\s+0 \(autorun off\)", stOut);
    }

    [Fact]
    public async Task Identifier_swap_round_trip_shows_old_and_new()
    {
        string dir = Scratch();
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string file = Path.Combine(dir, "id");
        await File.WriteAllTextAsync(file, "SWAPPED_ID", TestContext.Current.CancellationToken);
        var (code, stdout, stderr) = await Run(dir, ["identifier", "swap", file, "--take-backup", "--yes", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("old: MTS_MF627_BD_MTSP673A4V1.0.0B01", stdout, StringComparison.Ordinal);
        Assert.Contains("new: SWAPPED_ID", stdout, StringComparison.Ordinal);
        var (_, shown, _) = await Run(dir, ["identifier", "show", .. emu.PortArgs]);
        Assert.Equal("SWAPPED_ID", shown.Trim());
    }

    [Fact]
    public async Task Nv_backup_writes_json_and_restore_dry_run_lists_no_changes()
    {
        string dir = Scratch();
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string json = Path.Combine(dir, "nv.json");
        Assert.Equal(0, (await Run(dir, ["nv", "backup", "-o", json, "--last", "600", "--spc", "000000", .. emu.PortArgs])).Code);
        using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken)))
        {
            Assert.Contains(doc.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == 441);
        }

        var (code, stdout, _) = await Run(dir, ["nv", "restore", json, "--dry-run", .. emu.PortArgs]);
        Assert.Equal(0, code);
        Assert.Contains("no changes", stdout, StringComparison.Ordinal);
    }
    [Fact]
    public async Task Restore_says_what_it_does_with_the_NV_part_and_nv_restore_and_nv_show_read_it_from_the_archive()
    {
        string dir = Scratch();
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = Path.Combine(dir, "b.tar.gz");
        var (bcode, bout, berr) = await Run(dir, ["backup", "--path", "/nv", "--nv", "--nv-last", "600", "-o", archive, .. emu.PortArgs]);
        Assert.True(bcode is 0 or 1, bout + berr); // 1: SPC-protected items listed as not saved
        string[] names = await TarList(archive);
        Assert.Equal(["nv.json", "nv.qcn", "manifest.json"], names[^3..]); // the NV image twice over (QCN and JSON), the manifest last
        int saved;
        using (var doc = JsonDocument.Parse((await Run(dir, "nv", "show", archive, "--json")).Out))
        {
            saved = doc.RootElement.GetProperty("items").GetArrayLength();
        }

        Assert.True(saved >= 4, $"{saved} NV items in the archive");

        var (code, stdout, stderr) = await Run(dir, ["restore", archive, "--dry-run", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"NV items: {saved} in this backup, not written without --nv; to write those that differ: ztediag restore {archive} --nv",
            stdout, StringComparison.Ordinal);

        var (ncode, nout, nerr) = await Run(dir, ["nv", "restore", archive, "--dry-run", .. emu.PortArgs]);
        Assert.True(ncode == 0, nout + nerr);
        Assert.Contains("no changes", nout, StringComparison.Ordinal);
    }
    [Fact]
    public async Task Nv_restore_of_a_backup_made_without_nv_says_so_and_touches_nothing()
    {
        string dir = Scratch();
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = Path.Combine(dir, "b.tar.gz");
        Assert.Equal(0, (await Run(dir, ["backup", "--path", "/nv", "-o", archive, .. emu.PortArgs])).Code);
        var (code, stdout, stderr) = await Run(dir, ["nv", "restore", archive, "--yes", .. emu.PortArgs]);
        Assert.Equal(2, code);
        Assert.Equal($"ztediag: {archive}: this backup holds no NV items (it was made without --nv); nothing was written", stderr.TrimEnd());
        Assert.Empty(stdout);
    }
    [Fact]
    public async Task Backup_nv_without_the_SPC_lists_each_protected_item_not_saved_and_exits_1_and_with_it_saves_them()
    {
        string dir = Scratch();
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf626-globe"); // NV 550 needs the SPC here
        string without = Path.Combine(dir, "a.tar.gz"), with = Path.Combine(dir, "b.tar.gz");
        var (code, stdout, stderr) = await Run(dir, ["backup", "--path", "/nv", "--nv", "--nv-last", "600", "-o", without, "--json", .. emu.PortArgs]);
        Assert.Equal(1, code);
        Assert.Contains("ztediag: warning: NV 550 NV_UE_IMEI_I NOT saved: the modem wants the SPC (give --spc CODE)", stderr, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Contains(doc.RootElement.GetProperty("nv_not_saved").EnumerateArray(), i => i.GetProperty("id").GetInt32() == 550);
        }

        var (code2, _, stderr2) = await Run(dir, ["backup", "--path", "/nv", "--nv", "--nv-last", "600", "--spc", "000000", "-o", with, .. emu.PortArgs]);
        Assert.True(code2 == 0, stderr2);
        Assert.DoesNotContain("NOT saved", stderr2, StringComparison.Ordinal);
    }
}
