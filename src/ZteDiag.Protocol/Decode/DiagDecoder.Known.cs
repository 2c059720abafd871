using ZteDiag.Protocol.Trace;

namespace ZteDiag.Protocol.Decode;

public static partial class DiagDecoder
{
    private static partial DecodedPacket? TryDecodeKnown(ReadOnlySpan<byte> p, TraceDirection dir, bool reveal) =>
        TryDecodeCore(p, dir, reveal);
}
