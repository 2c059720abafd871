using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>The three pages of the workbench.</summary>
public enum WorkbenchPage
{
    /// <summary>EFS browser.</summary>
    Files,

    /// <summary>AT console.</summary>
    At,

    /// <summary>Checklists.</summary>
    Checklists,
}

/// <summary>
/// The main window: menu, device bar, page tabs (Files / AT console / Checklist), log pane and
/// status bar. Every modem operation runs off the UI thread; errors are shown as readable dialogs.
/// </summary>
public sealed class WorkbenchWindow : Window
{
    private readonly IApplication _app;
    private readonly WorkbenchContext _ctx;
    private readonly Label _tabs;
    private readonly CancellationTokenSource _life = new();
    private readonly DemoControls? _demo;

    /// <summary>Creates the window; <paramref name="sink"/> (optional) feeds the log pane.</summary>
    public WorkbenchWindow(IApplication app, WorkbenchContext ctx, TuiLogSink? sink = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(ctx);
        _app = app;
        _ctx = ctx;
        Title = ctx.Demo is null ? "ZteDiag workbench" : $"ZteDiag workbench - DEMO ({ctx.Demo.ProfileName})";
        BorderStyle = Terminal.Gui.Drawing.LineStyle.None;

        _demo = ctx.Demo is { } vm ? new DemoControls(app, vm) : null;
        var menu = new MenuBar(
        [
            new MenuBarItem("_File",
            [
                new MenuItem("_Refresh", "F5", Refresh, null!),
                new MenuItem("_Go to folder...", "^G", GoTo, null!),
                new MenuItem("_Download...", "^D", Download, null!),
                new MenuItem("_Upload...", "^U", Upload, null!),
                new MenuItem("_New folder...", "F7", NewFolder, null!),
                new MenuItem("Re_name...", "^R", Rename, null!),
                new MenuItem("De_lete...", "F8", Delete, null!),
                new MenuItem("_Quit", "^Q", () => _app.RequestStop(), null!),
            ]),
            new MenuBarItem("_Jobs",
            [
                new MenuItem("_Backup...", "F6", Backup, null!),
                new MenuItem("_Verify...", "", Verify, null!),
                new MenuItem("_Restore...", "plan first", Restore, null!),
            ]),
            new MenuBarItem("_Device",
            [
                new MenuItem("CD emulation _on", "", () => Toggle("CD emulation on", (m, ct) => _ctx.Jobs.SetCdEmulationAsync(m, true, ct)), null!),
                new MenuItem("CD emulation o_ff", "", () => Toggle("CD emulation off", (m, ct) => _ctx.Jobs.SetCdEmulationAsync(m, false, ct)), null!),
                new MenuItem("_Autorun on", "", () => Toggle("Autorun on", (m, ct) => _ctx.Jobs.SetAutorunAsync(m, true, ct)), null!),
                new MenuItem("Autorun o_ff", "", () => Toggle("Autorun off", (m, ct) => _ctx.Jobs.SetAutorunAsync(m, false, ct)), null!),
                new MenuItem("_Identifier swap...", "", SwapIdentifier, null!),
                new MenuItem("_NV viewer...", "^N", ShowNv, null!),
            ]),
            new MenuBarItem("_View",
            [
                new MenuItem("_Files", "F2", () => ShowPage(WorkbenchPage.Files), null!),
                new MenuItem("_AT console", "F3", () => ShowPage(WorkbenchPage.At), null!),
                new MenuItem("_Checklist", "F4", () => ShowPage(WorkbenchPage.Checklists), null!),
            ]),
            .. _demo is null ? Array.Empty<MenuBarItem>() : [_demo.Menu()],
            new MenuBarItem("_Help", [new MenuItem("_Keys", "F1", ShowHelp, null!)]),
        ]);
        if (_demo is not null)
        {
            app.Keyboard.KeyDown += _demo.OnKey;
        }

        DeviceBar = new DeviceBar { X = 0, Y = Pos.Bottom(menu) };
        _tabs = new Label { X = 0, Y = Pos.Bottom(DeviceBar), Width = Dim.Fill(), Height = 1 };
        LogPane = new LogPane { X = 0, Y = Pos.AnchorEnd(6), Width = Dim.Fill(), Height = 5 };
        Browser = new EfsBrowserView(app, ctx) { X = 0, Y = Pos.Bottom(_tabs), Height = Dim.Fill(6) };
        Console = new AtConsoleView(app, ctx) { X = 0, Y = Pos.Bottom(_tabs), Height = Dim.Fill(6), Visible = false };
        Checklists = new ChecklistView(app, new ChecklistSession(ctx)) { X = 0, Y = Pos.Bottom(_tabs), Height = Dim.Fill(6), Visible = false };
        var status = new StatusBar(
        [
            new Shortcut(Key.F1, "Help", ShowHelp, ""),
            new Shortcut(Key.F2, "Files", () => ShowPage(WorkbenchPage.Files), ""),
            new Shortcut(Key.F3, "AT", () => ShowPage(WorkbenchPage.At), ""),
            new Shortcut(Key.F4, "Checks", () => ShowPage(WorkbenchPage.Checklists), ""),
            new Shortcut(Key.F5, "Refresh", Refresh, ""),
            new Shortcut(Key.F6, "Backup", Backup, ""),
            new Shortcut(Key.F10, "Menu", () => { }, ""),
            new Shortcut(Key.Q.WithCtrl, "Quit", () => _app.RequestStop(), ""),
        ]);
        Add(menu, DeviceBar, _tabs, Browser, Console, Checklists, LogPane, status);
        KeyDown += OnKey;
        ShowPage(WorkbenchPage.Files);
        sink?.Attach(app, LogPane);
        DeviceBar.Load(app, ctx, _life.Token);
        Browser.Navigate("/");
        Console.Connect();
        ctx.Reconnected += OnReconnected;
    }

