using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>
/// The virtual modem's EFS, kept in a real directory (<c>&lt;state&gt;/efs/…</c> mirrors the EFS tree
/// one to one, so a crash can be studied with ls/hexdump) plus a journaled metadata store.
/// </summary>
/// <remarks>
/// <para><b>Crash safety.</b> The host tree holds existence and content; modes, the item-file flag,
/// link targets and timestamps live in one metadata store (<see cref="EfsMetaJournal"/>: snapshot +
/// append-only journal). Why one journal and not a sidecar per entry: a sidecar would have to be
/// renamed together with its entry (two renames, not atomic) and directory renames would move
/// hundreds of sidecars; a single ordered log gives one commit point per operation.</para>
/// <para>Every metadata-changing operation is write-ahead: first the journal record (the commit
/// point), then the host change, which is a single atomic step (rename(2), unlink, mkdir, or an
/// item/link body staged in <c>efs.tmp/</c> and renamed in). Records carry everything needed to
/// redo the host step (item and link bodies inline), so on reopen the last record is redone
/// idempotently, then the host tree and the map are reconciled (entries without metadata get
/// defaults, metadata without an entry is dropped) and a checkpoint is written. A process killed at
/// any point therefore leaves either the old or the new entry, never a half-renamed one, and never
/// an item file that reads as a regular file. Regular file data is written in place, as on a real
/// EFS: after a crash the file holds what was written so far.</para>
/// <para>All members are thread-safe (one lock).</para>
/// </remarks>
public sealed partial class EfsStore : IDisposable
{
    /// <summary>FS_DIAG_MAX_FDS.</summary>
    public const int MaxOpenFiles = 6;
    /// <summary>FS_DIAG_MAX_OPEN_DIRS.</summary>
    public const int MaxOpenDirs = 4;
    /// <summary>FS_DIAG_MAX_READ_REQ: larger reads are silently truncated.</summary>
    public const int MaxReadBytes = 1024;
    /// <summary>FS_ITEM_MAX on 2009-era EFS.</summary>
    public const int ItemMax = 106;
    /// <summary>FS_NAME_MAX used here (host file systems allow 255).</summary>
    public const int NameMax = 255;
    /// <summary>FS_PATH_MAX.</summary>
    public const int PathMax = 1024;
    private const int MaxLinkDepth = 8;
    private const int CheckpointEvery = 2000;
    private const string TempDirName = "efs.tmp";

    private readonly Lock _lock = new();
    private readonly string _stateDir;
    private readonly string _root;
    private readonly string _tempDir;
    private readonly EfsStoreOptions _options;
    private readonly EfsMetaJournal _journal;
    private readonly Dictionary<string, EntryMeta> _map;
    private readonly EntryMeta _rootMeta;
    private readonly OpenFile?[] _files = new OpenFile?[MaxOpenFiles];
    private readonly OpenDirectory?[] _dirs = new OpenDirectory?[MaxOpenDirs];
    private long _usedBytes;
    private long? _fillBudget;
    private int _tempCounter;
    private bool _disposed;

    private sealed class OpenFile(string path, EntryMeta meta, SafeFileHandle handle, EfsOpenFlags flags)
    {
        public string Path { get; set; } = path;
        public EntryMeta Meta { get; } = meta;
        public SafeFileHandle Handle { get; } = handle;
        public EfsOpenFlags Flags { get; } = flags;
    }

    private sealed class OpenDirectory(string path)
    {
        public string Path { get; set; } = path;
        public List<string> Names { get; set; } = [];
        public int LastSeq { get; set; }
    }

    private EfsStore(string stateDir, EfsStoreOptions options)
    {
        _stateDir = stateDir;
        _root = Path.Combine(stateDir, "efs");
        _tempDir = Path.Combine(stateDir, TempDirName);
        _options = options;
        Directory.CreateDirectory(_root);
        if (Directory.Exists(_tempDir))
        {
            Directory.Delete(_tempDir, recursive: true); // staged bodies of uncommitted operations
        }

        Directory.CreateDirectory(_tempDir);
        _journal = EfsMetaJournal.Open(stateDir, out _map, out JournalRecord? last);
        uint now = Now();
        _rootMeta = new EntryMeta { Kind = EfsEntryKind.Directory, Perm = 0x1FF, Atime = now, Mtime = now, Ctime = now };
        if (last is not null)
        {
            Redo(last);
        }

        Reconcile();
        _journal.Checkpoint(_map);
    }

