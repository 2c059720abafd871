using Serilog;
using ZteDiag.Device.Efs;
using ZteDiag.Emulator;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Checklists;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>
/// What the workbench window works on: the stick it shows (its open modem), the other sticks kept open while a job
/// of theirs runs, the demo modem (if any) and the jobs. A job runs in the background on the stick it was started on,
/// one job per stick; the workbench may move to another stick meanwhile.
/// </summary>
public sealed class WorkbenchContext : IAsyncDisposable
{
    private readonly Func<ConnectionOptions>? _connection;
    private readonly Lock _lock = new();
    // the stick a job was started on, set on the job's own flow: its calls keep going there whichever stick is shown
    private readonly AsyncLocal<StickSession?> _bound = new();
    private readonly List<StickSession> _background = []; // sticks not shown, open only until their job ends
    private readonly List<BackgroundJob> _jobs = [];
    private StickSession _current;
    private string? _stick;
    private bool _disposed;

    /// <summary>Creates the context; it owns <paramref name="modem"/> and <paramref name="demo"/>.</summary>
    /// <param name="modem">The open modem.</param>
    /// <param name="demo">The in-process virtual modem, if any.</param>
    /// <param name="jobs">Backup/verify/restore and maintenance jobs.</param>
    /// <param name="outputDirectory">Default folder for downloads.</param>
    /// <param name="connection">Where the modem is now (asked again after a re-plug); null = the demo modem's ports.</param>
    /// <param name="checklistStore">Checklist run state; null = the user's state directory.</param>
    /// <param name="backupDirectory">Default folder for backups; null = <paramref name="outputDirectory"/>.</param>
    public WorkbenchContext(ModemConnection modem, VirtualModem? demo, IWorkbenchJobs jobs, string outputDirectory,
        Func<ConnectionOptions>? connection = null, ChecklistStateStore? checklistStore = null, string? backupDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(modem);
        BackupDirectory = backupDirectory ?? outputDirectory;
        Demo = demo;
        Jobs = jobs;
        OutputDirectory = outputDirectory;
        _connection = connection ?? (demo is null ? null : () => DemoPorts(demo, new ConnectionOptions()));
        _current = new StickSession(demo is null ? modem.Target.Name : "demo", modem, _connection); // the demo's "name" would be a pty path
        // the demo modem's runs are kept apart from real modems' (its IMEI could be a real stick's)
        ChecklistStore = checklistStore ?? new ChecklistStateStore(demo is null
            ? ChecklistPaths.FromEnvironment().StateDirectory : ChecklistPaths.FromEnvironment().DemoStateDirectory);
    }

    /// <summary>Raised (on a pool thread) after the shown stick's ports were opened again (or failed to), or the workbench moved to another stick.</summary>
    public event EventHandler<ReconnectedEventArgs>? Reconnected;

    /// <summary>Raised on the job's thread when a job of <see cref="StartJob"/> ended; its stick takes a new job already.</summary>
    public event EventHandler<BackgroundJob>? JobEnded;

    /// <summary>Raised on any thread when a job started, reported progress or ended.</summary>
    public event EventHandler? JobsChanged;

    /// <summary>The open modem: the shown stick's, or on a job's own flow the job's stick's.</summary>
    public ModemConnection Modem => Session.Modem;

    /// <summary>Where the modem's ports are now (the stick chosen with <see cref="SwitchToAsync"/>), or null when the context cannot find them again.</summary>
    public Func<ConnectionOptions>? Connection => Session.Connection;

    /// <summary>The stick chosen with <see cref="SwitchToAsync"/> (its name or USB path), or null for the one the session started on.</summary>
    public string? Stick
    {
        get
        {
            lock (_lock)
            {
                return _stick;
            }
        }
    }

    /// <summary>The name of the stick the workbench shows.</summary>
    public string StickName => Shown.Name;

    /// <summary>True when the context can list and open other sticks (it was not opened on explicit ports or the demo).</summary>
    public bool CanSwitch => _connection is not null && Demo is null;

    /// <summary>The jobs running now, on every stick.</summary>
    public IReadOnlyList<BackgroundJob> RunningJobs
    {
        get
        {
            lock (_lock)
            {
                return [.. _jobs];
            }
        }
    }

    /// <summary>The job running on the stick named <paramref name="stick"/>, or null when it has none.</summary>
    public BackgroundJob? JobOn(string stick)
    {
        lock (_lock)
        {
            return _current.Name == stick ? _current.Job : _background.FirstOrDefault(s => s.Name == stick)?.Job;
        }
    }

    /// <summary>Show IMEIs and other secrets unmasked (--reveal-secrets); masked by default in every screen.</summary>
    public bool RevealSecrets { get; init; }

    /// <summary>Checklist run state (per device and checklist).</summary>
    public ChecklistStateStore ChecklistStore { get; }

