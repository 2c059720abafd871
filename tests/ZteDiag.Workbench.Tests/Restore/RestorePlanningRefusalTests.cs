using System.Security.Cryptography;
using ZteDiag.Emulator;
using ZteDiag.Emulator.State;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Restore;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Restore;

/// <summary>
/// Issues 18.1, 18.2, 19.5, 19.6: restore planning refuses, before any write, what would go through a
/// device symlink, what does not fit the modem's QUERY limits (temporary names included) and what
/// would fill the EFS. Each archive is made here; the modem's store and the journal folder stay unchanged.
/// </summary>
public sealed class RestorePlanningRefusalTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    private string Journals => _dir.Combine("journals");

    /// <summary>A backup of the emulated modem holding /rt (directory) and the given files.</summary>
    private async Task<string> ArchiveAsync(string name, params (string Path, byte[] Data)[] files)
    {
        string path = _dir.Combine(name);
        var header = new BackupHeader("test", DateTimeOffset.UnixEpoch, RestoreTestBed.EmulatedDevice);
        await using var w = BackupArchiveWriter.Create(path, header);
        w.AddDirectory(new EfsEntryInfo("/rt", EntryModes.Directory | 0x1FF, 0));
        foreach (var (p, data) in files)
        {
            await w.AddFileAsync(new EfsEntryInfo(p, EntryModes.Regular | 0x1B6, data.Length), new MemoryStream(data), Ct);
        }

        await w.CompleteAsync(Ct);
        return path;
    }

    private static VirtualModem Start(string state)
    {
        var modem = RestoreTestBed.Start(state);
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Mkdir("/rt", 0x1FF));
        return modem;
    }

    [Fact]
    public async Task A_file_below_a_device_symlink_the_backup_does_not_list_is_skipped_and_nothing_is_written_through_the_link()
    {
        using var modem = Start(_dir.Combine("state"));
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Mkdir("/elsewhere", 0x1FF));
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Symlink("/elsewhere", "/rt/lnk"));
        string archive = await ArchiveAsync("through-link.tar.gz", ("/rt/lnk/evil", [1, 2, 3]));
        var before = RestoreTestBed.Snapshot(modem.State.Efs, "/");
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(archive, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = Journals };

        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);

        var step = Assert.Single(plan.Steps, s => s.Path == "/rt/lnk/evil");
        Assert.Equal(RestoreAction.Skip, step.Action);
        Assert.Contains("'/rt/lnk' is a symlink on the device", step.Reason, StringComparison.Ordinal);
        Assert.True(plan.IsEmpty);
        RestoreTestBed.AssertSame(before, RestoreTestBed.Snapshot(modem.State.Efs, "/"));
        Assert.Equal(EfsStoreError.NotFound, modem.State.Efs.Lstat("/elsewhere/evil", out _));
    }

    [Fact]
    public async Task Delete_extra_never_deletes_what_the_backup_left_out_as_a_name_it_could_not_hold()
    {
        using var modem = Start(_dir.Combine("state"));
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Mkdir("/rt/a\nb", 0x1FF)); // made by another tool
        Assert.Equal(EfsStoreError.None, modem.State.Efs.WriteFile("/rt/a\nb/f", [1]));
        Assert.Equal(EfsStoreError.None, modem.State.Efs.WriteFile("/rt/extra", [2]));
        string path = _dir.Combine("left-out.tar.gz");
        await using (var w = BackupArchiveWriter.Create(path, new BackupHeader("test", DateTimeOffset.UnixEpoch, RestoreTestBed.EmulatedDevice)))
        {
            w.AddDirectory(new EfsEntryInfo("/rt", EntryModes.Directory | 0x1FF, 0));
            w.AddRefusedName(new RefusedName("/rt", "a\nb", "control character in path; not backed up, nor anything under it"));
            await w.CompleteAsync(Ct);
        }

        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var plan = await RestorePlanner.PlanAsync(c.Efs, await BackupSource.OpenAsync(path, ct: Ct), new RestoreOptions { DeleteExtra = true, JournalDirectory = Journals }, ct: Ct);

        Assert.Equal(["/rt/extra"], plan.Steps.Where(s => s.Action == RestoreAction.Delete).Select(s => s.Path));
        Assert.Equal(["/rt/a\nb", "/rt/a\nb/f"], plan.Steps.Where(s => s.Action == RestoreAction.Skip).Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.All(plan.Steps.Where(s => s.Action == RestoreAction.Skip), s => Assert.StartsWith("left out of the backup (control character in path", s.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(243)] // its temporary name .NAME.ztediag-tmp is 256 bytes: one over max_name
    [InlineData(255)] // at max_name itself
    public async Task A_name_whose_temporary_name_passes_max_name_is_refused_before_the_first_write(int length)
    {
        using var modem = Start(_dir.Combine("state"));
        string name = new('n', length);
        string archive = await ArchiveAsync("long-name.tar.gz", ("/rt/ok.cfg", [1]), ("/rt/" + name, [2]));
        await AssertRefusedAsync(modem, archive, "temporary name");
    }

    [Fact]
    public async Task A_path_over_max_path_below_many_directories_is_refused_before_any_directory_is_created()
    {
        using var modem = Start(_dir.Combine("state"));
        string dir = "/rt" + string.Concat(Enumerable.Repeat("/d", 500)); // 1003 bytes
        string archive = _dir.Combine("deep.tar.gz");
        var header = new BackupHeader("test", DateTimeOffset.UnixEpoch, RestoreTestBed.EmulatedDevice);
        await using (var w = BackupArchiveWriter.Create(archive, header))
        {
            w.AddDirectory(new EfsEntryInfo("/rt", EntryModes.Directory | 0x1FF, 0));
            for (string d = "/rt/d"; d.Length <= dir.Length; d += "/d")
            {
                w.AddDirectory(new EfsEntryInfo(d, EntryModes.Directory | 0x1FF, 0));
            }

            await w.AddFileAsync(new EfsEntryInfo(dir + "/file.cfg", EntryModes.Regular | 0x1B6, 1), new MemoryStream([7]), Ct); // 1012 bytes; its temp 1025
            await w.CompleteAsync(Ct);
        }

        await AssertRefusedAsync(modem, archive, "temporary name");
    }

    [Fact]
    public async Task A_restore_that_would_leave_the_EFS_without_its_margin_is_refused_before_the_first_write()
    {
        using var modem = Start(_dir.Combine("state"));
        Assert.Equal(EfsStoreError.None, modem.State.Efs.Statfs("/", out EfsStatfs fs));
        long free = (long)fs.AvailBlocks * fs.BlockSize;
        Assert.Equal(EfsStoreError.None, modem.State.Efs.WriteFile("/fill.bin", new byte[free - (300 * 1024)]));
        string archive = await ArchiveAsync("big.tar.gz", ("/rt/big.bin", RandomNumberGenerator.GetBytes(200 * 1024)));
        await AssertRefusedAsync(modem, archive, "free (STATFS)");
    }

    private async Task AssertRefusedAsync(VirtualModem modem, string archive, string why)
    {
        var before = RestoreTestBed.Snapshot(modem.State.Efs, "/");
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);
        var source = await BackupSource.OpenAsync(archive, ct: Ct);
        var options = new RestoreOptions { JournalDirectory = Journals };
        var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
        Assert.Contains(plan.Blockers, b => b.Contains(why, StringComparison.Ordinal));

        var device = await RestoreTestBed.CheckAsync(c, source, Ct);
        var ex = await Assert.ThrowsAsync<RestoreException>(() => RestoreJob.ApplyAsync(c.Efs, source, plan, device, options, ct: Ct));
        Assert.StartsWith("refusing to restore: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", ex.Message, StringComparison.Ordinal);
        RestoreTestBed.AssertSame(before, RestoreTestBed.Snapshot(modem.State.Efs, "/"));
        Assert.False(Directory.Exists(Journals) && Directory.EnumerateFileSystemEntries(Journals).Any(), "a journal or safety backup was written");
    }
}
