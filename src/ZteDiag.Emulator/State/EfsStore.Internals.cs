using System.Diagnostics.CodeAnalysis;
using System.Text;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

public sealed partial class EfsStore
{
    private uint Now() => (uint)Math.Max(0, _options.Time.GetUtcNow().ToUnixTimeSeconds());

    private OpenFile? GetFile(int fd) => fd >= 0 && fd < MaxOpenFiles ? _files[fd] : null;

    private EntryMeta? Find(string canonical) =>
        canonical == "/" ? _rootMeta : _map.GetValueOrDefault(canonical);

    private static string Join(string dir, string name) => dir == "/" ? "/" + name : dir + "/" + name;

    private static string ParentOf(string canonical)
    {
        int i = canonical.LastIndexOf('/');
        return i <= 0 ? "/" : canonical[..i];
    }

    private static string StripTrailingSlash(string path) =>
        path is { Length: > 1 } && path.EndsWith('/') ? path.TrimEnd('/') is { Length: > 0 } t ? t : "/" : path;

    /// <summary>Host path of a canonical EFS path. Canonical components never contain '/', "." or "..",
    /// so the result is always inside <see cref="RootDirectory"/>; the check below is belt and braces.</summary>
    private string Host(string canonical)
    {
        string host = canonical == "/" ? _root : Path.Join(_root, canonical.AsSpan(1));
        string full = Path.GetFullPath(host);
        if (full != _root && !full.StartsWith(_root + "/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"EFS path '{canonical}' maps outside the state directory.");
        }

        return full;
    }

    /// <summary>
    /// Resolves an absolute EFS path to its canonical form: collapses "//" and ".", applies ".."
    /// lexically (InvalidPath when it would climb above the root), and substitutes symlinks (all
    /// intermediate ones, the final one when <paramref name="followFinal"/>) inside the EFS name
    /// space only — a link can never lead outside the state directory.
    /// </summary>
    private EfsStoreError Resolve(string? path, bool followFinal, out string canonical, bool allowMissing = false)
    {
        canonical = "/";
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal))
        {
            return EfsStoreError.InvalidPath;
        }

        if (path.Length > PathMax)
        {
            return EfsStoreError.NameTooLong;
        }

        var pending = new LinkedList<string>(path.Split('/'));
        var stack = new List<string>();
        int links = 0;
        while (pending.First is { } node)
        {
            string comp = node.Value;
            pending.RemoveFirst();
            if (comp.Length == 0 || comp == ".")
            {
                continue;
            }

            if (comp == "..")
            {
                if (stack.Count == 0)
                {
                    return EfsStoreError.InvalidPath;
                }

                stack.RemoveAt(stack.Count - 1);
                continue;
            }

            if (comp.Length > NameMax)
            {
                return EfsStoreError.NameTooLong;
            }

            stack.Add(comp);
            string current = "/" + string.Join('/', stack);
            bool last = !pending.Any(c => c.Length > 0 && c != ".");
            EntryMeta? m = _map.GetValueOrDefault(current);
            if (m is null)
            {
                if (!last && !allowMissing)
                {
                    // ".." after a missing component still must not be allowed to hide it.
                    return EfsStoreError.NotFound;
                }

                continue;
            }

            if (m.Kind == EfsEntryKind.Symlink && (!last || followFinal))
            {
                if (++links > MaxLinkDepth)
                {
                    return EfsStoreError.Loop;
                }

                string target = m.LinkTarget ?? "";
                stack.RemoveAt(stack.Count - 1);
                if (target.StartsWith('/'))
                {
                    stack.Clear();
                }

                string[] parts = target.Split('/');
                for (int i = parts.Length - 1; i >= 0; i--)
                {
                    pending.AddFirst(parts[i]);
                }

                continue;
            }

            if (!last && m.Kind != EfsEntryKind.Directory)
            {
                return EfsStoreError.NotDirectory;
            }
        }