    /// <summary>The in-process virtual modem when running the demo.</summary>
    public VirtualModem? Demo { get; }

    /// <summary>Backup/verify/restore and maintenance jobs.</summary>
    public IWorkbenchJobs Jobs { get; }

    /// <summary>Default folder for downloads.</summary>
    public string OutputDirectory { get; }

    /// <summary>Default folder for backups.</summary>
    public string BackupDirectory { get; }

    private StickSession Shown
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    private StickSession Session => _bound.Value ?? Shown;

    /// <summary>
    /// Moves the workbench to another plugged stick (DIAG and AT of the same stick) and raises <see cref="Reconnected"/>.
    /// The other stick is opened first: when that fails the workbench stays where it is. The stick left is closed,
    /// unless a job runs on it: then it stays open for the job, undisturbed, and closes when the job ends.
    /// </summary>
    public async Task SwitchToAsync(string stick, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(stick);
        Func<ConnectionOptions> all = _connection
            ?? throw new InvalidOperationException("This session was opened on explicit ports; start `ztediag tui` without --port to choose among plugged sticks.");
        Func<ConnectionOptions> connection = () => all() with { Device = stick, DiagPort = null, AtPort = null, RequireNamedDevice = false };
        StickSession? to;
        lock (_lock)
        {
            if (_current.Name == stick)
            {
                return;
            }

            to = _background.FirstOrDefault(s => s.Name == stick);
        }

        if (to is null)
        {
            ModemConnection modem = await ModemConnection.OpenAsync(connection(), ct).ConfigureAwait(false);
            to = new StickSession(stick, modem, connection);
        }

        StickSession from;
        bool retire;
        lock (_lock)
        {
            from = _current;
            _ = _background.Remove(to);
            _current = to;
            _stick = stick;
            retire = from.Job is null;
            if (!retire)
            {
                _background.Add(from);
            }
        }

        if (retire)
        {
            await from.CloseAsync(waitForGate: true).ConfigureAwait(false);
        }

        Reconnected?.Invoke(this, new ReconnectedEventArgs(null));
    }

    /// <summary>
    /// Starts <paramref name="work"/> in the background on the shown stick; its calls to this context (<see cref="WithModemAsync{T}"/>,
    /// <see cref="Modem"/>…) go to that stick even after the workbench moved to another. With <paramref name="onStick"/> false
    /// the work is not one stick's job (switching sticks): it takes no stick and no stick refuses it.
    /// </summary>
    /// <exception cref="StickBusyException">A job runs on the stick already (one job at a time per stick; never queued).</exception>
    public BackgroundJob StartJob(string title, Func<IProgress<JobProgress>, CancellationToken, Task<string>> work, bool canHide = true, bool onStick = true)
    {
        ArgumentNullException.ThrowIfNull(work);
        StickSession s;
        BackgroundJob job;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            s = _current;
            if (onStick && s.Job is { } busy)
            {
                throw new StickBusyException(s.Name, busy);
            }

            job = new BackgroundJob(title, onStick ? s.Name : null, canHide);
            if (onStick)
            {
                s.Job = job;
            }

            _jobs.Add(job);
        }

