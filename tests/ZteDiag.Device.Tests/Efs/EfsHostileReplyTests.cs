using ZteDiag.Device.Diag;
using ZteDiag.Device.Efs;
using ZteDiag.Device.Links;
using ZteDiag.Protocol.Efs;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Efs;

/// <summary>
/// Issue 19.8: replies a broken or hostile target gives that no EFS2 target can, said in plain words: a READ with
/// more data than asked, and a READDIR name holding '/', which is left out and recorded instead of vanishing.
/// </summary>
public sealed class EfsHostileReplyTests
{
    private const int File = EfsMode.S_IFREG | 0x1A4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(DiagSession Session, EfsClient Client, Support.ScriptedPeer Peer)> RigAsync(FakeEfsTarget target)
    {
        var pair = new InMemoryLinkPair();
        var peer = Over(pair.Device, target.Handle);
        var session = new DiagSession(pair.Host, new DiagSessionOptions { DefaultTimeout = TimeSpan.FromMilliseconds(1500) });
        var client = new EfsClient(session);
        await client.ConnectAsync(Ct);
        return (session, client, peer);
    }

    [Fact]
    public async Task A_streamed_READ_with_more_data_than_asked_is_a_link_error_that_says_so()
    {
        var t = new FakeEfsTarget { OverrunReads = 512 };
        t.AddFile("/big", new byte[5000]);
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            using var sink = new MemoryStream();
            DiagLinkException ex = await Assert.ThrowsAsync<DiagLinkException>(() => client.ReadFileAsync("/big", sink, null, Ct));
            Assert.Equal("EFS read /big: the modem returned 1536 bytes at offset 0, more data than asked (at most 1024)", ex.Message);
            Assert.Equal(0, sink.Length);
            Assert.Equal(0, t.OpenFiles);
        }
    }

    [Fact]
    public async Task A_batched_small_file_READ_with_more_data_than_asked_says_so_too()
    {
        var t = new FakeEfsTarget { OverrunReads = 512 };
        t.AddFile("/small", new byte[100]);
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            DiagLinkException ex = await Assert.ThrowsAsync<DiagLinkException>(() => client.ReadSmallFilesAsync([("/small", 100)], Ct));
            Assert.Contains("the modem returned 1536 bytes at offset 0, more data than asked (at most 1024)", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_reply_too_short_to_read_closes_the_session_so_no_later_reply_is_trusted()
    {
        var t = new FakeEfsTarget();
        t.AddFile("/PCUI.VN", new byte[10]);
        var pair = new InMemoryLinkPair();

        // STAT answered with its header and errno only: the mode, size and times are missing
        await using var peer = Over(pair.Device, req => req.Length > 2 && req[2] == (byte)EfsCommand.Stat
            ? [Frame(0x4B, 0x13, (byte)EfsCommand.Stat, 0x00, 0, 0, 0, 0)]
            : t.Handle(req));
        await using var session = new DiagSession(pair.Host, new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(10) });
        var client = new EfsClient(session);
        await client.ConnectAsync(Ct);

        DiagLinkException ex = await Assert.ThrowsAsync<DiagLinkException>(() => client.StatAsync("/PCUI.VN", Ct));

        Assert.StartsWith("EFS stat /PCUI.VN: the modem's reply could not be read (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the DIAG session on", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, ex.ExitCode);
        Assert.Equal(SessionState.Broken, session.State);
        Assert.Same(ex, session.BreakReason);
        DiagLinkException later = await Assert.ThrowsAsync<DiagLinkException>(() => client.ListAsync("/", cancellationToken: Ct));
        Assert.Same(ex, later.InnerException);
    }

    [Fact]
    public async Task A_listed_name_holding_a_slash_is_left_out_and_recorded_once_per_directory()
    {
        var t = new FakeEfsTarget
        {
            Listing = (_, seq) => seq switch
            {
                1 => ("a/../../etc/passwd", File),
                2 => ("PCUI.VN", File),
                _ => null,
            },
        };
        var (session, client, peer) = await RigAsync(t);
        await using (session)
        await using (peer)
        {
            IReadOnlyList<EfsDirEntry> listed = await client.ListAsync("/", cancellationToken: Ct);
            Assert.Equal(["PCUI.VN"], listed.Select(e => e.Name));
            await client.ListTreeAsync("/", null, Ct); // the same directory again: still one record

            EfsRefusedName refused = Assert.Single(client.RefusedNames);
            Assert.Equal("/", refused.Directory);
            Assert.Equal("a/../../etc/passwd", refused.Name);
            Assert.Contains("not one path component", refused.Reason, StringComparison.Ordinal);
        }
    }
}
