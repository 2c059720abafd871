using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>ESN (0x01) request: the single command byte. PROTOCOL.md §2.3.</summary>
public sealed record EsnRequest : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => 1 /* 01 */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Esn;
        return Size;
    }

    /// <summary>Parses a request; anything but exactly <c>01</c> fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EsnRequest? value)
    {
        DiagStatus s = Wire.CheckRequest(src, DiagCommand.Esn, 1);
        value = s == DiagStatus.Ok ? new EsnRequest() : null;
        return s;
    }
}

/// <summary>ESN (0x01) response: <c>01</c> + u32 ESN, 5 bytes. PROTOCOL.md §2.3.</summary>
/// <param name="Esn">Electronic serial number (peers print it as 8 hex digits).</param>
public sealed record EsnResponse(uint Esn) : IDiagPacket
{
    /// <summary>Encoded size.</summary>
    public const int Length = 1 /* 01 */ + 4 /* esn */;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Esn;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], Esn);
        return Length;
    }

    /// <summary>Parses a response.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EsnResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.Esn, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new EsnResponse(BinaryPrimitives.ReadUInt32LittleEndian(src[1..]));
        return DiagStatus.Ok;
    }
}
