using ZteDiag.Device.Diag;
using ZteDiag.Device.Links;
using ZteDiag.Device.Tests.Support;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Diag;

/// <summary>
/// Loss detection from reply order, without waiting: the session's clock is a fake that never moves, so
/// any recovery seen here came from the order of the replies, not from a timer.
/// </summary>
public sealed class DiagSessionLossTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DiagRequestOptions ReadOptions = new() { Matcher = DiagMatchers.EchoedField(12, 8, 4), SafeToRetry = true };

    /// <summary>An EFS2 READ of fd 0 at <paramref name="offset"/> (PROTOCOL.md §3.4: @4 fd, @8 nbyte, @12 offset).</summary>
    private static byte[] Read(int offset) => [0x4B, 0x13, 0x04, 0x00, 0, 0, 0, 0, 0, 4, 0, 0, (byte)offset, (byte)(offset >> 8), 0, 0];

    /// <summary>Its reply: @4 fd, @8 offset, @12 bytes_read 1, @16 errno 0, @20 one data byte.</summary>
    private static byte[] ReadReply(byte[] req) => [0x4B, 0x13, 0x04, 0x00, 0, 0, 0, 0, req[12], req[13], 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, req[12]];

    private static DiagSession Session(IDiagLink link) => new(link, new DiagSessionOptions
    {
        DefaultTimeout = TimeSpan.FromSeconds(3),
        TimeProvider = new FrozenTime(), // no timer ever runs out
    });

    [Fact]
    public async Task A_reply_to_a_later_read_re_sends_the_lost_one_at_once_and_halves_the_window()
    {
        var pair = new InMemoryLinkPair();
        int seen = 0;
        await using var peer = Over(pair.Device, req => Interlocked.Increment(ref seen) == 3 ? [] : [Frame(ReadReply(req))]);
        await using var session = Session(pair.Host);

        IReadOnlyList<byte[]> replies = await session.PipelineAsync(
            [.. Enumerable.Range(0, 20).Select(i => new PipelinedRequest(Read(i), ReadOptions))], 4, Ct);

        Assert.Equal(Enumerable.Range(0, 20), replies.Select(r => (int)r[^1]));
        DiagSessionStats s = session.Stats;
        Assert.Equal(1, s.ResentLaterReplyFirst);
        Assert.Equal(1, s.Retries);
        Assert.Equal(0, s.Timeouts);
        Assert.Equal(1, s.WindowShrinks);
        Assert.Equal(21, peer.Requests.Count);
        Assert.Equal(2, peer.Requests.Count(r => r[12] == 2));
    }

    [Fact]
    public async Task A_bad_frame_re_sends_the_oldest_outstanding_read_at_once()
    {
        var pair = new InMemoryLinkPair();
        int seen = 0;
        await using var peer = Over(pair.Device, req =>
        {
            byte[] frame = Frame(ReadReply(req));
            if (Interlocked.Increment(ref seen) == 1)
            {
                frame[^2] ^= 0x01; // CRC broken: the only outstanding reply is gone
            }

            return [frame];
        });
        await using var session = Session(pair.Host);

        byte[] reply = await session.RequestAsync(Read(7), ReadOptions, Ct);

        Assert.Equal(7, reply[^1]);
        DiagSessionStats s = session.Stats;
        Assert.Equal(1, s.BadFrames);
        Assert.Equal(1, s.ResentBadFrame);
        Assert.Equal(0, s.Timeouts);
    }

    [Fact]
    public async Task The_second_reply_to_a_needless_re_send_is_dropped_not_given_to_the_next_request()
    {
        // a bad frame that was not a reply (a corrupted log frame) makes the session re-send the READ; the
        // target then answers both copies (the first one late), and the duplicate must not be taken for the
        // reply of the next request with the same header
        var pair = new InMemoryLinkPair();
        byte[] badLog = Frame(0x10, 0x00, 0x01);
        badLog[^2] ^= 0x01;
        int reads = 0;
        await using var peer = Over(pair.Device, req =>
        {
            if (req.Length != 16)
            {
                return [Frame([.. req, 0xA5])]; // the next request's reply
            }

            return Interlocked.Increment(ref reads) == 1 ? [badLog] : [Frame(ReadReply(req)), Frame(ReadReply(req))];
        });
        await using var session = Session(pair.Host);

        byte[] read = await session.RequestAsync(Read(1), ReadOptions, Ct);
        byte[] stat = await session.RequestAsync(new byte[] { 0x4B, 0x13, 0x04, 0x00, 0x2F, 0x00 }, new DiagRequestOptions(), Ct); // same header

        Assert.Equal(1, read[^1]);
        Assert.Equal(0xA5, stat[^1]);
        Assert.True(session.Stats.DuplicatesAbsorbed >= 1);
    }

    [Fact]
    public async Task A_request_the_table_forbids_is_never_re_sent_even_when_marked_safe()
    {
        var pair = new InMemoryLinkPair();
        byte[] spc = [0x41, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30];
        int seen = 0;
        await using var peer = Over(pair.Device, req =>
        {
            byte[] frame = Frame([0x41, 0x01]);
            if (Interlocked.Increment(ref seen) == 1)
            {
                frame[^2] ^= 0x01;
            }

            return [frame];
        });
        await using var session = new DiagSession(pair.Host, new DiagSessionOptions { DefaultTimeout = TimeSpan.FromMilliseconds(300) });

        await Assert.ThrowsAsync<DiagTimeoutException>(() => session.RequestAsync(spc, new DiagRequestOptions { SafeToRetry = true }, Ct));

        Assert.Single(peer.Requests);
        Assert.Equal(0, session.Stats.Retries);
    }

    [Fact]
    public async Task A_lost_close_that_asked_to_give_up_fails_at_once_and_is_never_run_again()
    {
        // CLOSE fd 3 then OPEN /a in one batch; the CLOSE's reply is lost and the OPEN's comes. Re-sent now the
        // CLOSE would run again (not the newest request, so not from the target's memory) and could close the
        // handle the OPEN just took; with GiveUpOnLoss it fails with DiagReplyLostException, on a clock that
        // never moves, so no timer is involved.
        var pair = new InMemoryLinkPair();
        byte[] close = [0x4B, 0x13, 0x03, 0x00, 3, 0, 0, 0];
        byte[] open = [0x4B, 0x13, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x2F, 0x61, 0x00];
        await using var peer = Over(pair.Device, req => req[2] == 0x03 ? [] : [Frame([0x4B, 0x13, 0x02, 0x00, 3, 0, 0, 0, 0, 0, 0, 0])]);
        await using var session = Session(pair.Host);
        var restartable = new DiagRequestOptions { SafeToRetry = true, GiveUpOnLoss = true };

        DiagExchange batch = await session.ExchangeAsync(
            [new PipelinedRequest(close, restartable), new PipelinedRequest(open, restartable)], Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.IsType<DiagReplyLostException>(batch.Outcomes[0].Error);
        Assert.Equal(3, batch.Outcomes[1].GetReply()[4]);
        Assert.False(batch.Clean);
        Assert.Equal(2, peer.Requests.Count);
        Assert.Equal(0, session.Stats.Retries);
    }
}
