using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Workbench.Tests.Restore;

/// <summary>--delete-extra without --only must not clean more than the backup's own directory.</summary>
public sealed class DeleteExtraRootTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task WriteAsync(string path, byte[]? file)
    {
        await using var w = BackupArchiveWriter.Create(path, new BackupHeader("test", DateTimeOffset.UnixEpoch, null));
        if (file is not null)
        {
            using var ms = new MemoryStream(file);
            await w.AddFileAsync(new EfsEntryInfo("/rt/big.bin", EntryModes.Regular | 0x1A4, file.Length), ms, Ct);
        }

        await w.CompleteAsync(Ct);
    }

    [Fact]
    public async Task A_backup_of_one_file_or_of_nothing_refuses_delete_extra_unless_only_names_the_root()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        string single = s.Sub("single.tar.gz");
        string empty = s.Sub("empty.tar.gz");
        await WriteAsync(single, RestoreTestBed.Bytes(1, 20 * 1024 + 37));
        await WriteAsync(empty, null);
        using var modem = RestoreTestBed.Start(s.CopyState("run"), reuse: true);
        await using var c = await RestoreTestBed.ConnectAsync(modem, Ct);

        foreach (string backup in new[] { single, empty })
        {
            var source = await BackupSource.OpenAsync(backup, ct: Ct);
            var ex = await Assert.ThrowsAsync<RestoreException>(() =>
                RestorePlanner.PlanAsync(c.Efs, source, new RestoreOptions { DeleteExtra = true, JournalDirectory = s.Journals }, ct: Ct));
            Assert.Contains("--only", ex.Message, StringComparison.Ordinal);
            var plain = await RestorePlanner.PlanAsync(c.Efs, source, new RestoreOptions { JournalDirectory = s.Journals }, ct: Ct);
            Assert.DoesNotContain(plain.Steps, x => x.Action == RestoreAction.Delete);
        }

        var explicitRoot = await RestorePlanner.PlanAsync(
            c.Efs, await BackupSource.OpenAsync(single, ct: Ct), new RestoreOptions { DeleteExtra = true, Only = ["/rt/c"], JournalDirectory = s.Journals }, ct: Ct);
        Assert.Contains(explicitRoot.Steps, x => x is { Path: "/rt/c/f2.cfg", Action: RestoreAction.Delete });
        Assert.DoesNotContain(explicitRoot.Steps, x => x.Path == "/rt/extra.txt");
        RestoreTestBed.AssertSame(s.Damaged, RestoreTestBed.Snapshot(modem.State.Efs));
    }
}
