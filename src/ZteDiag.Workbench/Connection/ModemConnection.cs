using ZteDiag.Device.At;
using ZteDiag.Device.Diag;
using ZteDiag.Device.Efs;
using ZteDiag.Device.Identity;
using ZteDiag.Device.Nv;

namespace ZteDiag.Workbench.Connection;

/// <summary>
/// One open modem: the DIAG session with its EFS and NV clients, and the AT session when an AT
/// port is known (opened lazily). Jobs, the CLI and the TUI all talk to a modem through this.
/// </summary>
public sealed class ModemConnection : IAsyncDisposable
{
    private readonly ConnectionOptions _options;
    // Opening the AT session is serialized and refused after disposal: a second session (a race between
    // two views) or a late one (after the TUI lent its ports to a checklist run) would be a second reader
    // on the port, stealing replies.
    private readonly SemaphoreSlim _atGate = new(1, 1);
    private AtSession? _at;
    private bool _efsConnected;
    private bool _disposed;

    private ModemConnection(ConnectionOptions options, DiagSession diag, ResolvedModem target)
    {
        _options = options;
        Target = target;
        string? atPort = target.AtPath;
        Diag = diag;
        AtPortPath = atPort;
        Efs = new EfsClient(diag, new EfsClientOptions { Window = options.Window, Timeout = options.Timeout });
        Nv = new NvClient(diag);
        Identity = new DeviceIdentityReader(diag);
    }

    /// <summary>The DIAG request stream.</summary>
    public DiagSession Diag { get; }

    /// <summary>EFS2 client (call <see cref="EnsureEfsAsync"/> first).</summary>
    public EfsClient Efs { get; }

    /// <summary>NV / SPC client.</summary>
    public NvClient Nv { get; }

    /// <summary>VERNO / EXT_BUILD_ID / ESN / IMEI reader.</summary>
    public DeviceIdentityReader Identity { get; }

    /// <summary>AT port path, or null when none is known.</summary>
    public string? AtPortPath { get; }

    /// <summary>The stick this connection talks to: its name and where its ports came from.</summary>
    public ResolvedModem Target { get; }

    /// <summary>Describes the DIAG link (port path or HOST:PORT).</summary>
    public string DiagDescription => Diag.Description;

    /// <summary>Opens the DIAG port (explicit, TCP or discovered) and remembers the AT port.</summary>
    public static async Task<ModemConnection> OpenAsync(ConnectionOptions options, CancellationToken ct, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ResolvedModem target = PortResolver.Resolve(options, PortNeed.Diag, warn);
        DiagSession diag = await DiagConnector.OpenSessionAsync(options, target.DiagPath!, ct).ConfigureAwait(false);
        return new ModemConnection(options, diag, target);
    }

    /// <summary>HELLO + QUERY once per connection (HELLO closes the target's open handles).</summary>
    public async Task EnsureEfsAsync(CancellationToken ct)
    {
        if (!_efsConnected)
        {
            await Efs.ConnectAsync(ct).ConfigureAwait(false);
            _efsConnected = true;
        }
    }

    /// <summary>The AT session, opened on first use; null when no AT port is known.</summary>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public async Task<AtSession?> GetAtAsync(CancellationToken ct)
    {
        if (AtPortPath is null)
        {
            return null;
        }

        await _atGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_at is null)
            {
                var link = await DiagConnector.OpenLinkAsync(_options with { Tcp = null }, AtPortPath, ct).ConfigureAwait(false);
                _at = new AtSession(link, new AtSessionOptions { DefaultTimeout = _options.Timeout });
            }

            return _at;
        }
        finally
        {
            _atGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _atGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_at is not null)
            {
                await _at.DisposeAsync().ConfigureAwait(false);
            }

            await Diag.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _atGate.Release();
        }
    }
}
