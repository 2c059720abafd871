using ZteDiag.Protocol.Sms;

namespace ZteDiag.Protocol.Tests.Sms;

/// <summary>Septet packing pinned by the vectors every SMS PDU reference prints (TS 23.038 §6.1.2.1 rule).</summary>
public class Gsm7Tests
{
    [Theory]
    [InlineData("hellohello", "e8329bfd4697d9ec37")]
    [InlineData("*100#", "aa180c3602")]
    [InlineData("Test", "d4f29c0e")]
    [InlineData("ABCDEFGH", "41e19058341e91")]
    [InlineData("€", "9b32")] // ESC 0x1B then 0x65 from the extension table
    public void Packing_matches_the_published_vectors(string text, string packed)
    {
        Assert.True(Gsm7Alphabet.TryEncode(text, out byte[] septets));
        Assert.Equal(packed, Hex.Of(Gsm7Packing.Pack(septets)));

        Assert.True(Gsm7Packing.TryUnpack(Hex.Bytes(packed), septets.Length, 0, out byte[] back));
        Assert.Equal(text, Gsm7Alphabet.Decode(back));
    }

    [Fact]
    public void Default_alphabet_positions_follow_the_table()
    {
        // 23.038 §6.2.1: 0x00 '@', 0x02 '$', 0x11 '_', 0x24 '¤', 0x40 '¡', 0x5F '§', 0x60 '¿', 0x7F 'à'.
        Assert.Equal("@$_¤¡§¿à", Gsm7Alphabet.Decode([0x00, 0x02, 0x11, 0x24, 0x40, 0x5F, 0x60, 0x7F]));
        Assert.Equal("{}[]~\\|^", Gsm7Alphabet.Decode([0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x3D, 0x1B, 0x2F, 0x1B, 0x40, 0x1B, 0x14]));
    }

    [Fact]
    public void Fill_bits_shift_the_first_septet()
    {
        // After a 6-octet header the text starts at septet 7, one fill bit in: "hi" = d0 69.
        Assert.Equal("d069", Hex.Of(Gsm7Packing.Pack([0x68, 0x69], fillBits: 1)));
        Assert.True(Gsm7Packing.TryUnpack(Hex.Bytes("d069"), 2, 1, out byte[] septets));
        Assert.Equal([0x68, 0x69], septets);
    }

    [Fact]
    public void Text_outside_the_alphabet_is_refused_and_short_input_is_not_read_past()
    {
        Assert.False(Gsm7Alphabet.TryEncode("Баланс", out _));
        Assert.False(Gsm7Packing.TryUnpack([0xE8, 0x32], 3, 0, out _));
        Assert.False(Gsm7Packing.TryUnpack([0xE8], 1, 8, out _));
    }

    [Fact]
    public void A_trailing_escape_reads_as_a_space()
    {
        Assert.Equal("A ", Gsm7Alphabet.Decode([0x41, 0x1B]));
    }
}
