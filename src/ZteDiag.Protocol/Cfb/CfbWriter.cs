using System.Buffers.Binary;
using System.Text;
using static ZteDiag.Protocol.Cfb.CfbConstants;

namespace ZteDiag.Protocol.Cfb;

/// <summary>
/// Writes a <see cref="CfbStorage"/> tree as a version 3 compound file (512-byte sectors), laid out as
/// the [MS-CFB] §3 example is: FAT sectors first, then DIFAT (only past 109 FAT sectors), the directory,
/// the mini FAT, the mini stream, and the streams of 4096 bytes or more. Siblings form a balanced
/// red-black tree in [MS-CFB] §2.6.4 order; time stamps and CLSIDs are zero, so equal trees give equal bytes.
/// </summary>
public static class CfbWriter
{
    private const int SectorSize = 512;
    private const int PerSector = SectorSize / 4;

    private sealed class Node(CfbEntry entry, int id)
    {
        public CfbEntry Entry { get; } = entry;
        public int Id { get; } = id;
        public uint Left { get; set; } = NoStream;
        public uint Right { get; set; } = NoStream;
        public uint Child { get; set; } = NoStream;
        public bool Red { get; set; }
        public uint Start { get; set; } = EndOfChain;
        public long Size { get; set; }
    }

    /// <summary>Encodes <paramref name="root"/> (its own name is written as "Root Entry").</summary>
    /// <exception cref="ArgumentException">An invalid or duplicate name, or a stream of 2 GiB or more.</exception>
    public static byte[] Write(CfbStorage root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var nodes = new List<Node> { new(root, 0) };
        Flatten(nodes, nodes[0], root);

        var mini = nodes.Where(n => n.Entry is CfbStream { Data.Length: > 0 and < MiniStreamCutoff }).ToList();
        var big = nodes.Where(n => n.Entry is CfbStream { Data.Length: >= MiniStreamCutoff }).ToList();
        int miniSectors = mini.Sum(n => Ceil(((CfbStream)n.Entry).Data.Length, MiniSectorSize));
        int dirSectors = Ceil(nodes.Count * DirEntrySize, SectorSize);
        int miniFatSectors = Ceil(miniSectors * 4, SectorSize);
        int miniStreamSectors = Ceil(miniSectors * MiniSectorSize, SectorSize);
        int bigSectors = big.Sum(n => Ceil(((CfbStream)n.Entry).Data.Length, SectorSize));
        int other = dirSectors + miniFatSectors + miniStreamSectors + bigSectors;
        int fatSectors = 1, difatSectors = 0;
        while (true)
        {
            difatSectors = fatSectors <= HeaderDifatEntries ? 0 : Ceil(fatSectors - HeaderDifatEntries, PerSector - 1);
            if (fatSectors * PerSector >= fatSectors + difatSectors + other)
            {
                break;
            }

            fatSectors++;
        }

        int total = fatSectors + difatSectors + other;
        var fat = new uint[fatSectors * PerSector];
        Array.Fill(fat, FreeSect);
        byte[] file = new byte[SectorSize * (1 + total)];
        int next = 0;
        for (int i = 0; i < fatSectors; i++)
        {
            fat[next++] = FatSect;
        }

        int difatStart = next;
        for (int i = 0; i < difatSectors; i++)
        {
            fat[next++] = DifSect;
        }

        uint dirStart = Allocate(fat, ref next, dirSectors);
        uint miniFatStart = Allocate(fat, ref next, miniFatSectors);
        uint miniStreamStart = Allocate(fat, ref next, miniStreamSectors);

        // mini stream and mini FAT
        var miniFat = new uint[miniFatSectors * PerSector];
        Array.Fill(miniFat, FreeSect);
        int miniNext = 0;
        foreach (Node n in mini)
        {
            byte[] data = ((CfbStream)n.Entry).Data;
            n.Start = Allocate(miniFat, ref miniNext, Ceil(data.Length, MiniSectorSize));
            n.Size = data.Length;
            data.CopyTo(file.AsSpan(Offset(miniStreamStart) + ((int)n.Start * MiniSectorSize)));
        }

        nodes[0].Start = miniSectors > 0 ? miniStreamStart : EndOfChain;
        nodes[0].Size = (long)miniSectors * MiniSectorSize;
        foreach (Node n in big)
        {
            byte[] data = ((CfbStream)n.Entry).Data;
            n.Start = Allocate(fat, ref next, Ceil(data.Length, SectorSize));
            n.Size = data.Length;
            data.CopyTo(file.AsSpan(Offset(n.Start)));
        }

        WriteHeader(file, fatSectors, dirStart, miniFatSectors > 0 ? miniFatStart : EndOfChain, miniFatSectors, difatSectors > 0 ? (uint)difatStart : EndOfChain, difatSectors);
        WriteFatAndDifat(file, fat, fatSectors, difatStart, difatSectors);
        WriteTable(file, miniFat, miniFatStart);
        for (int i = 0; i < dirSectors * (SectorSize / DirEntrySize); i++)
        {
            WriteEntry(file.AsSpan(Offset(dirStart) + (i * DirEntrySize), DirEntrySize), i < nodes.Count ? nodes[i] : null);
        }

        return file;
    }

    private static int Ceil(int value, int unit) => (value + unit - 1) / unit;

    private static int Offset(uint sector) => (int)((sector + 1) * SectorSize);

