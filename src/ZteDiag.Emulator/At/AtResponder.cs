using System.Globalization;
using System.Text;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.At;

namespace ZteDiag.Emulator.At;

/// <summary>
/// The ZTE MF62x AT dialect for one AT port (DEVICES.md §3). Feed it raw bytes with
/// <see cref="Process"/>; it echoes (ATE1, the default), executes each CR-terminated line and returns
/// the bytes to send: info text <c>\r\n&lt;line&gt;[\r\n&lt;line&gt;…]\r\n</c> per command, then
/// <c>\r\nOK\r\n</c> or an error in the <see cref="ErrorMode"/> form. Lines not starting with "AT"
/// are ignored. Simple chains (<c>ATE0V1+CMEE=1;+CFUN=1</c>) work. Text is Latin-1.
/// Not thread-safe: one responder per port; the device behind it is shared.
/// </summary>
public sealed partial class AtResponder
{
    private const int MaxLine = 2048;
    private const byte CtrlZ = 0x1A, Esc = 0x1B, Backspace = 0x08, Del = 0x7F;

    private readonly IAtDevice _device;
    private readonly UnsolicitedNag? _nag;
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _smsBody = new();
    private string? _smsNumber;
    private DeferredReply? _deferred;

    /// <summary>Creates a responder for one port of <paramref name="device"/>.</summary>
    /// <param name="device">The shared device state.</param>
    /// <param name="nag">The shared +ZUSIMR nag that AT+CPMS stops, if any.</param>
    public AtResponder(IAtDevice device, UnsolicitedNag? nag = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _nag = nag;
    }

    /// <summary>Command echo (ATE1 default, ATE0 off).</summary>
    public bool Echo { get; set; } = true;

    /// <summary>
    /// Error form (AT+CMEE): 0 = <c>ERROR</c>, 1 = <c>+CME ERROR: 10</c>, 2 = <c>+CME ERROR: SIM not inserted</c>.
    /// Defaults to 1, the mode ZTE's own software and ModemManager set.
    /// </summary>
    public int ErrorMode { get; set; } = 1;

    /// <summary>SMS text mode (AT+CMGF=1); the default is PDU mode (0).</summary>
    public bool SmsTextMode { get; set; }

    /// <summary>True while an AT+CMGS body is being typed (after the <c>&gt; </c> prompt).</summary>
    public bool InSmsPrompt => _smsNumber is not null;

    /// <summary>True between replies: no partial command line and no SMS body pending (unsolicited lines may go out).</summary>
    public bool IsIdle => _line.Length == 0 && !InSmsPrompt;

    /// <summary>
    /// Takes the reply of a command that answers late (AT+COPS=?: the scan takes seconds): the port sends it after
    /// its delay unless the client types first, which aborts the command as 27.007 §5.1 allows.
    /// </summary>
    public DeferredReply? TakeDeferred()
    {
        DeferredReply? d = _deferred;
        _deferred = null;
        return d;
    }

    /// <summary>Consumes client bytes; returns everything to send back (echo and replies), possibly empty.</summary>
    public byte[] Process(ReadOnlySpan<byte> input)
    {
        var output = new StringBuilder();
        foreach (byte b in input)
        {
            if (InSmsPrompt)
            {
                ProcessSmsByte(b, output);
                continue;
            }

            if (b == '\r')
            {
                if (Echo)
                {
                    output.Append('\r');
                }

                string line = _line.ToString();
                _line.Clear();
                output.Append(ExecuteLine(line));
            }
            else if (b is Backspace or Del)
            {
                if (_line.Length > 0)
                {
                    _line.Length--;
                }

                if (Echo)
                {
                    output.Append((char)b);
                }
            }
            else
            {
                if (Echo)
                {
                    output.Append((char)b);
                }

                if (b != '\n' && _line.Length < MaxLine)
                {
                    _line.Append((char)b);
                }
            }
        }

        return Encoding.Latin1.GetBytes(output.ToString());
    }

