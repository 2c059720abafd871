using System.Globalization;

namespace ZteDiag.Device.Discovery;

/// <summary>A process holding a tty open.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="Name">Process name from /proc/PID/comm.</param>
/// <param name="DevicePath">The tty it holds.</param>
public sealed record PortHolder(int Pid, string Name, string DevicePath);

/// <summary>
/// Finds processes (ModemManager first of all) that hold a tty open by scanning <c>/proc/*/fd</c>
/// symlinks, and says what to do about them. A second process on the DIAG port steals replies.
/// </summary>
public sealed class ModemManagerCheck
{
    private readonly string _procRoot;
    private readonly int? _ignorePid;

    /// <summary>Creates a check over <paramref name="procRoot"/> (a fake tree in tests); our own process is ignored.</summary>
    public ModemManagerCheck(string procRoot = "/proc", int? ignorePid = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(procRoot);
        _procRoot = procRoot;
        _ignorePid = ignorePid ?? Environment.ProcessId;
    }

    /// <summary>Processes with an fd on <paramref name="devicePath"/> (or on what it links to). Unreadable processes are skipped.</summary>
    public IReadOnlyList<PortHolder> FindHolders(string devicePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(devicePath);
        var targets = new HashSet<string>(StringComparer.Ordinal) { devicePath };
        if (PortDiscovery.RealPath(devicePath) is { } real)
        {
            targets.Add(real);
        }

        var holders = new List<PortHolder>();
        IEnumerable<string> procs;
        try
        {
            procs = Directory.GetDirectories(_procRoot);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return holders;
        }

        foreach (string dir in procs)
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == _ignorePid)
            {
                continue;
            }

            if (HoldsAny(Path.Combine(dir, "fd"), targets))
            {
                holders.Add(new PortHolder(pid, ReadComm(dir) ?? $"pid {pid}", devicePath));
            }
        }

        return [.. holders.OrderBy(h => h.Pid)];
    }

    /// <summary>
    /// Technician advice for <paramref name="holders"/>, or null when nobody holds the port.
    /// <paramref name="usbId"/> ("19d2:0031") makes the udev rule concrete.
    /// </summary>
    public static string? Advice(IReadOnlyList<PortHolder> holders, string? usbId = null)
    {
        ArgumentNullException.ThrowIfNull(holders);
        if (holders.Count == 0)
        {
            return null;
        }

        var lines = new List<string>();
        foreach (PortHolder h in holders)
        {
            if (h.Name.Equals("ModemManager", StringComparison.OrdinalIgnoreCase))
            {
                string rule = usbId is { Length: 9 } id
                    ? $"udev rule ENV{{ID_MM_DEVICE_IGNORE}}=\"1\" for {id} (/etc/udev/rules.d/99-ztediag.rules: " +
                      $"ATTRS{{idVendor}}==\"{id[..4]}\", ATTRS{{idProduct}}==\"{id[5..]}\", ENV{{ID_MM_DEVICE_IGNORE}}=\"1\")"
                    : "udev rule ENV{ID_MM_DEVICE_IGNORE}=\"1\" for the modem's vendor:product";
                lines.Add($"ModemManager (pid {h.Pid}) holds {h.DevicePath}. Stop it: `sudo systemctl stop ModemManager`, or permanently: {rule}.");
            }
            else
            {
                lines.Add($"{h.Name} (pid {h.Pid}) holds {h.DevicePath}. Close that program first (or `kill {h.Pid}`).");
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static bool HoldsAny(string fdDir, HashSet<string> targets)
    {
        try
        {
            foreach (string fd in Directory.EnumerateFileSystemEntries(fdDir))
            {
                string? target = new FileInfo(fd).LinkTarget;
                if (target is not null && targets.Contains(target))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // another user's process, or it exited meanwhile
        }

        return false;
    }

    private static string? ReadComm(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "comm")).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
