using System.Buffers.Binary;
using ZteDiag.Protocol.Cfb;

namespace ZteDiag.Protocol.Tests.Cfb;

public sealed class CfbHostileTests
{
    private static byte[] Sample() => CfbWriter.Write(new CfbStorage(CfbStorage.RootName,
    [
        new CfbStream("small", Enumerable.Repeat((byte)1, 300).ToArray()),
        new CfbStream("large", Enumerable.Repeat((byte)2, 5000).ToArray()),
        new CfbStorage("dir", [new CfbStream("x", [1, 2, 3])]),
    ]));

    private static CfbError Read(byte[] file) => CfbReader.TryRead(file, out _);

    private static int Entry(byte[] file, string name)
    {
        uint dir = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x30));
        int baseOff = (int)((dir + 1) * 512);
        for (int i = 0; i < 4 * 4; i++)
        {
            int off = baseOff + (i * 128);
            if (off + 128 <= file.Length && System.Text.Encoding.Unicode.GetString(file, off, name.Length * 2) == name && file[off + (name.Length * 2)] == 0)
            {
                return off;
            }
        }

        throw new InvalidOperationException(name);
    }

    [Fact]
    public void Short_and_foreign_bytes_are_refused() 
    {
        Assert.Equal(CfbError.TooShort, Read(new byte[100]));
        byte[] f = Sample();
        f[0] = 0;
        Assert.Equal(CfbError.BadSignature, Read(f));
    }

    [Fact]
    public void A_fat_chain_that_loops_is_refused_not_followed_forever()
    {
        byte[] f = Sample();
        int large = Entry(f, "large");
        uint start = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(large + 0x74));
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(512 + (4 * (int)start)), start); // sector points at itself
        Assert.Equal(CfbError.ChainLoop, Read(f));
    }

    [Fact]
    public void A_directory_chain_that_loops_is_refused()
    {
        byte[] f = Sample();
        uint dir = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(0x30));
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(512 + (4 * (int)dir)), dir);
        Assert.Equal(CfbError.ChainLoop, Read(f));
    }

    [Fact]
    public void A_stream_size_larger_than_its_chain_is_a_lie()
    {
        byte[] f = Sample();
        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(Entry(f, "large") + 0x78), 9000);
        Assert.Equal(CfbError.SizeLie, Read(f));
        f = Sample();
        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(Entry(f, "large") + 0x78), 0xFFFF_FFF0);
        Assert.Equal(CfbError.SizeLie, Read(f));
    }

    [Fact]
    public void Sector_numbers_past_the_file_are_refused()
    {
        byte[] f = Sample();
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(Entry(f, "large") + 0x74), 5000);
        Assert.Equal(CfbError.SectorOutOfRange, Read(f));
        f = Sample();
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(0x2C), 1_000_000); // FAT sector count
        Assert.Equal(CfbError.SizeLie, Read(f));
    }

    [Fact]
    public void A_directory_tree_that_reaches_an_entry_twice_is_refused()
    {
        byte[] f = Sample();
        int dir = Entry(f, "dir");
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(dir + 0x4C), 0); // child = root
        Assert.NotEqual(CfbError.None, Read(f));
        f = Sample();
        int small = Entry(f, "small");
        int id = (small - (int)((BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(0x30)) + 1) * 512)) / 128;
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(small + 0x44), (uint)id); // left sibling = itself
        Assert.Equal(CfbError.DirectoryLoop, Read(f));
    }

    [Fact]
    public void Every_single_byte_corruption_of_the_header_and_directory_gives_an_answer_not_an_exception()
    {
        byte[] good = Sample();
        for (int i = 0; i < 2048 && i < good.Length; i++)
        {
            foreach (byte v in new byte[] { 0x00, 0xFF, 0x7F, 0x05 })
            {
                byte[] f = (byte[])good.Clone();
                f[i] = v;
                _ = CfbReader.TryRead(f, out _);
            }
        }
    }
}
