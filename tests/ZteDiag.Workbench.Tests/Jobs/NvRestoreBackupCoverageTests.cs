using ZteDiag.Emulator;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>An NV restore writes only items whose old values the backup it relies on holds.</summary>
public sealed class NvRestoreBackupCoverageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static VirtualModem Start(string state) =>
        VirtualModem.Start(new VirtualModemStartOptions { StateDirectory = state, NagInterval = null });

    private static Task<ModemConnection> ConnectAsync(VirtualModem modem) =>
        ModemConnection.OpenAsync(new ConnectionOptions { DiagPort = modem.DiagPath, AtPort = modem.AtPath, Timeout = TimeSpan.FromSeconds(5) }, Ct);

    private static string Flip(string hex)
    {
        byte[] b = Convert.FromHexString(hex);
        b[0] ^= 0x5A;
        return Convert.ToHexStringLower(b);
    }

    /// <summary>Two writable items of the modem now, and the file that would change both.</summary>
    private static async Task<(NvBackupFile Now, NvBackupFile Target)> TargetAsync(NvJob job)
    {
        NvBackupFile now = await job.BackupAsync(600, null, null, Ct);
        var chosen = now.Items.Where(i => i.Status == "done" && i.Id is not 550 and >= 10).Take(2).ToList();
        Assert.Equal(2, chosen.Count);
        return (now, now with { Items = [.. chosen.Select(i => i with { Data = Flip(i.Data) })] });
    }

    [Fact]
    public async Task A_backup_without_nv_items_is_refused_and_nothing_is_written()
    {
        using var dir = new TempDir();
        using var modem = Start(dir.Combine("state"));
        await using var c = await ConnectAsync(modem);
        var job = new NvJob(c);
        var (_, target) = await TargetAsync(job);
        VerifiedBackup efsOnly = await NvRestoreResumeTests.TokenAsync(dir.Combine("efs-only.tar.gz"));

        var ex = await Assert.ThrowsAsync<SafetyException>(() =>
            job.RestoreAsync(target, new SafeEfsWriter(efsOnly), new NvRestoreOptions { JournalDirectory = dir.Combine("j") }, null, Ct));

        Assert.Contains("no NV items", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await job.PlanAsync(target, Ct)).Count); // both still differ: nothing written
        Assert.False(Directory.Exists(dir.Combine("j")));
    }

    [Fact]
    public async Task A_backup_whose_nv_items_miss_a_planned_id_is_refused_naming_it()
    {
        using var dir = new TempDir();
        using var modem = Start(dir.Combine("state"));
        await using var c = await ConnectAsync(modem);
        var job = new NvJob(c);
        var (now, target) = await TargetAsync(job);
        int missing = target.Items[1].Id;
        VerifiedBackup partial = await NvRestoreResumeTests.TokenAsync(
            dir.Combine("partial.tar.gz"), now with { Items = [.. now.Items.Where(i => i.Id != missing)] });

        var ex = await Assert.ThrowsAsync<SafetyException>(() =>
            job.RestoreAsync(target, new SafeEfsWriter(partial), new NvRestoreOptions { JournalDirectory = dir.Combine("j") }, null, Ct));

        Assert.Contains($"NV {missing}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await job.PlanAsync(target, Ct)).Count);
    }

    [Fact]
    public async Task A_backup_holding_every_planned_item_allows_the_write_and_the_journal_keeps_the_old_values()
    {
        using var dir = new TempDir();
        using var modem = Start(dir.Combine("state"));
        await using var c = await ConnectAsync(modem);
        var job = new NvJob(c);
        var (now, target) = await TargetAsync(job);
        VerifiedBackup full = await NvRestoreResumeTests.TokenAsync(dir.Combine("full.tar.gz"), now);

        var r = await job.RestoreAsync(target, new SafeEfsWriter(full), new NvRestoreOptions { JournalDirectory = dir.Combine("j") }, null, Ct);

        Assert.Equal(2, r.Written);
        Assert.Empty(await job.PlanAsync(target, Ct));
        NvRestoreJournal journal = NvRestoreJournalStore.Load(r.JournalPath!);
        foreach (NvJournalItem item in journal.Items)
        {
            string before = now.Items.Single(i => i.Id == item.Id).Data;
            Assert.NotNull(item.OldData);
            Assert.StartsWith(before, item.OldData, StringComparison.Ordinal);
            Assert.NotEqual(item.Data, item.OldData[..item.Data.Length]);
        }
    }

    [Fact]
    public async Task Take_backup_for_an_nv_write_saves_the_nv_items()
    {
        using var dir = new TempDir();
        using var modem = Start(dir.Combine("state"));
        await using var c = await ConnectAsync(modem);

        VerifiedBackup b = await BackupGuard.RequireAsync(c,
            new BackupRequirement { TakeBackup = true, IncludeNv = true, TakeBackupOutput = dir.Combine("fresh.tar.gz") }, null, null, Ct);

        Assert.NotNull(b.Manifest.Nv);
    }
}
