using ZteDiag.Protocol.Sms;

namespace ZteDiag.Emulator.At;

/// <summary>
/// Builds the SMS-DELIVER PDUs (TS 23.040 §9.2.2.1) the virtual network hands the stick: the user data of
/// <see cref="SmsSubmitEncoder"/> (GSM 7-bit or UCS2, split with an 8-bit reference when long) re-wrapped
/// behind a service-centre address, an originator and a time stamp.
/// </summary>
public static class SmsDeliverPdus
{
    /// <summary>The virtual operator's service centre (invented).</summary>
    public const string ServiceCentre = "+70000000001";

    /// <summary>One PDU per part, each starting with the service-centre field, as <c>AT+CMGR</c> shows it.</summary>
    /// <param name="originator">Sender number, optional leading <c>+</c>.</param>
    /// <param name="text">The message.</param>
    /// <param name="timestamp">Service-centre time stamp (seconds and quarter-hour time zones kept).</param>
    /// <param name="reference">Concatenation reference shared by the parts.</param>
    /// <exception cref="ArgumentException">The number is not digits.</exception>
    public static IReadOnlyList<byte[]> Build(string originator, string text, DateTimeOffset timestamp, byte reference = 0)
    {
        var parts = new List<byte[]>();
        foreach (SmsSubmitPart submit in SmsSubmitEncoder.Encode(originator, text, reference))
        {
            // submit: 00 | FO | MR | DA (digits, TOA, BCD) | PID | DCS | VP (1 octet) | UDL UD
            byte[] s = submit.Pdu;
            int addressLength = 2 + ((s[3] + 1) / 2);
            var pdu = new List<byte>();
            WriteServiceCentre(pdu, ServiceCentre);
            pdu.Add((byte)(0x04 | (s[1] & 0x40))); // SMS-DELIVER, no more messages waiting, UDHI as the submit had it
            pdu.AddRange(s.AsSpan(3, addressLength).ToArray()); // TP-OA has TP-DA's layout
            int i = 3 + addressLength;
            pdu.Add(s[i]); // TP-PID
            pdu.Add(s[i + 1]); // TP-DCS
            pdu.AddRange(Timestamp(timestamp));
            pdu.AddRange(s.AsSpan(i + 3).ToArray()); // TP-UDL and TP-UD (TP-VP left behind)
            parts.Add([.. pdu]);
        }

        return parts;
    }

    /// <summary>TP-SCTS: swapped BCD, the zone in quarter hours with bit 3 of its first digit as the sign (TS 23.040 §9.2.3.11).</summary>
    public static byte[] Timestamp(DateTimeOffset t)
    {
        int quarters = (int)(t.Offset.TotalMinutes / 15);
        byte zone = Swapped(Math.Abs(quarters));
        if (quarters < 0)
        {
            zone |= 0x08;
        }

        return [Swapped(t.Year % 100), Swapped(t.Month), Swapped(t.Day), Swapped(t.Hour), Swapped(t.Minute), Swapped(t.Second), zone];
    }

    private static byte Swapped(int twoDigits) => (byte)(((twoDigits % 10) << 4) | (twoDigits / 10));

    private static void WriteServiceCentre(List<byte> pdu, string number)
    {
        string digits = number.TrimStart('+');
        pdu.Add((byte)(1 + ((digits.Length + 1) / 2))); // octets, the type octet included
        pdu.Add(0x91);
        for (int i = 0; i < digits.Length; i += 2)
        {
            int low = digits[i] - '0';
            int high = i + 1 < digits.Length ? digits[i + 1] - '0' : 0xF;
            pdu.Add((byte)((high << 4) | low));
        }
    }
}
