using ZteDiag.Emulator;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Checklists;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Checklists;

/// <summary>
/// The built-in checklists end to end: the in-process virtual modem on real ptys, the real clients behind
/// <see cref="ModemChecklistDevice"/>, and a scripted user who pulls the SIM, "runs the updater" (a profile
/// switch, which gives the ports new paths) and unplugs/replugs the stick when the runner waits for it.
/// </summary>
public sealed class RealModemChecklistTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly ChecklistStateStore _store;
    private readonly List<VirtualModem> _modems = [];
    private static readonly ChecklistRunnerOptions Fast = new() { UserName = "tester", PollInterval = TimeSpan.FromMilliseconds(20) };

    public RealModemChecklistTests() => _store = new ChecklistStateStore(_tmp.Combine("state"));

    public void Dispose()
    {
        foreach (VirtualModem m in _modems) m.Dispose();
        _tmp.Dispose();
    }

    private VirtualModem Start(string profile)
    {
        var m = VirtualModem.Start(new VirtualModemStartOptions { Profile = profile, NagInterval = null });
        _modems.Add(m);
        return m;
    }

    /// <summary>Ports are looked up again on every operation: after a replug the paths are new.</summary>
    private ModemChecklistDevice Device(VirtualModem m, ChecklistRestoreHandler? restore = null, bool quickBackup = false) => new(
        () => m.IsConnected
            ? new ConnectionOptions { DiagPort = m.DiagPath, AtPort = m.AtPath, Timeout = TimeSpan.FromSeconds(3) }
            : new ConnectionOptions { DiagPort = _tmp.Combine("unplugged-diag"), AtPort = _tmp.Combine("unplugged-at"), Timeout = TimeSpan.FromSeconds(1) },
        new ModemChecklistDeviceOptions { BackupDirectory = _tmp.Combine("backups"), Restore = restore, Backup = quickBackup ? QuickBackup : null, Registry = null });

    /// <summary>Stands in for the full EFS copy (4 MB CD image) where a run reaches no write (writes need a real verified backup); it still writes a file.</summary>
    private Task<BackupRecord> QuickBackup(ConnectionOptions o, BackupRequest req, IProgress<DeviceJobProgress> progress, CancellationToken ct)
    {
        Directory.CreateDirectory(_tmp.Combine("backups"));
        string path = _tmp.Combine("backups", $"quick-{Guid.NewGuid():N}.tar.gz");
        File.WriteAllText(path, "stand-in");
        progress.Report(new DeviceJobProgress("/", 1, 1));
        return Task.FromResult(new BackupRecord(path, true, 1, 0, 8, null));
    }

    private static ChecklistDefinition BuiltIn(string id) => ChecklistLoader.LoadBuiltIn().Single(c => c.Id == id);

    private ChecklistRunner Runner(ChecklistDefinition c, IChecklistDevice d, IChecklistPrompter p) => new(c, d, p, _store, TimeProvider.System, Fast);

    /// <summary>The user: pulls the SIM when asked, flashes <paramref name="flashTo"/> at "run the updater",
    /// and while the runner waits, unplugs the stick (if it is there) or plugs it back in.</summary>
    private static ScriptedPrompter User(VirtualModem modem, string? flashTo, bool pullSim = true, string? file = null) => new()
    {
        Manual = step =>
        {
            if (step.Id == "remove-sim" && pullSim) modem.SetSim(false);
            if (step.Id == "run-updater" && flashTo is not null) modem.SwitchProfile(flashTo);
            return PromptAnswer.Yes;
        },
        File = _ => file,
        OnCountdown = (_, _) =>
        {
            if (modem.IsConnected) modem.Disconnect();
            else modem.Replug();
        },
    };

    [Fact]
    public async Task The_globe_unlock_runs_on_the_virtual_modem_through_the_reflash()
    {
        VirtualModem modem = Start("mf627-mts");
        ScriptedPrompter user = User(modem, "mf626-globe");
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");

        ChecklistRunResult r = await Runner(c, Device(modem), user).RunAsync(TestContext.Current.CancellationToken);

        Assert.True(r.Status == RunStatus.Completed, $"{r.StepId}: {r.Message}");
        ChecklistRunState s = r.State;
        Assert.Equal(("MF627", "BD_MTSP673A4V1.0.0B01"), (s.IdentityBefore!.Model, s.IdentityBefore.Revision));
        Assert.Equal(("MF626", "BD_P673M3V1.0.1B02"), (s.IdentityAfter!.Model, s.IdentityAfter.Revision));
        Assert.Contains("remove-sim: +CME ERROR: 10", user.Evidence);
        Assert.Contains("cd-emulation-off: Inquiry autorun open state result(0:NO 1:YES):0", user.Evidence);
        Assert.False(modem.State.AutorunEnabled);
        Assert.False(modem.State.CdStartupEnabled);
        Assert.Equal(2, s.Backups.Count);
        foreach (BackupRecord b in s.Backups)
        {
            Assert.True(b.Verified);
            Assert.True(b.Files > 0);
            Assert.True((await ArchiveVerifier.VerifyAsync(b.Path, TestContext.Current.CancellationToken)).IsValid);
        }
        Assert.NotEmpty(user.Progress);
    }

    [Fact]
    public async Task An_unplug_while_waiting_resumes_at_re_detection_after_the_replug()
    {
        VirtualModem modem = Start("mf627-mts");
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        ScriptedPrompter userA = User(modem, "mf626-globe");
        userA.OnCountdown = (_, _) =>
        {
            if (modem.IsConnected) modem.Disconnect();
            else cts.Cancel(); // the laptop goes to sleep while the stick is out
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner(c, Device(modem), userA).RunAsync(cts.Token));
        modem.Replug();

        ScriptedPrompter userB = User(modem, flashTo: null);
        ChecklistRunResult r = await Runner(c, Device(modem), userB).RunAsync(TestContext.Current.CancellationToken);

        Assert.True(r.Status == RunStatus.Completed, $"{r.StepId}: {r.Message}");
        Assert.Equal("redetect", userB.StepsShown[0]);
        Assert.Equal(2, r.State.Step("redetect")!.Attempts);
        Assert.Equal("MF626", r.State.IdentityAfter!.Model);
    }

    [Fact]
    public async Task A_sim_left_in_stops_the_run_with_the_remedy()
    {
        VirtualModem modem = Start("mf627-mts");
        ScriptedPrompter user = User(modem, "mf626-globe", pullSim: false);

        ChecklistRunResult r = await Runner(BuiltIn("mf627-unlock-globe"), Device(modem, quickBackup: true), user).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.Equal("remove-sim", r.StepId);
        Assert.Contains("+CME ERROR: 10", r.Message, StringComparison.Ordinal);
        Assert.Contains("Take the SIM out", r.Remedy, StringComparison.Ordinal);
        Assert.Contains("remove-sim: +CPIN: READY", user.Evidence);
        Assert.Equal("mf627-mts", modem.ProfileName);
    }

    [Fact]
    public async Task The_voice_option_swaps_pcui_vn_and_ends_on_the_mts_b02_firmware()
    {
        VirtualModem modem = Start("mf626-globe");
        string pcui = _tmp.Combine("PCUI.VN");
        await File.WriteAllTextAsync(pcui, "MTS_MF627_BD_MTSP673A4V1.0.0B01", TestContext.Current.CancellationToken);
        ScriptedPrompter user = User(modem, "mf627-mts-b02", file: pcui);

        ChecklistRunResult r = await Runner(BuiltIn("mf627-voice-mts"), Device(modem), user).RunAsync(TestContext.Current.CancellationToken);

        Assert.True(r.Status == RunStatus.Completed, $"{r.StepId}: {r.Message}");
        Assert.Contains("swap-identifier: read back: identical to " + pcui, user.Evidence);
        Assert.Equal("BD_MTSP673A4V1.0.0B02", r.State.IdentityAfter!.Revision);
    }

    [Fact]
    public async Task Disable_cd_emulation_survives_the_replug()
    {
        VirtualModem modem = Start("mf627-mts");
        ChecklistRunResult r = await Runner(BuiltIn("disable-cd-emulation"), Device(modem), User(modem, null)).RunAsync(TestContext.Current.CancellationToken);

        Assert.True(r.Status == RunStatus.Completed, $"{r.StepId}: {r.Message}");
        Assert.False(modem.State.AutorunEnabled);
        Assert.False(modem.State.CdStartupEnabled);
        Assert.True(r.State.Step("replug")!.UnplugSeen);
    }

    [Fact]
    public async Task Recover_download_mode_recreates_nodownload_flg()
    {
        VirtualModem modem = Start("mf626-globe");
        modem.State.EnterDownloadMode();
        Assert.True(modem.State.DownloadMode);

        ChecklistRunResult r = await Runner(BuiltIn("recover-download-mode"), Device(modem), User(modem, null)).RunAsync(TestContext.Current.CancellationToken);

        Assert.True(r.Status == RunStatus.Completed, $"{r.StepId}: {r.Message}");
        Assert.False(modem.State.DownloadMode);
    }

    [Fact]
    public async Task Restore_from_backup_hands_the_chosen_archive_to_the_restore_job()
    {
        VirtualModem modem = Start("mf627-mts");
        RestoreRequest? seen = null;
        ChecklistRestoreHandler restore = (_, req, progress, _) =>
        {
            seen = req;
            progress.Report(new DeviceJobProgress("/", 1, 1));
            return Task.FromResult(new DeviceActionResult(true, ["restored " + Path.GetFileName(req.ArchivePath)]));
        };
        ChecklistDefinition c = BuiltIn("restore-from-backup");
        string? archive = null;
        var user = User(modem, null);
        user.File = _ => archive ??= Directory.EnumerateFiles(_tmp.Combine("backups")).Single();

        ChecklistRunResult r = await Runner(c, Device(modem, restore, quickBackup: true), user).RunAsync(TestContext.Current.CancellationToken);

        Assert.True(r.Status == RunStatus.Completed, $"{r.StepId}: {r.Message}");
        Assert.Equal(archive, seen!.ArchivePath);
    }

    [Fact]
    public async Task Without_a_restore_job_the_restore_step_runs_the_restore_planner_and_job()
    {
        VirtualModem modem = Start("mf627-mts");
        var user = User(modem, null);
        string? archive = null;
        user.File = _ => archive ??= Directory.EnumerateFiles(_tmp.Combine("backups"), "*.tar.gz").First();

        ChecklistRunResult r = await Runner(BuiltIn("restore-from-backup"), Device(modem), user).RunAsync(TestContext.Current.CancellationToken);

        Assert.True(r.Status == RunStatus.Completed, $"{r.StepId}: {r.Message}");
        Assert.True((await ArchiveVerifier.VerifyAsync(archive!, TestContext.Current.CancellationToken)).IsValid);
        Assert.Contains(user.Evidence, e => e.Contains("plan from " + archive, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_built_in_checklist_has_a_test_here()
    {
        string[] covered = ["mf627-unlock-globe", "mf627-voice-mts", "disable-cd-emulation", "recover-download-mode", "restore-from-backup"];
        Assert.Equal(covered.Order(), ChecklistLoader.LoadBuiltIn().Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Probe_and_identity_follow_the_modem_through_a_sysfs_tree_across_a_reflash()
    {
        VirtualModem modem = Start("mf627-mts");
        string root = _tmp.Combine("sysfs");
        modem.WriteSysfs(root);
        var device = new ModemChecklistDevice(() => new ConnectionOptions { SysfsRoot = root, DevRoot = Path.Combine(root, "dev") },
            new ModemChecklistDeviceOptions { BackupDirectory = _tmp.Combine("backups"), Registry = null });

        PortPresence p = await device.ProbeAsync(TestContext.Current.CancellationToken);
        Assert.True(p.Present);
        Assert.Contains(p.Ports, l => l.Contains("DIAG", StringComparison.Ordinal));
        DeviceIdentitySnapshot id = await device.ReadIdentityAsync(TestContext.Current.CancellationToken);
        Assert.Equal("MF627", id.Model);
        Assert.Matches("^[0-9]{15}$", id.Imei);
        Assert.StartsWith("VERNO", id.Version, StringComparison.Ordinal);

        modem.SwitchProfile("mf626-globe");
        modem.WriteSysfs(root);
        DeviceIdentitySnapshot after = await device.ReadIdentityAsync(TestContext.Current.CancellationToken);
        Assert.Equal(("MF626", id.Imei), (after.Model, after.Imei)); // NV 550 survives the reflash
    }
}
