namespace ZteDiag.EndToEnd;

/// <summary>cd-emulation / autorun do what their names and the field write-up say, and claim only what they read back.</summary>
public class MaintenanceFlagVerbTests
{
    private static Task<(int Code, string Out, string Err)> Run(string[] args) => ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3));

    private static async Task<string> BackupAsync(EmulatorProcess emu)
    {
        string archive = Path.Combine(Directory.CreateTempSubdirectory("ztediag-flags-").FullName, "b.tar.gz");
        var (code, _, err) = await Run(["backup", "-o", archive, .. emu.PortArgs]);
        Assert.True(code == 0, err);
        return archive;
    }

    [Fact]
    public async Task CdEmulationOff_ViaAt_DeletesCdStartupFlag_AndSwitchesAutorunOff_CheckingEach()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = await BackupAsync(emu);
        var (code, stdout, stderr) = await Run(["cd-emulation", "off", "--via-at", "--backup", archive, "--yes", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("delete /CD_STARTUP_FLAG over EFS", stdout, StringComparison.Ordinal);
        Assert.Contains("send AT+ZCDRUN=8", stdout, StringComparison.Ordinal);
        Assert.Contains("verified: /CD_STARTUP_FLAG absent (read back over EFS)", stdout, StringComparison.Ordinal);
        Assert.Contains("verified: /AUTORUN.FLG absent (read back over EFS)", stdout, StringComparison.Ordinal);
        Assert.Contains("verified: AT+ZCDRUN=4 answers 0", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(emu.StateDirectory, "efs", "CD_STARTUP_FLAG")));
        Assert.False(File.Exists(Path.Combine(emu.StateDirectory, "efs", "AUTORUN.FLG")));
    }

    [Fact]
    public async Task AutorunOff_ViaEfs_DeletesAutorunFlg_AndLeavesCdStartupFlag()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = await BackupAsync(emu);
        var (code, stdout, stderr) = await Run(["autorun", "off", "--via-efs", "--backup", archive, "--yes", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("verified: /AUTORUN.FLG absent (read back over EFS)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ZCDRUN=4 answers", stdout, StringComparison.Ordinal); // not checked, so not claimed
        Assert.False(File.Exists(Path.Combine(emu.StateDirectory, "efs", "AUTORUN.FLG")));
        Assert.True(File.Exists(Path.Combine(emu.StateDirectory, "efs", "CD_STARTUP_FLAG")));
    }

    [Fact]
    public async Task Status_ReportsEachFlagAndTheZcdrunAnswerOnTheirOwnLines()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await Run(["cd-emulation", "status", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"(?m)^\s+/CD_STARTUP_FLAG\s+present", stdout);
        Assert.Matches(@"(?m)^\s+/AUTORUN.FLG\s+present", stdout);
        Assert.Matches(@"(?m)^\s+/NODOWNLOAD.FLG\s+present", stdout);
        Assert.Matches(@"(?m)^\s+AT\+ZCDRUN=4\s+1 \(autorun on\)", stdout);
    }
}
