using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Emulator;
using ZteDiag.Tui;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>
/// Jobs in the background on a bench of two virtual sticks (fake sysfs): a backup runs on stick 1 while the workbench
/// works on stick 2; the stick panel shows it busy, a second job on it is refused, its end is announced, quitting asks.
/// The backup holds still at its first read (a gate the test opens), so nothing depends on timing.
/// </summary>
public sealed class BenchJobsTests : IAsyncDisposable
{
    private const string A = "ZTEVIRT000000001";
    private const string B = "ZTEVIRT000000002";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("ztediag-tui-bench-");
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
    public async Task A_backup_runs_on_stick_A_while_the_user_works_on_stick_B_and_is_announced_when_it_ends()
    {
        (WorkbenchContext ctx, PausingJobs jobs) = await OpenAsync();
        await using WorkbenchContext _ = ctx;
        using IApplication app = NewApp(120, 34);
        using var w = new WorkbenchWindow(app, ctx);
        JobProgressDialog? dialog = null;
        w.JobStarted += (_, d) => dialog = d;
        int listed = 0;
        w.Browser.Listed += (_, _) => Interlocked.Increment(ref listed);
        ModemConnection modemA = ctx.Modem;
        string? progressScreen = null, busyScreen = null, refusal = null, announced = null, barOnB = null, barOnA = null, barBackOnA = null;
        List<StickRow>? busyRows = null;
        List<string>? filesOfB = null;
        bool aRanWhileOnB = false, aKeptItsPorts = false;
        Script(app, w,
            new Step("started", () => Idle(w) && w.DeviceBar.Model is not null, () => app.InjectKey(Key.F6)),
            new Step("path prompt", () => Screen(app).Contains("Write the EFS backup to", StringComparison.Ordinal), () => app.InjectKey(Key.Enter)),
            new Step("backup holds at its first read", () => jobs.Paused.Task.IsCompleted && dialog is { Shown.Count: > 0 }, () =>
            {
                progressScreen = Screen(app);
                app.InjectKey(Key.H.WithAlt); // Hide: the job runs on
            }),
            new Step("progress hidden", () => ReferenceEquals(app.TopRunnableView, w), () => app.InjectKey(Key.L.WithCtrl)),
            new Step("panel shows A busy", () => w.Sticks is { Visible: true, Rows.Count: 2 } && w.Sticks.Rows[0].State.StartsWith("busy: backup ", StringComparison.Ordinal), () =>
            {
                busyRows = [.. w.Sticks.Rows];
                busyScreen = Screen(app);
                app.InjectKey(Key.F6); // a second job on the busy stick
            }),
            new Step("second job refused", () => Screen(app).Contains("is busy: backup", StringComparison.Ordinal), () =>
            {
                refusal = Screen(app);
                app.InjectKey(Key.Enter);
            }),
            new Step("refusal closed", () => ReferenceEquals(app.TopRunnableView, w), () =>
            {
                listed = 0;
                app.InjectKey(Key.CursorDown);
                app.InjectKey(Key.Enter); // switch to B
            }),
            new Step("B's files listed", () => ctx.StickName == B && ReferenceEquals(app.TopRunnableView, w) && listed > 0 && Idle(w)
                && w.DeviceBar.Summary.EndsWith("[online]", StringComparison.Ordinal), () =>
            {
                barOnB = w.DeviceBar.Summary;
                filesOfB = [.. w.Browser.Entries.Select(e => e.Path)];
                aRanWhileOnB = ctx.JobOn(A) is { IsCancellationRequested: false, Outcome: null };
                app.InjectKey(Key.CursorUp);
                app.InjectKey(Key.Enter); // back to A, its backup still running
            }),
            new Step("back on A", () => ctx.StickName == A && ReferenceEquals(app.TopRunnableView, w), () =>
            {
                aKeptItsPorts = ReferenceEquals(ctx.Modem, modemA);
                barBackOnA = w.DeviceBar.Summary;
                _bench!.Unplug(2);
                w.Sticks.Reload(); // what the panel's 2 s timer does
            }),
            new Step("unplug of B shown", () => w.Sticks.Rows.Count == 1, () => jobs.Release.Set()),
            new Step("end announced", () => Screen(app).Contains("(ran in the background)", StringComparison.Ordinal), () =>
            {
                announced = Screen(app);
                app.InjectKey(Key.Enter);
            }) { Timeout = TimeSpan.FromMinutes(2) },
            new Step("panel shows A idle", () => ReferenceEquals(app.TopRunnableView, w) && w.Sticks.Rows is [{ State: "online" }]
                && w.DeviceBar.Summary.EndsWith("[online]", StringComparison.Ordinal), () => barOnA = w.DeviceBar.Summary));

        Assert.Contains("Backup on " + A, progressScreen);
        Assert.Contains("Hide", progressScreen);
        Assert.StartsWith("► " + A + "  busy: backup ", busyRows![0].Text, StringComparison.Ordinal);
        Assert.Equal("  " + B + "  online", busyRows[1].Text);
        Assert.Contains("running: " + A + " backup ", busyScreen);
        Assert.Contains(A + " is busy: backup", refusal);
        Assert.NotEmpty(filesOfB!);
        Assert.Contains("IMEI 35461302*****59", barOnB); // B's identity, read while A's backup held A
        Assert.Contains("IMEI 35461302*****42", barOnA);
        Assert.Matches(@"\[busy: backup [0-9]+%\]$", barBackOnA); // its identity waits for the backup
        Assert.True(aRanWhileOnB, "the backup on A was disturbed by the switch to B");
        Assert.True(aKeptItsPorts, "switching back to A reopened its ports under the running backup");
        Assert.Contains("Backup written", announced);
        Assert.Contains(w.LogPane.Lines, l => l.Contains("Backup on " + A + " ended in the background: Backup written", StringComparison.Ordinal));
        Assert.True(w.LastOutcome!.Succeeded, w.LastOutcome.Message);
        Assert.Empty(ctx.RunningJobs);

        string archive = Assert.Single(Directory.GetFiles(_root.FullName, "*.tar.gz", SearchOption.AllDirectories));
        CancellationToken ct = TestContext.Current.CancellationToken;
        string verified = await ctx.WithModemAsync(m => jobs.VerifyAsync(m, archive, new Progress<JobProgress>(), ct), ct);
        Assert.Contains("no differences", verified, StringComparison.Ordinal);
        Assert.Equal(A, ctx.Modem.Target.Name);
    }

