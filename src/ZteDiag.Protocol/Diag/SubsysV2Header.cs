using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>
/// SUBSYS_CMD_VER_2 (0x80) 12-byte header: <c>80</c>, u8 subsys_id, u16 subsys_cmd_code,
/// u32 status, u16 delayed_rsp_id, u16 rsp_cnt. PROTOCOL.md §2.8.
/// </summary>
/// <param name="Subsystem">Subsystem id.</param>
/// <param name="Command">Subsystem command code.</param>
/// <param name="Status">Status (responses).</param>
/// <param name="DelayedResponseId">Id pairing an immediate response with its delayed ones.</param>
/// <param name="ResponseCount">Sequence number of this response (0 = immediate).</param>
public sealed record SubsysV2Header(byte Subsystem, ushort Command, uint Status, ushort DelayedResponseId, ushort ResponseCount) : IDiagPacket
{
    /// <summary>Header size in bytes.</summary>
    public const int Length = 1 /* 80 */ + 1 /* subsys_id */ + 2 /* subsys_cmd_code */ + 4 /* status */ + 2 /* delayed_rsp_id */ + 2 /* rsp_cnt */;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.SubsysCmdV2;
        destination[1] = Subsystem;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], Command);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Status);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], DelayedResponseId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], ResponseCount);
        return Length;
    }

    /// <summary>Parses the header at the start of a packet (any payload after it is left to the caller).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out SubsysV2Header? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.SubsysCmdV2, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new SubsysV2Header(
            src[1],
            BinaryPrimitives.ReadUInt16LittleEndian(src[2..]),
            BinaryPrimitives.ReadUInt32LittleEndian(src[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(src[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(src[10..]));
        return DiagStatus.Ok;
    }
}
