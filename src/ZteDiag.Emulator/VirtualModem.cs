using ZteDiag.Emulator.Diag;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.Profiles;
using ZteDiag.Emulator.State;

namespace ZteDiag.Emulator;

/// <summary>
/// A complete virtual ZTE modem: a <see cref="ModemState"/>, a <see cref="ModemDiagResponder"/> on the DIAG
/// pty and a <see cref="ModemAtDevice"/> on the AT ptys (one pty per serial interface of the profile). Clients
/// open <see cref="DiagPath"/>, <see cref="AtPath"/> and <see cref="ModemPath"/> like /dev/ttyUSBn.
/// </summary>
/// <remarks>
/// <see cref="Replug"/> is a USB re-plug, which for a bus-powered stick is a power cycle: new ptys (new
/// paths), same state directory, runtime flags reset (SPC relocked, security as at boot, handles closed).
/// </remarks>
public sealed class VirtualModem : IDisposable, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly VirtualModemStartOptions _options;
    private SimCard? _sim;
    private VirtualModemHost _host;
    private bool _disposed;

    private VirtualModem(VirtualModemStartOptions options, ModemState state)
    {
        _options = options;
        State = state;
        _host = Plug();
    }

    /// <summary>Raised when the fault plan cuts power (on the DIAG thread); the CLI kills the process here.</summary>
    public event EventHandler? PowerLoss;

    /// <summary>Raised after a wrong security password powered the modem down (ports closed; <see cref="Replug"/> powers it on).</summary>
    public event EventHandler? PoweredDown;

    /// <summary>The modem state (EFS, NV, runtime flags).</summary>
    public ModemState State { get; }

    /// <summary>Name of the current profile.</summary>
    public string ProfileName => State.Profile.Name;

    /// <summary>Absolute state directory.</summary>
    public string StateDirectory => State.StateDirectory;

    /// <summary>The DIAG port (pty slave path).</summary>
    public string DiagPath => PathOf(PortRole.Diag);

    /// <summary>The secondary AT port.</summary>
    public string AtPath => PathOf(PortRole.At);

    /// <summary>The modem (PPP) AT port.</summary>
    public string ModemPath => PathOf(PortRole.Modem);

    /// <summary>True while plugged in and powered.</summary>
    public bool IsConnected
    {
        get { lock (_gate) { return _host.IsConnected; } }
    }

    /// <summary>The current port host (DIAG server counters, nag).</summary>
    public VirtualModemHost Host
    {
        get { lock (_gate) { return _host; } }
    }

    /// <summary>Creates or opens the state and starts serving.</summary>
    /// <exception cref="ArgumentException">Unknown profile, or a non-empty directory that is not to be reused.</exception>
    public static VirtualModem Start(VirtualModemStartOptions? options = null)
    {
        options ??= new VirtualModemStartOptions();
        ModemState state = options.ReuseState && options.StateDirectory is { } dir
            && File.Exists(Path.Combine(dir, ModemState.ProfileFileName))
                ? ModemState.Open(dir)
                : ModemState.CreateFresh(options.Profile, options.StateDirectory, options.Seed);
        try
        {
            if (options.Faults?.EnospcAfterBytes is { } budget)
            {
                state.Efs.FillAfterBytes(budget);
            }

            if (options.Imei is { } imei && !options.ReuseState)
            {
                ProvisionImei(state, imei);
            }

            foreach ((string path, Protocol.Efs.EfsErrno errno) in options.Faults?.UnreadablePaths ?? new Dictionary<string, Protocol.Efs.EfsErrno>())
            {
                state.Efs.RefuseReads(path, errno);
            }

            foreach ((string path, uint size) in options.Faults?.SizeLies ?? new Dictionary<string, uint>())
            {
                state.Efs.MisreportSize(path, size);
            }

            foreach ((string path, int extra) in options.Faults?.ReadOverruns ?? new Dictionary<string, int>())
            {
                state.Efs.OverrunReads(path, extra);
            }

            foreach ((string directory, string name) in options.Faults?.ExtraNames ?? [])
            {
                state.Efs.ListExtraName(directory, name);
            }

            return new VirtualModem(options, state);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>The one-line ready message: {"profile":…,"diag":…,"at":…,"modem":…,"state":…}.</summary>
    public string ReadyJson()
    {
        lock (_gate)
        {
            return _host.ReadyJson(State.StateDirectory);
        }
    }

    /// <summary>Unplug: every port vanishes for its clients, and so do the link-directory names.</summary>
    public void Disconnect()
    {
        lock (_gate)
        {
            _host.Disconnect();
            _host.RemoveLinks();
        }
    }

    /// <summary>Plug in again (a power cycle): new ptys with new paths, same state, runtime flags reset.</summary>
    public void Replug()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _host.Dispose();
            State.ResetRuntimeFlags();
            _host = Plug();
        }
    }

    /// <summary>Simulated reflash with another profile's firmware: unplug, switch the profile, replug.</summary>
    /// <exception cref="ArgumentException">Unknown profile (the modem stays as it was, unplugged).</exception>
    public void SwitchProfile(string profileName)
    {
        lock (_gate)
        {
            Disconnect();
            State.SwitchProfile(profileName);
            Replug();
        }
    }

    /// <summary>True while a SIM is in the tray (and the profile has one).</summary>
    public bool SimInserted => State.SimPresent;

    /// <summary>
    /// Rehearsal: take the SIM out (or put it back). AT+CPIN? then answers <c>+CME ERROR: 10</c> as real
    /// firmware does with no SIM; the tray keeps its state through re-plugs and flashes.
    /// </summary>
    public void SetSim(bool inserted)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            State.SimPulled = !inserted;
            State.SimPresent = inserted && State.Profile.SimPresent;
            State.SimUnlocked = false;
        }
    }

    /// <summary>
    /// Rehearsal: the network delivers an SMS from <paramref name="originator"/>. Each part is stored unread on the
    /// SIM and every AT port announces it with <c>+CMTI: "SM",index</c>. Returns the indexes.
    /// </summary>
    /// <exception cref="InvalidOperationException">No SIM, or the SIM store has no room.</exception>
    /// <exception cref="ArgumentException">The number is not digits.</exception>
    public IReadOnlyList<int> DeliverSms(string originator, string text)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!State.SimPresent)
        {
            throw new InvalidOperationException("no SIM in the tray: put it back with `sim in`");
        }

        return State.Sms.Deliver(originator, text, DateTimeOffset.Now);
    }

    /// <summary>
    /// Rehearsal of "the updater flashed it to <paramref name="profileName"/>": the ports vanish, the firmware
    /// becomes the new profile's (NV and user files kept, firmware files replaced: <see cref="ModemState.SwitchProfile"/>),
    /// and the stick re-enumerates after <paramref name="rebootTime"/> (zero: at once). A <see cref="Replug"/>
    /// meanwhile plugs it in early.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown profile (the modem stays as it was, plugged as it was).</exception>
    public void Flash(string profileName, TimeSpan rebootTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rebootTime, TimeSpan.Zero);
        ProfileCatalog.Load(profileName); // unknown name: throw before anything changes
        if (rebootTime == TimeSpan.Zero)
        {
            SwitchProfile(profileName);
            return;
        }

        VirtualModemHost flashed;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Disconnect();
            State.SwitchProfile(profileName);
            flashed = _host;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(rebootTime).ConfigureAwait(false);
            lock (_gate)
            {
                if (!_disposed && ReferenceEquals(flashed, _host))
                {
                    Replug();
                }
            }
        });
    }

    /// <summary>
    /// Writes a Linux-like sysfs tree for this modem under <paramref name="root"/> (profile USB ids and interfaces;
    /// ttyUSB numbers in interface order, skipping mass storage; <c>ROOT/dev/ttyUSBn</c> link to the ptys).
    /// </summary>
    /// <param name="root">Directory to write under.</param>
    /// <param name="firstTty">Number of its first ttyUSB (several sticks under one root count on from each other).</param>
    public IReadOnlyList<SysfsTty> WriteSysfs(string root, int firstTty = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        UsbLayout usb = State.Profile.Usb;
        var device = new SysfsDevice((ushort)usb.VendorId, (ushort)usb.ProductId, usb.ManufacturerString, usb.ProductString,
            _options.UsbSerial, _options.UsbPath, _options.UsbDeviceNumber);
        var interfaces = new List<SysfsInterface>();
        lock (_gate)
        {
            foreach (UsbInterfaceSpec i in usb.Interfaces)
            {
                PortRole? role = ToPortRole(i.Role);
                interfaces.Add(new SysfsInterface(
                    i.Number,
                    role is null ? SysfsWriter.MassStorageClass : (byte)0xFF,
                    role is { } r ? VirtualModemHost.RoleName(r) : null,
                    role is { } pr && _host.SlavePaths.TryGetValue(pr, out string? slave) ? slave : null));
            }
        }

        return SysfsWriter.Write(root, device, interfaces, firstTty: firstTty);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _host.Dispose();
        }

        State.Dispose();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private string PathOf(PortRole role)
    {
        lock (_gate)
        {
            return _host.PathOf(role);
        }
    }

    /// <summary>NV 550 of a fresh state gets <paramref name="imei"/>, with the profile's protection flags.</summary>
    private static void ProvisionImei(ModemState state, string imei)
    {
        if (state.Profile.NvItems.FirstOrDefault(i => i.Source == NvItemSource.Imei) is { } spec)
        {
            state.Nv.Provision((ushort)spec.Id, Protocol.Diag.Imei.Encode(imei), spec.Protected, spec.ReadOnly);
        }
    }

    private static PortRole? ToPortRole(UsbPortRole role) => role switch
    {
        UsbPortRole.Diag => PortRole.Diag,
        UsbPortRole.SecondaryAt => PortRole.At,
        UsbPortRole.Modem => PortRole.Modem,
        _ => null,
    };

    /// <summary>The one SIM of this stick: its retry counters survive a re-plug, its PIN is asked again after one.</summary>
    private SimCard PowerCycledSim()
    {
        _sim ??= new SimCard(_options.SimPin);
        _sim.PowerCycle();
        return _sim;
    }

    private VirtualModemHost Plug()
    {
        var responder = new ModemDiagResponder(State, new ModemDiagOptions
        {
            Md5Sum = _options.Md5Sum, SecurityPassword = _options.SecurityPassword,
        });
        var roles = State.Profile.Usb.Interfaces.Select(i => ToPortRole(i.Role)).OfType<PortRole>().ToList();
        var host = new VirtualModemHost(roles, responder, new ModemAtDevice(State, PowerCycledSim(), _options.NetworkScanDelay), new VirtualModemOptions
        {
            Profile = State.Profile.Name,
            Link = _options.Link ?? LinkModel.None,
            Faults = _options.Faults,
            DiagTask = _options.DiagTask,
            NagInterval = _options.NagInterval,
            LinkDirectory = _options.LinkDirectory,
        });
        host.PowerLoss += (_, _) => PowerLoss?.Invoke(this, EventArgs.Empty);
        responder.PoweredDown += (_, _) => OnWrongPassword(host);
        return host;
    }

    private void OnWrongPassword(VirtualModemHost host) => _ = Task.Run(async () =>
    {
        await Task.Delay(_options.PowerDownDelay).ConfigureAwait(false);
        lock (_gate)
        {
            if (_disposed || !ReferenceEquals(host, _host))
            {
                return;
            }

            host.Disconnect();
        }

        PoweredDown?.Invoke(this, EventArgs.Empty);
    });
}
