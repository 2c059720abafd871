using ZteDiag.Emulator.State;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Workbench.Tests.Restore;

/// <summary>Backup entries below a path the device holds as something other than a directory.</summary>
public sealed class RestoreConflictTests
{
    private static readonly string[] BelowB = ["/rt/a/b/f3.cfg", "/rt/a/b/f6.cfg", "/rt/a/b/f9.cfg"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_where_the_backup_has_a_directory_skips_everything_below_it_and_the_restore_completes()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        Assert.Equal(EfsStoreError.None, modem.State.Efs.WriteFile("/rt/a/b", [9, 9, 9]));
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = s.Journals };

        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.Contains(plan.Steps, x => x is { Path: "/rt/a/b", Action: RestoreAction.Skip });
        foreach (string p in BelowB)
        {
            Assert.Contains(plan.Steps, x => x.Path == p && x.Action == RestoreAction.Skip && x.Reason!.Contains("/rt/a/b", StringComparison.Ordinal));
        }

        var result = await RestoreJob.ApplyAsync(c.Efs, source, plan, await RestoreTestBed.CheckAsync(c, source, Ct), options, ct: Ct);
        Assert.Equal(RestorePhase.Complete, RestoreJournalStore.Load(result.JournalPath).Phase);
        var now = RestoreTestBed.Snapshot(modem.State.Efs);
        Assert.Equal(new byte[] { 9, 9, 9 }, now["/rt/a/b"].Content);
        Assert.True(s.Expected["/rt/big.bin"].SameAs(now["/rt/big.bin"])); // the rest was restored
    }

    [Fact]
    public async Task A_symlink_where_the_backup_has_a_directory_is_not_written_through()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Mkdir("/elsewhere", 0x1ED));
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Symlink("/elsewhere", "/rt/a/b"));
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = s.Journals };

        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.All(plan.Steps.Where(x => x.Path.StartsWith("/rt/a/b", StringComparison.Ordinal)), x => Assert.Equal(RestoreAction.Skip, x.Action));

        await RestoreJob.ApplyAsync(c.Efs, source, plan, await RestoreTestBed.CheckAsync(c, source, Ct), options, ct: Ct);
        Assert.Equal(["/elsewhere"], RestoreTestBed.Snapshot(modem.State.Efs, "/elsewhere").Keys); // nothing written through the link
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Readlink("/rt/a/b", out string target));
        Assert.Equal("/elsewhere", target);
    }
}
