using System.Globalization;
using System.Runtime.InteropServices;
using ZteDiag.Device.Discovery;

namespace ZteDiag.Device.Links;

/// <summary>
/// One process per port: an advisory <c>flock(LOCK_EX|LOCK_NB)</c> on the tty device node itself (the convention
/// picocom and other flock users follow). The kernel keeps flock locks per inode, so every process that opens the
/// same tty (any path or symlink to it) sees the lock, whoever it runs as: unlike the TIOCEXCL that System.IO.Ports
/// sets, root is not exempt. The lock dies with the process, so there is no stale lock file to clean up.
/// </summary>
/// <remarks>
/// System.IO.Ports opens the tty itself and keeps its descriptor private, so the lock sits on a second descriptor of
/// the same device, opened (O_NONBLOCK, O_NOCTTY: no carrier wait, no controlling tty) and locked before the
/// SerialPort opens, and closed after it closes. A holder is named from <c>/proc/locks</c> (pid, device, inode).
/// </remarks>
public sealed partial class PortLock : IDisposable
{
    private const int ORdonly = 0;
    private const int ONoctty = 0x100;
    private const int ONonblock = 0x800;
    private const int OCloexec = 0x80000;
    private const int LockEx = 2;
    private const int LockNb = 4;
    private const int EBusy = 16;
    private const int EWouldBlock = 11;

    private int _fd;

    private PortLock(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    /// <summary>The port path as given.</summary>
    public string Path { get; }

    /// <summary>
    /// Locks <paramref name="path"/>, or returns null when the node cannot be opened for a reason the serial open
    /// reports better itself (missing, no permission, not a device).
    /// </summary>
    /// <exception cref="PortException">Busy: another process holds the lock (or the port exclusively), with its PID and command.</exception>
    public static PortLock? TryAcquire(string path, string procRoot = "/proc")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        int fd = Native.open(path, ORdonly | ONoctty | ONonblock | OCloexec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno == EBusy ? throw InUse(path, procRoot) : null; // EBUSY: held with TIOCEXCL by someone
        }

        if (Native.flock(fd, LockEx | LockNb) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            _ = Native.close(fd);
            if (errno == EWouldBlock)
            {
                throw InUse(path, procRoot);
            }

            return null; // a file system without flock: nothing to honour
        }

        return new PortLock(fd, path);
    }

    /// <summary>The process holding a flock on <paramref name="path"/>'s inode, from <c>PROC/locks</c>; null when none is listed.</summary>
    public static PortHolder? FindHolder(string path, string procRoot = "/proc")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (FileId(path) is not { } id)
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(System.IO.Path.Combine(procRoot, "locks"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (string line in lines)
        {
            if (ProcLocksLine.TryParse(line) is { Kind: "FLOCK" } l && l.FileId == id && l.Pid != Environment.ProcessId)
            {
                return new PortHolder(l.Pid, CommandOf(procRoot, l.Pid), path);
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Native.close(fd); // closing the last descriptor of the open file releases the flock
        }
    }

    private static PortException InUse(string path, string procRoot)
    {
        PortHolder? holder = FindHolder(path, procRoot);
        string who = holder is null ? "another process" : $"PID {holder.Pid} ({holder.Name})";
        return new PortException(PortErrorKind.Busy, path,
            $"port {path} in use by {who}: one program per port, or the two steal each other's replies. " +
            (holder is null ? "Close the other program first." : $"Close it first (or `kill {holder.Pid}`)."),
            new PortInUseException(holder));
    }

    /// <summary>"major:minor:inode" of the file system and inode, the key /proc/locks uses (device in hex).</summary>
    internal static string? FileId(string path)
    {
        var buf = new byte[256];
        if (Native.statx(-100 /* AT_FDCWD */, path, 0, 0x100 /* STATX_INO */, buf) != 0)
        {
            return null;
        }

        ulong ino = BitConverter.ToUInt64(buf, 32);
        uint devMajor = BitConverter.ToUInt32(buf, 136);
        uint devMinor = BitConverter.ToUInt32(buf, 140);
        return string.Create(CultureInfo.InvariantCulture, $"{devMajor:x2}:{devMinor:x2}:{ino}");
    }

    /// <summary>The command line (program base name, arguments joined, at most 80 characters), else the comm name, else "pid N".</summary>
    private static string CommandOf(string procRoot, int pid)
    {
        string dir = System.IO.Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            List<string> argv = [.. File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
            if (argv.Count > 1 && System.IO.Path.GetFileName(argv[0]) == "dotnet" && argv[1].EndsWith(".dll", StringComparison.Ordinal))
            {
                argv.RemoveAt(0); // "dotnet ztediag.dll info" reads as "ztediag info"
                argv[0] = System.IO.Path.GetFileNameWithoutExtension(argv[0]);
            }
            else if (argv.Count > 0)
            {
                argv[0] = System.IO.Path.GetFileName(argv[0]);
            }

            string cmd = string.Join(' ', argv);
            if (cmd.Length > 0)
            {
                return cmd.Length > 80 ? cmd[..77] + "..." : cmd;
            }

            return File.ReadAllText(System.IO.Path.Combine(dir, "comm")).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"pid {pid}";
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int flock(int fd, int operation);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int close(int fd);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
    }
}

/// <summary>The cause inside a <see cref="PortException"/> of kind Busy raised by <see cref="PortLock"/>: who holds the port.</summary>
public sealed class PortInUseException : IOException
{
    /// <summary>Creates the cause; <paramref name="holder"/> is null when /proc/locks does not name one.</summary>
    public PortInUseException(PortHolder? holder)
        : base(holder is null ? "port locked by another process" : $"port locked by PID {holder.Pid} ({holder.Name})")
    {
        Holder = holder;
    }

    /// <summary>The holding process, when known.</summary>
    public PortHolder? Holder { get; }
}
