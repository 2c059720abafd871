using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Emulator;
using ZteDiag.Tui;
using ZteDiag.Workbench.Checklists;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>
/// Every built-in checklist runs to completion in the workbench window on the demo modem, driven as a
/// technician would: Go ahead on each question, the Demo keys when a step wants the stick unplugged, the
/// SIM out, or the updater to have flashed it, and a real file when a step asks for one. (The MTS→Globe
/// run, with its evidence, is <see cref="DemoMenuChecklistTests"/>.)
/// </summary>
public sealed class EveryChecklistOnTheDemoTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-every-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public void The_built_in_checklists_are_the_ones_these_tests_walk()
    {
        string[] walked = ["disable-cd-emulation", "mf627-unlock-globe", "mf627-voice-mts", "recover-download-mode", "restore-from-backup"];
        Assert.Equal(walked, ChecklistLoader.LoadBuiltIn().Select(c => c.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Disable_cd_emulation_completes_and_leaves_autorun_off()
    {
        await WalkAsync("disable-cd-emulation", "mf627-mts", after: vm =>
        {
            Assert.False(vm.State.AutorunEnabled);
            Assert.False(vm.State.CdStartupEnabled);
        });
    }

    [Fact]
    public async Task Voice_MTS_completes_from_Globe_firmware_with_the_MTS_PCUI_VN_on_the_stick()
    {
        string pcui = Path.Combine(_out.FullName, "PCUI.VN");
        byte[] mts = "BD_MTSP673A4V1.0.0B02 MTS PCUI\n"u8.ToArray();
        await File.WriteAllBytesAsync(pcui, mts, TestContext.Current.CancellationToken);
        byte[]? onStickBeforeFlash = null;
        string? profileAfter = null;
        await WalkAsync("mf627-voice-mts", "mf626-globe", pcui, after: vm => profileAfter = vm.ProfileName, beforeFlash: m => onStickBeforeFlash = m.State.Efs.ReadFile("/PCUI.VN", out byte[] c) == ZteDiag.Emulator.State.EfsStoreError.None ? c : null);
        Assert.Equal(mts, onStickBeforeFlash);
        Assert.Equal("mf627-mts-b02", profileAfter);
    }

    [Fact]
    public async Task Recover_download_mode_completes_and_the_stick_leaves_download_mode()
    {
        await WalkAsync("recover-download-mode", "mf627-mts", prepare: m => m.State.EnterDownloadMode(),
            after: vm => Assert.False(vm.State.DownloadMode));
    }

    [Fact]
    public async Task Restore_from_backup_completes_with_the_backup_the_run_made_first()
    {
        await WalkAsync("restore-from-backup", "mf627-mts", archive: true);
        Assert.NotEmpty(_out.GetFiles("*.tar.gz", SearchOption.AllDirectories));
    }

    /// <summary>Runs <paramref name="checklistId"/> on a fresh demo of <paramref name="profile"/> until it ends; asserts it completed, then <paramref name="after"/> on the modem.</summary>
    private async Task WalkAsync(string checklistId, string profile, string? file = null, bool archive = false,
        Action<VirtualModem>? prepare = null, Action<VirtualModem>? beforeFlash = null, Action<VirtualModem>? after = null)
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, prepare, new VirtualModemStartOptions { Profile = profile, NagInterval = null });
        VirtualModem vm = ctx.Demo!;
        using IApplication app = NewApp(100, 40);
        using var w = new WorkbenchWindow(app, ctx);
        ChecklistView v = w.Checklists;
        var answered = new HashSet<ChecklistPromptDialog>();
        var seen = new List<string>();
        bool broughtBack = false; // one re-plug or flash per unplug: a flashed stick stays away ~3 s

        bool Drive()
        {
            if (!v.IsRunning && v.LastResult is not null)
            {
                return true;
            }

            if (app.TopRunnableView is TextPromptDialog { Title: "Demo: flash" })
            {
                beforeFlash?.Invoke(vm);
                app.InjectKey(Key.Enter); // the suggested profile: the one the checklist's updater installs
                return false;
            }

            if (v.ActivePrompt is { } p && answered.Add(p))
            {
                seen.Add(p.StepId ?? "?");
                if (p.StepId is "remove-sim" && vm.SimInserted)
                {
                    answered.Remove(p);
                    app.InjectKey(DemoControls.SimKey); // take the SIM out while the question waits
                    return false;
                }

                string? text = p.Field is null ? null : archive ? Newest(_out) : file;
                p.Answer(PromptAnswer.Yes, text);
                return false;
            }

            if (v.Activity.Contains("Waiting for the modem to be unplugged", StringComparison.Ordinal) && vm.IsConnected)
            {
                broughtBack = false;
                app.InjectKey(DemoControls.PlugKey);
            }
            else if (v.Activity.Contains("Waiting for the modem to come back", StringComparison.Ordinal) && !vm.IsConnected
                && !broughtBack && app.TopRunnableView is not TextPromptDialog)
            {
                broughtBack = true;
                // a flash step expects the updater to have changed the stick; the others a plain re-plug
                app.InjectKey(v.Selected?.Steps.Any(s => s.Id == "run-updater") == true ? DemoControls.FlashKey : DemoControls.PlugKey);
            }

            return false;
        }

        Script(app, w,
            new Step("files listed", () => !w.Browser.IsListing && w.Browser.Entries.Count > 0, () => app.InjectKey(Key.F4)),
            new Step("modem identified", () => v.Header.Contains("no saved run", StringComparison.Ordinal), () =>
            {
                v.Select(checklistId);
                app.InjectKey(Key.F9);
            }),
            new Step("run to the end", Drive, () => { }) { Timeout = TimeSpan.FromMinutes(6) });

        Assert.True(v.LastResult!.Status == RunStatus.Completed, $"{checklistId}: {v.LastResult.Status} at {v.LastResult.StepId}: {v.LastResult.Message} (asked: {string.Join(", ", seen)})");
        Assert.Equal(RunStatus.Completed, ctx.ChecklistStore.List().Single().Status);
        after?.Invoke(vm);
    }

    private static string Newest(DirectoryInfo dir) =>
        dir.GetFiles("*.tar.gz", SearchOption.AllDirectories).OrderByDescending(f => f.LastWriteTimeUtc).First().FullName;
}
