using ZteDiag.Device.Diag;
using ZteDiag.Device.Efs;
using ZteDiag.Device.Links;
using ZteDiag.Protocol.Efs;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Efs;

/// <summary>The batched reads a backup uses: whole-tree listing, small files, item files.</summary>
public sealed class EfsBatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(DiagSession Session, EfsClient Client, Support.ScriptedPeer Peer)> RigAsync(FakeEfsTarget target)
    {
        var pair = new InMemoryLinkPair();
        var peer = Over(pair.Device, target.Handle);
        var session = new DiagSession(pair.Host, new DiagSessionOptions { DefaultTimeout = TimeSpan.FromMilliseconds(1500) });
        var client = new EfsClient(session);
        await client.ConnectAsync(Ct);
        target.Ops.Clear();
        return (session, client, peer);
    }

    private static byte[] Pattern(int n, int seed) => [.. Enumerable.Range(0, n).Select(i => (byte)(i * 13 + seed))];

    [Fact]
    public async Task List_tree_gives_the_walk_order_with_at_most_three_directories_open_and_closes_them_all()
    {
        var t = new FakeEfsTarget();
        foreach (string d in new[] { "/a", "/a/b", "/a/b/c", "/a/z", "/big", "/e", "/f", "/g", "/g/h" })
        {
            t.AddDir(d);
            t.AddFile(d + "/f", [1]);
        }

        for (int i = 0; i < 20; i++)
        {
            t.AddFile($"/big/n{i:D2}", Pattern(i, i)); // more entries than one window of READDIRs
        }

        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            var walked = new List<EfsDirEntry>();
            await foreach (EfsDirEntry e in client.WalkAsync("/", cancellationToken: Ct))
            {
                walked.Add(e);
            }

            t.Ops.Clear();
            IReadOnlyList<EfsDirEntry> tree = await client.ListTreeAsync("/", cancellationToken: Ct);

            Assert.Equal(walked, tree);
            Assert.Equal(9 + 9 + 20, tree.Count);
            Assert.Equal(0, t.OpenDirs);
            Assert.True(t.MaxOpenDirs <= EfsClient.MaxBatchDirs, $"{t.MaxOpenDirs} directories open at once");
            Assert.Equal(t.Ops.Count(o => o == EfsCommand.Opendir), t.Ops.Count(o => o == EfsCommand.Closedir));
        }
    }

    [Fact]
    public async Task List_tree_that_meets_a_refused_directory_fails_with_its_errno_and_closes_every_directory()
    {
        var t = new FakeEfsTarget();
        foreach (string d in new[] { "/a", "/b", "/c", "/c/d" })
        {
            t.AddDir(d);
        }

        t.Refused.Add("/c/d");
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            var ex = await Assert.ThrowsAsync<EfsException>(() => client.ListTreeAsync("/", cancellationToken: Ct));

            Assert.Equal(EfsErrno.EACCES, ex.Errno);
            Assert.Contains("/c/d", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, t.OpenDirs);
        }
    }

    [Fact]
    public async Task List_tree_lists_a_name_that_readdir_returned_twice_once_and_its_directory_once()
    {
        var t = new FakeEfsTarget();
        foreach (string d in new[] { "/a", "/a/b", "/c" })
        {
            t.AddDir(d);
            t.AddFile(d + "/f", [1]);
        }

        t.ListedTwice.UnionWith(["/a/b", "/c", "/c/f"]); // "/c" twice in the first group of directories
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            IReadOnlyList<EfsDirEntry> tree = await client.ListTreeAsync("/", cancellationToken: Ct);

            Assert.Equal(["/a", "/a/b", "/a/b/f", "/a/f", "/c", "/c/f"], tree.Select(e => e.Path).Order(StringComparer.Ordinal));
            Assert.Equal(4, t.Ops.Count(o => o == EfsCommand.Opendir)); // the root, then /a, /a/b and /c once each
            Assert.Equal(0, t.OpenDirs);
        }
    }

    [Fact]
    public async Task Small_files_come_back_in_two_round_trips_with_a_refusal_as_a_result_and_their_closes_ride_with_the_next_batch()
    {
        var t = new FakeEfsTarget();
        t.AddFile("/a", Pattern(3, 1));
        t.AddFile("/b", Pattern(10, 2));
        t.AddFile("/c", Pattern(2048, 3)); // exactly two chunks: the third READ shows the end
        t.AddFile("/d", []);
        t.AddFile("/e", Pattern(5, 4));
        t.Refused.Add("/b");
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            IReadOnlyList<EfsFileContent> got = await client.ReadSmallFilesAsync([("/a", 3), ("/b", 10), ("/c", 2048), ("/d", 0)], Ct);

            Assert.Equal(Pattern(3, 1), got[0].Data);
            Assert.Null(got[1].Data);
            Assert.Equal(EfsErrno.EACCES, got[1].Refusal!.Errno);
            Assert.Equal(Pattern(2048, 3), got[2].Data);
            Assert.Equal([], got[3].Data!);
            Assert.Equal([.. Enumerable.Repeat(EfsCommand.Open, 4), .. Enumerable.Repeat(EfsCommand.Read, 5)], t.Ops);
            Assert.Equal(3, t.OpenFiles);

            t.Ops.Clear();
            IReadOnlyList<EfsFileContent> next = await client.ReadSmallFilesAsync([("/e", 5)], Ct);

            Assert.Equal(Pattern(5, 4), next[0].Data);
            Assert.Equal([.. Enumerable.Repeat(EfsCommand.Close, 3), EfsCommand.Open, EfsCommand.Read], t.Ops);
            Assert.Equal(1, t.OpenFiles);
            Assert.True(t.MaxOpenFiles <= EfsClient.MaxBatchFiles, $"{t.MaxOpenFiles} files open at once");

            t.Ops.Clear();
            await client.CloseBatchedFilesAsync();

            Assert.Equal([EfsCommand.Close], t.Ops);
            Assert.Equal(0, t.OpenFiles);
        }
    }

    [Fact]
    public async Task Small_files_that_grew_or_shrank_since_the_listing_come_back_with_their_content_at_read_time()
    {
        var t = new FakeEfsTarget();
        t.AddFile("/a", Pattern(5, 1));
        t.AddFile("/b", Pattern(1500, 2)); // listed at 3 bytes: grew
        t.AddFile("/c", Pattern(7, 3)); // listed at 2000 bytes: shrank
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            IReadOnlyList<EfsFileContent> got = await client.ReadSmallFilesAsync([("/a", 5), ("/b", 3), ("/c", 2000)], Ct);

            Assert.Equal(Pattern(5, 1), got[0].Data);
            Assert.Equal(Pattern(1500, 2), got[1].Data);
            Assert.Equal(Pattern(7, 3), got[2].Data);
            Assert.Equal(2, t.Ops.Count(o => o == EfsCommand.Fstat)); // the changed two were read again by their FSTAT size

            await client.CloseBatchedFilesAsync();
            Assert.Equal(0, t.OpenFiles);
        }
    }

    [Fact]
    public async Task Closing_the_batched_files_while_already_failing_does_not_replace_the_failure_when_the_session_is_gone()
    {
        var t = new FakeEfsTarget();
        t.AddFile("/a", Pattern(5, 1));
        var (session, client, peer) = await RigAsync(t);
        await using (peer)
        {
            await client.ReadSmallFilesAsync([("/a", 5)], Ct);
            await session.DisposeAsync(); // what a failing link leaves behind

            await client.CloseBatchedFilesAsync(alreadyFailing: true);

            await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => client.ReadSmallFilesAsync([("/a", 5)], Ct));
        }
    }

    [Fact]
    public async Task A_refused_close_of_a_file_or_directory_already_read_is_recorded_not_raised()
    {
        var t = new FakeEfsTarget();
        t.AddDir("/d");
        t.AddFile("/d/a", Pattern(5, 1));
        t.AddFile("/b", Pattern(6, 2));
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            t.RefuseCloses = 2; // the CLOSEDIR of "/" riding with the OPENDIR of /d, and the final one of /d
            IReadOnlyList<EfsDirEntry> tree = await client.ListTreeAsync("/", cancellationToken: Ct);

            Assert.Equal(["/b", "/d", "/d/a"], tree.Select(e => e.Path).Order(StringComparer.Ordinal));
            Assert.Equal(["closedir", "closedir"], client.RefusedCloses.Select(r => r.Operation));
            Assert.Equal(0, t.OpenDirs);

            await client.ReadSmallFilesAsync([("/d/a", 5)], Ct);
            t.RefuseCloses = 1; // the CLOSE of /d/a riding with the next batch
            IReadOnlyList<EfsFileContent> got = await client.ReadSmallFilesAsync([("/b", 6)], Ct);

            Assert.Equal(Pattern(6, 2), got[0].Data);
            Assert.Equal(3, client.RefusedCloses.Count);
            Assert.Equal(EfsErrno.EBADF, client.RefusedCloses[2].Errno);
            Assert.Contains("/d/a", client.RefusedCloses[2].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_lost_open_reply_is_not_trusted_and_the_files_are_read_one_by_one()
    {
        var t = new FakeEfsTarget { DropOpenReplies = 1 };
        t.AddFile("/a", Pattern(7, 1));
        t.AddFile("/b", Pattern(9, 2));
        t.AddFile("/c", Pattern(11, 3));
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            IReadOnlyList<EfsFileContent> got = await client.ReadSmallFilesAsync([("/a", 7), ("/b", 9), ("/c", 11)], Ct);

            // the first OPEN's reply was lost, so /b's reply reached it: without the check /a would get /b's bytes
            Assert.Equal(Pattern(7, 1), got[0].Data);
            Assert.Equal(Pattern(9, 2), got[1].Data);
            Assert.Equal(Pattern(11, 3), got[2].Data);
            // the retry of the lost OPEN took a second handle; the first one, never reported, is freed by the sweep
            Assert.Equal(0, t.OpenFiles);
        }
    }

    [Fact]
    public async Task A_lost_opendir_reply_leaves_no_directory_open_and_the_tree_complete()
    {
        var t = new FakeEfsTarget { DropOpendirReplies = 2 };
        foreach (string d in new[] { "/a", "/b", "/c", "/a/x", "/b/y" })
        {
            t.AddDir(d);
            t.AddFile(d + "/f", [1]);
        }

        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            IReadOnlyList<EfsDirEntry> tree = await client.ListTreeAsync("/", cancellationToken: Ct);

            Assert.Equal(5 + 5, tree.Count);
            Assert.Equal(0, t.OpenDirs);
        }
    }

    [Fact]
    public async Task A_file_read_that_finds_every_handle_taken_frees_the_slots_and_succeeds()
    {
        var t = new FakeEfsTarget();
        t.AddFile("/a", Pattern(7, 1));
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            t.LeakHandles("/a", 6);

            byte[] got = await client.ReadAllBytesAsync("/a", Ct);

            Assert.Equal(Pattern(7, 1), got);
            Assert.Equal(0, t.OpenFiles);
        }
    }

    [Fact]
    public async Task Item_files_come_back_in_one_round_trip_with_a_refusal_as_a_result()
    {
        var t = new FakeEfsTarget();
        t.AddFile("/i1", [1, 2], EfsMode.S_IFITM | 0x1FF);
        t.AddFile("/i2", [3], EfsMode.S_IFITM | 0x1FF);
        t.AddFile("/i3", [4, 5, 6], EfsMode.S_IFITM | 0x1FF);
        t.Refused.Add("/i2");
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            IReadOnlyList<EfsFileContent> got = await client.GetItemsAsync(["/i1", "/i2", "/i3", "/none"], Ct);

            Assert.Equal(new byte[] { 1, 2 }, got[0].Data);
            Assert.Equal(EfsErrno.EACCES, got[1].Refusal!.Errno);
            Assert.Equal(new byte[] { 4, 5, 6 }, got[2].Data);
            Assert.Equal(EfsErrno.ENOENT, got[3].Refusal!.Errno);
            Assert.Equal(Enumerable.Repeat(EfsCommand.Get, 4), t.Ops);
        }
    }
}
