using System.Buffers.Binary;

namespace ZteDiag.Protocol.Qcn;

/// <summary>
/// One record of <c>NV_ITEM_ARRAY</c>: u16 record size (0x0088), u16 index, u16 NV item number,
/// u16 padding, 128 bytes of item data (fixtures/qcn README, pinned by the qfenix XQCN fixture).
/// </summary>
/// <param name="Id">NV item number.</param>
/// <param name="Data">The 128 data bytes.</param>
/// <param name="Index">The index field (1 in every file seen).</param>
public sealed record QcnNvItem(ushort Id, byte[] Data, ushort Index = 1)
{
    /// <summary>Bytes per record.</summary>
    public const int RecordSize = 136;

    /// <summary>Bytes of item data.</summary>
    public const int DataSize = 128;

    /// <summary>Encodes <paramref name="items"/> as a run of records.</summary>
    public static byte[] WriteArray(IEnumerable<QcnNvItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        byte[] bytes = new byte[list.Count * RecordSize];
        for (int i = 0; i < list.Count; i++)
        {
            Span<byte> r = bytes.AsSpan(i * RecordSize, RecordSize);
            BinaryPrimitives.WriteUInt16LittleEndian(r, RecordSize);
            BinaryPrimitives.WriteUInt16LittleEndian(r[2..], list[i].Index);
            BinaryPrimitives.WriteUInt16LittleEndian(r[4..], list[i].Id);
            list[i].Data.AsSpan(0, Math.Min(DataSize, list[i].Data.Length)).CopyTo(r[8..]);
        }

        return bytes;
    }

    /// <summary>Decodes a run of records; a stream that is not whole records, a record size other than 136, or an id twice is a problem.</summary>
    public static QcnProblem? TryReadArray(ReadOnlySpan<byte> bytes, string streamName, out List<QcnNvItem> items)
    {
        items = [];
        if (bytes.Length % RecordSize != 0)
        {
            return new QcnProblem(QcnError.WrongItemSize, $"{streamName} is {bytes.Length} bytes, not a whole number of {RecordSize}-byte NV item records");
        }

        var seen = new HashSet<ushort>();
        for (int off = 0; off < bytes.Length; off += RecordSize)
        {
            ReadOnlySpan<byte> r = bytes.Slice(off, RecordSize);
            ushort size = BinaryPrimitives.ReadUInt16LittleEndian(r);
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(r[4..]);
            if (size != RecordSize)
            {
                return new QcnProblem(QcnError.WrongItemSize, $"{streamName}: NV item {id} has record size {size}, not {RecordSize}");
            }

            if (!seen.Add(id))
            {
                return new QcnProblem(QcnError.DuplicateItem, $"{streamName}: NV item {id} appears twice");
            }

            items.Add(new QcnNvItem(id, r.Slice(8, DataSize).ToArray(), BinaryPrimitives.ReadUInt16LittleEndian(r[2..])));
        }

        return null;
    }
}
