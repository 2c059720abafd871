using System.Diagnostics;
using System.Text;
using ZteDiag.Emulator.Pty;

namespace ZteDiag.Emulator.At;

/// <summary>
/// Serves one AT port on a pseudo-terminal: poll/read on the master (50 ms timeouts so
/// <see cref="Stop"/> works), feed an <see cref="AtResponder"/>, write its output in one write.
/// Sends the shared <see cref="UnsolicitedNag"/> between replies only (never inside one, never while
/// a command line or SMS body is half typed), and so the responder's own URCs (+CMTI). The nag starts once a client has sent something and
/// pauses after <see cref="MaxUnreadNags"/> nags without any client input, so a port nobody reads
/// cannot fill the pty buffer. The server does not own the pty.
/// </summary>
public sealed class AtPortServer : IDisposable
{
    /// <summary>Nags sent without client input before the port goes quiet until the next input.</summary>
    public const int MaxUnreadNags = 30;

    private const int PollMs = 50;

    private readonly PseudoTerminal _pty;
    private readonly AtResponder _responder;
    private readonly UnsolicitedNag? _nag;
    private Thread? _thread;
    private volatile bool _stop;

    /// <summary>Creates a server; call <see cref="Start"/>.</summary>
    public AtPortServer(PseudoTerminal pty, AtResponder responder, UnsolicitedNag? nag = null)
    {
        ArgumentNullException.ThrowIfNull(pty);
        ArgumentNullException.ThrowIfNull(responder);
        _pty = pty;
        _responder = responder;
        _nag = nag;
    }

    /// <summary>The responder (echo/CMEE state of this port).</summary>
    public AtResponder Responder => _responder;

    /// <summary>The last exception the device threw (answered with ERROR), or null.</summary>
    public Exception? LastDeviceError { get; private set; }

    /// <summary>True while the server thread runs.</summary>
    public bool IsRunning => _thread is { IsAlive: true };

    /// <summary>Starts the server thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("already started");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "at " + _pty.SlavePath };
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

    private void Run()
    {
        byte[] buf = new byte[1024];
        var clock = Stopwatch.StartNew();
        TimeSpan lastNag = TimeSpan.Zero;
        bool clientSeen = false;
        int unread = 0;
        byte[]? late = null;
        TimeSpan lateDue = TimeSpan.Zero;
        byte[]? nagBytes = _nag is null ? null : Encoding.Latin1.GetBytes("\r\n" + _nag.Text + "\r\n");
        try
        {
            while (!_stop)
            {
                int n = _pty.Read(buf, PollMs);
                if (n < 0)
                {
                    return; // master closed (unplug)
                }

                if (n > 0)
                {
                    clientSeen = true;
                    unread = 0;
                    late = null; // typing aborts a command that has not answered yet (27.007 §5.1)
                    byte[] reply;
                    try
                    {
                        reply = _responder.Process(buf.AsSpan(0, n));
                    }
#pragma warning disable CA1031 // a device bug must not kill the port thread (and the process with it)
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        LastDeviceError = e;
                        reply = "\r\nERROR\r\n"u8.ToArray();
                    }

                    if (reply.Length > 0)
                    {
                        _pty.Write(reply);
                    }

                    if (_responder.TakeDeferred() is { } deferred)
                    {
                        late = deferred.Bytes;
                        lateDue = clock.Elapsed + deferred.Delay;
                    }
                }

                if (late is not null && clock.Elapsed >= lateDue)
                {
                    _pty.Write(late);
                    late = null;
                }

                foreach (string urc in _responder.TakeUnsolicited())
                {
                    _pty.Write(Encoding.Latin1.GetBytes("\r\n" + urc + "\r\n"));
                }

                if (nagBytes is not null && _nag!.IsActive && clientSeen && unread < MaxUnreadNags
                    && late is null && _responder.IsIdle && clock.Elapsed - lastNag >= _nag.Interval)
                {
                    _pty.Write(nagBytes);
                    lastNag = clock.Elapsed;
                    unread++;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the master went away under us (Disconnect/Dispose)
        }
    }
}
