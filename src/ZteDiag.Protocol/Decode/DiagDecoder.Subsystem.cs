using ZteDiag.Protocol.Trace;

namespace ZteDiag.Protocol.Decode;

public static partial class DiagDecoder
{
    /// <summary>Subsystem commands (EFS2 lands in its own partial); null = generic rendering.</summary>
    private static DecodedPacket? TryDecodeSubsystem(ReadOnlySpan<byte> p, TraceDirection dir, bool request) => null;
}
