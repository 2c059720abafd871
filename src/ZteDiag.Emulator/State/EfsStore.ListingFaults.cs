using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>
/// Extra READDIR names (the <c>extra-name=DIR:NAME</c> fault, and <c>endless-dir=DIR</c>: a listing without end): a hostile or broken target can list a name no
/// EFS2 file system holds, such as <c>a/../../etc/passwd</c>, to see whether a client joins it to the directory
/// and reads, stores or restores some other path. The name is only listed, never stored.
/// </summary>
public sealed partial class EfsStore
{
    private readonly Dictionary<string, List<string>> _extraNames = new(StringComparer.Ordinal);

    /// <summary>From now on READDIR of <paramref name="directory"/> also lists <paramref name="name"/>, after its real entries, as an empty regular file.</summary>
    /// <exception cref="ArgumentException">The directory is not a valid absolute EFS path, or the name is empty.</exception>
    public void ListExtraName(string directory, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            if (Resolve(StripTrailingSlash(directory), followFinal: true, out string canonical, allowMissing: true) != EfsStoreError.None)
            {
                throw new ArgumentException($"'{directory}' is not a valid absolute EFS path", nameof(directory));
            }

            if (!_extraNames.TryGetValue(canonical, out List<string>? names))
            {
                _extraNames[canonical] = names = [];
            }

            names.Add(name);
        }
    }

    /// <summary>The names READDIR lists for <paramref name="dir"/>: its children, then the extra names.</summary>
    private List<string> Listed(string dir)
    {
        List<string> names = Children(dir);
        if (_extraNames.TryGetValue(dir, out List<string>? extra))
        {
            names.AddRange(extra);
        }

        return names;
    }

    /// <summary>The entry READDIR returns for an extra name of <paramref name="dir"/>, or null when <paramref name="name"/> is a real child.</summary>
    private StoredDirEntry? ExtraEntry(string dir, int seqno, string name) =>
        _extraNames.TryGetValue(dir, out List<string>? extra) && extra.Contains(name) && Find(Join(dir, name)) is null
            ? new StoredDirEntry(seqno, name, EfsDirEntryType.Regular, new StoredStat(EfsMode.S_IFREG | 0x1A4, 0, 1, 0, 0, 0))
            : null;

    private readonly HashSet<string> _endlessDirs = new(StringComparer.Ordinal);

    /// <summary>From now on READDIR of <paramref name="directory"/> never sends its end marker: past its real entries come empty files <c>endless-N</c> without end.</summary>
    /// <exception cref="ArgumentException">The directory is not a valid absolute EFS path.</exception>
    public void ListWithoutEnd(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        lock (_lock)
        {
            if (Resolve(StripTrailingSlash(directory), followFinal: true, out string canonical, allowMissing: true) != EfsStoreError.None)
            {
                throw new ArgumentException($"'{directory}' is not a valid absolute EFS path", nameof(directory));
            }

            _endlessDirs.Add(canonical);
        }
    }

    /// <summary>The entry READDIR returns past the end of an endless directory, or null (the end marker) for any other.</summary>
    private StoredDirEntry? EndlessEntry(string dir, int seqno) =>
        _endlessDirs.Contains(dir)
            ? new StoredDirEntry(seqno, $"endless-{seqno}", EfsDirEntryType.Regular, new StoredStat(EfsMode.S_IFREG | 0x1A4, 0, 1, 0, 0, 0))
            : null;
}