    /// <summary>Opens (or creates) the EFS under <paramref name="stateDir"/>, recovering from any crash.</summary>
    public static EfsStore Open(string stateDir, EfsStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDir);
        Directory.CreateDirectory(stateDir);
        return new EfsStore(Path.GetFullPath(stateDir), options ?? new EfsStoreOptions());
    }

    /// <summary>Host directory that mirrors the EFS root.</summary>
    public string RootDirectory => _root;

    /// <summary>Capacity in bytes.</summary>
    public long CapacityBytes => _options.CapacityBytes;

    /// <summary>Bytes of file, item and link content currently stored.</summary>
    public long UsedBytes { get { lock (_lock) { return _usedBytes; } } }

    /// <summary>Test hook: throw from it to simulate the process dying at that point.</summary>
    public Action<EfsCrashPoint>? CrashHook
    {
        get => _journal.CrashHook;
        set => _journal.CrashHook = value;
    }

    /// <summary>Fault hook: after <paramref name="bytes"/> more bytes of data, every write fails with NoSpace.</summary>
    public void FillAfterBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_lock) { _fillBudget = bytes; }
    }

    /// <summary>Removes the <see cref="FillAfterBytes"/> fault.</summary>
    public void ClearFill()
    {
        lock (_lock) { _fillBudget = null; }
    }

    /// <summary>File handles open now (a client that forgot one leaves it here until HELLO).</summary>
    public int OpenFileCount
    {
        get { lock (_lock) { return _files.Count(f => f is not null); } }
    }

    /// <summary>Directory handles open now.</summary>
    public int OpenDirCount
    {
        get { lock (_lock) { return _dirs.Count(d => d is not null); } }
    }

    /// <summary>Closes every open file and directory handle (what EFS2 HELLO does).</summary>
    public void CloseAll()
    {
        lock (_lock)
        {
            for (int i = 0; i < _files.Length; i++)
            {
                _files[i]?.Handle.Dispose();
                _files[i] = null;
            }

            Array.Clear(_dirs);
        }
    }

    /// <summary>Writes a metadata snapshot and truncates the journal.</summary>
    public void Checkpoint()
    {
        lock (_lock) { _journal.Checkpoint(_map); }
    }

    // ---------------------------------------------------------------- stat family

    /// <summary>STAT: follows a final symlink.</summary>
    public EfsStoreError Stat(string path, out EfsStat stat)
    {
        lock (_lock)
        {
            stat = default;
            EfsStoreError e = Resolve(path, followFinal: true, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? m = Find(p);
            if (m is null)
            {
                return EfsStoreError.NotFound;
            }

            stat = MakeStat(p, m);
            return EfsStoreError.None;
        }
    }

    /// <summary>LSTAT: does not follow a final symlink.</summary>
    public EfsStoreError Lstat(string path, out EfsStat stat)
    {
        lock (_lock)
        {
            stat = default;
            EfsStoreError e = Resolve(path, followFinal: false, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? m = Find(p);
            if (m is null)
            {
                return EfsStoreError.NotFound;
            }

            stat = MakeStat(p, m);
            return EfsStoreError.None;
        }
    }

    /// <summary>ACCESS: succeeds when the path exists (permission bits are not enforced).</summary>
    public EfsStoreError Access(string path, int permBits)
    {
        _ = permBits;
        return Stat(path, out _);
    }

    /// <summary>STATFS: capacity and usage in blocks.</summary>
    public EfsStoreError Statfs(string path, out EfsStatfs info)
    {
        lock (_lock)
        {
            info = default;
            EfsStoreError e = Resolve(path, followFinal: true, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            if (Find(p) is null)
            {
                return EfsStoreError.NotFound;
            }

            uint bs = (uint)_options.BlockSize;
            uint total = (uint)(_options.CapacityBytes / bs);
            uint used = (uint)((_usedBytes + bs - 1) / bs);
            uint free = total > used ? total - used : 0;
            info = new EfsStatfs(0x45465332, "EFS2", bs, total, free, free, (uint)_options.CapacityBytes,
                (uint)_map.Count + 1, 4096);
            return EfsStoreError.None;
        }
    }

    // ---------------------------------------------------------------- files

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

                uint now = Now();
                m = new EntryMeta
                {
                    Kind = (flags & EfsOpenFlags.ItemFile) != 0 ? EfsEntryKind.Item : EfsEntryKind.File,
                    Perm = mode & EfsMode.PermissionMask, Atime = now, Mtime = now, Ctime = now,
                };
                Commit(JournalRecord.Set(p, m));
                using (File.Create(Host(p))) { }
                _map[p] = m;
            }
            else
            {
                if ((flags & (EfsOpenFlags.Create | EfsOpenFlags.Exclusive)) == (EfsOpenFlags.Create | EfsOpenFlags.Exclusive))
                {
                    return EfsStoreError.Exists;
                }

                if (m.Kind == EfsEntryKind.Directory)
                {
                    return EfsStoreError.IsDirectory;
                }

                if (writable && (flags & EfsOpenFlags.Truncate) != 0)
                {
                    string host = Host(p);
                    long old = new FileInfo(host).Length;
                    using (var fs = new FileStream(host, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                    {
                        fs.SetLength(0);
                    }

                    _usedBytes -= old;
                    m.Mtime = m.Ctime = Now();
                    Commit(JournalRecord.Set(p, m));
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
            data = n == buf.Length ? buf : buf[..n];
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

                if (_fillBudget is { } b)
                {
                    _fillBudget = b - allowed;
                }

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
    public EfsStoreError Fstat(int fd, out EfsStat stat)
    {
        lock (_lock)
        {
            stat = default;
            if (GetFile(fd) is not { } f)
            {
                return EfsStoreError.BadHandle;
            }

            stat = new EfsStat(f.Meta.TypeBits | f.Meta.Perm, (uint)RandomAccess.GetLength(f.Handle), 1,
                f.Meta.Atime, f.Meta.Mtime, f.Meta.Ctime);
            return EfsStoreError.None;
        }
    }

    // ---------------------------------------------------------------- directories

    /// <summary>OPENDIR: returns a directory handle 1..4.</summary>
    public EfsStoreError OpenDir(string path, out int dirp)
    {
        lock (_lock)
        {
            dirp = 0;
            EfsStoreError e = Resolve(StripTrailingSlash(path), followFinal: true, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? m = Find(p);
            if (m is null)
            {
                return EfsStoreError.NotFound;
            }

            if (m.Kind != EfsEntryKind.Directory)
            {
                return EfsStoreError.NotDirectory;
            }

            int slot = Array.IndexOf(_dirs, null);
            if (slot < 0)
            {
                return EfsStoreError.TooManyOpenDirs;
            }

            _dirs[slot] = new OpenDirectory(p) { Names = Children(p) };
            dirp = slot + 1;
            return EfsStoreError.None;
        }
    }

    /// <summary>
    /// READDIR: seqno 1 is the first entry ("." and ".." are never returned); a seqno not after the last
    /// one read rewinds (re-reads the directory); past the end an entry with an empty name comes back.
    /// </summary>
    public EfsStoreError ReadDir(int dirp, int seqno, out EfsDirEntry entry)
    {
        lock (_lock)
        {
            entry = new EfsDirEntry(seqno, "", EfsDirEntryType.Regular, default);
            if (dirp < 1 || dirp > MaxOpenDirs || _dirs[dirp - 1] is not { } d)
            {
                return EfsStoreError.BadHandle;
            }

            if (seqno <= 0)
            {
                return EfsStoreError.Invalid;
            }

            if (seqno <= d.LastSeq)
            {
                d.Names = Children(d.Path); // rewind: closedir + opendir, then walk forward
            }

            d.LastSeq = seqno;
            if (seqno > d.Names.Count)
            {
                return EfsStoreError.None;
            }

            string name = d.Names[seqno - 1];
            string child = Join(d.Path, name);
            if (Find(child) is not { } m)
            {
                entry = new EfsDirEntry(seqno, name, EfsDirEntryType.Other, default);
                return EfsStoreError.None;
            }

            EfsDirEntryType type = m.Kind switch
            {
                EfsEntryKind.File => EfsDirEntryType.Regular,
                EfsEntryKind.Directory => EfsDirEntryType.Directory,
                EfsEntryKind.Symlink => EfsDirEntryType.Symlink,
                _ => EfsDirEntryType.Other,
            };
            entry = new EfsDirEntry(seqno, name, type, MakeStat(child, m));
            return EfsStoreError.None;
        }
    }

    /// <summary>CLOSEDIR.</summary>
    public EfsStoreError CloseDir(int dirp)
    {
        lock (_lock)
        {
            if (dirp < 1 || dirp > MaxOpenDirs || _dirs[dirp - 1] is null)
            {
                return EfsStoreError.BadHandle;
            }

            _dirs[dirp - 1] = null;
            return EfsStoreError.None;
        }
    }

    /// <summary>MKDIR (trailing '/' stripped). An existing empty directory is recreated (success);
    /// a non-empty one gives NotEmpty; an existing non-directory gives Exists.</summary>
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
                    return EfsStoreError.NotEmpty;
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

            uint now = Now();
            var meta = new EntryMeta
            {
                Kind = EfsEntryKind.Directory, Perm = mode & EfsMode.PermissionMask, Atime = now, Mtime = now, Ctime = now,
            };
            Commit(JournalRecord.Set(p, meta));
            Directory.CreateDirectory(Host(p));
            _map[p] = meta;
            return EfsStoreError.None;
        }
    }

    /// <summary>RMDIR (trailing '/' stripped); a missing path succeeds.</summary>
    public EfsStoreError Rmdir(string path)
    {
        lock (_lock)
        {
            EfsStoreError e = Resolve(StripTrailingSlash(path), followFinal: false, out string p);
            if (e == EfsStoreError.NotFound)
            {
                return EfsStoreError.None;
            }

            if (e != EfsStoreError.None)
            {
                return e;
            }

            if (p == "/")
            {
                return EfsStoreError.Access;
            }

            EntryMeta? m = Find(p);
            if (m is null)
            {
                return EfsStoreError.None;
            }

            if (m.Kind != EfsEntryKind.Directory)
            {
                return EfsStoreError.NotDirectory;
            }

            if (Children(p).Count > 0)
            {
                return EfsStoreError.NotEmpty;
            }

            Commit(new JournalRecord { Op = "del", Path = p });
            Directory.Delete(Host(p));
            _map.Remove(p);
            return EfsStoreError.None;
        }
    }

    /// <summary>UNLINK (a symlink itself is removed, not its target); a missing path succeeds.</summary>
    public EfsStoreError Unlink(string path)
    {
        lock (_lock)
        {
            EfsStoreError e = Resolve(path, followFinal: false, out string p);
            if (e == EfsStoreError.NotFound)
            {
                return EfsStoreError.None;
            }

            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? m = Find(p);
            if (m is null)
            {
                return EfsStoreError.None;
            }

            if (m.Kind == EfsEntryKind.Directory)
            {
                return EfsStoreError.IsDirectory;
            }

            string host = Host(p);
            long size = new FileInfo(host).Length;
            Commit(new JournalRecord { Op = "del", Path = p });
            File.Delete(host);
            _map.Remove(p);
            _usedBytes -= size;
            return EfsStoreError.None;
        }
    }

    /// <summary>RENAME, atomic (one rename(2) on the host). Replaces an existing file or empty directory.</summary>
    public EfsStoreError Rename(string oldPath, string newPath)
    {
        lock (_lock)
        {
            EfsStoreError e = Resolve(StripTrailingSlash(oldPath), followFinal: false, out string from);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            e = Resolve(StripTrailingSlash(newPath), followFinal: false, out string to);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            if (from == "/" || to == "/")
            {
                return EfsStoreError.Access;
            }

            EntryMeta? src = Find(from);
            if (src is null)
            {
                return EfsStoreError.NotFound;
            }

            if (from == to)
            {
                return EfsStoreError.None;
            }

            if (to.StartsWith(from + "/", StringComparison.Ordinal))
            {
                return EfsStoreError.Invalid;
            }

            e = CheckParent(to);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            long replaced = 0;
            if (Find(to) is { } dst)
            {
                if (src.Kind == EfsEntryKind.Directory && dst.Kind != EfsEntryKind.Directory)
                {
                    return EfsStoreError.NotDirectory;
                }

                if (src.Kind != EfsEntryKind.Directory && dst.Kind == EfsEntryKind.Directory)
                {
                    return EfsStoreError.IsDirectory;
                }

                if (dst.Kind == EfsEntryKind.Directory && Children(to).Count > 0)
                {
                    return EfsStoreError.NotEmpty;
                }

                if (dst.Kind != EfsEntryKind.Directory)
                {
                    replaced = new FileInfo(Host(to)).Length;
                }
            }

            Commit(new JournalRecord { Op = "mv", Path = from, NewPath = to });
            HostRename(Host(from), Host(to));
            EfsMetaJournal.Move(_map, from, to);
            _usedBytes -= replaced;
            string prefix = from + "/";
            foreach (OpenFile? f in _files)
            {
                if (f is not null && (f.Path == from || f.Path.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    f.Path = to + f.Path[from.Length..];
                }
            }

            return EfsStoreError.None;
        }
    }

    /// <summary>CHMOD: replaces the permission bits (type bits in <paramref name="mode"/> are ignored).</summary>
    public EfsStoreError Chmod(string path, int mode)
    {
        lock (_lock)
        {
            EfsStoreError e = Resolve(path, followFinal: true, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? m = p == "/" ? _rootMeta : Find(p);
            if (m is null)
            {
                return EfsStoreError.NotFound;
            }

            m.Perm = mode & EfsMode.PermissionMask;
            m.Ctime = Now();
            if (p != "/")
            {
                Commit(JournalRecord.Set(p, m));
            }

            return EfsStoreError.None;
        }
    }

    // ---------------------------------------------------------------- links

    /// <summary>SYMLINK: creates <paramref name="linkPath"/> pointing at <paramref name="target"/>. The link
    /// is data (never a host symlink); an existing link at <paramref name="linkPath"/> counts as success.</summary>
    public EfsStoreError Symlink(string target, string linkPath)
    {
        lock (_lock)
        {
            if (string.IsNullOrEmpty(target) || target.Contains('\0', StringComparison.Ordinal))
            {
                return EfsStoreError.InvalidPath;
            }

            if (target.Length > PathMax)
            {
                return EfsStoreError.NameTooLong;
            }

            EfsStoreError e = Resolve(linkPath, followFinal: false, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            if (Find(p) is { } existing)
            {
                return existing.Kind == EfsEntryKind.Symlink ? EfsStoreError.None : EfsStoreError.Exists;
            }

            e = CheckParent(p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            uint now = Now();
            var m = new EntryMeta { Kind = EfsEntryKind.Symlink, Perm = 0x1FF, Atime = now, Mtime = now, Ctime = now, LinkTarget = target };
            byte[] body = Encoding.UTF8.GetBytes(target);
            PutBody(p, m, body, journalData: null);
            return EfsStoreError.None;
        }
    }

    /// <summary>READLINK: the stored target text.</summary>
    public EfsStoreError Readlink(string path, out string target)
    {
        lock (_lock)
        {
            target = "";
            EfsStoreError e = Resolve(path, followFinal: false, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? m = Find(p);
            if (m is null)
            {
                return EfsStoreError.NotFound;
            }

            if (m.Kind != EfsEntryKind.Symlink)
            {
                return EfsStoreError.Invalid;
            }

            target = m.LinkTarget ?? "";
            return EfsStoreError.None;
        }
    }

    // ---------------------------------------------------------------- item files

    /// <summary>
    /// PUT: writes an item file atomically (≤ <see cref="ItemMax"/> bytes, else Invalid). Flags: O_CREAT to
    /// create, O_EXCL to refuse an existing entry, O_AUTODIR to create parents. Replaces a regular file.
    /// </summary>
    public EfsStoreError PutItem(string path, ReadOnlySpan<byte> data, EfsOpenFlags flags, int mode = 0x1B6)
    {
        lock (_lock)
        {
            if (data.Length > ItemMax)
            {
                return EfsStoreError.Invalid;
            }

            EfsStoreError e = Resolve(path, followFinal: true, out string p);
            if (e == EfsStoreError.NotFound && (flags & EfsOpenFlags.AutoDir) != 0)
            {
                e = Resolve(path, followFinal: false, out p, allowMissing: true);
            }

            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? existing = Find(p);
            if (existing is null)
            {
                if ((flags & EfsOpenFlags.Create) == 0)
                {
                    return EfsStoreError.NotFound;
                }

                if ((flags & EfsOpenFlags.AutoDir) != 0)
                {
                    e = MakeParents(p);
                    if (e != EfsStoreError.None)
                    {
                        return e;
                    }
                }

                e = CheckParent(p);
                if (e != EfsStoreError.None)
                {
                    return e;
                }
            }
            else if ((flags & (EfsOpenFlags.Create | EfsOpenFlags.Exclusive)) == (EfsOpenFlags.Create | EfsOpenFlags.Exclusive))
            {
                return EfsStoreError.Exists;
            }
            else if (existing.Kind == EfsEntryKind.Directory)
            {
                return EfsStoreError.IsDirectory;
            }

            long oldSize = existing is null ? 0 : new FileInfo(Host(p)).Length;
            if (Fit(oldSize, 0, data.Length) < data.Length)
            {
                return EfsStoreError.NoSpace;
            }

            uint now = Now();
            var m = new EntryMeta { Kind = EfsEntryKind.Item, Perm = mode & EfsMode.PermissionMask, Atime = now, Mtime = now, Ctime = now };
            byte[] body = data.ToArray();
            PutBody(p, m, body, journalData: body);
            _usedBytes += body.Length - oldSize;
            if (_fillBudget is { } b)
            {
                _fillBudget = b - body.Length;
            }

            return EfsStoreError.None;
        }
    }

    /// <summary>GET: content of an item file; a regular file gives NotItemFile.</summary>
    public EfsStoreError GetItem(string path, out byte[] data)
    {
        lock (_lock)
        {
            data = [];
            EfsStoreError e = Resolve(path, followFinal: true, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? m = Find(p);
            if (m is null)
            {
                return EfsStoreError.NotFound;
            }

            if (m.Kind == EfsEntryKind.Directory)
            {
                return EfsStoreError.IsDirectory;
            }

            if (m.Kind != EfsEntryKind.Item)
            {
                return EfsStoreError.NotItemFile;
            }

            data = File.ReadAllBytes(Host(p));
            return EfsStoreError.None;
        }
    }

    // ---------------------------------------------------------------- conveniences (generator, ZTE flags)

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
            EfsStoreError e = Resolve(path, followFinal: true, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? m = Find(p);
            if (m is null)
            {
                return EfsStoreError.NotFound;
            }

            if (m.Kind == EfsEntryKind.Directory)
            {
                return EfsStoreError.IsDirectory;
            }

            content = File.ReadAllBytes(Host(p));
            return EfsStoreError.None;
        }
    }

    /// <summary>True when <paramref name="path"/> exists (a final link is not followed).</summary>
    public bool Exists(string path) => Lstat(path, out _) == EfsStoreError.None;

    /// <summary>Checkpoints and closes all handles.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            for (int i = 0; i < _files.Length; i++)
            {
                _files[i]?.Handle.Dispose();
                _files[i] = null;
            }

            _journal.Checkpoint(_map);
            _journal.Dispose();
        }
    }
}
