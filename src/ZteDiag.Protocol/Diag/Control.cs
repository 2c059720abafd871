using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>Mode argument of CONTROL (0x29), u16. PROTOCOL.md §2.7.</summary>
public enum DiagControlMode : ushort
{
    /// <summary>OFFLINE_A (analog offline).</summary>
    OfflineA = 0,
    /// <summary>OFFLINE_D (digital offline); required before <see cref="Reset"/>.</summary>
    OfflineD = 1,
    /// <summary>RESET (only valid from offline).</summary>
    Reset = 2,
    /// <summary>Factory test mode.</summary>
    Ftm = 3,
    /// <summary>Online.</summary>
    Online = 4,
    /// <summary>Low-power mode.</summary>
    Lpm = 5,
    /// <summary>Power off (per openpst/EfsTools).</summary>
    PowerOff = 6,
}

/// <summary>CONTROL (0x29) request: <c>29</c> + u16 mode, 3 bytes. PROTOCOL.md §2.7.</summary>
/// <param name="Mode">Requested mode.</param>
public sealed record ControlRequest(DiagControlMode Mode) : IDiagPacket
{
    /// <summary>Encoded size.</summary>
    public const int Length = 1 /* 29 */ + 2 /* mode */;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Control;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)Mode);
        return Length;
    }

    /// <summary>Parses a request (an unknown mode value is kept as is).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out ControlRequest? value)
    {
        DiagStatus s = Wire.CheckRequest(src, DiagCommand.Control, Length);
        value = s == DiagStatus.Ok ? new ControlRequest((DiagControlMode)BinaryPrimitives.ReadUInt16LittleEndian(src[1..])) : null;
        return s;
    }
}

/// <summary>CONTROL (0x29) response: echoes the request, 3 bytes.</summary>
/// <param name="Mode">Echoed mode.</param>
public sealed record ControlResponse(DiagControlMode Mode) : IDiagPacket
{
    /// <summary>Encoded size.</summary>
    public const int Length = ControlRequest.Length;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Control;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)Mode);
        return Length;
    }

    /// <summary>Parses a response.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out ControlResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.Control, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new ControlResponse((DiagControlMode)BinaryPrimitives.ReadUInt16LittleEndian(src[1..]));
        return DiagStatus.Ok;
    }
}
