using System.Buffers.Binary;
using System.Text;
using ZteDiag.Protocol.Cfb;

namespace ZteDiag.Protocol.Tests.Cfb;

public sealed class CfbFormatTests
{
    /// <summary>The [MS-CFB] §3 example tree: a storage "Storage 1" holding a small stream "Stream 1".</summary>
    private static CfbStorage SpecExample() =>
        new(CfbStorage.RootName, [new CfbStorage("Storage 1", [new CfbStream("Stream 1", Enumerable.Repeat((byte)0x42, 0x220).ToArray())])]);

    [Fact]
    public void The_header_of_a_small_file_is_the_spec_example_header_byte_for_byte()
    {
        // [MS-CFB] §3.1 "The Header", hex dump rows 000000..00004F: 1 FAT sector (#0), directory at #1,
        // mini FAT at #2 (1 sector), no DIFAT, DIFAT[0] = 0, the rest FREESECT.
        byte[] expected = Hex.Bytes("""
            D0CF 11E0 A1B1 1AE1 0000 0000 0000 0000
            0000 0000 0000 0000 3E00 0300 FEFF 0900
            0600 0000 0000 0000 0000 0000 0100 0000
            0100 0000 0000 0000 0010 0000 0200 0000
            0100 0000 FEFF FFFF 0000 0000 0000 0000
            [ff x 432]
            """);
        byte[] file = CfbWriter.Write(SpecExample());
        Assert.Equal(Hex.Of(expected), Hex.Of(file.AsSpan(0, 512)));
    }

    [Fact]
    public void The_fat_marks_its_own_sector_and_ends_each_chain_as_the_spec_example_does()
    {
        byte[] file = CfbWriter.Write(SpecExample());
        ReadOnlySpan<byte> fat = file.AsSpan(512, 512);
        // [MS-CFB] §3.2: FATSECT, then ENDOFCHAIN for the one-sector directory and mini FAT, then the
        // mini stream (0x240 bytes = 2 sectors: 3 → 4 → ENDOFCHAIN), then FREESECT.
        Assert.Equal("fdffffff" + "feffffff" + "feffffff" + "04000000" + "feffffff" + "ffffffff", Hex.Of(fat[..24]));
    }

    [Fact]
    public void A_directory_entry_is_laid_out_as_the_spec_says()
    {
        byte[] file = CfbWriter.Write(SpecExample());
        ReadOnlySpan<byte> dir = file.AsSpan(1024, 512);
        // entry 0: "Root Entry", name length 22 incl. terminator, type 5, black, child = 1, mini stream at #3, 0x240 bytes
        Assert.Equal("Root Entry", Encoding.Unicode.GetString(dir[..20]));
        Assert.Equal(22, BinaryPrimitives.ReadUInt16LittleEndian(dir[0x40..]));
        Assert.Equal(5, dir[0x42]);
        Assert.Equal(1, dir[0x43]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(dir[0x4C..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(dir[0x74..]));
        Assert.Equal(0x240ul, BinaryPrimitives.ReadUInt64LittleEndian(dir[0x78..]));
        // entry 2: "Stream 1", type 2, starts at mini sector 0, 0x220 bytes; entry 3 unused with NOSTREAM links
        ReadOnlySpan<byte> s = dir.Slice(256, 128);
        Assert.Equal("Stream 1", Encoding.Unicode.GetString(s[..16]));
        Assert.Equal(2, s[0x42]);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(s[0x74..]));
        Assert.Equal(0x220ul, BinaryPrimitives.ReadUInt64LittleEndian(s[0x78..]));
        Assert.Equal(0, dir[384 + 0x42]);
        Assert.Equal(0xFFFFFFFFu, BinaryPrimitives.ReadUInt32LittleEndian(dir[(384 + 0x44)..]));
    }

    [Fact]
    public void What_is_written_reads_back_as_the_same_tree_with_small_and_large_streams()
    {
        var big = Enumerable.Range(0, 70000).Select(i => (byte)(i * 7)).ToArray();
        var root = new CfbStorage(CfbStorage.RootName,
        [
            new CfbStream("File_Version", [2, 0, 0, 0, 0, 0]),
            new CfbStorage("00000000", [new CfbStorage("default", [new CfbStream("NV_ITEM_ARRAY", big), new CfbStream("empty", [])])]),
            .. Enumerable.Range(0, 40).Select(i => new CfbStream($"s{i:D8}", Enumerable.Repeat((byte)i, i * 13).ToArray())),
        ]);
        byte[] file = CfbWriter.Write(root);
        Assert.Equal(CfbError.None, CfbReader.TryRead(file, out CfbStorage? back));
        Assert.Equal(Describe(Sorted(root)), Describe(back!));
        Assert.Equal(file, CfbWriter.Write(back!));
    }

    [Fact]
    public void A_file_with_more_than_109_fat_sectors_uses_a_difat_and_reads_back()
    {
        var root = new CfbStorage(CfbStorage.RootName, [new CfbStream("big", new byte[115 * 128 * 512])]);
        root.Children.OfType<CfbStream>().Single().Data[12345] = 9;
        byte[] file = CfbWriter.Write(root);
        Assert.NotEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x48)));
        Assert.Equal(CfbError.None, CfbReader.TryRead(file, out CfbStorage? back));
        Assert.Equal(9, back!.Stream("big")!.Data[12345]);
    }

    private static CfbStorage Sorted(CfbStorage s) =>
        s with { Children = [.. s.Children.Order(Comparer<CfbEntry>.Create((a, b) => CfbNames.Compare(a.Name, b.Name))).Select(c => c is CfbStorage t ? Sorted(t) : c)] };

    internal static string Describe(CfbStorage s)
    {
        var sb = new StringBuilder();
        Walk(s, "", sb);
        return sb.ToString();

        static void Walk(CfbStorage s, string path, StringBuilder sb)
        {
            foreach (var c in s.Children)
            {
                if (c is CfbStorage t)
                {
                    sb.Append(path).Append(t.Name).Append("/\n");
                    Walk(t, path + t.Name + "/", sb);
                }
                else if (c is CfbStream st)
                {
                    sb.Append(path).Append(st.Name).Append(' ').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(st.Data))).Append('\n');
                }
            }
        }
    }
}
