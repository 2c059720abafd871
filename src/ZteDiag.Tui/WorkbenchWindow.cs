using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>The pages of the workbench.</summary>
public enum WorkbenchPage
{
    /// <summary>EFS browser.</summary>
    Files,

    /// <summary>AT console.</summary>
    At,

    /// <summary>Checklists.</summary>
    Checklists,

    /// <summary>Connection manager half: status, PIN, network, USSD.</summary>
    Connection,
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
    private readonly Queue<BackgroundJob> _notices = new(); // ended in the background, announced when no dialog is open
    private readonly Lock _redrawGate = new();
    private JobProgressDialog? _viewing;
    private bool _redrawQueued;

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
                new MenuItem("_Text / hex view", "^T", ToggleText, null!),
                new MenuItem("_Go to folder...", "^G", GoTo, null!),
                new MenuItem("_Download...", "^D", Download, null!),
                new MenuItem("_Upload...", "^U", Upload, null!),
                new MenuItem("_New folder...", "F7", NewFolder, null!),
                new MenuItem("Re_name...", "^R", Rename, null!),
                new MenuItem("De_lete...", "F8", Delete, null!),
                new MenuItem("_Quit", "^Q", Quit, null!),
            ]),
            new MenuBarItem("_Jobs",
            [
                new MenuItem("_Backup...", "F6", Backup, null!),
                new MenuItem("_Verify...", "Shift+F6", Verify, null!),
                new MenuItem("_Restore...", "plan first", Restore, null!),
                new MenuItem("_NV backup (QCN)...", "", NvBackup, null!),
                new MenuItem("NV rest_ore...", "plan first", NvRestore, null!),
                new MenuItem("Running _job...", "this stick's", ShowRunningJob, null!),
            ]),
            new MenuBarItem("_Device",
            [
                new MenuItem("_CD emulation on", "", () => Toggle("CD emulation on", (m, ct) => _ctx.Jobs.SetCdEmulationAsync(m, true, ct)), null!),
                new MenuItem("CD _emulation off", "", () => Toggle("CD emulation off", (m, ct) => _ctx.Jobs.SetCdEmulationAsync(m, false, ct)), null!),
                new MenuItem("_Autorun on", "", () => Toggle("Autorun on", (m, ct) => _ctx.Jobs.SetAutorunAsync(m, true, ct)), null!),
                new MenuItem("A_utorun off", "", () => Toggle("Autorun off", (m, ct) => _ctx.Jobs.SetAutorunAsync(m, false, ct)), null!),
                new MenuItem("_Identifier swap...", "", SwapIdentifier, null!),
                new MenuItem("_NV viewer...", "^N", ShowNv, null!),
                new MenuItem("_Sticks panel", "^L", ToggleSticks, null!),
            ]),
            new MenuBarItem("_View",
            [
                new MenuItem("_Files", "F2", () => ShowPage(WorkbenchPage.Files), null!),
                new MenuItem("_AT console", "F3", () => ShowPage(WorkbenchPage.At), null!),
                new MenuItem("_Checklist", "F4", () => ShowPage(WorkbenchPage.Checklists), null!),
                new MenuItem("C_onnection", "Shift+F3", () => ShowPage(WorkbenchPage.Connection), null!),
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
        Connection = new ConnectionView(app, ctx) { X = 0, Y = Pos.Bottom(_tabs), Height = Dim.Fill(6), Visible = false };
        Sticks = new StickPanel(app, ctx) { X = Pos.AnchorEnd(StickPanel.PanelWidth), Y = Pos.Bottom(_tabs), Width = StickPanel.PanelWidth, Height = Dim.Fill(6) };
        Sticks.Chosen += OnStickChosen;
        var status = new StatusBar(
        [
            new Shortcut(Key.F1, "Help", ShowHelp, ""),
            new Shortcut(Key.F2, "Files", () => ShowPage(WorkbenchPage.Files), ""),
            new Shortcut(Key.F3, "AT", () => ShowPage(WorkbenchPage.At), ""),
            new Shortcut(Key.F4, "Checks", () => ShowPage(WorkbenchPage.Checklists), ""),
            new Shortcut(Key.F5, "Refresh", Refresh, ""),
            new Shortcut(Key.F6, "Backup", Backup, ""),
            new Shortcut(Key.F10, "Menu", () => { }, ""),
            new Shortcut(Key.Q.WithCtrl, "Quit", Quit, ""),
        ]);
        Add(menu, DeviceBar, _tabs, Browser, Console, Checklists, Connection, Sticks, LogPane, status);
        KeyDown += OnKey;
        // the workbench keys first, before the focused list or field binds them (a ListView takes Ctrl+N as "down")
        app.Keyboard.KeyDown += OnAppKey;
        ShowPage(WorkbenchPage.Files);
        sink?.Attach(app, LogPane);
        DeviceBar.Load(app, ctx, _life.Token);
        Browser.Navigate("/");
        Console.Connect();
        ctx.Reconnected += OnReconnected;
        ctx.JobEnded += OnJobEnded;
        ctx.JobsChanged += OnJobsChanged;
        app.Iteration += OnIteration;
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

    /// <summary>The connection page.</summary>
    public ConnectionView Connection { get; }

    /// <summary>The side panel of sticks (Ctrl+L).</summary>
    public StickPanel Sticks { get; }

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
        Connection.Visible = page == WorkbenchPage.Connection;
        _tabs.Text = page switch
        {
            WorkbenchPage.Files => " [F2 Files]   F3 AT console    F4 Checklist    Shift+F3 Connection ",
            WorkbenchPage.At => "  F2 Files   [F3 AT console]   F4 Checklist    Shift+F3 Connection ",
            WorkbenchPage.Checklists => "  F2 Files    F3 AT console   [F4 Checklist]   Shift+F3 Connection ",
            _ => "  F2 Files    F3 AT console    F4 Checklist   [Shift+F3 Connection]",
        };
        switch (page)
        {
            case WorkbenchPage.Files:
                Browser.Listing.SetFocus();
                break;
            case WorkbenchPage.At:
                Console.Input.SetFocus();
                break;
            case WorkbenchPage.Connection:
                Connection.Rows.SetFocus();
                Connection.Activate();
                break;
            default:
                Checklists.List.SetFocus();
                Checklists.Activate();
                break;
        }
    }

    private void OnKey(object? sender, Key key)
    {
        if (key == Key.Esc)
        {
            key.Handled = true; // Esc would quit the app (Command.Quit); Ctrl+Q does that
        }
    }

    private void OnAppKey(object? sender, Key key)
    {
        if (key.Handled || !ReferenceEquals(_app.TopRunnableView, this) || KeyAction(key) is not { } action)
        {
            return; // a dialog is open, or not a workbench key
        }

        key.Handled = true;
        action();
    }

    /// <summary>What <paramref name="key"/> does on the page shown (null: nothing; the focused view gets it).</summary>
    private Action? KeyAction(Key key)
    {
        if (key == Key.F1) return ShowHelp;
        if (key == Key.F2) return () => ShowPage(WorkbenchPage.Files);
        if (key == Key.F3) return () => ShowPage(WorkbenchPage.At);
        if (key == Key.F4) return () => ShowPage(WorkbenchPage.Checklists);
        if (key == Key.F3.WithShift) return () => ShowPage(WorkbenchPage.Connection);
        if (key == Key.F6) return Backup;
        if (key == Key.F6.WithShift) return Verify;
        if (key == Key.N.WithCtrl) return ShowNv;
        if (key == Key.L.WithCtrl) return ToggleSticks;
        if (key == Key.Q.WithCtrl) return Quit;
        if (Page == WorkbenchPage.Checklists)
        {
            if (key == Key.F9) return Checklists.RunSelected;
            if (key == Key.F9.WithShift) return Checklists.ResetSelected;
        }

        if (Page == WorkbenchPage.Connection && key == Key.F5)
        {
            return () => _ = Connection.RefreshAsync();
        }

        if (Page != WorkbenchPage.Files)
        {
            return null; // the AT console's field keeps its editing keys
        }

        if (key == Key.F5) return Refresh;
        if (key == Key.F7) return NewFolder;
        if (key == Key.F8) return Delete;
        if (key == Key.D.WithCtrl) return Download;
        if (key == Key.U.WithCtrl) return Upload;
        if (key == Key.R.WithCtrl) return Rename;
        if (key == Key.G.WithCtrl) return GoTo;
        if (key == Key.T.WithCtrl) return ToggleText;
        return null;
    }

    /// <summary>The F1 text: every key, and the menu keys of the actions without one.</summary>
    public const string HelpText =
        "Anywhere: F1 help, F2 Files, F3 AT console, F4 Checklist, Shift+F3 Connection,\n" +
        "  F6 backup, Shift+F6 verify,\n" +
        "  Ctrl+N NV viewer, F10 menu, Ctrl+Q quit (asks first while a job runs).\n" +
        "Sticks: Ctrl+L shows / hides the stick panel (state, jobs); Enter there works on a stick.\n" +
        "Jobs: Alt+H hides a job's progress, it runs on (one per stick); Alt+J J shows it again.\n" +
        "Files: Enter open folder / preview file, Backspace up, Ctrl+T text / hex view,\n" +
        "  F5 refresh, Ctrl+G go to, Ctrl+D download, Ctrl+U upload, F7 new folder,\n" +
        "  Ctrl+R rename, F8 delete.\n" +
        "AT console: Enter send, Up/Down history, Tab complete, ? CMD help,\n" +
        "  Alt+1..Alt+6 the quick buttons (ATI, signal, network, mode, PIN, balance),\n" +
        "  Alt+O send the offered follow-up (AT+CPMS? stops the +ZUSIMR nag).\n" +
        "Checklist: F9 run / resume, Shift+F9 reset the saved run.\n" +
        "Connection: F5 or Alt+R refresh (also every 5 s), Alt+P PIN, Alt+M network mode,\n" +
        "  Alt+S scan (Esc cancels), Alt+U USSD, Alt+I SMS inbox and send.\n" +
        "Menus (Alt+letter, then the item's letter): Alt+J V verify, Alt+J R restore,\n" +
        "  Alt+J N NV backup, Alt+J O NV restore (the plan first),\n" +
        "  Alt+D C / E CD emulation on / off, Alt+D A / U autorun on / off,\n" +
        "  Alt+D I identifier swap, Alt+D N NV viewer, Alt+D S sticks panel.\n" +
        "Dialogs: the marked button (►OK◄) is the one Enter presses; Tab or arrows move\n" +
        "  the mark; Esc cancels. Questions that write or delete mark No.";

    private void ShowHelp() => Prompts.Info(_app, "Keys", HelpText + (_demo is null ? "" : "\n" + DemoControls.HelpText));

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

    /// <summary>Shows or hides the stick panel; the pages make room for it.</summary>
    private void ToggleSticks()
    {
        Sticks.Toggle();
        Dim width = Dim.Fill(Sticks.Visible ? StickPanel.PanelWidth : 0);
        Browser.Width = width;
        Console.Width = width;
        Checklists.Width = width;
        Connection.Width = width;
        if (!Sticks.Visible)
        {
            ShowPage(Page);
        }
    }

    /// <summary>Enter in the stick panel: move the workbench to that stick (a job on this one runs on), or show this stick's job.</summary>
    private void OnStickChosen(object? sender, StickRow row)
    {
        if (row.Name == _ctx.StickName || row.UsbPath == _ctx.StickName)
        {
            ShowRunningJob();
            return;
        }

        Run($"Switching to {row.Name}", async (progress, ct) =>
        {
            progress.Report(new JobProgress("opening " + row.Name + "; a job on this stick runs on", null, 0, 0, 0, 0));
            await _ctx.SwitchToAsync(row.Name, ct).ConfigureAwait(false);
            return $"The workbench is on {row.Name} (usb {row.UsbPath}) now.";
        }, showResult: false, onStick: false);
        Sticks.Render();
    }

    /// <summary>Jobs → Running job: the progress of the job on the stick shown (Cancel, or Hide again).</summary>
    private void ShowRunningJob()
    {
        if (_ctx.JobOn(_ctx.StickName) is not { } job)
        {
            Prompts.Info(_app, "Running job", $"No job runs on {_ctx.StickName}." + (_ctx.RunningJobs.Count == 0 ? ""
                : " Running elsewhere: " + string.Join(", ", _ctx.RunningJobs.Select(j => $"{j.Title} on {j.Stick} ({j.Status})")) + "."));
            return;
        }

        if (Watch(job) is { } outcome)
        {
            Report(job, outcome, showResult: true);
        }
    }

    /// <summary>Ctrl+Q: with jobs running, asks first (No marked); Yes cancels them and waits for them to stop.</summary>
    private void Quit()
    {
        IReadOnlyList<BackgroundJob> running = _ctx.RunningJobs;
        if (running.Count > 0)
        {
            string list = string.Join("\n", running.Select(j => $"  {j.Title}{(j.Stick is null ? "" : " on " + j.Stick)}: {j.Status}"));
            if (!Prompts.Confirm(_app, "Quit", $"{running.Count} job(s) still running:\n{list}\n\nCancel them and quit?", destructive: true))
            {
                return;
            }

            foreach (BackgroundJob j in running)
            {
                Log.Warning("{Job:l} on {Stick:l}: cancelled to quit", j.Title, j.Stick);
                j.Cancel();
            }

            foreach (BackgroundJob j in running.Where(j => j.Outcome is null))
            {
                _ = Watch(j); // "cancelling…" until it has stopped
            }
        }

        _app.RequestStop();
    }

    /// <summary>A job ended (on its thread): its open progress view reports it, else it is announced.</summary>
    private void OnJobEnded(object? sender, BackgroundJob job) => _app.Invoke(() =>
    {
        LastOutcome = job.Outcome;
        if (_viewing is { } view && ReferenceEquals(view.Job, job))
        {
            view.Finish();
        }
        else if (job.Outcome is { } o)
        {
            // hidden: the log pane has it at once, the notice when no dialog is in the way
            string message = $"{job.Title} on {job.Stick} ended in the background: {o.Message}";
            LogPane.Append($"{DateTime.Now:HH:mm:ss} {(o.Succeeded ? "INF" : "WRN")} {message.ReplaceLineEndings(" ")}");
            Log.ForContext(TuiLogSink.NotInPane, true).Write(o.Succeeded ? Serilog.Events.LogEventLevel.Information : Serilog.Events.LogEventLevel.Warning,
                "{Job:l} on {Stick:l} ended in the background: {Message:l}", job.Title, job.Stick, o.Message);
            _notices.Enqueue(job);
        }

        RedrawJobs();
    });

    /// <summary>A job started or moved on (any thread): the panel and the log pane's title show it, redrawn at most once per loop turn.</summary>
    private void OnJobsChanged(object? sender, EventArgs e)
    {
        lock (_redrawGate)
        {
            if (_redrawQueued)
            {
                return;
            }

            _redrawQueued = true;
        }

        _app.Invoke(RedrawJobs);
    }

    private void RedrawJobs()
    {
        lock (_redrawGate)
        {
            _redrawQueued = false;
        }

        IReadOnlyList<BackgroundJob> running = _ctx.RunningJobs.Where(j => j.Stick is not null).ToList();
        LogPane.Title = running.Count == 0 ? "Log"
            : "Log ─ running: " + string.Join(" · ", running.Select(j => $"{j.Stick} {j.Status}"));
        if (Sticks.Visible)
        {
            Sticks.Render();
        }

        if (_ctx.JobOn(_ctx.StickName) is { } here)
        {
            DeviceBar.ShowBusy(here.Status);
        }
    }

    /// <summary>Announces the jobs that ended in the background once the workbench is on top (no dialog in the way).</summary>
    private void OnIteration(object? sender, EventArgs e)
    {
        if (_notices.Count > 0 && ReferenceEquals(_app.TopRunnableView, this))
        {
            BackgroundJob job = _notices.Dequeue();
            ShowOutcome($"{job.Title} on {job.Stick} (ran in the background)", job.Outcome!);
        }
    }

    private void Refresh()
    {
        if (Page == WorkbenchPage.Files)
        {
            Browser.Refresh();
        }
    }

    private void ToggleText() => Browser.ToggleTextView();

    private void GoTo()
    {
        ShowPage(WorkbenchPage.Files);
        if (Prompts.Ask(_app, "Go to folder", "EFS folder to list (e.g. /nv/item_files):", Browser.CurrentDirectory,
                t => PathRules.CheckEfsPath(t.StartsWith('/') ? t : "/" + t, rootAllowed: true)) is { } path)
        {
            path = "/" + path.Trim('/');
            Browser.Navigate(path);
        }
    }

    private void Backup()
    {
        if (RefusedBusy("Backup"))
        {
            return;
        }

        // model and revision come from the device bar; before it has them, the folder (the job names the file)
        string initial = DeviceBar.Model is { } model
            ? PathRules.DefaultBackup(_ctx.BackupDirectory, model, DeviceBar.Revision, DateTimeOffset.Now)
            : PathRules.Shorten(_ctx.BackupDirectory) + Path.DirectorySeparatorChar;
        if (Prompts.Ask(_app, "Backup", "Write the EFS backup to (a .tar.gz file, or a folder for the default name; the folder is created if missing):",
                initial, PathRules.CheckBackupTarget) is not { } typed)
        {
            return;
        }

        string path = PathRules.Expand(typed);
        RunJob("Backup", (p, ct) =>
        {
            Directory.CreateDirectory(typed.EndsWith('/') || Directory.Exists(path) ? path : Path.GetDirectoryName(path)!);
            return _ctx.WithModemAsync(m => _ctx.Jobs.BackupAsync(m, path, p, ct), ct);
        });
    }

    /// <summary>Jobs → NV backup: the whole NV image into a QCN (or .xqcn / .json), the SPC asked for the protected items.</summary>
    internal void NvBackup()
    {
        string initial = PathRules.DefaultNvBackup(_ctx.BackupDirectory, DeviceBar.Model, DeviceBar.Revision, DateTimeOffset.Now);
        if (Prompts.Ask(_app, "NV backup", "Write every active NV item and the EFS item files to (.qcn as QPST, .xqcn or .json; the folder is created if missing):",
                initial, PathRules.CheckNewNvFile) is not { } typed)
        {
            return;
        }

        if (Prompts.Ask(_app, "NV backup: SPC", "SPC (6 digits) to read the items the modem protects (SEC_CODE…); empty: they are listed as NOT saved:", "",
                t => t.Length == 0 || Protocol.Diag.SpcRequest.IsValidCode(t) ? null : "The SPC is 6 digits (000000 on most ZTE sticks), or empty.", allowEmpty: true) is not { } spc)
        {
            return;
        }

        string path = PathRules.Expand(typed);
        RunJob("NV backup", (p, ct) =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return _ctx.WithModemAsync(m => _ctx.Jobs.NvBackupAsync(m, path, spc.Length == 0 ? null : spc, p, ct), ct);
        });
    }

    /// <summary>
    /// Jobs → NV restore: a QCN / XQCN / JSON / <c>backup --nv</c> archive back onto the modem, as <c>restore --nv</c> does:
    /// the plan first, a confirmation that defaults to No, then a verified safety backup of the old values and the journalled writes.
    /// </summary>
    internal void NvRestore()
    {
        if (Prompts.Ask(_app, "NV restore", "NV backup to write back (.qcn, .xqcn, .json, or a .tar.gz made with --nv; the plan is shown first):",
                PathRules.NewestNvFile(_ctx.BackupDirectory), PathRules.CheckExistingNvFile) is not { } typed)
        {
            return;
        }

        if (Prompts.Ask(_app, "NV restore: SPC", "SPC (6 digits), sent only when the modem protects an item of the file (000000 on most ZTE sticks):", "000000",
                t => Protocol.Diag.SpcRequest.IsValidCode(t) ? null : "The SPC is 6 digits (000000 on most ZTE sticks).") is not { } spc)
        {
            return;
        }

        string path = PathRules.Expand(typed);
        JobOutcome plan = RunJob("NV restore plan", (_, ct) => _ctx.WithModemAsync(m => _ctx.Jobs.PlanNvRestoreAsync(m, path, spc, ct), ct), showResult: false);
        if (!plan.Succeeded)
        {
            return; // RunJob showed why (a refused file or device): nothing was written
        }

        if (plan.Message.StartsWith(WorkbenchJobs.NothingToWrite, StringComparison.Ordinal))
        {
            Prompts.Info(_app, "NV restore", plan.Message);
            return;
        }

        if (Prompts.Confirm(_app, "NV restore plan", plan.Message + "\n\nNV writes are the most dangerous thing this tool does. Write these items now?", destructive: true))
        {
            RunJob("NV restore", (p, ct) => _ctx.WithModemAsync(m => _ctx.Jobs.NvRestoreAsync(m, path, spc, p, ct), ct));
        }
    }

    private void Verify()
    {
        if (RefusedBusy("Verify"))
        {
            return;
        }

        if (Prompts.Ask(_app, "Verify", "Backup archive (.tar.gz) to compare with the modem:", PathRules.NewestArchive(_ctx.BackupDirectory),
                PathRules.CheckExistingArchive) is { } typed)
        {
            string path = PathRules.Expand(typed);
            RunJob("Verify", (p, ct) => _ctx.WithModemAsync(m => _ctx.Jobs.VerifyAsync(m, path, p, ct), ct));
        }
    }

    internal void Restore()
    {
        if (RefusedBusy("Restore"))
        {
            return;
        }

        if (Prompts.Ask(_app, "Restore", "Backup archive (.tar.gz) to restore (the plan is shown first):", PathRules.NewestArchive(_ctx.BackupDirectory),
                PathRules.CheckExistingArchive) is not { } typed)
        {
            return;
        }

        string path = PathRules.Expand(typed);
        JobOutcome plan = RunJob("Restore plan", (_, ct) => _ctx.WithModemAsync(m => _ctx.Jobs.PlanRestoreAsync(m, path, ct), ct), showResult: false);
        if (!plan.Succeeded)
        {
            return; // RunJob has shown why
        }

        if (Prompts.Confirm(_app, "Restore plan", plan.Message + "\n\nRestore now?", destructive: true))
        {
            RunJob("Restore", (p, ct) => _ctx.WithModemAsync(m => _ctx.Jobs.RestoreAsync(m, path, p, ct), ct));
        }
    }

    private void Toggle(string title, Func<Workbench.Connection.ModemConnection, CancellationToken, Task<string>> job)
    {
        if (Prompts.Confirm(_app, title, $"{title}: this changes the modem's settings. Continue?", destructive: true))
        {
            RunJob(title, (_, ct) => _ctx.WithModemAsync(m => job(m, ct), ct));
        }
    }

    private void SwapIdentifier()
    {
        if (Prompts.Ask(_app, "Identifier swap", "Local file with the new PCUI.VN. Only on your own device, where the law allows:",
                PathRules.Shorten(_ctx.OutputDirectory) + Path.DirectorySeparatorChar, PathRules.CheckExistingFile) is { } typed
            && Prompts.Confirm(_app, "Identifier swap", "Write the new identifier file now? Needs a verified backup from this session (F6).", destructive: true))
        {
            string file = PathRules.Expand(typed);
            RunJob("Identifier swap", (_, ct) => _ctx.WithModemAsync(m => _ctx.Jobs.SwapIdentifierAsync(m, file, ct), ct));
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

        if (Prompts.Ask(_app, "Download", $"Copy {e.Path} to:", PathRules.Shorten(Path.Combine(_ctx.OutputDirectory, e.Name)),
                t => PathRules.CheckDownloadTarget(t, e.IsDirectory)) is { } typed)
        {
            string local = PathRules.Expand(typed);
            RunJob("Download", (p, ct) => EfsTransfers.DownloadAsync(_ctx, e, local, p, ct));
        }
    }

    private void Upload()
    {
        if (Prompts.Ask(_app, "Upload", $"Local file to copy into {Browser.CurrentDirectory}:", PathRules.Shorten(_ctx.OutputDirectory) + Path.DirectorySeparatorChar,
                PathRules.CheckExistingFile) is not { } typed)
        {
            return;
        }

        string local = PathRules.Expand(typed);
        string remote = Join(Browser.CurrentDirectory, Path.GetFileName(local));
        if (Prompts.Ask(_app, "Upload", "EFS path to write:", remote, t => PathRules.CheckEfsPath(t)) is { } target
            && Prompts.Confirm(_app, "Upload", $"Write {local} to {target} on the modem?", destructive: true))
        {
            RunJob("Upload", (p, ct) => EfsTransfers.UploadAsync(_ctx, local, target, p, ct));
            Browser.Refresh();
        }
    }

    private void NewFolder()
    {
        if (Prompts.Ask(_app, "New folder", $"Name of the new folder in {Browser.CurrentDirectory}:", "", PathRules.CheckFolderName) is { } name)
        {
            string path = Join(Browser.CurrentDirectory, name);
            RunJob("New folder", (_, ct) => _ctx.WithModemAsync(async m =>
            {
                await m.EnsureEfsAsync(ct).ConfigureAwait(false);
                await m.Efs.MkdirAsync(path, cancellationToken: ct).ConfigureAwait(false);
                return "Created " + path;
            }, ct), showResult: false);
            Browser.Refresh();
        }
    }

    private void Rename()
    {
        if (Browser.SelectedEntry is not { } e)
        {
            return;
        }

        if (Prompts.Ask(_app, "Rename", $"New path for {e.Path}:", e.Path, t => PathRules.CheckEfsPath(t)) is { } target && target != e.Path)
        {
            RunJob("Rename", (_, ct) => _ctx.WithModemAsync(async m =>
            {
                await m.EnsureEfsAsync(ct).ConfigureAwait(false);
                await m.Efs.RenameAsync(e.Path, target, ct).ConfigureAwait(false);
                return $"Renamed {e.Path} to {target}";
            }, ct), showResult: false);
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
        if (Prompts.Confirm(_app, "Delete", $"Delete {what} on the modem? This cannot be undone without a backup.", destructive: true))
        {
            RunJob("Delete", (_, ct) => _ctx.WithModemAsync(async m =>
            {
                await m.EnsureEfsAsync(ct).ConfigureAwait(false);
                await m.Efs.RemoveRecursiveAsync(e.Path, ct).ConfigureAwait(false);
                return "Deleted " + e.Path;
            }, ct), showResult: false);
            Browser.Refresh();
        }
    }

    /// <summary>True (and said so) when a job runs on the stick shown: asked before the prompts, so nothing is typed in vain.</summary>
    private bool RefusedBusy(string title)
    {
        if (_ctx.JobOn(_ctx.StickName) is not { } job)
        {
            return false;
        }

        Prompts.Info(_app, title, new StickBusyException(_ctx.StickName, job).Message);
        return true;
    }

    private JobOutcome RunJob(string title, Func<IProgress<JobProgress>, CancellationToken, Task<string>> job, bool showResult = true) =>
        Run(title, job, showResult, onStick: true);

    /// <summary>
    /// Starts <paramref name="job"/> in the background on the stick shown and shows its progress. A job whose result is
    /// shown (the long ones) can be hidden and runs on; a second job on a busy stick is refused, never queued.
    /// </summary>
    private JobOutcome Run(string title, Func<IProgress<JobProgress>, CancellationToken, Task<string>> job, bool showResult, bool onStick)
    {
        BackgroundJob running;
        try
        {
            running = _ctx.StartJob(title, job, canHide: showResult, onStick);
        }
        catch (StickBusyException ex)
        {
            Log.Warning("{Job:l} refused: {Message:l}", title, ex.Message);
            Prompts.Info(_app, title, ex.Message);
            return LastOutcome = new JobOutcome(false, false, ex.Message);
        }

        Log.Information("{Job:l} started{On:l}", title, running.Stick is null ? "" : " on " + running.Stick);
        if (Watch(running) is not { } outcome)
        {
            Log.Information("{Job:l} on {Stick:l} runs on in the background", title, running.Stick);
            return new JobOutcome(false, false, $"{title} runs on in the background on {running.Stick}.") { InBackground = true };
        }

        Report(running, outcome, showResult);
        return outcome;
    }

    /// <summary>Shows <paramref name="job"/>'s progress until it ends (its outcome) or is hidden (null).</summary>
    private JobOutcome? Watch(BackgroundJob job)
    {
        using var dialog = new JobProgressDialog(_app, job);
        JobStarted?.Invoke(this, dialog);
        _viewing = dialog;
        try
        {
            return dialog.Run();
        }
        finally
        {
            _viewing = null;
        }
    }

    /// <summary>How a job watched to its end went: logged, and shown when asked for (failures always).</summary>
    private void Report(BackgroundJob job, JobOutcome outcome, bool showResult)
    {
        LastOutcome = outcome;
        if (outcome.Succeeded)
        {
            Log.Information("{Job:l}: {Message:l}", job.Title, outcome.Message);
        }
        else
        {
            Log.Warning("{Job:l}: {Message:l}", job.Title, outcome.Message);
        }

        if (showResult || !outcome.Succeeded)
        {
            ShowOutcome(job.Title, outcome);
        }
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
            Prompts.Failure(_app, title, outcome.Message);
        }
    }

    private static string Join(string dir, string name) => dir == "/" ? "/" + name.TrimStart('/') : dir + "/" + name.TrimStart('/');

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ctx.Reconnected -= OnReconnected;
            _ctx.JobEnded -= OnJobEnded;
            _ctx.JobsChanged -= OnJobsChanged;
            _app.Iteration -= OnIteration;
            _app.Keyboard.KeyDown -= OnAppKey;
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
