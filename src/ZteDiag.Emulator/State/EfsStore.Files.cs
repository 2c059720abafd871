using Microsoft.Win32.SafeHandles;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>Regular and item files through numbered handles: OPEN, READ, WRITE, CLOSE, FSTAT, and whole-file helpers.</summary>
public sealed partial class EfsStore
{
    /// <summary>OPEN: returns a file slot 0..5. <paramref name="mode"/> is used only with O_CREAT.</summary>
    public EfsStoreError Open(string path, EfsOpenFlags flags, int mode, out int fd)
    {
        lock (_lock)
        {
            fd = -1;
            EfsOpenFlags acc = flags & EfsOpenFlags.AccessMode;
            if (acc == EfsOpenFlags.AccessMode)
            {
                return EfsStoreError.Invalid;
            }

            EfsStoreError e = Resolve(path, followFinal: true, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            int slot = Array.IndexOf(_files, null);
            if (slot < 0)
            {
                return EfsStoreError.TooManyOpenFiles;
            }

            EntryMeta? m = Find(p);
            bool writable = acc != EfsOpenFlags.ReadOnly;
            if (m is null)
            {
                if ((flags & EfsOpenFlags.Create) == 0)
                {
                    return EfsStoreError.NotFound;
                }

                e = CheckParent(p);
                if (e != EfsStoreError.None)
                {
                    return e;
                }

                m = NewMeta((flags & EfsOpenFlags.ItemFile) != 0 ? EfsEntryKind.Item : EfsEntryKind.File, mode & EfsMode.PermissionMask);
                CreateEntry(p, m);
            }
            else
            {
                if (IsCreateExclusive(flags))
                {
                    return EfsStoreError.Exists;
                }

                if (m.Kind == EfsEntryKind.Directory)
                {
                    return EfsStoreError.IsDirectory;
                }

                if (writable && (flags & EfsOpenFlags.Truncate) != 0)
                {
                    Truncate(p, m);
                }
            }

            SafeFileHandle h = File.OpenHandle(Host(p), FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete);
            _files[slot] = new OpenFile(p, m, h, flags);
            fd = slot;
            return EfsStoreError.None;
        }
    }


    /// <summary>READ: at most <see cref="MaxReadBytes"/> bytes; an empty result means EOF.</summary>
    public EfsStoreError Read(int fd, long offset, int count, out byte[] data)
    {
        lock (_lock)
        {
            data = [];
            if (GetFile(fd) is not { } f)
            {
                return EfsStoreError.BadHandle;
            }

            if (offset < 0 || count < 0)
            {
                return EfsStoreError.Invalid;
            }

            count = Math.Min(count, MaxReadBytes);
            long len = RandomAccess.GetLength(f.Handle);
            if (offset >= len || count == 0)
            {
                return EfsStoreError.None;
            }

            var buf = new byte[(int)Math.Min(count, len - offset)];
            int n = RandomAccess.Read(f.Handle, buf, offset);
            data = Overrun(f.Path, count, n == buf.Length ? buf : buf[..n]);
            return EfsStoreError.None;
        }
    }

    /// <summary>
    /// WRITE at <paramref name="offset"/> (past EOF zero-fills; O_APPEND writes at EOF). On NoSpace the
    /// bytes that fit are written and <paramref name="written"/> says how many.
    /// </summary>
    public EfsStoreError Write(int fd, long offset, ReadOnlySpan<byte> data, out int written)
    {
        lock (_lock)
        {
            written = 0;
            if (GetFile(fd) is not { } f || (f.Flags & EfsOpenFlags.AccessMode) == EfsOpenFlags.ReadOnly)
            {
                return EfsStoreError.BadHandle;
            }

            if (offset < 0)
            {
                return EfsStoreError.Invalid;
            }

            long size = RandomAccess.GetLength(f.Handle);
            if ((f.Flags & EfsOpenFlags.Append) != 0)
            {
                offset = size;
            }

            if (f.Meta.Kind == EfsEntryKind.Item && offset + data.Length > ItemMax)
            {
                return EfsStoreError.Invalid;
            }

            int allowed = Fit(size, offset, data.Length);
            if (allowed > 0)
            {
                if (CrashHook is not null && allowed > 1)
                {
                    int half = allowed / 2;
                    RandomAccess.Write(f.Handle, data[..half], offset);
                    CrashHook(EfsCrashPoint.MidWrite);
                    RandomAccess.Write(f.Handle, data[half..allowed], offset + half);
                }
                else
                {
                    RandomAccess.Write(f.Handle, data[..allowed], offset);
                }

                long end = offset + allowed;
                if (end > size)
                {
                    _usedBytes += end - size;
                }

                SpendFillBudget(allowed);

                written = allowed;
                f.Meta.Mtime = f.Meta.Ctime = Now();
                if (_map.TryGetValue(f.Path, out EntryMeta? cur) && ReferenceEquals(cur, f.Meta))
                {
                    Commit(JournalRecord.Set(f.Path, f.Meta));
                    CheckpointIfDue();
                }
            }

            return allowed < data.Length ? EfsStoreError.NoSpace : EfsStoreError.None;
        }
    }

    /// <summary>CLOSE; a closed or never-opened fd gives BadHandle.</summary>
    public EfsStoreError Close(int fd)
    {
        lock (_lock)
        {
            if (GetFile(fd) is not { } f)
            {
                return EfsStoreError.BadHandle;
            }

            f.Handle.Dispose();
            _files[fd] = null;
            return EfsStoreError.None;
        }
    }

    /// <summary>FSTAT of an open file (works after the file was renamed or unlinked).</summary>
    public EfsStoreError Fstat(int fd, out StoredStat stat)
    {
        lock (_lock)
        {
            stat = default;
            if (GetFile(fd) is not { } f)
            {
                return EfsStoreError.BadHandle;
            }

            stat = new StoredStat(f.Meta.TypeBits | f.Meta.Perm, (uint)RandomAccess.GetLength(f.Handle), 1,
                f.Meta.Atime, f.Meta.Mtime, f.Meta.Ctime);
            return EfsStoreError.None;
        }
    }

    /// <summary>Creates or replaces a regular file with <paramref name="content"/> (open/write/close).</summary>
    public EfsStoreError WriteFile(string path, ReadOnlySpan<byte> content, int mode = 0x1A4)
    {
        EfsStoreError e = Open(path, EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate, mode, out int fd);
        if (e != EfsStoreError.None)
        {
            return e;
        }

        try
        {
            const int Chunk = 64 * 1024;
            for (int off = 0; off < content.Length; off += Chunk)
            {
                e = Write(fd, off, content.Slice(off, Math.Min(Chunk, content.Length - off)), out _);
                if (e != EfsStoreError.None)
                {
                    return e;
                }
            }

            return EfsStoreError.None;
        }
        finally
        {
            Close(fd);
        }
    }


    /// <summary>Whole content of a file, item file or (followed) link target.</summary>
    public EfsStoreError ReadFile(string path, out byte[] content)
    {
        lock (_lock)
        {
            content = [];
            if (!TryLookupNonDirectory(path, followFinal: true, out string p, out _, out EfsStoreError e))
            {
                return e;
            }

            content = File.ReadAllBytes(Host(p));
            return EfsStoreError.None;
        }
    }

    /// <summary>O_TRUNC: the data goes in place (as on a real EFS); the new times are journaled after.</summary>
    private void Truncate(string canonical, EntryMeta m)
    {
        string host = Host(canonical);
        long old = new FileInfo(host).Length;
        using (var fs = new FileStream(host, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            fs.SetLength(0);
        }

        _usedBytes -= old;
        m.Mtime = m.Ctime = Now();
        Commit(JournalRecord.Set(canonical, m));
    }
}
