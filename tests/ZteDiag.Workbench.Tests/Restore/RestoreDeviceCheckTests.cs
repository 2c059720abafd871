using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Restore;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Tests.Restore;

public sealed class RestoreDeviceCheckTests
{
    private const string OtherImei = "352708007890124"; // the mf626-globe profile's, not the emulated MF627's

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DeviceIdentity IdentityOf(string imei) => new DeviceIdentity { Model = "MF627" }.WithFingerprint(DeviceFingerprint.Create(imei));

    [Fact]
    public void Compare_tells_same_different_and_each_missing_side_apart_and_shows_imeis_only_masked()
    {
        const string imei = "354613020012342";
        var same = RestoreDeviceCheck.Compare(IdentityOf(imei), imei);
        var other = RestoreDeviceCheck.Compare(IdentityOf(OtherImei), imei);
        var noBackupImei = RestoreDeviceCheck.Compare(new DeviceIdentity { Model = "MF627" }, imei);
        var folder = RestoreDeviceCheck.Compare(null, imei);
        var noDeviceImei = RestoreDeviceCheck.Compare(IdentityOf(imei), null);
        var neither = RestoreDeviceCheck.Compare(null, null);

        Assert.Equal(DeviceMatch.Same, same.Match);
        Assert.False(same.NeedsConfirmation);
        Assert.Equal(DeviceMatch.Different, other.Match);
        Assert.Equal(DeviceMatch.BackupHasNoImei, noBackupImei.Match);
        Assert.Equal(DeviceMatch.BackupHasNoImei, folder.Match);
        Assert.Equal(DeviceMatch.DeviceHasNoImei, noDeviceImei.Match);
        Assert.Null(noDeviceImei.Device);
        Assert.Equal(DeviceMatch.NeitherHasImei, neither.Match);
        Assert.All(new[] { other, noBackupImei, folder, noDeviceImei, neither }, c => Assert.True(c.NeedsConfirmation));

        Assert.Contains("35270800*****24", other.Verdict, StringComparison.Ordinal);
        Assert.Contains("35461302*****42", other.Verdict, StringComparison.Ordinal);
        Assert.DoesNotContain(imei, other.Verdict, StringComparison.Ordinal);
        Assert.DoesNotContain(OtherImei, other.Verdict, StringComparison.Ordinal);
        Assert.True(same.Device!.Matches(imei));
    }

    [Fact]
    public void Enforce_lets_only_same_and_neither_has_an_imei_through_without_other_device()
    {
        const string imei = "354613020012342";
        var same = RestoreDeviceCheck.Compare(IdentityOf(imei), imei);
        var neither = RestoreDeviceCheck.Compare(null, null);
        // manifest.json is not authenticated: stripping imei_hash from another modem's backup must not open the door
        var stripped = RestoreDeviceCheck.Compare(new DeviceIdentity { Model = "MF627" }, imei);
        var noDeviceImei = RestoreDeviceCheck.Compare(IdentityOf(OtherImei), null);
        var other = RestoreDeviceCheck.Compare(IdentityOf(OtherImei), imei);

        same.Enforce("b.tar.gz", allowOtherDevice: false);
        neither.Enforce("b.tar.gz", allowOtherDevice: false);
        foreach (var refused in new[] { stripped, noDeviceImei, other })
        {
            var ex = Assert.Throws<SafetyException>(() => refused.Enforce("b.tar.gz", allowOtherDevice: false));
            Assert.Contains("--other-device", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(imei, ex.Message, StringComparison.Ordinal);
            refused.Enforce("b.tar.gz", allowOtherDevice: true);
            Assert.True(refused.NeedsConfirmation);
        }
    }

    [Fact]
    public async Task A_backup_of_another_device_is_refused_before_any_write_and_restored_only_when_allowed()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        string backup = s.Sub("other.tar.gz");
        byte[] content = RestoreTestBed.Bytes(42, 900);
        await WriteBigBinBackupAsync(backup, IdentityOf(OtherImei), content);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(backup, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = s.Journals };

        var device = await RestoreTestBed.CheckAsync(c, source, Ct);
        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.Equal(DeviceMatch.Different, device.Match);
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/big.bin", Action: RestoreAction.Replace });

        var ex = await Assert.ThrowsAsync<SafetyException>(() => RestoreJob.ApplyAsync(c.Efs, source, plan, device, options, ct: Ct));
        Assert.Contains("another device", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--other-device", ex.Message, StringComparison.Ordinal);
        RestoreTestBed.AssertSame(s.Damaged, RestoreTestBed.Snapshot(modem.State.Efs));
        Assert.False(Directory.Exists(s.Journals)); // refused before the journal and the safety backup

        var result = await RestoreJob.ApplyAsync(c.Efs, source, plan, device, options with { AllowOtherDevice = true }, ct: Ct);
        Assert.Equal(content, RestoreTestBed.Snapshot(modem.State.Efs)["/rt/big.bin"].Content);
        RestoreJournal journal = RestoreJournalStore.Load(result.JournalPath);
        Assert.Equal(DeviceMatch.Different, journal.DeviceMatch);
        Assert.NotNull(journal.Device);
    }

    [Fact]
    public async Task A_backup_of_this_device_is_recognised_by_its_salted_imei_hash()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        string? imei = (await DeviceProbe.ReadAsync(c, Ct)).Imei;
        Assert.NotNull(imei);
        string backup = s.Sub("mine.tar.gz");
        await WriteBigBinBackupAsync(backup, IdentityOf(imei), RestoreTestBed.Bytes(43, 700));
        var source = await BackupSource.OpenAsync(backup, ct: Ct);

        var device = await RestoreTestBed.CheckAsync(c, source, Ct);

        Assert.Equal(DeviceMatch.Same, device.Match);
        var plan = await RestorePlanner.PlanAsync(c.Efs, source, new RestoreOptions { JournalDirectory = s.Journals }, ct: Ct);
        await RestoreJob.ApplyAsync(c.Efs, source, plan, device, new RestoreOptions { JournalDirectory = s.Journals }, ct: Ct);
        Assert.Equal(RestoreTestBed.Bytes(43, 700), RestoreTestBed.Snapshot(modem.State.Efs)["/rt/big.bin"].Content);
    }

