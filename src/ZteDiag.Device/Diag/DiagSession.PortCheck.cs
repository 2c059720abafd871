using System.Text;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Device.Diag;

/// <summary>
/// "Is this really the DIAG port?" An AT/modem port answers our binary frames with text such as
/// <c>\r\nOK\r\n</c>, <c>\r\nERROR\r\n</c> or <c>\r\nNO CARRIER\r\n</c> and never sends 0x7E.
/// The session keeps the bytes received since the last 0x7E and checks them: a final AT result
/// line before any good DIAG frame breaks the session at once; plain printable text when a request
/// times out does too.
/// </summary>
public sealed partial class DiagSession
{
    private const int TextTailCapacity = 256;
    private static readonly string[] AtFinalResults = ["\r\nOK\r\n", "ERROR", "\r\nNO CARRIER\r\n", "\r\nBUSY\r\n", "\r\nNO DIALTONE\r\n"];
    private readonly byte[] _textTail = new byte[TextTailCapacity];
    private int _textTailLength;

    /// <summary>Called by the reader for each chunk; returns a NotDiag failure when the chunk completes an AT reply.</summary>
    private PortException? SniffText(ReadOnlySpan<byte> chunk)
    {
        lock (_lock)
        {
            int flag = chunk.LastIndexOf(HdlcFramer.Flag);
            if (flag >= 0)
            {
                _textTailLength = 0;
                chunk = chunk[(flag + 1)..];
            }

            AppendTail(chunk);
            if (Interlocked.Read(ref _framesIn) > 0 || _textTailLength == 0)
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

    /// <summary>At a timeout: if everything since the last 0x7E is printable text, the port talks text, not DIAG.</summary>
    private PortException? TextInsteadOfDiag()
    {
        lock (_lock)
        {
            string? text = TailAsText();
            return text is not null && text.Any(char.IsLetterOrDigit) ? NotDiag(text) : null;
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
            Description,
            $"{Description} answered text ('{shown}'), it looks like a modem/AT port, not the DIAG port",
            textSeen: text);
    }
}
