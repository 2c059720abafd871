using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>DIAG_VER (0x1C) request: the single command byte. PROTOCOL.md §2.1.</summary>
public sealed record DiagVersionRequest : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => 1 /* 1C */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.DiagVersion;
        return Size;
    }

    /// <summary>Parses a request; anything but exactly <c>1C</c> fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out DiagVersionRequest? value)
    {
        DiagStatus s = Wire.CheckRequest(src, DiagCommand.DiagVersion, 1);
        value = s == DiagStatus.Ok ? new DiagVersionRequest() : null;
        return s;
    }
}

/// <summary>DIAG_VER (0x1C) response: <c>1C</c> + u16 version, 3 bytes. PROTOCOL.md §2.1.</summary>
/// <param name="Version">DIAG protocol version (the MF627 reports 8).</param>
public sealed record DiagVersionResponse(ushort Version) : IDiagPacket
{
    /// <summary>Encoded size.</summary>
    public const int Length = 1 /* 1C */ + 2 /* ver */;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.DiagVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], Version);
        return Length;
    }

    /// <summary>Parses a response.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out DiagVersionResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.DiagVersion, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new DiagVersionResponse(BinaryPrimitives.ReadUInt16LittleEndian(src[1..]));
        return DiagStatus.Ok;
    }
}
