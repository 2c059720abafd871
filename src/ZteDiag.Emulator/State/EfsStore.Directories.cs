using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>Directories: OPENDIR, READDIR, CLOSEDIR through numbered handles, MKDIR and RMDIR by path.</summary>
public sealed partial class EfsStore
{
    /// <summary>OPENDIR: returns a directory handle 1..4.</summary>
    public EfsStoreError OpenDir(string path, out int dirp)
    {
        lock (_lock)
        {
            dirp = 0;
            if (!TryLookupDirectory(StripTrailingSlash(path), followFinal: true, out string p, out _, out EfsStoreError e))
            {
                return e;
            }

            int slot = Array.IndexOf(_dirs, null);
            if (slot < 0)
            {
                return EfsStoreError.TooManyOpenDirs;
            }

            _dirs[slot] = new OpenDirectory(p) { Names = Listed(p) };
            dirp = slot + 1;
            return EfsStoreError.None;
        }
    }

    /// <summary>
    /// READDIR: seqno 1 is the first entry ("." and ".." are never returned); a seqno not after the last
    /// one read rewinds (re-reads the directory); past the end an entry with an empty name comes back.
    /// </summary>
    public EfsStoreError ReadDir(int dirp, int seqno, out StoredDirEntry entry)
    {
        lock (_lock)
        {
            entry = new StoredDirEntry(seqno, "", EfsDirEntryType.Regular, default);
            if (GetDir(dirp) is not { } d)
            {
                return EfsStoreError.BadHandle;
            }

            if (seqno <= 0)
            {
                return EfsStoreError.Invalid;
            }

            if (seqno <= d.LastSeq)
            {
                d.Names = Listed(d.Path); // rewind: closedir + opendir, then walk forward
            }

            d.LastSeq = seqno;
            if (seqno > d.Names.Count)
            {
                entry = EndlessEntry(d.Path, seqno) ?? entry;
                return EfsStoreError.None;
            }

            string name = d.Names[seqno - 1];
            if (ExtraEntry(d.Path, seqno, name) is { } extra)
            {
                entry = extra;
                return EfsStoreError.None;
            }

            string child = Join(d.Path, name);
            if (Find(child) is not { } m)
            {
                entry = new StoredDirEntry(seqno, name, EfsDirEntryType.Other, default);
                return EfsStoreError.None;
            }

            EfsDirEntryType type = m.Kind switch
            {
                EfsEntryKind.File => EfsDirEntryType.Regular,
                EfsEntryKind.Directory => EfsDirEntryType.Directory,
                EfsEntryKind.Symlink => EfsDirEntryType.Symlink,
                _ => EfsDirEntryType.Other,
            };
            entry = new StoredDirEntry(seqno, name, type, MakeStat(child, m));
            return EfsStoreError.None;
        }
    }

    /// <summary>CLOSEDIR.</summary>
    public EfsStoreError CloseDir(int dirp)
    {
        lock (_lock)
        {
            if (GetDir(dirp) is null)
            {
                return EfsStoreError.BadHandle;
            }

            _dirs[dirp - 1] = null;
            return EfsStoreError.None;
        }
    }

    /// <summary>MKDIR (trailing '/' stripped). An existing empty directory is recreated (success, fs_diag's
    /// rmdir-then-mkdir); a non-empty one or an existing non-directory gives Exists: the target's rmdir
    /// fails quietly and its mkdir answers EEXIST, which third-party clients treat as "already there".</summary>
    public EfsStoreError Mkdir(string path, int mode)
    {
        lock (_lock)
        {
            EfsStoreError e = Resolve(StripTrailingSlash(path), followFinal: false, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            if (p == "/")
            {
                return EfsStoreError.Exists;
            }

            EntryMeta? m = Find(p);
            if (m is not null)
            {
                if (m.Kind != EfsEntryKind.Directory)
                {
                    return EfsStoreError.Exists;
                }

                if (Children(p).Count > 0)
                {
                    return EfsStoreError.Exists;
                }
            }
            else
            {
                e = CheckParent(p);
                if (e != EfsStoreError.None)
                {
                    return e;
                }
            }

            CreateEntry(p, NewMeta(EfsEntryKind.Directory, mode & EfsMode.PermissionMask));
            return EfsStoreError.None;
        }
    }

    /// <summary>RMDIR (trailing '/' stripped); a missing path succeeds.</summary>
    public EfsStoreError Rmdir(string path)
    {
        lock (_lock)
        {
            if (!TryLookupDirectory(StripTrailingSlash(path), followFinal: false, out string p, out EntryMeta? m, out EfsStoreError e))
            {
                return e == EfsStoreError.NotFound ? EfsStoreError.None : e;
            }

            if (p == "/")
            {
                return EfsStoreError.Access;
            }

            if (Children(p).Count > 0)
            {
                return EfsStoreError.NotEmpty;
            }

            DeleteEntry(p, m);
            return EfsStoreError.None;
        }
    }

    private OpenDirectory? GetDir(int dirp) => dirp >= 1 && dirp <= MaxOpenDirs ? _dirs[dirp - 1] : null;
}
