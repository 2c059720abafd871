using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Emulator;
using ZteDiag.Tui;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Checklists;
using ZteDiag.Workbench.Jobs;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>
/// The Checklist tab on the in-process virtual modem: the same runner as the CLI, questions as dialogs,
/// the saved run (per device) on screen, a quit and a resume, a re-plug with its countdown, a failing
/// check with its remedy, and a reset.
/// </summary>
public sealed class ChecklistViewTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(2); // a full EFS backup on a loaded machine
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-checklist-");

    public void Dispose() => _out.Delete(recursive: true);

    private static bool Asked(ChecklistView v, string stepId) => v.ActivePrompt is { } p && p.StepId == stepId;

    private static bool Ended(ChecklistView v, RunStatus status) => !v.IsRunning && v.LastResult?.Status == status;

    private static void Answer(ChecklistView v, PromptAnswer a) => v.ActivePrompt!.Answer(a);

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    [Fact]
    public async Task A_run_pauses_on_quit_resumes_at_that_step_and_waits_through_a_replug_with_a_countdown()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        VirtualModem vm = ctx.Demo!;
        using IApplication app = NewApp(100, 40);
        using var w = new WorkbenchWindow(app, ctx);
        ChecklistView v = w.Checklists;
        string? identified = null, prompt = null, paused = null, countdown = null, done = null;
        Script(app, w,
            new Step("files listed", () => Idle(w), () => app.InjectKey(Key.F4)),
            new Step("modem identified", () => v.Header.Contains("no saved run", StringComparison.Ordinal), () =>
            {
                v.Select("disable-cd-emulation");
                identified = Screen(app);
                app.InjectKey(Key.F9);
            }),
            new Step("identity asked", () => Asked(v, "identity-before"), () =>
            {
                prompt = Screen(app);
                app.InjectKey(Key.Enter); // the default button: go ahead
            }),
            new Step("backup asked", () => Asked(v, "backup-before"), () => Answer(v, PromptAnswer.Yes)),
            new Step("first write asked", () => Asked(v, "zcdrun-off"), () => Answer(v, PromptAnswer.Quit)) { Timeout = Slow },
            new Step("paused", () => Ended(v, RunStatus.Paused), () =>
            {
                paused = Screen(app);
                app.InjectKey(Key.F9);
            }),
            new Step("resumed at the first write", () => Asked(v, "zcdrun-off"), () => Answer(v, PromptAnswer.Yes)),
            new Step("optional deletion asked", () => Asked(v, "cd-startup-flag"), () => Answer(v, PromptAnswer.No)),
            new Step("waiting for the unplug", () => v.Activity.Contains("Waiting for the modem to be unplugged", StringComparison.Ordinal), () =>
            {
                countdown = Screen(app);
                vm.Disconnect();
            }),
            new Step("waiting for the replug", () => v.Activity.Contains("Waiting for the modem to come back", StringComparison.Ordinal), vm.Replug),
            new Step("completed", () => Ended(v, RunStatus.Completed), () => done = Screen(app)) { Timeout = Slow });

        Assert.Matches(@"imei-[0-9a-f]{16}: no saved run", identified); // nothing saved yet: every step pending
        Assert.Contains("[pending  ] AT+ZCDRUN=8", identified);
        Assert.Contains("ZteDiag reads ATI", prompt);
        Assert.Contains("About to: Read the modem's identity", prompt);
        Assert.Contains("paused at zcdrun-off", paused);
        Assert.Contains("[done     ] Record the identity", paused);
        Assert.Contains("[done     ] Full EFS and NV backup", paused);
        Assert.Contains("> 3. [pending  ] AT+ZCDRUN=8", paused);
        Assert.Contains("Paused at zcdrun-off: stopped by the user", paused);
        Assert.Matches(@"Waiting for the modem to be unplugged: \d+ s left", countdown);
        Assert.Contains("[skipped  ] Delete CD_STARTUP_FLAG", done);
        Assert.Contains("[passed   ] Setting kept after re-plug", done);
        Assert.Contains("Checklist disable-cd-emulation completed", done);

        // the saved run is the runner's own: same store and format as `ztediag checklist`
        ChecklistRunState state = ctx.ChecklistStore.List().Single();
        Assert.Equal(("disable-cd-emulation", RunStatus.Completed), (state.ChecklistId, state.Status));
        Assert.StartsWith("imei-", state.DeviceKey, StringComparison.Ordinal);
        Assert.Equal(2, state.Step("zcdrun-off")!.Attempts);
        Assert.Equal(StepStatus.Skipped, state.Step("cd-startup-flag")!.Status);
        Assert.True(state.Step("replug")!.UnplugSeen);
        Assert.Contains("Inquiry autorun open state result(0:NO 1:YES):0", state.Step("still-off")!.Evidence);
        Assert.False(vm.State.AutorunEnabled);
        Assert.Single(state.Backups);
        Assert.True(File.Exists(state.Backups[0].Path));

        // the workbench has the modem again, on the ports it came back with
        Assert.Equal(vm.DiagPath, ctx.Modem.DiagDescription);
        Assert.NotNull((await ctx.Modem.Identity.ReadAsync(TestContext.Current.CancellationToken)).Version);
    }

    [Fact]
    public async Task A_backup_taken_by_a_checklist_in_the_tui_is_recorded_in_the_backup_registry_like_the_cli_does()
    {
        var registry = new BackupRegistry(Path.Combine(_out.FullName, "state", "backups.json"));
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, registry: registry);
        using (IApplication app = NewApp(100, 40))
        using (var w = new WorkbenchWindow(app, ctx))
        {
            ChecklistView v = w.Checklists;
            Script(app, w,
                new Step("files listed", () => Idle(w), () => app.InjectKey(Key.F4)),
                new Step("modem identified", () => v.Header.Contains("no saved run", StringComparison.Ordinal), () =>
                {
                    v.Select("disable-cd-emulation");
                    app.InjectKey(Key.F9);
                }),
                new Step("identity asked", () => Asked(v, "identity-before"), () => Answer(v, PromptAnswer.Yes)),
                new Step("backup asked", () => Asked(v, "backup-before"), () => Answer(v, PromptAnswer.Yes)),
                new Step("first write asked", () => Asked(v, "zcdrun-off"), () => Answer(v, PromptAnswer.Quit)) { Timeout = Slow },
                new Step("paused", () => Ended(v, RunStatus.Paused), () => { }));
        }

        string archive = Assert.Single(ctx.ChecklistStore.List().Single().Backups).Path;
        Assert.Equal(Path.Combine(_out.FullName, "backups"), Path.GetDirectoryName(archive));
        RecentBackup recorded = Assert.Single(registry.Load());
        Assert.Equal(Path.GetFullPath(archive), recorded.Path);
        Assert.True(recorded.Verified);

        // recorded for this modem: the write commands' backup guard finds it by the IMEI
        string? imei = (await DeviceProbe.ReadAsync(ctx.Modem, TestContext.Current.CancellationToken)).Imei;
        Assert.NotNull(imei);
        Assert.Equal(recorded, Assert.Single(registry.ForDevice(imei)));
    }

    [Fact]
    public async Task A_failing_check_stops_with_its_remedy_the_saved_failure_shows_in_a_new_session_and_reset_forgets_it()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        string? failed = null;
        using (IApplication app = NewApp(100, 40))
        using (var w = new WorkbenchWindow(app, ctx))
        {
            ChecklistView v = w.Checklists;
            Script(app, w,
                new Step("files listed", () => Idle(w), () => app.InjectKey(Key.F4)),
                new Step("modem identified", () => v.Header.Contains("no saved run", StringComparison.Ordinal), () =>
                {
                    v.Select("mf627-unlock-globe");
                    app.InjectKey(Key.F9);
                }),
                new Step("identity asked", () => Asked(v, "identity-before"), () => Answer(v, PromptAnswer.Yes)),
                new Step("backup asked", () => Asked(v, "backup-before"), () => Answer(v, PromptAnswer.Yes)),
                new Step("SIM asked", () => Asked(v, "remove-sim"), () => Answer(v, PromptAnswer.Yes)) { Timeout = Slow }, // but the SIM is still in
                new Step("failed", () => Ended(v, RunStatus.Failed), () => failed = Screen(app)));
        }

        Assert.Contains("FAILED at remove-sim", failed);
        Assert.Contains("[failed   ] Take the SIM card out", failed);
        Assert.Contains("What to do: The modem still sees a SIM", failed);
        Assert.Contains("+CPIN: READY", failed);

        // a new TUI session on the same modem shows the saved failure, and Shift+F9 forgets it
        string? shown = null, reset = null;
        using (IApplication app = NewApp(100, 40))
        using (var w = new WorkbenchWindow(app, ctx))
        {
            ChecklistView v = w.Checklists;
            Script(app, w,
                new Step("files listed", () => Idle(w), () => app.InjectKey(Key.F4)),
                new Step("modem identified", () => v.Header.Contains("imei-", StringComparison.Ordinal), () => v.Select("mf627-unlock-globe")),
                new Step("saved failure shown", () => v.Header.Contains("failed at remove-sim", StringComparison.Ordinal), () =>
                {
                    v.Steps.SelectedIndex = 2;
                    shown = Screen(app);
                    app.InjectKey(Key.F9.WithShift);
                }),
                new Step("reset asked", () => v.ActivePrompt is { StepId: null }, () => Answer(v, PromptAnswer.Yes)),
                new Step("forgotten", () => v.Header.Contains("no saved run", StringComparison.Ordinal), () => reset = Screen(app)));
        }

        Assert.Contains("What to do: The modem still sees a SIM", shown);
        Assert.Contains("> 3. [failed   ]", shown);
        Assert.Matches(@"failed at remove-sim  \(updated \d{4}-\d{2}-\d{2} \d{2}:\d{2}", shown); // the time is shown whole, not cut
        Assert.Contains("[pending  ] Take the SIM card out", reset);
        Assert.Empty(ctx.ChecklistStore.List());
    }
}
