using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ZteDiag.Emulator.Pty;

/// <summary>
/// One pseudo-terminal pair. The master fd is the virtual modem's side; <see cref="SlavePath"/>
/// (/dev/pts/N) is what a client opens with System.IO.Ports. The slave is put in raw mode at
/// creation (a cooked slave mangles CR/LF and eats XON/XOFF before the client opens it), and an
/// extra slave fd is held open so the master never sees EIO when a client closes and reopens
/// the port (ECOSYSTEM.md §2b, gotchas 4 and 9).
/// </summary>
public sealed unsafe partial class PseudoTerminal : IDisposable
{
    private const int ORdwr = 0x2, ONoctty = 0x100, OCloexec = 0x80000;
    private const int TcsaNow = 0;
    private const short PollIn = 0x1, PollErr = 0x8, PollHup = 0x10;
    private const int Eintr = 4, Eagain = 11, Eio = 5;

    private readonly Lock _writeLock = new();
    private int _keepAliveSlaveFd = -1;

    /// <summary>Opens a new raw pty pair.</summary>
    /// <exception cref="IOException">The system refused a pty (no /dev/ptmx, limit reached).</exception>
    public PseudoTerminal()
    {
        int fd = Native.posix_openpt(ORdwr | ONoctty | OCloexec);
        if (fd < 0)
        {
            throw Error("posix_openpt");
        }

        MasterFd = fd;
        try
        {
            if (Native.grantpt(fd) != 0)
            {
                throw Error("grantpt");
            }

            if (Native.unlockpt(fd) != 0)
            {
                throw Error("unlockpt");
            }

            byte* name = stackalloc byte[128];
            int rc = Native.ptsname_r(fd, name, 128);
            if (rc != 0)
            {
                throw new IOException($"ptsname_r failed: {new Win32Exception(rc).Message}");
            }

            SlavePath = Marshal.PtrToStringAnsi((IntPtr)name)!;
            MakeRaw(fd); // on Linux, termios set on the master applies to the slave
            _keepAliveSlaveFd = Native.open(SlavePath, ORdwr | ONoctty | OCloexec);
            if (_keepAliveSlaveFd < 0)
            {
                throw Error("open " + SlavePath);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Master file descriptor (emulator side).</summary>
    public int MasterFd { get; private set; } = -1;

    /// <summary>Path of the slave device that clients open.</summary>
    public string SlavePath { get; } = string.Empty;

    /// <summary>True until <see cref="Dispose"/> (or <see cref="CloseMaster"/>) ran.</summary>
    public bool IsOpen => MasterFd >= 0;

    /// <summary>Writes all of <paramref name="data"/> to the master in one locked sequence (one frame per write).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_writeLock)
        {
            int fd = MasterFd;
            if (fd < 0)
            {
                throw new ObjectDisposedException(nameof(PseudoTerminal));
            }

            fixed (byte* p = data)
            {
                for (int off = 0; off < data.Length;)
                {
                    nint n = Native.write(fd, p + off, (nuint)(data.Length - off));
                    if (n < 0)
                    {
                        int e = Marshal.GetLastPInvokeError();
                        if (e is Eintr or Eagain)
                        {
                            Thread.Sleep(1);
                            continue;
                        }

                        throw new IOException($"pty write failed: {new Win32Exception(e).Message}");
                    }

                    off += (int)n;
                }
            }
        }
    }

    /// <summary>Reads what is available, waiting up to <paramref name="timeoutMs"/>. Returns bytes read, 0 on timeout, −1 when closed.</summary>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        int fd = MasterFd;
        if (fd < 0)
        {
            return -1;
        }

        var pfd = new PollFd { Fd = fd, Events = PollIn };
        int pr;
        do
        {
            pr = Native.poll(&pfd, 1, timeoutMs);
        }
        while (pr < 0 && Marshal.GetLastPInvokeError() == Eintr);

        if (pr < 0)
        {
            return MasterFd < 0 ? -1 : throw Error("poll");
        }

        if (pr == 0)
        {
            return 0;
        }

        if ((pfd.REvents & PollIn) == 0 && (pfd.REvents & (PollHup | PollErr)) != 0)
        {
            return -1;
        }

        fixed (byte* p = buffer)
        {
            nint n = Native.read(fd, p, (nuint)buffer.Length);
            if (n >= 0)
            {
                return (int)n;
            }

            int e = Marshal.GetLastPInvokeError();
            return e switch
            {
                Eio => -1,
                Eintr or Eagain => 0,
                _ => throw new IOException($"pty read failed: {new Win32Exception(e).Message}"),
            };
        }
    }

    /// <summary>Closes the master: a client holding the slave sees the device vanish (unplug).</summary>
    public void CloseMaster()
    {
        lock (_writeLock)
        {
            if (_keepAliveSlaveFd >= 0)
            {
                _ = Native.close(_keepAliveSlaveFd);
                _keepAliveSlaveFd = -1;
            }

            if (MasterFd >= 0)
            {
                _ = Native.close(MasterFd);
                MasterFd = -1;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => CloseMaster();

    private static void MakeRaw(int fd)
    {
        byte* t = stackalloc byte[256]; // struct termios is 60 bytes on glibc; opaque here
        if (Native.tcgetattr(fd, t) != 0)
        {
            throw Error("tcgetattr");
        }

        Native.cfmakeraw(t);
        if (Native.tcsetattr(fd, TcsaNow, t) != 0)
        {
            throw Error("tcsetattr");
        }
    }

    private static IOException Error(string what) =>
        new($"{what} failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    private static partial class Native
    {
        [LibraryImport("libc", SetLastError = true)]
        internal static partial int posix_openpt(int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int grantpt(int fd);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int unlockpt(int fd);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int ptsname_r(int fd, byte* buf, nuint len);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int tcgetattr(int fd, byte* termios);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int tcsetattr(int fd, int action, byte* termios);

        [LibraryImport("libc")]
        internal static partial void cfmakeraw(byte* termios);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial nint read(int fd, byte* buf, nuint count);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial nint write(int fd, byte* buf, nuint count);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int close(int fd);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int poll(PollFd* fds, nuint nfds, int timeoutMs);
    }
}
