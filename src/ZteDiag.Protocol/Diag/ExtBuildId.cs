using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>EXT_BUILD_ID (0x7C) request: the single command byte. PROTOCOL.md §2.3.</summary>
public sealed record ExtBuildIdRequest : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => 1 /* 7C */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.ExtBuildId;
        return Size;
    }

    /// <summary>Parses a request; anything but exactly <c>7C</c> fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out ExtBuildIdRequest? value)
    {
        DiagStatus s = Wire.CheckRequest(src, DiagCommand.ExtBuildId, 1);
        value = s == DiagStatus.Ok ? new ExtBuildIdRequest() : null;
        return s;
    }
}

/// <summary>
/// EXT_BUILD_ID (0x7C) response: <c>7C</c>, u8 format, u8[2] reserved, u32 msm_hw_version,
/// u32 mobile_model_id, then build_id and model_string, each NUL-terminated Latin-1. PROTOCOL.md §2.3.
/// Both NULs are required: a string without its terminator is <see cref="DiagStatus.Malformed"/>.
/// </summary>
/// <param name="Format">msm_hw_version_format.</param>
/// <param name="Reserved">The two reserved bytes (u16 LE), kept so nothing is silently skipped.</param>
/// <param name="MsmHardwareVersion">msm_hw_version.</param>
/// <param name="MobileModelId">mobile_model_id.</param>
/// <param name="BuildId">build_id ("M6290A-KPRZL-2.4.0105T").</param>
/// <param name="ModelString">model_string (often empty).</param>
public sealed record ExtBuildIdResponse(
    byte Format,
    ushort Reserved,
    uint MsmHardwareVersion,
    uint MobileModelId,
    string BuildId,
    string ModelString) : IDiagPacket
{
    /// <summary>Size of the fixed part before the strings.</summary>
    public const int FixedLength = 1 /* 7C */ + 1 /* format */ + 2 /* reserved */ + 4 /* msm_hw_version */ + 4 /* mobile_model_id */;

    /// <inheritdoc/>
    public int Size => FixedLength + Wire.CStringSize(BuildId) + Wire.CStringSize(ModelString);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.ExtBuildId;
        destination[1] = Format;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], Reserved);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], MsmHardwareVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], MobileModelId);
        int o = FixedLength;
        o += Wire.WriteCString(BuildId, destination[o..]);
        o += Wire.WriteCString(ModelString, destination[o..]);
        return o;
    }

    /// <summary>Parses a response; trailing bytes after model_string's NUL are ignored.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out ExtBuildIdResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.ExtBuildId, FixedLength);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        ReadOnlySpan<byte> rest = src[FixedLength..];
        if (!Wire.TryReadCString(rest, out string buildId, out int used))
        {
            return DiagStatus.Malformed;
        }

        if (!Wire.TryReadCString(rest[used..], out string model, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new ExtBuildIdResponse(
            src[1],
            BinaryPrimitives.ReadUInt16LittleEndian(src[2..]),
            BinaryPrimitives.ReadUInt32LittleEndian(src[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(src[8..]),
            buildId,
            model);
        return DiagStatus.Ok;
    }
}