    /// <summary>Raised on the UI thread when a job's progress dialog opens (tests use it to cancel).</summary>
    public event EventHandler<JobProgressDialog>? JobStarted;

    /// <summary>The device bar.</summary>
    public DeviceBar DeviceBar { get; }

    /// <summary>The EFS browser page.</summary>
    public EfsBrowserView Browser { get; }

    /// <summary>The AT console page.</summary>
    public AtConsoleView Console { get; }

    /// <summary>The checklist page.</summary>
    public ChecklistView Checklists { get; }

    /// <summary>The log pane.</summary>
    public LogPane LogPane { get; }

    /// <summary>The page shown.</summary>
    public WorkbenchPage Page { get; private set; }

    /// <summary>How the last job ended.</summary>
    public JobOutcome? LastOutcome { get; private set; }

    /// <summary>Shows a page and focuses it.</summary>
    public void ShowPage(WorkbenchPage page)
    {
        Page = page;
        Browser.Visible = page == WorkbenchPage.Files;
        Console.Visible = page == WorkbenchPage.At;
        Checklists.Visible = page == WorkbenchPage.Checklists;
        _tabs.Text = page switch
        {
            WorkbenchPage.Files => " [F2 Files]   F3 AT console    F4 Checklist ",
            WorkbenchPage.At => "  F2 Files   [F3 AT console]   F4 Checklist ",
            _ => "  F2 Files    F3 AT console   [F4 Checklist]",
        };
        switch (page)
        {
            case WorkbenchPage.Files:
                Browser.Listing.SetFocus();
                break;
            case WorkbenchPage.At:
                Console.Input.SetFocus();
                break;
            default:
                Checklists.List.SetFocus();
                Checklists.Activate();
                break;
        }
    }

    private void OnKey(object? sender, Key key)
    {
        Action? action = null;
        if (key == Key.Esc)
        {
            key.Handled = true; // Esc would quit the app (Command.Quit); Ctrl+Q does that
            return;
        }

        if (key == Key.F1) action = ShowHelp;
        else if (key == Key.F2) action = () => ShowPage(WorkbenchPage.Files);
        else if (key == Key.F3) action = () => ShowPage(WorkbenchPage.At);
        else if (key == Key.F4) action = () => ShowPage(WorkbenchPage.Checklists);
        else if (key == Key.F5) action = Refresh;
        else if (key == Key.F6) action = Backup;
        else if (key == Key.F7) action = NewFolder;
        else if (key == Key.F8) action = Delete;
        else if (key == Key.F9 && Page == WorkbenchPage.Checklists) action = Checklists.RunSelected;
        else if (key == Key.F9.WithShift && Page == WorkbenchPage.Checklists) action = Checklists.ResetSelected;
        else if (key == Key.D.WithCtrl) action = Download;
        else if (key == Key.U.WithCtrl) action = Upload;
        else if (key == Key.R.WithCtrl) action = Rename;
        else if (key == Key.G.WithCtrl) action = GoTo;
        else if (key == Key.N.WithCtrl) action = ShowNv;
        else if (key == Key.Q.WithCtrl) action = () => _app.RequestStop();
        if (action is not null)
        {
            key.Handled = true;
            action();
        }
    }