        job.Progressed += (_, _) => JobsChanged?.Invoke(this, EventArgs.Empty);
        job.Start((p, ct) =>
        {
            if (onStick)
            {
                _bound.Value = s;
            }

            return work(p, ct);
        }, async j =>
        {
            _bound.Value = null;
            bool retire;
            lock (_lock)
            {
                _ = _jobs.Remove(j);
                if (onStick)
                {
                    s.Job = null;
                }

                retire = onStick && _background.Remove(s);
            }

            if (retire)
            {
                await s.CloseAsync(waitForGate: true).ConfigureAwait(false);
            }

            JobEnded?.Invoke(this, j);
            JobsChanged?.Invoke(this, EventArgs.Empty);
        });
        JobsChanged?.Invoke(this, EventArgs.Empty);
        return job;
    }

    /// <summary>
    /// Closes the modem's ports while <paramref name="work"/> runs with ports of its own (a checklist opens short
    /// links per step and waits for re-plugs; two readers on one port would steal each other's replies), then
    /// opens the modem again wherever it is now and raises <see cref="Reconnected"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The context has no <see cref="Connection"/> to reopen the ports.</exception>
    /// <exception cref="StickBusyException">A job runs on the stick (its ports cannot be released under it).</exception>
    public Task<T> WithPortsReleasedAsync<T>(Func<Func<ConnectionOptions>, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        StickSession s = Session;
        if (_bound.Value is null && s.Job is { } busy)
        {
            return Task.FromException<T>(new StickBusyException(s.Name, busy)); // as the run's error, like any other
        }

        return s.WithPortsReleasedAsync(work, e => Reconnected?.Invoke(this, new ReconnectedEventArgs(e)), ct);
    }

    /// <summary>EFS HELLO once, safe to call from several background tasks (one EFS operation at a time).</summary>
    public Task EnsureEfsAsync(CancellationToken ct) => WithModemAsync(async m =>
    {
        await m.EnsureEfsAsync(ct).ConfigureAwait(false);
        return true;
    }, ct);

    /// <summary>
    /// Runs one operation on the modem while no other runs: one DIAG session answers one request stream, and
    /// the EFS client's handles (directory and file slots) belong to one operation at a time, so a listing, a
    /// preview, a download and a job never interleave. Waits for the operation before it. The stick is taken
    /// when this is called (the shown one, or a job's own).
    /// </summary>
    /// <remarks>Not re-entrant: <paramref name="operation"/> uses the modem it is given, never the context's gated calls.</remarks>
    public Task<T> WithModemAsync<T>(Func<ModemConnection, Task<T>> operation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Session.WithModemAsync(operation, ct);
    }

    /// <summary>
    /// Lists a directory entry by entry as the replies arrive, holding the modem for the whole listing (see
    /// <see cref="WithModemAsync{T}"/>); the gate is released when the enumeration ends or is disposed.
    /// </summary>
    public IAsyncEnumerable<EfsDirEntry> ListAsync(string directory, CancellationToken ct = default) => Session.ListAsync(directory, ct);

    /// <summary>Connects to the discovered / configured modem, or starts the demo modem first.</summary>
    public static async Task<WorkbenchContext> OpenAsync(TuiOptions options, bool demo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        VirtualModem? vm = null;
        ConnectionOptions conn = options.Connection;
        if (demo)
        {
            vm = VirtualModem.Start(new VirtualModemStartOptions { Profile = options.Profile });
            conn = conn with { DiagPort = vm.DiagPath, AtPort = vm.AtPath, Tcp = null };
        }

        try
        {
            ModemConnection modem = await ModemConnection.OpenAsync(conn, ct).ConfigureAwait(false);
            ConnectionOptions configured = options.Connection;
            VirtualModem? started = vm;
            Func<ConnectionOptions> connection = started is null ? () => configured : () => DemoPorts(started, configured);
            return new WorkbenchContext(modem, vm, options.Jobs ?? new WorkbenchJobs(new BackupRegistry(BackupRegistry.DefaultPath)), options.OutputDirectory,
                connection, options.ChecklistStore, options.BackupDirectory) { RevealSecrets = options.RevealSecrets };
        }
        catch
        {
            vm?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The demo modem's current ports (new paths after a re-plug). While it is unplugged it has none: the
    /// options then name a path that cannot exist, so discovery reports it missing, as for a pulled stick.
    /// </summary>
    private static ConnectionOptions DemoPorts(VirtualModem vm, ConnectionOptions baseOptions) => vm.IsConnected
        ? baseOptions with { DiagPort = vm.DiagPath, AtPort = vm.AtPath, Tcp = null }
        : baseOptions with { DiagPort = "/dev/null/unplugged-diag", AtPort = "/dev/null/unplugged-at", Tcp = null };

    /// <summary>Cancels the running jobs, waits for them to stop, then closes every stick.</summary>
    public async ValueTask DisposeAsync()
    {
        BackgroundJob[] jobs;
        lock (_lock)
        {
            _disposed = true;
            jobs = [.. _jobs];
        }

        foreach (BackgroundJob j in jobs)
        {
            j.Cancel();
        }

        await Task.WhenAll(jobs.Select(j => j.Completion)).ConfigureAwait(false);
        StickSession[] open;
        lock (_lock)
        {
            open = [_current, .. _background];
        }

        foreach (StickSession s in open)
        {
            await s.CloseAsync(waitForGate: false).ConfigureAwait(false);
        }

        if (Demo is not null)
        {
            await Demo.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>How reopening the modem after a checklist run went.</summary>
/// <param name="Error">Null when the modem is open again; otherwise why it is not.</param>
public sealed class ReconnectedEventArgs(Exception? error) : EventArgs
{
    /// <summary>Null when the modem is open again; otherwise why it is not.</summary>
    public Exception? Error { get; } = error;
}

/// <summary>A job was asked of a stick that runs one already (one EFS job at a time per modem; a second is refused, not queued).</summary>
public sealed class StickBusyException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="stick"/> busy with <paramref name="job"/>.</summary>
    public StickBusyException(string stick, BackgroundJob job)
        : base($"{stick} is busy: {job?.Status}. One job at a time per stick: wait for it to end, or cancel it (Jobs > Running job).")
    {
    }

    /// <summary>Creates the exception.</summary>
    public StickBusyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StickBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner one.</summary>
    public StickBusyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
