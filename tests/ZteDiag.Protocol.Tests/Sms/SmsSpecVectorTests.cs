using ZteDiag.Protocol.Sms;

namespace ZteDiag.Protocol.Tests.Sms;

/// <summary>
/// More vectors: the published "How are you?" SMS-DELIVER and the data coding scheme groups of TS 23.038 §4,
/// each octet read off the standard's table rather than produced by our encoder.
/// </summary>
public class SmsSpecVectorTests
{
    [Fact]
    public void The_published_how_are_you_deliver_decodes_and_its_zone_octet_08_is_minus_zero()
    {
        // SMSC 07 91 13 26 04 00 00 F0; FO 04; OA 0B 91 13 46 61 00 89 F6; PID 00; DCS 00;
        // SCTS 20 80 62 91 73 14 08; UDL 0C; 11 octets of 12 packed septets.
        const string pdu = "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07";
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(pdu, out var sms));
        Assert.Equal("+31624000000", sms!.ServiceCentre!.Number);
        Assert.Equal("+31641600986", sms.Address.Number);
        Assert.Equal(0x91, sms.Address.TypeOfAddress);
        Assert.Equal("How are you?", sms.Text);
        // TS 23.040 §9.2.3.11: the zone's first (low) semi-octet carries the sign in bit 3, so 0x08 is "-0 quarters",
        // i.e. UTC; decoders that read it as 0x80 (8 quarters, +02:00) have the semi-octets the wrong way round.
        Assert.Equal(new DateTimeOffset(2002, 8, 26, 19, 37, 41, TimeSpan.Zero), sms.Timestamp);
    }

    [Fact]
    public void A_submit_with_an_absolute_validity_period_skips_its_seven_octets()
    {
        // FO 19: SMS-SUBMIT (01) with TP-VPF 11 (absolute, bits 4-3) → 7 octets of TP-VP before TP-UDL.
        const string pdu = "00" + "19" + "00" + "0B916407281553F8" + "00" + "00" + "99309251619580" + "0A" + "E8329BFD4697D9EC37";
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(pdu, out var sms));
        Assert.Equal(SmsPduKind.Submit, sms!.Kind);
        Assert.Equal("+46708251358", sms.Address.Number);
        Assert.Equal("hellohello", sms.Text);
        Assert.Null(sms.Timestamp);
    }

    [Theory]
    [InlineData(0x00, SmsAlphabet.Gsm7)] // 00xx general coding, no class
    [InlineData(0x04, SmsAlphabet.EightBit)]
    [InlineData(0x08, SmsAlphabet.Ucs2)]
    [InlineData(0x10, SmsAlphabet.Gsm7)] // class 0 ("flash") in the default alphabet
    [InlineData(0x18, SmsAlphabet.Ucs2)] // class 0 in UCS2
    [InlineData(0x48, SmsAlphabet.Ucs2)] // 01xx: marked for automatic deletion, UCS2
    [InlineData(0xC8, SmsAlphabet.Gsm7)] // 1100: message waiting, discard, default alphabet
    [InlineData(0xD9, SmsAlphabet.Gsm7)] // 1101: message waiting, store, default alphabet
    [InlineData(0xE8, SmsAlphabet.Ucs2)] // 1110: message waiting, store, UCS2
    [InlineData(0xF0, SmsAlphabet.Gsm7)] // 1111: class 0, default alphabet
    [InlineData(0xF6, SmsAlphabet.EightBit)] // 1111: class 2 (SIM), 8-bit data
    [InlineData(0x80, SmsAlphabet.Gsm7)] // reserved group: receivers assume the default alphabet
    public void Each_data_coding_group_selects_its_alphabet(int dcs, SmsAlphabet expected) =>
        Assert.Equal(expected, DataCodingScheme.ForSms(dcs));

    [Theory]
    [InlineData(0x20)] // 001x: compressed
    [InlineData(0x0C)] // 00xx with alphabet bits 11: reserved
    public void Compressed_or_reserved_alphabets_are_not_guessed(int dcs) => Assert.Null(DataCodingScheme.ForSms(dcs));

    [Fact]
    public void A_class_0_ucs2_deliver_decodes_its_text()
    {
        // DCS 18 (class 0, UCS2); UDL 04: "Да" = 0414 0430; SCTS 2024-01-02 03:04:05, zone 09 → -2:30 (low semi-octet 1 with the sign bit, high 0: 10 quarters).
        const string pdu = "00" + "04" + "0391" + "21F3" + "00" + "18" + "42102030405009" + "04" + "04140430";
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(pdu, out var sms));
        Assert.Equal("+123", sms!.Address.Number);
        Assert.Equal("Да", sms.Text);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-150)), sms.Timestamp);
    }
}
