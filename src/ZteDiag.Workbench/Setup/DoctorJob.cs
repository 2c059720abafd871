using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Device.Discovery;
using ZteDiag.Device.Usb;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Workbench.Setup;

/// <summary>
/// <c>ztediag doctor</c> as a job: walks the chain from the USB plug to a data connection (usb, driver, ports,
/// permissions, modemmanager, diag, at, sim, registration, signal, apn) and gives one verdict per link, in that
/// order. A link that cannot be checked because an earlier one is broken is a <see cref="DoctorVerdict.Skip"/>.
/// Nothing is written to the modem: the AT commands are queries.
/// </summary>
public static class DoctorJob
{
    /// <summary>Runs every check; <paramref name="progress"/> hears each finding as it is made.</summary>
    /// <param name="options">Ports (explicit or discovered), timeouts, and the sysfs/dev/proc roots to look at.</param>
    /// <param name="progress">Each finding as soon as it is known, or null.</param>
    /// <param name="ct">Cancels the run.</param>
    /// <returns>The findings, one per link; a port that stops answering part-way adds a second "at" finding.</returns>
    public static async Task<IReadOnlyList<DoctorFinding>> RunAsync(ConnectionOptions options, IProgress<DoctorFinding>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var list = new List<DoctorFinding>();
        void Add(DoctorFinding f)
        {
            list.Add(f);
            progress?.Report(f);
        }

        bool explicitPorts = options.DiagPort is not null || options.Tcp is not null;

        // 1. USB personality, 2. driver bound
        ListedUsbDevice? stick = UsbChainCheck.PickStick(UsbDeviceLister.List(options.SysfsRoot));
        if (stick is null && explicitPorts)
        {
            Add(new DoctorFinding("usb", DoctorVerdict.Skip, "not checked (explicit --port/--tcp)"));
            Add(new DoctorFinding("driver", DoctorVerdict.Skip, "not checked (explicit --port/--tcp)"));
        }
        else
        {
            Add(UsbChainCheck.Personality(stick));
            Add(UsbChainCheck.Driver(stick));
        }

        // 3. ports present
        string? diagPath = options.DiagPort, atPath = options.AtPort;
        if (diagPath is null && options.Tcp is null)
        {
            ResolvedModem? modem = TryResolve(options, PortNeed.Diag) ?? TryResolve(options, PortNeed.At);
            diagPath = modem?.DiagPath;
            atPath ??= modem?.AtPath; // the AT port of the same stick, never another stick's
        }
        bool portsOk = PortsPresent(options, stick, diagPath, atPath, out DoctorFinding ports);
        Add(ports);

        // 4. permissions, 5. ModemManager
        var (permissions, holders) = await PermissionsAsync(options, portsOk, diagPath, atPath, ct).ConfigureAwait(false);
        Add(permissions);
        Add(UsbChainCheck.Holders(holders, diagPath, stick?.Model.Id));

        // 6. DIAG
        Add(options.Tcp is not null || diagPath is not null && Path.Exists(diagPath)
            ? await DiagAsync(options with { DiagPort = diagPath ?? options.DiagPort }, ct).ConfigureAwait(false)
            : new DoctorFinding("diag", DoctorVerdict.Skip, "no DIAG port (see the ports line)"));

        // 7–11. AT
        await AtAsync(options, atPath, Add, ct).ConfigureAwait(false);
        return list;
    }

    private static bool PortsPresent(ConnectionOptions options, ListedUsbDevice? stick, string? diagPath, string? atPath, out DoctorFinding finding)
    {
        string[] missing = [.. new[] { diagPath, atPath }.OfType<string>().Where(p => !Path.Exists(p))];
        bool ok = (diagPath is not null || options.Tcp is not null) && atPath is not null && missing.Length == 0;
        finding = ok
            ? new DoctorFinding("ports", DoctorVerdict.Ok, $"DIAG {diagPath ?? options.Tcp}, AT {atPath}")
            : stick is { Personality: UsbPersonality.Storage } && diagPath is null && atPath is null
                ? new DoctorFinding("ports", DoctorVerdict.Fail, "none: a stick in storage mode has no serial ports", "switch it first (see the usb line)")
                : missing.Length > 0
                    ? new DoctorFinding("ports", DoctorVerdict.Fail, $"sysfs lists them but {string.Join(", ", missing)} do(es) not exist",
                        "udev did not create the device nodes: check `dmesg` and `udevadm monitor` while re-plugging")
                    : new DoctorFinding("ports", DoctorVerdict.Fail, $"DIAG {diagPath ?? "missing"}, AT {atPath ?? "missing"}",
                        "the option driver made no /dev/ttyUSB* ports: check `dmesg`, `ztediag usb list`, or name them with --port/--at-port");
        return ok;
    }

