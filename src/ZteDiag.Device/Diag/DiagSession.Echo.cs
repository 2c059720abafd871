using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Diag;

/// <summary>
/// "Does this port send our own frames back?" An AT/modem port with echo on (ATE1, the default)
/// returns every byte we write, so each request comes back as a well-formed frame with a good CRC,
/// which the text check cannot see and which may even "match" its own request. The session keeps
/// the request payloads it wrote until the port sends a frame that is not one of them (then the port
/// speaks DIAG and the check stops costing anything) and compares every received frame with them.
/// <para>
/// An identical frame proves nothing by itself for requests whose valid reply may equal the request
/// byte for byte (PROTOCOL.md: CONTROL and NV_WRITE replies repeat the request, an NV_READ of an
/// all-zero item, EFS HELLO with the target's own parameters, EFS CLOSE of fd 0). It is proof for
/// requests whose valid reply has another length (<see cref="ReplyNeverEquals"/>): the session
/// breaks at once. Otherwise it is proof only when a request then times out and every frame
/// received so far (at least two) was one of ours.
/// </para>
/// </summary>
public sealed partial class DiagSession
{
    private const int SentMemory = 64;
    private const int EchoesBeforeTimeoutVerdict = 2;
    private readonly Queue<byte[]> _sent = new();
    private bool _heardDiag;
    private int _echoes;

    /// <summary>Called by the writer for each request payload before it goes out.</summary>
    private void RememberSent(byte[] payload)
    {
        if (Volatile.Read(ref _heardDiag))
        {
            return; // the usual case once the port has answered: no lock per frame
        }

        lock (_lock)
        {
            if (_heardDiag)
            {
                return;
            }

            if (_sent.Count == SentMemory)
            {
                _sent.Dequeue();
            }

            _sent.Enqueue(payload);
        }
    }

    /// <summary>
    /// Called by the reader for each non-empty frame before dispatch: returns a NotDiag failure when
    /// the frame is one of our requests that no DIAG port would answer with itself.
    /// </summary>
    private PortException? CheckEcho(ReadOnlySpan<byte> frame)
    {
        if (Volatile.Read(ref _heardDiag))
        {
            return null;
        }

        lock (_lock)
        {
            if (_heardDiag)
            {
                return null;
            }

            foreach (byte[] sent in _sent)
            {
                if (frame.SequenceEqual(sent))
                {
                    _echoes++;
                    return ReplyNeverEquals(sent) ? EchoingPort() : null;
                }
            }

            Volatile.Write(ref _heardDiag, true); // a frame we did not send: a DIAG peer
            _sent.Clear();
            return null;
        }
    }

    /// <summary>
    /// A reply identical to its request, before the port has sent anything else, may be a genuine reply
    /// (NV_WRITE, an all-zero NV_READ, CONTROL) or an echoing AT port; left alone, an `nv write` to the AT
    /// port would report success. One DIAG_VER request settles it: an echoing port sends it back, which
    /// <see cref="ReplyNeverEquals"/> turns into NotDiag at once, while a DIAG port answers (or rejects) it
    /// with a frame of its own. A probe that times out proves nothing and the reply stands.
    /// </summary>
    private async Task ProbeIfEchoAsync(byte[] request, byte[] reply, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _heardDiag) || request.Length == 0 || request[0] == (byte)DiagCommand.DiagVersion
            || !reply.AsSpan().SequenceEqual(request))
        {
            return;
        }

        try
        {
            _ = await RequestAsync(DiagVersionProbe, ProbeOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (DiagRejectedException)
        {
            // an error reply is a frame we did not send: the port speaks DIAG
        }
        catch (DiagTimeoutException)
        {
            // inconclusive: the caller keeps its reply, and a later timeout may still conclude
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // the request itself completed: a cancel or close during the probe must not turn it into a failure
        }
    }

    private static readonly byte[] DiagVersionProbe = [(byte)DiagCommand.DiagVersion];

    private static readonly DiagRequestOptions ProbeOptions = new() { Name = "DIAG_VER (echo probe)" };

    /// <summary>At a timeout: if every frame received so far (at least two) was one we sent, the port echoes.</summary>
    private PortException? EchoesOnly()
    {
        lock (_lock)
        {
            return !_heardDiag && _echoes >= EchoesBeforeTimeoutVerdict ? EchoingPort() : null;
        }
    }

    /// <summary>
    /// True for requests whose valid reply has another length than the request (PROTOCOL.md §2.3,
    /// §2.6, §3.4), so a DIAG port can never answer them with the request itself; an error reply
    /// starts with an error code, never with the request's own command.
    /// </summary>
    private static bool ReplyNeverEquals(ReadOnlySpan<byte> request)
    {
        if (request.IsEmpty)
        {
            return false;
        }

        switch ((DiagCommand)request[0])
        {
            case DiagCommand.Verno or DiagCommand.Esn or DiagCommand.DiagVersion or DiagCommand.ExtBuildId:
                return request.Length == 1; // replies: 55, 5, 3 and at least 14 bytes
            case DiagCommand.Spc:
                return request.Length == 7; // reply: 41 + sec_code_ok
            case DiagCommand.Password:
                return request.Length == 9; // reply: 46 + password_ok
            case DiagCommand.SubsysCmd when request.Length >= SubsysHeader.Size
                && EfsSubsystem.IsEfs(request[1]) && request[3] == 0:
                return (EfsCommand)request[2] switch
                {
                    EfsCommand.Query => request.Length == 4, // reply: 28 bytes
                    EfsCommand.Open => request.Length >= 13, // reply: 12 bytes
                    EfsCommand.Read => request.Length == 16, // reply: at least 20 bytes
                    EfsCommand.Readdir => request.Length == 12, // reply: at least 41 bytes
                    EfsCommand.Fstat => request.Length == 8, // reply: 32 bytes
                    _ => false,
                };
            default:
                return false;
        }
    }

    private PortException EchoingPort() => new(
        PortErrorKind.NotDiag,
        Description,
        $"{Description} sends our DIAG requests straight back: it looks like an AT/modem port with echo on, not the DIAG port. " +
        "Try the other ttyUSB ports: `ztediag ports` shows which one is DIAG (USB interface 00).");
}
