using System.Globalization;

namespace ZteDiag.Device.Links;

/// <summary>
/// One line of <c>/proc/locks</c>: <c>"1: FLOCK  ADVISORY  WRITE 4711 00:05:1234 0 EOF"</c> (kind, pid, then the
/// file as MAJOR:MINOR:INODE with the device in hex). Lines of waiters (<c>"1: -&gt; FLOCK …"</c>) hold nothing.
/// </summary>
/// <param name="Kind">FLOCK, POSIX, OFDLCK, LEASE…</param>
/// <param name="Pid">The locking process (-1 for OFD locks).</param>
/// <param name="FileId">"major:minor:inode" exactly as written.</param>
public sealed record ProcLocksLine(string Kind, int Pid, string FileId)
{
    /// <summary>The holder's entry, or null for a waiter's line or anything unexpected.</summary>
    public static ProcLocksLine? TryParse(string line)
    {
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 6 || !f[0].EndsWith(':') || f[1] == "->")
        {
            return null;
        }

        return int.TryParse(f[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int pid) && f[5].Count(c => c == ':') == 2
            ? new ProcLocksLine(f[1], pid, f[5])
            : null;
    }
}
