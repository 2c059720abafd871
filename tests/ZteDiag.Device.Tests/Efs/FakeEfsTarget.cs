using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Efs;

/// <summary>
/// A small in-memory EFS2 target for client tests (not the emulator): answers with the Protocol
/// records, tracks open handles, and can hold READ replies to prove requests are in flight together.
/// </summary>
internal sealed class FakeEfsTarget
{
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, (string Path, List<string> Names)> _dirs = [];
    private readonly Dictionary<int, string> _fds = [];
    private readonly List<(EfsReadRequest Req, byte[] Raw)> _heldReads = [];
    private uint _nextDirp = 1;

    public byte Subsystem { get; init; } = EfsSubsystem.Standard;

    public bool SecurityLocked { get; set; }

    public bool Md5Supported { get; init; }

    /// <summary>Hold this many READ requests, then answer them all (in request order, as a target does: PROTOCOL.md §3.7); 0 = answer at once.</summary>
    public int HoldReads { get; set; }

    public Dictionary<string, (int Mode, byte[] Data)> Nodes { get; } = new(StringComparer.Ordinal)
    {
        ["/"] = (EfsMode.S_IFDIR | 0x1FF, []),
    };

    public int OpenDirs { get; private set; }

    public int MaxOpenDirs { get; private set; }

    public int MaxReadsHeld { get; private set; }

    public List<(uint Offset, int Length)> Writes { get; } = [];

    public List<EfsCommand> Ops { get; } = [];

