using ZteDiag.Device.Diag;
using ZteDiag.Device.Links;
using ZteDiag.Device.Tests.Support;
using ZteDiag.Emulator.Pty;
using ZteDiag.Protocol.Diag;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Diag;

public sealed class DiagSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // a failure guard on the real clock: a request that hangs fails the test instead of stalling the class
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>For tests that expect a give-up: it comes soon.</summary>
    private static readonly DiagSessionOptions Fast = new() { DefaultTimeout = TimeSpan.FromMilliseconds(400) };

    /// <summary>For tests that expect replies: no stall of a loaded machine reaches the limit or re-sends anything.</summary>
    private static readonly DiagSessionOptions Patient = new() { DefaultTimeout = TimeSpan.FromSeconds(10), MinRetransmitTimeout = TimeSpan.FromSeconds(10) };

    /// <summary>Echoes the request back with 0xAA appended (a reply with the same header).</summary>
    private static IEnumerable<byte[]> Echo(byte[] request) => [Frame([.. request, 0xAA])];

    [Fact]
    public async Task A_reply_is_matched_by_command_and_unsolicited_and_bad_crc_frames_are_skipped()
    {
        var pair = new InMemoryLinkPair();
        byte[] badCrc = Frame(0x00, 0x01, 0x02);
        badCrc[^2] ^= 0xFF;
        await using var peer = Over(pair.Device, req =>
        [
            Frame(0x10, 0x00, 0x12, 0x34),      // log
            Frame(0x79, 0x01, 0x02),            // extended message
            badCrc,                             // corrupted
            Frame(0x60, 0x05),                  // event
            Frame(0x0C, 0x01),                  // reply to some other command
            Frame(0x00, 0x41, 0x42),            // the VERNO reply
        ]);
        await using var session = new DiagSession(pair.Host, Patient);

        byte[] reply = await session.RequestAsync(new byte[] { 0x00 }, Ct);

        Assert.Equal(new byte[] { 0x00, 0x41, 0x42 }, reply);
        await WaitUntil(() => session.Stats.UnmatchedSkipped == 1);
        DiagSessionStats stats = session.Stats;
        Assert.Equal(3, stats.UnsolicitedSkipped);
        Assert.Equal(1, stats.BadFrames);
        Assert.Equal(1, stats.FramesOut);
        Assert.Equal(SessionState.Open, session.State);
    }

    [Fact]
    public async Task One_leading_flag_is_sent_before_the_first_request_only()
    {
        var pair = new InMemoryLinkPair();
        await using var peer = Over(pair.Device, Echo);
        await using var session = new DiagSession(pair.Host, Patient);

        await session.RequestAsync(new byte[] { 0x00 }, Ct);
        await session.RequestAsync(new byte[] { 0x7C }, Ct);

        byte[] expected = [0x7E, .. Frame(0x00), .. Frame(0x7C)];
        Assert.Equal(expected, peer.RawReceived);
    }

    [Fact]
    public async Task Subsystem_replies_are_matched_on_subsystem_and_command_even_out_of_order()
    {
        var pair = new InMemoryLinkPair();
        byte[] stat = [0x4B, 0x13, 0x0F, 0x00, 1];
        byte[] query = [0x4B, 0x13, 0x01, 0x00, 2];
        byte[] otherSubsys = [0x4B, 0x30, 0x01, 0x00, 3];
        await using var peer = Over(pair.Device, req => req[4] == 2
            ? [Frame([.. otherSubsys, 9]), Frame([.. query, 0xB0]), Frame([.. stat, 0xA0])]
            : []);
        await using var session = new DiagSession(pair.Host, Patient);

        Task<byte[]> first = session.RequestAsync(stat, Ct);
        Task<byte[]> second = session.RequestAsync(query, Ct);

        Assert.Equal(0xA0, (await first)[^1]);
        Assert.Equal(0xB0, (await second)[^1]);
    }

    [Fact]
    public async Task An_echoed_field_matcher_tells_replies_of_the_same_command_apart()
    {
        var pair = new InMemoryLinkPair();
        var replies = new List<byte[]>();
        await using var peer = Over(pair.Device, req =>
        {
            replies.Add(Frame(0x4B, 0x13, 0x04, 0x00, req[4], 0xEE));
            return req[4] == 2 ? [replies[1], replies[0]] : [];
        });
        await using var session = new DiagSession(pair.Host, Patient);
        var options = new DiagRequestOptions { Matcher = DiagMatchers.EchoedField(4, 4, 1) };

        Task<byte[]> a = session.RequestAsync(new byte[] { 0x4B, 0x13, 0x04, 0x00, 1 }, options, Ct);
        Task<byte[]> b = session.RequestAsync(new byte[] { 0x4B, 0x13, 0x04, 0x00, 2 }, options, Ct);

        Assert.Equal(1, (await a)[4]);
        Assert.Equal(2, (await b)[4]);
    }

    [Fact]
    public async Task An_error_reply_fails_the_request_it_echoes_with_DiagRejectedException()
    {
        var pair = new InMemoryLinkPair();
        await using var peer = Over(pair.Device, req => [Frame([0x13, .. req.AsSpan(0, Math.Min(16, req.Length))])]);
        await using var session = new DiagSession(pair.Host, Patient);

        var ex = await Assert.ThrowsAsync<DiagRejectedException>(
            () => session.RequestAsync(new byte[] { 0x4B, 0x13, 0x00, 0x00, 1, 2, 3 }, new DiagRequestOptions { Name = "EFS2 HELLO" }, Ct));

        Assert.Equal(DiagStatus.BadCommand, ex.Status);
        Assert.Equal(1, ex.ExitCode);
        Assert.Contains("EFS2 HELLO", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.Open, session.State);
    }

    [Fact]
    public async Task No_reply_times_out_and_the_session_stays_open()
    {
        var pair = new InMemoryLinkPair();
        await using var peer = Over(pair.Device, _ => []);
        await using var session = new DiagSession(pair.Host, Fast);

        var ex = await Assert.ThrowsAsync<DiagTimeoutException>(() => session.RequestAsync(new byte[] { 0x4B, 0x13, 0x02, 0x00 }, Ct));

        Assert.True(ex.IsTransient);
        Assert.Equal(4, ex.ExitCode);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(SessionState.Open, session.State);
        Assert.Single(peer.Requests);
    }

    [Fact]
    public async Task A_request_safe_to_retry_is_resent_after_a_dropped_reply()
    {
        var pair = new InMemoryLinkPair();
        int seen = 0;
        await using var peer = Over(pair.Device, req => Interlocked.Increment(ref seen) == 1 ? [] : Echo(req));
        var time = new ManualTimeProvider();
        await using var session = new DiagSession(pair.Host, Fast with { TimeProvider = time });

        Task<byte[]> pending = session.RequestAsync(new byte[] { 0x4B, 0x13, 0x04, 0x00 }, DiagRequestOptions.Retryable, Ct);
        TimeSpan firstRto = Fast.DefaultTimeout / 4; // no round trip measured yet
        await time.WaitForTimerAsync(firstRto, Ct);
        time.Advance(firstRto);
        byte[] reply = await pending;

        Assert.Equal(0xAA, reply[^1]);
        Assert.Equal(2, peer.Requests.Count);
        Assert.Equal(1, session.Stats.Retries);
    }

    [Fact]
    public async Task Requests_lost_in_one_stall_back_the_RTO_off_once_not_once_each()
    {
        var pair = new InMemoryLinkPair();
        var answered = new HashSet<byte>();
        await using var peer = Over(pair.Device, req => answered.Add(req[4]) ? [] : Echo(req)); // each first copy is lost
        var time = new ManualTimeProvider();
        var options = new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(24), TimeProvider = time };
        await using var session = new DiagSession(pair.Host, options);
        TimeSpan firstRto = options.DefaultTimeout / 4; // no round trip measured yet

        // two requests 10 ms apart, so their timers run out one after the other, as in a pipeline
        Task<byte[]> a = session.RequestAsync(ReadRequest(1), ReadOptions, Ct);
        await time.WaitForTimersAsync(firstRto, 1, Ct);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Task<byte[]> b = session.RequestAsync(ReadRequest(2), ReadOptions, Ct);
        await time.WaitForTimersAsync(firstRto, 2, Ct);
        time.Advance(firstRto - TimeSpan.FromMilliseconds(10)); // a's timer: re-sent, answered
        await a;
        // b's timer: the first run-out finds the RTO doubled and waits on; the next re-sends. A waiter re-sends
        // (and counts it) before it arms its next timer, so the count is settled whenever a timer is live.
        for (int i = 0; i < 5; i++)
        {
            TimeSpan next = await time.WaitForNextTimerAsync(Ct);
            if (session.Stats.ResentTimeout == 2)
            {
                break;
            }

            time.Advance(next);
        }

        await b;
        DiagSessionStats stats = session.Stats;
        Assert.Equal(2, stats.ResentTimeout);
        Assert.Equal(firstRto * 2, stats.RetransmitTimeout); // one doubling for the episode; one per request made it 4x
    }

    [Fact]
    public async Task A_copy_that_took_another_requests_reply_for_a_duplicate_does_not_cascade_into_the_next_request()
    {
        // Three LSTATs whose replies are byte-identical (directories with one mode and one set of times: nothing
        // in the reply says which path it answers). A's first reply arrives corrupted, so A is re-sent and its
        // first copy is kept to absorb a late duplicate; that copy then takes B's reply. B is re-sent on its
        // timer and answered. Before the fix B then kept its own first copy as an absorber, which took C's reply,
        // and so on: one retransmission timeout per request. Now C is answered at once, the clock standing still.
        var pair = new InMemoryLinkPair();
        byte[] reply = [0x4B, 0x13, 0x10, 0x00, 0, 0, 0, 0, 0xFF, 0x41, 0, 0, 0x60, 0xE1, 0x97, 0x4B];
        int arrivals = 0;
        await using var peer = Over(pair.Device, _ =>
        {
            byte[] frame = Frame(reply);
            if (Interlocked.Increment(ref arrivals) == 1)
            {
                frame[^2] ^= 0x01; // A's first reply: bad CRC
            }

            return [frame];
        });
        var time = new ManualTimeProvider();
        await using var session = new DiagSession(pair.Host, new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(24), TimeProvider = time });
        var lstat = new DiagRequestOptions { SafeToRetry = true };
        static byte[] Lstat(char name) => [0x4B, 0x13, 0x10, 0x00, (byte)'/', (byte)name, 0x00];

        await session.RequestAsync(Lstat('a'), lstat, Ct).WaitAsync(Patience, Ct);
        Task<byte[]> b = session.RequestAsync(Lstat('b'), lstat, Ct);
        time.Advance(await time.WaitForNextTimerAsync(Ct)); // B's reply went to A's spare copy: B's timer re-sends it
        await b.WaitAsync(Patience, Ct);
        byte[] c = await session.RequestAsync(Lstat('c'), lstat, Ct).WaitAsync(Patience, Ct);

        Assert.Equal(reply, c);
        Assert.Equal(1, peer.Requests.Count(r => r[5] == 'c'));
        Assert.Equal(2, peer.Requests.Count(r => r[5] == 'b'));
        Assert.Equal(1, session.Stats.ResentTimeout);
    }

    [Fact]
    public async Task A_request_not_safe_to_retry_is_sent_once_only()
    {
        var pair = new InMemoryLinkPair();
        int seen = 0;
        await using var peer = Over(pair.Device, req => Interlocked.Increment(ref seen) == 1 ? [] : Echo(req));
        await using var session = new DiagSession(pair.Host, Fast);

        await Assert.ThrowsAsync<DiagTimeoutException>(() => session.RequestAsync(new byte[] { 0x4B, 0x13, 0x05, 0x00 }, Ct));

        // The link keeps order: once the next request's reply is back, a re-send of the first would have been seen.
        await session.RequestAsync(new byte[] { 0x4B, 0x13, 0x06, 0x00 }, Ct);
        Assert.Equal([[0x4B, 0x13, 0x05, 0x00], [0x4B, 0x13, 0x06, 0x00]], peer.Requests);
        Assert.Equal(0, session.Stats.Retries);
    }

    [Theory]
    [InlineData("\r\nOK\r\n", "OK")]
    [InlineData("\r\nNO CARRIER\r\n", "NO CARRIER")]
    [InlineData("\r\nERROR\r\n", "ERROR")]
    public async Task A_port_answering_AT_text_is_reported_as_not_a_DIAG_port(string answer, string shown)
    {
        using var pty = new PseudoTerminal();
        await using var peer = Over(pty, _ => [System.Text.Encoding.ASCII.GetBytes(answer)]);
        await using var session = new DiagSession(SerialLink.Open(pty.SlavePath), new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(5) });
        var started = DateTime.UtcNow;

        var ex = await Assert.ThrowsAsync<PortException>(() => session.RequestAsync(new byte[] { 0x00 }, Ct));

        Assert.Equal(PortErrorKind.NotDiag, ex.Kind);
        Assert.Contains($"{pty.SlavePath} answered text ('{shown}'), it looks like a modem/AT port, not the DIAG port", ex.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), "detected before the timeout");
        Assert.Equal(SessionState.Broken, session.State);
    }

    [Fact]
    public async Task Plain_text_without_any_flag_until_the_timeout_is_reported_as_not_a_DIAG_port()
    {
        var pair = new InMemoryLinkPair();
        await using var peer = Over(pair.Device, _ => ["+ZUSIMR:2"u8.ToArray()]);
        await using var session = new DiagSession(pair.Host, Fast);

        var ex = await Assert.ThrowsAsync<PortException>(() => session.RequestAsync(new byte[] { 0x00 }, DiagRequestOptions.Retryable, Ct));

        Assert.Equal(PortErrorKind.NotDiag, ex.Kind);
        Assert.Equal("+ZUSIMR:2", ex.TextSeen);
    }

    [Fact]
    public async Task A_window_of_8_keeps_8_requests_in_flight()
    {
        var pair = new InMemoryLinkPair();
        var batch = new List<byte[]>();
        var batchSizes = new List<int>();
        await using var peer = Over(pair.Device, req =>
        {
            batch.Add(Frame([.. req, 0xAA]));
            if (batch.Count < 8)
            {
                return [];
            }

            batchSizes.Add(batch.Count);
            byte[][] all = [.. batch];
            batch.Clear();
            return all;
        });
        await using var session = new DiagSession(pair.Host, new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(2) });
        var requests = Enumerable.Range(0, 24)
            .Select(i => new PipelinedRequest(ReadRequest(i), ReadOptions))
            .ToList();

        IReadOnlyList<byte[]> replies = await session.PipelineAsync(requests, 8, Ct);

        Assert.Equal([8, 8, 8], batchSizes);
        Assert.Equal(Enumerable.Range(0, 24), replies.Select(r => (int)r[4]));
        Assert.Equal(0, session.Stats.WindowShrinks);
    }

    [Fact]
    public async Task A_dropped_reply_shrinks_the_window_and_the_read_is_retried()
    {
        // The clock is frozen: the re-send can only come from the later replies that arrive first.
        var pair = new InMemoryLinkPair();
        int count = 0;
        await using var peer = Over(pair.Device, req => Interlocked.Increment(ref count) == 3 ? [] : [Frame([.. req, 0xAA])]);
        await using var session = new DiagSession(pair.Host, Patient with { TimeProvider = new FrozenTime() });
        var seen = new List<int>();

        await session.PipelineAsync(
            Enumerable.Range(0, 20).Select(i => new PipelinedRequest(ReadRequest(i), ReadOptions)),
            window: 4,
            r =>
            {
                seen.Add(r[4]);
                return ValueTask.CompletedTask;
            },
            Ct);

        Assert.Equal(Enumerable.Range(0, 20), seen);
        DiagSessionStats stats = session.Stats;
        Assert.Equal(1, stats.WindowShrinks);
        Assert.Equal(1, stats.Retries);
        Assert.Equal(21, peer.Requests.Count);
        Assert.Equal(SessionState.Open, session.State);
    }

    [Fact]
    public async Task A_pipeline_stops_with_a_timeout_when_a_dropped_request_is_not_safe_to_retry()
    {
        var pair = new InMemoryLinkPair();
        int count = 0;
        await using var peer = Over(pair.Device, req => Interlocked.Increment(ref count) == 2 ? [] : [Frame([.. req, 0xAA])]);
        await using var session = new DiagSession(pair.Host, Fast);
        var requests = Enumerable.Range(0, 5).Select(i => new PipelinedRequest(ReadRequest(i))).ToList();

        await Assert.ThrowsAsync<DiagTimeoutException>(() => session.PipelineAsync(requests, 4, Ct));
    }

    [Fact]
    public async Task Breaking_fails_every_pending_request_with_the_first_reason()
    {
        var pair = new InMemoryLinkPair();
        await using var peer = Over(pair.Device, _ => []);
        await using var session = new DiagSession(pair.Host, new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(10) });
        Task<byte[]>[] pending = [.. Enumerable.Range(0, 3).Select(i => session.RequestAsync(ReadRequest(i), Ct))];
        await WaitUntil(() => peer.Requests.Count == 3);

        await pair.Device.DisposeAsync(); // the modem goes away

        var reasons = new List<Exception>();
        foreach (Task<byte[]> t in pending)
        {
            reasons.Add(await Assert.ThrowsAsync<DiagLinkException>(() => t.WaitAsync(TimeSpan.FromSeconds(3), Ct)));
        }

        Assert.All(reasons, r => Assert.Same(reasons[0], r));
        Assert.Equal(SessionState.Broken, session.State);
        Assert.Same(reasons[0], session.BreakReason);
        var later = await Assert.ThrowsAsync<DiagLinkException>(() => session.RequestAsync(new byte[] { 0x00 }, Ct));
        Assert.Same(reasons[0], later.InnerException);
    }

    [Fact]
    public async Task A_vanished_pty_breaks_the_session_with_a_port_exception()
    {
        var pty = new PseudoTerminal();
        await using var session = new DiagSession(SerialLink.Open(pty.SlavePath), new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(10) });
        Task<byte[]> pending = session.RequestAsync(new byte[] { 0x00 }, Ct);
        Assert.True(pty.Read(new byte[64], 10_000) > 0, "the request never reached the pty"); // it is outstanding now

        pty.CloseMaster();

        var ex = await Assert.ThrowsAsync<PortException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(PortErrorKind.Vanished, ex.Kind);
        Assert.Equal(SessionState.Broken, session.State);
        pty.Dispose();
    }

    [Fact]
    public async Task Frames_are_traced_only_to_subscribers_with_copies()
    {
        var pair = new InMemoryLinkPair();
        await using var peer = Over(pair.Device, Echo);
        await using var session = new DiagSession(pair.Host, Patient);
        var trace = new List<(FrameDirection, byte[])>();
        session.FrameTraced += (dir, bytes) =>
        {
            lock (trace)
            {
                trace.Add((dir, bytes.ToArray()));
            }
        };

        await session.RequestAsync(new byte[] { 0x7C }, Ct);

        lock (trace)
        {
            Assert.Equal([FrameDirection.Out, FrameDirection.In], trace.Select(t => t.Item1));
            Assert.Equal(new byte[] { 0x7C }, trace[0].Item2);
            Assert.Equal(new byte[] { 0x7C, 0xAA }, trace[1].Item2);
        }
    }

    [Fact]
    public async Task A_session_over_a_pty_exchanges_requests_with_a_peer_thread()
    {
        using var pty = new PseudoTerminal();
        await using var peer = Over(pty, Echo);
        await using var session = new DiagSession(SerialLink.Open(pty.SlavePath), Patient);

        IReadOnlyList<byte[]> replies = await session.PipelineAsync(
            [.. Enumerable.Range(0, 50).Select(i => new PipelinedRequest(ReadRequest(i), ReadOptions))], 8, Ct);

        Assert.Equal(50, replies.Count);
        Assert.Equal(0, session.Stats.BadFrames);
    }

    private static readonly DiagRequestOptions ReadOptions = new()
    {
        Matcher = DiagMatchers.EchoedField(4, 4, 4),
        SafeToRetry = true,
    };

    /// <summary>A READ-like subsystem request with an offset at byte 4 (includes 0x7E/0x7D values to exercise escaping).</summary>
    private static byte[] ReadRequest(int i) => [0x4B, 0x13, 0x04, 0x00, (byte)i, 0x7E, 0x7D, (byte)(i >> 8)];

    private static async Task WaitUntil(Func<bool> condition)
    {
        // Bounded polling on the condition itself, with room for a loaded machine (10 s).
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task An_exchange_gives_every_request_its_own_outcome_when_one_in_the_middle_is_rejected()
    {
        var pair = new InMemoryLinkPair();
        await using var peer = Over(pair.Device, req => req[1] == 2 ? [Frame([0x13, .. req])] : Echo(req));
        await using var session = new DiagSession(pair.Host, Patient);

        DiagExchange x = await session.ExchangeAsync(
            [new PipelinedRequest(new byte[] { 0x0C, 1 }), new PipelinedRequest(new byte[] { 0x0C, 2 }), new PipelinedRequest(new byte[] { 0x0C, 3 })], Ct);

        Assert.True(x.Clean);
        Assert.Equal(new byte[] { 0x0C, 1, 0xAA }, x.Outcomes[0].Reply);
        Assert.Equal(DiagStatus.BadCommand, Assert.IsType<DiagRejectedException>(x.Outcomes[1].Error).Status);
        Assert.Equal(new byte[] { 0x0C, 3, 0xAA }, x.Outcomes[2].Reply);
    }

    [Fact]
    public async Task An_exchange_with_a_lost_reply_is_not_clean_because_later_replies_shift_onto_earlier_requests()
    {
        var pair = new InMemoryLinkPair();
        await using var peer = Over(pair.Device, req => req[1] == 1 ? [] : Echo(req));
        await using var session = new DiagSession(pair.Host, Fast);

        DiagExchange x = await session.ExchangeAsync(
            [new PipelinedRequest(new byte[] { 0x0C, 1 }), new PipelinedRequest(new byte[] { 0x0C, 2 }), new PipelinedRequest(new byte[] { 0x0C, 3 })], Ct);

        Assert.False(x.Clean);
        Assert.Equal(new byte[] { 0x0C, 2, 0xAA }, x.Outcomes[0].Reply); // not its own: the caller must not trust it
        Assert.Equal(new byte[] { 0x0C, 3, 0xAA }, x.Outcomes[1].Reply);
        Assert.IsType<DiagTimeoutException>(x.Outcomes[2].Error);
    }
}
