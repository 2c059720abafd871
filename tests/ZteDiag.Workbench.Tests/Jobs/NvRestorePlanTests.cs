using ZteDiag.Emulator;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>The NV restore plan sorts every item of the file by what the modem answers, reading only.</summary>
public sealed class NvRestorePlanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static VirtualModem Start(string state, bool reuse) =>
        VirtualModem.Start(new VirtualModemStartOptions { StateDirectory = state, ReuseState = reuse, NagInterval = null });

    private static Task<ModemConnection> ConnectAsync(VirtualModem modem) =>
        ModemConnection.OpenAsync(new ConnectionOptions { DiagPort = modem.DiagPath, AtPort = modem.AtPath, Timeout = TimeSpan.FromSeconds(5) }, Ct);

    private static string Flip(string hex)
    {
        byte[] b = Convert.FromHexString(hex);
        b[0] ^= 0x5A;
        return Convert.ToHexStringLower(b);
    }

    [Fact]
    public async Task Each_item_lands_in_its_category_and_only_the_written_ones_are_changes()
    {
        using var dir = new TempDir();
        string state = dir.Combine("state");
        NvBackupFile now;
        using (var first = Start(state, reuse: false))
        {
            await using var c = await ConnectAsync(first);
            now = await new NvJob(c).BackupAsync(600, null, null, Ct, spc: "000000");
        }

        var open = now.Items.Where(i => i.Id is >= 10 and not 550 && NvItemCatalog.AccessOf((ushort)i.Id) == NvAccess.Open).Take(2).ToList();
        Assert.Equal(2, open.Count);
        var held = now.Items.Select(i => i.Id).ToHashSet();
        int inactive = Enumerable.Range(32, 500).First(id => !held.Contains(id) && NvItemCatalog.AccessOf((ushort)id) == NvAccess.Open);
        NvBackupItem secCode = now.Items.Single(i => i.Id == 85);
        var file = new NvBackupFile
        {
            Items =
            [
                open[0],                                         // unchanged
                open[1] with { Data = Flip(open[1].Data) },      // changed
                new NvBackupItem(inactive, $"NV item {inactive}", "done", "01"),
                new NvBackupItem(25, "NV_A_KEY_I", "done", "00"), // unreadable by design
                secCode,                                         // protected: the wrong SPC below leaves it unread
            ],
        };

        using var again = Start(state, reuse: true); // a power cycle locks the SPC again
        await using var conn = await ConnectAsync(again);
        NvRestorePlan plan = await new NvJob(conn).PlanRestoreAsync(file, Ct, spc: "123456");

        Assert.Equal(
            [(open[0].Id, NvPlanCategory.Unchanged), (open[1].Id, NvPlanCategory.Changed), (inactive, NvPlanCategory.NotActive), (25, NvPlanCategory.Unreadable), (85, NvPlanCategory.NeedsSpc)],
            plan.Entries.Select(e => (e.Id, e.Category)));
        Assert.Equal(open[1].Data, plan.Entries[1].OldHex);
        Assert.Null(plan.Entries[2].OldHex);
        Assert.Equal([open[1].Id, inactive, 85], plan.Changes.Select(c => c.Id)); // 25's old value cannot be saved: skipped
        Assert.Equal([open[1].Id, 85], plan.MustBeSaved); // a not-active item has nothing to lose
        Assert.Equal(NvPlanCategory.NotActive, plan.Changes[1].Category);
        Assert.Equal(1, plan.Count(NvPlanCategory.Unchanged));

        // the right SPC makes the protected item comparable: it is the modem's own value, so unchanged
        NvRestorePlan unlocked = await new NvJob(conn).PlanRestoreAsync(file with { Items = [secCode] }, Ct, spc: "000000");
        Assert.Equal(NvPlanCategory.Unchanged, Assert.Single(unlocked.Entries).Category);
    }

    [Fact]
    public async Task An_item_not_active_on_the_modem_is_written_although_no_backup_can_hold_an_old_value_of_it()
    {
        using var dir = new TempDir();
        using var modem = Start(dir.Combine("state"), reuse: false);
        await using var c = await ConnectAsync(modem);
        var job = new NvJob(c);
        NvBackupFile now = await job.BackupAsync(600, null, null, Ct, spc: "000000");
        var held = now.Items.Select(i => i.Id).ToHashSet();
        int inactive = Enumerable.Range(32, 500).First(id => !held.Contains(id) && NvItemCatalog.AccessOf((ushort)id) == NvAccess.Open);
        VerifiedBackup token = await NvRestoreResumeTests.TokenAsync(dir.Combine("token.tar.gz"), now);

        var file = new NvBackupFile { Items = [new NvBackupItem(inactive, $"NV item {inactive}", "done", "0102")] };
        var r = await job.RestoreAsync(file, new SafeEfsWriter(token), new NvRestoreOptions { JournalDirectory = dir.Combine("j") }, null, Ct);

        Assert.Equal(1, r.Written);
        Assert.Equal(NvPlanCategory.NotActive, Assert.Single(r.Changes).Category);
        var back = await c.Nv.ReadAsync((ushort)inactive, tolerateInactive: false, Ct);
        Assert.Equal([1, 2], back.Data.Span[..2].ToArray());
    }
}
