using System.Text.Json;
using ZteDiag.Device.Nv;
using ZteDiag.Emulator;
using ZteDiag.Emulator.Host;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Jobs;

public sealed class NvRestoreResumeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static VirtualModem Start(string state, bool reuse, FaultPlan? faults = null) =>
        VirtualModem.Start(new VirtualModemStartOptions { StateDirectory = state, ReuseState = reuse, NagInterval = null, Faults = faults });

    private static Task<ModemConnection> ConnectAsync(VirtualModem modem) =>
        ModemConnection.OpenAsync(new ConnectionOptions { DiagPort = modem.DiagPath, AtPort = modem.AtPath, Timeout = TimeSpan.FromSeconds(1) }, Ct);

    /// <summary>A real (tiny) archive that verifies, with <paramref name="nv"/> as nv.json when given: the token <see cref="SafeEfsWriter"/> needs.</summary>
    internal static async Task<VerifiedBackup> TokenAsync(string path, NvBackupFile? nv = null)
    {
        await using (var w = BackupArchiveWriter.Create(path, new BackupHeader("test", DateTimeOffset.UtcNow, null)))
        {
            w.AddDirectory(new EfsEntryInfo("/nvm", 0x41ED, 0));
            if (nv is not null)
            {
                await w.AddNvJsonAsync(nv.ToJson(), Ct);
            }

            await w.CompleteAsync(Ct);
        }

        var v = await ArchiveVerifier.VerifyAsync(path, Ct);
        Assert.True(v.IsValid);
        return new VerifiedBackup(v.Path, v.Manifest!, DateTimeOffset.UtcNow);
    }

    private static HashSet<int> ReadOnlyItems(string state)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(state, "nv.json")));
        return doc.RootElement.TryGetProperty("readOnly", out var ro) ? [.. ro.EnumerateArray().Select(e => e.GetInt32())] : [];
    }

    [Fact]
    public async Task An_nv_restore_cut_by_an_unplug_resumes_from_its_journal_to_the_target_values()
    {
        using var dir = new TempDir();
        string state = dir.Combine("state");
        string journals = dir.Combine("journals");
        VerifiedBackup token;
        var faults = new FaultPlan();
        NvBackupFile target;
        string? imei;

        // 1. plan five changed items and cut the link in the middle of writing them
        using (var modem = Start(state, reuse: false, faults))
        {
            await using var c = await ConnectAsync(modem);
            var job = new NvJob(c);
            NvBackupFile now = await job.BackupAsync(600, null, null, Ct);
            token = await TokenAsync(dir.Combine("token.tar.gz"), now);
            var readOnly = ReadOnlyItems(modem.StateDirectory);
            // NV 550 is the IMEI: changing it would make the stick another device for the resume check
            var chosen = now.Items.Where(i => i.Status == "done" && i.Id != 550 && !readOnly.Contains(i.Id)).Take(5).ToList();
            Assert.Equal(5, chosen.Count);
            target = now with { Items = [.. chosen.Select(i => i with { Data = Flip(i.Data) })] };
            imei = (await DeviceProbe.ReadAsync(c, Ct)).Imei;
            Assert.NotNull(imei);

            // PlanAsync reads 5 items, then each item is WRITE + READ: cut right after the 3rd item's WRITE
            faults.DisconnectAfterRequests = modem.Host.DiagServer!.RequestCount + 5 + 2 + 2 + 1;
            await Assert.ThrowsAnyAsync<Exception>(() =>
                job.RestoreAsync(target, new SafeEfsWriter(token), new NvRestoreOptions { JournalDirectory = journals, DeviceImei = imei }, null, Ct));
        }

        string? journalPath = NvRestoreJournalStore.FindLatestUnfinished(journals);
        Assert.NotNull(journalPath);
        NvRestoreJournal cut = NvRestoreJournalStore.Load(journalPath);
        Assert.Equal(5, cut.Items.Count);
        Assert.Equal(2, cut.Items.Count(i => i.State == NvItemState.Done));
        Assert.False(cut.Complete);
        Assert.Equal(token.ArchivePath, cut.BackupPath);

        // 2. plug back in: resume writes the rest and recognises the item written just before the cut
        using (var modem = Start(state, reuse: true))
        {
            await using var c = await ConnectAsync(modem);
            var r = await new NvJob(c).ResumeAsync(journalPath, new SafeEfsWriter(token), imei, "000000", false, null, Ct);

            Assert.Equal(2, r.Written);
            Assert.Equal(1, r.AlreadyDone);
            Assert.True(r.Resumed);
            foreach (NvBackupItem item in target.Items)
            {
                NvItem back = await c.Nv.ReadAsync((ushort)item.Id, tolerateInactive: false, Ct);
                Assert.Equal(item.Data, Convert.ToHexStringLower(back.Data.Span[..(item.Data.Length / 2)]));
            }

            Assert.True(NvRestoreJournalStore.Load(journalPath).Complete);
            Assert.Null(NvRestoreJournalStore.FindLatestUnfinished(journals));
            Assert.Empty(await new NvJob(c).PlanAsync(target, Ct));
        }
    }

    [Fact]
    public async Task Resume_on_another_modem_is_refused_before_any_write()
    {
        using var dir = new TempDir();
        string journals = dir.Combine("journals");
        VerifiedBackup token = await TokenAsync(dir.Combine("token.tar.gz"));
        var journal = new NvRestoreJournal
        {
            Id = "nv-restore-x",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            BackupPath = token.ArchivePath,
            Device = DeviceFingerprint.Create("352708007890124"),
            Items = [new NvJournalItem(10, "NV item 10", "01")],
        };
        NvRestoreJournalStore.Save(journals, journal);
        using var modem = Start(dir.Combine("state"), reuse: false);
        await using var c = await ConnectAsync(modem);
        string? imei = (await DeviceProbe.ReadAsync(c, Ct)).Imei;
        long before = modem.Host.DiagServer!.RequestCount;

        var ex = await Assert.ThrowsAsync<SafetyException>(() =>
            new NvJob(c).ResumeAsync(NvRestoreJournalStore.PathFor(journals, journal.Id), new SafeEfsWriter(token), imei, "000000", false, null, Ct));

        Assert.Contains("another modem", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, modem.Host.DiagServer!.RequestCount);
        Assert.False(NvRestoreJournalStore.Load(NvRestoreJournalStore.PathFor(journals, journal.Id)).Complete);
    }

    private static string Flip(string hex)
    {
        byte[] b = Convert.FromHexString(hex);
        b[0] ^= 0x5A;
        return Convert.ToHexStringLower(b);
    }
}
