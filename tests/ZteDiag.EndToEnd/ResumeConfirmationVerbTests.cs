using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `restore` refuses an unconfirmable run before opening the modem, and `restore --resume` and
/// `nv restore --resume` obey --dry-run and the confirmation rule of a fresh
/// restore: a dry run lists what is pending and never opens the modem; an unconfirmable run (stdin not
/// a terminal, no --yes) is refused with exit 2 before the modem is opened.
/// </summary>
public sealed class ResumeConfirmationVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-resume-confirm-e2e-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string> Env => new() { ["XDG_STATE_HOME"] = Path.Combine(_dir, "xdg-state") };

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(2), environment: Env);

    [Fact]
    public async Task Restore_resume_dry_run_lists_the_pending_steps_and_an_unconfirmed_resume_is_refused_without_touching_the_modem()
    {
        Directory.CreateDirectory(_dir);
        string archive = Path.Combine(_dir, "tree.tar.gz");
        await using (var w = BackupArchiveWriter.Create(archive, new BackupHeader("test", DateTimeOffset.UnixEpoch, null)))
        {
            w.AddDirectory(new EfsEntryInfo("/rt", 0x41ED, 0));
            await w.CompleteAsync(Ct);
        }

        string journals = Path.Combine(_dir, "journals");
        var journal = new RestoreJournal
        {
            Id = "restore-pending",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            SourcePath = archive,
            SafetyBackupPath = Path.Combine(_dir, "safety.tar.gz"),
            Phase = RestorePhase.Applying,
            Steps =
            [
                new RestoreStep(RestoreAction.Delete, "/rt/done.bin", EntryKind.File, 0x81A4, 3, null, null, null, RestoreStepState.Done),
                new RestoreStep(RestoreAction.Delete, "/rt/extra.bin", EntryKind.File, 0x81A4, 3, null, null, null),
            ],
        };
        RestoreJournalStore.Save(journals, journal);
        string path = RestoreJournalStore.PathFor(journals, journal.Id);
        byte[] before = File.ReadAllBytes(path);

        await using var emu = await EmulatorProcess.StartAsync("--state", Path.Combine(_dir, "modem"));
        var (dry, dryOut, dryErr) = await Run([.. emu.PortArgs, "restore", "--resume", path, "--dry-run"]);
        Assert.True(dry == 0, dryOut + dryErr);
        Assert.Contains("1 step(s) pending", dryOut, StringComparison.Ordinal);
        Assert.Contains("/rt/extra.bin", dryOut, StringComparison.Ordinal);
        Assert.DoesNotContain("/rt/done.bin", dryOut, StringComparison.Ordinal);

        var (refused, _, err) = await Run([.. emu.PortArgs, "restore", "--resume", path]);
        Assert.Equal(2, refused);
        Assert.Contains("stdin is not a terminal; pass --yes", err, StringComparison.Ordinal);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(0, await emu.StopAndCountRequestsAsync());
    }

    [Fact]
    public async Task An_unconfirmable_restore_is_refused_before_the_modem_is_opened()
    {
        Directory.CreateDirectory(_dir);
        string archive = Path.Combine(_dir, "tree.tar.gz");
        await using (var w = BackupArchiveWriter.Create(archive, new BackupHeader("test", DateTimeOffset.UnixEpoch, null)))
        {
            w.AddDirectory(new EfsEntryInfo("/rt", 0x41ED, 0));
            await w.CompleteAsync(Ct);
        }

        await using var emu = await EmulatorProcess.StartAsync("--state", Path.Combine(_dir, "modem"));
        var (refused, _, err) = await Run([.. emu.PortArgs, "restore", archive, "--journal-dir", Path.Combine(_dir, "journals")]);
        Assert.Equal(2, refused);
        Assert.Contains("stdin is not a terminal; pass --yes", err, StringComparison.Ordinal);
        Assert.Equal(0, await emu.StopAndCountRequestsAsync());
        Assert.False(Directory.Exists(Path.Combine(_dir, "journals")));
    }

    [Fact]
    public async Task Nv_restore_resume_dry_run_lists_the_pending_items_and_an_unconfirmed_resume_is_refused_without_touching_the_modem()
    {
        Directory.CreateDirectory(_dir);
        string journals = Path.Combine(_dir, "nv-journals");
        var journal = new NvRestoreJournal
        {
            Id = "nv-restore-pending",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            BackupPath = Path.Combine(_dir, "token.tar.gz"),
            Items = [new NvJournalItem(10, "NV item 10", "01") with { State = NvItemState.Done }, new NvJournalItem(20, "NV item 20", "abcd")],
        };
        NvRestoreJournalStore.Save(journals, journal);
        string path = NvRestoreJournalStore.PathFor(journals, journal.Id);
        byte[] before = File.ReadAllBytes(path);

        await using var emu = await EmulatorProcess.StartAsync("--state", Path.Combine(_dir, "modem"));
        var (dry, dryOut, dryErr) = await Run([.. emu.PortArgs, "nv", "restore", "--resume", path, "--dry-run"]);
        Assert.True(dry == 0, dryOut + dryErr);
        Assert.Contains("1 item(s) differ (dry run, nothing written)", dryOut, StringComparison.Ordinal);
        Assert.Contains("20 NV item 20", dryOut, StringComparison.Ordinal);
        Assert.DoesNotContain("NV item 10", dryOut, StringComparison.Ordinal);

        var (refused, _, err) = await Run([.. emu.PortArgs, "nv", "restore", "--resume", path]);
        Assert.Equal(2, refused);
        Assert.Contains("stdin is not a terminal; pass --yes", err, StringComparison.Ordinal);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(0, await emu.StopAndCountRequestsAsync());
    }
}
