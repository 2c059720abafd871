using System.Buffers;
using System.Diagnostics;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.Pty;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Emulator.Tests.Host;

public sealed class DiagPortServerTests
{
    private static readonly byte[] VersionProbe = [0x7E, 0x00, 0x78, 0xF0, 0x7E]; // ModemManager's probe
    private static readonly byte[] BadCmdReply = [0x13, 0x00, 0xBE, 0xB0, 0x7E];

    private sealed class Rig : IDisposable
    {
        public Rig(LinkModel? link = null, FaultPlan? faults = null, IDiagResponder? responder = null)
        {
            Pty = new PseudoTerminal();
            Server = new DiagPortServer(Pty, responder ?? BadCommandResponder.Instance, link, faults);
            Server.Start();
        }

        public PseudoTerminal Pty { get; }

        public DiagPortServer Server { get; }

        public void Dispose()
        {
            Server.Dispose();
            Pty.Dispose();
        }
    }

    [Fact]
    public void A_request_with_a_leading_flag_gets_BAD_CMD_with_the_echo_and_no_leading_flag()
    {
        using var rig = new Rig();
        using var client = new SerialClient(rig.Pty.SlavePath);
        client.Write(VersionProbe);
        Assert.Equal(BadCmdReply, client.ReadFrame());
    }

    [Fact]
    public void A_request_without_a_leading_flag_is_answered_too()
    {
        using var rig = new Rig();
        using var client = new SerialClient(rig.Pty.SlavePath);
        client.Write(HdlcFramer.Encode([0x4B, 0x13, 0x00, 0x00]));
        Assert.Equal(new byte[] { 0x13, 0x4B, 0x13, 0x00, 0x00, 0xA8, 0xDA, 0x7E }, client.ReadFrame());
    }

    [Fact]
    public void The_echo_is_cut_at_16_bytes()
    {
        using var rig = new Rig();
        using var client = new SerialClient(rig.Pty.SlavePath);
        byte[] request = [.. Enumerable.Range(0x20, 40).Select(i => (byte)i)];
        client.Write(HdlcFramer.Encode(request, leadingFlag: true));
        byte[] expected = HdlcFramer.Encode([0x13, .. request.AsSpan(0, 16)]);
        Assert.Equal(expected, client.ReadFrame());
    }

    [Fact]
    public void A_bad_CRC_request_is_ignored_silently_and_the_next_one_answered()
    {
        using var rig = new Rig();
        using var client = new SerialClient(rig.Pty.SlavePath);
        client.Write([0x7E, 0x00, 0x78, 0xF1, 0x7E]);
        client.Write(VersionProbe);
        Assert.Equal(BadCmdReply, client.ReadFrame());
        Assert.Equal(0, client.Port.BytesToRead);
        Assert.Equal(1, rig.Server.BadFrameCount);
        Assert.Equal(1, rig.Server.RequestCount);
    }

    [Fact]
    public void Several_requests_in_one_write_are_answered_in_order_one_frame_each()
    {
        using var rig = new Rig();
        using var client = new SerialClient(rig.Pty.SlavePath);
        client.Write([.. HdlcFramer.Encode([0x01]), .. HdlcFramer.Encode([0x02]), .. HdlcFramer.Encode([0x03])]);
        for (byte i = 1; i <= 3; i++)
        {
            Assert.Equal(HdlcFramer.Encode([0x13, i]), client.ReadFrame());
        }
    }

    [Fact]
    public void A_client_can_close_and_reopen_the_port_three_times()
    {
        using var rig = new Rig();
        for (int round = 0; round < 3; round++)
        {
            using var client = new SerialClient(rig.Pty.SlavePath);
            client.Write(VersionProbe);
            Assert.Equal(BadCmdReply, client.ReadFrame());
        }

        Assert.Equal(3, rig.Server.RequestCount);
    }

