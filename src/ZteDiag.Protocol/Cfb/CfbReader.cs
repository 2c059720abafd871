using System.Buffers.Binary;
using System.Text;
using static ZteDiag.Protocol.Cfb.CfbConstants;

namespace ZteDiag.Protocol.Cfb;

/// <summary>
/// Reads a compound file ([MS-CFB], version 3 with 512-byte sectors or version 4 with 4096-byte ones)
/// into a <see cref="CfbStorage"/> tree. Bounded: every sector number is range-checked, every chain is
/// walked at most once per sector (a loop is an error, not a hang), every size is checked against the
/// chain that should hold it, and the directory tree is walked without recursion with a visited set.
/// Never throws on any input.
/// </summary>
public static class CfbReader
{
    /// <summary>Largest file accepted (a QCN of a 64k-item NV image is under 10 MiB).</summary>
    public const int DefaultMaxFileBytes = 64 * 1024 * 1024;

    /// <summary>Deepest storage nesting accepted (QCN uses 5).</summary>
    public const int MaxDepth = 32;

    /// <summary>Parses <paramref name="file"/>; on failure <paramref name="root"/> is null.</summary>
    public static CfbError TryRead(ReadOnlySpan<byte> file, out CfbStorage? root, int maxFileBytes = DefaultMaxFileBytes)
    {
        root = null;
        if (file.Length < HeaderSize)
        {
            return CfbError.TooShort;
        }

        if (file.Length > maxFileBytes)
        {
            return CfbError.TooLarge;
        }

        if (!file[..8].SequenceEqual(Signature))
        {
            return CfbError.BadSignature;
        }

        var ctx = new Reader(file.ToArray());
        return ctx.Read(out root);
    }

    private sealed class Reader(byte[] file)
    {
        private int _sectorSize;
        private int _sectorCount;
        private uint[] _fat = [];
        private uint[] _miniFat = [];
        private byte[] _miniStream = [];
        private readonly List<RawEntry> _entries = [];

        private readonly record struct RawEntry(string Name, byte Type, uint Left, uint Right, uint Child, uint Start, ulong Size);

