using ZteDiag.Device.At;

namespace ZteDiag.Device.Tests.At;

/// <summary>The pure rules of <see cref="SmsClient"/>: which numbers and texts go in which mode, text-mode time stamps.</summary>
public sealed class SmsClientRulesTests
{
    [Theory]
    [InlineData("10/03/12,09:15:00+12", 2010, 3, 12, 9, 15, 0, 180)]
    [InlineData("24/01/02,03:04:05-10", 2024, 1, 2, 3, 4, 5, -150)]
    [InlineData("99/12/31,23:59:59+00", 1999, 12, 31, 23, 59, 59, 0)]
    public void Text_mode_time_stamps_carry_the_zone_in_quarter_hours(string scts, int y, int mo, int d, int h, int mi, int s, int offsetMinutes) =>
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes)), SmsMessageView.ParseTextTimestamp(scts));

    [Theory]
    [InlineData("10/13/12,09:15:00+12")]
    [InlineData("10/03/12 09:15:00+12")]
    [InlineData("10/03/12,09:15:00")]
    [InlineData("10/03/12,09:15:00+99")]
    [InlineData("")]
    public void Anything_else_is_no_time_stamp(string scts) => Assert.Null(SmsMessageView.ParseTextTimestamp(scts));

    [Theory]
    [InlineData("Test from the bench", true)]
    [InlineData("line one\nline two", true)]
    [InlineData("café", false)] // Latin-1 on the wire would depend on the stick's character set
    [InlineData("Баланс", false)]
    [InlineData("a`b", false)] // ASCII but not in the GSM alphabet
    public void Only_plain_gsm_ascii_of_one_sms_goes_in_text_mode(string text, bool fits) =>
        Assert.Equal(fits, SmsClient.FitsTextMode(text));

    [Fact]
    public void Text_mode_stops_at_160_characters() =>
        Assert.False(SmsClient.FitsTextMode(new string('a', 161)));

    [Theory]
    [InlineData("+79161234567", true)]
    [InlineData("900", true)]
    [InlineData("+", false)]
    [InlineData("+7 916", false)]
    [InlineData("12345678901234567890123", false)]
    [InlineData("*100#", false)]
    public void Numbers_are_digits_with_an_optional_plus(string number, bool valid) =>
        Assert.Equal(valid, SmsClient.IsValidNumber(number));
}