    /// <summary>Executes one command line (without its CR) and returns the reply text (no echo).</summary>
    public string ExecuteLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string trimmed = line.Trim();
        if (trimmed.Length < 2 || !trimmed.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            return string.Empty; // not a command: a real modem ignores it
        }

        var reply = new StringBuilder();
        var after = new StringBuilder();
        string body = trimmed[2..];
        int i = 0;
        while (i < body.Length)
        {
            char c = body[i];
            if (c is ' ' or ';')
            {
                i++;
                continue;
            }

            string? command = NextCommand(body, ref i);
            if (command is null)
            {
                return reply.Append(Final(Error.Plain)).ToString();
            }

            Result r = Dispatch(command);
            if (r.Lines.Count > 0)
            {
                reply.Append("\r\n").Append(string.Join("\r\n", r.Lines)).Append("\r\n");
            }

            if (r.Error is { } error)
            {
                return reply.Append(Final(error)).ToString();
            }

            if (r.Delay is { } delay)
            {
                _deferred = new DeferredReply(Encoding.Latin1.GetBytes(reply.Append("\r\nOK\r\n").ToString()), delay);
                return string.Empty;
            }

            if (r.Prompt)
            {
                return reply.Append("\r\n> ").ToString();
            }

            if (r.FinalText is { } final)
            {
                return reply.Append("\r\n").Append(final).Append("\r\n").ToString();
            }

            foreach (string u in r.After)
            {
                after.Append("\r\n").Append(u).Append("\r\n");
            }
        }

        return reply.Append("\r\nOK\r\n").Append(after).ToString();
    }

    private void ProcessSmsByte(byte b, StringBuilder output)
    {
        switch (b)
        {
            case CtrlZ:
                string number = _smsNumber!;
                _smsNumber = null;
                string text = _smsBody.ToString();
                _smsBody.Clear();
                output.Append(CompleteSmsBody(number, text));
                break;
            case Esc:
                _smsNumber = null;
                _smsBody.Clear();
                output.Append("\r\nOK\r\n");
                break;
            case (byte)'\r':
                _smsBody.Append('\n');
                output.Append(Echo ? "\r" : string.Empty).Append("\r\n> ");
                break;
            case Backspace or Del:
                if (_smsBody.Length > 0)
                {
                    _smsBody.Length--;
                }

                break;
            default:
                if (b != '\n' && _smsBody.Length < MaxLine)
                {
                    _smsBody.Append((char)b);
                }

                if (Echo)
                {
                    output.Append((char)b);
                }

                break;
        }
    }

    /// <summary>Cuts the next command off <paramref name="body"/>; null on a syntax error.</summary>
    private static string? NextCommand(string body, ref int i)
    {
        int start = i;
        char c = char.ToUpperInvariant(body[i]);
        if (c is '+' or '^' or '$' or '*')
        {
            bool quoted = false;
            while (i < body.Length && (quoted || body[i] != ';'))
            {
                quoted ^= body[i] == '"';
                i++;
            }

            return body[start..i];
        }

        if (c == 'D')
        {
            i = body.Length; // dial takes the rest of the line
            return body[start..];
        }

        if (c == '&')
        {
            i++;
            if (i >= body.Length || !char.IsAsciiLetter(body[i]))
            {
                return null;
            }
        }
        else if (!char.IsAsciiLetter(c))
        {
            return null;
        }

        i++;
        if (c == 'S')
        {
            while (i < body.Length && (char.IsAsciiDigit(body[i]) || body[i] is '=' or '?'))
            {
                i++;
            }

            return body[start..i];
        }

        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            i++;
        }

        return body[start..i];
    }

}

/// <summary>A reply the AT port sends after <paramref name="Delay"/>, unless the client types first.</summary>
/// <param name="Bytes">The whole reply, final result included.</param>
/// <param name="Delay">How long after the command.</param>
public sealed record DeferredReply(byte[] Bytes, TimeSpan Delay);