        canonical = stack.Count == 0 ? "/" : "/" + string.Join('/', stack);
        return canonical.Length > PathMax ? EfsStoreError.NameTooLong : EfsStoreError.None;
    }

    /// <summary>
    /// The preamble of every operation on an existing entry: resolves <paramref name="path"/> and finds
    /// its metadata. False with <paramref name="error"/> set (NotFound for a missing entry) otherwise.
    /// </summary>
    private bool TryLookup(string path, bool followFinal, out string canonical, [NotNullWhen(true)] out EntryMeta? meta,
        out EfsStoreError error)
    {
        meta = null;
        error = Resolve(path, followFinal, out canonical);
        if (error != EfsStoreError.None)
        {
            return false;
        }

        meta = Find(canonical);
        if (meta is null)
        {
            error = EfsStoreError.NotFound;
            return false;
        }

        return true;
    }

    /// <summary><see cref="TryLookup"/> for an entry that must be a directory (else NotDirectory).</summary>
    private bool TryLookupDirectory(string path, bool followFinal, out string canonical, [NotNullWhen(true)] out EntryMeta? meta,
        out EfsStoreError error) =>
        TryLookupKind(path, followFinal, mustBeDirectory: true, out canonical, out meta, out error);

    /// <summary><see cref="TryLookup"/> for an entry that holds content: a directory gives IsDirectory.</summary>
    private bool TryLookupNonDirectory(string path, bool followFinal, out string canonical, [NotNullWhen(true)] out EntryMeta? meta,
        out EfsStoreError error) =>
        TryLookupKind(path, followFinal, mustBeDirectory: false, out canonical, out meta, out error);

    private bool TryLookupKind(string path, bool followFinal, bool mustBeDirectory, out string canonical,
        [NotNullWhen(true)] out EntryMeta? meta, out EfsStoreError error)
    {
        if (!TryLookup(path, followFinal, out canonical, out meta, out error))
        {
            return false;
        }

        if ((meta.Kind == EfsEntryKind.Directory) != mustBeDirectory)
        {
            error = mustBeDirectory ? EfsStoreError.NotDirectory : EfsStoreError.IsDirectory;
            meta = null;
            return false;
        }

        return true;
    }

    /// <summary>Metadata of an entry created now.</summary>
    private EntryMeta NewMeta(EfsEntryKind kind, int perm, string? linkTarget = null)
    {
        uint now = Now();
        return new EntryMeta { Kind = kind, Perm = perm, Atime = now, Mtime = now, Ctime = now, LinkTarget = linkTarget };
    }

    private static bool IsCreateExclusive(EfsOpenFlags flags) =>
        (flags & (EfsOpenFlags.Create | EfsOpenFlags.Exclusive)) == (EfsOpenFlags.Create | EfsOpenFlags.Exclusive);

    private EfsStoreError CheckParent(string canonical)
    {
        EntryMeta? parent = Find(ParentOf(canonical));
        if (parent is null)
        {
            return EfsStoreError.NotFound;
        }

        return parent.Kind == EfsEntryKind.Directory ? EfsStoreError.None : EfsStoreError.NotDirectory;
    }

    private EfsStoreError MakeParents(string canonical)
    {
        var chain = new Stack<string>();
        for (string d = ParentOf(canonical); d != "/"; d = ParentOf(d))
        {
            chain.Push(d);
        }

        foreach (string d in chain)
        {
            EntryMeta? m = Find(d);
            if (m is null)
            {
                CreateEntry(d, NewMeta(EfsEntryKind.Directory, 0x1FF));
            }
            else if (m.Kind != EfsEntryKind.Directory)
            {
                return EfsStoreError.NotDirectory;
            }
        }

        return EfsStoreError.None;
    }

    private List<string> Children(string dir)
    {
        string prefix = dir == "/" ? "/" : dir + "/";
        var names = new List<string>();
        foreach (string key in _map.Keys)
        {
            if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal)
                && key.IndexOf('/', prefix.Length) < 0)
            {
                names.Add(key[prefix.Length..]);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private StoredStat MakeStat(string canonical, EntryMeta m)
    {
        uint size = m.Kind switch
        {
            EfsEntryKind.Directory => 0,
            EfsEntryKind.Symlink => (uint)Encoding.UTF8.GetByteCount(m.LinkTarget ?? ""),
            _ => (uint)new FileInfo(Host(canonical)).Length,
        };
        int nlink = m.Kind == EfsEntryKind.Directory ? 2 : 1;
        return new StoredStat(m.TypeBits | m.Perm, ReportedSize(canonical, size), nlink, m.Atime, m.Mtime, m.Ctime);
    }

    /// <summary>How many of <paramref name="length"/> bytes at <paramref name="offset"/> fit, given the
    /// file's current <paramref name="size"/>, the capacity and the fill fault.</summary>
    private int Fit(long size, long offset, int length)
    {
        long free = Math.Max(0, _options.CapacityBytes - _usedBytes);
        long allowed = offset + length - size <= free ? length : Math.Max(0, size + free - offset);
        if (_fillBudget is { } budget)
        {
            allowed = Math.Min(allowed, Math.Max(0, budget));
        }

        return (int)Math.Min(allowed, length);
    }

    /// <summary>Counts <paramref name="bytes"/> written against the fill fault, when one is set.</summary>
    private void SpendFillBudget(long bytes)
    {
        if (_fillBudget is { } budget)
        {
            _fillBudget = budget - bytes;
        }
    }
}
