using ZteDiag.Emulator.State;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Workbench.Tests.Restore;

/// <summary>A path the safety backup could not read is never deleted or replaced: it could not be put back.</summary>
public sealed class UnrestorableStepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_delete_of_a_path_the_safety_backup_holds_as_unreadable_is_skipped_and_reported()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
        var plan = await RestorePlanner.PlanAsync(c.Efs, source, new RestoreOptions { DeleteExtra = true, JournalDirectory = s.Journals }, ct: Ct);
        RestoreStep delete = Assert.Single(plan.Steps, x => x is { Path: "/rt/extra.txt", Action: RestoreAction.Delete });

        // a restore cut after its safety backup, which could not read /rt/extra.txt
        string safety = s.Sub("cut.safety.tar.gz");
        await using (var w = BackupArchiveWriter.Create(safety, new BackupHeader("test", DateTimeOffset.UnixEpoch, null)))
        {
            w.AddUnreadable(new EfsEntryInfo("/rt/extra.txt", EntryModes.Regular | 0x1A4, 0), "EACCES");
            await w.CompleteAsync(Ct);
        }

        var journal = new RestoreJournal
        {
            Id = "cut",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            SourcePath = s.Backup,
            Origin = SourceOrigin.Archive,
            SafetyBackupPath = safety,
            Phase = RestorePhase.Applying,
            DeleteExtra = true,
            Steps = [delete],
        };
        RestoreJournalStore.Save(s.Journals, journal);

        var result = await RestoreJob.ResumeAsync(c.Efs, RestoreJournalStore.PathFor(s.Journals, "cut"), null, new RestoreOptions { JournalDirectory = s.Journals, AllowOtherDevice = true }, ct: Ct); // the hand-made journal records no IMEI

        Assert.True(modem.State.Efs.Exists("/rt/extra.txt"));
        Assert.Equal(s.Damaged["/rt/extra.txt"].Content, RestoreTestBed.Snapshot(modem.State.Efs)["/rt/extra.txt"].Content);
        RestoreStep refused = Assert.Single(result.Refused);
        Assert.Equal("/rt/extra.txt", refused.Path);
        Assert.Equal(RestoreAction.Skip, refused.Action);
        Assert.Contains("EACCES", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(0, result.Applied);
        Assert.Equal(RestorePhase.Complete, RestoreJournalStore.Load(result.JournalPath).Phase);
    }
}
