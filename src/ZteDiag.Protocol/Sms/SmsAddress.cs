using System.Text;

namespace ZteDiag.Protocol.Sms;

/// <summary>
/// An originator, destination or service-centre address (3GPP TS 23.040 §9.1.2.5): a type-of-address
/// octet and swapped BCD digits, or packed GSM 7-bit text for alphanumeric senders.
/// </summary>
/// <param name="Number">Digits with a leading <c>+</c> when international, or the sender's name.</param>
/// <param name="TypeOfAddress">The raw type-of-address octet (0x91 international/ISDN, 0x81 unknown, 0xD0 alphanumeric).</param>
public sealed record SmsAddress(string Number, byte TypeOfAddress)
{
    private const string Digits = "0123456789*#abc";

    /// <summary>Type of number: bits 6…4 of the type-of-address octet (1 international, 5 alphanumeric).</summary>
    public int TypeOfNumber => (TypeOfAddress >> 4) & 0x07;

    /// <summary>Reads an address field whose length counts digits (TP-OA/TP-DA).</summary>
    internal static SmsPduStatus TryReadTp(ref PduReader reader, out SmsAddress? address)
    {
        address = null;
        if (!reader.TryByte(out byte digits) || !reader.TryByte(out byte toa))
        {
            return SmsPduStatus.Truncated;
        }

        if (digits > 20)
        {
            return SmsPduStatus.Malformed;
        }

        if (!reader.TrySlice((digits + 1) / 2, out var value))
        {
            return SmsPduStatus.Truncated;
        }

        return Decode(value, digits, toa, out address);
    }

    /// <summary>Reads the service-centre field whose length counts octets (type octet included); null when 0.</summary>
    internal static SmsPduStatus TryReadServiceCentre(ref PduReader reader, out SmsAddress? address)
    {
        address = null;
        if (!reader.TryByte(out byte octets))
        {
            return SmsPduStatus.Truncated;
        }

        if (octets == 0)
        {
            return SmsPduStatus.Ok;
        }

        if (octets > 11)
        {
            return SmsPduStatus.Malformed;
        }

        if (!reader.TryByte(out byte toa) || !reader.TrySlice(octets - 1, out var value))
        {
            return SmsPduStatus.Truncated;
        }

        return Decode(value, value.Length * 2, toa, out address);
    }

    /// <summary>Writes TP-DA for a number such as <c>+46708251358</c>.</summary>
    internal static void WriteTp(List<byte> pdu, string number)
    {
        bool international = number.StartsWith('+');
        string digits = international ? number[1..] : number;
        if (digits.Length is 0 or > 20 || !digits.All(c => Digits.Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{number}' is not a phone number (digits, *, #, optional leading +).", nameof(number));
        }

        pdu.Add((byte)digits.Length);
        pdu.Add(international ? (byte)0x91 : (byte)0x81);
        for (int i = 0; i < digits.Length; i += 2)
        {
            int low = Digits.IndexOf(digits[i], StringComparison.Ordinal);
            int high = i + 1 < digits.Length ? Digits.IndexOf(digits[i + 1], StringComparison.Ordinal) : 0xF;
            pdu.Add((byte)((high << 4) | low));
        }
    }

    private static SmsPduStatus Decode(ReadOnlySpan<byte> value, int digits, byte toa, out SmsAddress? address)
    {
        address = null;
        if (((toa >> 4) & 0x07) == 5)
        {
            // Alphanumeric: the length counts semi-octets of packed GSM 7-bit text.
            if (!Gsm7Packing.TryUnpack(value, digits * 4 / 7, 0, out byte[] septets))
            {
                return SmsPduStatus.Malformed;
            }

            address = new SmsAddress(Gsm7Alphabet.Decode(septets), toa);
            return SmsPduStatus.Ok;
        }

        var text = new StringBuilder(digits + 1);
        if (((toa >> 4) & 0x07) == 1)
        {
            text.Append('+');
        }

        for (int i = 0; i < digits; i++)
        {
            int nibble = (i % 2 == 0) ? value[i / 2] & 0x0F : value[i / 2] >> 4;
            if (nibble == 0xF)
            {
                break; // filler of an odd digit count (and of service-centre fields)
            }

            text.Append(Digits[nibble]);
        }

        address = new SmsAddress(text.ToString(), toa);
        return SmsPduStatus.Ok;
    }
}