    [Fact]
    public async Task Quitting_with_a_job_running_asks_with_No_marked_and_Yes_cancels_it_cleanly()
    {
        (WorkbenchContext ctx, PausingJobs jobs) = await OpenAsync();
        await using WorkbenchContext _ = ctx;
        using IApplication app = NewApp(120, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string? asked = null;
        bool ranOnAfterNo = false;
        Script(app, w,
            new Step("started", () => Idle(w) && w.DeviceBar.Model is not null, () => app.InjectKey(Key.F6)),
            new Step("path prompt", () => Screen(app).Contains("Write the EFS backup to", StringComparison.Ordinal), () => app.InjectKey(Key.Enter)),
            new Step("backup holds", () => jobs.Paused.Task.IsCompleted, () => app.InjectKey(Key.H.WithAlt)),
            new Step("hidden", () => ReferenceEquals(app.TopRunnableView, w), () => app.InjectKey(Key.Q.WithCtrl)),
            new Step("asked", () => Screen(app).Contains("Cancel them and quit?", StringComparison.Ordinal), () =>
            {
                asked = Screen(app);
                app.InjectKey(Key.Enter); // No is marked
            }),
            new Step("still running", () => ReferenceEquals(app.TopRunnableView, w), () =>
            {
                ranOnAfterNo = ctx.RunningJobs is [{ IsCancellationRequested: false }];
                app.InjectKey(Key.Q.WithCtrl);
            }),
            new Step("asked again", () => Screen(app).Contains("Cancel them and quit?", StringComparison.Ordinal), () => app.InjectKey(Key.Y.WithAlt)));

        Assert.Contains("1 job(s) still running", asked);
        Assert.Contains("Backup on " + A, asked);
        Assert.Contains("► No ◄", asked);
        Assert.True(ranOnAfterNo, "No stopped the job");
        Assert.Empty(ctx.RunningJobs);
        Assert.True(w.LastOutcome!.Cancelled, w.LastOutcome.Message);
        Assert.Empty(Directory.GetFiles(_root.FullName, "*.tar.gz", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_job_that_ends_while_the_workbench_is_on_another_stick_is_announced_there_and_only_then_its_ports_close()
    {
        (WorkbenchContext ctx, PausingJobs jobs) = await OpenAsync();
        await using WorkbenchContext _ = ctx;
        using IApplication app = NewApp(120, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string diagOfA = ctx.Modem.Target.DiagPath!;
        bool heldWhileRunning = false, freeAfterEnd = false;
        string? announced = null;
        Script(app, w,
            new Step("started", () => Idle(w) && w.DeviceBar.Model is not null, () => app.InjectKey(Key.F6)),
            new Step("path prompt", () => Screen(app).Contains("Write the EFS backup to", StringComparison.Ordinal), () => app.InjectKey(Key.Enter)),
            new Step("backup holds", () => jobs.Paused.Task.IsCompleted, () => app.InjectKey(Key.H.WithAlt)),
            new Step("hidden", () => ReferenceEquals(app.TopRunnableView, w), () => app.InjectKey(Key.L.WithCtrl)),
            new Step("panel", () => w.Sticks is { Visible: true, Rows.Count: 2 }, () =>
            {
                app.InjectKey(Key.CursorDown);
                app.InjectKey(Key.Enter);
            }),
            new Step("on B", () => ctx.StickName == B && ReferenceEquals(app.TopRunnableView, w), () =>
            {
                heldWhileRunning = Locked(diagOfA); // A's port is still open (and locked) for its backup

                jobs.Release.Set();
            }),
            new Step("announced on B", () => Screen(app).Contains("Backup on " + A + " (ran in the background)", StringComparison.Ordinal), () =>
            {
                announced = Screen(app);
                freeAfterEnd = !Locked(diagOfA); // the job ended and the workbench is not on A: its ports were closed

                app.InjectKey(Key.Enter);
            }) { Timeout = TimeSpan.FromMinutes(2) },
            new Step("A idle", () => ReferenceEquals(app.TopRunnableView, w) && w.Sticks.Rows.Count == 2 && w.Sticks.Rows[0].State == "online", () => { }));
        Assert.True(heldWhileRunning, "switching to B closed A's ports under its backup");
        Assert.True(freeAfterEnd, "A's ports stayed open after its job ended");
        Assert.Contains("Backup written", announced);
        Assert.Equal("  " + A + "  online", w.Sticks.Rows[0].Text);
        Assert.StartsWith("► " + B, w.Sticks.Rows[1].Text, StringComparison.Ordinal);
        Assert.Equal(B, ctx.StickName);
    }

    [Fact]
    public async Task Enter_on_the_busy_stick_shows_its_job_again_and_Esc_there_cancels_it()
    {
        (WorkbenchContext ctx, PausingJobs jobs) = await OpenAsync();
        await using WorkbenchContext _ = ctx;
        using IApplication app = NewApp(120, 34);
        using var w = new WorkbenchWindow(app, ctx);
        var views = new List<JobProgressDialog>();
        w.JobStarted += (_, d) => views.Add(d);
        Script(app, w,
            new Step("started", () => Idle(w) && w.DeviceBar.Model is not null, () => app.InjectKey(Key.F6)),
            new Step("path prompt", () => Screen(app).Contains("Write the EFS backup to", StringComparison.Ordinal), () => app.InjectKey(Key.Enter)),
            new Step("backup holds", () => jobs.Paused.Task.IsCompleted, () => app.InjectKey(Key.H.WithAlt)),
            new Step("hidden", () => ReferenceEquals(app.TopRunnableView, w), () => app.InjectKey(Key.L.WithCtrl)),
            new Step("panel", () => w.Sticks is { Visible: true, Rows.Count: 2 }, () => app.InjectKey(Key.Enter)), // A, the stick shown
            new Step("shown again", () => views.Count == 2 && ReferenceEquals(app.TopRunnableView, views[1]), () => app.InjectKey(Key.Esc)),
            new Step("cancelled", () => Screen(app).Contains("Cancelled", StringComparison.Ordinal), () => app.InjectKey(Key.Enter)),
            new Step("idle", () => ReferenceEquals(app.TopRunnableView, w) && w.Sticks.Rows[0].State == "online", () => { }));
        Assert.Same(views[0].Job, views[1].Job);
        Assert.True(w.LastOutcome!.Cancelled, w.LastOutcome.Message);
        Assert.Empty(ctx.RunningJobs);
        Assert.Empty(Directory.GetFiles(_root.FullName, "*.tar.gz", SearchOption.AllDirectories));
    }

    /// <summary>True when an open connection holds the port's lock (one process per port, issue 17).</summary>
    private static bool Locked(string port)
    {
        try
        {
            using ZteDiag.Device.Links.PortLock? probe = ZteDiag.Device.Links.PortLock.TryAcquire(port);
            return false;
        }
        catch (ZteDiag.Device.PortException)
        {
            return true;
        }
    }

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    private async Task<(WorkbenchContext, PausingJobs)> OpenAsync()
    {
        _bench = VirtualBench.Start(2, new VirtualModemStartOptions { NagInterval = null });
        string sys = Path.Combine(_root.FullName, "sys");
        _bench.WriteSysfs(sys);
        var options = new ConnectionOptions { SysfsRoot = sys, DevRoot = Path.Combine(sys, "dev"), Device = A };
        ModemConnection modem = await ModemConnection.OpenAsync(options, TestContext.Current.CancellationToken);
        var jobs = new PausingJobs(new WorkbenchJobs());
        string output = Directory.CreateDirectory(Path.Combine(_root.FullName, "out")).FullName;
        return (new WorkbenchContext(modem, null, jobs, output, () => options,
            new ZteDiag.Workbench.Checklists.ChecklistStateStore(Path.Combine(_root.FullName, "checklists"))), jobs);
    }

    /// <summary>The real jobs; a backup holds once it has read 1 % (so the panel has a percentage) until <see cref="Release"/>.</summary>
    private sealed class PausingJobs(WorkbenchJobs inner) : IWorkbenchJobs
    {
        public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Release { get; } = new();

        public BackupRegistry? Registry => inner.Registry;

        public Task<string> BackupAsync(ModemConnection modem, string outputPath, IProgress<JobProgress> progress, CancellationToken ct) =>
            inner.BackupAsync(modem, outputPath, new Holding(this, progress, ct), ct);

        public Task<string> NvBackupAsync(ModemConnection modem, string outputPath, string? spc, IProgress<JobProgress> progress, CancellationToken ct) =>
            inner.NvBackupAsync(modem, outputPath, spc, progress, ct);

        public Task<string> VerifyAsync(ModemConnection modem, string archivePath, IProgress<JobProgress> progress, CancellationToken ct) =>
            inner.VerifyAsync(modem, archivePath, progress, ct);

        public Task<string> PlanRestoreAsync(ModemConnection modem, string archivePath, CancellationToken ct) => inner.PlanRestoreAsync(modem, archivePath, ct);

        public Task<string> RestoreAsync(ModemConnection modem, string archivePath, IProgress<JobProgress> progress, CancellationToken ct) =>
            inner.RestoreAsync(modem, archivePath, progress, ct);

        public Task<string> PlanNvRestoreAsync(ModemConnection modem, string filePath, string spc, CancellationToken ct) =>
            inner.PlanNvRestoreAsync(modem, filePath, spc, ct);

        public Task<string> NvRestoreAsync(ModemConnection modem, string filePath, string spc, IProgress<JobProgress> progress, CancellationToken ct) =>
            inner.NvRestoreAsync(modem, filePath, spc, progress, ct);

        public Task<string> SetCdEmulationAsync(ModemConnection modem, bool enabled, CancellationToken ct) => inner.SetCdEmulationAsync(modem, enabled, ct);

        public Task<string> SetAutorunAsync(ModemConnection modem, bool enabled, CancellationToken ct) => inner.SetAutorunAsync(modem, enabled, ct);

        public Task<string> SwapIdentifierAsync(ModemConnection modem, string identifierFilePath, CancellationToken ct) =>
            inner.SwapIdentifierAsync(modem, identifierFilePath, ct);

        private sealed class Holding(PausingJobs owner, IProgress<JobProgress> to, CancellationToken ct) : IProgress<JobProgress>
        {
            public void Report(JobProgress value)
            {
                to.Report(value);
                if (value is { Phase: "read", Total: > 0 } && value.Done * 100 / value.Total >= 1 && owner.Paused.TrySetResult())
                {
                    // the job's own thread waits here, its stick held, until the test lets it go (or it is cancelled)
                    Assert.True(owner.Release.Wait(TimeSpan.FromMinutes(2), ct), "the test never released the backup");
                }
            }
        }
    }
}
