namespace ZteDiag.Protocol.Sms;

/// <summary>One SMS-SUBMIT ready for <c>AT+CMGS=&lt;length&gt;</c> in PDU mode.</summary>
/// <param name="Pdu">The octets to send as hex: a zero service-centre length (use the SIM's SMSC), then the TPDU.</param>
/// <param name="TpduLength">The length <c>AT+CMGS</c> takes: octets after the service-centre field.</param>
public sealed record SmsSubmitPart(byte[] Pdu, int TpduLength)
{
    /// <summary>The PDU as the upper-case hex line the modem expects after the <c>&gt; </c> prompt.</summary>
    public string Hex => Convert.ToHexString(Pdu);
}

/// <summary>
/// Builds SMS-SUBMIT TPDUs (TS 23.040 §9.2.2.2): GSM 7-bit when the text allows it, UCS2 otherwise,
/// split into concatenated parts with an 8-bit reference when it does not fit one message.
/// </summary>
public static class SmsSubmitEncoder
{
    private const int Gsm7Single = 160, Gsm7Part = 153, Ucs2Single = 70, Ucs2Part = 67, MaxParts = 255;

    /// <summary>Encodes <paramref name="text"/> for <paramref name="destination"/>.</summary>
    /// <param name="destination">Number with optional leading <c>+</c>.</param>
    /// <param name="text">The message.</param>
    /// <param name="reference">Concatenation reference (any byte; the same for all parts of one message).</param>
    public static IReadOnlyList<SmsSubmitPart> Encode(string destination, string text, byte reference = 0)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(text);
        bool gsm7 = Gsm7Alphabet.TryEncode(text, out byte[] septets);
        List<byte[]> chunks = gsm7 ? SplitSeptets(septets) : SplitUcs2(text);
        if (chunks.Count > MaxParts)
        {
            throw new ArgumentException($"The message needs {chunks.Count} parts; at most {MaxParts} can be joined.", nameof(text));
        }

        var parts = new List<SmsSubmitPart>(chunks.Count);
        for (int i = 0; i < chunks.Count; i++)
        {
            byte[]? header = chunks.Count == 1 ? null : [0x05, 0x00, 0x03, reference, (byte)chunks.Count, (byte)(i + 1)];
            parts.Add(Build(destination, gsm7, chunks[i], header));
        }

        return parts;
    }

    private static SmsSubmitPart Build(string destination, bool gsm7, byte[] chunk, byte[]? header)
    {
        var pdu = new List<byte> { 0x00 }; // no SMSC: the modem uses the one on the SIM
        int tpduStart = pdu.Count;
        pdu.Add((byte)(0x11 | (header is null ? 0 : 0x40))); // SMS-SUBMIT, relative validity, UDHI
        pdu.Add(0x00); // TP-MR: the modem assigns it
        SmsAddress.WriteTp(pdu, destination);
        pdu.Add(0x00); // TP-PID: plain SME-to-SME
        pdu.Add(gsm7 ? (byte)0x00 : (byte)0x08); // TP-DCS
        pdu.Add(0xAA); // TP-VP: 4 days
        int headerOctets = header?.Length ?? 0;
        if (gsm7)
        {
            int headerSeptets = ((headerOctets * 8) + 6) / 7;
            int fill = (headerSeptets * 7) - (headerOctets * 8);
            pdu.Add((byte)(headerSeptets + chunk.Length));
            if (header is not null)
            {
                pdu.AddRange(header);
            }

            pdu.AddRange(Gsm7Packing.Pack(chunk, fill));
        }
        else
        {
            pdu.Add((byte)(headerOctets + chunk.Length));
            if (header is not null)
            {
                pdu.AddRange(header);
            }

            pdu.AddRange(chunk);
        }

        return new SmsSubmitPart([.. pdu], pdu.Count - tpduStart);
    }

    private static List<byte[]> SplitSeptets(byte[] septets)
    {
        if (septets.Length <= Gsm7Single)
        {
            return [septets];
        }

        var chunks = new List<byte[]>();
        int i = 0;
        while (i < septets.Length)
        {
            int take = Math.Min(Gsm7Part, septets.Length - i);
            // Never split an escape from the character it selects.
            if (take < septets.Length - i && septets[i + take - 1] == Gsm7Alphabet.Escape)
            {
                take--;
            }

            chunks.Add(septets[i..(i + take)]);
            i += take;
        }

        return chunks;
    }

    private static List<byte[]> SplitUcs2(string text)
    {
        var chunks = new List<byte[]>();
        int single = text.Length <= Ucs2Single ? Ucs2Single : Ucs2Part;
        for (int i = 0; i < text.Length;)
        {
            int take = Math.Min(single, text.Length - i);
            // Keep surrogate pairs in one part.
            if (take < text.Length - i && char.IsHighSurrogate(text[i + take - 1]))
            {
                take--;
            }

            chunks.Add(System.Text.Encoding.BigEndianUnicode.GetBytes(text.Substring(i, take)));
            i += take;
        }

        return chunks.Count == 0 ? [[]] : chunks;
    }
}
