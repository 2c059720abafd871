using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>VERNO (0x00) request: the single command byte. PROTOCOL.md §2.3.</summary>
public sealed record VernoRequest : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => 1 /* 00 */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Verno;
        return Size;
    }

    /// <summary>Parses a request; anything but exactly <c>00</c> fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out VernoRequest? value)
    {
        DiagStatus s = Wire.CheckRequest(src, DiagCommand.Verno, 1);
        value = s == DiagStatus.Ok ? new VernoRequest() : null;
        return s;
    }
}

/// <summary>
/// VERNO (0x00) response, 55 bytes. Text fields are fixed-width Latin-1, NUL-padded on write and
/// trimmed of trailing NULs on parse. PROTOCOL.md §2.3.
/// </summary>
/// <param name="CompileDate">comp_date, 11 chars ("Aug 19 2008").</param>
/// <param name="CompileTime">comp_time, 8 chars ("20:48:47").</param>
/// <param name="ReleaseDate">rel_date, 11 chars.</param>
/// <param name="ReleaseTime">rel_time, 8 chars.</param>
/// <param name="VersionDirectory">ver_dir, 8 chars (build directory, e.g. "KP671A2").</param>
/// <param name="StationClassMark">scm.</param>
/// <param name="CaiRevision">mob_cai_rev.</param>
/// <param name="MobileModel">mob_model.</param>
/// <param name="FirmwareRevision">mob_firm_rev (u16).</param>
/// <param name="SlotCycleIndex">slot_cycle_index.</param>
/// <param name="HardwareMajor">hw_maj_ver (libqcdm calls it msm_ver).</param>
/// <param name="HardwareMinor">hw_min_ver.</param>
public sealed record VernoResponse(
    string CompileDate,
    string CompileTime,
    string ReleaseDate,
    string ReleaseTime,
    string VersionDirectory,
    byte StationClassMark,
    byte CaiRevision,
    byte MobileModel,
    ushort FirmwareRevision,
    byte SlotCycleIndex,
    byte HardwareMajor,
    byte HardwareMinor) : IDiagPacket
{
    /// <summary>Width of comp_date and rel_date.</summary>
    public const int DateLength = 11;

    /// <summary>Width of comp_time and rel_time.</summary>
    public const int TimeLength = 8;

    /// <summary>Width of ver_dir.</summary>
    public const int VersionDirectoryLength = 8;

    /// <summary>Encoded size.</summary>
    public const int Length = 1 /* 00 */ + DateLength + TimeLength + DateLength + TimeLength + VersionDirectoryLength
        + 1 /* scm */ + 1 /* mob_cai_rev */ + 1 /* mob_model */ + 2 /* mob_firm_rev */
        + 1 /* slot_cycle_index */ + 1 /* hw_maj_ver */ + 1 /* hw_min_ver */;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A text field is longer than its width.</exception>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        Span<byte> d = destination[..Length];
        d[0] = (byte)DiagCommand.Verno;
        Wire.WriteFixed(CompileDate, d.Slice(1, DateLength), nameof(CompileDate));
        Wire.WriteFixed(CompileTime, d.Slice(12, TimeLength), nameof(CompileTime));
        Wire.WriteFixed(ReleaseDate, d.Slice(20, DateLength), nameof(ReleaseDate));
        Wire.WriteFixed(ReleaseTime, d.Slice(31, TimeLength), nameof(ReleaseTime));
        Wire.WriteFixed(VersionDirectory, d.Slice(39, VersionDirectoryLength), nameof(VersionDirectory));
        d[47] = StationClassMark;
        d[48] = CaiRevision;
        d[49] = MobileModel;
        BinaryPrimitives.WriteUInt16LittleEndian(d[50..], FirmwareRevision);
        d[52] = SlotCycleIndex;
        d[53] = HardwareMajor;
        d[54] = HardwareMinor;
        return Length;
    }

    /// <summary>Parses a response (trailing bytes beyond 55 are ignored).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out VernoResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.Verno, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new VernoResponse(
            Wire.ReadFixed(src.Slice(1, DateLength)),
            Wire.ReadFixed(src.Slice(12, TimeLength)),
            Wire.ReadFixed(src.Slice(20, DateLength)),
            Wire.ReadFixed(src.Slice(31, TimeLength)),
            Wire.ReadFixed(src.Slice(39, VersionDirectoryLength)),
            src[47],
            src[48],
            src[49],
            BinaryPrimitives.ReadUInt16LittleEndian(src[50..]),
            src[52],
            src[53],
            src[54]);
        return DiagStatus.Ok;
    }
}
