using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Maintenance;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;


namespace ZteDiag.Workbench.Tests.Jobs;

public class MaintenanceJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_without_a_backup_are_refused_and_nothing_changes()
    {
        await using var t = await JobTestModem.StartAsync();
        var job = new MaintenanceJob(t.Connection);
        await Assert.ThrowsAsync<SafetyException>(() => job.CdEmulationAsync(false, null, new MaintenanceOptions { ViaEfs = true }, Ct));
        await Assert.ThrowsAsync<SafetyException>(() => BackupGuard.RequireAsync(t.Connection, new BackupRequirement(), null, null, Ct));
        Assert.True(t.Modem.State.CdStartupEnabled);
        Assert.True(t.Modem.State.AutorunEnabled);
    }

    [Fact]
    public async Task Cd_emulation_off_and_on_over_efs_and_at_round_trip_with_a_backup()
    {
        await using var t = await JobTestModem.StartAsync();
        var backup = (await new BackupJob(t.Connection).RunAsync(new BackupPlan { OutputPath = t.Directory }, null, Ct)).Token!;
        var token = await BackupGuard.RequireAsync(t.Connection, new BackupRequirement { BackupFile = backup.ArchivePath }, null, null, Ct);
        var job = new MaintenanceJob(t.Connection);

        var off = await job.CdEmulationAsync(false, token, new MaintenanceOptions { ViaEfs = true }, Ct);
        Assert.True(off.Verified);
        Assert.False(t.Modem.State.CdStartupEnabled);
        var on = await job.CdEmulationAsync(true, token, new MaintenanceOptions { ViaEfs = true }, Ct);
        Assert.True(on.Verified);
        Assert.True(t.Modem.State.CdStartupEnabled);

        var atOff = await job.AutorunAsync(false, token, new MaintenanceOptions(), Ct);
        Assert.True(atOff.Verified);
        Assert.False(t.Modem.State.AutorunEnabled);
        Assert.False(atOff.After!.ZcdrunAutorun);
        var dry = await job.AutorunAsync(true, null, new MaintenanceOptions { DryRun = true }, Ct);
        Assert.True(dry.DryRun);
        Assert.False(t.Modem.State.AutorunEnabled);
    }

    [Fact]
    public async Task Identifier_swap_is_atomic_shows_old_and_new_and_leaves_no_temp_file()
    {
        await using var t = await JobTestModem.StartAsync();
        var token = (await new BackupJob(t.Connection).RunAsync(new BackupPlan { OutputPath = t.Directory }, null, Ct)).Token!;
        var r = await new MaintenanceJob(t.Connection).SwapIdentifierAsync("OTHER_ID"u8.ToArray(), token, new MaintenanceOptions(), Ct);
        Assert.True(r.Verified);
        Assert.Equal("MTS_MF627_BD_MTSP673A4V1.0.0B01", r.OldContent);
        Assert.Equal("OTHER_ID", r.NewContent);
        Assert.Equal("OTHER_ID", t.Modem.State.PcuiVn);
        Assert.False(t.Modem.State.Efs.Exists(SafeEfsWriter.TempPathFor("/PCUI.VN")));
    }

    [Fact]
    public async Task Nv_restore_dry_run_of_a_fresh_nv_backup_lists_no_changes()
    {
        await using var t = await JobTestModem.StartAsync();
        var nv = new NvJob(t.Connection);
        var file = NvBackupFile.Parse((await nv.BackupAsync(600, null, null, Ct)).ToJson());
        Assert.Contains(file.Items, i => i.Id == 10);
        var r = await nv.RestoreAsync(file, null, new NvRestoreOptions { DryRun = true }, null, Ct);
        Assert.Empty(r.Changes);
    }
}
