using System.Text;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Protocol.Tests.Hdlc;

public class Crc16X25Tests
{
    [Fact]
    public void Compute_CheckString_Is906E() =>
        Assert.Equal(0x906E, Crc16X25.Compute(Encoding.ASCII.GetBytes("123456789")));

    // PROTOCOL.md §1.5 V4 (libqcdm test_crc16_1): 48-byte payload, CRC 0x097A.
    [Fact]
    public void Compute_LibqcdmVectorV4_Is097A() =>
        Assert.Equal(0x097A, Crc16X25.Compute(Hex.Bytes(
            "4b 0f 00 00 00 00 00 00 05 00 00 00 02 00 00 00 02 00 00 00 ff ff ff 3f ff 00 00 00 00 00 00 00 " +
            "00 00 00 00 01 00 00 00 00 00 00 00 ff ff ff ff")));

    // PROTOCOL.md §1.5 V5 (libqcdm test_crc16_2): NV_READ item 178, 133 bytes, CRC 0x6D69.
    [Fact]
    public void Compute_LibqcdmVectorV5_Is6D69()
    {
        byte[] req = new byte[133];
        req[0] = 0x26;
        req[1] = 0xb2;
        Assert.Equal(0x6D69, Crc16X25.Compute(req));
    }

    [Fact]
    public void Update_OverPayloadAndItsCrc_LeavesGoodResidue()
    {
        byte[] data = [0x4b, 0x05, 0x08, 0x00, 0x01, 0xdd];
        Assert.Equal(Crc16X25.GoodResidue, Crc16X25.Update(Crc16X25.Seed, data));
    }

    [Fact]
    public void Compute_SlicedPath_MatchesBitwiseReference_ForEveryLengthUpTo64()
    {
        var rng = new Random(1234);
        for (int len = 0; len <= 64; len++)
        {
            byte[] d = new byte[len];
            rng.NextBytes(d);
            Assert.Equal(Bitwise(d), Crc16X25.Compute(d));
        }
    }

    private static ushort Bitwise(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1;
            }
        }

        return (ushort)~crc;
    }
}
