using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Protocol.Tests.Hdlc;

public class HdlcFramerTests
{
    [Theory]
    [InlineData("4b050800", false, "4b05080001dd7e")]                                        // §1.5 V1 libqcdm
    [InlineData("01020304", true, "7e0102030491397e")]                                       // §1.5 V2 openpst
    [InlineData("0102037e047d05067e07", true, "7e0102037d5e047d5d05067d5e07d6167e")]          // §1.5 V3 openpst
    [InlineData("00", false, "0078f07e")]                                                    // §1.5 V7 VERNO
    [InlineData("00", true, "7e0078f07e")]                                                   // ModemManager probe
    [InlineData("01", false, "01f1e17e")]                                                    // App. A ESN
    [InlineData("1c", false, "1c952a7e")]                                                    // App. A DIAG_VER
    [InlineData("7c", false, "7c93497e")]                                                    // App. A EXT_BUILD_ID
    [InlineData("4b130100", false, "4b130100555 97e")]                                       // App. A EFS QUERY
    [InlineData("4b130b002f00", false, "4b130b002f0019117e")]                                // App. A OPENDIR "/"
    [InlineData("4b13030000000000", false, "4b13030000000000 34507e")]                       // App. A CLOSE fd 0
    [InlineData("4b130000", false, "4b1300008d407e")]                                        // DEVICES.md §6 header-only
    public void Encode_ReferencePayload_GivesReferenceFrame(string payload, bool leading, string framed)
    {
        byte[] frame = HdlcFramer.Encode(Hex.Bytes(payload), leading);
        Assert.Equal(Hex.Of(Hex.Bytes(framed)), Hex.Of(frame));
        Assert.Equal(frame.Length, HdlcFramer.EncodedLength(Hex.Bytes(payload), leading));
    }

    // App. A: HELLO's CRC is 0x057E, whose low byte must go out escaped as 7d 5e.
    [Fact]
    public void Encode_EfsHello_EscapesTheCrcLowByte()
    {
        byte[] hello = Hex.Bytes("4b130000" + string.Concat(Enumerable.Repeat("00001000", 6)) +
                                 "01000000010000000100000 0ffffffff");
        byte[] frame = HdlcFramer.Encode(hello);
        Assert.Equal("7d5e057e", Hex.Of(frame.AsSpan(frame.Length - 4)));
    }

    // §1.5 V6 (libqcdm escaping): flags and escapes in the data become 7d 5e / 7d 5d.
    [Fact]
    public void Encode_FlagsAndEscapesInPayload_AreEscaped()
    {
        byte[] payload = Hex.Bytes("7e7e7e7d7d7e7d7e7d7e");
        byte[] frame = HdlcFramer.Encode(payload);
        Assert.Equal("7d5e7d5e7d5e7d5d7d5d7d5e7d5d7d5e7d5d7d5e", Hex.Of(frame.AsSpan(0, 20)));
    }

    // §1.5 V4: a payload without 7e/7d is not changed by escaping.
    [Fact]
    public void Encode_PayloadWithoutSpecials_IsCopiedVerbatim()
    {
        byte[] payload = Hex.Bytes(
            "4b0f000000000000050000000200000002000000ffffff3fff000000000000000000000001000000" + "00000000ffffffff");
        byte[] frame = HdlcFramer.Encode(payload);
        Assert.Equal(Hex.Of(payload) + "7a097e", Hex.Of(frame));
    }

    [Fact]
    public void Encode_IntoTooSmallBuffer_ThrowsArgumentException()
    {
        var dst = new byte[3];
        Assert.Throws<ArgumentException>(() => HdlcFramer.Encode([1, 2, 3], dst));
    }
}
