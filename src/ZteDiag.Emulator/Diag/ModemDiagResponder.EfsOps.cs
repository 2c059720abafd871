using System.Security.Cryptography;
using System.Text;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Diag;

/// <summary>
/// EFS2 operation handlers with Qualcomm's reply lengths (PROTOCOL.md §3.4): OPEN/OPENDIR 12, CLOSE/CLOSEDIR
/// and the other errno-only replies 8, READ 20 + data, WRITE 20, READDIR 40 + name + NUL (end marker 41),
/// STAT/FSTAT 32 (also on error), LSTAT 24, HELLO 44, QUERY 28, STATFS 48, PUT/TRUNCATE 10, GET 14 + data,
/// MD5SUM 26, SYNC_NO_WAIT 14, SYNC_GET_STATUS 11.
/// </summary>
/// <remarks>
/// <para>Path "" and "." mean the root for the lookup operations OPEN, OPENDIR, STAT, LSTAT, STATFS and ACCESS
/// (clients send them for "/"; the target's path lookup treats an empty relative path as its root).
/// Write-side operations keep the store's INVALID_PATH for them.</para>
/// <para>A path under the <c>unreadable</c> fault (<see cref="EfsStore.ReadRefusal"/>) is refused by every
/// operation that hands out its content (OPEN that can read, GET, READLINK, MD5SUM) with the
/// operation's usual error layout; STAT, LSTAT, READDIR and writes are unaffected.</para>
/// </remarks>
public sealed partial class ModemDiagResponder
{
    /// <summary>FS_DIR_ENTRY_SIZE, "not a meaningful value" (QUERY max_dir_entries).</summary>
    private const int QueryMaxDirEntries = 50;
    private const int QueryMaxMounts = 4;
    private const int PutMode = 0x1FF; // the PUT handler always creates with 0777

    private uint _targetWindow = EfsHelloRequest.DefaultWindow;
    private uint _featureBits;
    private uint _syncToken;

    private static string LookupPath(string path) => path is "" or "." ? EfsPath.Root : path;

    private static EfsErrno Errno(EfsStoreError e) => EfsErrnoMap.ToErrno(e);

    /// <summary>HELLO: closes every file and directory, replies with the current parameters, then narrows them.</summary>
    private EfsHelloResponse Hello(EfsHelloRequest r)
    {
        State.Efs.CloseAll();
        uint w = _targetWindow;
        var reply = new EfsHelloResponse(w, w, w, w, w, w, 1, 1, 1, _featureBits, r.Subsystem);
        _targetWindow = Math.Min(_targetWindow, Math.Min(r.TargetPacketWindow, r.TargetByteWindow)) switch
        {
            0 => _targetWindow, // a zero window would stall every later transfer; the target keeps its own
            uint m => m,
        };
        _featureBits &= r.FeatureBits;
        return reply;
    }

    private static EfsQueryResponse Query(EfsQueryRequest r) =>
        new(EfsStore.NameMax, EfsStore.PathMax, 0, 0, QueryMaxDirEntries, QueryMaxMounts, r.Subsystem);

    /// <summary>OPEN: an open that can read (O_RDONLY, O_RDWR) of a path the modem refuses to read answers fd −1 and that errno.</summary>
    private EfsOpenResponse Open(EfsOpenRequest r)
    {
        if ((r.Flags & EfsOpenFlags.AccessMode) != EfsOpenFlags.WriteOnly
            && State.Efs.ReadRefusal(LookupPath(r.Path), followFinal: true) is { } refused)
        {
            return new EfsOpenResponse(-1, refused, r.Subsystem);
        }

        EfsStoreError e = State.Efs.Open(LookupPath(r.Path), r.Flags, r.Mode, out int fd);
        return new EfsOpenResponse(e == EfsStoreError.None ? fd : -1, Errno(e), r.Subsystem);
    }

    private EfsCloseResponse Close(EfsCloseRequest r) => new(Errno(State.Efs.Close(r.Fd)), r.Subsystem);

