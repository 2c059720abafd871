using System.Text.Json.Nodes;
using ZteDiag.Emulator.At;
using ZteDiag.Emulator.Pty;

namespace ZteDiag.Emulator.Host;

/// <summary>Settings of a <see cref="VirtualModemHost"/>.</summary>
public sealed record VirtualModemOptions
{
    /// <summary>Profile name reported in the ready line.</summary>
    public string Profile { get; init; } = "virtual";

    /// <summary>DIAG link timing.</summary>
    public LinkModel Link { get; init; } = LinkModel.None;

    /// <summary>DIAG faults; null = none.</summary>
    public FaultPlan? Faults { get; init; }

    /// <summary>The target's DIAG task (receive queue, service time); null = instant.</summary>
    public DiagTaskModel? DiagTask { get; init; }

    /// <summary>+ZUSIMR nag interval; null = no nag.</summary>
    public TimeSpan? NagInterval { get; init; } = UnsolicitedNag.DefaultInterval;

    /// <summary>If set, symlinks <c>DIR/diag</c>, <c>DIR/at</c>, <c>DIR/modem</c> to the slave paths are created here.</summary>
    public string? LinkDirectory { get; init; }
}

/// <summary>
/// The virtual modem's port host: one pseudo-terminal per serial interface role (diag, at, modem),
/// a <see cref="DiagPortServer"/> on the diag port and an <see cref="AtPortServer"/> on each AT port
/// (AT ports share the device and the +ZUSIMR nag). Clients may close and reopen ports at will.
/// <see cref="Disconnect"/> simulates an unplug; <see cref="Dispose"/> shuts down cleanly.
/// </summary>
public sealed class VirtualModemHost : IDisposable
{
    private readonly VirtualModemOptions _options;
    private readonly List<(PortRole Role, PseudoTerminal Pty)> _ports = [];
    private readonly List<IDisposable> _servers = [];
    private readonly List<string> _links = [];
    private bool _disposed;

    /// <summary>Creates the ptys and starts serving.</summary>
    /// <param name="roles">One entry per serial interface, in interface order; each role at most once.</param>
    /// <param name="diag">DIAG responder (needed when a diag role is given).</param>
    /// <param name="atDevice">AT device (needed when an at/modem role is given).</param>
    /// <param name="options">Link, faults, nag, link directory; null = defaults.</param>
    public VirtualModemHost(IEnumerable<PortRole> roles, IDiagResponder? diag, IAtDevice? atDevice, VirtualModemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _options = options ?? new VirtualModemOptions();
        PortRole[] list = [.. roles];
        if (list.Distinct().Count() != list.Length)
        {
            throw new ArgumentException("each port role may appear once", nameof(roles));
        }

        if (list.Contains(PortRole.Diag) && diag is null)
        {
            throw new ArgumentNullException(nameof(diag), "a diag port needs a DIAG responder");
        }

        if ((list.Contains(PortRole.At) || list.Contains(PortRole.Modem)) && atDevice is null)
        {
            throw new ArgumentNullException(nameof(atDevice), "an AT port needs an AT device");
        }

        Nag = _options.NagInterval is { } interval ? new UnsolicitedNag(interval) : null;
        try
        {
            foreach (PortRole role in list)
            {
                var pty = new PseudoTerminal();
                _ports.Add((role, pty));
                if (role == PortRole.Diag)
                {
                    var server = new DiagPortServer(pty, diag!, _options.Link, _options.Faults, _options.DiagTask);
                    server.Disconnected += (_, _) => Disconnect();
                    server.PowerLoss += (_, _) =>
                    {
                        PowerLoss?.Invoke(this, EventArgs.Empty);
                        Disconnect(); // the handler returned: the device is dead anyway
                    };
                    DiagServer = server;
                    _servers.Add(server);
                    server.Start();
                }
                else
                {
                    var server = new AtPortServer(pty, new AtResponder(atDevice!, Nag), Nag);
                    _servers.Add(server);
                    server.Start();
                }
            }

            if (_options.LinkDirectory is { } dir)
            {
                CreateLinks(dir);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Raised on the DIAG thread when the fault plan cuts power. The CLI host kills the process here
    /// (Environment.FailFast / exit without cleanup); if the handler returns, the host unplugs.
    /// </summary>
    public event EventHandler? PowerLoss;

    /// <summary>The DIAG server, if a diag role was given (counters for tests and status).</summary>
    public DiagPortServer? DiagServer { get; }

    /// <summary>The shared +ZUSIMR nag, or null.</summary>
    public UnsolicitedNag? Nag { get; }

    /// <summary>Slave path per role, e.g. Diag → /dev/pts/5.</summary>
    public IReadOnlyDictionary<PortRole, string> SlavePaths => _ports.ToDictionary(p => p.Role, p => p.Pty.SlavePath);

    /// <summary>True until <see cref="Disconnect"/> or <see cref="Dispose"/>.</summary>
    public bool IsConnected => _ports.Count > 0 && _ports.TrueForAll(p => p.Pty.IsOpen);

    /// <summary>The slave path of <paramref name="role"/>.</summary>
    /// <exception cref="KeyNotFoundException">The host has no such port.</exception>
    public string PathOf(PortRole role) =>
        _ports.Find(p => p.Role == role).Pty?.SlavePath ?? throw new KeyNotFoundException($"no {RoleName(role)} port");

    /// <summary>
    /// The one-line ready message, e.g.
    /// <c>{"profile":"mf627-mts","diag":"/dev/pts/5","at":"/dev/pts/6","modem":"/dev/pts/7","state":"/tmp/x"}</c>.
    /// </summary>
    public string ReadyJson(string state)
    {
        var o = new JsonObject { ["profile"] = _options.Profile };
        foreach ((PortRole role, PseudoTerminal pty) in _ports)
        {
            o[RoleName(role)] = pty.SlavePath;
        }

        o["state"] = state;
        return o.ToJsonString();
    }

    /// <summary>Simulates an unplug: closes every master, so clients see the device vanish.</summary>
    public void Disconnect()
    {
        foreach ((_, PseudoTerminal pty) in _ports)
        {
            pty.CloseMaster();
        }
    }

    /// <summary>Stops every server thread (ports stay open until <see cref="Dispose"/>).</summary>
    public void Stop()
    {
        foreach (IDisposable s in _servers)
        {
            s.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Stop();
        foreach ((_, PseudoTerminal pty) in _ports)
        {
            pty.Dispose();
        }

        foreach (string link in _links)
        {
            try
            {
                File.Delete(link);
            }
            catch (IOException)
            {
                // best effort
            }
            catch (UnauthorizedAccessException)
            {
                // best effort
            }
        }
    }

    /// <summary>The lower-case name of a role, as used in the ready line and the link directory.</summary>
    public static string RoleName(PortRole role) => role switch
    {
        PortRole.Diag => "diag",
        PortRole.At => "at",
        PortRole.Modem => "modem",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private void CreateLinks(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach ((PortRole role, PseudoTerminal pty) in _ports)
        {
            string link = Path.Combine(dir, RoleName(role));
            if (File.Exists(link) || new FileInfo(link).LinkTarget is not null)
            {
                File.Delete(link);
            }

            File.CreateSymbolicLink(link, pty.SlavePath);
            _links.Add(link);
        }
    }
}