    /// <summary>Opens each port once (and closes it) to see whether we may, and lists who else holds it.</summary>
    private static async Task<(DoctorFinding Permissions, List<PortHolder> Holders)> PermissionsAsync(
        ConnectionOptions options, bool portsOk, string? diagPath, string? atPath, CancellationToken ct)
    {
        var holders = new List<PortHolder>();
        var denied = new List<string>();
        foreach (string? p in new[] { diagPath, atPath }.Distinct())
        {
            if (p is null) continue;
            try
            {
                await using var link = await DiagConnector.OpenLinkAsync(options with { Tcp = null }, p, ct).ConfigureAwait(false);
            }
            catch (PortException ex) when (ex.Kind is PortErrorKind.AccessDenied)
            {
                denied.Add(p);
            }
            catch (PortException)
            {
                // busy/missing: reported by the modemmanager line or by the DIAG/AT checks
            }

            holders.AddRange(new ModemManagerCheck(options.ProcRoot, Environment.ProcessId).FindHolders(p));
        }

        DoctorFinding permissions = denied.Count > 0
            ? new DoctorFinding("permissions", DoctorVerdict.Fail, "permission denied: " + string.Join(", ", denied),
                "`sudo usermod -aG dialout $USER` and log in again, or `sudo ztediag udev-rules --install`")
            : portsOk
                ? new DoctorFinding("permissions", DoctorVerdict.Ok, "ports can be opened")
                : new DoctorFinding("permissions", DoctorVerdict.Skip, "not checked (no ports)");
        return (permissions, holders);
    }

    private static async Task<DoctorFinding> DiagAsync(ConnectionOptions options, CancellationToken ct)
    {
        try
        {
            await using ModemConnection m = await ModemConnection.OpenAsync(options, ct).ConfigureAwait(false);
            return ModemChainCheck.Diag(await m.Identity.ReadAsync(ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is ZteDiagException or IOException)
        {
            return new DoctorFinding("diag", DoctorVerdict.Fail, ex.Message, "check the DIAG port (`ztediag ports`) and that nothing else uses it");
        }
    }

    private static async Task AtAsync(ConnectionOptions options, string? atPath, Action<DoctorFinding> add, CancellationToken ct)
    {
        if (atPath is null || !Path.Exists(atPath))
        {
            add(new DoctorFinding("at", DoctorVerdict.Skip, "no AT port (see the ports line)"));
            SkipAfterAt(add);
            return;
        }

        AtSession at;
        try
        {
            at = await AtConnector.OpenAsync(options with { AtPort = atPath }, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ZteDiagException or IOException)
        {
            add(new DoctorFinding("at", DoctorVerdict.Fail, ex.Message, "check the AT port (`ztediag ports`)"));
            SkipAfterAt(add);
            return;
        }

        await using (at.ConfigureAwait(false))
        {
            await ModemChainCheck.CheckAtAsync(at, add, ct).ConfigureAwait(false);
        }
    }

    /// <summary>SIM, registration, signal and APN are read over AT: without it they are not checked.</summary>
    private static void SkipAfterAt(Action<DoctorFinding> add)
    {
        foreach (string check in ModemChainCheck.AtChecks)
        {
            add(new DoctorFinding(check, DoctorVerdict.Skip, "not checked (no AT)"));
        }
    }

    /// <summary>The stick discovery (and --device) gives for <paramref name="need"/>, or null: the doctor reports a missing port itself.</summary>
    private static ResolvedModem? TryResolve(ConnectionOptions options, PortNeed need)
    {
        try
        {
            return PortResolver.Resolve(options, need);
        }
        catch (PortException)
        {
            return null;
        }
    }
}
