using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>The 4-byte subsystem header: <c>4B ss cc cc</c> (command u16 LE). PROTOCOL.md §2.8.</summary>
/// <param name="Subsystem">Subsystem id (19 = EFS2, 62 = alternate EFS, 48 = NV).</param>
/// <param name="Command">Subsystem command code.</param>
public readonly record struct SubsysHeader(byte Subsystem, ushort Command)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 4;

    /// <summary>Writes the header; <paramref name="dst"/> must hold 4 bytes.</summary>
    public void WriteTo(Span<byte> dst)
    {
        dst[0] = (byte)DiagCommand.SubsysCmd;
        dst[1] = Subsystem;
        BinaryPrimitives.WriteUInt16LittleEndian(dst[2..], Command);
    }

    /// <summary>Reads a header from a packet already checked to be ≥4 bytes and start with 0x4B.</summary>
    public static SubsysHeader Read(ReadOnlySpan<byte> src) => new(src[1], BinaryPrimitives.ReadUInt16LittleEndian(src[2..]));

    /// <summary>Parses a header; fails on a short packet or a non-0x4B command.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out SubsysHeader header)
    {
        header = default;
        DiagStatus s = DiagReply.Check(src, DiagCommand.SubsysCmd, Size);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        header = Read(src);
        return DiagStatus.Ok;
    }
}
