using System.Buffers;
using System.Diagnostics;
using ZteDiag.Emulator.Pty;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Emulator.Host;

/// <summary>
/// Serves DIAG on one pseudo-terminal like a real target: deframes HDLC requests (with or
/// without a leading 0x7E; bad frames are dropped silently), hands each good payload to an
/// <see cref="IDiagResponder"/>, and writes each response as one whole frame (no leading 0x7E)
/// per write, in request order, queued by a <see cref="DiagTaskModel"/>, timed by a <see cref="LinkModel"/> and disturbed by a
/// <see cref="FaultPlan"/>. One thread does everything: poll/read on the master with short
/// timeouts (so <see cref="Stop"/> works), and responses leave when their time is due.
/// The server does not own the pty.
/// </summary>
public sealed class DiagPortServer : IDisposable
{
    private const int PollMs = 50;

    private readonly PseudoTerminal _pty;
    private readonly IDiagResponder _responder;
    private readonly LinkModel _link;
    private readonly FaultPlan _faults;
    private readonly DiagTaskModel _task;
    private readonly HdlcDeframer _deframer = new();
    private readonly Queue<(TimeSpan Due, byte[] Frame)> _pending = new();
    private readonly Stopwatch _clock = new();
    private Thread? _thread;
    private volatile bool _stop;
    private TimeSpan _lastSendEnd;
    private bool _disconnectWhenFlushed;
    private TimeSpan? _disconnectAt;
    private long _requests, _received, _sent, _badFrames, _discarded;

    /// <summary>Creates a server; call <see cref="Start"/>.</summary>
    public DiagPortServer(PseudoTerminal pty, IDiagResponder responder, LinkModel? link = null, FaultPlan? faults = null, DiagTaskModel? task = null)
    {
        ArgumentNullException.ThrowIfNull(pty);
        ArgumentNullException.ThrowIfNull(responder);
        _pty = pty;
        _responder = responder;
        _link = link ?? LinkModel.None;
        _faults = faults ?? new FaultPlan();
        _task = task ?? DiagTaskModel.Instant;
    }

    /// <summary>Raised (on the server thread) after a fault plan disconnect closed this port's master.</summary>
    public event EventHandler? Disconnected;

    /// <summary>
    /// Raised (on the server thread) when the fault plan's power-loss point is reached, after the last
    /// request was processed and this port's master closed. The CLI host kills the process here
    /// (no cleanup); if the handler returns, the server stays stopped.
    /// </summary>
    public event EventHandler? PowerLoss;

    /// <summary>
    /// How long a disconnect-after-requests unplug waits after the last response was written, so the
    /// client can read it (closing the master discards unread bytes). Default 100 ms.
    /// </summary>
    public TimeSpan DisconnectGrace { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The last exception a responder threw (its request went unanswered), or null.</summary>
    public Exception? LastResponderError { get; private set; }

    /// <summary>Good DIAG requests handled so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Good requests discarded unanswered because the target's receive queue was full (<see cref="DiagTaskModel.RxQueue"/>).</summary>
    public long DiscardedCount => Interlocked.Read(ref _discarded);

    /// <summary>Frames dropped for a bad CRC, bad escape or length.</summary>
    public long BadFrameCount => Interlocked.Read(ref _badFrames);

    /// <summary>Raw bytes read from the client.</summary>
    public long BytesReceived => Interlocked.Read(ref _received);

    /// <summary>Framed bytes written to the client.</summary>
    public long BytesSent => Interlocked.Read(ref _sent);

    /// <summary>True while the server thread runs.</summary>
    public bool IsRunning => _thread is { IsAlive: true };

    /// <summary>Starts the server thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("already started");
        }

