using ZteDiag.Device.Diag;
using ZteDiag.Device.Efs;
using ZteDiag.Device.Links;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Efs;

public sealed class EfsClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DiagSessionOptions Fast = new() { DefaultTimeout = TimeSpan.FromMilliseconds(1500) };

    private sealed class Rig : IAsyncDisposable
    {
        private readonly Support.ScriptedPeer _peer;

        public Rig(FakeEfsTarget target, EfsClientOptions? options = null)
        {
            var pair = new InMemoryLinkPair();
            Target = target;
            _peer = Over(pair.Device, target.Handle);
            Session = new DiagSession(pair.Host, Fast);
            Client = new EfsClient(Session, options);
        }

        public FakeEfsTarget Target { get; }

        public DiagSession Session { get; }

        public EfsClient Client { get; }

        public IReadOnlyList<byte[]> Requests => _peer.Requests;

        public async ValueTask DisposeAsync()
        {
            await Session.DisposeAsync();
            await _peer.DisposeAsync();
        }
    }

    private static byte[] Pattern(int n) => [.. Enumerable.Range(0, n).Select(i => (byte)(i * 7 + (i >> 8)))];

    [Fact]
    public async Task Connect_sends_hello_then_query_on_subsystem_19()
    {
        await using var rig = new Rig(new FakeEfsTarget());

        await rig.Client.ConnectAsync(Ct);
        await rig.Client.ConnectAsync(Ct);

        Assert.Equal(EfsSubsystem.Standard, rig.Client.Subsystem);
        Assert.Equal(1024, rig.Client.QueryInfo!.MaxPathLength);
        Assert.Equal([EfsCommand.Hello, EfsCommand.Query], rig.Target.Ops);
        Assert.Equal(EfsHelloRequest.PacketSize, rig.Requests[0].Length);
        Assert.Equal(new byte[] { 0x4B, 19, 0, 0 }, rig.Requests[0][..4]);
    }

    [Fact]
    public async Task Connect_falls_back_to_subsystem_62_when_19_answers_bad_cmd()
    {
        await using var rig = new Rig(new FakeEfsTarget { Subsystem = EfsSubsystem.Alternate });

        await rig.Client.StatAsync("/", Ct);

        Assert.Equal(EfsSubsystem.Alternate, rig.Client.Subsystem);
        Assert.Equal(new byte[] { 19, 62, 62, 62 }, rig.Requests.Select(r => r[1]).ToArray());
    }

    [Fact]
    public async Task Connect_without_any_efs_subsystem_says_so()
    {
        await using var rig = new Rig(new FakeEfsTarget { Subsystem = 99 });

        var ex = await Assert.ThrowsAsync<DiagRejectedException>(() => rig.Client.ConnectAsync(Ct));

        Assert.Contains("no EFS2 subsystem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_reads_until_the_empty_name_and_reports_item_files_as_0x0F()
    {
        var t = new FakeEfsTarget();
        t.AddDir("/nv");
        t.AddDir("/nv/item_files");
        t.AddFile("/nv/a.bin", [1, 2, 3]);
        t.AddFile("/nv/item", [9, 9], EfsMode.S_IFITM | 0x1FF);
        await using var rig = new Rig(t);

        IReadOnlyList<EfsDirEntry> list = await rig.Client.ListAsync("/nv/", cancellationToken: Ct);

        Assert.Equal(["a.bin", "item", "item_files"], list.Select(e => e.Name));
        Assert.Equal("/nv/a.bin", list[0].Path);
        Assert.Equal(3, list[0].Size);
        Assert.Equal(EfsDirEntryType.Regular, list[0].Type);
        Assert.Equal(EfsDirEntryType.Other, list[1].Type);
        Assert.True(list[1].IsItemFile);
        Assert.True(list[2].IsDirectory);
        Assert.Equal(0, t.OpenDirs);
        Assert.Equal(EfsCommand.Closedir, t.Ops[^1]);
        // one window of READDIRs: 3 entries, the end marker, and 4 sent past the end before it was seen (ignored)
        Assert.Equal(8, t.Ops.Count(o => o == EfsCommand.Readdir));
    }

    [Fact]
    public async Task Walk_lists_in_pre_order_with_at_most_one_batch_of_directories_open()
    {
        var t = new FakeEfsTarget();
        foreach (string d in new[] { "/a", "/a/b", "/a/b/c", "/a/b/c/d", "/a/b/c/d/e", "/z" })
        {
            t.AddDir(d);
            t.AddFile(d + "/f", [1]);
        }

        await using var rig = new Rig(t);

        var paths = new List<string>();
        await foreach (EfsDirEntry e in rig.Client.WalkAsync("/", cancellationToken: Ct))
        {
            paths.Add(e.Path);
        }

        Assert.Equal(12, paths.Count);
        Assert.True(paths.IndexOf("/a/b") < paths.IndexOf("/a/b/c/d/e/f"));
        Assert.True(t.MaxOpenDirs <= EfsClient.MaxBatchDirs, $"{t.MaxOpenDirs} directories open at once"); // one listing for every caller: the target has 4 slots
        Assert.Equal(0, t.OpenDirs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task Read_of_a_5000_byte_file_returns_every_byte(int window)
    {
        byte[] data = Pattern(5000);
        var t = new FakeEfsTarget { HoldReads = window == 1 ? 0 : 5 };
        t.AddFile("/f.bin", data);
        await using var rig = new Rig(t, new EfsClientOptions { Window = window });
        var progress = new List<long>();

        using var ms = new MemoryStream();
        long n = await rig.Client.ReadFileAsync("/f.bin", ms, new SyncProgress(progress), Ct);

        Assert.Equal(5000, n);
        Assert.Equal(data, ms.ToArray());
        Assert.Equal(5000, progress[^1]);
        Assert.Equal(5, t.Ops.Count(o => o == EfsCommand.Read));
        Assert.Equal(EfsCommand.Close, t.Ops[^1]);
        if (window > 1)
        {
            Assert.True(t.MaxReadsHeld > 1, "window 8 keeps several READs in flight");
        }

        // each READ asks for 1024 bytes at its own offset
        var offsets = rig.Requests.Where(r => r[2] == (byte)EfsCommand.Read)
            .Select(r => { EfsReadRequest.TryParse(r, out var q); return (q!.Count, q.Offset); });
        Assert.Equal([(1024u, 0u), (1024u, 1024u), (1024u, 2048u), (1024u, 3072u), (1024u, 4096u)], offsets);
    }

    [Fact]
    public async Task Write_sends_1024_byte_chunks_carrying_their_offsets()
    {
        byte[] data = Pattern(2500);
        var t = new FakeEfsTarget();
        await using var rig = new Rig(t);

        await rig.Client.WriteAllBytesAsync("/out.bin", data, Ct);

        Assert.Equal([(0u, 1024), (1024u, 1024), (2048u, 452)], t.Writes);
        Assert.Equal(data, t.Nodes["/out.bin"].Data);
        byte[] open = rig.Requests.First(r => r[2] == (byte)EfsCommand.Open);
        EfsOpenRequest.TryParse(open, out var o);
        Assert.Equal(EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate, o!.Flags);
        Assert.Equal(EfsCommand.Close, t.Ops[^1]);
    }

    [Fact]
    public async Task A_nonzero_errno_raises_EfsException_with_name_path_and_operation()
    {
        var t = new FakeEfsTarget();
        t.AddDir("/nv");
        await using var rig = new Rig(t);

        var ex = await Assert.ThrowsAsync<EfsException>(() => rig.Client.MkdirAsync("/nv", cancellationToken: Ct));

        Assert.Equal(EfsErrno.EEXIST, ex.Errno);
        Assert.Equal("EEXIST", ex.ErrnoName);
        Assert.Equal("EFS mkdir /nv: file exists (EEXIST)", ex.Message);
        var missing = await Assert.ThrowsAsync<EfsException>(() => rig.Client.StatAsync("/nope", Ct));
        Assert.Equal("EFS stat /nope: no such file or directory (ENOENT)", missing.Message);
        Assert.False(await rig.Client.ExistsAsync("/nope", Ct));
    }

    [Fact]
    public async Task Mkdir_with_parents_creates_the_missing_ones_and_accepts_existing()
    {
        var t = new FakeEfsTarget();
        t.AddDir("/nv");
        await using var rig = new Rig(t);

        await rig.Client.MkdirAsync("/nv/a/b", parents: true, cancellationToken: Ct);
        await rig.Client.MkdirAsync("/nv/a/b", parents: true, cancellationToken: Ct);

        Assert.True(t.Nodes.ContainsKey("/nv/a/b"));
        Assert.Equal(2, t.Ops.Count(o => o == EfsCommand.Mkdir));
    }

    [Fact]
    public async Task Security_locked_says_what_to_do_and_sends_no_password()
    {
        await using var rig = new Rig(new FakeEfsTarget { SecurityLocked = true });

        var ex = await Assert.ThrowsAsync<DiagRejectedException>(() => rig.Client.StatAsync("/", Ct));

        Assert.Equal(DiagStatus.SecurityLocked, ex.Status);
        Assert.Contains("diag security is locked; run `ztediag spc` / a password is needed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Requests, r => r[0] == (byte)DiagCommand.Password);
    }

    [Fact]
    public async Task Item_files_round_trip_through_put_and_get()
    {
        var t = new FakeEfsTarget();
        t.AddDir("/nv");
        await using var rig = new Rig(t);

        await rig.Client.PutItemAsync("/nv/item", new byte[] { 1, 2, 3 }, cancellationToken: Ct);
        byte[] back = await rig.Client.GetItemAsync("/nv/item", Ct);

        Assert.Equal(new byte[] { 1, 2, 3 }, back);
        Assert.True(EfsMode.IsItemFile(t.Nodes["/nv/item"].Mode));
    }

    [Fact]
    public async Task Remove_recursive_deletes_children_before_parents()
    {
        var t = new FakeEfsTarget();
        t.AddDir("/x");
        t.AddDir("/x/y");
        t.AddFile("/x/y/f", [1]);
        t.AddFile("/x/g", [2]);
        await using var rig = new Rig(t);

        await rig.Client.RemoveRecursiveAsync("/x", Ct);

        Assert.Equal(["/"], t.Nodes.Keys);
    }

    [Fact]
    public async Task Md5_is_null_when_the_firmware_does_not_know_it()
    {
        var t = new FakeEfsTarget();
        t.AddFile("/f", [1]);
        await using var rig = new Rig(t);

        Assert.Null(await rig.Client.Md5Async("/f", Ct));
    }

    private sealed class SyncProgress(List<long> sink) : IProgress<long>
    {
        public void Report(long value) => sink.Add(value);
    }
}