    [Fact]
    public void The_link_model_queue_math_is_bandwidth_bound_when_pipelined()
    {
        var link = new LinkModel(TimeSpan.FromMilliseconds(10), 1000); // 1 byte per ms
        TimeSpan end = TimeSpan.Zero;
        var ends = new List<double>();
        for (int i = 0; i < 4; i++)
        {
            end = link.SendEnd(TimeSpan.Zero, TimeSpan.Zero, end, 100);
            ends.Add(end.TotalMilliseconds);
        }

        Assert.Equal([110, 210, 310, 410], ends.Select(e => Math.Round(e)));
        Assert.Equal(TimeSpan.Zero, LinkModel.None.SendEnd(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 1000));
        Assert.Equal(1020, link.SendEnd(TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.Zero, 10).TotalMilliseconds, 3);
    }

    [Fact]
    public void Pipelined_requests_overlap_their_latency_while_stop_and_wait_pays_it_every_time()
    {
        using var rig = new Rig(new LinkModel(TimeSpan.FromMilliseconds(100), 0));
        using var client = new SerialClient(rig.Pty.SlavePath);
        const int n = 8;

        var sw = Stopwatch.StartNew();
        for (int i = 0; i < n; i++)
        {
            client.Write(VersionProbe);
            Assert.Equal(BadCmdReply, client.ReadFrame());
        }

        double stopAndWait = sw.Elapsed.TotalMilliseconds;

        sw.Restart();
        byte[] all = [.. Enumerable.Repeat(VersionProbe, n).SelectMany(b => b)];
        client.Write(all);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(BadCmdReply, client.ReadFrame());
        }

        double pipelined = sw.Elapsed.TotalMilliseconds;