    /// <summary>READ: at most 1024 bytes (larger requests silently capped); error → bytes_read −1, no data.</summary>
    private EfsReadResponse Read(EfsReadRequest r)
    {
        int count = (int)Math.Min(r.Count, (uint)EfsReadRequest.MaxCount);
        EfsStoreError e = State.Efs.Read(r.Fd, r.Offset, count, out byte[] data);
        return e == EfsStoreError.None
            ? EfsReadResponse.Success(r.Fd, r.Offset, data, r.Subsystem)
            : new EfsReadResponse(r.Fd, r.Offset, -1, Errno(e), [], r.Subsystem);
    }

    /// <summary>WRITE: a write on a read-only handle is EBADF; ENOSPC reports the bytes that fit (−1 if none).</summary>
    private EfsWriteResponse Write(EfsWriteRequest r)
    {
        EfsStoreError e = State.Efs.Write(r.Fd, r.Offset, r.Data, out int written);
        int n = e == EfsStoreError.None || written > 0 ? written : -1;
        return new EfsWriteResponse(r.Fd, r.Offset, n, Errno(e), r.Subsystem);
    }

    /// <summary>SYMLINK oldpath (target) newpath (link); re-creating an existing link succeeds.</summary>
    private EfsSymlinkResponse Symlink(EfsSymlinkRequest r)
    {
        EfsStoreError e = State.Efs.Symlink(r.OldPath, r.NewPath);
        if (e == EfsStoreError.Exists && State.Efs.Lstat(r.NewPath, out StoredStat st) == EfsStoreError.None
            && st.Kind == EfsEntryKind.Symlink)
        {
            e = EfsStoreError.None;
        }

        return new EfsSymlinkResponse(Errno(e), r.Subsystem);
    }

    private EfsReadlinkResponse Readlink(EfsReadlinkRequest r)
    {
        if (State.Efs.ReadRefusal(r.Path, followFinal: false) is { } refused)
        {
            return new EfsReadlinkResponse(refused, string.Empty, r.Subsystem);
        }

        EfsStoreError e = State.Efs.Readlink(r.Path, out string target);
        return new EfsReadlinkResponse(Errno(e), e == EfsStoreError.None ? target : string.Empty, r.Subsystem);
    }

    /// <summary>UNLINK: a missing path reports success (idempotent retransmission).</summary>
    private EfsUnlinkResponse Unlink(EfsUnlinkRequest r) =>
        new(Errno(SuppressNotFound(State.Efs.Unlink(r.Path))), r.Subsystem);

    /// <summary>MKDIR: the store re-creates an existing empty directory (rmdir then mkdir).</summary>
    private EfsMkdirResponse Mkdir(EfsMkdirRequest r) =>
        new(Errno(State.Efs.Mkdir(r.Path, r.Mode & EfsMode.PermissionMask)), r.Subsystem);

    /// <summary>RMDIR: a missing path reports success.</summary>
    private EfsRmdirResponse Rmdir(EfsRmdirRequest r) =>
        new(Errno(SuppressNotFound(State.Efs.Rmdir(r.Path))), r.Subsystem);

    private static EfsStoreError SuppressNotFound(EfsStoreError e) => e == EfsStoreError.NotFound ? EfsStoreError.None : e;

    /// <summary>OPENDIR: dirp 1..4, 0 on error; the fifth open directory is TOO_MANY_OPEN_DIRS.</summary>
    private EfsOpendirResponse Opendir(EfsOpendirRequest r)
    {
        EfsStoreError e = State.Efs.OpenDir(LookupPath(r.Path), out int dirp);
        return new EfsOpendirResponse(e == EfsStoreError.None ? (uint)dirp : 0, Errno(e), r.Subsystem);
    }

