using System.Runtime.CompilerServices;
using Serilog;
using ZteDiag.Device.Efs;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Tui;

/// <summary>
/// One open stick of the bench: its connection, its EFS gate (one operation at a time per modem) and the job running
/// on it, if any. The workbench shows one session; others stay open only while a job of theirs runs.
/// </summary>
internal sealed class StickSession
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _closed;

    public StickSession(string name, ModemConnection modem, Func<ConnectionOptions>? connection)
    {
        Name = name;
        Modem = modem;
        Connection = connection;
    }

    /// <summary>The stick's name (USB serial, else USB path; the port for a session on explicit ports).</summary>
    public string Name { get; }

    /// <summary>The open modem (replaced after <see cref="WithPortsReleasedAsync{T}"/>).</summary>
    public ModemConnection Modem { get; private set; }

    /// <summary>Where this stick's ports are now, or null when they cannot be found again.</summary>
    public Func<ConnectionOptions>? Connection { get; }

    /// <summary>The job running on it (guarded by the context's lock).</summary>
    public BackgroundJob? Job { get; set; }

    /// <summary>True once <see cref="CloseAsync"/> ran.</summary>
    public bool IsClosed => _closed;

    public async Task<T> WithModemAsync<T>(Func<ModemConnection, Task<T>> operation, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await operation(Modem).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<EfsDirEntry> ListAsync(string directory, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await Modem.EnsureEfsAsync(ct).ConfigureAwait(false);
            await foreach (EfsDirEntry e in Modem.Efs.ListStreamAsync(directory, ct).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the ports while <paramref name="work"/> runs, then opens the stick again; <paramref name="reopened"/> gets the error, if any.</summary>
    public async Task<T> WithPortsReleasedAsync<T>(Func<Func<ConnectionOptions>, Task<T>> work, Action<Exception?> reopened, CancellationToken ct)
    {
        Func<ConnectionOptions> connection = Connection
            ?? throw new InvalidOperationException("This session cannot reopen the modem's ports; run the checklist from the command line.");
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_closed)
            {
                _closed = true;
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
                    _closed = false;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.Warning("Could not reopen the modem: {Reason}", Readable.Error(ex));
                    error = ex;
                }

                reopened(error);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Closes the ports; with <paramref name="waitForGate"/> after the operation in flight (a listing) ended, so it is
    /// not cut off. Idempotent.
    /// </summary>
    public async Task CloseAsync(bool waitForGate)
    {
        if (waitForGate)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            if (!_closed)
            {
                _closed = true;
                await Modem.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (waitForGate)
            {
                _gate.Release();
            }
        }
    }
}
