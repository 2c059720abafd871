using System.Runtime.InteropServices;
using System.Text;

namespace ZteDiag.Emulator.State;

public sealed partial class EfsStore
{
    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeRename(string oldPath, string newPath);

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
                uint now = Now();
                var meta = new EntryMeta { Kind = EfsEntryKind.Directory, Perm = 0x1FF, Atime = now, Mtime = now, Ctime = now };
                Commit(JournalRecord.Set(d, meta));
                Directory.CreateDirectory(Host(d));
                _map[d] = meta;
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

    private EfsStat MakeStat(string canonical, EntryMeta m)
    {
        uint size = m.Kind switch
        {
            EfsEntryKind.Directory => 0,
            EfsEntryKind.Symlink => (uint)Encoding.UTF8.GetByteCount(m.LinkTarget ?? ""),
            _ => (uint)new FileInfo(Host(canonical)).Length,
        };
        int nlink = m.Kind == EfsEntryKind.Directory ? 2 : 1;
        return new EfsStat(m.TypeBits | m.Perm, size, nlink, m.Atime, m.Mtime, m.Ctime);
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

    /// <summary>Journals a change (its commit point), then checkpoints now and then.</summary>
    private void Commit(JournalRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _journal.Append(record);
        _journal.CrashHook?.Invoke(EfsCrashPoint.AfterJournal);
        if (_journal.RecordsSinceCheckpoint >= CheckpointEvery)
        {
            _pendingCheckpoint = true;
        }
    }

    private bool _pendingCheckpoint;

    /// <summary>Stages <paramref name="body"/> in the temp dir, journals, renames it into place.</summary>
    private void PutBody(string canonical, EntryMeta m, byte[] body, byte[]? journalData)
    {
        string tmp = Path.Combine(_tempDir, $"put-{Environment.ProcessId}-{++_tempCounter}");
        File.WriteAllBytes(tmp, body);
        _journal.CrashHook?.Invoke(EfsCrashPoint.AfterStaging);
        Commit(JournalRecord.Set(canonical, m, journalData));
        HostRename(tmp, Host(canonical));
        _map[canonical] = m;
        CheckpointIfDue();
    }

    private void CheckpointIfDue()
    {
        if (_pendingCheckpoint)
        {
            _pendingCheckpoint = false;
            _journal.Checkpoint(_map);
        }
    }

    private static void HostRename(string from, string to)
    {
        // rename(2): atomic, replaces a file or an empty directory, keeps open handles valid.
        if (NativeRename(from, to) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"rename('{from}', '{to}') failed, errno {errno}.");
        }
    }

    /// <summary>Re-applies the host side of the last journaled change (idempotent).</summary>
    private void Redo(JournalRecord r)
    {
        string host = Host(r.Path!);
        switch (r.Op)
        {
            case "set" when r.Kind == EfsEntryKind.Directory:
                if (!File.Exists(host))
                {
                    Directory.CreateDirectory(host);
                }

                break;
            case "set" when r.Kind == EfsEntryKind.Symlink || (r.Kind == EfsEntryKind.Item && r.Data is not null):
                byte[] body = r.Kind == EfsEntryKind.Symlink ? Encoding.UTF8.GetBytes(r.LinkTarget ?? "") : r.Data!;
                if (!Directory.Exists(host) && (!File.Exists(host) || !File.ReadAllBytes(host).AsSpan().SequenceEqual(body)))
                {
                    string tmp = Path.Combine(_tempDir, "redo");
                    File.WriteAllBytes(tmp, body);
                    HostRename(tmp, host);
                }

                break;
            case "set":
                if (!File.Exists(host) && !Directory.Exists(host) && Directory.Exists(Path.GetDirectoryName(host)))
                {
                    using (File.Create(host)) { }
                }

                break;
            case "del":
                if (File.Exists(host))
                {
                    File.Delete(host);
                }
                else if (Directory.Exists(host) && !Directory.EnumerateFileSystemEntries(host).Any())
                {
                    Directory.Delete(host);
                }

                break;
            case "mv":
                string to = Host(r.NewPath!);
                if ((File.Exists(host) || Directory.Exists(host)) && host != to)
                {
                    HostRename(host, to);
                }

                break;
        }
    }

    /// <summary>Makes the map and the host tree agree, and recomputes <see cref="_usedBytes"/>.</summary>
    private void Reconcile()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _usedBytes = 0;
        var stack = new Stack<(string Host, string Efs)>();
        stack.Push((_root, "/"));
        while (stack.Count > 0)
        {
            (string hostDir, string efsDir) = stack.Pop();
            foreach (string entry in Directory.EnumerateFileSystemEntries(hostDir))
            {
                string name = Path.GetFileName(entry);
                string efs = Join(efsDir, name);
                seen.Add(efs);
                var info = new FileInfo(entry);
                bool isDir = info.Attributes.HasFlag(FileAttributes.Directory);
                if (info.LinkTarget is not null)
                {
                    // A host symlink never belongs here (we store links as data): drop it.
                    File.Delete(entry);
                    seen.Remove(efs);
                    continue;
                }

                uint t = (uint)Math.Max(0, new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds());
                EntryMeta? m = _map.GetValueOrDefault(efs);
                if (m is null || (m.Kind == EfsEntryKind.Directory) != isDir)
                {
                    _map[efs] = new EntryMeta
                    {
                        Kind = isDir ? EfsEntryKind.Directory : EfsEntryKind.File,
                        Perm = isDir ? 0x1FF : 0x1B6, Atime = t, Mtime = t, Ctime = t,
                    };
                }

                if (isDir)
                {
                    stack.Push((entry, efs));
                }
                else
                {
                    _usedBytes += info.Length;
                }
            }
        }

        foreach (string key in _map.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _map.Remove(key);
        }
    }
}
