using System.Buffers.Binary;

namespace ZteDiag.Protocol.Hdlc;

/// <summary>
/// CRC-16/X-25 (HDLC FCS): reflected poly 0x1021 (0x8408), init 0xFFFF, xorout 0xFFFF,
/// sent low byte first. check("123456789") = 0x906E. PROTOCOL.md §1.2.
/// Table-driven, slicing-by-8 so deframing is not CRC-bound.
/// </summary>
public static class Crc16X25
{
    /// <summary>Initial register value.</summary>
    public const ushort Seed = 0xFFFF;

    /// <summary>Register value after running over payload plus its own (good) CRC, before the final xor.</summary>
    public const ushort GoodResidue = 0xF0B8;

    private static readonly ushort[] Tables = BuildTables();

    /// <summary>The CRC as it goes on the wire (final xor applied).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~Update(Seed, data);

    /// <summary>Advances the raw register over <paramref name="data"/> (no final xor).</summary>
    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<ushort> t = Tables;
        uint c = crc;
        while (data.Length >= 8)
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(data) ^ c;
            c = (uint)(t[(7 * 256) + (int)(v & 0xFF)]
                ^ t[(6 * 256) + (int)((v >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((v >> 16) & 0xFF)]
                ^ t[(4 * 256) + (int)((v >> 24) & 0xFF)]
                ^ t[(3 * 256) + (int)((v >> 32) & 0xFF)]
                ^ t[(2 * 256) + (int)((v >> 40) & 0xFF)]
                ^ t[256 + (int)((v >> 48) & 0xFF)]
                ^ t[(int)(v >> 56)]);
            data = data[8..];
        }

        foreach (byte b in data)
        {
            c = (c >> 8) ^ t[(int)((c ^ b) & 0xFF)];
        }

        return (ushort)c;
    }

    private static ushort[] BuildTables()
    {
        var t = new ushort[8 * 256];
        for (int i = 0; i < 256; i++)
        {
            uint c = (uint)i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0x8408u : c >> 1;
            }

            t[i] = (ushort)c;
        }

        for (int s = 1; s < 8; s++)
        {
            for (int i = 0; i < 256; i++)
            {
                ushort prev = t[((s - 1) * 256) + i];
                t[(s * 256) + i] = (ushort)((prev >> 8) ^ t[prev & 0xFF]);
            }
        }

        return t;
    }
}
