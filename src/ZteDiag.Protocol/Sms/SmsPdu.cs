using System.Text;

namespace ZteDiag.Protocol.Sms;

/// <summary>Which TPDU a message came in (TS 23.040 §9.2.3.1, TP-MTI).</summary>
public enum SmsPduKind
{
    /// <summary>SMS-DELIVER: a received message (originator address, time stamp).</summary>
    Deliver,
    /// <summary>SMS-SUBMIT: a message to send, or one stored as sent/unsent (destination address).</summary>
    Submit,
}

/// <summary>Position of one part of a concatenated message (TS 23.040 §9.2.3.24.1 and .8).</summary>
/// <param name="Reference">The reference shared by all parts.</param>
/// <param name="Total">Number of parts.</param>
/// <param name="Sequence">This part's number, from 1.</param>
public sealed record SmsPartInfo(int Reference, int Total, int Sequence);

/// <summary>
/// One SMS as carried in PDU mode (<c>AT+CMGF=0</c>): an optional service-centre address followed by an
/// SMS-DELIVER or SMS-SUBMIT TPDU (TS 23.040 §9.2.2).
/// </summary>
/// <param name="Kind">Deliver or submit.</param>
/// <param name="ServiceCentre">The SMSC address in front of the TPDU, null when absent (length 0).</param>
/// <param name="Address">Originator (deliver) or destination (submit).</param>
/// <param name="Timestamp">Service-centre time stamp of a deliver; null for a submit.</param>
/// <param name="Dcs">TP-DCS, the data coding scheme.</param>
/// <param name="Alphabet">The alphabet the DCS selects.</param>
/// <param name="Text">The decoded message text (without the user data header).</param>
/// <param name="Part">Concatenation information when the user data header has it.</param>
public sealed record SmsPdu(
    SmsPduKind Kind,
    SmsAddress? ServiceCentre,
    SmsAddress Address,
    DateTimeOffset? Timestamp,
    byte Dcs,
    SmsAlphabet Alphabet,
    string Text,
    SmsPartInfo? Part)
{
    /// <summary>Decodes the hex line of a <c>+CMGL</c>/<c>+CMGR</c> PDU-mode answer.</summary>
    public static SmsPduStatus TryParseHex(string? hex, out SmsPdu? value)
    {
        value = null;
        if (string.IsNullOrEmpty(hex) || hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
        {
            return SmsPduStatus.Malformed;
        }

        return TryParse(Convert.FromHexString(hex), out value);
    }

    /// <summary>Decodes a PDU that starts with the service-centre field, as modems give it. Never throws.</summary>
    public static SmsPduStatus TryParse(ReadOnlySpan<byte> pdu, out SmsPdu? value)
    {
        value = null;
        var reader = new PduReader(pdu);
        var status = SmsAddress.TryReadServiceCentre(ref reader, out var sca);
        if (status != SmsPduStatus.Ok)
        {
            return status;
        }

        if (!reader.TryByte(out byte first))
        {
            return SmsPduStatus.Truncated;
        }

        return (first & 0x03) switch
        {
            0 => ParseDeliver(ref reader, first, sca, out value),
            1 => ParseSubmit(ref reader, first, sca, out value),
            _ => SmsPduStatus.Unsupported, // status report or command
        };
    }

    private static SmsPduStatus ParseDeliver(ref PduReader reader, byte first, SmsAddress? sca, out SmsPdu? value)
    {
        value = null;
        var status = SmsAddress.TryReadTp(ref reader, out var originator);
        if (status != SmsPduStatus.Ok)
        {
            return status;
        }

        if (!reader.TryByte(out _) || !reader.TryByte(out byte dcs) || !reader.TrySlice(7, out var scts))
        {
            return SmsPduStatus.Truncated;
        }

        if (!SmsTimestamp.TryParse(scts, out var timestamp))
        {
            return SmsPduStatus.Malformed;
        }

        status = SmsUserData.TryRead(ref reader, dcs, (first & 0x40) != 0, out string text, out var part, out var alphabet);
        if (status == SmsPduStatus.Ok)
        {
            value = new SmsPdu(SmsPduKind.Deliver, sca, originator!, timestamp, dcs, alphabet, text, part);
        }

        return status;
    }

    private static SmsPduStatus ParseSubmit(ref PduReader reader, byte first, SmsAddress? sca, out SmsPdu? value)
    {
        value = null;
        if (!reader.TryByte(out _)) // TP-MR
        {
            return SmsPduStatus.Truncated;
        }

        var status = SmsAddress.TryReadTp(ref reader, out var destination);
        if (status != SmsPduStatus.Ok)
        {
            return status;
        }

        int validityLength = ((first >> 3) & 0x03) switch { 0 => 0, 2 => 1, _ => 7 }; // TP-VPF
        if (!reader.TryByte(out _) || !reader.TryByte(out byte dcs) || !reader.TrySlice(validityLength, out _))
        {
            return SmsPduStatus.Truncated;
        }

        status = SmsUserData.TryRead(ref reader, dcs, (first & 0x40) != 0, out string text, out var part, out var alphabet);
        if (status == SmsPduStatus.Ok)
        {
            value = new SmsPdu(SmsPduKind.Submit, sca, destination!, null, dcs, alphabet, text, part);
        }

        return status;
    }
}

/// <summary>TP-SCTS: seven swapped-BCD octets, the last a time zone in quarter hours (TS 23.040 §9.2.3.11).</summary>
internal static class SmsTimestamp
{
    public static bool TryParse(ReadOnlySpan<byte> scts, out DateTimeOffset? value)
    {
        value = null;
        Span<int> f = stackalloc int[6];
        for (int i = 0; i < 6; i++)
        {
            int low = scts[i] & 0x0F, high = scts[i] >> 4;
            if (low > 9 || high > 9)
            {
                return false;
            }

            f[i] = (low * 10) + high;
        }

        int tzLow = scts[6] & 0x0F, tzHigh = scts[6] >> 4;
        if ((tzLow & 0x07) > 9 || tzHigh > 9)
        {
            return false;
        }

        int quarters = ((tzLow & 0x07) * 10) + tzHigh;
        var offset = TimeSpan.FromMinutes(quarters * 15 * ((tzLow & 0x08) != 0 ? -1 : 1));
        if (f[1] is < 1 or > 12 || f[2] < 1 || f[2] > DateTime.DaysInMonth(Year(f[0]), f[1]) ||
            f[3] > 23 || f[4] > 59 || f[5] > 59 || offset.Duration() > TimeSpan.FromHours(14))
        {
            return false;
        }

        value = new DateTimeOffset(Year(f[0]), f[1], f[2], f[3], f[4], f[5], offset);
        return true;
    }

    // Two-digit years: the standard has no century; sticks of this era date from 1999 on.
    private static int Year(int yy) => yy >= 90 ? 1900 + yy : 2000 + yy;
}

/// <summary>TP-UDL and TP-UD with an optional user data header (TS 23.040 §9.2.3.16, §9.2.3.24).</summary>
internal static class SmsUserData
{
    public static SmsPduStatus TryRead(ref PduReader reader, byte dcs, bool hasHeader, out string text, out SmsPartInfo? part, out SmsAlphabet alphabet)
    {
        text = string.Empty;
        part = null;
        alphabet = SmsAlphabet.Gsm7;
        if (DataCodingScheme.ForSms(dcs) is not SmsAlphabet a)
        {
            return SmsPduStatus.Unsupported;
        }

        alphabet = a;
        if (!reader.TryByte(out byte udl))
        {
            return SmsPduStatus.Truncated;
        }

        ReadOnlySpan<byte> ud = reader.Rest;
        int udOctets = a == SmsAlphabet.Gsm7 ? ((udl * 7) + 7) / 8 : udl;
        if (ud.Length < udOctets)
        {
            return SmsPduStatus.Truncated;
        }

        ud = ud[..udOctets];
        int headerOctets = 0;
        if (hasHeader)
        {
            if (ud.Length < 1 || ud[0] + 1 > ud.Length)
            {
                return SmsPduStatus.Malformed;
            }

            headerOctets = ud[0] + 1;
            part = ReadConcatenation(ud[1..headerOctets]);
        }

        if (a == SmsAlphabet.Gsm7)
        {
            int headerBits = headerOctets * 8;
            int headerSeptets = (headerBits + 6) / 7;
            int fill = (headerSeptets * 7) - headerBits;
            if (udl < headerSeptets ||
                !Gsm7Packing.TryUnpack(ud[headerOctets..], udl - headerSeptets, fill, out byte[] septets))
            {
                return SmsPduStatus.Malformed;
            }

            text = Gsm7Alphabet.Decode(septets);
            return SmsPduStatus.Ok;
        }

        ReadOnlySpan<byte> body = ud[headerOctets..];
        if (a == SmsAlphabet.Ucs2)
        {
            if (body.Length % 2 != 0)
            {
                return SmsPduStatus.Malformed;
            }

            text = Encoding.BigEndianUnicode.GetString(body);
        }
        else
        {
            text = Encoding.Latin1.GetString(body);
        }

        return SmsPduStatus.Ok;
    }

    private static SmsPartInfo? ReadConcatenation(ReadOnlySpan<byte> elements)
    {
        int i = 0;
        while (i + 2 <= elements.Length)
        {
            byte iei = elements[i];
            int length = elements[i + 1];
            if (i + 2 + length > elements.Length)
            {
                return null;
            }

            ReadOnlySpan<byte> data = elements.Slice(i + 2, length);
            if (iei == 0x00 && length == 3 && data[1] > 0 && data[2] > 0 && data[2] <= data[1])
            {
                return new SmsPartInfo(data[0], data[1], data[2]);
            }

            if (iei == 0x08 && length == 4 && data[2] > 0 && data[3] > 0 && data[3] <= data[2])
            {
                return new SmsPartInfo((data[0] << 8) | data[1], data[2], data[3]);
            }

            i += 2 + length;
        }

        return null;
    }
}