    private void ShowHelp() => Prompts.Info(_app, "Keys",
        "F2 Files  F3 AT console  F4 Checklist  F10 menu  Ctrl+Q quit\n" +
        "Files: Enter open folder / hex preview, Backspace up, F5 refresh,\n" +
        "  Ctrl+G go to, Ctrl+D download, Ctrl+U upload, F7 new folder,\n" +
        "  Ctrl+R rename, F8 delete, F6 backup, Ctrl+N NV viewer\n" +
        "AT: Enter send, Up/Down history, Tab complete, ? CMD help\n" +
        "Checklist: F9 run / resume, Shift+F9 reset the saved run" +
        (_demo is null ? "" : "\n" + DemoControls.HelpText));

    /// <summary>A checklist run gave the ports back: show the modem again (it may be a reflashed one on new ports).</summary>
    private void OnReconnected(object? sender, ReconnectedEventArgs e) => _app.Invoke(() =>
    {
        if (e.Error is not null)
        {
            DeviceBar.SetLink("offline: " + Readable.Error(e.Error));
            return;
        }

        DeviceBar.Load(_app, _ctx, _life.Token);
        Console.Reconnect();
        Browser.Refresh();
    });

    private void Refresh()
    {
        if (Page == WorkbenchPage.Files)
        {
            Browser.Refresh();
        }
    }

    private void GoTo()
    {
        ShowPage(WorkbenchPage.Files);
        if (Prompts.Ask(_app, "Go to folder", "EFS path:", Browser.CurrentDirectory) is { } path)
        {
            Browser.Navigate(path.StartsWith('/') ? path : "/" + path);
        }
    }

    private void Backup()
    {
        // a directory gets the default name (model, revision, time) once the modem is probed
        if (Prompts.Ask(_app, "Backup", "Write the EFS backup to (file, or a directory for the default name):", _ctx.OutputDirectory + Path.DirectorySeparatorChar) is not { } path)
        {
            return;
        }

        RunJob("Backup", (p, ct) => _ctx.Jobs.BackupAsync(_ctx.Modem, path, p, ct));
    }

    private void Verify()
    {
        if (Prompts.Ask(_app, "Verify", "Backup archive to compare with the modem:", _ctx.OutputDirectory + Path.DirectorySeparatorChar) is { } path)
        {
            RunJob("Verify", (p, ct) => _ctx.Jobs.VerifyAsync(_ctx.Modem, path, p, ct));
        }
    }

    private void Restore()
    {
        if (Prompts.Ask(_app, "Restore", "Backup archive to restore:", _ctx.OutputDirectory + Path.DirectorySeparatorChar) is not { } path)
        {
            return;
        }

        JobOutcome plan = RunJob("Restore plan", (_, ct) => _ctx.Jobs.PlanRestoreAsync(_ctx.Modem, path, ct), showResult: false);
        if (!plan.Succeeded)
        {
            ShowOutcome("Restore", plan);
            return;
        }

        if (Prompts.Confirm(_app, "Restore plan", plan.Message + "\n\nRestore now?"))
        {
            RunJob("Restore", (p, ct) => _ctx.Jobs.RestoreAsync(_ctx.Modem, path, p, ct));
        }
    }

    private void Toggle(string title, Func<Workbench.Connection.ModemConnection, CancellationToken, Task<string>> job)
    {
        if (Prompts.Confirm(_app, title, $"{title}: this changes the modem's settings. Continue?"))
        {
            RunJob(title, (_, ct) => job(_ctx.Modem, ct));
        }
    }

    private void SwapIdentifier()
    {
        if (Prompts.Ask(_app, "Identifier swap", "Local file with the new PCUI.VN. Only on your own device, where the law allows:", "") is { } file
            && Prompts.Confirm(_app, "Identifier swap", "Write the new identifier file now? Needs a verified backup from this session (F6)."))
        {
            RunJob("Identifier swap", (_, ct) => _ctx.Jobs.SwapIdentifierAsync(_ctx.Modem, file, ct));
        }
    }

    private void ShowNv()
    {
        using var d = new NvViewerDialog(_app, _ctx);
        _app.Run(d);
    }

