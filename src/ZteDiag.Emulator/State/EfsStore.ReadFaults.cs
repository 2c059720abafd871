using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>
/// Per-path read refusals (the <c>unreadable=PATH[:ERRNO]</c> fault): a real target can refuse to
/// hand out a file's content (access validation, a damaged item) while still listing and stat-ing
/// it. Kept apart from <see cref="EfsStoreError"/> because the errno is chosen by the test, not
/// derived from the store's state.
/// </summary>
public sealed partial class EfsStore
{
    private readonly Dictionary<string, EfsErrno> _readRefusals = new(StringComparer.Ordinal);

    /// <summary>
    /// From now on, reading the content of <paramref name="path"/> fails with <paramref name="errno"/>.
    /// The path is matched after resolution ("//", "." and intermediate links collapsed), so it need
    /// not exist yet.
    /// </summary>
    /// <exception cref="ArgumentException">The path is not absolute, or <paramref name="errno"/> is ENOERR.</exception>
    public void RefuseReads(string path, EfsErrno errno)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (errno == EfsErrno.ENOERR)
        {
            throw new ArgumentException("a read refusal needs a non-zero errno", nameof(errno));
        }

        lock (_lock)
        {
            if (Resolve(path, followFinal: false, out string canonical, allowMissing: true) != EfsStoreError.None)
            {
                throw new ArgumentException($"'{path}' is not a valid absolute EFS path", nameof(path));
            }

            _readRefusals[canonical] = errno;
        }
    }

    /// <summary>
    /// The errno a content read of <paramref name="path"/> is refused with, or null. Only existing
    /// files, item files and (with <paramref name="followFinal"/> false) symlinks are refused: a
    /// missing path or a directory keeps its normal answer (ENOENT, EISDIR).
    /// </summary>
    public EfsErrno? ReadRefusal(string path, bool followFinal)
    {
        lock (_lock)
        {
            if (_readRefusals.Count == 0 || Resolve(path, followFinal, out string canonical) != EfsStoreError.None)
            {
                return null;
            }

            return Find(canonical) is { Kind: not EfsEntryKind.Directory } && _readRefusals.TryGetValue(canonical, out EfsErrno errno)
                ? errno
                : null;
        }
    }

    private readonly Dictionary<string, uint> _sizeLies = new(StringComparer.Ordinal);

    /// <summary>
    /// From now on STAT, LSTAT and READDIR report <paramref name="path"/> as <paramref name="size"/>
    /// bytes whatever it holds (the <c>size-lie=PATH:N</c> fault: a modem whose answers cannot be trusted).
    /// </summary>
    /// <exception cref="ArgumentException">The path is not absolute.</exception>
    public void MisreportSize(string path, uint size)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_lock)
        {
            if (Resolve(path, followFinal: false, out string canonical, allowMissing: true) != EfsStoreError.None)
            {
                throw new ArgumentException($"'{path}' is not a valid absolute EFS path", nameof(path));
            }

            _sizeLies[canonical] = size;
        }
    }

    /// <summary>The size to report for <paramref name="canonical"/>: the lie if one is set, else <paramref name="actual"/>.</summary>
    private uint ReportedSize(string canonical, uint actual) => _sizeLies.TryGetValue(canonical, out uint lie) ? lie : actual;

    private readonly Dictionary<string, int> _readOverruns = new(StringComparer.Ordinal);

    /// <summary>
    /// From now on every READ of <paramref name="path"/> answers <paramref name="extra"/> bytes (zeros) more than it
    /// was asked for (the <c>read-overrun=PATH:N</c> fault: a broken target no client may take at its word).
    /// </summary>
    /// <exception cref="ArgumentException">The path is not absolute, or <paramref name="extra"/> is not positive.</exception>
    public void OverrunReads(string path, int extra)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extra);
        lock (_lock)
        {
            if (Resolve(path, followFinal: true, out string canonical, allowMissing: true) != EfsStoreError.None)
            {
                throw new ArgumentException($"'{path}' is not a valid absolute EFS path", nameof(path));
            }

            _readOverruns[canonical] = extra;
        }
    }

    /// <summary>What READ answers for a file under the overrun fault: the asked count plus the extra bytes; else <paramref name="data"/>.</summary>
    private byte[] Overrun(string canonical, int count, byte[] data)
    {
        if (!_readOverruns.TryGetValue(canonical, out int extra))
        {
            return data;
        }

        var longer = new byte[count + extra];
        data.CopyTo(longer, 0);
        return longer;
    }
}
