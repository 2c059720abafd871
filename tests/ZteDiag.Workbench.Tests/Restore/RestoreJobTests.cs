using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Workbench.Tests.Restore;

public sealed class RestoreJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restore_with_delete_extra_makes_the_device_equal_the_backup_item_files_included()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
        var options = new RestoreOptions { DeleteExtra = true, JournalDirectory = s.Journals };

        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/big.bin", Action: RestoreAction.Replace });
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/a/f1.cfg", Action: RestoreAction.Replace });
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/a/b", Action: RestoreAction.Create });
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/c/f8.cfg", Action: RestoreAction.ModeChange });
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/c/item", Action: RestoreAction.Replace, Kind: EntryKind.ItemFile });
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/newdir", Action: RestoreAction.Delete });
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/c/f2.cfg", Action: RestoreAction.Unchanged });

        var result = await RestoreJob.ApplyAsync(c.Efs, source, plan, await RestoreTestBed.CheckAsync(c, source, Ct), options, ct: Ct);

        RestoreTestBed.AssertSame(s.Expected, RestoreTestBed.Snapshot(modem.State.Efs));
        Assert.Equal(RestorePhase.Complete, RestoreJournalStore.Load(result.JournalPath).Phase);
        Assert.All(RestoreJournalStore.Load(result.JournalPath).Steps, x => Assert.Equal(RestoreStepState.Done, x.State));
        var safety = await ArchiveVerifier.VerifyAsync(result.SafetyBackupPath, Ct);
        Assert.True(safety.IsValid);
        Assert.Contains(safety.Manifest!.Entries, e => e.Path == "/rt/extra.txt");
        Assert.Contains(safety.Manifest!.Entries, e => e.Path == "/rt/c/item" && e.Kind == EntryKind.ItemFile);
        Assert.Null(RestoreJournalStore.FindLatestUnfinished(s.Journals));

        var again = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.True(again.IsEmpty);
    }

    [Fact]
    public async Task Without_delete_extra_extras_stay_and_everything_else_is_restored()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = s.Journals };

        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.DoesNotContain(plan.Steps, x => x.Action == RestoreAction.Delete);
        await RestoreJob.ApplyAsync(c.Efs, source, plan, await RestoreTestBed.CheckAsync(c, source, Ct), options, ct: Ct);

        var now = RestoreTestBed.Snapshot(modem.State.Efs);
        foreach (var (path, e) in s.Expected) Assert.True(e.SameAs(now[path]), path);
        Assert.True(now.ContainsKey("/rt/extra.txt"));
        Assert.True(now.ContainsKey("/rt/newdir/x"));
    }

    [Fact]
    public async Task Planning_alone_changes_nothing_on_the_device()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        string state = s.CopyState("run");
        using (var modem = RestoreTestBed.Start(state, reuse: true))
        await using (var c = await RestoreTestBed.ConnectAsync(modem, Ct))
        {
            var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
            var plan = await RestorePlanner.PlanAsync(c.Efs, source, new RestoreOptions { DeleteExtra = true, JournalDirectory = s.Journals }, ct: Ct);
            Assert.False(plan.IsEmpty);
            RestoreTestBed.AssertSame(s.Damaged, RestoreTestBed.Snapshot(modem.State.Efs));
        }

        Assert.False(Directory.Exists(s.Journals));
    }

    [Fact]
    public async Task Only_limits_the_restore_to_the_given_paths()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
        var options = new RestoreOptions { Only = ["/rt/a/b", "/rt/c/item"], DeleteExtra = true, JournalDirectory = s.Journals };

        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.All(plan.Changes, x => Assert.True(x.Path.StartsWith("/rt/a/b", StringComparison.Ordinal) || x.Path == "/rt/c/item", x.Path));
        await RestoreJob.ApplyAsync(c.Efs, source, plan, await RestoreTestBed.CheckAsync(c, source, Ct), options, ct: Ct);

        var now = RestoreTestBed.Snapshot(modem.State.Efs);
        foreach (string p in new[] { "/rt/a/b", "/rt/a/b/f3.cfg", "/rt/a/b/f6.cfg", "/rt/a/b/f9.cfg", "/rt/c/item" })
            Assert.True(s.Expected[p].SameAs(now[p]), p);
        foreach (string p in new[] { "/rt/big.bin", "/rt/a/f1.cfg", "/rt/link", "/rt/c/f8.cfg", "/rt/extra.txt", "/rt/newdir/x" })
            Assert.True(s.Damaged[p].SameAs(now[p]), p);
    }

    [Fact]
    public async Task A_plain_folder_restores_its_files()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        string folder = s.Sub("qpst");
        Directory.CreateDirectory(Path.Combine(folder, "rt", "q"));
        File.WriteAllBytes(Path.Combine(folder, "rt", "q", "one.bin"), RestoreTestBed.Bytes(5, 1500));
        File.WriteAllBytes(Path.Combine(folder, "rt", "big.bin"), RestoreTestBed.Bytes(1, 20 * 1024 + 37));
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(folder, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = s.Journals, AllowOtherDevice = true }; // a folder names no modem

        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        await RestoreJob.ApplyAsync(c.Efs, source, plan, await RestoreTestBed.CheckAsync(c, source, Ct), options, ct: Ct);

        Assert.Equal(ZteDiag.Emulator.State.EfsStoreError.None, modem.State.Efs.ReadFile("/rt/q/one.bin", out byte[] one));
        Assert.Equal(RestoreTestBed.Bytes(5, 1500), one);
        Assert.Equal(s.Expected["/rt/big.bin"].Content, RestoreTestBed.Snapshot(modem.State.Efs)["/rt/big.bin"].Content);
    }

    [Fact]
    public async Task Malicious_archives_are_rejected_before_any_device_io_and_the_device_stays_byte_identical()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        string state = s.CopyState("run");
        // the emulator rewrites its metadata journal (times, handles) on every session: the baseline is a
        // session without restore attempts; file bytes must be identical, metadata equal entry by entry
        Dictionary<string, EntrySnapshot> beforeEfs;
        using (var modem = RestoreTestBed.Start(state, reuse: true))
        await using (var c = await RestoreTestBed.ConnectAsync(modem, Ct)) { beforeEfs = RestoreTestBed.Snapshot(modem.State.Efs, "/"); }
        var before = RestoreTestBed.HashTree(state);
        string dir = Path.Combine(AppContext.BaseDirectory, "fixtures", "archives", "malicious");
        var files = Directory.GetFiles(dir, "*.tar.gz");
        Assert.NotEmpty(files);
        string outside = s.Sub("outside");
        Directory.CreateDirectory(outside);
        var limits = new ArchiveLimits { MaxDecompressedBytes = 1 << 20 }; // as the fixtures' README says (the bomb is valid under defaults)
        using (var modem = RestoreTestBed.Start(state, reuse: true))
        await using (var c = await RestoreTestBed.ConnectAsync(modem, Ct))
        {
            long requests = modem.Host.DiagServer!.RequestCount;
            foreach (string f in files)
            {
                var options = new RestoreOptions { DeleteExtra = true, JournalDirectory = s.Journals, Limits = limits };
                var ex = await Assert.ThrowsAsync<ArchiveValidationException>(async () =>
                {
                    // the order the CLI uses: validate the whole source, only then talk to the modem
                    var source = await BackupSource.OpenAsync(f, limits, Ct);
                    var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
                    await RestoreJob.ApplyAsync(c.Efs, source, plan, await RestoreTestBed.CheckAsync(c, source, Ct), options, ct: Ct);
                });
                Assert.NotEmpty(ex.Problems);
                Assert.Equal(requests, modem.Host.DiagServer!.RequestCount);
            }
        }

        Assert.Equal(before, RestoreTestBed.HashTree(state));
        using (var modem = RestoreTestBed.Start(state, reuse: true))
            RestoreTestBed.AssertSame(beforeEfs, RestoreTestBed.Snapshot(modem.State.Efs, "/"));
        Assert.False(Directory.Exists(s.Journals));
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task Resume_refuses_when_the_backup_changed_since_the_restore_started()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        var journal = new RestoreJournal
        {
            Id = "restore-x",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            SourcePath = s.Backup,
            SafetyBackupPath = s.Sub("none.tar.gz"),
            Phase = RestorePhase.Applying,
            Steps = [new RestoreStep(RestoreAction.Replace, "/rt/big.bin", EntryKind.File, 0x81FF, 5, new string('0', 64), null, null)],
        };
        await Assert.ThrowsAsync<RestoreException>(() => RestoreJob.OpenSourceForResumeAsync(journal, new RestoreOptions(), Ct));
    }
}
