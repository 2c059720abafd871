using System.Text;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Device.Diag;

/// <summary>
/// "Is this really the DIAG port, or an AT port?" with its own state, fed by the session's reader and
/// writer. Two tells:
/// <list type="bullet">
/// <item>An AT/modem port answers our binary frames with text such as <c>\r\nOK\r\n</c>, <c>\r\nERROR\r\n</c>
/// or <c>\r\nNO CARRIER\r\n</c> and never sends 0x7E. The probe keeps the bytes received since the last
/// 0x7E: a final AT result line before any good frame is proof at once; plain printable text when a
/// request times out is proof too, but only until a DIAG frame was heard. After that, text is data
/// (a READ reply of a text file cut by a timeout looks exactly like it).</item>
/// <item>An AT port with echo on (ATE1, the default) returns every byte we write, so each request comes
/// back as a well-formed frame with a good CRC, which may even "match" its own request. The probe keeps
/// the request payloads written until the port sends a frame that is not one of them (then the port
/// speaks DIAG and the check stops costing anything) and compares every received frame with them.
/// An identical frame proves nothing by itself for requests whose valid reply may equal the request
/// byte for byte (PROTOCOL.md: CONTROL and NV_WRITE replies repeat the request, an NV_READ of an
/// all-zero item, EFS HELLO with the target's own parameters, EFS CLOSE of fd 0). It is proof for
/// requests whose valid reply has another length (<see cref="ReplyNeverEquals"/>). Otherwise it is
/// proof only when a request then times out and every frame received so far (at least two) was one of ours.</item>
/// </list>
/// Thread-safe.
/// </summary>
internal sealed class DiagPortProbe(string description)
{
    private const int SentMemory = 64;
    private const int EchoesBeforeTimeoutVerdict = 2;
    private const int TextTailCapacity = 256;
    private static readonly string[] AtFinalResults = ["\r\nOK\r\n", "ERROR", "\r\nNO CARRIER\r\n", "\r\nBUSY\r\n", "\r\nNO DIALTONE\r\n"];
    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _sent = new();
    private readonly byte[] _textTail = new byte[TextTailCapacity];
    private int _textTailLength;
    private bool _heardDiag;
    private bool _heardFrame;
    private int _echoes;

    /// <summary>True once the port sent a good frame that was not one of our requests.</summary>
    public bool HeardDiag => Volatile.Read(ref _heardDiag);

    /// <summary>Called by the writer for each request payload before it goes out.</summary>
    public void RememberSent(byte[] payload)
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
    /// Called by the reader for each good non-empty frame before dispatch: returns a NotDiag failure when
    /// the frame is one of our requests that no DIAG port would answer with itself.
    /// </summary>
    public PortException? OnFrame(ReadOnlySpan<byte> frame)
    {
        Volatile.Write(ref _heardFrame, true);
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

    /// <summary>Called by the reader for each chunk; returns a NotDiag failure when the chunk completes an AT reply.</summary>
    public PortException? OnBytes(ReadOnlySpan<byte> chunk)
    {
        if (Volatile.Read(ref _heardDiag))
        {
            return null; // text is data now
        }

        lock (_lock)
        {
            int flag = chunk.LastIndexOf(HdlcFramer.Flag);
            if (flag >= 0)
            {
                _textTailLength = 0;
                chunk = chunk[(flag + 1)..];
            }

            AppendTail(chunk);
            if (Volatile.Read(ref _heardFrame) || _textTailLength == 0)
            {
                return null;
            }

            string? text = TailAsText();
            if (text is null)
            {
                return null;
            }

            foreach (string result in AtFinalResults)
            {
                // A final result sits on its own line: "\r\nERROR\r\n", "\r\n+CME ERROR: 10\r\n".
                int at = text.IndexOf(result, StringComparison.Ordinal);
                if (at >= 0 && (result[0] == '\r' || text.IndexOf("\r\n", at, StringComparison.Ordinal) > at))
                {
                    return NotDiag(text);
                }
            }

            return null;
        }
    }

    /// <summary>
    /// At a timeout: NotDiag when, before any DIAG frame was heard, everything since the last 0x7E is
    /// printable text, or every frame received so far (at least two) was one we sent.
    /// </summary>
    public PortException? AtTimeout()
    {
        lock (_lock)
        {
            if (_heardDiag)
            {
                return null;
            }

            string? text = TailAsText();
            if (text is not null && text.Any(char.IsLetterOrDigit))
            {
                return NotDiag(text);
            }

            return _echoes >= EchoesBeforeTimeoutVerdict ? EchoingPort() : null;
        }
    }

    /// <summary>
    /// True when <paramref name="reply"/> is <paramref name="request"/> itself before the port ever sent a
    /// frame of its own: an echoing AT port or a genuine reply (NV_WRITE, an all-zero NV_READ, CONTROL).
    /// The session settles it with one DIAG_VER request.
    /// </summary>
    public bool NeedsEchoProbe(byte[] request, byte[] reply) =>
        !Volatile.Read(ref _heardDiag) && request.Length != 0 && request[0] != (byte)DiagCommand.DiagVersion
        && reply.AsSpan().SequenceEqual(request);

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

    private void AppendTail(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= TextTailCapacity)
        {
            bytes[^TextTailCapacity..].CopyTo(_textTail);
            _textTailLength = TextTailCapacity;
            return;
        }

        int overflow = _textTailLength + bytes.Length - TextTailCapacity;
        if (overflow > 0)
        {
            _textTail.AsSpan(overflow, _textTailLength - overflow).CopyTo(_textTail);
            _textTailLength -= overflow;
        }

        bytes.CopyTo(_textTail.AsSpan(_textTailLength));
        _textTailLength += bytes.Length;
    }

    /// <summary>The tail as text when it is all printable ASCII/CR/LF/TAB (at least 2 bytes); else null.</summary>
    private string? TailAsText()
    {
        ReadOnlySpan<byte> tail = _textTail.AsSpan(0, _textTailLength);
        if (tail.Length < 2)
        {
            return null;
        }

        foreach (byte b in tail)
        {
            if (b is not ((>= 0x20 and < 0x7F) or (byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                return null;
            }
        }

        return Encoding.Latin1.GetString(tail);
    }

    private PortException NotDiag(string text)
    {
        string shown = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (shown.Length > 80)
        {
            shown = shown[..77] + "...";
        }

        return new PortException(
            PortErrorKind.NotDiag,
            description,
            $"{description} answered text ('{shown}'), it looks like a modem/AT port, not the DIAG port",
            textSeen: text);
    }

    private PortException EchoingPort() => new(
        PortErrorKind.NotDiag,
        description,
        $"{description} sends our DIAG requests straight back: it looks like an AT/modem port with echo on, not the DIAG port. " +
        "Try the other ttyUSB ports: `ztediag ports` shows which one is DIAG (USB interface 00).");
}
