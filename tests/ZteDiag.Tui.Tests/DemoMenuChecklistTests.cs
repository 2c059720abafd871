using Terminal.Gui.App;
using Terminal.Gui.Input;
using ZteDiag.Emulator;
using ZteDiag.Tui;
using ZteDiag.Workbench.Checklists;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>
/// The Demo menu's rehearsal keys in the real workbench window: the MTS→Globe checklist, which used to
/// dead-end at "take the SIM out", runs to completion with F11 (pull the SIM, pressed while the step's
/// question is open), F12 (unplug) and Shift+F12 (the updater flashed it to mf626-globe).
/// </summary>
public sealed class DemoMenuChecklistTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(3); // a full EFS backup on a loaded machine
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-demo-");

    public void Dispose() => _out.Delete(recursive: true);

    private static bool Asked(ChecklistView v, string stepId) => v.ActivePrompt is { } p && p.StepId == stepId;

    [Fact]
    public async Task The_globe_checklist_completes_on_the_demo_with_the_demo_keys()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        VirtualModem vm = ctx.Demo!;
        using IApplication app = NewApp(100, 40);
        using var w = new WorkbenchWindow(app, ctx);
        ChecklistView v = w.Checklists;
        string? menu = null;

        Step Yes(string stepId, TimeSpan? timeout = null) =>
            new($"{stepId} asked", () => Asked(v, stepId), () => v.ActivePrompt!.Answer(PromptAnswer.Yes)) { Timeout = timeout ?? TimeSpan.FromSeconds(60) };

        Script(app, w,
            new Step("files listed", () => !w.Browser.IsListing && w.Browser.Entries.Count > 0, () =>
            {
                menu = Screen(app);
                app.InjectKey(Key.F4);
            }),
            new Step("modem identified", () => v.Header.Contains("no saved run", StringComparison.Ordinal), () =>
            {
                v.Select("mf627-unlock-globe");
                app.InjectKey(Key.F9);
            }),
            Yes("identity-before"),
            Yes("backup-before"),
            new Step("take the SIM out asked", () => Asked(v, "remove-sim"), () => app.InjectKey(DemoControls.SimKey)) { Timeout = Slow },
            new Step("SIM pulled from the open question", () => !vm.SimInserted, () => v.ActivePrompt!.Answer(PromptAnswer.Yes)),
            Yes("prepare-host"),
            Yes("run-updater"),
            new Step("waiting for the unplug", () => v.Activity.Contains("Waiting for the modem to be unplugged", StringComparison.Ordinal),
                () => app.InjectKey(DemoControls.PlugKey)),
            new Step("unplugged", () => !vm.IsConnected && v.Activity.Contains("Waiting for the modem to come back", StringComparison.Ordinal),
                () => app.InjectKey(DemoControls.FlashKey)),
            new Step("flash asks for the profile", () => app.TopRunnableView?.Title?.ToString() == "Demo: flash", () => app.InjectKey(Key.Enter)),
            Yes("cd-emulation-off", Slow),
            Yes("cd-startup-flag"),
            Yes("autorun-off"),
            Yes("identity-after"),
            Yes("backup-after"),
            new Step("completed", () => !v.IsRunning && v.LastResult?.Status == RunStatus.Completed, () => { }) { Timeout = Slow });

        Assert.Contains("Demo", menu, StringComparison.Ordinal); // the menu bar offers it on the demo
        Assert.Equal("mf626-globe", vm.ProfileName);
        ChecklistRunState state = ctx.ChecklistStore.List().Single();
        Assert.Equal(RunStatus.Completed, state.Status);
        Assert.Contains("+CME ERROR: 10", state.Step("remove-sim")!.Evidence);
        Assert.Equal("MF626", state.IdentityAfter!.Model);
        Assert.Equal(state.IdentityBefore!.ImeiMasked, state.IdentityAfter.ImeiMasked);
    }
}