    [Fact]
    public async Task Resume_on_another_modem_than_the_one_the_restore_started_on_is_refused()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var journal = new RestoreJournal
        {
            Id = "restore-other",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            SourcePath = s.Backup,
            SafetyBackupPath = s.Sub("none.tar.gz"),
            Phase = RestorePhase.Applying,
            Device = DeviceFingerprint.Create(OtherImei),
            Steps = [new RestoreStep(RestoreAction.Replace, "/rt/big.bin", EntryKind.File, 0x81FF, 5, new string('0', 64), null, null)],
        };
        RestoreJournalStore.Save(s.Journals, journal);
        string? imei = (await DeviceProbe.ReadAsync(c, Ct)).Imei;

        var ex = await Assert.ThrowsAsync<SafetyException>(() =>
            RestoreJob.ResumeAsync(c.Efs, RestoreJournalStore.PathFor(s.Journals, journal.Id), imei, new RestoreOptions(), ct: Ct));

        Assert.Contains("another modem", ex.Message, StringComparison.Ordinal);
        RestoreTestBed.AssertSame(s.Damaged, RestoreTestBed.Snapshot(modem.State.Efs));
    }

    [Fact]
    public async Task Resume_of_a_journal_without_IMEI_is_refused_unless_other_device()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var journal = new RestoreJournal
        {
            Id = "restore-unidentified",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            SourcePath = s.Backup,
            SafetyBackupPath = s.Sub("none.tar.gz"),
            Phase = RestorePhase.Applying,
            Device = null,
            Steps = [new RestoreStep(RestoreAction.Replace, "/rt/big.bin", EntryKind.File, 0x81FF, 5, new string('0', 64), null, null)],
        };
        RestoreJournalStore.Save(s.Journals, journal);
        string path = RestoreJournalStore.PathFor(s.Journals, journal.Id);
        string? imei = (await DeviceProbe.ReadAsync(c, Ct)).Imei;
        Assert.NotNull(imei);

        var ex = await Assert.ThrowsAsync<SafetyException>(() => RestoreJob.ResumeAsync(c.Efs, path, imei, new RestoreOptions(), ct: Ct));
        Assert.Contains("recorded no IMEI", ex.Message, StringComparison.Ordinal);
        RestoreTestBed.AssertSame(s.Damaged, RestoreTestBed.Snapshot(modem.State.Efs));

        // accepted, the resume gets past the device check (and stops at the journal's made-up content)
        var past = await Assert.ThrowsAnyAsync<Exception>(() => RestoreJob.ResumeAsync(c.Efs, path, imei, new RestoreOptions { AllowOtherDevice = true }, ct: Ct));
        Assert.DoesNotContain("IMEI", past.Message, StringComparison.Ordinal);
    }

    private static async Task WriteBigBinBackupAsync(string path, DeviceIdentity device, byte[] content)
    {
        await using var w = BackupArchiveWriter.Create(path, new BackupHeader("test", DateTimeOffset.UnixEpoch, device));
        w.AddDirectory(new EfsEntryInfo("/rt", 0x41ED, 0));
        using (var ms = new MemoryStream(content))
        {
            await w.AddFileAsync(new EfsEntryInfo("/rt/big.bin", 0x81A4, content.Length), ms, Ct);
        }

        await w.CompleteAsync(Ct);
    }
}
