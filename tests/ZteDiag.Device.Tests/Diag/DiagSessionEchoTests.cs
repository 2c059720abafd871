using System.Diagnostics;
using ZteDiag.Device.Diag;
using ZteDiag.Device.Efs;
using ZteDiag.Device.Identity;
using ZteDiag.Device.Links;
using ZteDiag.Device.Nv;
using ZteDiag.Emulator;
using ZteDiag.Emulator.Pty;
using ZteDiag.Protocol.Diag;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Diag;

/// <summary>A port that sends our own request frames back (an AT port with echo on) is not the DIAG port.</summary>
public sealed class DiagSessionEchoTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WellBeforeTheTimeout = TimeSpan.FromSeconds(5);
    private static readonly byte[] Verno = [0x00];
    private static readonly byte[] EfsQuery = [0x4B, 0x13, 0x01, 0x00];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pty_peer_echoing_every_byte_fails_VERNO_at_once_as_not_the_DIAG_port()
    {
        using var pty = new PseudoTerminal();
        await using var echo = ByteEcho.Start(pty);
        await using var session = new DiagSession(SerialLink.Open(pty.SlavePath), new DiagSessionOptions { DefaultTimeout = Long });
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<PortException>(() => session.RequestAsync(Verno, Ct));

        Assert.True(clock.Elapsed < WellBeforeTheTimeout, $"took {clock.Elapsed}");
        AssertNamesTheEchoingPort(ex, pty.SlavePath);
        Assert.Equal(SessionState.Broken, session.State);
        Assert.Same(ex, session.BreakReason);
    }

    [Fact]
    public async Task An_echoed_EFS_HELLO_which_a_real_target_may_repeat_is_settled_by_a_DIAG_VER_probe()
    {
        using var pty = new PseudoTerminal();
        await using var echo = ByteEcho.Start(pty);
        await using var session = new DiagSession(SerialLink.Open(pty.SlavePath), new DiagSessionOptions { DefaultTimeout = Long });
        byte[] hello = [0x4B, 0x13, 0x00, 0x00, .. new byte[40]]; // a real target may answer HELLO with these very bytes

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<PortException>(() => session.RequestAsync(hello, Ct));

        Assert.True(clock.Elapsed < WellBeforeTheTimeout, $"took {clock.Elapsed}");
        AssertNamesTheEchoingPort(ex, pty.SlavePath);
    }

    [Fact]
    public async Task The_emulators_AT_port_fails_identification_and_EFS_connect_as_not_the_DIAG_port()
    {
        using var modem = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null });
        await using (var session = new DiagSession(SerialLink.Open(modem.AtPath), new DiagSessionOptions { DefaultTimeout = Long }))
        {
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<PortException>(() => session.RequestAsync(Verno, Ct));
            Assert.True(clock.Elapsed < WellBeforeTheTimeout, $"took {clock.Elapsed}");
            AssertNamesTheEchoingPort(ex, modem.AtPath);
        }

        await using (var session = new DiagSession(SerialLink.Open(modem.AtPath), new DiagSessionOptions { DefaultTimeout = Long }))
        {
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<PortException>(() => new EfsClient(session).ConnectAsync(Ct));
            Assert.True(clock.Elapsed < WellBeforeTheTimeout, $"took {clock.Elapsed}");
            AssertNamesTheEchoingPort(ex, modem.AtPath);
        }
    }

    [Fact]
    public async Task An_NV_WRITE_echoed_by_an_AT_port_is_not_taken_for_success()
    {
        using var pty = new PseudoTerminal();
        await using var echo = ByteEcho.Start(pty);
        await using var session = new DiagSession(SerialLink.Open(pty.SlavePath), new DiagSessionOptions { DefaultTimeout = Long });

        // a successful NV_WRITE reply repeats the request, so only the DIAG_VER probe can tell
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<PortException>(() => session.RequestAsync(NvPacket.Write(453, [0x00]).ToArray(), Ct));

        Assert.True(clock.Elapsed < WellBeforeTheTimeout, $"took {clock.Elapsed}");
        AssertNamesTheEchoingPort(ex, pty.SlavePath);
        Assert.Equal(SessionState.Broken, session.State);
    }

    [Fact]
    public async Task A_timeout_after_two_echoes_of_requests_a_real_reply_may_equal_is_not_the_DIAG_port()
    {
        using var pty = new PseudoTerminal();
        int seen = 0;
        // echoes the NV_WRITE only: the DIAG_VER probe after it gets no answer, which proves nothing
        await using var peer = Over(pty, req => req[0] != 0x1C && Interlocked.Increment(ref seen) <= 2 ? [Frame(req)] : []);
        await using var session = new DiagSession(SerialLink.Open(pty.SlavePath), new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(1) });

        await session.RequestAsync(NvPacket.Write(453, [0x00]).ToArray(), Ct); // one echo and a silent probe: inconclusive
        var ex = await Assert.ThrowsAsync<PortException>(() => session.RequestAsync(NvPacket.Write(10, [0x04]).ToArray(), Ct));

        AssertNamesTheEchoingPort(ex, pty.SlavePath);
    }

    [Fact]
    public async Task A_timeout_after_a_single_echo_of_a_request_a_real_reply_may_equal_stays_a_timeout()
    {
        using var pty = new PseudoTerminal();
        int seen = 0;
        await using var peer = Over(pty, req => Interlocked.Increment(ref seen) == 1 ? [Frame(req)] : []);
        await using var session = new DiagSession(SerialLink.Open(pty.SlavePath), new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(1) });

        await session.RequestAsync(NvPacket.Write(453, [0x00]).ToArray(), Ct);
        await Assert.ThrowsAsync<DiagTimeoutException>(() => session.RequestAsync(NvPacket.Write(10, [0x04]).ToArray(), Ct));

        Assert.Equal(SessionState.Open, session.State);
    }

    [Fact]
    public async Task Normal_traffic_with_the_emulators_DIAG_port_never_looks_like_an_echo()
    {
        using var modem = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null });
        await using var session = new DiagSession(SerialLink.Open(modem.DiagPath), new DiagSessionOptions { DefaultTimeout = Long });
        var nv = new NvClient(session);

        // First the replies that equal their requests byte for byte, so at first nothing but "echoes" arrives.
        byte[][] repeatedByAValidReply =
        [
            NvPacket.Write(453, [0x00]).ToArray(), // a successful NV_WRITE
            NvPacket.Read(453).ToArray(),          // an NV_READ of an all-zero item
            [0x29, 0x04, 0x00],                    // CONTROL (ONLINE)
        ];
        foreach (byte[] request in repeatedByAValidReply)
        {
            Assert.Equal(request, await session.RequestAsync(request, Ct));
        }

        DiagIdentity id = await new DeviceIdentityReader(session).ReadAsync(Ct);
        var efs = new EfsClient(session);
        await efs.ConnectAsync(Ct);
        IReadOnlyList<EfsDirEntry> root = await efs.ListAsync("/", cancellationToken: Ct);
        IReadOnlyList<NvItem> items = await nv.ScanAsync(NvClient.Range(0, 600), cancellationToken: Ct);

        Assert.NotNull(id.Version);
        Assert.NotEmpty(root);
        Assert.Contains(items, i => i.Item == 441);
        Assert.Equal(SessionState.Open, session.State);
        Assert.Null(session.BreakReason);
    }

    private static void AssertNamesTheEchoingPort(PortException ex, string path)
    {
        Assert.Equal(PortErrorKind.NotDiag, ex.Kind);
        Assert.Equal(path, ex.PortPath);
        Assert.Contains($"{path} sends our DIAG requests straight back", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not the DIAG port", ex.Message, StringComparison.Ordinal);
        Assert.Contains("`ztediag ports`", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The pty master sends back every byte it reads, as a port with echo on does.</summary>
    private sealed class ByteEcho : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private readonly Task _loop;

        private ByteEcho(PseudoTerminal pty) => _loop = Task.Run(() => Loop(pty, _cts.Token));

        public static ByteEcho Start(PseudoTerminal pty) => new(pty);

        public async ValueTask DisposeAsync()
        {
            await _cts.CancelAsync();
            await _loop;
            _cts.Dispose();
        }

        private static void Loop(PseudoTerminal pty, CancellationToken ct)
        {
            var buf = new byte[4096];
            while (!ct.IsCancellationRequested)
            {
                int n = pty.Read(buf, 50);
                if (n < 0)
                {
                    Thread.Sleep(10); // nobody has the slave open yet
                }
                else if (n > 0)
                {
                    pty.Write(buf.AsSpan(0, n));
                }
            }
        }
    }
}
