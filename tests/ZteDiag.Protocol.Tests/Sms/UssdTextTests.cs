using ZteDiag.Protocol.Sms;

namespace ZteDiag.Protocol.Tests.Sms;

public class UssdTextTests
{
    [Fact]
    public void Packed_gsm7_hex_with_dcs_15_is_decoded()
    {
        Assert.Equal("hellohello", UssdText.Decode("E8329BFD4697D9EC37", 15));
    }

    [Fact]
    public void Ucs2_hex_with_dcs_72_is_decoded()
    {
        // U+0411 U+0430 U+043B U+0430 U+043D U+0441 = "Баланс"
        Assert.Equal("Баланс", UssdText.Decode("04110430043B0430043D0441", 72));
    }

    [Fact]
    public void The_cr_pad_of_an_8n_minus_1_message_is_dropped()
    {
        // "ABCDEFG" + CR pad (23.038 §6.1.2.3.1): 7 octets, the last 0x1B instead of 0x01.
        Assert.Equal("41e19058341e1b", Hex.Of(UssdText.PackGsm7("ABCDEFG")));
        Assert.Equal("ABCDEFG", UssdText.Decode("41E19058341E1B", 15));
        Assert.Equal("aa180c3602", Hex.Of(UssdText.PackGsm7("*100#")));
    }

    [Fact]
    public void Text_the_modem_already_decoded_stays_as_it_is()
    {
        Assert.Equal("Balance: 12.34 RUB", UssdText.Decode("Balance: 12.34 RUB", 15));
        Assert.Equal("1234", UssdText.Decode("1234", 15, hex: false));
    }

    [Fact]
    public void A_language_prefix_is_removed()
    {
        // dcs 0x10: "en" + CR, then the text; pack "en\rOK" by the 23.038 rule.
        Assert.True(Gsm7Alphabet.TryEncode("en\rOK", out byte[] septets));
        string hex = Convert.ToHexString(Gsm7Packing.Pack(septets));
        Assert.Equal("OK", UssdText.Decode(hex, 0x10));
    }
}