    private void Download()
    {
        if (Browser.SelectedEntry is not { } e)
        {
            Prompts.Info(_app, "Download", "Select a file or folder in the listing first.");
            return;
        }

        if (Prompts.Ask(_app, "Download", $"Copy {e.Path} to:", Path.Combine(_ctx.OutputDirectory, e.Name)) is { } local)
        {
            RunJob("Download", (p, ct) => EfsTransfers.DownloadAsync(_ctx, e, local, p, ct));
        }
    }

    private void Upload()
    {
        if (Prompts.Ask(_app, "Upload", $"Local file to copy into {Browser.CurrentDirectory}:", _ctx.OutputDirectory + Path.DirectorySeparatorChar) is not { } local)
        {
            return;
        }

        string remote = Join(Browser.CurrentDirectory, Path.GetFileName(local));
        if (Prompts.Ask(_app, "Upload", "EFS path:", remote) is { } target
            && Prompts.Confirm(_app, "Upload", $"Write {local} to {target} on the modem?"))
        {
            RunJob("Upload", (p, ct) => EfsTransfers.UploadAsync(_ctx, local, target, p, ct));
            Browser.Refresh();
        }
    }

    private void NewFolder()
    {
        if (Prompts.Ask(_app, "New folder", $"Name of the new folder in {Browser.CurrentDirectory}:", "") is { } name)
        {
            string path = Join(Browser.CurrentDirectory, name);
            RunJob("New folder", async (_, ct) =>
            {
                await _ctx.EnsureEfsAsync(ct).ConfigureAwait(false);
                await _ctx.Modem.Efs.MkdirAsync(path, cancellationToken: ct).ConfigureAwait(false);
                return "Created " + path;
            }, showResult: false);
            Browser.Refresh();
        }
    }

    private void Rename()
    {
        if (Browser.SelectedEntry is not { } e)
        {
            return;
        }

        if (Prompts.Ask(_app, "Rename", $"New path for {e.Path}:", e.Path) is { } target && target != e.Path)
        {
            RunJob("Rename", async (_, ct) =>
            {
                await _ctx.EnsureEfsAsync(ct).ConfigureAwait(false);
                await _ctx.Modem.Efs.RenameAsync(e.Path, target, ct).ConfigureAwait(false);
                return $"Renamed {e.Path} to {target}";
            }, showResult: false);
            Browser.Refresh();
        }
    }

    private void Delete()
    {
        if (Browser.SelectedEntry is not { } e)
        {
            return;
        }

        string what = e.IsDirectory ? $"the folder {e.Path} and everything in it" : e.Path;
        if (Prompts.Confirm(_app, "Delete", $"Delete {what} on the modem? This cannot be undone without a backup."))
        {
            RunJob("Delete", async (_, ct) =>
            {
                await _ctx.EnsureEfsAsync(ct).ConfigureAwait(false);
                await _ctx.Modem.Efs.RemoveRecursiveAsync(e.Path, ct).ConfigureAwait(false);
                return "Deleted " + e.Path;
            }, showResult: false);
            Browser.Refresh();
        }
    }

    private JobOutcome RunJob(string title, Func<IProgress<JobProgress>, CancellationToken, Task<string>> job, bool showResult = true)
    {
        Log.Information("{Job:l} started", title);
        using var dialog = new JobProgressDialog(_app, title);
        JobStarted?.Invoke(this, dialog);
        JobOutcome outcome = dialog.Run(job);
        LastOutcome = outcome;
        if (outcome.Succeeded)
        {
            Log.Information("{Job:l}: {Message:l}", title, outcome.Message);
        }
        else
        {
            Log.Warning("{Job:l}: {Message:l}", title, outcome.Message);
        }

        if (showResult || !outcome.Succeeded)
        {
            ShowOutcome(title, outcome);
        }

        return outcome;
    }

    private void ShowOutcome(string title, JobOutcome outcome)
    {
        if (outcome.Succeeded || outcome.Cancelled)
        {
            Prompts.Info(_app, title, outcome.Message);
        }
        else if (outcome.Message.StartsWith("Not available in the TUI", StringComparison.Ordinal))
        {
            Prompts.Info(_app, title, outcome.Message);
        }
        else
        {
            MessageBox.ErrorQuery(_app, title, outcome.Message, "_OK");
        }
    }

    private static string Join(string dir, string name) => dir == "/" ? "/" + name.TrimStart('/') : dir + "/" + name.TrimStart('/');

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ctx.Reconnected -= OnReconnected;
            if (_demo is not null)
            {
                _app.Keyboard.KeyDown -= _demo.OnKey;
            }

            _life.Cancel();
            _life.Dispose();
        }

        base.Dispose(disposing);
    }
}
