using ZteDiag.Device.Diag;
using ZteDiag.Device.Efs;
using ZteDiag.Device.Links;
using ZteDiag.Protocol.Efs;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Efs;

/// <summary>
/// Issue 19.2: a target that lists without end stops every listing (the calls behind `efs ls -l`: ListAsync with
/// links, `efs tree`: WalkAsync with links, `backup`: ListTreeAsync) with a typed error, every handle closed; and
/// the one listing sends the same requests for the same tree on every run.
/// </summary>
public sealed class EfsListingBoundsTests
{
    private const int Dir = EfsMode.S_IFDIR | 0x1FF;
    private const int File = EfsMode.S_IFREG | 0x1A4;

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

    /// <summary>The three listings the verbs use, each run once on a fresh client.</summary>
    public static TheoryData<string> Verbs => ["ls -l", "tree", "backup"];

    private static async Task ListAsync(EfsClient client, string verb)
    {
        switch (verb)
        {
            case "ls -l":
                await client.ListAsync("/", readLinks: true, Ct);
                break;
            case "tree":
                await foreach (EfsDirEntry _ in client.WalkAsync("/", readLinks: true, Ct))
                {
                }

                break;
            default:
                await client.ListTreeAsync("/", null, Ct);
                break;
        }
    }

    private static async Task<EfsListingException> StopsAsync(FakeEfsTarget t, string verb)
    {
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            EfsListingException ex = await Assert.ThrowsAsync<EfsListingException>(() => ListAsync(client, verb));
            Assert.Equal(0, t.OpenDirs);
            Assert.Equal(ZteDiagException.ExitDeviceRejected, ex.ExitCode);
            return ex;
        }
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_readdir_that_never_sends_the_end_marker_stops_at_the_entry_bound(string verb)
    {
        var t = new FakeEfsTarget { Listing = (_, seq) => ($"n{seq}", File) };

        EfsListingException ex = await StopsAsync(t, verb);

        Assert.Contains($"more than {EfsClient.MinDirEntryBound} entries", ex.Message, StringComparison.Ordinal);
        Assert.True(t.Readdirs <= EfsClient.MinDirEntryBound + new EfsClientOptions().Window, $"{t.Readdirs} READDIRs");
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_readdir_that_repeats_one_entry_forever_stops_at_the_entry_bound(string verb)
    {
        var t = new FakeEfsTarget { Listing = (_, _) => ("same", File) };

        EfsListingException ex = await StopsAsync(t, verb);

        Assert.Contains("without an end marker", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tree")]
    [InlineData("backup")]
    public async Task An_endless_chain_of_nested_directories_stops_at_max_path(string verb)
    {
        var t = new FakeEfsTarget { QueryMaxPath = 64, Listing = (_, seq) => seq == 1 ? ("a", Dir) : null };

        EfsListingException ex = await StopsAsync(t, verb);

        Assert.Contains("max_path 64", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("EFS readdir /a/a/a/", ex.Message, StringComparison.Ordinal);
        Assert.True(t.Readdirs < 40 * new EfsClientOptions().Window, $"{t.Readdirs} READDIRs");
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Entries_named_dot_or_dot_dot_stop_the_listing(string verb)
    {
        foreach (string name in new[] { ".", ".." })
        {
            var t = new FakeEfsTarget { Listing = (_, seq) => seq switch { 1 => ("ok", File), 2 => (name, Dir), _ => null } };

            EfsListingException ex = await StopsAsync(t, verb);

            Assert.Contains($"named '{name}'", ex.Message, StringComparison.Ordinal);
            Assert.Equal("/", ex.Path);
        }
    }

    [Fact]
    public async Task The_same_tree_costs_the_same_requests_on_every_run_and_follows_the_stated_formula()
    {
        var t = new FakeEfsTarget();
        t.AddDir("/a");
        t.AddDir("/b");
        for (int i = 0; i < 19; i++)
        {
            t.AddFile($"/a/f{i:D2}", [1]);
        }

        var counts = new List<string>();
        for (int run = 0; run < 3; run++)
        {
            var (session, client, peer) = await RigAsync(t);
            await using (session)
            await using (peer)
            {
                IReadOnlyList<EfsDirEntry> tree = await client.ListTreeAsync("/", null, Ct);
                Assert.Equal(2 + 19, tree.Count);
                counts.Add(string.Join(",", t.Ops));
                await client.ListAsync("/a", false, Ct);
                counts.Add(string.Join(",", t.Ops));
                t.Ops.Clear();
            }
        }

        Assert.Single(counts.Where((_, i) => i % 2 == 0).Distinct());
        Assert.Single(counts.Where((_, i) => i % 2 == 1).Distinct());
        // window 8: "/" (2 entries) 8 READDIRs; "/a" (19 + end) 24; "/b" (end) 8; each directory one OPENDIR and one CLOSEDIR
        string[] tree0 = counts[0].Split(',');
        Assert.Equal(8 + 24 + 8, tree0.Count(o => o == nameof(EfsCommand.Readdir)));
        Assert.Equal(3, tree0.Count(o => o == nameof(EfsCommand.Opendir)));
        Assert.Equal(3, tree0.Count(o => o == nameof(EfsCommand.Closedir)));
    }
}
