namespace ZteDiag.Protocol.Sms;

/// <summary>The character set a data coding scheme selects (3GPP TS 23.038 §4 and §5).</summary>
public enum SmsAlphabet
{
    /// <summary>GSM 7-bit default alphabet, packed.</summary>
    Gsm7,
    /// <summary>8-bit data (shown as Latin-1 text).</summary>
    EightBit,
    /// <summary>UCS2 (UTF-16 big-endian).</summary>
    Ucs2,
}

/// <summary>Reads the alphabet out of a data coding scheme octet.</summary>
public static class DataCodingScheme
{
    /// <summary>SMS data coding scheme (TS 23.038 §4). Compressed text is reported as null.</summary>
    public static SmsAlphabet? ForSms(int dcs)
    {
        int group = (dcs >> 4) & 0x0F;
        switch (group)
        {
            case <= 0x7: // 00xx general coding, 01xx the same marked for automatic deletion
                if ((dcs & 0x20) != 0)
                {
                    return null; // compressed: not used by these sticks
                }

                return FromBits((dcs >> 2) & 0x03);
            case 0xC or 0xD: // message waiting indication, discard/store: GSM 7-bit
                return SmsAlphabet.Gsm7;
            case 0xE: // message waiting indication, store: UCS2
                return SmsAlphabet.Ucs2;
            case 0xF: // data coding/message class: bit 2 selects 8-bit
                return (dcs & 0x04) != 0 ? SmsAlphabet.EightBit : SmsAlphabet.Gsm7;
            default: // 1000…1011 reserved: the default alphabet, as 23.038 tells receivers to assume
                return SmsAlphabet.Gsm7;
        }
    }

    /// <summary>Cell-broadcast style scheme used by USSD (TS 23.038 §5); 15 is GSM 7-bit.</summary>
    public static SmsAlphabet UssdAlphabet(int dcs)
    {
        int group = (dcs >> 4) & 0x0F;
        return group switch
        {
            0x0 or 0x2 or 0x3 => SmsAlphabet.Gsm7, // languages, unspecified
            0x1 => (dcs & 0x0F) == 0x1 ? SmsAlphabet.Ucs2 : SmsAlphabet.Gsm7, // 0x10 GSM7 + language, 0x11 UCS2 + language
            >= 0x4 and <= 0x7 => FromBits((dcs >> 2) & 0x03) ?? SmsAlphabet.Gsm7,
            0x9 => FromBits((dcs >> 2) & 0x03) ?? SmsAlphabet.Gsm7, // message with user data header
            0xF => (dcs & 0x04) != 0 ? SmsAlphabet.EightBit : SmsAlphabet.Gsm7,
            _ => SmsAlphabet.Gsm7,
        };
    }

    private static SmsAlphabet? FromBits(int bits) => bits switch
    {
        0 => SmsAlphabet.Gsm7,
        1 => SmsAlphabet.EightBit,
        2 => SmsAlphabet.Ucs2,
        _ => null, // reserved
    };
}
