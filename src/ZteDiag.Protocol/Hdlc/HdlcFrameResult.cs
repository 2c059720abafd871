using System.Buffers;

namespace ZteDiag.Protocol.Hdlc;

/// <summary>One frame found in a byte stream: its payload when good, its error when bad.</summary>
/// <param name="Payload">Unescaped payload without CRC (empty for a bad frame).</param>
/// <param name="Error">Why the frame was rejected, or <see cref="HdlcFrameError.None"/>.</param>
public sealed record HdlcFrameResult(byte[] Payload, HdlcFrameError Error)
{
    /// <summary>True when the frame passed the CRC check.</summary>
    public bool IsGood => Error == HdlcFrameError.None;

    /// <summary>Splits a whole buffer into frames; a trailing unterminated frame is reported in <paramref name="trailing"/>.</summary>
    public static IReadOnlyList<HdlcFrameResult> DeframeAll(ReadOnlySpan<byte> stream, out int trailing, int maxFrameLength = HdlcDeframer.DefaultMaxFrameLength)
    {
        var d = new HdlcDeframer(maxFrameLength);
        var frames = new List<HdlcFrameResult>();
        while (true)
        {
            OperationStatus s = d.Read(stream, out int used);
            stream = stream[used..];
            if (s == OperationStatus.Done)
            {
                frames.Add(new HdlcFrameResult(d.Payload.ToArray(), HdlcFrameError.None));
            }
            else if (s == OperationStatus.InvalidData)
            {
                frames.Add(new HdlcFrameResult([], d.LastError));
            }
            else
            {
                trailing = d.Pending;
                return frames;
            }
        }
    }
}
