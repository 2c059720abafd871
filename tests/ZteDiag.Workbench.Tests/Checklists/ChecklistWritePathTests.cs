using ZteDiag.Device;
using ZteDiag.Emulator;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Checklists;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Safety;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Checklists;

/// <summary>
/// Checklist writes go through the same guarded jobs as the CLI verbs (SAFETY.md promise 1): no write without
/// a verified backup of this modem, user checklists included; a failed write leaves no temporary file; a flag
/// the backup does not hold is not deleted.
/// </summary>
public sealed class ChecklistWritePathTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly List<VirtualModem> _modems = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (VirtualModem m in _modems) m.Dispose();
        _tmp.Dispose();
    }

    private VirtualModem Start(string profile = "mf627-mts")
    {
        var m = VirtualModem.Start(new VirtualModemStartOptions { Profile = profile, NagInterval = null });
        _modems.Add(m);
        return m;
    }

    private ModemChecklistDevice Device(VirtualModem m) => new(
        () => new ConnectionOptions { DiagPort = m.DiagPath, AtPort = m.AtPath, Timeout = TimeSpan.FromSeconds(3) },
        new ModemChecklistDeviceOptions { BackupDirectory = _tmp.Combine("backups"), Registry = null });

    private static IProgress<DeviceJobProgress> Quiet { get; } = new Progress<DeviceJobProgress>();

    [Fact]
    public async Task A_user_checklist_that_writes_without_a_backup_step_is_refused_before_the_write()
    {
        ChecklistDefinition c = ChecklistLoader.Parse("""
            { "id": "mine", "title": "Mine", "steps": [
              { "id": "off", "title": "Autorun off", "instruction": "remove the flag", "kind": "action",
                "action": { "type": "autorun-off" }, "on_failure": "take a backup first" } ] }
            """, "mine.json");
        var device = new FakeChecklistDevice();
        var runner = new ChecklistRunner(c, device, new ScriptedPrompter(), new ChecklistStateStore(_tmp.Combine("state")), TimeProvider.System,
            new ChecklistRunnerOptions { UserName = "t" });

        ChecklistRunResult r = await runner.RunAsync(Ct);

        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.StartsWith("refusing to write: this run has no verified backup", r.Message, StringComparison.Ordinal);
        Assert.Contains("/AUTORUN.FLG", device.Efs);
    }

    [Fact]
    public async Task A_backup_that_is_not_a_verified_archive_of_this_modem_is_refused_and_nothing_is_deleted()
    {
        VirtualModem modem = Start();
        Directory.CreateDirectory(_tmp.Combine("backups"));
        string fake = _tmp.Combine("backups", "not-an-archive.tar.gz");
        await File.WriteAllTextAsync(fake, "stand-in", Ct);
        Assert.True(modem.State.Efs.Exists("/AUTORUN.FLG"));

        await Assert.ThrowsAsync<SafetyException>(() => Device(modem).AutorunOffAsync(new BackupRecord(fake, true, 1, 0, 8, null), Ct));

        Assert.True(modem.State.Efs.Exists("/AUTORUN.FLG"));
    }

    [Fact]
    public async Task Deleting_a_flag_that_the_backup_does_not_hold_is_refused()
    {
        VirtualModem modem = Start();
        EfsStore store = modem.State.Efs;
        Assert.Equal(EfsStoreError.None, store.Unlink("/AUTORUN.FLG"));
        ModemChecklistDevice device = Device(modem);
        BackupRecord backup = await device.BackupAsync(new BackupRequest(false, true), Quiet, Ct);
        Assert.True(backup.Verified);
        Assert.Equal(EfsStoreError.None, store.WriteFile("/AUTORUN.FLG", "1"u8)); // appeared after the backup: no copy to put back

        SafetyException ex = await Assert.ThrowsAsync<SafetyException>(() => device.AutorunOffAsync(backup, Ct));

        Assert.Contains("does not hold a readable copy", ex.Message, StringComparison.Ordinal);
        Assert.True(store.Exists("/AUTORUN.FLG"));
    }

    [Fact]
    public async Task An_identifier_write_that_runs_out_of_space_leaves_the_original_and_no_temporary_file()
    {
        VirtualModem modem = Start();
        EfsStore store = modem.State.Efs;
        Assert.Equal(EfsStoreError.None, store.ReadFile("/PCUI.VN", out byte[] original));
        ModemChecklistDevice device = Device(modem);
        BackupRecord backup = await device.BackupAsync(new BackupRequest(false, true), Quiet, Ct);
        string local = _tmp.Combine("PCUI.VN");
        await File.WriteAllBytesAsync(local, new byte[3000], Ct);
        store.FillAfterBytes(1000);

        EfsException ex = await Assert.ThrowsAsync<EfsException>(() => device.IdentifierSwapAsync("/PCUI.VN", local, backup, Ct));

        store.ClearFill();
        Assert.Equal(EfsErrno.ENOSPC, ex.Errno);
        Assert.False(store.Exists(EfsReplacer.TempPathFor("/PCUI.VN")));
        Assert.False(store.Exists("/PCUI.VN.ztediag-new"));
        Assert.Equal(EfsStoreError.None, store.ReadFile("/PCUI.VN", out byte[] now));
        Assert.Equal(original, now);
    }
}
