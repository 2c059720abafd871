using ZteDiag.Protocol.At;

namespace ZteDiag.Protocol.Tests.At;

public class AtFinalResultTests
{
    [Theory]
    [InlineData("OK", AtFinalKind.Ok, null, null)]
    [InlineData("ERROR", AtFinalKind.Error, null, null)]
    [InlineData("+CME ERROR: 10", AtFinalKind.CmeError, 10, null)]
    [InlineData("+CMS ERROR: 330", AtFinalKind.CmsError, 330, null)]
    [InlineData("NO CARRIER", AtFinalKind.NoCarrier, null, null)]
    [InlineData("CONNECT", AtFinalKind.Connect, null, null)]
    [InlineData("CONNECT 7200000", AtFinalKind.Connect, null, "7200000")]
    [InlineData("BUSY", AtFinalKind.Busy, null, null)]
    [InlineData("NO ANSWER", AtFinalKind.NoAnswer, null, null)]
    [InlineData("NO DIALTONE", AtFinalKind.NoDialtone, null, null)]
    [InlineData("+CME ERROR: SIM not inserted", AtFinalKind.CmeError, 10, "SIM not inserted")]
    [InlineData("+CME ERROR: something odd", AtFinalKind.CmeError, null, "something odd")]
    public void Final_result_lines_parse_to_kind_code_and_detail(string line, AtFinalKind kind, int? code, string? detail)
    {
        Assert.True(AtFinalResult.TryParse(line, out var r));
        Assert.Equal(new AtFinalResult(kind, code, detail), r);
    }

    [Theory]
    [InlineData("+CSQ: 12,99")]
    [InlineData("OKAY")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("+ZUSIMR:2")]
    public void Other_lines_are_not_final_results(string? line)
    {
        Assert.False(AtFinalResult.TryParse(line, out var r));
        Assert.Null(r);
    }

    [Theory]
    [InlineData("OK", true)]
    [InlineData("CONNECT 7200000", true)]
    [InlineData("ERROR", false)]
    [InlineData("+CMS ERROR: 500", false)]
    [InlineData("NO CARRIER", false)]
    public void Only_OK_and_CONNECT_are_success(string line, bool success)
    {
        AtFinalResult.TryParse(line, out var r);
        Assert.Equal(success, r!.IsSuccess);
    }

    [Theory]
    [InlineData(AtFinalKind.CmeError, 0, "phone failure")]
    [InlineData(AtFinalKind.CmeError, 10, "SIM not inserted")]
    [InlineData(AtFinalKind.CmeError, 11, "SIM PIN required")]
    [InlineData(AtFinalKind.CmeError, 14, "SIM busy")]
    [InlineData(AtFinalKind.CmeError, 30, "no network service")]
    [InlineData(AtFinalKind.CmeError, 100, "unknown")]
    [InlineData(AtFinalKind.CmeError, 149, "PDP authentication failure")]
    [InlineData(AtFinalKind.CmsError, 300, "ME failure")]
    [InlineData(AtFinalKind.CmsError, 310, "SIM not inserted")]
    [InlineData(AtFinalKind.CmsError, 321, "invalid memory index")]
    [InlineData(AtFinalKind.CmsError, 322, "memory full")]
    [InlineData(AtFinalKind.CmsError, 330, "SMSC address unknown")]
    [InlineData(AtFinalKind.CmsError, 500, "unknown error")]
    [InlineData(AtFinalKind.CmeError, 9999, "CME error 9999")]
    public void Error_codes_from_DEVICES_section_3_6_have_human_text(AtFinalKind kind, int code, string text)
    {
        Assert.Equal(text, AtErrorText.Describe(kind, code));
    }

    [Fact]
    public void Describe_adds_the_text_to_the_numeric_line()
    {
        Assert.Equal("+CME ERROR: 10 (SIM not inserted)", new AtFinalResult(AtFinalKind.CmeError, 10).Describe());
    }
}