    /// <summary>
    /// READDIR: seqno 1 = first entry; an earlier seqno rewinds; past the end errno 0 and an empty name
    /// (41 bytes). A closed dirp is DIR_NOT_OPEN, seqno ≤ 0 INVALID_SEQ_NO, both with an empty name.
    /// Item files come back as entry_type 0x0F with their S_IFITM mode.
    /// </summary>
    private EfsReaddirResponse Readdir(EfsReaddirRequest r)
    {
        StoredDirEntry entry = default;
        EfsStoreError e = r.Dirp > EfsStore.MaxOpenDirs
            ? EfsStoreError.BadHandle
            : State.Efs.ReadDir((int)r.Dirp, r.SequenceNumber, out entry);
        if (e != EfsStoreError.None)
        {
            EfsErrno errno = e switch
            {
                EfsStoreError.BadHandle => EfsErrno.DIR_NOT_OPEN,
                EfsStoreError.Invalid => EfsErrno.INVALID_SEQ_NO,
                EfsStoreError.NameTooLong => EfsErrno.PATH_TOO_LONG,
                _ => Errno(e),
            };
            return new EfsReaddirResponse(r.Dirp, r.SequenceNumber, errno, EfsDirEntryType.Regular, 0, 0, 0, 0, 0, string.Empty, r.Subsystem);
        }

        if (entry.IsEnd)
        {
            return EfsReaddirResponse.EndOfDirectory(r.Dirp, r.SequenceNumber, r.Subsystem);
        }

        StoredStat s = entry.Stat;
        return new EfsReaddirResponse(r.Dirp, r.SequenceNumber, EfsErrno.ENOERR, entry.EntryType, s.Mode,
            (int)s.Size, s.Atime, s.Mtime, s.Ctime, entry.Name, r.Subsystem);
    }

    private EfsClosedirResponse Closedir(EfsClosedirRequest r) =>
        new(Errno(r.Dirp is < 1 or > EfsStore.MaxOpenDirs ? EfsStoreError.BadHandle : State.Efs.CloseDir(r.Dirp)), r.Subsystem);

    private EfsRenameResponse Rename(EfsRenameRequest r) => new(Errno(State.Efs.Rename(r.OldPath, r.NewPath)), r.Subsystem);

    /// <summary>STAT: always 32 bytes, zeros after errno on error.</summary>
    private EfsStatResponse Stat(EfsStatRequest r)
    {
        EfsStoreError e = State.Efs.Stat(LookupPath(r.Path), out StoredStat s);
        return new EfsStatResponse(Errno(e), s.Mode, (int)s.Size, s.Nlink, s.Atime, s.Mtime, s.Ctime, r.Subsystem);
    }

    private EfsLstatResponse Lstat(EfsLstatRequest r)
    {
        EfsStoreError e = State.Efs.Lstat(LookupPath(r.Path), out StoredStat s);
        return new EfsLstatResponse(Errno(e), s.Mode, s.Atime, s.Mtime, s.Ctime, r.Subsystem);
    }

    private EfsFstatResponse Fstat(EfsFstatRequest r)
    {
        EfsStoreError e = State.Efs.Fstat(r.Fd, out StoredStat s);
        return new EfsFstatResponse(Errno(e), s.Mode, (int)s.Size, s.Nlink, s.Atime, s.Mtime, s.Ctime, r.Subsystem);
    }

    private EfsChmodResponse Chmod(EfsChmodRequest r) =>
        new(Errno(State.Efs.Chmod(r.Path, r.Mode & EfsMode.PermissionMask)), r.Subsystem);

    private EfsStatfsResponse Statfs(EfsStatfsRequest r)
    {
        EfsStoreError e = State.Efs.Statfs(LookupPath(r.Path), out EfsStatfs s);
        byte[] type = new byte[EfsStatfsResponse.FsTypeLength];
        if (e == EfsStoreError.None && s.FsType is { } name)
        {
            _ = Encoding.Latin1.GetBytes(name.AsSpan(0, Math.Min(name.Length, type.Length)), type);
        }

        return new EfsStatfsResponse(Errno(e), s.FsId, type, s.BlockSize, s.TotalBlocks, s.AvailBlocks, s.FreeBlocks,
            s.MaxFileSize, s.Nfiles, s.MaxNfiles, r.Subsystem);
    }

    private EfsAccessResponse Access(EfsAccessRequest r) =>
        new(Errno(State.Efs.Access(LookupPath(r.Path), r.PermissionBits)), r.Subsystem);

    /// <summary>DEV_INFO: a plausible 2 KiB-page NAND sized from the EFS capacity (values invented).</summary>
    private EfsDevInfoResponse DevInfo(EfsDevInfoRequest r)
    {
        const uint pageSize = 2048;
        const uint pagesPerBlock = 64;
        uint blocks = (uint)Math.Max(1, State.Efs.CapacityBytes / (pageSize * pagesPerBlock));
        return new EfsDevInfoResponse(EfsErrno.ENOERR, blocks, pagesPerBlock, pageSize, blocks * pagesPerBlock,
            0xEC, 0xAA, 1, "NAND 256MiB 1,8V 8-bit", r.Subsystem);
    }