    /// <summary>Paths whose OPEN, OPENDIR and GET are answered EACCES.</summary>
    public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);

    /// <summary>Answer this many CLOSE/CLOSEDIR requests EBADF (the handle is freed all the same).</summary>
    public int RefuseCloses { get; set; }

    /// <summary>
    /// A misbehaving target's listing: for a directory path and a seqno, the entry name and mode READDIR returns
    /// (null = the end marker). Every directory OPENDIR opens when set; null = list <see cref="Nodes"/>.
    /// </summary>
    public Func<string, int, (string Name, int Mode)?>? Listing { get; set; }

    /// <summary>QUERY's max_path.</summary>
    public int QueryMaxPath { get; init; } = 1024;

    /// <summary>READDIR requests answered so far.</summary>
    public int Readdirs { get; private set; }

    /// <summary>Paths READDIR returns twice in a row (a faulty listing).</summary>
    public HashSet<string> ListedTwice { get; } = new(StringComparer.Ordinal);

    /// <summary>Answer nothing to this many OPEN requests (a lost reply); the file is opened all the same.</summary>
    public int DropOpenReplies { get; set; }

    /// <summary>Answer nothing to this many OPENDIR requests (a lost reply); the directory is opened all the same.</summary>
    public int DropOpendirReplies { get; set; }

    /// <summary>Answer each READ with this many bytes more than asked (a broken target); 0 = as asked.</summary>
    public int OverrunReads { get; set; }

    /// <summary>Most files open at once.</summary>
    public int MaxOpenFiles { get; private set; }

    /// <summary>Files open now.</summary>
    public int OpenFiles => _fds.Count;

    /// <summary>Takes <paramref name="count"/> file handles on <paramref name="path"/> as if a client had lost their replies.</summary>
    public void LeakHandles(string path, int count)
    {
        lock (_lock)
        {
            for (int fd = 0; fd < 6 && count > 0; fd++)
            {
                count -= _fds.TryAdd(fd, path) ? 1 : 0;
            }
        }
    }

    private bool RefuseOneClose() => RefuseCloses > 0 && RefuseCloses-- > 0;

    public void AddDir(string path) => Nodes[path] = (EfsMode.S_IFDIR | 0x1FF, []);

    public void AddFile(string path, byte[] data, int mode = EfsMode.S_IFREG | 0x1A4) => Nodes[path] = (mode, data);

    public IEnumerable<byte[]> Handle(byte[] req)
    {
        lock (_lock)
        {
            return HandleLocked(req).ToList();
        }
    }

    private static byte[] Error(byte code, byte[] req) => Frame([code, .. req.AsSpan(0, Math.Min(16, req.Length))]);

    private static IEnumerable<byte[]> One(IDiagPacket p) => [Frame(p.ToArray())];

    private List<string> Children(string dir) =>
        [.. Nodes.Keys.Where(k => k != "/" && EfsPath.Parent(k) == dir).Select(EfsPath.Name).Order(StringComparer.Ordinal)];

    private IEnumerable<byte[]> HandleLocked(byte[] req)
    {
        if (req.Length < 4 || req[0] != 0x4B)
        {
            return [Error(0x13, req)];
        }

        if (req[1] != Subsystem)
        {
            return [Error(0x13, req)];
        }

        if (SecurityLocked)
        {
            return [Error(0x47, req)];
        }

        var op = (EfsCommand)req[2];
        Ops.Add(op);
        byte s = Subsystem;
        switch (op)
        {
            case EfsCommand.Hello:
                _dirs.Clear();
                _fds.Clear();
                OpenDirs = 0;
                var d = EfsHelloRequest.Default(s);
                return One(new EfsHelloResponse(d.TargetPacketWindow, d.TargetByteWindow, d.HostPacketWindow, d.HostByteWindow, d.IterPacketWindow, d.IterByteWindow, 1, 1, 1, 0, s));
            case EfsCommand.Query:
                return One(new EfsQueryResponse(768, QueryMaxPath, 0, 0, 50, 4, s));
            case EfsCommand.Stat:
            {
                EfsStatRequest.TryParse(req, out var r);
                return Nodes.TryGetValue(r!.Path, out var n)
                    ? One(new EfsStatResponse(EfsErrno.ENOERR, n.Mode, n.Data.Length, 1, 1, 2, 3, s))
                    : One(new EfsStatResponse(EfsErrno.ENOENT, 0, 0, 0, 0, 0, 0, s));
            }

            case EfsCommand.Lstat:
            {
                EfsLstatRequest.TryParse(req, out var r);
                return Nodes.TryGetValue(r!.Path, out var n)
                    ? One(new EfsLstatResponse(EfsErrno.ENOERR, n.Mode, 1, 2, 3, s))
                    : One(new EfsLstatResponse(EfsErrno.ENOENT, 0, 0, 0, 0, s));
            }

            case EfsCommand.Opendir:
            {
                EfsOpendirRequest.TryParse(req, out var r);
                if (Refused.Contains(r!.Path))
                {
                    return One(new EfsOpendirResponse(0, EfsErrno.EACCES, s));
                }

                if (Listing is null && (!Nodes.TryGetValue(r!.Path, out var n) || !EfsMode.IsDirectory(n.Mode)))
                {
                    return One(new EfsOpendirResponse(0, EfsErrno.ENOENT, s));
                }

                if (_dirs.Count >= 4)
                {
                    return One(new EfsOpendirResponse(0, EfsErrno.TOO_MANY_OPEN_DIRS, s));
                }

                uint dirp = _nextDirp++;
                _dirs[dirp] = (r.Path, Listing is not null ? [] : [.. Children(r.Path).SelectMany(c => ListedTwice.Contains(EfsPath.Join(r.Path, c)) ? new[] { c, c } : [c])]);
                OpenDirs = _dirs.Count;
                MaxOpenDirs = Math.Max(MaxOpenDirs, OpenDirs);
                if (DropOpendirReplies > 0)
                {
                    DropOpendirReplies--;
                    return [];
                }

                return One(new EfsOpendirResponse(dirp, EfsErrno.ENOERR, s));
            }

            case EfsCommand.Readdir:
            {
                EfsReaddirRequest.TryParse(req, out var r);
                if (!_dirs.TryGetValue(r!.Dirp, out var dir))
                {
                    return One(new EfsReaddirResponse(r.Dirp, r.SequenceNumber, EfsErrno.DIR_NOT_OPEN, 0, 0, 0, 0, 0, 0, string.Empty, s));
                }

                Readdirs++;
                if (Listing is not null)
                {
                    return Listing(dir.Path, r.SequenceNumber) is { } scripted
                        ? One(new EfsReaddirResponse(r.Dirp, r.SequenceNumber, EfsErrno.ENOERR,
                            EfsMode.IsDirectory(scripted.Mode) ? EfsDirEntryType.Directory : EfsDirEntryType.Regular, scripted.Mode, 0, 1, 2, 3, scripted.Name, s))
                        : One(EfsReaddirResponse.EndOfDirectory(r.Dirp, r.SequenceNumber, s));
                }

                if (r.SequenceNumber > dir.Names.Count)
                {
                    return One(EfsReaddirResponse.EndOfDirectory(r.Dirp, r.SequenceNumber, s));
                }

                string name = dir.Names[r.SequenceNumber - 1];
                var node = Nodes[EfsPath.Join(dir.Path, name)];
                var type = EfsMode.KindOf(node.Mode) switch
                {
                    EfsFileKind.Directory => EfsDirEntryType.Directory,
                    EfsFileKind.Regular => EfsDirEntryType.Regular,
                    EfsFileKind.Symlink => EfsDirEntryType.Symlink,
                    _ => EfsDirEntryType.Other,
                };
                return One(new EfsReaddirResponse(r.Dirp, r.SequenceNumber, EfsErrno.ENOERR, type, node.Mode, node.Data.Length, 1, 2, 3, name, s));
            }

            case EfsCommand.Closedir:
            {
                EfsClosedirRequest.TryParse(req, out var r);
                bool ok = _dirs.Remove((uint)r!.Dirp);
                OpenDirs = _dirs.Count;
                return One(new EfsClosedirResponse(ok && !RefuseOneClose() ? EfsErrno.ENOERR : EfsErrno.EBADF, s));
            }

            case EfsCommand.Open:
            {
                EfsOpenRequest.TryParse(req, out var r);
                if (Refused.Contains(r!.Path))
                {
                    return One(new EfsOpenResponse(-1, EfsErrno.EACCES, s));
                }

                bool exists = Nodes.TryGetValue(r!.Path, out var n);
                if (!exists && (r.Flags & EfsOpenFlags.Create) == 0)
                {
                    return One(new EfsOpenResponse(-1, EfsErrno.ENOENT, s));
                }

                if (!Nodes.ContainsKey(EfsPath.Parent(r.Path)))
                {
                    return One(new EfsOpenResponse(-1, EfsErrno.ENOENT, s));
                }

                if (!exists || (r.Flags & EfsOpenFlags.Truncate) != 0)
                {
                    int mode = (r.Flags & EfsOpenFlags.ItemFile) != 0 ? EfsMode.S_IFITM | 0x1FF : exists ? n.Mode : r.Mode;
                    Nodes[r.Path] = (mode, []);
                }

                int fd = Enumerable.Range(0, 6).FirstOrDefault(f => !_fds.ContainsKey(f), -1);
                if (fd < 0)
                {
                    return One(new EfsOpenResponse(-1, EfsErrno.TOO_MANY_OPEN_FILES, s));
                }

                _fds[fd] = r.Path;
                MaxOpenFiles = Math.Max(MaxOpenFiles, _fds.Count);
                if (DropOpenReplies > 0)
                {
                    DropOpenReplies--;
                    return [];
                }

                return One(new EfsOpenResponse(fd, EfsErrno.ENOERR, s));
            }

            case EfsCommand.Fstat:
            {
                EfsFstatRequest.TryParse(req, out var r);
                var n = Nodes[_fds[r!.Fd]];
                return One(new EfsFstatResponse(EfsErrno.ENOERR, n.Mode, n.Data.Length, 1, 1, 2, 3, s));
            }

            case EfsCommand.Read:
            {
                EfsReadRequest.TryParse(req, out var r);
                if (HoldReads > 0)
                {
                    _heldReads.Add((r!, req));
                    MaxReadsHeld = Math.Max(MaxReadsHeld, _heldReads.Count);
                    if (_heldReads.Count < HoldReads)
                    {
                        return [];
                    }

                    var all = _heldReads.Select(h => ReadReply(h.Req)).ToList();
                    _heldReads.Clear();
                    return all;
                }

                return [ReadReply(r!)];
            }

            case EfsCommand.Write:
            {
                EfsWriteRequest.TryParse(req, out var r);
                string path = _fds[r!.Fd];
                var n = Nodes[path];
                byte[] data = n.Data;
                int end = (int)r.Offset + r.Data.Length;
                if (data.Length < end)
                {
                    Array.Resize(ref data, end);
                }

                r.Data.CopyTo(data, (int)r.Offset);
                Nodes[path] = (n.Mode, data);
                Writes.Add((r.Offset, r.Data.Length));
                return One(new EfsWriteResponse(r.Fd, r.Offset, r.Data.Length, EfsErrno.ENOERR, s));
            }

            case EfsCommand.Close:
            {
                EfsCloseRequest.TryParse(req, out var r);
                bool closed = _fds.Remove(r!.Fd);
                return One(new EfsCloseResponse(closed && !RefuseOneClose() ? EfsErrno.ENOERR : EfsErrno.EBADF, s));
            }

            case EfsCommand.Mkdir:
            {
                EfsMkdirRequest.TryParse(req, out var r);
                if (Nodes.ContainsKey(r!.Path))
                {
                    return One(new EfsMkdirResponse(EfsErrno.EEXIST, s));
                }

                if (!Nodes.ContainsKey(EfsPath.Parent(r.Path)))
                {
                    return One(new EfsMkdirResponse(EfsErrno.ENOENT, s));
                }

                AddDir(r.Path);
                return One(new EfsMkdirResponse(EfsErrno.ENOERR, s));
            }

            case EfsCommand.Unlink:
            {
                EfsUnlinkRequest.TryParse(req, out var r);
                Nodes.Remove(r!.Path);
                return One(new EfsUnlinkResponse(EfsErrno.ENOERR, s));
            }

            case EfsCommand.Rmdir:
            {
                EfsRmdirRequest.TryParse(req, out var r);
                if (Children(r!.Path).Count > 0)
                {
                    return One(new EfsRmdirResponse(EfsErrno.ENOTEMPTY, s));
                }

                Nodes.Remove(r.Path);
                return One(new EfsRmdirResponse(EfsErrno.ENOERR, s));
            }

            case EfsCommand.Put:
            {
                EfsPutRequest.TryParse(req, out var r);
                if (!Nodes.ContainsKey(EfsPath.Parent(r!.Path)))
                {
                    return One(new EfsPutResponse(r.SequenceNumber, EfsErrno.ENOENT, s));
                }

                Nodes[r.Path] = (EfsMode.S_IFITM | 0x1FF, r.Data);
                return One(new EfsPutResponse(r.SequenceNumber, EfsErrno.ENOERR, s));
            }

            case EfsCommand.Get:
            {
                EfsGetRequest.TryParse(req, out var r);
                if (Refused.Contains(r!.Path))
                {
                    return One(new EfsGetResponse(-1, EfsErrno.EACCES, r.SequenceNumber, [], s));
                }

                return Nodes.TryGetValue(r!.Path, out var n)
                    ? One(new EfsGetResponse(n.Data.Length, EfsErrno.ENOERR, r.SequenceNumber, n.Data, s))
                    : One(new EfsGetResponse(-1, EfsErrno.ENOENT, r.SequenceNumber, [], s));
            }

            default:
                return [Error(0x13, req)];
        }
    }

    private byte[] ReadReply(EfsReadRequest r)
    {
        byte[] data = Nodes[_fds[r.Fd]].Data;
        int n = (int)Math.Clamp(data.Length - (long)r.Offset, 0, Math.Min(r.Count, 1024));
        byte[] chunk = data.AsSpan((int)Math.Min(r.Offset, (uint)data.Length), n).ToArray();
        if (OverrunReads > 0)
        {
            n = (int)Math.Min(r.Count, 1024) + OverrunReads;
            chunk = new byte[n];
        }

        return Frame(new EfsReadResponse(r.Fd, r.Offset, n, EfsErrno.ENOERR, chunk, Subsystem).ToArray());
    }
}
