using ZteDiag.Protocol.Sms;

namespace ZteDiag.Protocol.Tests.Sms;

/// <summary>PDUs from the TS 23.040 layout, written out by hand (and the two classic published examples).</summary>
public class SmsPduTests
{
    [Fact]
    public void The_published_sms_deliver_example_decodes_field_by_field()
    {
        // SMSC +27381000015, from 27838890001 (TON subscriber), PID 0, DCS 0, 1999-03-29 15:16:59 GMT+2, "hellohello".
        const string pdu = "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37";
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(pdu, out var sms));
        Assert.Equal(SmsPduKind.Deliver, sms!.Kind);
        Assert.Equal("+27381000015", sms.ServiceCentre!.Number);
        Assert.Equal("27838890001", sms.Address.Number);
        Assert.Equal(0xC8, sms.Address.TypeOfAddress);
        Assert.Equal(new DateTimeOffset(1999, 3, 29, 15, 16, 59, TimeSpan.FromHours(2)), sms.Timestamp);
        Assert.Equal(SmsAlphabet.Gsm7, sms.Alphabet);
        Assert.Equal("hellohello", sms.Text);
        Assert.Null(sms.Part);
    }

    [Fact]
    public void The_encoder_writes_the_published_sms_submit_example()
    {
        var parts = SmsSubmitEncoder.Encode("+46708251358", "hellohello");
        var part = Assert.Single(parts);
        Assert.Equal("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", part.Hex);
        Assert.Equal(23, part.TpduLength); // AT+CMGS=23

        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParse(part.Pdu, out var sms));
        Assert.Equal(SmsPduKind.Submit, sms!.Kind);
        Assert.Equal("+46708251358", sms.Address.Number);
        Assert.Equal("hellohello", sms.Text);
    }

    [Fact]
    public void An_alphanumeric_sender_is_decoded()
    {
        // OA: 7 semi-octets, TOA D0 (alphanumeric), "Test" packed = D4F29C0E; tz 0x0A = -05:00.
        const string pdu = "00" + "04" + "07D0D4F29C0E" + "00" + "00" + "2110219135000A" + "02" + "C834";
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(pdu, out var sms));
        Assert.Null(sms!.ServiceCentre);
        Assert.Equal("Test", sms.Address.Number);
        Assert.Equal(5, sms.Address.TypeOfNumber);
        Assert.Equal(new DateTimeOffset(2012, 1, 12, 19, 53, 0, TimeSpan.FromHours(-5)), sms.Timestamp);
        Assert.Equal("Hi", sms.Text);
    }

    [Fact]
    public void A_ucs2_part_with_a_16_bit_reference_carries_its_position()
    {
        // FO 0x44 (deliver, UDHI), OA +79161234567, DCS 08, UDL 0x0B: UDH 06 08 04 1234 02 01, then "Бал".
        const string pdu = "00" + "44" + "0B919761214365F7" + "00" + "08" + "62201131000080" + "0D" + "060804123402010411043004" + "3B";
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(pdu, out var sms));
        Assert.Equal("+79161234567", sms!.Address.Number);
        Assert.Equal(SmsAlphabet.Ucs2, sms.Alphabet);
        Assert.Equal(new SmsPartInfo(0x1234, 2, 1), sms.Part);
        Assert.Equal("Бал", sms.Text);
    }

    [Fact]
    public void A_gsm7_part_skips_the_header_and_its_fill_bit()
    {
        // UDH 05 00 03 CC 02 02 (6 octets = 7 septets with 1 fill bit), then "hi" = D0 69; UDL 9.
        const string pdu = "00" + "40" + "0B919761214365F7" + "00" + "00" + "62201131000080" + "09" + "050003CC0202D069";
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(pdu, out var sms));
        Assert.Equal(new SmsPartInfo(0xCC, 2, 2), sms!.Part);
        Assert.Equal("hi", sms.Text);
    }

    [Fact]
    public void Parts_are_joined_in_order_and_a_missing_one_is_named()
    {
        var parts = SmsSubmitEncoder.Encode("+79161234567", new string('x', 200) + "€", reference: 7);
        Assert.Equal(2, parts.Count);
        var decoded = parts.Select((p, i) => (Index: 10 + i, Pdu: Parse(p.Pdu))).Reverse().ToList();

        var whole = Assert.Single(SmsConcatenation.Join(decoded));
        Assert.True(whole.Complete);
        Assert.Equal(new string('x', 200) + "€", whole.Text);
        Assert.Equal([10, 11], whole.Indexes);

        var half = Assert.Single(SmsConcatenation.Join(decoded.Take(1)));
        Assert.Equal([1], half.MissingParts);
        Assert.StartsWith("[…]", half.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_unicode_text_is_split_into_67_character_parts()
    {
        var parts = SmsSubmitEncoder.Encode("12345", new string('Ж', 140));
        Assert.Equal(3, parts.Count);
        Assert.Equal("Ж", Parse(parts[0].Pdu).Text[..1]);
        Assert.Equal(67, Parse(parts[0].Pdu).Text.Length);
        Assert.Equal(6, Parse(parts[2].Pdu).Text.Length);
    }

    [Theory]
    [InlineData("", SmsPduStatus.Malformed)]
    [InlineData("0", SmsPduStatus.Malformed)]
    [InlineData("ZZ", SmsPduStatus.Malformed)]
    [InlineData("07917283010010", SmsPduStatus.Truncated)] // SMSC field cut short
    [InlineData("0004", SmsPduStatus.Truncated)]
    [InlineData("00040BC87238880900F10000993092516195800AE832", SmsPduStatus.Truncated)] // UDL claims 10 septets
    [InlineData("00040BC87238880900F100009913925161958000", SmsPduStatus.Malformed)] // month 31
    [InlineData("0002", SmsPduStatus.Unsupported)] // status report
    [InlineData("0C91", SmsPduStatus.Malformed)] // SMSC longer than 11 octets
    [InlineData("00041F91", SmsPduStatus.Malformed)] // 31 digits
    public void Bad_pdus_give_a_typed_status(string hex, SmsPduStatus expected)
    {
        Assert.Equal(expected, SmsPdu.TryParseHex(hex, out var sms));
        Assert.Null(sms);
    }

    private static SmsPdu Parse(byte[] pdu)
    {
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParse(pdu, out var sms));
        return sms!;
    }
}
