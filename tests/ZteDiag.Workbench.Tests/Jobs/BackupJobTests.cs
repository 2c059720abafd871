using System.Security.Cryptography;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Verify;

namespace ZteDiag.Workbench.Tests.Jobs;

public class BackupJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backup_covers_every_file_of_the_emulator_state_with_equal_hashes_and_verifies()
    {
        await using var t = await JobTestModem.StartAsync();
        var registry = new BackupRegistry(Path.Combine(t.Directory, "backups.json"));
        var progress = new List<JobProgress>();
        var r = await new BackupJob(t.Connection).RunAsync(
            new BackupPlan { OutputPath = t.Directory, Registry = registry }, new SyncProgress(progress.Add), Ct);

        Assert.True(r.Verification.IsValid, string.Join("; ", r.Verification.Problems.Select(p => p.Message)));
        Assert.NotNull(r.Token);
        Assert.Empty(r.Unreadable);
        Assert.StartsWith("MF627-BD_MTSP673A4V1.0.0B01-", Path.GetFileName(r.ArchivePath), StringComparison.Ordinal);
        Assert.Equal("MF627", r.Manifest.Device!.Model);
        Assert.NotNull(r.Manifest.Device.ImeiHash);
        Assert.True(r.Manifest.Device.MatchesImei("354613020012342"));
        Assert.DoesNotContain("354613020012342", System.Text.Encoding.UTF8.GetString(BackupManifestJson.Serialize(r.Manifest)), StringComparison.Ordinal);

        var byPath = r.Manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        int checkedFiles = 0;
        foreach (string host in Directory.EnumerateFiles(t.EfsHostRoot, "*", SearchOption.AllDirectories))
        {
            string efs = "/" + Path.GetRelativePath(t.EfsHostRoot, host).Replace('\\', '/');
            if (new FileInfo(host).LinkTarget is not null)
            {
                continue;
            }

            Assert.True(byPath.TryGetValue(efs, out var entry), $"{efs} is not in the manifest");
            if (entry!.Kind == EntryKind.Symlink)
            {
                continue; // the emulator keeps a symlink's target in a host file; the manifest has it as link_target
            }

            Assert.True(entry.Sha256 is not null, $"{efs} ({entry.Kind}) has no hash");
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(host, Ct))), entry.Sha256);
            checkedFiles++;
        }

        Assert.True(checkedFiles > 200);
        Assert.Contains(r.Manifest.Entries, e => e.Kind == EntryKind.ItemFile && e.Path == "/nv/item_files/modem/mmode/band_pref");
        Assert.Contains(r.Manifest.Entries, e => e.Kind == EntryKind.Symlink && e.LinkTarget is not null);
        Assert.Contains(progress, p => p.Phase == "read" && p.Total > 4_000_000);
        Assert.Single(registry.Load());
        Assert.Single(registry.ForDevice("354613020012342"));
    }

    [Fact]
    public async Task Verify_against_device_reports_exactly_the_changed_file()
    {
        await using var t = await JobTestModem.StartAsync();
        var r = await new BackupJob(t.Connection).RunAsync(new BackupPlan { OutputPath = t.Directory }, null, Ct);
        var job = new VerifyJob(t.Connection);
        Assert.Empty((await job.AgainstDeviceAsync(r.ArchivePath, null, Ct)).Differences);

        Assert.Equal(ZteDiag.Emulator.State.EfsStoreError.None, t.Modem.State.Efs.WriteFile("/PCUI.VN", "CHANGED_ID"u8));
        var diffs = (await job.AgainstDeviceAsync(r.ArchivePath, null, Ct)).Differences;

        var d = Assert.Single(diffs);
        Assert.Equal("/PCUI.VN", d.Path);
        Assert.Equal(DifferenceKind.Changed, d.Kind);
    }

    [Fact]
    public async Task Backup_over_a_link_that_drops_and_corrupts_replies_still_matches_every_file()
    {
        // lost and corrupted replies inside the batched OPENs/READDIRs/GETs/READs must neither lose nor misattribute content
        await using var t = await JobTestModem.StartAsync(withAt: false, faults: ZteDiag.Emulator.Host.FaultPlan.Parse("drop=0.01,corrupt=0.01,seed=11"), timeout: TimeSpan.FromSeconds(10));
        BackupResult r = await BackupNvCompletelyAsync(t);

        var byPath = r.Manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        string nvRoot = Path.Combine(t.EfsHostRoot, "nv");
        int files = 0;
        foreach (string host in Directory.EnumerateFiles(nvRoot, "*", SearchOption.AllDirectories).Where(h => new FileInfo(h).LinkTarget is null))
        {
            string efs = "/" + Path.GetRelativePath(t.EfsHostRoot, host).Replace('\\', '/');
            Assert.True(byPath.TryGetValue(efs, out var entry), $"{efs} is not in the manifest");
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(host, Ct))), entry!.Sha256);
            files++;
        }

        Assert.Equal(Directory.EnumerateDirectories(nvRoot, "*", SearchOption.AllDirectories).Count(), r.Manifest.Entries.Count(e => e.Kind == EntryKind.Directory) - 1);
        Assert.True(files > 50, $"{files} files");
        Assert.True(t.Connection.Diag.Stats.Retries > 0, "no reply was lost: the test proves nothing");
        AssertNoHandleOpen(t);
    }

    [Fact]
    public async Task Backup_over_a_link_that_loses_many_replies_leaves_no_handle_open_and_nothing_unreadable()
    {
        // 6% of the replies lost, several inside OPEN/OPENDIR batches, each of which left a handle behind before the sweep
        await using var t = await JobTestModem.StartAsync(withAt: false, faults: ZteDiag.Emulator.Host.FaultPlan.Parse("drop=0.06,seed=5"), timeout: TimeSpan.FromSeconds(10));
        await BackupNvCompletelyAsync(t);

        Assert.True(t.Connection.Diag.Stats.Retries > 10, $"{t.Connection.Diag.Stats.Retries} requests re-sent: the test proves little");
        AssertNoHandleOpen(t);
    }

    [Fact]
    public async Task Backup_closes_the_last_small_file_batch_handles()
    {
        await using var t = await JobTestModem.StartAsync(withAt: false);
        await BackupNvCompletelyAsync(t);

        AssertNoHandleOpen(t);
    }

    [Fact]
    public async Task Subtree_backup_with_nv_stores_nv_qcn_and_nv_json_with_the_same_items_and_only_that_subtree()
    {
        await using var t = await JobTestModem.StartAsync();
        var r = await new BackupJob(t.Connection).RunAsync(
            new BackupPlan { OutputPath = Path.Combine(t.Directory, "nv.tar.gz"), Root = "/nv", IncludeNv = true, NvLastItem = 600 }, null, Ct);
        Assert.True(r.Verification.IsValid);
        Assert.All(r.Manifest.Entries, e => Assert.StartsWith("/nv", e.Path, StringComparison.Ordinal));
        Assert.True(r.NvItems >= 4);
        var source = await BackupSource.OpenAsync(r.ArchivePath, null, Ct);
        NvParts parts = await source.ReadNvPartsAsync(Ct);
        var nv = NvBackupFile.Parse(parts.Json);
        Assert.Contains(nv.Items, i => i.Id == 441);

        // the same image as QPST's QCN: every done item of nv.json, and every file under /nv/item_files (item files and the conf files beside them)
        Assert.Null(ZteDiag.Protocol.Qcn.QcnFile.TryRead(parts.Qcn, out var qcn));
        Assert.Empty(NvFiles.Differences(nv, qcn!));
        Assert.Equal(nv.Items.Where(i => i.Status == "done").Select(i => i.Id), qcn!.Items.Select(i => (int)i.Id));
        var itemFiles = r.Manifest.Entries.Where(e => e.Kind is EntryKind.ItemFile or EntryKind.File && !e.Unreadable && e.Path.StartsWith(NvJob.ItemFilesRoot + "/", StringComparison.Ordinal)).Select(e => e.Path).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(itemFiles);
        Assert.Equal(itemFiles, qcn.ProvisioningFiles.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Empty((await new VerifyJob(t.Connection).AgainstDeviceAsync(r.ArchivePath, null, Ct)).Differences);
    }

    [Fact]
    public async Task Files_changed_between_the_listing_and_their_read_are_archived_as_read_with_matching_sizes()
    {
        await using var t = await JobTestModem.StartAsync();
        var hostFiles = Directory.EnumerateFiles(t.EfsHostRoot, "*", SearchOption.AllDirectories)
            .Select(h => new FileInfo(h)).Where(f => f.LinkTarget is null).OrderBy(f => f.FullName, StringComparer.Ordinal).ToList();
        FileInfo small = hostFiles.First(f => f.Length is > 0 and < 1000);
        FileInfo large = hostFiles.First(f => f.Length > BackupJob.BufferedFileLimit + 2048);
        byte[] grown = [.. Enumerable.Range(0, (int)small.Length + 1500).Select(i => (byte)(i * 7))];
        byte[] shrunk = [.. Enumerable.Range(0, (int)large.Length - 1500).Select(i => (byte)(i * 11))];
        bool changed = false;

        // the listing is over when the first entry is read: change both files then
        var r = await new BackupJob(t.Connection).RunAsync(new BackupPlan { OutputPath = t.Directory }, new SyncProgress(p =>
        {
            if (p.Phase == "read" && !changed)
            {
                File.WriteAllBytes(small.FullName, grown);
                File.WriteAllBytes(large.FullName, shrunk);
                changed = true;
            }
        }), Ct);

        Assert.True(changed);
        Assert.True(r.Verification.IsValid, string.Join("; ", r.Verification.Problems.Select(p => p.Message)));
        var byPath = r.Manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        foreach ((FileInfo host, byte[] now) in new[] { (small, grown), (large, shrunk) })
        {
            ManifestEntry e = byPath["/" + Path.GetRelativePath(t.EfsHostRoot, host.FullName).Replace('\\', '/')];
            Assert.Equal(now.Length, e.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(now)), e.Sha256);
        }

        AssertNoHandleOpen(t);
    }

    /// <summary>Backs up /nv and checks the archive is valid with nothing recorded as unreadable.</summary>
    private static async Task<BackupResult> BackupNvCompletelyAsync(JobTestModem t)
    {
        var r = await new BackupJob(t.Connection).RunAsync(new BackupPlan { OutputPath = Path.Combine(t.Directory, "nv.tar.gz"), Root = "/nv" }, null, Ct);
        Assert.True(r.Verification.IsValid, string.Join("; ", r.Verification.Problems.Select(p => p.Message)));
        Assert.Empty(r.Unreadable);
        return r;
    }

    /// <summary>No file or directory handle stays open on the modem (the retry of a lost OPEN/OPENDIR reply takes a second one).</summary>
    private static void AssertNoHandleOpen(JobTestModem t)
    {
        Assert.Equal(0, t.Modem.State.Efs.OpenFileCount);
        Assert.Equal(0, t.Modem.State.Efs.OpenDirCount);
    }
}

internal sealed class SyncProgress(Action<JobProgress> report) : IProgress<JobProgress>
{
    public void Report(JobProgress value) => report(value);
}
