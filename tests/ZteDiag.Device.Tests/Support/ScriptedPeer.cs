using System.Buffers;
using ZteDiag.Device.Links;
using ZteDiag.Emulator.Pty;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Device.Tests.Support;

/// <summary>
/// A scripted modem: deframes each request and writes whatever raw bytes the script returns
/// (framed replies, garbage, text). Runs over an in-memory link end or a pty master.
/// </summary>
internal sealed class ScriptedPeer : IAsyncDisposable
{
    private readonly Func<byte[], IEnumerable<byte[]>> _script;
    private readonly HdlcDeframer _deframer = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;
    private readonly Lock _lock = new();
    private readonly List<byte> _raw = [];
    private readonly List<byte[]> _requests = [];

    private ScriptedPeer(Func<byte[], IEnumerable<byte[]>> script, Func<ScriptedPeer, CancellationToken, Task> loop, bool blocking = false)
    {
        _script = script;

        // A pty peer blocks in poll(2) and waits out a closed slave: it gets a thread of its own, never a pool thread.
        _loop = blocking
            ? Task.Factory.StartNew(() => loop(this, _cts.Token), _cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
            : Task.Run(() => loop(this, _cts.Token));
    }

    public static ScriptedPeer Over(IDiagLink device, Func<byte[], IEnumerable<byte[]>> script) =>
        new(script, async (peer, ct) =>
        {
            var buf = new byte[4096];
            try
            {
                while (true)
                {
                    int n = await device.ReadAsync(buf, ct);
                    if (n == 0)
                    {
                        return;
                    }

                    foreach (byte[] chunk in peer.Feed(buf.AsSpan(0, n)))
                    {
                        await device.WriteAsync(chunk, ct);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (DiagLinkException)
            {
            }
        });

    public static ScriptedPeer Over(PseudoTerminal pty, Func<byte[], IEnumerable<byte[]>> script) =>
        new(script, (peer, ct) =>
        {
            var buf = new byte[4096];
            while (!ct.IsCancellationRequested && pty.IsOpen)
            {
                int n;
                try
                {
                    n = pty.Read(buf, 50);
                }
                catch (IOException)
                {
                    return Task.CompletedTask;
                }

                if (n < 0)
                {
                    // No slave open yet (or between a close and a reopen): poll(2) reports HUP at once, so wait a little.
                    Thread.Sleep(10);
                    continue;
                }

                foreach (byte[] chunk in peer.Feed(buf.AsSpan(0, n)))
                {
                    pty.Write(chunk);
                }
            }

            return Task.CompletedTask;
        }, blocking: true);

    public byte[] RawReceived
    {
        get
        {
            lock (_lock)
            {
                return [.. _raw];
            }
        }
    }

    public IReadOnlyList<byte[]> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static byte[] Frame(params byte[] payload) => HdlcFramer.Encode(payload);

    private List<byte[]> Feed(ReadOnlySpan<byte> input)
    {
        var outgoing = new List<byte[]>();
        lock (_lock)
        {
            _raw.AddRange(input);
        }

        while (!input.IsEmpty)
        {
            OperationStatus s = _deframer.Read(input, out int used);
            input = input[used..];
            if (s == OperationStatus.Done)
            {
                byte[] request = _deframer.Payload.ToArray();
                lock (_lock)
                {
                    _requests.Add(request);
                }

                outgoing.AddRange(_script(request));
            }
        }

        return outgoing;
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
        }

        _cts.Dispose();
    }
}