    /// <summary>Chains <paramref name="count"/> consecutive sectors from <paramref name="next"/> in <paramref name="table"/>.</summary>
    private static uint Allocate(uint[] table, ref int next, int count)
    {
        if (count == 0)
        {
            return EndOfChain;
        }

        uint start = (uint)next;
        for (int i = 0; i < count; i++, next++)
        {
            table[next] = i == count - 1 ? EndOfChain : (uint)(next + 1);
        }

        return start;
    }

    private static void Flatten(List<Node> nodes, Node parent, CfbStorage storage)
    {
        var sorted = storage.Children.ToList();
        sorted.Sort((a, b) => CfbNames.Compare(a.Name, b.Name));
        for (int i = 0; i < sorted.Count; i++)
        {
            if (!CfbNames.IsValid(sorted[i].Name))
            {
                throw new ArgumentException($"'{sorted[i].Name}' is not a compound-file entry name (1..31 characters, none of / \\ : !)", nameof(storage));
            }

            if (i > 0 && CfbNames.Compare(sorted[i - 1].Name, sorted[i].Name) == 0)
            {
                throw new ArgumentException($"storage '{storage.Name}' holds '{sorted[i].Name}' twice", nameof(storage));
            }
        }

        int first = nodes.Count;
        nodes.AddRange(sorted.Select((c, i) => new Node(c, first + i)));
        int height = sorted.Count == 0 ? 0 : (int)Math.Floor(Math.Log2(sorted.Count));
        bool perfect = sorted.Count == (1 << (height + 1)) - 1;
        parent.Child = Balance(nodes, first, first + sorted.Count - 1, 0, perfect ? -1 : height);
        for (int i = 0; i < sorted.Count; i++)
        {
            if (sorted[i] is CfbStorage child)
            {
                Flatten(nodes, nodes[first + i], child);
            }
        }
    }

    /// <summary>Mid-split tree over nodes[lo..hi]; the nodes on the one incomplete level are red, so every path has as many black nodes.</summary>
    private static uint Balance(List<Node> nodes, int lo, int hi, int depth, int redDepth)
    {
        if (lo > hi)
        {
            return NoStream;
        }

        int mid = lo + ((hi - lo + 1) / 2);
        Node n = nodes[mid];
        n.Red = depth == redDepth;
        n.Left = Balance(nodes, lo, mid - 1, depth + 1, redDepth);
        n.Right = Balance(nodes, mid + 1, hi, depth + 1, redDepth);
        return (uint)n.Id;
    }

    private static void WriteHeader(byte[] file, int fatSectors, uint dirStart, uint miniFatStart, int miniFatSectors, uint difatStart, int difatSectors)
    {
        Span<byte> h = file.AsSpan(0, HeaderSize);
        Signature.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x18..], 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x2C..], (uint)fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x30..], dirStart);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x38..], MiniStreamCutoff);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x3C..], miniFatStart);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x40..], (uint)miniFatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x44..], difatStart);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x48..], (uint)difatSectors);
        for (int i = 0; i < HeaderDifatEntries; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[(0x4C + (4 * i))..], i < fatSectors ? (uint)i : FreeSect);
        }
    }

    private static void WriteFatAndDifat(byte[] file, uint[] fat, int fatSectors, int difatStart, int difatSectors)
    {
        WriteTable(file, fat, 0);
        int fatIndex = HeaderDifatEntries;
        for (int d = 0; d < difatSectors; d++)
        {
            Span<byte> s = file.AsSpan(Offset((uint)(difatStart + d)), SectorSize);
            for (int i = 0; i < PerSector - 1; i++, fatIndex++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(s[(4 * i)..], fatIndex < fatSectors ? (uint)fatIndex : FreeSect);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(s[(4 * (PerSector - 1))..], d == difatSectors - 1 ? EndOfChain : (uint)(difatStart + d + 1));
        }
    }

    /// <summary>Writes a table (FAT or mini FAT) into consecutive sectors from <paramref name="start"/>.</summary>
    private static void WriteTable(byte[] file, uint[] table, uint start)
    {
        for (int i = 0; i < table.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(Offset(start) + (4 * i)), table[i]);
        }
    }

    private static void WriteEntry(Span<byte> d, Node? n)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(d[0x44..], NoStream);
        BinaryPrimitives.WriteUInt32LittleEndian(d[0x48..], NoStream);
        BinaryPrimitives.WriteUInt32LittleEndian(d[0x4C..], NoStream);
        if (n is null)
        {
            return; // unused entry: type 0, empty name
        }

        string name = n.Id == 0 ? CfbStorage.RootName : n.Entry.Name;
        int bytes = Encoding.Unicode.GetBytes(name, d);
        BinaryPrimitives.WriteUInt16LittleEndian(d[0x40..], (ushort)(bytes + 2));
        d[0x42] = n.Id == 0 ? TypeRoot : n.Entry is CfbStorage ? TypeStorage : TypeStream;
        d[0x43] = n.Red ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteUInt32LittleEndian(d[0x44..], n.Left);
        BinaryPrimitives.WriteUInt32LittleEndian(d[0x48..], n.Right);
        BinaryPrimitives.WriteUInt32LittleEndian(d[0x4C..], n.Child);
        bool holdsData = n.Id == 0 || n.Entry is CfbStream;
        BinaryPrimitives.WriteUInt32LittleEndian(d[0x74..], holdsData ? n.Start : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(d[0x78..], holdsData ? (ulong)n.Size : 0);
    }
}
