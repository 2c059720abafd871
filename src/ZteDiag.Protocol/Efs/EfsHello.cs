using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>
/// EFS2 HELLO request (exactly 44 bytes): ten u32 window/version fields. Closes every open handle
/// on the target. PROTOCOL.md §3.4, §3.7.
/// </summary>
public sealed record EfsHelloRequest(
    uint TargetPacketWindow,
    uint TargetByteWindow,
    uint HostPacketWindow,
    uint HostByteWindow,
    uint IterPacketWindow,
    uint IterByteWindow,
    uint Version,
    uint MinVersion,
    uint MaxVersion,
    uint FeatureBits,
    byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Window value every surveyed peer sends (0x100000).</summary>
    public const uint DefaultWindow = 0x100000;

    /// <summary>Total packet size.</summary>
    public const int PacketSize = EfsWire.Body + (10 * 4);

    /// <summary>The parameters QCSuper, EfsTools and qfenix send (windows 0x100000, version 1, features 0xFFFFFFFF).</summary>
    public static EfsHelloRequest Default(byte subsystem = EfsSubsystem.Standard) =>
        new(DefaultWindow, DefaultWindow, DefaultWindow, DefaultWindow, DefaultWindow, DefaultWindow, 1, 1, 1, 0xFFFFFFFF, subsystem);

    /// <inheritdoc/>
    public int Size => PacketSize;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Hello);
        w.U32(TargetPacketWindow);
        w.U32(TargetByteWindow);
        w.U32(HostPacketWindow);
        w.U32(HostByteWindow);
        w.U32(IterPacketWindow);
        w.U32(IterByteWindow);
        w.U32(Version);
        w.U32(MinVersion);
        w.U32(MaxVersion);
        w.U32(FeatureBits);
        return Size;
    }

    /// <summary>Parses a HELLO request; any size but 44 fails (Truncated / BadLength).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsHelloRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckExactRequest(src, EfsCommand.Hello, PacketSize, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new EfsHelloRequest(
            EfsWire.U32(src, 4), EfsWire.U32(src, 8), EfsWire.U32(src, 12), EfsWire.U32(src, 16), EfsWire.U32(src, 20),
            EfsWire.U32(src, 24), EfsWire.U32(src, 28), EfsWire.U32(src, 32), EfsWire.U32(src, 36), EfsWire.U32(src, 40), sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 HELLO response (44 bytes): the target's current parameters, same layout as the request.</summary>
public sealed record EfsHelloResponse(
    uint TargetPacketWindow,
    uint TargetByteWindow,
    uint HostPacketWindow,
    uint HostByteWindow,
    uint IterPacketWindow,
    uint IterByteWindow,
    uint Version,
    uint MinVersion,
    uint MaxVersion,
    uint FeatureBits,
    byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsHelloRequest.PacketSize;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Hello);
        w.U32(TargetPacketWindow);
        w.U32(TargetByteWindow);
        w.U32(HostPacketWindow);
        w.U32(HostByteWindow);
        w.U32(IterPacketWindow);
        w.U32(IterByteWindow);
        w.U32(Version);
        w.U32(MinVersion);
        w.U32(MaxVersion);
        w.U32(FeatureBits);
        return Size;
    }

    /// <summary>Parses a HELLO response (≥ 44 bytes; trailing bytes ignored).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsHelloResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Hello, EfsHelloRequest.PacketSize, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new EfsHelloResponse(
            EfsWire.U32(src, 4), EfsWire.U32(src, 8), EfsWire.U32(src, 12), EfsWire.U32(src, 16), EfsWire.U32(src, 20),
            EfsWire.U32(src, 24), EfsWire.U32(src, 28), EfsWire.U32(src, 32), EfsWire.U32(src, 36), EfsWire.U32(src, 40), sub);
        return DiagStatus.Ok;
    }
}
