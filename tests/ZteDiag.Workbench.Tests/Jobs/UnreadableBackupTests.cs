using System.Security.Cryptography;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Restore;
using ArchiveEfsMode = ZteDiag.Workbench.Archive.EntryModes;

namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>
/// A modem that refuses to read some entries (the emulator's <c>unreadable=</c> fault): the backup
/// records them, reports them and still verifies; a restore from it leaves them alone.
/// </summary>
[Trait("Issue", "5")]
public sealed class UnreadableBackupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Plain = "readable content\n"u8.ToArray();
    private static readonly byte[] Secret = "the modem will not hand this out"u8.ToArray();
    private static readonly byte[] ItemBytes = [9, 8, 7, 6];
    private static readonly byte[] Big = RandomBytes(300 * 1024); // above BufferedFileLimit: the streamed path

    private static readonly (string Path, EntryKind Kind, string Reason)[] Refused =
    [
        ("/ur/secret.bin", EntryKind.File, "EACCES"),
        ("/ur/item", EntryKind.ItemFile, "EPERM"),
        ("/ur/big.bin", EntryKind.File, "EACCES"),
        ("/ur/link", EntryKind.Symlink, "EACCES"),
    ];

    private static byte[] RandomBytes(int n)
    {
        byte[] b = new byte[n];
        new Random(5).NextBytes(b);
        return b;
    }

    private static async Task<JobTestModem> StartAsync()
    {
        var t = await JobTestModem.StartAsync(faults: FaultPlan.Parse(
            "unreadable=/ur/secret.bin,unreadable=/ur/item:EPERM,unreadable=/ur/big.bin,unreadable=/ur/link"));
        EfsStore efs = t.Modem.State.Efs;
        Assert.Equal(EfsStoreError.None, efs.Mkdir("/ur", 0x1ED));
        Assert.Equal(EfsStoreError.None, efs.WriteFile("/ur/plain.txt", Plain));
        Assert.Equal(EfsStoreError.None, efs.WriteFile("/ur/secret.bin", Secret, 0x180));
        Assert.Equal(EfsStoreError.None, efs.WriteFile("/ur/big.bin", Big));
        Assert.Equal(EfsStoreError.None, efs.PutItem("/ur/item", ItemBytes, EfsOpenFlags.Create));
        Assert.Equal(EfsStoreError.None, efs.Symlink("/ur/plain.txt", "/ur/link"));
        return t;
    }

    [Fact]
    public async Task Backup_records_each_refused_entry_with_its_errno_reports_it_and_the_archive_still_verifies()
    {
        await using var t = await StartAsync();
        var r = await new BackupJob(t.Connection).RunAsync(
            new BackupPlan { OutputPath = Path.Combine(t.Directory, "ur.tar.gz"), Root = "/ur" }, null, Ct);

        Assert.Equal(
            Refused.Select(x => (x.Path, x.Reason)).Order(),
            r.Unreadable.Select(u => (u.Path, u.Reason)).Order());
        var byPath = r.Manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        foreach (var (path, kind, reason) in Refused)
        {
            ManifestEntry e = byPath[path];
            Assert.True(e.Unreadable, path);
            Assert.Equal(reason, e.UnreadableReason);
            Assert.Equal(kind, e.Kind);
            Assert.Null(e.Sha256);
            Assert.Null(e.LinkTarget);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Plain)), byPath["/ur/plain.txt"].Sha256);
        Assert.Equal((uint)0x180, (uint)byPath["/ur/secret.bin"].Mode & 0x1FF);

        Assert.True(r.Verification.IsValid, string.Join("; ", r.Verification.Problems));
        Assert.Equal((1, 0, 4), (r.Verification.Files, r.Verification.Symlinks, r.Verification.Unreadable));
        var again = await ArchiveVerifier.VerifyAsync(r.ArchivePath, Ct);
        Assert.True(again.IsValid);
        Assert.Equal(Plain.Length, again.TotalBytes); // no content stored for refused entries

        var source = await BackupSource.OpenAsync(r.ArchivePath, ct: Ct);
        var stored = new List<string>();
        await foreach (var item in source.ReadFilesAsync(Ct)) stored.Add(item.Entry.Path);
        Assert.Equal(["/ur/plain.txt"], stored);
    }

    [Fact]
    public async Task Restore_with_delete_extra_skips_refused_entries_and_leaves_them_on_the_device()
    {
        await using var t = await StartAsync();
        var r = await new BackupJob(t.Connection).RunAsync(
            new BackupPlan { OutputPath = Path.Combine(t.Directory, "ur.tar.gz"), Root = "/ur" }, null, Ct);
        EfsStore efs = t.Modem.State.Efs;
        Assert.Equal(EfsStoreError.None, efs.WriteFile("/ur/plain.txt", "changed since the backup"u8));
        Assert.Equal(EfsStoreError.None, efs.WriteFile("/ur/extra", "not in the backup"u8));

        var source = await BackupSource.OpenAsync(r.ArchivePath, ct: Ct);
        var options = new RestoreOptions { DeleteExtra = true, JournalDirectory = Path.Combine(t.Directory, "journals") };
        var plan = await RestorePlanner.PlanAsync(t.Connection.Efs, source, options, ct: Ct);
        foreach (var (path, _, reason) in Refused)
        {
            RestoreStep step = Assert.Single(plan.Steps, s => s.Path == path);
            Assert.Equal(RestoreAction.Skip, step.Action);
            Assert.Contains("unreadable", step.Reason, StringComparison.Ordinal);
            Assert.Contains(reason, step.Reason, StringComparison.Ordinal);
        }

        Assert.Contains(plan.Steps, s => s is { Path: "/ur/plain.txt", Action: RestoreAction.Replace });
        Assert.Contains(plan.Steps, s => s is { Path: "/ur/extra", Action: RestoreAction.Delete });

        var check = await RestoreDeviceCheck.ReadAsync(t.Connection, source.Manifest.Device, Ct);
        await RestoreJob.ApplyAsync(t.Connection.Efs, source, plan, check, options, ct: Ct);

        Assert.Equal(EfsStoreError.None, efs.ReadFile("/ur/plain.txt", out byte[] plain));
        Assert.Equal(Plain, plain);
        Assert.False(efs.Exists("/ur/extra"));
        Assert.Equal(EfsStoreError.None, efs.ReadFile("/ur/secret.bin", out byte[] secret));
        Assert.Equal(Secret, secret);
        Assert.Equal(EfsStoreError.None, efs.ReadFile("/ur/big.bin", out byte[] big));
        Assert.Equal(Big, big);
        Assert.Equal(EfsStoreError.None, efs.GetItem("/ur/item", out byte[] item));
        Assert.Equal(ItemBytes, item);
        Assert.Equal(EfsStoreError.None, efs.Readlink("/ur/link", out string target));
        Assert.Equal("/ur/plain.txt", target);
        Assert.Equal(EfsStoreError.None, efs.Lstat("/ur/secret.bin", out var st));
        Assert.Equal(0x180, st.Mode & 0x1FF);
    }
}
