using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Tests.Diag;

public class ImeiTests
{
    [Theory]
    [InlineData("089A09108687759378", "990016878573987")]
    [InlineData("083A65780510658208", "356875001562880")]
    public void Nv550_bytes_decode_to_the_documented_imei_and_back(string nvHex, string imei)
    {
        byte[] nv = Hex.Bytes(nvHex);
        Assert.Equal(ImeiError.None, Imei.TryDecode(nv, out string? decoded));
        Assert.Equal(imei, decoded);
        Assert.Equal(nv, Imei.Encode(imei));
    }

    [Fact]
    public void Decoding_ignores_the_rest_of_the_128_byte_nv_data()
    {
        byte[] data = new byte[128];
        Imei.Encode("356875001562880").CopyTo(data, 0);
        Assert.Equal(ImeiError.None, Imei.TryDecode(data, out string? imei));
        Assert.Equal("356875001562880", imei);
    }

    [Theory]
    [InlineData("35687500156288", ImeiError.WrongLength)]
    [InlineData("3568750015628801", ImeiError.WrongLength)]
    [InlineData("35687500156288x", ImeiError.NonDigit)]
    [InlineData("", ImeiError.WrongLength)]
    public void Encoding_rejects_text_that_is_not_fifteen_digits(string imei, ImeiError expected)
    {
        Assert.Equal(expected, Imei.TryEncode(imei, new byte[9]));
        Assert.Throws<ArgumentException>(() => Imei.Encode(imei));
    }

    [Theory]
    [InlineData("093A65780510658208", ImeiError.BadLengthByte)]
    [InlineData("083B65780510658208", ImeiError.BadTypeNibble)]
    [InlineData("083A6578051065820F", ImeiError.BadNibble)]
    [InlineData("08FA65780510658208", ImeiError.BadNibble)]
    [InlineData("083A657805106582", ImeiError.Truncated)]
    public void Decoding_reports_why_bad_nv_bytes_are_not_an_imei(string nvHex, ImeiError expected)
    {
        Assert.Equal(expected, Imei.TryDecode(Hex.Bytes(nvHex), out string? imei));
        Assert.Null(imei);
    }

    [Theory]
    [InlineData("990016878573987", true)]
    [InlineData("356875001562888", true)]
    // the DEVICES.md §6 round-trip vector is a computed example, not a Luhn-valid IMEI
    [InlineData("356875001562880", false)]
    [InlineData("79927398713", true)]
    [InlineData("12a", false)]
    public void The_luhn_check_accepts_only_valid_check_digits(string digits, bool valid)
    {
        Assert.Equal(valid, Imei.IsLuhnValid(digits));
    }

    [Fact]
    public void The_luhn_check_digit_completes_an_imei()
    {
        Assert.Equal(8, Imei.LuhnCheckDigit("35687500156288"));
        Assert.Equal(7, Imei.LuhnCheckDigit("99001687857398"));
    }

    [Theory]
    [InlineData("356875001562880", "35687500*****80")]
    [InlineData(" 354613020123442 ", "35461302*****42")]
    [InlineData("1234567890", "**********")]
    [InlineData("123", "***")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Masking_keeps_the_TAC_and_the_last_two_digits(string? imei, string masked)
    {
        Assert.Equal(masked, Imei.Mask(imei));
    }
}
