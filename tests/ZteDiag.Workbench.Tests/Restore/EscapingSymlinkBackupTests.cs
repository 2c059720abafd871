using ZteDiag.Emulator.State;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Restore;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Restore;

/// <summary>
/// A modem whose EFS holds a symlink climbing above the root: its backup must verify (the writer
/// keeps the link in the manifest only) and a restore must put the link back with the exact target.
/// </summary>
public sealed class EscapingSymlinkBackupTests
{
    private const string Link = "/rt/up";
    private const string Target = "../../../etc/passwd";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_link_escaping_the_root_is_backed_up_verified_and_restored_verbatim()
    {
        using var dir = new TempDir();
        string backup = dir.Combine("rt.tar.gz");
        using var modem = RestoreTestBed.Start(dir.Combine("state"));
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        await RestoreTestBed.SeedAsync(c.Efs, Ct);
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Symlink(Target, Link));

        await RestoreTestBed.WriteBackupAsync(c.Efs, backup, Ct);
        var check = await ArchiveVerifier.VerifyAsync(backup, Ct);
        Assert.True(check.IsValid, string.Join("; ", check.Problems));
        Assert.Equal(Target, check.Manifest!.Entries.Single(e => e.Path == Link).LinkTarget);

        Assert.Equal(EfsStoreError.None, modem.State.Efs.Unlink(Link));
        var source = await BackupSource.OpenAsync(backup, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = dir.Combine("journals") };
        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.Contains(plan.Steps, s => s.Path == Link && s.Kind == EntryKind.Symlink);
        await RestoreJob.ApplyAsync(c.Efs, source, plan, await RestoreTestBed.CheckAsync(c, source, Ct), options, ct: Ct);

        Assert.Equal(EfsStoreError.None, modem.State.Efs.Readlink(Link, out string restored));
        Assert.Equal(Target, restored);
    }
}