        private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));

        private ushort U16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(offset));

        public CfbError Read(out CfbStorage? root)
        {
            root = null;
            ushort major = U16(0x1A);
            if (U16(0x1C) != 0xFFFE || U16(0x20) != 6 || U32(0x38) != MiniStreamCutoff
                || !((major == 3 && U16(0x1E) == 9) || (major == 4 && U16(0x1E) == 12)))
            {
                return CfbError.UnsupportedHeader;
            }

            _sectorSize = 1 << U16(0x1E);
            _sectorCount = (file.Length - _sectorSize + _sectorSize - 1) / _sectorSize;
            if (file.Length < _sectorSize)
            {
                return CfbError.TooShort;
            }

            CfbError e = ReadFat();
            if (e != CfbError.None)
            {
                return e;
            }

            e = ReadDirectory();
            if (e != CfbError.None)
            {
                return e;
            }

            e = ReadMiniStream();
            return e != CfbError.None ? e : BuildTree(out root);
        }

        private ReadOnlySpan<byte> Sector(uint id)
        {
            long start = (long)(id + 1) * _sectorSize;
            int available = (int)Math.Min(_sectorSize, file.Length - start);
            if (available == _sectorSize)
            {
                return file.AsSpan((int)start, _sectorSize);
            }

            byte[] padded = new byte[_sectorSize]; // a short last sector reads as zero-padded
            file.AsSpan((int)start, available).CopyTo(padded);
            return padded;
        }

        private CfbError ReadFat()
        {
            uint fatSectors = U32(0x2C), difatStart = U32(0x44), difatSectors = U32(0x48);
            if (fatSectors > (uint)_sectorCount || difatSectors > (uint)_sectorCount)
            {
                return CfbError.SizeLie;
            }

            var fatIds = new List<uint>((int)fatSectors);
            for (int i = 0; i < HeaderDifatEntries && fatIds.Count < fatSectors; i++)
            {
                fatIds.Add(U32(0x4C + (4 * i)));
            }

            var seen = new HashSet<uint>();
            uint next = difatStart;
            int perDifat = (_sectorSize / 4) - 1;
            for (uint d = 0; d < difatSectors && fatIds.Count < fatSectors; d++)
            {
                if (next >= (uint)_sectorCount)
                {
                    return CfbError.SectorOutOfRange;
                }

                if (!seen.Add(next))
                {
                    return CfbError.ChainLoop;
                }

                ReadOnlySpan<byte> s = Sector(next);
                for (int i = 0; i < perDifat && fatIds.Count < fatSectors; i++)
                {
                    fatIds.Add(BinaryPrimitives.ReadUInt32LittleEndian(s[(4 * i)..]));
                }

                next = BinaryPrimitives.ReadUInt32LittleEndian(s[(4 * perDifat)..]);
            }

            if (fatIds.Count < fatSectors)
            {
                return CfbError.SizeLie;
            }

            int perSector = _sectorSize / 4;
            _fat = new uint[fatIds.Count * perSector];
            var fatSeen = new HashSet<uint>();
            for (int f = 0; f < fatIds.Count; f++)
            {
                if (fatIds[f] >= (uint)_sectorCount)
                {
                    return CfbError.SectorOutOfRange;
                }

                if (!fatSeen.Add(fatIds[f]))
                {
                    return CfbError.ChainLoop;
                }

                ReadOnlySpan<byte> s = Sector(fatIds[f]);
                for (int i = 0; i < perSector; i++)
                {
                    _fat[(f * perSector) + i] = BinaryPrimitives.ReadUInt32LittleEndian(s[(4 * i)..]);
                }
            }

            return CfbError.None;
        }

        /// <summary>The sectors of the chain at <paramref name="start"/>; at most <paramref name="maxSectors"/> (−1: to the end).</summary>
        private static CfbError Chain(uint start, uint[] table, int limit, int maxSectors, out List<uint> chain)
        {
            chain = [];
            var seen = new HashSet<uint>();
            uint id = start;
            while (id != EndOfChain && (maxSectors < 0 || chain.Count < maxSectors))
            {
                if (id > MaxRegSect || id >= (uint)limit || id >= (uint)table.Length)
                {
                    return CfbError.SectorOutOfRange;
                }

                if (!seen.Add(id))
                {
                    return CfbError.ChainLoop;
                }

                chain.Add(id);
                id = table[id];
            }

            return CfbError.None;
        }

        private CfbError ReadDirectory()
        {
            CfbError e = Chain(U32(0x30), _fat, _sectorCount, -1, out List<uint> sectors);
            if (e != CfbError.None)
            {
                return e;
            }

            if (sectors.Count == 0)
            {
                return CfbError.BadDirectoryEntry;
            }

            foreach (uint id in sectors)
            {
                ReadOnlySpan<byte> s = Sector(id);
                for (int off = 0; off < _sectorSize; off += DirEntrySize)
                {
                    e = ParseEntry(s.Slice(off, DirEntrySize), _sectorSize == 512, out RawEntry entry);
                    if (e != CfbError.None)
                    {
                        return e;
                    }

                    _entries.Add(entry);
                }
            }

            return _entries[0].Type == TypeRoot ? CfbError.None : CfbError.BadDirectoryEntry;
        }

        private static CfbError ParseEntry(ReadOnlySpan<byte> d, bool version3, out RawEntry entry)
        {
            entry = default;
            byte type = d[0x42];
            if (type == TypeUnused)
            {
                entry = new RawEntry("", TypeUnused, NoStream, NoStream, NoStream, 0, 0);
                return CfbError.None;
            }

            int nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(d[0x40..]);
            if (type is not (TypeStorage or TypeStream or TypeRoot) || nameBytes < 4 || nameBytes > 64 || nameBytes % 2 != 0
                || d[nameBytes - 2] != 0 || d[nameBytes - 1] != 0)
            {
                return CfbError.BadDirectoryEntry;
            }

            string name = Encoding.Unicode.GetString(d[..(nameBytes - 2)]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(d[0x78..]);
            if (version3)
            {
                size &= 0xFFFFFFFF; // [MS-CFB] §2.6.3: older writers leave junk in the high half of version 3 sizes
            }

            entry = new RawEntry(
                name, type,
                BinaryPrimitives.ReadUInt32LittleEndian(d[0x44..]),
                BinaryPrimitives.ReadUInt32LittleEndian(d[0x48..]),
                BinaryPrimitives.ReadUInt32LittleEndian(d[0x4C..]),
                BinaryPrimitives.ReadUInt32LittleEndian(d[0x74..]),
                size);
            return CfbError.None;
        }

        private CfbError ReadMiniStream()
        {
            RawEntry root = _entries[0];
            if (root.Size == 0)
            {
                return CfbError.None;
            }

            if (root.Size > (ulong)file.Length)
            {
                return CfbError.SizeLie;
            }

            CfbError e = ReadChainBytes(root.Start, (int)root.Size, out _miniStream);
            if (e != CfbError.None)
            {
                return e;
            }

            uint miniFatSectors = U32(0x40);
            if (miniFatSectors > (uint)_sectorCount)
            {
                return CfbError.SizeLie;
            }

            e = Chain(U32(0x3C), _fat, _sectorCount, (int)miniFatSectors, out List<uint> sectors);
            if (e != CfbError.None)
            {
                return e;
            }

            _miniFat = new uint[sectors.Count * (_sectorSize / 4)];
            for (int i = 0; i < sectors.Count; i++)
            {
                ReadOnlySpan<byte> s = Sector(sectors[i]);
                for (int j = 0; j < _sectorSize / 4; j++)
                {
                    _miniFat[(i * (_sectorSize / 4)) + j] = BinaryPrimitives.ReadUInt32LittleEndian(s[(4 * j)..]);
                }
            }

            return CfbError.None;
        }

        private CfbError ReadChainBytes(uint start, int size, out byte[] data)
        {
            data = [];
            int needed = (size + _sectorSize - 1) / _sectorSize;
            CfbError e = Chain(start, _fat, _sectorCount, needed, out List<uint> chain);
            if (e != CfbError.None)
            {
                return e;
            }

            if (chain.Count < needed)
            {
                return CfbError.SizeLie;
            }

            data = new byte[size];
            for (int i = 0; i < needed; i++)
            {
                int n = Math.Min(_sectorSize, size - (i * _sectorSize));
                Sector(chain[i])[..n].CopyTo(data.AsSpan(i * _sectorSize));
            }

            return CfbError.None;
        }

        private CfbError ReadMiniBytes(uint start, int size, out byte[] data)
        {
            data = [];
            int needed = (size + MiniSectorSize - 1) / MiniSectorSize;
            CfbError e = Chain(start, _miniFat, _miniStream.Length / MiniSectorSize + (_miniStream.Length % MiniSectorSize == 0 ? 0 : 1), needed, out List<uint> chain);
            if (e != CfbError.None)
            {
                return e;
            }

            if (chain.Count < needed)
            {
                return CfbError.SizeLie;
            }

            data = new byte[size];
            for (int i = 0; i < needed; i++)
            {
                int from = (int)chain[i] * MiniSectorSize;
                int n = Math.Min(MiniSectorSize, size - (i * MiniSectorSize));
                if (from + n > _miniStream.Length)
                {
                    return CfbError.SizeLie;
                }

                _miniStream.AsSpan(from, n).CopyTo(data.AsSpan(i * MiniSectorSize));
            }

            return CfbError.None;
        }

        private CfbError StreamData(RawEntry entry, out byte[] data)
        {
            data = [];
            if (entry.Size == 0)
            {
                return CfbError.None;
            }

            if (entry.Size > (ulong)file.Length)
            {
                return CfbError.SizeLie;
            }

            return entry.Size < MiniStreamCutoff
                ? ReadMiniBytes(entry.Start, (int)entry.Size, out data)
                : ReadChainBytes(entry.Start, (int)entry.Size, out data);
        }

        /// <summary>Builds the storage tree from entry 0 without recursion: a stack of storages still to fill.</summary>
        private CfbError BuildTree(out CfbStorage? root)
        {
            root = null;
            var visited = new HashSet<uint> { 0 };
            var childIds = new Dictionary<uint, List<uint>>();
            var pending = new Stack<(uint Storage, int Depth)>();
            pending.Push((0, 0));
            var order = new List<uint>();
            while (pending.Count > 0)
            {
                (uint storage, int depth) = pending.Pop();
                if (depth >= MaxDepth)
                {
                    return CfbError.DirectoryLoop;
                }

                order.Add(storage);
                CfbError e = Siblings(_entries[(int)storage].Child, visited, out List<uint> ids);
                if (e != CfbError.None)
                {
                    return e;
                }

                childIds[storage] = ids;
                foreach (uint id in ids)
                {
                    if (_entries[(int)id].Type == TypeStorage)
                    {
                        pending.Push((id, depth + 1));
                    }
                }
            }

            // fill bottom-up: deeper storages were discovered later
            var built = new Dictionary<uint, CfbStorage>();
            for (int i = order.Count - 1; i >= 0; i--)
            {
                uint storage = order[i];
                List<uint> ids = childIds[storage];
                var list = new List<CfbEntry>(ids.Count);
                foreach (uint id in ids)
                {
                    RawEntry entry = _entries[(int)id];
                    if (entry.Type == TypeStorage)
                    {
                        list.Add(built[id]);
                    }
                    else
                    {
                        CfbError e = StreamData(entry, out byte[] data);
                        if (e != CfbError.None)
                        {
                            return e;
                        }

                        list.Add(new CfbStream(entry.Name, data));
                    }
                }

                for (int k = 1; k < list.Count; k++)
                {
                    if (CfbNames.Compare(list[k - 1].Name, list[k].Name) == 0)
                    {
                        return CfbError.DuplicateName;
                    }
                }

                built[storage] = new CfbStorage(storage == 0 ? CfbStorage.RootName : _entries[(int)storage].Name, list);
            }

            root = built[0];
            return CfbError.None;
        }

        /// <summary>The entries of one sibling tree, in name order (in-order walk with an explicit stack).</summary>
        private CfbError Siblings(uint top, HashSet<uint> visited, out List<uint> ids)
        {
            ids = [];
            var stack = new Stack<uint>();
            uint current = top;
            while (current != NoStream || stack.Count > 0)
            {
                while (current != NoStream)
                {
                    if (current >= (uint)_entries.Count)
                    {
                        return CfbError.BadDirectoryEntry;
                    }

                    RawEntry e = _entries[(int)current];
                    if (e.Type is not (TypeStorage or TypeStream) || !visited.Add(current))
                    {
                        return e.Type is TypeStorage or TypeStream ? CfbError.DirectoryLoop : CfbError.BadDirectoryEntry;
                    }

                    stack.Push(current);
                    current = e.Left;
                }

                uint node = stack.Pop();
                ids.Add(node);
                current = _entries[(int)node].Right;
            }

            ids.Sort((a, b) => CfbNames.Compare(_entries[(int)a].Name, _entries[(int)b].Name));
            return CfbError.None;
        }
    }
}
