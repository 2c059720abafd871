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
        _rootMeta = NewMeta(EfsEntryKind.Directory, 0x1FF);
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
            CloseFiles();
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
    public EfsStoreError Stat(string path, out StoredStat stat) => StatOf(path, followFinal: true, out stat);

    /// <summary>LSTAT: does not follow a final symlink.</summary>
    public EfsStoreError Lstat(string path, out StoredStat stat) => StatOf(path, followFinal: false, out stat);

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
            if (!TryLookup(path, followFinal: true, out _, out _, out EfsStoreError e))
            {
                return e;
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

    /// <summary>True when <paramref name="path"/> exists (a final link is not followed).</summary>
    public bool Exists(string path) => Lstat(path, out _) == EfsStoreError.None;

    private EfsStoreError StatOf(string path, bool followFinal, out StoredStat stat)
    {
        lock (_lock)
        {
            stat = default;
            if (!TryLookup(path, followFinal, out string p, out EntryMeta? m, out EfsStoreError e))
            {
                return e;
            }

            stat = MakeStat(p, m);
            return EfsStoreError.None;
        }
    }

    // ---------------------------------------------------------------- entries of any kind

    /// <summary>UNLINK (a symlink itself is removed, not its target); a missing path succeeds.</summary>
    public EfsStoreError Unlink(string path)
    {
        lock (_lock)
        {
            if (!TryLookupNonDirectory(path, followFinal: false, out string p, out EntryMeta? m, out EfsStoreError e))
            {
                return e == EfsStoreError.NotFound ? EfsStoreError.None : e;
            }

            long size = new FileInfo(Host(p)).Length;
            DeleteEntry(p, m);
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
            if (!TryLookup(path, followFinal: true, out string p, out EntryMeta? m, out EfsStoreError e))
            {
                return e;
            }

            m.Perm = mode & EfsMode.PermissionMask;
            m.Ctime = Now();
            if (p != "/")
            {
                Commit(JournalRecord.Set(p, m)); // the root's metadata is never stored
            }

            return EfsStoreError.None;
        }
    }

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
            CloseFiles();
            _journal.Checkpoint(_map);
            _journal.Dispose();
        }
    }

    private void CloseFiles()
    {
        for (int i = 0; i < _files.Length; i++)
        {
            _files[i]?.Handle.Dispose();
            _files[i] = null;
        }
    }
}
