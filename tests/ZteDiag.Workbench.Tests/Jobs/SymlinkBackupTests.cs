using System.Formats.Tar;
using System.IO.Compression;
using ZteDiag.Emulator.State;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>A device symlink through backup (tar link entry + manifest) and back through restore.</summary>
[Trait("Issue", "5")]
public sealed class SymlinkBackupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_device_symlink_becomes_a_relative_tar_link_and_a_restore_recreates_it_with_the_original_target()
    {
        await using var t = await JobTestModem.StartAsync();
        EfsStore efs = t.Modem.State.Efs;
        Assert.Equal(EfsStoreError.None, efs.Readlink(EfsGenerator.SymlinkPath, out string original));
        Assert.StartsWith("/brew/mod", original, StringComparison.Ordinal);

        var r = await new BackupJob(t.Connection).RunAsync(
            new BackupPlan { OutputPath = Path.Combine(t.Directory, "brew.tar.gz"), Root = "/brew" }, null, Ct);
        Assert.True(r.Verification.IsValid, string.Join("; ", r.Verification.Problems));
        Assert.Equal(original, r.Manifest.Entries.Single(e => e.Path == EfsGenerator.SymlinkPath).LinkTarget);

        string? tarLink = null;
        await using (var file = File.OpenRead(r.ArchivePath))
        await using (var gz = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gz))
        {
            while (await tar.GetNextEntryAsync(cancellationToken: Ct) is { } e)
            {
                if (e.EntryType == TarEntryType.SymbolicLink && e.Name == "efs" + EfsGenerator.SymlinkPath) tarLink = e.LinkName;
            }
        }

        Assert.Equal(".." + original["/brew".Length..], tarLink); // /brew/shared/current -> ../mod/…

        Assert.Equal(EfsStoreError.None, efs.Unlink(EfsGenerator.SymlinkPath));
        var source = await BackupSource.OpenAsync(r.ArchivePath, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = Path.Combine(t.Directory, "journals") };
        var plan = await RestorePlanner.PlanAsync(t.Connection.Efs, source, options, ct: Ct);
        Assert.Contains(plan.Steps, s => s is { Path: EfsGenerator.SymlinkPath, Action: RestoreAction.Create, Kind: EntryKind.Symlink });
        var check = await RestoreDeviceCheck.ReadAsync(t.Connection, source.Manifest.Device, Ct);
        await RestoreJob.ApplyAsync(t.Connection.Efs, source, plan, check, options, ct: Ct);

        Assert.Equal(EfsStoreError.None, efs.Readlink(EfsGenerator.SymlinkPath, out string restored));
        Assert.Equal(original, restored);
    }
}
