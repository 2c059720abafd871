using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Emulator;
using ZteDiag.Tui;
using ZteDiag.Workbench.Connection;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>The stick panel (Ctrl+L) on a bench of two virtual sticks with a fake sysfs tree: state, hot-plug, switching.</summary>
public sealed class StickListTests : IAsyncDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("ztediag-tui-sticks-");
    private VirtualBench? _bench;

    public async ValueTask DisposeAsync()
    {
        if (_bench is not null)
        {
            await _bench.DisposeAsync();
        }

        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task Ctrl_L_shows_the_panel_with_both_sticks_marks_the_current_one_sees_an_unplug_and_switches_the_workbench_to_the_other()
    {
        _bench = VirtualBench.Start(2, new VirtualModemStartOptions { NagInterval = null });
        string sys = Path.Combine(_root.FullName, "sys");
        _bench.WriteSysfs(sys);
        var options = new ConnectionOptions { SysfsRoot = sys, DevRoot = Path.Combine(sys, "dev"), Device = "ZTEVIRT000000001" };
        ModemConnection modem = await ModemConnection.OpenAsync(options, TestContext.Current.CancellationToken);
        await using var ctx = new WorkbenchContext(modem, null, new WorkbenchJobs(), _root.FullName, () => options,
            new ZteDiag.Workbench.Checklists.ChecklistStateStore(Path.Combine(_root.FullName, "checklists")));
        using IApplication app = NewApp(120, 34);
        using var w = new WorkbenchWindow(app, ctx);
        StickPanel list = w.Sticks;
        List<StickRow>? first = null;
        List<string>? afterUnplug = null;
        string? note = null, screen = null;
        Script(app, w,
            new Step("started", () => !w.Browser.IsListing && w.Browser.Entries.Count > 0, () => app.InjectKey(Key.L.WithCtrl)),
            new Step("listed", () => list is { Visible: true, Rows.Count: 2 }, () =>
            {
                first = [.. list.Rows];
                screen = Screen(app);
                _bench.Unplug(2);
                list.Reload(); // what the 2 s timer does
            }),
            new Step("unplug seen", () => list.Rows.Count == 1, () =>
            {
                afterUnplug = [.. list.Rows.Select(r => r.Name)];
                _bench.Replug(2);
                list.Reload();
            }),
            new Step("replug seen", () => list.Rows.Count == 2, () =>
            {
                note = list.Note;
                app.InjectKey(Key.CursorDown);
                app.InjectKey(Key.Enter);
            }),
            new Step("switched", () => ctx.Stick == "ZTEVIRT000000002" && ReferenceEquals(app.TopRunnableView, w) && !w.Browser.IsListing && w.Browser.Entries.Count > 0, () => { }) { Timeout = TimeSpan.FromSeconds(40) },
            new Step("marked", () => list.Rows.Count == 2 && list.Rows[1].Text.StartsWith('►'), () => app.InjectKey(Key.L.WithCtrl)),
            new Step("hidden", () => !list.Visible, () => { }));
        Assert.Equal("► ZTEVIRT000000001  online", first![0].Text);
        Assert.Equal("  ZTEVIRT000000002  online", first[1].Text);
        Assert.Contains("usb 1-4", first[1].Details, StringComparison.Ordinal);
        Assert.Contains("Sticks (Ctrl+L)", screen);
        Assert.Contains("► ZTEVIRT000000001  online", screen);
        Assert.Equal(["ZTEVIRT000000001"], afterUnplug);
        Assert.Contains("2 plugged", note);
        Assert.Equal("ZTEVIRT000000002", ctx.Modem.Target.Name);
        Assert.Contains(Path.Combine(sys, "dev", "ttyUSB3"), ctx.Modem.DiagDescription, StringComparison.Ordinal);
    }
}