    /// <summary>PUT: writes an item file (mode 0777 like the target); too big for an item → EINVAL.</summary>
    private EfsPutResponse Put(EfsPutRequest r) =>
        new(r.SequenceNumber, Errno(State.Efs.PutItem(r.Path, r.Data, r.Flags, PutMode)), r.Subsystem);

    /// <summary>GET: an item file's content (≤ data_length); not an item file → ENOTITM; error → num_bytes −1.</summary>
    private EfsGetResponse Get(EfsGetRequest r)
    {
        if (State.Efs.ReadRefusal(r.Path, followFinal: true) is { } refused)
        {
            return new EfsGetResponse(-1, refused, r.SequenceNumber, [], r.Subsystem);
        }

        EfsStoreError e = State.Efs.GetItem(r.Path, out byte[] data);
        if (e != EfsStoreError.None)
        {
            return new EfsGetResponse(-1, Errno(e), r.SequenceNumber, [], r.Subsystem);
        }

        if (data.Length > r.DataLength)
        {
            data = data[..(int)r.DataLength];
        }

        return new EfsGetResponse(data.Length, EfsErrno.ENOERR, r.SequenceNumber, data, r.Subsystem);
    }

    /// <summary>TRUNCATE a path to a length (zero-extends when longer).</summary>
    private EfsTruncateResponse Truncate(EfsTruncateRequest r)
    {
        EfsStoreError e = State.Efs.Stat(r.Path, out StoredStat st);
        if (e == EfsStoreError.None && st.Kind == EfsEntryKind.Directory)
        {
            e = EfsStoreError.IsDirectory;
        }

        if (e == EfsStoreError.None && st.Size != r.Length)
        {
            e = State.Efs.ReadFile(r.Path, out byte[] content);
            if (e == EfsStoreError.None)
            {
                byte[] resized = new byte[r.Length];
                content.AsSpan(0, (int)Math.Min(content.Length, r.Length)).CopyTo(resized);
                e = State.Efs.WriteFile(r.Path, resized);
            }
        }

        return new EfsTruncateResponse(r.SequenceNumber, Errno(e), r.Subsystem);
    }

    private EfsMd5SumResponse Md5Sum(EfsMd5SumRequest r)
    {
        if (State.Efs.ReadRefusal(r.Path, followFinal: true) is { } refused)
        {
            return new EfsMd5SumResponse(r.SequenceNumber, refused, new byte[EfsMd5SumResponse.HashLength], r.Subsystem);
        }

        EfsStoreError e = State.Efs.Stat(r.Path, out StoredStat st);
        if (e == EfsStoreError.None && st.Kind == EfsEntryKind.Directory)
        {
            e = EfsStoreError.IsDirectory;
        }

        byte[] content = [];
        if (e == EfsStoreError.None)
        {
            e = st.Kind == EfsEntryKind.Item ? State.Efs.GetItem(r.Path, out content) : State.Efs.ReadFile(r.Path, out content);
        }

#pragma warning disable CA5351 // MD5 is what the protocol computes, not a security use
        byte[] hash = e == EfsStoreError.None ? MD5.HashData(content) : new byte[EfsMd5SumResponse.HashLength];
#pragma warning restore CA5351
        return new EfsMd5SumResponse(r.SequenceNumber, Errno(e), hash, r.Subsystem);
    }

    /// <summary>SYNC_NO_WAIT: checkpoints the EFS metadata and hands out a new token.</summary>
    private EfsSyncNoWaitResponse SyncNoWait(EfsSyncNoWaitRequest r)
    {
        State.Efs.Checkpoint();
        return new EfsSyncNoWaitResponse(r.SequenceNumber, ++_syncToken, EfsErrno.ENOERR, r.Subsystem);
    }

    /// <summary>SYNC_GET_STATUS: every sync is complete at once (status 0 = done).</summary>
    private static EfsSyncGetStatusResponse SyncGetStatus(EfsSyncGetStatusRequest r) =>
        new(r.SequenceNumber, 0, EfsErrno.ENOERR, r.Subsystem);
}
