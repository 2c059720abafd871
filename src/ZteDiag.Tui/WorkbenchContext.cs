using Serilog;
using ZteDiag.Emulator;
using ZteDiag.Workbench.Checklists;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>What the workbench window works on: the open modem, the demo modem (if any) and the jobs.</summary>
public sealed class WorkbenchContext : IAsyncDisposable
{
    private readonly SemaphoreSlim _efsGate = new(1, 1);
    private readonly Func<ConnectionOptions>? _connection;
    private bool _modemClosed;
    private string? _stick;

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
        BackupDirectory = backupDirectory ?? outputDirectory;
        Modem = modem;
        Demo = demo;
        Jobs = jobs;
        OutputDirectory = outputDirectory;
        _connection = connection ?? (demo is null ? null : () => DemoPorts(demo, new ConnectionOptions()));
        // the demo modem's runs are kept apart from real modems' (its IMEI could be a real stick's)
        ChecklistStore = checklistStore ?? new ChecklistStateStore(demo is null
            ? ChecklistPaths.FromEnvironment().StateDirectory : ChecklistPaths.FromEnvironment().DemoStateDirectory);
    }

    /// <summary>Raised (on a pool thread) after <see cref="WithPortsReleasedAsync{T}"/> opened the modem again, or failed to.</summary>
    public event EventHandler<ReconnectedEventArgs>? Reconnected;

    /// <summary>The open modem (replaced after <see cref="WithPortsReleasedAsync{T}"/>).</summary>
    public ModemConnection Modem { get; private set; }

    /// <summary>Where the modem's ports are now (the stick chosen with <see cref="SwitchToAsync"/>), or null when the context cannot find them again.</summary>
    public Func<ConnectionOptions>? Connection => _connection is not { } c ? null
        : _stick is null ? c : () => c() with { Device = _stick, DiagPort = null, AtPort = null, RequireNamedDevice = false };

    /// <summary>The stick chosen in the stick list (its name or USB path), or null for the one the session started on.</summary>
    public string? Stick => _stick;

    /// <summary>
    /// Moves the workbench to another plugged stick: the ports of this one are closed, the other's opened (DIAG and
    /// AT of the same stick) and <see cref="Reconnected"/> raised. Waits for a running EFS operation to end first.
    /// </summary>
    public async Task SwitchToAsync(string stick, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(stick);
        string? before = _stick;
        _stick = stick;
        try
        {
            _ = await WithPortsReleasedAsync(_ => Task.FromResult(0), ct).ConfigureAwait(false);
        }
        catch
        {
            _stick = before;
            throw;
        }
    }

    /// <summary>Show IMEIs and other secrets unmasked (--reveal-secrets); masked by default in every screen.</summary>
    public bool RevealSecrets { get; init; }

    /// <summary>Checklist run state (per device and checklist).</summary>
    public ChecklistStateStore ChecklistStore { get; }

    /// <summary>
    /// Closes the modem's ports while <paramref name="work"/> runs with ports of its own (a checklist opens short
    /// links per step and waits for re-plugs; two readers on one port would steal each other's replies), then
    /// opens the modem again wherever it is now and raises <see cref="Reconnected"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The context has no <see cref="Connection"/> to reopen the ports.</exception>
    public async Task<T> WithPortsReleasedAsync<T>(Func<Func<ConnectionOptions>, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        Func<ConnectionOptions> connection = Connection
            ?? throw new InvalidOperationException("This session cannot reopen the modem's ports; run the checklist from the command line.");
        await _efsGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_modemClosed)
            {
                _modemClosed = true;
                await Modem.DisposeAsync().ConfigureAwait(false);
            }

            try
            {
                return await work(connection).ConfigureAwait(false);
            }
            finally
            {
                Exception? error = null;
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    Modem = await ModemConnection.OpenAsync(connection(), timeout.Token).ConfigureAwait(false);
                    _modemClosed = false;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.Warning("Could not reopen the modem: {Reason}", Readable.Error(ex));
                    error = ex;
                }

                Reconnected?.Invoke(this, new ReconnectedEventArgs(error));
            }
        }
        finally
        {
            _efsGate.Release();
        }
    }

    /// <summary>The in-process virtual modem when running the demo.</summary>
    public VirtualModem? Demo { get; }

    /// <summary>Backup/verify/restore and maintenance jobs.</summary>
    public IWorkbenchJobs Jobs { get; }

    /// <summary>Default folder for downloads.</summary>
    public string OutputDirectory { get; }

    /// <summary>Default folder for backups.</summary>
    public string BackupDirectory { get; }

    /// <summary>EFS HELLO once, safe to call from several background tasks (one EFS operation at a time).</summary>
    public Task EnsureEfsAsync(CancellationToken ct) => WithModemAsync(async m =>
    {
        await m.EnsureEfsAsync(ct).ConfigureAwait(false);
        return true;
    }, ct);

    /// <summary>
    /// Runs one operation on the modem while no other runs: one DIAG session answers one request stream, and
    /// the EFS client's handles (directory and file slots) belong to one operation at a time, so a listing, a
    /// preview, a download and a job never interleave. Waits for the operation before it.
    /// </summary>
    /// <remarks>Not re-entrant: <paramref name="operation"/> uses the modem it is given, never the context's gated calls.</remarks>
    public async Task<T> WithModemAsync<T>(Func<ModemConnection, Task<T>> operation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await _efsGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await operation(Modem).ConfigureAwait(false);
        }
        finally
        {
            _efsGate.Release();
        }
    }

    /// <summary>
    /// Lists a directory entry by entry as the replies arrive, holding the modem for the whole listing (see
    /// <see cref="WithModemAsync{T}"/>); the gate is released when the enumeration ends or is disposed.
    /// </summary>
    public async IAsyncEnumerable<ZteDiag.Device.Efs.EfsDirEntry> ListAsync(string directory, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await _efsGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await Modem.EnsureEfsAsync(ct).ConfigureAwait(false);
            await foreach (ZteDiag.Device.Efs.EfsDirEntry e in Modem.Efs.ListStreamAsync(directory, ct).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            _efsGate.Release();
        }
    }

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

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_modemClosed)
        {
            _modemClosed = true;
            await Modem.DisposeAsync().ConfigureAwait(false);
        }

        if (Demo is not null)
        {
            await Demo.DisposeAsync().ConfigureAwait(false);
        }

        _efsGate.Dispose();
    }
}

/// <summary>How reopening the modem after a checklist run went.</summary>
/// <param name="Error">Null when the modem is open again; otherwise why it is not.</param>
public sealed class ReconnectedEventArgs(Exception? error) : EventArgs
{
    /// <summary>Null when the modem is open again; otherwise why it is not.</summary>
    public Exception? Error { get; } = error;
}
