using System.Buffers;

namespace ZteDiag.Protocol.Hdlc;

/// <summary>
/// Streaming async-HDLC deframer. Feed it bytes in any chunking; each call stops after one frame
/// (good or bad) and says how many input bytes it consumed, so the caller loops with
/// <c>input = input[consumed..]</c>. State (a partial frame, a pending escape) carries over between
/// calls; memory is bounded by <see cref="MaxFrameLength"/>. Empty frames (leading or duplicate
/// 0x7E) are skipped. PROTOCOL.md §1.4.
/// </summary>
public sealed class HdlcDeframer
{
    /// <summary>Default bound on an unescaped frame (payload + CRC); DIAG packets are far smaller.</summary>
    public const int DefaultMaxFrameLength = 16 * 1024;

    private readonly byte[] _buf;
    private int _len;
    private bool _escapePending;
    private bool _overflow;
    private bool _badEscape;
    private int _frameLength;

    /// <summary>Creates a deframer that rejects frames longer than <paramref name="maxFrameLength"/> unescaped bytes.</summary>
    public HdlcDeframer(int maxFrameLength = DefaultMaxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 3);
        _buf = new byte[maxFrameLength];
    }

    /// <summary>Largest accepted unescaped frame, CRC included.</summary>
    public int MaxFrameLength => _buf.Length;

    /// <summary>Payload (CRC stripped) of the frame returned by the last <see cref="OperationStatus.Done"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Payload => _buf.AsSpan(0, _frameLength);

    /// <summary>Why the last <see cref="OperationStatus.InvalidData"/> was returned.</summary>
    public HdlcFrameError LastError { get; private set; }

    /// <summary>Bytes of the current, unfinished frame held so far.</summary>
    public int Pending => _len;

    /// <summary>
    /// Reads at most one frame from <paramref name="input"/>.
    /// <list type="bullet">
    /// <item><see cref="OperationStatus.Done"/>: a good frame; see <see cref="Payload"/>.</item>
    /// <item><see cref="OperationStatus.InvalidData"/>: a bad frame ended at a flag; see <see cref="LastError"/>.</item>
    /// <item><see cref="OperationStatus.NeedMoreData"/>: all input consumed, no frame ended yet.</item>
    /// </list>
    /// </summary>
    public OperationStatus Read(ReadOnlySpan<byte> input, out int consumed)
    {
        _frameLength = 0;
        LastError = HdlcFrameError.None;
        int pos = 0;
        while (pos < input.Length)
        {
            if (_escapePending)
            {
                byte b = input[pos];
                _escapePending = false;
                if (b == HdlcFramer.Flag)
                {
                    _badEscape = true; // fall through to the flag handling below
                }
                else
                {
                    Append(b ^ HdlcFramer.EscapeXor);
                    pos++;
                    continue;
                }
            }

            ReadOnlySpan<byte> rest = input[pos..];
            int i = rest.IndexOfAny(HdlcFramer.Flag, HdlcFramer.Escape);
            if (i < 0)
            {
                AppendRun(rest);
                consumed = input.Length;
                return OperationStatus.NeedMoreData;
            }

            AppendRun(rest[..i]);
            pos += i;
            if (input[pos] == HdlcFramer.Escape)
            {
                pos++;
                _escapePending = true;
                continue;
            }

            // A flag ends the frame in progress.
            pos++;
            OperationStatus? status = FinishFrame();
            if (status is { } s)
            {
                consumed = pos;
                return s;
            }
        }

        consumed = input.Length;
        return OperationStatus.NeedMoreData;
    }

    /// <summary>Forgets any partial frame, e.g. after the port was reopened.</summary>
    public void Reset()
    {
        _len = 0;
        _escapePending = _overflow = _badEscape = false;
        _frameLength = 0;
        LastError = HdlcFrameError.None;
    }

    private OperationStatus? FinishFrame()
    {
        int len = _len;
        bool overflow = _overflow, badEscape = _badEscape;
        _len = 0;
        _overflow = _badEscape = false;
        if (len == 0 && !overflow && !badEscape)
        {
            return null; // empty frame: leading or duplicate flag
        }

        if (overflow)
        {
            return Fail(HdlcFrameError.TooLong);
        }

        if (badEscape)
        {
            return Fail(HdlcFrameError.BadEscape);
        }

        if (len < 3)
        {
            return Fail(HdlcFrameError.TooShort);
        }

        if (Crc16X25.Update(Crc16X25.Seed, _buf.AsSpan(0, len)) != Crc16X25.GoodResidue)
        {
            return Fail(HdlcFrameError.BadCrc);
        }

        _frameLength = len - 2;
        return OperationStatus.Done;
    }

    private OperationStatus Fail(HdlcFrameError error)
    {
        LastError = error;
        return OperationStatus.InvalidData;
    }

    private void Append(int b)
    {
        if (_len < _buf.Length)
        {
            _buf[_len++] = (byte)b;
        }
        else
        {
            _overflow = true;
        }
    }

    private void AppendRun(ReadOnlySpan<byte> run)
    {
        if (_overflow || run.IsEmpty)
        {
            return;
        }

        int room = _buf.Length - _len;
        if (run.Length > room)
        {
            run[..room].CopyTo(_buf.AsSpan(_len));
            _len = _buf.Length;
            _overflow = true;
            return;
        }

        run.CopyTo(_buf.AsSpan(_len));
        _len += run.Length;
    }
}