        Assert.True(stopAndWait >= n * 100 * 0.9, $"stop-and-wait took {stopAndWait} ms");
        Assert.True(pipelined >= 90, $"pipelined took {pipelined} ms");
        Assert.True(pipelined < stopAndWait / 2, $"pipelined {pipelined} ms vs stop-and-wait {stopAndWait} ms");
    }

    [Fact]
    public void Drop_sends_nothing()
    {
        using var rig = new Rig(faults: new FaultPlan { DropProbability = 1 });
        using var client = new SerialClient(rig.Pty.SlavePath, readTimeoutMs: 300);
        client.Write(VersionProbe);
        Assert.Throws<TimeoutException>(() => client.ReadFrame());
        Assert.Equal(1, rig.Server.RequestCount);
    }

    [Fact]
    public void Corrupt_sends_a_whole_frame_with_a_bad_CRC()
    {
        using var rig = new Rig(faults: new FaultPlan { CorruptProbability = 1 });
        using var client = new SerialClient(rig.Pty.SlavePath);
        client.Write(VersionProbe);
        byte[] frame = client.ReadFrame();
        Assert.Equal(BadCmdReply.Length, frame.Length);
        Assert.Equal(BadCmdReply[..2], frame[..2]);
        var deframer = new HdlcDeframer();
        Assert.Equal(OperationStatus.InvalidData, deframer.Read(frame, out _));
        Assert.Equal(HdlcFrameError.BadCrc, deframer.LastError);
    }

    [Theory]
    [InlineData(new byte[] { 0x13, 0x00, 0xBE, 0xB0, 0x7E })]
    [InlineData(new byte[] { 0x13, 0x00, 0x7D, 0x5E, 0x7E })]
    [InlineData(new byte[] { 0x13, 0x00, 0x7F, 0x7E })]
    [InlineData(new byte[] { 0x13, 0x00, 0x7C, 0x7E })]
    public void CorruptCrc_never_creates_a_flag_or_escape(byte[] frame)
    {
        byte[] bad = DiagPortServer.CorruptCrc(frame);
        Assert.Equal(frame.Length, bad.Length);
        Assert.NotEqual(frame, bad);
        Assert.DoesNotContain((byte)0x7E, bad[..^1]);
        Assert.Equal(frame.Count(b => b == 0x7D), bad.Count(b => b == 0x7D));
    }

    [Fact]
    public void Delay_holds_the_response_back()
    {
        using var rig = new Rig(faults: FaultPlan.Parse("delay=1:150ms"));
        using var client = new SerialClient(rig.Pty.SlavePath);
        var sw = Stopwatch.StartNew();
        client.Write(VersionProbe);
        Assert.Equal(BadCmdReply, client.ReadFrame());
        Assert.True(sw.ElapsedMilliseconds >= 135, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Disconnect_after_requests_answers_them_then_closes_the_port()
    {
        using var rig = new Rig(faults: FaultPlan.Parse("disconnect-after-requests=2"));
        using var disconnected = new ManualResetEventSlim();
        rig.Server.Disconnected += (_, _) => disconnected.Set();
        using var client = new SerialClient(rig.Pty.SlavePath);
        client.Write(VersionProbe);
        Assert.Equal(BadCmdReply, client.ReadFrame());
        client.Write(VersionProbe);
        Assert.Equal(BadCmdReply, client.ReadFrame());
        Assert.True(disconnected.Wait(1000, TestContext.Current.CancellationToken));
        Assert.False(rig.Pty.IsOpen);
    }

    [Fact]
    public void Disconnect_after_bytes_counts_both_directions()
    {
        // each exchange: 5 bytes in, 5 bytes out
        using var rig = new Rig(faults: FaultPlan.Parse("disconnect-after-bytes=20"));
        using var disconnected = new ManualResetEventSlim();
        rig.Server.Disconnected += (_, _) => disconnected.Set();
        using var client = new SerialClient(rig.Pty.SlavePath);
        client.Write(VersionProbe);
        Assert.Equal(BadCmdReply, client.ReadFrame());
        Assert.False(disconnected.IsSet);
        client.Write(VersionProbe);
        Assert.True(disconnected.Wait(1000, TestContext.Current.CancellationToken));
        Assert.False(rig.Pty.IsOpen);
        Assert.Equal(20, rig.Server.BytesReceived + rig.Server.BytesSent);
    }

    [Fact]
    public void Power_loss_raises_the_event_and_leaves_the_last_request_unanswered()
    {
        var seen = new List<byte[]>();
        var recorder = new RecordingResponder(seen);
        using var rig = new Rig(faults: new FaultPlan { PowerLossAfterRequests = 2 }, responder: recorder);
        using var powerLoss = new ManualResetEventSlim();
        rig.Server.PowerLoss += (_, _) => powerLoss.Set();
        using var client = new SerialClient(rig.Pty.SlavePath, readTimeoutMs: 500);
        client.Write(VersionProbe);
        Assert.Equal(BadCmdReply, client.ReadFrame());
        client.Write(HdlcFramer.Encode([0x29, 0x02]));
        Assert.True(powerLoss.Wait(1000, TestContext.Current.CancellationToken));
        Assert.Equal(2, seen.Count); // the request was processed (state changed) ...
        Assert.False(rig.Pty.IsOpen); // ... but the device died before answering
    }

    private sealed class RecordingResponder(List<byte[]> seen) : IDiagResponder
    {
        public byte[]? Respond(ReadOnlySpan<byte> request)
        {
            lock (seen)
            {
                seen.Add(request.ToArray());
            }

            return BadCommandResponder.Instance.Respond(request);
        }
    }
}

public sealed class DiagPortServerRobustnessTests
{
    private sealed class ThrowingOnce : IDiagResponder
    {
        private int _calls;

        public byte[]? Respond(ReadOnlySpan<byte> request) =>
            ++_calls == 1 ? throw new InvalidOperationException("state bug") : BadCommandResponder.Instance.Respond(request);
    }

    [Fact]
    public void A_throwing_responder_leaves_that_request_unanswered_and_the_port_alive()
    {
        using var pty = new PseudoTerminal();
        using var server = new DiagPortServer(pty, new ThrowingOnce());
        server.Start();
        using (var client = new SerialClient(pty.SlavePath))
        {
            client.Write([0x7E, 0x00, 0x78, 0xF0, 0x7E]);
            client.Write([0x7E, 0x00, 0x78, 0xF0, 0x7E]);
            Assert.Equal(new byte[] { 0x13, 0x00, 0xBE, 0xB0, 0x7E }, client.ReadFrame());
        }

        Assert.IsType<InvalidOperationException>(server.LastResponderError);
        Assert.Equal(2, server.RequestCount);
    }
}
