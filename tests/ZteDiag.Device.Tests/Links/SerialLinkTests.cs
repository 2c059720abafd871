using System.Diagnostics;
using ZteDiag.Device.Links;
using ZteDiag.Emulator.Pty;

namespace ZteDiag.Device.Tests.Links;

public sealed class SerialLinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] ReadExactlyFromMaster(PseudoTerminal pty, int count)
    {
        var got = new List<byte>();
        var buf = new byte[1024];
        var sw = Stopwatch.StartNew();
        while (got.Count < count && sw.ElapsedMilliseconds < 5000)
        {
            int n = pty.Read(buf, 100);
            if (n > 0)
            {
                got.AddRange(buf.AsSpan(0, n));
            }
        }

        return [.. got];
    }

    private static async Task<byte[]> ReadExactlyAsync(IDiagLink link, int count)
    {
        var result = new byte[count];
        int have = 0;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        while (have < count)
        {
            have += await link.ReadAsync(result.AsMemory(have), cts.Token);
        }

        return result;
    }

    [Fact]
    public async Task Every_byte_value_passes_unchanged_in_both_directions()
    {
        using var pty = new PseudoTerminal();
        await using SerialLink link = SerialLink.Open(pty.SlavePath);
        byte[] all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await link.WriteAsync(all, Ct);
        Assert.Equal(all, ReadExactlyFromMaster(pty, 256));

        pty.Write(all);
        Assert.Equal(all, await ReadExactlyAsync(link, 256));
    }

    [Fact]
    public async Task The_port_can_be_closed_and_reopened()
    {
        using var pty = new PseudoTerminal();
        for (int i = 0; i < 3; i++)
        {
            await using SerialLink link = SerialLink.Open(pty.SlavePath, 921600);
            byte[] ping = [0x7E, (byte)i, 0x0D, 0x0A, 0x11, 0x13];
            await link.WriteAsync(ping, Ct);
            Assert.Equal(ping, ReadExactlyFromMaster(pty, ping.Length));
            pty.Write(ping);
            Assert.Equal(ping, await ReadExactlyAsync(link, ping.Length));
        }
    }

    [Fact]
    public void Opening_a_missing_path_says_not_found_with_the_cause()
    {
        string path = Path.Combine(Path.GetTempPath(), "ztediag-no-such-tty-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<PortException>(() => SerialLink.Open(path));

        Assert.Equal(PortErrorKind.NotFound, ex.Kind);
        Assert.Equal(3, ex.ExitCode);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("No such file", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_peer_that_vanishes_mid_read_fails_the_read_quickly_as_vanished()
    {
        var pty = new PseudoTerminal();
        SerialLink link = SerialLink.Open(pty.SlavePath);
        try
        {
            var buf = new byte[64];
            Task<int> pending = link.ReadAsync(buf, Ct).AsTask();
            await Task.Delay(100, Ct);
            var sw = Stopwatch.StartNew();

            pty.CloseMaster();

            var ex = await Assert.ThrowsAsync<PortException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5), Ct));
            Assert.Equal(PortErrorKind.Vanished, ex.Kind);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"took {sw.Elapsed}");

            // later calls fail at once instead of hanging
            var again = await Assert.ThrowsAsync<PortException>(() => link.ReadAsync(buf, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(2), Ct));
            Assert.Equal(PortErrorKind.Vanished, again.Kind);
        }
        finally
        {
            var dispose = link.DisposeAsync().AsTask();
            Assert.True(await Task.WhenAny(dispose, Task.Delay(3000, Ct)) == dispose, "dispose hung");
            pty.Dispose();
        }
    }
}