        _clock.Start();
        _thread = new Thread(Run) { IsBackground = true, Name = "diag " + _pty.SlavePath };
        _thread.Start();
    }

    /// <summary>Stops the server thread (within one poll interval); the pty stays open.</summary>
    public void Stop()
    {
        _stop = true;
        if (_thread is { } t && t != Thread.CurrentThread)
        {
            _ = t.Join(TimeSpan.FromSeconds(2));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    /// <summary>
    /// Returns a copy of <paramref name="frame"/> (a framed response ending in 0x7E) with its last CRC
    /// byte changed, keeping it one valid-looking frame of the same length (no new flag or escape).
    /// </summary>
    public static byte[] CorruptCrc(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 2)
        {
            throw new ArgumentException("not a frame", nameof(frame));
        }

        byte[] copy = frame.ToArray();
        int i = copy.Length - 2; // last CRC byte, or the second byte of its escape pair
        byte flipped = (byte)(copy[i] ^ 0x01);
        copy[i] = flipped is HdlcFramer.Flag or HdlcFramer.Escape ? (byte)(copy[i] ^ 0x80) : flipped;
        return copy;
    }

    private void Run()
    {
        byte[] buf = new byte[4096];
        try
        {
            while (!_stop)
            {
                if (!FlushDue())
                {
                    return;
                }

                int timeout = _disconnectAt is null ? PollMs : 10;
                if (_pending.Count > 0)
                {
                    double ms = (_pending.Peek().Due - _clock.Elapsed).TotalMilliseconds;
                    timeout = (int)Math.Clamp(Math.Ceiling(ms), 0, PollMs);
                }

                int n = _pty.Read(buf, timeout);
                if (n < 0)
                {
                    return; // master closed (unplug)
                }

                if (n == 0)
                {
                    continue;
                }

                TimeSpan arrival = _clock.Elapsed;
                _ = Interlocked.Add(ref _received, n);
                if (!Feed(buf.AsSpan(0, n), arrival) || ByteLimitReached())
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the master went away under us (Disconnect/Dispose)
        }
    }

    /// <summary>Writes every response whose time has come; false when the server must end.</summary>
    private bool FlushDue()
    {
        while (_pending.Count > 0 && _pending.Peek().Due <= _clock.Elapsed)
        {
            byte[] frame = _pending.Dequeue().Frame;
            _pty.Write(frame);
            _ = Interlocked.Add(ref _sent, frame.Length);
            if (ByteLimitReached())
            {
                return false;
            }
        }

        if (_disconnectWhenFlushed && _pending.Count == 0)
        {
            // give the client a moment to read the last responses: closing the master drops unread data
            _disconnectAt ??= _clock.Elapsed + DisconnectGrace;
            if (_clock.Elapsed >= _disconnectAt)
            {
                FaultDisconnect();
                return false;
            }
        }

        return true;
    }

    private bool ByteLimitReached()
    {
        if (_faults.DisconnectAfterBytes is { } limit && BytesReceived + BytesSent >= limit)
        {
            FaultDisconnect();
            return true;
        }

        return false;
    }

    private void FaultDisconnect()
    {
        _pending.Clear();
        _pty.CloseMaster();
        Disconnected?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Deframes input and handles each good request; false when the server must end.</summary>
    private bool Feed(ReadOnlySpan<byte> input, TimeSpan arrival)
    {
        while (!input.IsEmpty)
        {
            OperationStatus status = _deframer.Read(input, out int consumed);
            input = input[consumed..];
            if (status == OperationStatus.InvalidData)
            {
                _ = Interlocked.Increment(ref _badFrames); // a real target ignores it silently
            }
            else if (status == OperationStatus.Done && !Handle(_deframer.Payload, arrival))
            {
                return false;
            }
        }

        return true;
    }

    private bool Handle(ReadOnlySpan<byte> request, TimeSpan arrival)
    {
        if (_disconnectWhenFlushed)
        {
            return true; // unplug pending: later requests go unanswered
        }

        if (_task.Admit(arrival) is not { } served)
        {
            _ = Interlocked.Increment(ref _discarded); // receive queue full: never seen by the DIAG task
            return true;
        }

        long count = Interlocked.Increment(ref _requests);
        byte[]? response;
        try
        {
            response = _responder.Respond(request);
        }
#pragma warning disable CA1031 // a responder bug must not kill the port thread (and the process with it)
        catch (Exception e)
#pragma warning restore CA1031
        {
            LastResponderError = e;
            response = null; // like a target whose handler crashed: no answer
        }

        if (_faults.PowerLossAfterRequests is { } powerLoss && count >= powerLoss)
        {
            _pending.Clear();
            _pty.CloseMaster(); // the response never leaves
            PowerLoss?.Invoke(this, EventArgs.Empty);
            return false;
        }

        FaultDecision fault = _faults.Next();
        if (response is not null && !fault.Drop)
        {
            byte[] frame = HdlcFramer.Encode(response);
            if (fault.Corrupt)
            {
                frame = CorruptCrc(frame);
            }

            TimeSpan due = _link.SendEnd(served, fault.ExtraDelay, _lastSendEnd, frame.Length);
            _lastSendEnd = due;
            _pending.Enqueue((due, frame));
        }

        if (_faults.DisconnectAfterRequests is { } limit && count >= limit)
        {
            _disconnectWhenFlushed = true;
        }

        return true;
    }
}
