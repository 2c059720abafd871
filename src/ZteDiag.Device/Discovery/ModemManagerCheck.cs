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

        int? ptyIndex = PtyIndexOf(targets);
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

            if (HoldsAny(Path.Combine(dir, "fd"), targets) && !(ptyIndex is int n && HoldsPtyMaster(dir, n)))
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
                string of = usbId is { Length: 9 } id ? $" of {id}" : "";
                string rule = $"`sudo ztediag udev-rules --install` (sets ID_MM_PORT_IGNORE on the DIAG port{of}, so ModemManager leaves it alone)";
                lines.Add($"ModemManager (pid {h.Pid}) holds {h.DevicePath}. Stop it: `sudo systemctl stop ModemManager`, or permanently: {rule}.");
            }
            else
            {
                lines.Add($"{h.Name} (pid {h.Pid}) holds {h.DevicePath}. Close that program first (or `kill {h.Pid}`).");
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>N when one of <paramref name="targets"/> is the pseudo-terminal slave /dev/pts/N.</summary>
    private static int? PtyIndexOf(HashSet<string> targets)
    {
        foreach (string t in targets)
        {
            if (t.StartsWith("/dev/pts/", StringComparison.Ordinal)
                && int.TryParse(t.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the process holds the master of pty <paramref name="index"/> (a /dev/ptmx fd whose fdinfo says
    /// <c>tty-index: N</c>): it is the other end of the line (e.g. <c>ztediag emulate</c>), not a competing client.
    /// </summary>
    private static bool HoldsPtyMaster(string procDir, int index)
    {
        try
        {
            foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(procDir, "fd")))
            {
                if (new FileInfo(fd).LinkTarget != "/dev/ptmx")
                {
                    continue;
                }

                string info = Path.Combine(procDir, "fdinfo", Path.GetFileName(fd));
                foreach (string line in File.ReadLines(info))
                {
                    if (line.StartsWith("tty-index:", StringComparison.Ordinal)
                        && int.TryParse(line.AsSpan(10).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n == index)
                    {
                        return true;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // another user's process, or it exited meanwhile
        }

        return false;
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
